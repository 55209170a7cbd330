"""Private set intersection on elliptic-curve blinding (ed25519 via libsodium), pure functions.

Each side maps its normalised identifiers to curve points (hash to the curve: SHA-512 then
libsodium's `crypto_core_ed25519_from_uniform`, which lands in the prime-order subgroup) and
multiplies them by a secret scalar it draws afresh for every exchange. Multiplication by
scalars commutes, so a·(b·P) = b·(a·P): an identifier both sides hold gives the same
double-blinded point, and only double-blinded points are compared. A side never sees the
other's points with only its own blinding on them undone, so it cannot test guesses against
them (that would need the other's scalar), and no secret ever leaves an installation.
See docs/decisions/0077-linkage-between-installations.md.
"""

from __future__ import annotations

import hashlib
import os
import secrets as random_source

from nacl import bindings

POINT_BYTES = 32
DOMAIN = b"schakel-psi-v1\x1f"


class ExchangeError(ValueError):
    """A message of the other side is not well-formed (not a point, wrong length, ...)."""


def new_scalar() -> bytes:
    """A fresh secret scalar (uniform mod the group order), for one exchange only."""
    return bindings.crypto_core_ed25519_scalar_reduce(os.urandom(64))


def hash_to_point(kind: str, value: str) -> bytes:
    digest = hashlib.sha512(DOMAIN + f"{kind}\x1f{value}".encode("utf-8")).digest()
    return bindings.crypto_core_ed25519_from_uniform(digest[:32])


def blind(point: bytes, scalar: bytes) -> bytes:
    return bindings.crypto_scalarmult_ed25519_noclamp(scalar, point)


def to_wire(points) -> list[str]:
    return [point.hex() for point in points]


def from_wire(values, *, limit: int) -> list[bytes]:
    """Decode the other side's points, refusing anything that is not a valid point."""
    if not isinstance(values, list) or len(values) > limit:
        raise ExchangeError("too many or no points")
    points = []
    for value in values:
        try:
            point = bytes.fromhex(value)
        except (TypeError, ValueError) as exc:
            raise ExchangeError("not hexadecimal") from exc
        if len(point) != POINT_BYTES or not bindings.crypto_core_ed25519_is_valid_point(point):
            raise ExchangeError("not a valid curve point")
        points.append(point)
    return points


def shuffled(items: list) -> list:
    """A random order (the other side must not learn anything from the order of our elements)."""
    order = list(items)
    random_source.SystemRandom().shuffle(order)
    return order
