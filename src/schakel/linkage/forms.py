from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LinkKind, MatchStatus


class MatchListForm(forms.Form):
    q = forms.CharField(label=_("Kenmerk van uw signaal"), required=False, max_length=40,
                        help_text=_("Bijvoorbeeld 2026-000123"))
    kind = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *LinkKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Nieuw en bevestigd")), (MatchStatus.NEW, _("Nieuw")),
                                        (MatchStatus.CONFIRMED, _("Bevestigd"))])


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=[(MatchStatus.CONFIRMED, _("Bevestigen")),
                                         (MatchStatus.FALSE, _("Geen match"))])
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactRequestForm(forms.Form):
    reason = forms.CharField(label=_("Waarom wilt u contact?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("De andere gemeente ziet deze reden en beslist of zij contact opneemt."))


class ContactAnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Goedkeuren")), ("decline", _("Afwijzen"))])
    answer = forms.CharField(label=_("Toelichting (optioneel)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
