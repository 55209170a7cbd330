"""Input shapes of the screening pages: field validation only; the rules live in services/."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.actions.forms import StyledForm
from schakel.clock import AMSTERDAM

from .models import WEEKDAYS
from .routes import MONITOR, route_kinds
from .services.decisions import TABLE_CLOSE_REASONS, MAX_MONITOR_WEEKS, RouteChoice, owner_choices


class VersionedForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SeriesForm(VersionedForm):
    weekday = forms.TypedChoiceField(label=_("Dag"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("Begintijd"), help_text=_("Bijvoorbeeld 10:00."),
                                 widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}))
    duration_minutes = forms.IntegerField(label=_("Duur in minuten"), min_value=15, max_value=480)
    interval_weeks = forms.TypedChoiceField(label=_("Hoe vaak"), coerce=int, choices=[
        (1, _("Elke week")), (2, _("Om de week")), (3, _("Eens per drie weken")), (4, _("Eens per vier weken"))])
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https",
                                help_text=_("Een link naar de beveiligde videovergadering, als u die gebruikt."))
    agenda_notice_working_days = forms.IntegerField(
        label=_("Agenda versturen, werkdagen vooraf"), min_value=0, max_value=10,
        help_text=_("De deelnemers krijgen dan een e-mail met een link naar de agenda, nooit de inhoud."))
    participants = forms.ModelMultipleChoiceField(label=_("Deelnemende organisaties"), queryset=None,
                                                  required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        from .services.meetings import participant_choices

        self.fields["participants"].queryset = participant_choices(region_id)
        self.fields["participants"].widget.attrs["class"] = "utrecht-checkbox"


class ExtraMeetingForm(StyledForm):
    day = forms.DateField(label=_("Datum"), help_text=_("Bijvoorbeeld 15-12-2026."),
                          input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d-%m-%y"])
    time = forms.TimeField(label=_("Begintijd"), help_text=_("Bijvoorbeeld 14:30."))
    reason = forms.CharField(label=_("Aanleiding"), max_length=300,
                             help_text=_("Waarom nu? Zonder namen of andere persoonsgegevens."))
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")
    participants = forms.ModelMultipleChoiceField(label=_("Deelnemende organisaties"), queryset=None,
                                                  required=False, widget=forms.CheckboxSelectMultiple,
                                                  help_text=_("Leeg: dezelfde organisaties als het wekelijkse overleg."))

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        from .services.meetings import participant_choices

        self.fields["participants"].queryset = participant_choices(region_id)
        self.fields["participants"].widget.attrs["class"] = "utrecht-checkbox"

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=AMSTERDAM)


class PutForwardForm(StyledForm):
    question = forms.CharField(label=_("Uw vraag aan het overleg"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("In één of twee zinnen: wat wilt u dat het overleg besluit of weet?"))
    summary = forms.CharField(label=_("Samenvatting voor de deelnemers"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Dit lezen alle deelnemers. Noem personen alleen met hun rol "
                                          "(mogelijk slachtoffer, mogelijke dader), nooit de melder."))


class EditItemForm(VersionedForm):
    question = forms.CharField(label=_("Vraag aan het overleg"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Samenvatting voor de deelnemers"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=PutForwardForm.base_fields["summary"].help_text)


class DecisionForm(VersionedForm):
    """One decision: a summary of the discussion and one or more routes, each with its owner."""

    table_summary = forms.CharField(label=_("Samenvatting van de bespreking"), max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    monitor_weeks = forms.IntegerField(label=_("Terug op de agenda na (weken)"), min_value=1,
                                       max_value=MAX_MONITOR_WEEKS, initial=4, required=False)
    close_reason = forms.ChoiceField(label=_("Reden van afsluiten"), required=False)

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.route_rows = []
        for kind in route_kinds():
            self.fields[f"route_{kind.key}"] = forms.BooleanField(label=kind.label, required=False,
                                                                  help_text=kind.description)
            self.fields[f"route_{kind.key}"].widget.attrs["class"] = "utrecht-checkbox"
            row = {"kind": kind, "check": f"route_{kind.key}", "owner": None, "note": None}
            if kind.needs_owner:
                choices = [("", _("Kies de organisatie"))] + [
                    (str(o.pk), o.name) for o in owner_choices(region_id, kind.key)]
                self.fields[f"owner_{kind.key}"] = forms.ChoiceField(
                    label=_("Uitvoerende organisatie voor %(route)s") % {"route": kind.label}, choices=choices,
                    required=False)
                self.fields[f"owner_{kind.key}"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
                self.fields[f"note_{kind.key}"] = forms.CharField(
                    label=_("Opdracht voor %(route)s") % {"route": kind.label}, required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}))
                row.update(owner=f"owner_{kind.key}", note=f"note_{kind.key}")
            self.route_rows.append(row)
        self.fields["close_reason"].choices = [("", _("Kies een reden"))] + [
            (reason.value, reason.label) for reason in TABLE_CLOSE_REASONS]
        self.fields["close_reason"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def bound_rows(self):
        return [{"kind": row["kind"], "check": self[row["check"]],
                 "owner": self[row["owner"]] if row["owner"] else None,
                 "note": self[row["note"]] if row["note"] else None} for row in self.route_rows]

    def route_choices(self) -> list[RouteChoice]:
        data = self.cleaned_data
        chosen = []
        for row in self.route_rows:
            kind = row["kind"]
            if not data.get(row["check"]):
                continue
            owner = data.get(row["owner"]) if row["owner"] else None
            chosen.append(RouteChoice(kind=kind.key, owner_organisation_id=int(owner) if owner else None,
                                      note=data.get(row["note"]) or "" if row["note"] else "",
                                      monitor_weeks=data.get("monitor_weeks") or 4 if kind.key == MONITOR else 4))
        return chosen


class AttendanceForm(VersionedForm):
    present = forms.MultipleChoiceField(label=_("Aanwezig"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(m.pk), f"{m.user.get_full_name() or m.user.username} ({m.organisation.name}, {m.get_role_display()})")
            for m in memberships]
        self.fields["present"].widget.attrs["class"] = "utrecht-checkbox"

