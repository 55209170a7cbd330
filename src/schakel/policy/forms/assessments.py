"""The self-assessment form: a plateau, evidence and links per Kader component."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm

from ..models import Plateau
from .dates import DATE_WIDGET


class AssessmentForm(StyledForm):
    municipality = forms.TypedChoiceField(label=_("Gemeente"), coerce=int)
    assessed_on = forms.DateField(label=_("Datum zelfevaluatie"), widget=DATE_WIDGET())
    notes = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=4000)

    def __init__(self, *args, municipalities=(), components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        self.components = list(components)
        for component in self.components:
            self.fields[f"plateau_{component.pk}"] = forms.TypedChoiceField(
                label=_("Plateau"), choices=Plateau.choices, coerce=int, widget=forms.RadioSelect)
            self.fields[f"evidence_{component.pk}"] = forms.CharField(
                label=_("Onderbouwing"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}))
            self.fields[f"links_{component.pk}"] = forms.CharField(
                label=_("Documenten (één link per regel)"), required=False, max_length=4000,
                help_text=_("Bijvoorbeeld /beleid/plannen/1/ of een https-link."),
                widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}))

    def groups(self):
        return [{"component": c, "plateau": self[f"plateau_{c.pk}"], "evidence": self[f"evidence_{c.pk}"],
                 "links": self[f"links_{c.pk}"]} for c in self.components]

    def scores(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {c.pk: {"plateau": data.get(f"plateau_{c.pk}"), "evidence": data.get(f"evidence_{c.pk}", ""),
                       "evidence_links": data.get(f"links_{c.pk}", "")} for c in self.components}
