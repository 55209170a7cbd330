"""The funding scheme form: field shapes only; the rules are in services/funding.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm

from ..models import FundingBasis
from .dates import DATE_WIDGET


class FundingSchemeForm(StyledForm):
    region = forms.TypedChoiceField(label=_("Regio"), coerce=int)
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    label = forms.CharField(label=_("Omschrijving"), max_length=200,
                            help_text=_("Bijvoorbeeld: Uitbreiding zorgcoördinatie 18 naar 32 uur."))
    basis = forms.ChoiceField(label=_("Grondslag"), choices=FundingBasis.choices, widget=forms.RadioSelect,
                              initial=FundingBasis.RATE)
    rate_cents = forms.DecimalField(label=_("Bedrag per inwoner (cent)"), required=False, max_digits=7,
                                    decimal_places=2, help_text=_("Bijvoorbeeld 5 of 7,5."), localize=True)
    total_amount = forms.IntegerField(label=_("Te verdelen bedrag (euro)"), required=False, min_value=1)
    reference_date = forms.DateField(label=_("Peildatum inwonertal"), widget=DATE_WIDGET())
    period_start = forms.DateField(label=_("Geldt vanaf"), widget=DATE_WIDGET())
    period_end = forms.DateField(label=_("Geldt tot en met"), widget=DATE_WIDGET(),
                                 help_text=_("Voor een deel van het jaar: bijvoorbeeld 1 mei tot en met 31 december."))
    hours_per_week = forms.DecimalField(label=_("Uren zorgcoördinatie per week die de regeling betaalt"),
                                        required=False, min_value=0, max_digits=5, decimal_places=1, localize=True)
    notes = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, regions=(), reference_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]
        if reference_dates:
            self.fields["reference_date"].help_text = _(
                "De CBS-inwonertallen in de referentiegegevens hebben peildatum: %(dates)s.") % {
                "dates": ", ".join(d.strftime("%d-%m-%Y") for d in reference_dates)}

    def clean(self):
        data = super().clean()
        if data.get("basis") == FundingBasis.RATE and data.get("rate_cents") is not None and data["rate_cents"] < 0:
            self.add_error("rate_cents", _("Het bedrag per inwoner kan niet negatief zijn."))
        if data.get("basis") == FundingBasis.RATE and data.get("rate_cents") is None \
                and "rate_cents" not in self.errors:
            self.add_error("rate_cents", _("Vul het bedrag per inwoner in (in centen)."))
        if data.get("basis") == FundingBasis.AMOUNT and not data.get("total_amount") \
                and "total_amount" not in self.errors:
            self.add_error("total_amount", _("Vul het te verdelen bedrag in (in hele euro's)."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De einddatum ligt vóór de begindatum."))
        return data
