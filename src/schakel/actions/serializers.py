"""What the actions API accepts and answers (camelCase, as the rest of /api/v1).

The list row holds only plain, indexed columns (nothing encrypted is read for a list); the
detail adds the instructions, the outcome and the history. People appear by username, as in
the signals API; the signal by its reference, never its content (decision 0080).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import FINISHED_STATUSES, ActionEventKind, ActionStatus
from .services import MAX_TEXT

VERSION_HELP = ("De versie van de actie zoals u die het laatst hebt opgehaald (veld `version`). Is de actie "
                "intussen gewijzigd, dan volgt 409 en wordt niets opgeslagen.")
VERSION_MESSAGES = {
    "required": _("Geef de versie van de actie mee die u het laatst hebt opgehaald (veld version)."),
    "invalid": _("De versie is een geheel getal van 1 of hoger."),
    "min_value": _("De versie is een geheel getal van 1 of hoger."),
    "null": _("Geef de versie van de actie mee die u het laatst hebt opgehaald (veld version)."),
}


CHANGE_STATUSES = (ActionStatus.IN_PROGRESS, *FINISHED_STATUSES)


class ActionChangeIn(serializers.Serializer):
    """Picking an action up (`in_progress`), or reporting back: done with what came of it, not done with why."""

    status = serializers.ChoiceField(
        choices=[(value, label) for value, label in ActionStatus.choices if value in CHANGE_STATUSES],
        error_messages={"required": _("Kies de nieuwe status: in_progress (oppakken), done (uitgevoerd) of "
                                      "not_done (niet uitgevoerd)."),
                        "invalid_choice": _("Kies in_progress (oppakken), done (uitgevoerd) of not_done (niet "
                                            "uitgevoerd).")},
        help_text="`in_progress`: oppakken; `done`: uitgevoerd, `text` is de uitkomst; `not_done`: niet "
                  "uitgevoerd, `text` is de reden.")
    # Blank is let through here: the service refuses it with the sentence the page shows too.
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True, max_length=MAX_TEXT,
                                 error_messages={"max_length": _("Deze tekst is te lang: hoogstens 5.000 tekens.")},
                                 help_text="De uitkomst (bij done) of de reden (bij not_done); verplicht bij die "
                                           "twee, leeg bij in_progress.")
    version = serializers.IntegerField(min_value=1, error_messages=VERSION_MESSAGES, help_text=VERSION_HELP)

    def validate(self, attrs):
        if attrs["status"] == ActionStatus.IN_PROGRESS and attrs.get("text"):
            raise serializers.ValidationError({"text": [_(
                "Bij oppakken (in_progress) hoort geen tekst. De uitkomst of de reden meldt u met done of "
                "not_done.")]})
        return attrs


class ActionListOut(serializers.Serializer):
    """A list row: plain columns only."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    title = serializers.CharField(help_text="Wat te doen, kort en zonder persoonsgegevens.")
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    dueOn = serializers.DateField(help_text="Uiterlijk klaar op.")
    overdue = serializers.BooleanField(help_text="Niet afgerond en de datum is voorbij.")
    signal = serializers.CharField(help_text="Kenmerk van het signaal, bijvoorbeeld 2026-000123.")
    municipality = serializers.CharField(help_text="CBS-code van de gemeente van het signaal.")
    ownerOrganisation = serializers.CharField(help_text="Naam van de uitvoerende organisatie.")
    source = serializers.CharField(help_text="Herkomst, bijvoorbeeld signalling.referral (doorverwijzing).")
    routeKind = serializers.CharField(allow_blank=True)
    createdAt = serializers.DateTimeField()
    acceptedAt = serializers.DateTimeField(allow_null=True, help_text="Opgepakt op.")
    finishedAt = serializers.DateTimeField(allow_null=True, help_text="Teruggemeld op.")
    version = serializers.IntegerField(help_text="Stuur deze mee bij oppakken en terugmelden.")


class ActionEventOut(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ActionEventKind.choices)
    actor = serializers.CharField(allow_null=True, help_text="Gebruikersnaam, of leeg als Schakel het deed.")
    organisation = serializers.CharField(allow_blank=True)


class ActionDetailOut(ActionListOut):
    sourceLabel = serializers.CharField(help_text="De herkomst in woorden.")
    instructions = serializers.CharField(allow_blank=True, help_text="Toelichting: wat er moet gebeuren.")
    outcome = serializers.CharField(allow_blank=True, help_text="De uitkomst of de reden (na terugmelden).")
    responsible = serializers.CharField(allow_null=True, help_text="Gebruikersnaam van de verantwoordelijke.")
    acceptedBy = serializers.CharField(allow_null=True)
    finishedBy = serializers.CharField(allow_null=True)
    history = ActionEventOut(many=True)
