"""Forms of the action plan pages (field shapes only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm

from ..models import ActivityStatus
from .dates import DATE_WIDGET


class PlanForm(StyledForm):
    owner = forms.ChoiceField(label=_("Plan van"))
    template = forms.ChoiceField(label=_("Beginnen met"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False,
                            help_text=_("Leeg laten: de titel van het sjabloon."))
    first_year = forms.IntegerField(label=_("Van jaar"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Tot en met jaar"), min_value=2000, max_value=2100)

    def __init__(self, *args, owners=(), templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners
        self.fields["template"].choices = [(t["key"], t["title"]) for t in templates] + [
            ("", _("Een leeg plan"))]
        self.fields["template"].required = False

    def clean(self):
        data = super().clean()
        if data.get("first_year") and data.get("last_year") and data["last_year"] < data["first_year"]:
            self.add_error("last_year", _("Het laatste jaar ligt vóór het eerste jaar."))
        return data


class ActivityForm(StyledForm):
    line = forms.TypedChoiceField(label=_("Actielijn"), coerce=int)
    title = forms.CharField(label=_("Activiteit"), max_length=300)
    intended_result = forms.CharField(label=_("Beoogd resultaat"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    partners = forms.CharField(label=_("Uitvoeringspartners"), max_length=500, required=False,
                               help_text=_("Bijvoorbeeld: RIEC, politie, Veilig Thuis."))
    start_on = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET())
    end_on = forms.DateField(label=_("Einde"), required=False, widget=DATE_WIDGET())
    responsible = forms.CharField(label=_("Verantwoordelijke"), max_length=200, required=False,
                                  help_text=_("Een functie of organisatie, geen persoonsgegevens nodig."))
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(line.pk, str(line)) for line in lines]

    def clean(self):
        data = super().clean()
        if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
            self.add_error("end_on", _("De einddatum ligt vóór de startdatum."))
        return data


class NoteForm(StyledForm):
    noted_on = forms.DateField(label=_("Datum"), widget=DATE_WIDGET())
    text = forms.CharField(label=_("Voortgang"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class LineForm(StyledForm):
    title = forms.CharField(label=_("Naam van de actielijn"), max_length=200)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel-bestand (.xlsx)"),
                           help_text=_("Het bestand dat u eerder van dit plan heeft geëxporteerd, met uw wijzigingen."))
