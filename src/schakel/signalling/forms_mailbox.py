"""Input shape of a reporter's answer to the focal officer: field validation only (rules in services/mailbox.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.mailbox import MAX_MESSAGE


class ReporterAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Uw antwoord aan de aandachtsfunctionaris"), max_length=MAX_MESSAGE, strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Alleen de aandachtsfunctionaris mensenhandel leest dit."),
        error_messages={"required": _("Schrijf eerst uw antwoord."),
                        "max_length": _("Een antwoord is hoogstens 5.000 tekens.")})
