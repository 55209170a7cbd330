"""The training form: one count field per department, no names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm

from ..models import Department, TrainingKind, TrainingProvider
from .dates import DATE_WIDGET


class TrainingForm(StyledForm):
    municipality = forms.TypedChoiceField(label=_("Gemeente"), coerce=int)
    title = forms.CharField(label=_("Titel"), max_length=200,
                            help_text=_("Bijvoorbeeld: Bewustwordingstraining signalen mensenhandel."))
    provider = forms.ChoiceField(label=_("Aanbieder"), choices=TrainingProvider.choices)
    provider_name = forms.CharField(label=_("Naam aanbieder"), max_length=200, required=False,
                                    help_text=_("Alleen bij een andere aanbieder."))
    kind = forms.ChoiceField(label=_("Soort"), choices=TrainingKind.choices)
    held_on = forms.DateField(label=_("Datum"), widget=DATE_WIDGET())

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        for department in Department:
            self.fields[f"dept_{department.value}"] = forms.IntegerField(
                label=_("Deelnemers %(department)s") % {"department": department.label}, min_value=0,
                max_value=10000, required=False)
        self.__init_styles()

    def __init_styles(self):
        for name, field in self.fields.items():
            if name.startswith("dept_"):
                field.widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")
                field.widget.attrs["inputmode"] = "numeric"

    def department_fields(self):
        return [self[f"dept_{d.value}"] for d in Department]

    def detail_fields(self):
        return [self[name] for name in ("municipality", "title", "provider", "provider_name", "kind", "held_on")]

    def counts(self) -> dict[str, int]:
        return {d.value: self.cleaned_data.get(f"dept_{d.value}") or 0 for d in Department}

    def clean(self):
        data = super().clean()
        if not any(data.get(f"dept_{d.value}") for d in Department):
            self.add_error(None, _("Vul bij ten minste één afdeling het aantal deelnemers in."))
        if data.get("provider") == TrainingProvider.OTHER and not data.get("provider_name"):
            self.add_error("provider_name", _("Vul de naam van de aanbieder in."))
        return data
