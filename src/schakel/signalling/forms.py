"""Intake forms: the input shape of each channel, validated field by field in Dutch.

Validators come from `services.intake` so the forms, the API serializer and the service check
the same things with the same words. A POST is read into the service's payload without building
the forms (`posted_payload`): the service validates it, once (decision 0069). The forms render
the page and, when the service refuses, explain why: their own messages, or the service's
mapped onto the fields (`apply_service_errors`).
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.forms.formsets import ManagementForm
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Municipality

from .models import (
    Channel,
    ExploitationForm,
    Indicator,
    LocationType,
    MinorsInvolved,
    PersonRole,
    ReporterDepartment,
    Sector,
)
from .services.intake import (
    validate_email,
    validate_house_number,
    validate_house_number_addition,
    validate_kvk,
    validate_not_future,
    validate_phone,
    validate_plate,
    validate_postcode,
    validate_website,
)

MAX_ROWS = 20
MAX_FILES = 10


def new_form_token() -> str:
    return secrets.token_urlsafe(32)


def _blank(choices) -> list:
    return [("", _("— kies —"))] + list(choices)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class UtrechtMixin:
    """NL Design System classes and accessible error wiring on every widget.

    No HTML `required` attributes: the server's Dutch messages next to the field are the
    validation a reporter sees, the same in every browser and language.
    """

    use_required_attribute = False

    def style_fields(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "schakel-choice"
            elif isinstance(widget, forms.Textarea):
                css = "utrecht-textarea"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.FileInput):
                css = "schakel-file"
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            widget.attrs.setdefault("class", css)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                auto_id = self[name].auto_id
                field.widget.attrs["aria-invalid"] = "true"
                described = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if field.help_text else [])
                field.widget.attrs["aria-describedby"] = " ".join(described)


class RowForm(UtrechtMixin, forms.Form):
    """A repeated row (person, company, ...): empty rows are ignored."""

    required_any: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def row(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}

    def is_blank(self) -> bool:
        if not hasattr(self, "cleaned_data"):
            return not self.has_changed()
        return not any(str(self.cleaned_data.get(name) or "").strip() for name in self.required_any)


class PersonForm(RowForm):
    required_any = ("name", "description", "date_of_birth", "nationality")

    role = forms.ChoiceField(label=_("Rol"), choices=PersonRole.choices, initial=PersonRole.PRESUMED_VICTIM,
                             required=False)
    name = forms.CharField(label=_("Naam of bijnaam"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput,
                                    validators=[validate_not_future])
    nationality = forms.CharField(label=_("Nationaliteit of taal"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Geslacht"), required=False, choices=_blank([
        ("female", _("Vrouw")), ("male", _("Man")), ("other", _("Anders of onbekend"))]))
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=1000,
                                  help_text=_("Bijvoorbeeld leeftijd, uiterlijk of wat hij of zij deed."),
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if self.has_changed() and not self.is_blank() and not (data.get("name") or data.get("description")):
            self.add_error("name", _("Vul een naam of een omschrijving van de persoon in."))
        return data


class CompanyForm(RowForm):
    required_any = ("name", "kvk")

    name = forms.CharField(label=_("Naam van het bedrijf"), required=False, max_length=200)
    kvk = forms.CharField(label=_("KvK-nummer"), required=False, max_length=20, validators=[validate_kvk],
                          help_text=_("8 cijfers, als u het weet."))


class VehicleForm(RowForm):
    required_any = ("plate", "description")

    plate = forms.CharField(label=_("Kenteken"), required=False, max_length=20, validators=[validate_plate])
    description = forms.CharField(label=_("Merk, kleur of type"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("plate") and "plate" not in self.errors:
            self.add_error("plate", _("Vul het kenteken in, of laat de hele regel leeg."))
        return data


class PhoneForm(RowForm):
    required_any = ("number",)

    number = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40, validators=[validate_phone],
                             widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))


class EmailForm(RowForm):
    required_any = ("address",)

    address = forms.CharField(label=_("E-mailadres"), required=False, max_length=200, validators=[validate_email],
                              widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}))


class WebsiteForm(RowForm):
    required_any = ("url", "description")

    url = forms.CharField(label=_("Website of advertentie (adres)"), required=False, max_length=500,
                          validators=[validate_website],
                          widget=forms.TextInput(attrs={"type": "text", "inputmode": "url", "autocomplete": "off"}))
    description = forms.CharField(label=_("Wat staat er?"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Vul het webadres in, of laat de hele regel leeg."))
        return data


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[dict, forms.Form]]:
        return [(form.row(), form) for form in self.forms
                if form.has_changed() and hasattr(form, "cleaned_data") and not form.is_blank()]


def _formset(form_class, *, extra: int = 1):
    return forms.formset_factory(form_class, formset=BaseRowFormSet, extra=extra, max_num=MAX_ROWS,
                                 validate_max=True, absolute_max=MAX_ROWS)


# payload key -> (formset prefix, form class, heading, add-button text)
ROW_KINDS = {
    "persons": (PersonForm, _("Personen"), _("Nog een persoon toevoegen")),
    "companies": (CompanyForm, _("Bedrijven"), _("Nog een bedrijf toevoegen")),
    "vehicles": (VehicleForm, _("Voertuigen"), _("Nog een voertuig toevoegen")),
    "phones": (PhoneForm, _("Telefoonnummers"), _("Nog een telefoonnummer toevoegen")),
    "emails": (EmailForm, _("E-mailadressen"), _("Nog een e-mailadres toevoegen")),
    "websites": (WebsiteForm, _("Websites en advertenties"), _("Nog een website toevoegen")),
}
FORMSETS = {key: _formset(form_class) for key, (form_class, _heading, _add) in ROW_KINDS.items()}


class IntakeForm(UtrechtMixin, forms.Form):
    """The staff form: a short first section, everything else optional."""

    channel = Channel.STAFF
    files_help = _("Foto's, pdf's, tekst-, Word- of Excel-bestanden: hoogstens %(max)s bestanden van elk "
                   "%(size)s MB.")
    show_indicators = True
    show_department = True
    show_contact = False

    form_token = forms.CharField(widget=forms.HiddenInput)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(),
        help_text=_("De gemeente waar het speelt."), empty_label=_("— kies een gemeente —"))
    description = forms.CharField(
        label=_("Wat is u opgevallen?"), max_length=10_000,
        help_text=_("Beschrijf wat u zag of hoorde. Een vaag gevoel dat iets niet pluis is, is ook welkom: "
                    "u hoeft het geen mensenhandel te noemen."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Beschrijf kort wat u is opgevallen. Een vaag gevoel is ook welkom.")})
    acute_danger = forms.TypedChoiceField(
        label=_("Is er nu acuut gevaar voor iemand?"), choices=[("no", _("Nee")), ("yes", _("Ja"))],
        coerce=lambda value: value == "yes", initial="no", widget=forms.RadioSelect,
        help_text=_("Bij acuut gevaar: bel direct 112. De aandachtsfunctionaris krijgt ook meteen bericht."),
        error_messages={"required": _("Kies ja of nee.")})
    suspected_forms = forms.MultipleChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het vermoedelijk?"), required=False,
        choices=ExploitationForm.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Meer keuzes mogen. Weet u het niet, kies dan 'Weet ik niet' of sla de vraag over."))

    observed_on = forms.DateField(label=_("Wanneer zag of hoorde u het?"), required=False, widget=DateInput,
                                  validators=[validate_not_future],
                                  error_messages={"invalid": _("Vul een geldige datum in.")})
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10, validators=[validate_postcode],
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=6,
                                   validators=[validate_house_number],
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    house_number_addition = forms.CharField(label=_("Toevoeging"), required=False, max_length=6,
                                            validators=[validate_house_number_addition],
                                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    street = forms.CharField(label=_("Straat"), required=False, max_length=200,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    place = forms.CharField(label=_("Plaats"), required=False, max_length=200,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    location_type = forms.ChoiceField(label=_("Wat voor plek is het?"), required=False,
                                      choices=_blank(LocationType.choices))
    sector = forms.ChoiceField(label=_("In welke sector?"), required=False, choices=_blank(Sector.choices),
                               help_text=_("Alleen als het om werk gaat."))
    indicators = forms.ModelMultipleChoiceField(
        label=_("Wat herkent u?"), required=False, queryset=Indicator.objects.none(), to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies indicatoren uit de lijst.")})
    minors_involved = forms.ChoiceField(label=_("Zijn er minderjarigen bij betrokken?"),
                                        choices=MinorsInvolved.choices, initial=MinorsInvolved.UNKNOWN,
                                        widget=forms.RadioSelect)
    reporter_department = forms.ChoiceField(label=_("Vanuit welk werk meldt u?"), required=False,
                                            choices=_blank(ReporterDepartment.choices))
    files = MultipleFileField(label=_("Bestanden toevoegen"), required=False)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            municipalities if municipalities is not None
            else Municipality.objects.filter(active=True, region_membership__isnull=False).order_by("name"))
        if self.show_indicators:
            self.fields["indicators"].queryset = Indicator.objects.filter(active=True).order_by("order")
        else:
            del self.fields["indicators"]
        if not self.show_department:
            del self.fields["reporter_department"]
        self.fields["files"].help_text = self.files_help % {"max": MAX_FILES, "size": settings.MAX_UPLOAD_MB}
        self.style_fields()

    def clean(self):
        data = super().clean()
        number, postcode = data.get("house_number"), data.get("postcode")
        if number and not postcode and "postcode" not in self.errors:
            self.add_error("postcode", _("Vul bij een huisnummer ook de postcode in."))
        if data.get("house_number_addition") and not number and "house_number" not in self.errors:
            self.add_error("house_number", _("Vul bij een toevoeging ook het huisnummer in."))
        return data


class ContactFieldsMixin(forms.Form):
    contact_name = forms.CharField(label=_("Naam"), required=False, max_length=200,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.CharField(label=_("E-mailadres"), required=False, max_length=200,
                                    validators=[validate_email],
                                    widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    contact_phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40,
                                    validators=[validate_phone],
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))


class PhoneIntakeForm(ContactFieldsMixin, IntakeForm):
    """The focal officer records a signal received by phone or at the desk."""

    show_contact = True

    intake_channel = forms.ChoiceField(
        label=_("Hoe kwam het signaal binnen?"), choices=[(Channel.PHONE, Channel.PHONE.label),
                                                          (Channel.VISIT, Channel.VISIT.label)],
        initial=Channel.PHONE, widget=forms.RadioSelect)

    field_order = ["form_token", "intake_channel", "municipality", "description", "acute_danger", "suspected_forms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_department"].label = _("Afdeling of werk van de melder")
        self.fields["contact_name"].label = _("Naam van de melder")
        self.fields["contact_email"].label = _("E-mailadres van de melder")
        self.fields["contact_phone"].label = _("Telefoonnummer van de melder")
        self.fields["description"].label = _("Wat heeft de melder verteld?")
        self.fields["description"].help_text = _("In de woorden van de melder, zo volledig als nodig.")
        self.style_fields()


class PublicIntakeForm(ContactFieldsMixin, IntakeForm):
    """The public form: no account, anonymous allowed, contact details optional."""

    channel = Channel.PUBLIC
    show_indicators = False
    show_department = False
    show_contact = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].help_text = _("De gemeente waar u het zag of hoorde.")
        self.fields["acute_danger"].help_text = _("Is iemand nu in gevaar? Bel dan direct 112.")
        self.fields["files"].help_text = _("Bijvoorbeeld een foto of een schermafbeelding van een advertentie: "
                                           "hoogstens %(max)s bestanden van elk %(size)s MB.") % {
            "max": MAX_FILES, "size": settings.MAX_UPLOAD_MB}
        self.style_fields()


def posted_payload(form_class: type[IntakeForm], data, *, language: str = "") -> dict | None:
    """The service's payload read straight from a POST of `form_class`, without building the forms.

    Only what a form does before it validates: text stripped, dates read in the input formats
    the form accepts, the rows its formsets keep (a row with none of its `required_any` values is
    left out). Whether the values are acceptable is the service's to say. None when the POST is
    not in the form's shape, which only the forms can explain: a required choice missing or not
    one of the choices, a date the form cannot read, broken or too many rows, a choice on a row
    that is otherwise empty. The page then binds the forms and shows their messages.
    """
    fields = form_class.base_fields

    def text(name: str) -> str:
        return data.get(name, "").strip()

    token = data.get("form_token", "")
    if not token or "\x00" in token:
        return None
    for name, field in fields.items():
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField) \
                and field.required and not field.valid_value(data.get(name, "")):
            return None
    observed_on = _posted_date(fields["observed_on"], text("observed_on"))
    if observed_on is False:
        return None
    payload = {
        "description": text("description"),
        "acute_danger": fields["acute_danger"].coerce(data.get("acute_danger")),
        "forms": data.getlist("suspected_forms"),
        "sector": text("sector"),
        "location_type": text("location_type"),
        "observed_on": observed_on,
        "address": {key: text(key) for key in ("postcode", "house_number", "house_number_addition", "street", "place")},
        "minors_involved": text("minors_involved"),
        "language": language,
    }
    if form_class.show_indicators:
        payload["indicators"] = sorted(set(data.getlist("indicators")))
    if form_class.show_department:
        payload["reporter_department"] = text("reporter_department")
    if form_class.show_contact:
        payload["reporter_contact"] = {"name": text("contact_name"), "email": text("contact_email"),
                                       "phone": text("contact_phone")}
    for key, formset in FORMSETS.items():
        rows = _posted_rows(formset, key, data)
        if rows is None:
            return None
        payload[key] = rows
    return payload


def _posted_date(field: forms.DateField, value: str):
    """ISO date, None when empty, False when the form's field cannot read it."""
    if not value:
        return None
    try:
        return field.to_python(value).isoformat()
    except forms.ValidationError:
        return False


def _posted_rows(formset, prefix: str, data) -> list[dict] | None:
    counts = {}
    for name, field in ManagementForm.base_fields.items():
        try:
            counts[name] = field.clean(data.get(f"{prefix}-{name}"))
        except forms.ValidationError:
            return None
    if counts["TOTAL_FORMS"] > formset.absolute_max:
        return None
    row_fields = formset.form.base_fields
    rows = []
    for index in range(counts["TOTAL_FORMS"]):
        row = {name: data.get(f"{prefix}-{index}-{name}", "").strip() for name in row_fields}
        for name, field in row_fields.items():
            if isinstance(field, forms.ChoiceField) and row[name] and not field.valid_value(row[name]):
                return None
        if not any(row[name] for name in formset.form.required_any):
            continue
        for name, field in row_fields.items():
            if isinstance(field, forms.DateField):
                row[name] = _posted_date(field, row[name])
                if row[name] is False:
                    return None
        rows.append(row)
    return rows


SERVICE_FIELD_MAP = {
    "forms": "suspected_forms",
    "address.postcode": "postcode",
    "address.house_number": "house_number",
    "address.house_number_addition": "house_number_addition",
    "reporter_contact.email": "contact_email",
    "reporter_contact.phone": "contact_phone",
}


def apply_service_errors(form: IntakeForm, formsets: dict[str, BaseRowFormSet], errors: dict[str, list[str]]) -> None:
    """Put the service's errors next to the fields they are about (what is left goes on top)."""
    for path, messages in errors.items():
        parts = path.split(".")
        target, field = form, SERVICE_FIELD_MAP.get(path, path)
        if parts[0] in formsets and len(parts) >= 2 and parts[1].isdigit():
            rows = formsets[parts[0]].rows()
            index = int(parts[1])
            if index < len(rows):
                target, field = rows[index][1], parts[2] if len(parts) > 2 else None
        if field not in target.fields:
            field = None
        for message in messages:
            target.add_error(field, message)
    form.mark_invalid()
    for formset in formsets.values():
        for row_form in formset.forms:
            row_form.mark_invalid()
