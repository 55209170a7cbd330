"""The privacy officer's start-page panel: recent flagged (break-the-glass) accesses."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .naming import annotate_entries
from .selectors import recent_flagged


def build_flagged_panel(request, scope) -> dict:
    entries, total = recent_flagged(request.user)
    log_url = reverse("privacy:access_log")
    return {
        "title": _("Noodtoegang en gemarkeerde toegang"),
        "template": "privacy/panels/flagged.html",
        "entries": annotate_entries(entries),
        "total": total,
        "log_url": log_url,
        "flagged_url": f"{log_url}?{urlencode({'flagged': 'on'})}",
    }


def build_desk_panel(request, scope) -> dict:
    from .selectors_desk import desk_counts

    return {
        "title": _("Privacybureau"),
        "template": "privacy/panels/desk.html",
        "counts": desk_counts(request.user),
        "desk_url": reverse("privacy:desk"),
    }
