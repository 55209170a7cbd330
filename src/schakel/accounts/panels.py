"""The start-page panel of administrators and privacy officers: role requests waiting for them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import membership_requests_decidable_by


def build_membership_requests_panel(request, scope) -> dict | None:
    count = membership_requests_decidable_by(request.user).count()
    if not count:
        return None
    return {
        "title": _("Rolaanvragen die op goedkeuring wachten"),
        "template": "accounts/panels/membership_requests.html",
        "count": count,
        "url": reverse("administration:membership_request_list"),
    }
