"""Authenticated encryption of values at rest (AES-256-GCM) and keyed search tokens (HMAC).

Text format:  "v1:<key id>:<base64(nonce || ciphertext+tag)>"
Bytes format: b"v1:<key id>:" + nonce + ciphertext+tag

The key id is the first 8 hex characters of SHA-256 of the key, so rotation can tell which
key sealed a value without trying them all. Keys come from settings.ENCRYPTION_KEYS (newest
first; filled from SCHAKEL_ENCRYPTION_KEYS or SCHAKEL_ENCRYPTION_KEY_FILE), never from the
database. `associated_data` is authenticated but not stored: a value sealed for one context
(e.g. one column, one stored file) does not open in another. See
docs/decisions/0020-encryption-at-rest.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


class DecryptionError(Exception):
    """A stored value could not be opened with any configured key (tampered or unknown key)."""


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def parse_key(encoded: str) -> bytes:
    """Decode one configured key; raise ImproperlyConfigured with a clear message when it is unusable."""
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("an encryption key is not valid base64") from exc
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured("every encryption key must be 32 bytes (AES-256), base64-encoded")
    return raw


@lru_cache(maxsize=8)
def _keyring(keys: tuple[str, ...]) -> tuple[tuple[str, AESGCM], ...]:
    if not keys:
        raise ImproperlyConfigured("no encryption key configured (SCHAKEL_ENCRYPTION_KEYS)")
    ring: list[tuple[str, AESGCM]] = []
    for encoded in keys:
        raw = parse_key(encoded)
        key_id = _key_id(raw)
        if any(existing == key_id for existing, _ in ring):
            raise ImproperlyConfigured(f"encryption key {key_id} is configured twice")
        ring.append((key_id, AESGCM(raw)))
    return tuple(ring)


def keyring() -> tuple[tuple[str, AESGCM], ...]:
    """(key id, cipher) pairs, newest first."""
    return _keyring(tuple(settings.ENCRYPTION_KEYS))


def current_key_id() -> str:
    return keyring()[0][0]


def generate_key() -> str:
    """A fresh random AES-256 key, base64-encoded as the settings expect."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _cipher_for(key_id: str) -> AESGCM:
    for candidate_id, aead in keyring():
        if hmac.compare_digest(candidate_id, key_id):
            return aead
    raise DecryptionError("no configured key matches this value")


def _open(aead: AESGCM, blob: bytes, associated_data: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("ciphertext too short")
    try:
        return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated_data or None)
    except InvalidTag as exc:  # tampered, wrong key material or wrong associated data
        raise DecryptionError("ciphertext failed authentication") from exc


def _seal(plaintext: bytes, associated_data: bytes) -> tuple[str, bytes]:
    key_id, aead = keyring()[0]
    nonce = os.urandom(NONCE_BYTES)
    return key_id, nonce + aead.encrypt(nonce, plaintext, associated_data or None)


def encrypt(plaintext: str, *, associated_data: bytes = b"") -> str:
    key_id, blob = _seal(plaintext.encode("utf-8"), associated_data)
    return f"{PREFIX}:{key_id}:{base64.b64encode(blob).decode('ascii')}"


def decrypt(token: str, *, associated_data: bytes = b"") -> str:
    try:
        prefix, key_id, body = token.split(":", 2)
        blob = base64.b64decode(body, validate=True)
    except (ValueError, TypeError, AttributeError, binascii.Error) as exc:
        raise DecryptionError("malformed ciphertext") from exc
    if prefix != PREFIX:
        raise DecryptionError("unknown ciphertext version")
    plaintext = _open(_cipher_for(key_id), blob, associated_data)
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecryptionError("decrypted value is not text") from exc


def key_id_of(token: str) -> str | None:
    """The id of the key that sealed a text value, or None when it is not a ciphertext."""
    parts = token.split(":", 2) if isinstance(token, str) else []
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def encrypt_bytes(data: bytes, *, associated_data: bytes = b"") -> bytes:
    key_id, blob = _seal(data, associated_data)
    return f"{PREFIX}:{key_id}:".encode("ascii") + blob


def decrypt_bytes(blob: bytes, *, associated_data: bytes = b"") -> bytes:
    key_id = key_id_of_bytes(blob)
    if key_id is None:
        raise DecryptionError("malformed encrypted file")
    return _open(_cipher_for(key_id), blob[len(PREFIX) + len(key_id) + 2:], associated_data)


def key_id_of_bytes(blob: bytes) -> str | None:
    """The id of the key that sealed an encrypted file (its header), or None when it has no header."""
    parts = blob[:32].split(b":", 2)
    if len(parts) != 3 or parts[0] != PREFIX.encode("ascii"):
        return None
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        return None


HEADER_BYTES = len(PREFIX) + 8 + 2
"""Length of the b"v1:<key id>:" header of an encrypted file: enough to read to learn its key."""


def blind_index(kind: str, normalised_value: str) -> str:
    """A keyed, deterministic token for exact look-ups without plaintext in the database.

    `kind` separates domains (phone, postcode, plate, word, ...) so equal strings of
    different kinds never collide.
    """
    key = settings.INDEX_KEY.encode("utf-8")
    digest = hmac.new(key, f"{kind}\x1f{normalised_value}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode("ascii").rstrip("=").lower()
