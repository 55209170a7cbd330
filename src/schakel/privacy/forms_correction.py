"""The form to apply a correction (GDPR art. 16) to one found record of a data-subject request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_desk import ReasonForm


class CorrectionForm(ReasonForm):
    record_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    record_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
    record_version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    date_of_birth = forms.CharField(label=_("Geboortedatum"), max_length=200, required=False,
                                    help_text=_("Bijvoorbeeld 1990-05-31."))
    nationality = forms.CharField(label=_("Nationaliteit"), max_length=200, required=False)
    gender = forms.CharField(label=_("Geslacht"), max_length=200, required=False)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=5000, required=False)

    VALUE_FIELDS = ("name", "date_of_birth", "nationality", "gender", "description")

    def values(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in self.VALUE_FIELDS}
