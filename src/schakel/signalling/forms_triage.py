"""Input shapes of the triage pages: field validation only; the rules live in services/triage.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation, OrganisationKind

from .models import Channel, CloseReason, EntityKind, ExploitationForm, PersonRole, ReferralTarget, Sector, SignalStatus
from .referral_targets import targets_for
from .selectors import SortOrder, Tab


class InboxForm(forms.Form):
    """The inbox's search box, filters and sort order (GET)."""

    tab = forms.ChoiceField(choices=Tab.choices, required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}), help_text=_(
        "Kenmerk, telefoonnummer, postcode en huisnummer, kenteken, KvK-nummer, e-mailadres, website, "
        "naam of woorden uit de tekst."))
    form = forms.ChoiceField(label=_("Vorm"), required=False,
                             choices=[("", _("Alle vormen"))] + list(ExploitationForm.choices))
    sector = forms.ChoiceField(label=_("Sector"), required=False,
                               choices=[("", _("Alle sectoren"))] + list(Sector.choices))
    channel = forms.ChoiceField(label=_("Kanaal"), required=False,
                                choices=[("", _("Alle kanalen"))] + list(Channel.choices))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle statussen"))] + list(SignalStatus.choices))
    received_from = forms.DateField(label=_("Ontvangen vanaf"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    received_until = forms.DateField(label=_("Ontvangen tot en met"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False, choices=SortOrder.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_until")
        if start and end and end < start:
            self.add_error("received_until", _("Deze datum ligt vóór de begindatum."))
        return data


class VersionedForm(forms.Form):
    """Every action carries the version of the signal the officer saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PickUpForm(VersionedForm):
    pass


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("Toewijzen aan"), queryset=None, empty_label=None,
                                      help_text=_("Is deze persoon afwezig, dan gaat het signaal naar de vervanger."))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        from schakel.accounts.models import User

        from .names import surname_order

        # By surname as Dutch lists sort ('Anna van der Berg' under B), names.py.
        self.fields["assignee"].queryset = (User.objects.filter(pk__in=[o.pk for o in officers])
                                            .order_by(*surname_order(), "pk"))
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.username


class StatusForm(VersionedForm):
    target = forms.ChoiceField(choices=SignalStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StatusForm):
    close_reason = forms.ChoiceField(
        label=_("Reden van afsluiten"), widget=forms.RadioSelect,
        choices=[(value, label) for value, label in CloseReason.choices if value != CloseReason.DUPLICATE],
        help_text=_("Een dubbel signaal sluit u af met ‘Samenvoegen’."))


class ReopenForm(StatusForm):
    reason = forms.CharField(label=_("Waarom heropent u dit signaal?"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OrganisationSelect(forms.Select):
    """Options grouped by kind of organisation; each names the referral targets it fits (data-targets)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-targets"] = " ".join(targets_for(instance.kind))
        return option


class OrganisationChoiceField(forms.ModelChoiceField):
    """The organisations a referral may name, in optgroups per kind (politie, Veilig Thuis, gemeente, ...)."""

    widget = OrganisationSelect

    def _get_choices(self):
        if not hasattr(self, "queryset") or self.queryset is None:
            return []
        labels = dict(OrganisationKind.choices)
        grouped: dict[str, list] = {}
        for organisation in self.queryset:
            grouped.setdefault(organisation.kind, []).append(
                (self.prepare_value_for_option(organisation), organisation.name))
        choices = [("", self.empty_label)]
        choices += [(labels.get(kind, kind), grouped[kind]) for kind in OrganisationKind.values if kind in grouped]
        return choices

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def prepare_value_for_option(self, organisation):
        return forms.models.ModelChoiceIteratorValue(self.prepare_value(organisation), organisation)


class ReferForm(VersionedForm):
    to_kind = forms.ChoiceField(label=_("Doorverwijzen naar"), widget=forms.RadioSelect, choices=ReferralTarget.choices)
    to_organisation = OrganisationChoiceField(
        label=_("Organisatie"), required=False, queryset=None, empty_label=_("Geen bepaalde organisatie"),
        help_text=_("De organisaties van de regio van dit signaal en de landelijke, per soort. "
                    "Kies er een die past bij de ontvanger hierboven, of laat dit leeg."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst, of laat dit veld leeg.")})
    to_description = forms.CharField(label=_("Naam of afdeling van de ontvanger"), required=False, max_length=200,
                                     help_text=_("Bijvoorbeeld het team of de contactpersoon."))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none())


class MergeForm(VersionedForm):
    into_reference = forms.CharField(label=_("Kenmerk van het andere signaal"), max_length=20,
                                     help_text=_("Bijvoorbeeld 2026-000123. Dit signaal wordt afgesloten als dubbel."))
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(VersionedForm):
    text = forms.CharField(label=_("Notitie"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(VersionedForm):
    text = forms.CharField(label=_("Uw vraag aan de melder"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("De melder leest dit in het postvak of krijgt een e-mail met een link."))


# The fields of each kind of entity, in the order the form shows them.
ENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    EntityKind.PERSON: ("person_role", "name", "date_of_birth", "nationality", "description"),
    EntityKind.COMPANY: ("name", "kvk", "description"),
    EntityKind.ADDRESS: ("postcode", "house_number", "house_number_addition", "street", "place"),
    EntityKind.PHONE: ("number",),
    EntityKind.VEHICLE: ("plate", "description"),
    EntityKind.EMAIL: ("address",),
    EntityKind.WEBSITE: ("url", "description"),
}


class EntityForm(VersionedForm):
    """One new person, company, address, phone number, vehicle, e-mail address or website."""

    kind = forms.ChoiceField(choices=EntityKind.choices, widget=forms.HiddenInput)
    person_role = forms.ChoiceField(label=_("Rol"), required=False, choices=[("", "–")] + list(PersonRole.choices))
    name = forms.CharField(label=_("Naam"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    nationality = forms.CharField(label=_("Nationaliteit"), required=False, max_length=100)
    kvk = forms.CharField(label=_("KvK-nummer"), required=False, max_length=20)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=10)
    house_number_addition = forms.CharField(label=_("Toevoeging"), required=False, max_length=10)
    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    place = forms.CharField(label=_("Plaats"), required=False, max_length=200)
    number = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40)
    plate = forms.CharField(label=_("Kenteken"), required=False, max_length=20)
    address = forms.CharField(label=_("E-mailadres"), required=False, max_length=200)
    url = forms.CharField(label=_("Website of link"), required=False, max_length=200)
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def visible_fields_for_kind(self):
        kind = self["kind"].value() or self.initial.get("kind")
        return [self[name] for name in ENTITY_FIELDS.get(kind, ())]

    def entity_data(self) -> dict:
        kind = self.cleaned_data["kind"]
        data = {}
        for name in ENTITY_FIELDS[kind]:
            if name == "person_role":
                continue
            value = self.cleaned_data.get(name)
            if value:
                data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return data
