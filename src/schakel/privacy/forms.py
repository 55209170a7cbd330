from django import forms
from django.utils.translation import gettext_lazy as _

from .emergency import validate_reason
from .models import AccessAction
from .selectors import LogFilter


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150,
                           help_text=_("Gebruikersnaam, voornaam of achternaam (een deel is genoeg)."))
    record_type = forms.CharField(label=_("Soort gegeven"), required=False, max_length=100,
                                  help_text=_("Bijvoorbeeld signalling.signal."))
    record_id = forms.CharField(label=_("Nummer van het gegeven"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("Handeling"), required=False,
                               choices=[("", _("Alle handelingen")), *AccessAction.choices])
    date_from = forms.DateField(label=_("Vanaf datum"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("Tot en met datum"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    flagged = forms.BooleanField(label=_("Alleen gemarkeerde toegang (noodtoegang)"), required=False)
    sort = forms.ChoiceField(label=_("Volgorde"), required=False,
                             choices=[("newest", _("Nieuwste eerst")), ("oldest", _("Oudste eerst"))])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data
        return LogFilter(
            user=data.get("user", ""), record_type=data.get("record_type", ""), record_id=data.get("record_id", ""),
            action=data.get("action", ""), date_from=data.get("date_from"), date_to=data.get("date_to"),
            flagged=bool(data.get("flagged")), oldest_first=data.get("sort") == "oldest",
        )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden voor noodtoegang"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("Waarom moet u dit gegeven nu openen? Noem geen namen of andere persoonsgegevens. "
                    "De privacyfunctionaris leest deze reden."),
    )

    def clean_reason(self):
        return validate_reason(self.cleaned_data["reason"])
