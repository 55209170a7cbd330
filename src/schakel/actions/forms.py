"""Input shapes of the actions pages: field validation only; the rules live in services/."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import ActionStatus


class ListFilter(models.TextChoices):
    UNFINISHED = "lopend", _("Lopend (open en opgepakt)")
    OPEN = "open", _("Open")
    IN_PROGRESS = "opgepakt", _("Opgepakt")
    OVERDUE = "te-laat", _("Te laat")
    DONE = "uitgevoerd", _("Uitgevoerd")
    NOT_DONE = "niet-uitgevoerd", _("Niet uitgevoerd")
    ALL = "alle", _("Alle acties")


class SortOrder(models.TextChoices):
    DUE = "termijn", _("Termijn, eerst verlopend")
    DUE_DESC = "-termijn", _("Termijn, laatst verlopend")
    NEWEST = "nieuwste", _("Nieuwste eerst")
    SIGNAL = "signaal", _("Kenmerk signaal")
    STATUS = "status", _("Status")


class StyledForm(forms.Form):
    """NL Design System classes on every widget; errors wired to the field (aria-invalid, describedby).

    No HTML `required` attributes: the server's Dutch message next to the field is the validation.
    """

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "schakel-choice"
            elif isinstance(widget, forms.Textarea):
                css = "utrecht-textarea"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field, auto_id = self.fields[name], self[name].auto_id
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = " ".join(
                    [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if field.help_text else []))


class ActionListForm(StyledForm):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Kenmerk van het signaal (bijvoorbeeld 2026-000123) of woorden uit ‘wat te doen’."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ListFilter.choices)
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False, choices=SortOrder.choices)


class VersionedForm(StyledForm):
    """Every change carries the version of the action the person saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptForm(VersionedForm):
    pass


class ReportBackForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Hoe is het gegaan?"), widget=forms.RadioSelect,
        choices=[(ActionStatus.DONE, _("Uitgevoerd")), (ActionStatus.NOT_DONE, _("Kon niet worden uitgevoerd"))],
        error_messages={"required": _("Kies of de actie is uitgevoerd of niet kon worden uitgevoerd.")})
    text = forms.CharField(
        label=_("Uitkomst of reden"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Uitgevoerd: wat is er gedaan en wat kwam eruit. Niet uitgevoerd: waarom niet. "
                    "De aandachtsfunctionaris en het screeningsoverleg lezen dit."),
        error_messages={"required": _("Vul de uitkomst of de reden in."),
                        "max_length": _("Deze tekst is te lang: hoogstens 5.000 tekens.")})
