"""The signal page's section: measures on the signal's addresses and companies in its municipality."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can_work_on_measures
from .selectors import measures_on_signal_subjects


def build_signal_section(request, signal):
    if not can_work_on_measures(request.user):
        return None
    return {
        "title": _("Bestuurlijke maatregelen"),
        "template": "measures/signal_section.html",
        "measures": measures_on_signal_subjects(user=request.user, signal=signal),
        "new_url": reverse("measures:create") + f"?signaal={signal.reference}",
    }


def register() -> None:
    from schakel.signalling.extensions import register_signal_section

    register_signal_section("measures", build=build_signal_section, order=60)
