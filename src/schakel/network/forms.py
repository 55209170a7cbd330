"""Input shapes of the network pages: field validation only; the rules live in services/."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm

from .models import Department, PartnerKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _user_choices(users) -> list[tuple[str, str]]:
    return [("", _("Kies…"))] + [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]


class AbsenceForm(StyledForm):
    starts_on = forms.DateField(label=_("Afwezig vanaf"), widget=DateInput(),
                                error_messages={"required": _("Vul in vanaf welke dag u afwezig bent."),
                                                "invalid": _("Vul een datum in, bijvoorbeeld 14-12-2026.")})
    ends_on = forms.DateField(label=_("Afwezig tot en met"), widget=DateInput(),
                              error_messages={"required": _("Vul in tot en met welke dag u afwezig bent."),
                                              "invalid": _("Vul een datum in, bijvoorbeeld 24-12-2026.")})
    backup = forms.ChoiceField(label=_("Wie vervangt"), choices=(),
                               help_text=_("Alleen aandachtsfunctionarissen van dezelfde gemeente, of een regionale "
                                           "aandachtsfunctionaris die voor die gemeente werkt."),
                               error_messages={"required": _("Kies wie u vervangt.")})

    def __init__(self, *args, backups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backup"].choices = _user_choices(backups)


class OfficerChoiceForm(StyledForm):
    officer = forms.ChoiceField(label=_("Aandachtsfunctionaris"), choices=(),
                                error_messages={"required": _("Kies een aandachtsfunctionaris.")})

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = _user_choices(officers)


class HandoverForm(StyledForm):
    token = forms.CharField(widget=forms.HiddenInput())
    to_user = forms.ChoiceField(label=_("Opvolger"), choices=(),
                                help_text=_("Een aandachtsfunctionaris die voor dezelfde gemeente(n) werkt."),
                                error_messages={"required": _("Kies een opvolger.")})
    end_role = forms.BooleanField(label=_("Daarna de rol van aandachtsfunctionaris beëindigen (alleen beheerder)"),
                                  required=False)

    def __init__(self, *args, successors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].choices = _user_choices(successors)


class PartnerSearchForm(StyledForm):
    q = forms.CharField(label=_("Zoek op naam, soort of waarvoor"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle soorten"))] + PartnerKind.choices)


class PartnerForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    name = forms.CharField(label=_("Naam"), max_length=200, error_messages={"required": _("Vul de naam in.")})
    kind = forms.ChoiceField(label=_("Soort"), choices=PartnerKind.choices,
                             error_messages={"required": _("Kies de soort organisatie.")})
    contact_for = forms.CharField(label=_("Waarvoor neemt u contact op"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}), error_messages={"required": _("Vul in waarvoor men contact opneemt.")})
    phone = forms.CharField(label=_("Telefoon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             error_messages={"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld info@voorbeeld.nl.")})
    hours = forms.CharField(label=_("Bereikbaar"), max_length=200, required=False,
                            help_text=_("Bijvoorbeeld: ma–vr 9.00–17.00, buiten kantoortijd via 112."))
    shelter_types = forms.CharField(label=_("Soort opvang"), max_length=200, required=False)
    languages = forms.CharField(label=_("Talen"), max_length=200, required=False)


class GuideForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    look_for = forms.CharField(label=_("Waar let u op"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": _("Vul in waar de afdeling op let.")})
    what_to_do = forms.CharField(label=_("Wat doet u"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
                                 error_messages={"required": _("Vul in wat een medewerker doet.")})
    indicators = forms.MultipleChoiceField(label=_("Indicatoren uit de catalogus"), required=False, choices=(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, indicator_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = list(indicator_choices)


class BulletinForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    text = forms.CharField(label=_("Toelichting van de ketenregisseur"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Kort en zonder persoonsgegevens of casusinformatie."))


DEPARTMENTS = Department


class CheckedField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Ik heb de tekst gecontroleerd: er staan geen casusgegevens in"), required=False,
                         **kwargs)


class DocumentSearchForm(StyledForm):
    q = forms.CharField(label=_("Zoek op titel"), required=False, max_length=100)


class DocumentForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={"required": _("Vul een titel in.")})
    kind = forms.ChoiceField(label=_("Soort"), choices=(), error_messages={"required": _("Kies de soort document.")})
    audience = forms.ChoiceField(label=_("Voor wie"), choices=(), error_messages={"required": _("Kies voor wie.")})
    text = forms.CharField(label=_("Tekst"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                           error_messages={"required": _("Vul de tekst in.")})
    note = forms.CharField(label=_("Wat is er veranderd"), max_length=300, required=False)
    confirmed = CheckedField()

    def __init__(self, *args, **kwargs):
        from .models import Audience, DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
        self.fields["audience"].choices = Audience.choices


class MeetingForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=())
    title = forms.CharField(label=_("Onderwerp"), max_length=200, error_messages={"required": _("Vul het onderwerp in.")})
    starts_at = forms.DateTimeField(label=_("Datum en tijd"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={"required": _("Vul de datum en tijd in."),
                        "invalid": _("Vul een datum en tijd in, bijvoorbeeld 14-12-2026 14:00.")})
    place = forms.CharField(label=_("Plaats of link"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(label=_("Verslag"), max_length=10000, required=False,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("Wat het netwerk afsprak en leerde; geen namen, adressen of andere "
                                          "casusgegevens."))
    attendees = forms.MultipleChoiceField(label=_("Aanwezig"), required=False, choices=(),
                                          widget=forms.CheckboxSelectMultiple)
    confirmed = CheckedField()

    def __init__(self, *args, people=(), **kwargs):
        from .models import MeetingKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeetingKind.choices
        self.fields["attendees"].choices = [(str(u.pk), u.get_full_name() or u.get_username()) for u in people]


class RegionSettingsForm(StyledForm):
    minimum_officers = forms.IntegerField(
        label=_("Minimaal aantal aandachtsfunctionarissen per gemeente"), min_value=1, max_value=20,
        error_messages={"required": _("Vul het minimale aantal in."),
                        "min_value": _("Vul minstens 1 in."), "max_value": _("Vul hoogstens 20 in.")})
    partner_review_days = forms.IntegerField(
        label=_("Sociale kaart: controleren na (dagen)"), min_value=30, max_value=1095,
        error_messages={"required": _("Vul het aantal dagen in."),
                        "min_value": _("Vul minstens 30 dagen in."), "max_value": _("Vul hoogstens 1095 dagen in.")})
