"""Input shapes of the inbox tools: saved filters, standard texts, a standard message (validation only)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services.mailbox import MAX_MESSAGE


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Naam van het filter"), max_length=80, strip=True,
                           help_text=_("Bijvoorbeeld ‘Acuut in Aadorp’. Alleen u ziet uw filters."),
                           error_messages={"required": _("Vul de naam van het filter in."),
                                           "max_length": _("De naam van het filter is hoogstens 80 tekens.")})


class StandardTextForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    region = forms.TypedChoiceField(label=_("Regio"), coerce=int, choices=(),
                                    error_messages={"required": _("Kies de regio.")})
    title = forms.CharField(label=_("Titel"), max_length=120, strip=True,
                            help_text=_("Zo kiest de aandachtsfunctionaris de tekst, bijvoorbeeld "
                                        "‘Ontvangstbevestiging’. De melder ziet de titel niet."),
                            error_messages={"required": _("Vul de titel in."),
                                            "max_length": _("De titel is hoogstens 120 tekens.")})
    order = forms.IntegerField(label=_("Volgorde"), min_value=0, max_value=999, initial=0, required=False,
                               help_text=_("Lagere nummers staan eerder in de keuzelijst."))
    active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(region.pk, region.name) for region in regions]
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Tekst (%(language)s)") % {"language": name} if code != "nl"
                else _("Tekst in het Nederlands"),
                required=code == "nl", max_length=MAX_MESSAGE, strip=True,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                help_text=_("Verplicht: een melder in een taal zonder eigen tekst krijgt deze.") if code == "nl"
                else _("Leeg: een melder in deze taal krijgt de Nederlandse tekst."),
                error_messages={"required": _("Vul de Nederlandse tekst in."),
                                "max_length": _("Een tekst is hoogstens 5.000 tekens.")})

    def texts(self) -> dict:
        return {code: self.cleaned_data.get(f"text_{code}") or "" for code, _name in settings.LANGUAGES}


class StandardMessageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    standard_text = forms.TypedChoiceField(label=_("Standaardtekst"), coerce=int, choices=(),
                                           error_messages={"required": _("Kies een standaardtekst."),
                                                           "invalid_choice": _("Kies een standaardtekst.")})

    def __init__(self, *args, texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_text"].choices = [("", _("Kies een tekst"))] + [(t.pk, t.title) for t in texts]
