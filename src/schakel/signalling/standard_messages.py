"""The 'Standaardbericht aan melder' section of the signal page (registered in signalling.extensions)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .extensions import register_signal_section
from .forms_inbox import StandardMessageForm
from .models import Channel
from .permissions import can_triage
from .services.standard_texts import reporter_language, texts_for_signal


def reporter_reachable(signal) -> bool:
    if signal.channel == Channel.PUBLIC:
        return bool(signal.mailbox_id)
    reporter = signal.reporter if signal.reporter_id else None
    return reporter is not None and reporter.is_active and bool(reporter.email)


def section_context(signal, *, form: StandardMessageForm | None = None, error: str = "") -> dict:
    texts = texts_for_signal(signal)
    language = reporter_language(signal)
    names = dict(settings.LANGUAGES)
    return {
        "template": "signalling/triage/_standard_message.html",
        "title": _("Standaardbericht aan melder"),
        "form": form or StandardMessageForm(initial={"version": signal.version}, texts=texts,
                                            prefix="standard"),
        "texts": [{"title": t.title, "language": t.text_for(language)[0], "text": t.text_for(language)[1]}
                  for t in texts],
        "language_name": names.get(language, language),
        "reachable": reporter_reachable(signal),
        "public": signal.channel == Channel.PUBLIC,
        "action_url": reverse("signalling:signal-standard-message", kwargs={"reference": signal.reference}),
        "manage_url": reverse("signalling:standard-texts"),
        "error": error,
    }


def build_section(request, signal) -> dict | None:
    if not can_triage(request.user, signal):
        return None  # read-only emergency access sends nothing
    return section_context(signal)


register_signal_section("signalling.standard_message", build=build_section, order=50)
