"""Forms of the privacy officer's desk and of data-subject requests (they only explain refusals)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import retention
from .models import MIN_REASON_LENGTH, RequestKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             min_length=MIN_REASON_LENGTH,
                             help_text=_("Minstens 10 tekens, zonder namen of andere persoonsgegevens."))
    confirm = forms.BooleanField(label=_("Ja, ik weet het zeker"), required=True)


class EraseForm(ReasonForm):
    """Erase one record found for an erasure request: which one, why, and an explicit yes."""

    record_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    record_id = forms.CharField(widget=forms.HiddenInput, max_length=64)


class FlagReviewForm(forms.Form):
    note = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                           min_length=5, help_text=_("Wat hebt u nagegaan? Bijvoorbeeld: besproken met de "
                                                     "medewerker, werk voor een spoedoverleg."))


class RetentionPeriodForm(forms.Form):
    rule_key = forms.ChoiceField(label=_("Bewaarregel"))
    months = forms.IntegerField(label=_("Bewaartermijn in maanden"), min_value=1, max_value=600)
    reason = forms.CharField(label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000, min_length=MIN_REASON_LENGTH,
                             help_text=_("Bijvoorbeeld het artikel van het convenant of privacyprotocol."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_key"].choices = [(rule.key, rule.label) for rule in retention.rules()]


class HoldForm(forms.Form):
    record_type = forms.ChoiceField(label=_("Soort gegeven"))
    reference = forms.CharField(label=_("Kenmerk"), max_length=40, help_text=_("Bijvoorbeeld 2026-000041."))
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                             min_length=MIN_REASON_LENGTH,
                             help_text=_("Bijvoorbeeld: strafrechtelijk onderzoek loopt (parketnummer niet "
                                         "nodig). Geen namen."))
    review_on = forms.DateField(label=_("Opnieuw beoordelen op"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [(key, rule.noun.capitalize())
                                              for key, rule in retention.record_types().items()]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RequestKind.choices)
    subject_name = forms.CharField(label=_("Naam van de betrokkene"), max_length=200,
                                   help_text=_("Zoals de betrokkene die opgaf, na controle van de identiteit."))
    subject_birth_date = forms.DateField(label=_("Geboortedatum"), required=False, widget=DATE)
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DATE,
                                  help_text=_("De termijn van een maand loopt vanaf deze dag (AVG art. 12 lid 3)."))
    form_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reden van verlenging"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000, min_length=MIN_REASON_LENGTH,
                             help_text=_("Verlengen kan met twee maanden, bij een complex verzoek of veel "
                                         "verzoeken (AVG art. 12 lid 3); laat de betrokkene dit binnen een maand "
                                         "weten."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    outcome = forms.CharField(label=_("Uitkomst"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
                              min_length=MIN_REASON_LENGTH,
                              help_text=_("Wat is aan de betrokkene gegeven, gewijzigd of verwijderd, en wat "
                                          "niet en waarom."))
    version = forms.IntegerField(widget=forms.HiddenInput)
