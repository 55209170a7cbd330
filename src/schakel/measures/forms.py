"""The input shape of measures. The details part is built from the type's JSON schema (catalogue)."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import MeasureType, type_choices
from .models import MeasureStatus, SubjectKind

DETAIL_PREFIX = "f_"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _options(spec: dict) -> list[tuple[str, str]]:
    return [(option["const"], option["title"]) for option in spec.get("oneOf") or spec.get("items", {}).get("oneOf", [])]


def detail_field(spec: dict, required: bool) -> forms.Field:
    """One form field for one property of a type's schema."""
    label, help_text = spec["title"], spec.get("description", "")
    common = {"label": label, "help_text": help_text, "required": required}
    if spec.get("format") == "date":
        return forms.DateField(widget=DATE_WIDGET, **common)
    if spec["type"] == "boolean":
        return forms.BooleanField(**{**common, "required": False})
    if spec["type"] == "integer":
        return forms.IntegerField(min_value=spec.get("minimum"), max_value=spec.get("maximum"), **common)
    if spec["type"] == "number":
        return forms.DecimalField(min_value=spec.get("minimum"), max_value=spec.get("maximum"), **common)
    if spec["type"] == "array":
        return forms.MultipleChoiceField(choices=_options(spec), widget=forms.CheckboxSelectMultiple, **common)
    if spec.get("oneOf"):
        return forms.ChoiceField(choices=[("", _("– kies –")), *_options(spec)], **common)
    if spec.get("x-widget") == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=spec.get("maxLength"), **common)
    return forms.CharField(max_length=spec.get("maxLength"), **common)


class TypeChoiceForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort maatregel"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = type_choices()


class MeasureForm(forms.Form):
    """The measure's own fields plus its type's fields (named f_<field>)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    legal_basis = forms.ChoiceField(label=_("Wettelijke grondslag"), choices=())
    started_on = forms.DateField(label=_("Startdatum"), widget=DATE_WIDGET)
    department = forms.CharField(label=_("Verantwoordelijke afdeling"), max_length=120, required=False,
                                 help_text=_("Bijvoorbeeld ‘Vergunningen’ of ‘Toezicht en handhaving’."))
    responsible = forms.ModelChoiceField(label=_("Verantwoordelijke medewerker"), queryset=None, required=False)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=4000, help_text=_("Waar gaat de maatregel over? Geen namen van slachtoffers."))

    def __init__(self, *args, kind: MeasureType, people, with_subjects: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["legal_basis"].choices = [(basis.key, basis.label) for basis in kind.legal_bases]
        self.fields["responsible"].queryset = people
        self.fields["responsible"].label_from_instance = lambda user: user.get_full_name() or user.username
        for name, spec in kind.fields.items():
            self.fields[DETAIL_PREFIX + name] = detail_field(spec, name in kind.required)
        if with_subjects:
            self.fields["address"] = forms.CharField(
                label=_("Adres: postcode en huisnummer"), max_length=200, required=False,
                help_text=_("Bijvoorbeeld ‘1234 AB 12’. Voor het register per adres."))
            self.fields["address_street"] = forms.CharField(label=_("Straat en plaats"), max_length=200,
                                                            required=False)
            self.fields["company_name"] = forms.CharField(label=_("Bedrijfsnaam"), max_length=200, required=False)
            self.fields["company_kvk"] = forms.CharField(label=_("KvK-nummer"), max_length=20, required=False,
                                                         help_text=_("Acht cijfers. Voor het register per bedrijf."))
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = uuid.uuid4().hex

    def detail_fields(self):
        return [self[DETAIL_PREFIX + name] for name in self.kind.fields]

    def own_fields(self):
        return [self[name] for name in ("legal_basis", "started_on", "department", "responsible", "description")]

    def subject_fields(self):
        return [self[name] for name in ("address", "address_street", "company_name", "company_kvk") if name in self.fields]

    def details(self) -> dict:
        values = {}
        for name in self.kind.fields:
            value = self.cleaned_data.get(DETAIL_PREFIX + name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is not None and not isinstance(value, (bool, int, str, list)):
                value = int(value)
            values[name] = value
        return values

    def subjects(self) -> list[dict]:
        data = self.cleaned_data
        items = []
        if data.get("address"):
            items.append({"kind": SubjectKind.ADDRESS, "text": data["address"], "street": data.get("address_street", "")})
        if data.get("company_name") or data.get("company_kvk"):
            items.append({"kind": SubjectKind.COMPANY, "name": data.get("company_name", ""),
                          "kvk": data.get("company_kvk", "")})
        return items

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            name = field if field in self.fields else DETAIL_PREFIX + field
            self.add_error(name if name in self.fields else None, messages)

    @staticmethod
    def initial_from(measure) -> dict:
        initial = {"version": measure.version, "legal_basis": measure.legal_basis, "started_on": measure.started_on,
                   "department": measure.department, "responsible": measure.responsible_id,
                   "description": measure.description}
        for name, value in (measure.details or {}).items():
            initial[DETAIL_PREFIX + name] = value
        return initial


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.ChoiceField(choices=MeasureStatus.choices, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=(), required=False, widget=forms.RadioSelect)
    outcome_text = forms.CharField(label=_("Toelichting op de uitkomst"), widget=forms.Textarea(attrs={"rows": 3}),
                                   required=False, max_length=4000)
    ended_on = forms.DateField(label=_("Einddatum"), widget=DATE_WIDGET, required=False,
                               help_text=_("Leeg: vandaag."))
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=2000)

    def __init__(self, *args, kind: MeasureType, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(choice.key, choice.label) for choice in kind.outcomes]


class PersonForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Medewerker"), queryset=None)
    function = forms.CharField(label=_("Rol op de maatregel"), max_length=100, required=False,
                               help_text=_("Bijvoorbeeld ‘Bibob-coördinator’ of ‘handhaver’."))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.username


class SubjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=SubjectKind.choices, widget=forms.RadioSelect,
                             initial=SubjectKind.ADDRESS)
    text = forms.CharField(label=_("Adres: postcode en huisnummer"), max_length=200, required=False)
    street = forms.CharField(label=_("Straat en plaats"), max_length=200, required=False)
    name = forms.CharField(label=_("Bedrijfsnaam"), max_length=200, required=False)
    kvk = forms.CharField(label=_("KvK-nummer"), max_length=20, required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Bestand"), help_text=_("Een brief of besluit (pdf, Word, afbeelding)."))
    title = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)


class StepForm(forms.Form):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DATE_WIDGET, required=False)


class RegisterSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Zoeken op"), choices=SubjectKind.choices, widget=forms.RadioSelect,
                             initial=SubjectKind.ADDRESS)
    query = forms.CharField(label=_("Postcode en huisnummer, of KvK-nummer"), max_length=100,
                            help_text=_("Bijvoorbeeld ‘1234 AB 12’ of ‘12345678’."))


class ListForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), required=False, choices=())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle")), ("open", _("Open")), *MeasureStatus.choices])
    sorteren = forms.ChoiceField(label=_("Sorteren"), required=False, choices=[
        ("started", _("Nieuwste eerst")), ("started_asc", _("Oudste eerst")), ("reference", _("Kenmerk")),
        ("status", _("Status"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", _("Alle soorten")), *type_choices(include_route_start=True)]
