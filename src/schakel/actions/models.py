"""Actions: work for one owner organisation about one signal, with a due date and an outcome.

An action comes from a route the screening table chose, a focal officer's direct referral, or
later the care and barrier apps (decision 0072); `source` + `source_id` say which, without a
foreign key into that app. Its history is `ActionEvent` (append-only). Lists read plain,
indexed columns only (owner organisation, status, due date); the instructions and the outcome
are encrypted and read on the detail page alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Organisation, Region
from schakel.privacy.fields import EncryptedTextField


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Opgepakt")
    DONE = "done", _("Uitgevoerd")
    NOT_DONE = "not_done", _("Niet uitgevoerd")


UNFINISHED_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
FINISHED_STATUSES = (ActionStatus.DONE, ActionStatus.NOT_DONE)


# Keep in step with permissions.WORK_ROLES (who acts on an action of their own organisation).
OWNER_ROLES = (Role.PARTNER_MEMBER, Role.FOCAL_OFFICER, Role.CARE_COORDINATOR)


def action_scope(scope: Scope, prefix: str = "") -> models.Q:
    """Members of the owner organisation: their own organisation's actions; focal officers: those of signals of
    their municipalities; chain director and care coordinator: those of their region."""
    condition = NOBODY
    # The owner organisation's own people (partner members; a municipality's focal officers or
    # the region office's care coordinator when their organisation owns the action).
    organisations = frozenset().union(*(scope.organisations_for(role) for role in OWNER_ROLES))
    if organisations:
        condition |= models.Q(**{f"{prefix}owner_organisation_id__in": sorted(organisations)})
    municipalities = scope.municipalities_for(Role.FOCAL_OFFICER)
    if municipalities:
        condition |= models.Q(**{f"{prefix}municipality_id__in": sorted(municipalities)})
    regions = scope.regions_for(Role.CHAIN_DIRECTOR) | scope.regions_for(Role.CARE_COORDINATOR)
    if regions:
        condition |= models.Q(**{f"{prefix}region_id__in": sorted(regions)})
    return condition


class ActionQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return action_scope(scope)

    def unfinished(self) -> "ActionQuerySet":
        return self.filter(status__in=UNFINISHED_STATUSES)

    def finished(self) -> "ActionQuerySet":
        return self.filter(status__in=FINISHED_STATUSES)

    def overdue(self, today) -> "ActionQuerySet":
        return self.unfinished().filter(due_on__lt=today)

    def for_list(self) -> "ActionQuerySet":
        """The columns a list needs: nothing encrypted is read or decrypted."""
        return self.defer("instructions", "outcome")


class Action(models.Model):
    signal = models.ForeignKey("signalling.Signal", on_delete=models.PROTECT, related_name="actions",
                               verbose_name=_("signaal"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("regio"))
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions",
                                           verbose_name=_("uitvoerende organisatie"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="responsible_actions", verbose_name=_("verantwoordelijke"))
    title = models.CharField(_("wat te doen"), max_length=200,
                             help_text=_("Kort, zonder persoonsgegevens: dit staat in lijsten."))
    instructions = EncryptedTextField(_("toelichting"), blank=True)
    source = models.CharField(_("herkomst"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("herkomst-id"), null=True, blank=True)
    route_kind = models.CharField(_("soort route"), max_length=40, blank=True)
    due_on = models.DateField(_("uiterlijk klaar op"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    outcome = EncryptedTextField(_("uitkomst of reden"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("aangemaakt door"))
    accepted_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("opgepakt door"))
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("afgerond door"))
    overdue_notified_on = models.DateField(
        _("termijnoverschrijding gemeld op"), null=True, blank=True, editable=False,
        help_text="The focal officers were mailed that this action is overdue (once per action).")
    version = models.PositiveIntegerField(_("versie"), default=1)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner_organisation", "status", "due_on"], name="action_owner_status_due"),
            models.Index(fields=["signal", "due_on"], name="action_signal_due"),
            models.Index(fields=["source", "source_id"], name="action_source"),
            models.Index(fields=["municipality", "status", "due_on"], name="action_municipality_status"),
            models.Index(fields=["region", "due_on"], name="action_unfinished_by_region",
                         condition=models.Q(status__in=["open", "in_progress"])),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in ActionStatus]),
                                   name="action_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "in_progress"]) | models.Q(finished_at__isnull=False),
                name="action_finished_has_moment"),
            # A direct referral becomes exactly one action (a double submit or a re-run cannot add one).
            models.UniqueConstraint(fields=["source", "source_id"], name="action_one_per_referral",
                                    condition=models.Q(source="signalling.referral")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("actions:detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    def is_overdue(self, today) -> bool:
        return not self.is_finished and self.due_on < today


class ActionEventKind(models.TextChoices):
    CREATED = "created", _("Aangemaakt")
    ACCEPTED = "accepted", _("Opgepakt")
    DONE = "done", _("Uitgevoerd")
    NOT_DONE = "not_done", _("Niet uitgevoerd")
    OVERDUE_NOTIFIED = "overdue_notified", _("Termijn overschreden, aandachtsfunctionaris gemeld")


class ActionEventQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return action_scope(scope, prefix="action__")


class ActionEvent(models.Model):
    """The history of an action. Append-only: services add rows, nothing updates or deletes them."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("door"))
    kind = models.CharField(_("soort"), max_length=20, choices=ActionEventKind.choices)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    text = EncryptedTextField(_("tekst"), blank=True)

    objects = ActionEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebeurtenis van een actie")
        verbose_name_plural = _("gebeurtenissen van acties")
        ordering = ["action_id", "at", "id"]
