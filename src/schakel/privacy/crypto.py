"""Authenticated encryption of values at rest (AES-256-GCM) and keyed search tokens (HMAC).

Ciphertext format: "v1:<key id>:<base64(nonce || ciphertext+tag)>". The key id is the first
8 hex characters of SHA-256 of the key, so rotation can tell which key sealed a value.
Keys come from settings.ENCRYPTION_KEYS (newest first), never from the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "v1"


class DecryptionError(Exception):
    """A stored value could not be opened with any configured key (tampered or unknown key)."""


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> tuple[tuple[str, AESGCM], ...]:
    ring = []
    for encoded in keys:
        raw = base64.b64decode(encoded)
        if len(raw) != 32:
            raise ValueError("every encryption key must be 32 bytes, base64-encoded")
        ring.append((_key_id(raw), AESGCM(raw)))
    return tuple(ring)


def keyring() -> tuple[tuple[str, AESGCM], ...]:
    return _keyring(tuple(settings.ENCRYPTION_KEYS))


def current_key_id() -> str:
    return keyring()[0][0]


def encrypt(plaintext: str, *, associated_data: bytes = b"") -> str:
    key_id, aead = keyring()[0]
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), associated_data or None)
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def decrypt(token: str, *, associated_data: bytes = b"") -> str:
    try:
        prefix, key_id, body = token.split(":", 2)
        blob = base64.b64decode(body)
    except (ValueError, TypeError) as exc:
        raise DecryptionError("malformed ciphertext") from exc
    if prefix != PREFIX:
        raise DecryptionError("unknown ciphertext version")
    for candidate_id, aead in keyring():
        if candidate_id == key_id:
            try:
                return aead.decrypt(blob[:12], blob[12:], associated_data or None).decode("utf-8")
            except Exception as exc:  # InvalidTag: tampered or wrong associated data
                raise DecryptionError("ciphertext failed authentication") from exc
    raise DecryptionError("no configured key matches this value")


def key_id_of(token: str) -> str | None:
    parts = token.split(":", 2)
    return parts[1] if len(parts) == 3 else None


def encrypt_bytes(data: bytes) -> bytes:
    key_id, aead = keyring()[0]
    nonce = os.urandom(12)
    return PREFIX.encode() + b":" + key_id.encode() + b":" + nonce + aead.encrypt(nonce, data, None)


def decrypt_bytes(blob: bytes) -> bytes:
    try:
        prefix, key_id, rest = blob.split(b":", 2)
    except ValueError as exc:
        raise DecryptionError("malformed encrypted file") from exc
    for candidate_id, aead in keyring():
        if candidate_id.encode() == key_id:
            try:
                return aead.decrypt(rest[:12], rest[12:], None)
            except Exception as exc:
                raise DecryptionError("encrypted file failed authentication") from exc
    raise DecryptionError("no configured key matches this file")


def blind_index(kind: str, normalised_value: str) -> str:
    """A keyed, deterministic token for exact look-ups without plaintext in the database.

    `kind` separates domains (phone, postcode, plate, word, ...) so equal strings of
    different kinds never collide.
    """
    key = settings.INDEX_KEY.encode("utf-8")
    digest = hmac.new(key, f"{kind}\x1f{normalised_value}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode("ascii").rstrip("=").lower()
