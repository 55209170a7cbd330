"""The linkage secret and the keyed tokens made with it.

The secret comes from settings.LINKAGE_SECRETS (SCHAKEL_LINKAGE_SECRETS, newest first); when it
is empty it is derived from the index key (HMAC with a fixed label), so a fresh installation
links without extra configuration and the search and linkage domains still never share a key.
It never enters the database and never leaves the installation: the exchange between
installations uses a fresh random scalar per exchange instead (exchange.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Secret:
    key_id: str
    key: bytes


def _derived_from_index_key() -> bytes:
    return hmac.new(settings.INDEX_KEY.encode("utf-8"), b"schakel-linkage-secret-v1", hashlib.sha256).digest()


def secrets() -> list[Secret]:
    """Configured secrets, newest first (the derived one when none is configured)."""
    raws = [s.strip().encode("utf-8") for s in (settings.LINKAGE_SECRETS or []) if s.strip()]
    if not raws:
        raws = [_derived_from_index_key()]
    return [Secret(key_id=hashlib.sha256(b"linkage-key-id" + raw).hexdigest()[:8], key=raw) for raw in raws]


def current() -> Secret:
    return secrets()[0]


def subkey(secret: Secret, purpose: str) -> bytes:
    """A key for one purpose (tokens, Bloom filters, blocking), so no two purposes share one."""
    return hmac.new(secret.key, f"schakel-linkage\x1f{purpose}".encode("utf-8"), hashlib.sha256).digest()


def token(kind: str, value: str, secret: Secret | None = None) -> str:
    """The keyed token of one normalised identifier: 32 base32 characters (160 bits)."""
    key = subkey(secret or current(), "token")
    digest = hmac.new(key, f"{kind}\x1f{value}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode("ascii").rstrip("=").lower()
