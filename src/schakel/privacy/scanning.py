"""Malware scanning of uploads: a registry of scanners, called on every upload before storing.

Built in: a signature check for the EICAR test file (the industry's harmless test string), so
the refusal path is exercised without a virus scanner. A deployment with ClamAV registers a
scanner in its own AppConfig.ready(), e.g. with clamav-client:

    from clamav_client import get_scanner
    from schakel.privacy.scanning import register_scanner

    clamd = get_scanner({"backend": "clamd", "address": "/run/clamav/clamd.ctl"})

    def clamav(data: bytes) -> str | None:
        result = clamd.scan_bytes(data)
        return result.details if result.state == "FOUND" else None

    register_scanner("clamav", clamav)

A scanner takes the bytes and returns the name of what it found, or None. A scanner that
raises (e.g. the daemon is down) makes the upload fail: fail closed.
"""

from __future__ import annotations

import logging
from typing import Callable

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

Scanner = Callable[[bytes], "str | None"]

EICAR_SIGNATURE = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"
REFUSED = _("Het bestand is geweigerd omdat het mogelijk schadelijke inhoud bevat.")

logger = logging.getLogger(__name__)
_SCANNERS: dict[str, Scanner] = {}


def register_scanner(name: str, scanner: Scanner) -> None:
    if name in _SCANNERS:
        raise ImproperlyConfigured(f"upload scanner {name!r} registered twice")
    _SCANNERS[name] = scanner


def unregister_scanner(name: str) -> None:
    _SCANNERS.pop(name, None)


def eicar(data: bytes) -> str | None:
    return "EICAR-Test-File" if EICAR_SIGNATURE in data else None


def scan_upload(data: bytes) -> None:
    """Run every registered scanner; a finding becomes a ValidationError a form can show."""
    for name, scanner in _SCANNERS.items():
        finding = scanner(data)
        if finding:
            # The finding goes to the operator's log; the user sees a plain refusal.
            logger.warning("upload refused by scanner %s: %s", name, finding)
            raise ValidationError(REFUSED, code="malware")


register_scanner("eicar", eicar)
