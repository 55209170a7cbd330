"""Sending exchange messages to another installation over HTTPS (the production transport)."""

from __future__ import annotations

import json
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import Installation

TIMEOUT_SECONDS = 120


def our_key_for(installation: Installation) -> str:
    for pair in settings.LINKAGE_PEER_KEYS or []:
        name, _, key = pair.partition("=")
        if name.strip() == installation.name and key.strip():
            return key.strip()
    raise ImproperlyConfigured(f"no key for installation {installation.name} in SCHAKEL_LINKAGE_PEER_KEYS")


def http_transport(installation: Installation):
    if not settings.LINKAGE_INSTALLATION_NAME:
        raise ImproperlyConfigured("SCHAKEL_LINKAGE_INSTALLATION_NAME is not set")
    if not installation.url.startswith("https://"):
        raise ImproperlyConfigured(f"installation {installation.name} has no https address")
    authorization = f"Installation {settings.LINKAGE_INSTALLATION_NAME}:{our_key_for(installation)}"

    def send(payload: dict) -> dict:
        request = urllib.request.Request(installation.url, data=json.dumps(payload).encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": authorization})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https only)
            return json.loads(response.read())
    return send
