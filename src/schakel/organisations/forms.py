"""Input of the administration pages for organisations and regions (shape only; rules in administration.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, OrganisationKind


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=[("", _("Kies een soort")), *OrganisationKind.choices])
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False, empty_label=_("Geen gemeente"),
        help_text=_("Verplicht voor een gemeente; voor andere organisaties de gemeente waar ze gevestigd zijn."))
    region = forms.ModelChoiceField(label=_("Regio"), queryset=None, required=False, empty_label=_("Geen regio"),
                                    help_text=_("Voor regiobureaus en regionale ketenpartners."))
    email = forms.EmailField(label=_("Algemeen e-mailadres"), required=False)
    phone = forms.CharField(label=_("Algemeen telefoonnummer"), required=False, max_length=30)
    sso_provider_id = forms.SlugField(
        label=_("SSO-koppeling"), required=False, max_length=100,
        help_text=Organisation._meta.get_field("sso_provider_id").help_text)
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, municipalities, regions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["region"].queryset = regions


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken op naam"), required=False, max_length=100)


class RegionForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    first_reaction_days = forms.IntegerField(
        label=_("Norm eerste reactie (werkdagen)"), min_value=1, max_value=60,
        help_text=_("Binnen zoveel werkdagen krijgt een nieuw signaal een eerste reactie."))
    triage_days = forms.IntegerField(label=_("Norm triage (werkdagen)"), min_value=1, max_value=120)
    acute_first_reaction_hours = forms.IntegerField(
        label=_("Norm eerste reactie bij acuut gevaar (uren)"), min_value=0, max_value=168, required=False,
        help_text=_("Binnen zoveel uur (ook 's avonds en in het weekend) krijgt een signaal met acuut gevaar een "
                    "eerste reactie; daarna krijgen de vervanger en de ketenregisseur direct een e-mail."))


class ClosingDayForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=_("Bijvoorbeeld een brugdag waarop de kantoren van de regio dicht zijn."))
    description = forms.CharField(label=_("Omschrijving"), max_length=200)


class PlaceMunicipalityForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=None, empty_label=_("Kies een gemeente"),
                                          help_text=_("Een gemeente die nu bij een andere regio hoort, verhuist naar "
                                                      "deze regio."))

    def __init__(self, *args, municipalities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
