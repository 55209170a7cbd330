"""The regional screening meeting (issue 13): series, meetings, agenda items, routes, attendance.

A region has one `MeetingSeries` (when and where the weekly table sits, who takes part); each
`Meeting` is one sitting, planned from the series or held as an extra one (spoedoverleg). An
`AgendaItem` puts one signal before one meeting, with the focal officer's question and the
summary the participants may read; the table's decision on it is one or more `Route` rows
(kinds from the route registry, routes.py). A route's actions live in the actions app, linked by
source "screening.route" and the route's id (decision 0072).

Tenancy: items and routes carry the signal's municipality and region as plain columns, so lists
filter on indexed columns without joining the signal. The question, the summaries and the route
notes are encrypted; the list pages never read them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Organisation, Region
from schakel.privacy.fields import EncryptedTextField

WEEKDAYS = [
    (0, _("maandag")), (1, _("dinsdag")), (2, _("woensdag")), (3, _("donderdag")), (4, _("vrijdag")),
]


class MeetingSeries(models.Model):
    """When and where the region's screening table sits, and which partner organisations take part."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="screening_series",
                                  verbose_name=_("regio"))
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=WEEKDAYS, default=1)
    start_time = models.TimeField(_("begintijd"), default=datetime.time(10, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=90)
    interval_weeks = models.PositiveSmallIntegerField(
        _("om de hoeveel weken"), default=1, help_text=_("1 is wekelijks, 2 is om de week."))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    video_link = models.URLField(_("videolink"), blank=True)
    agenda_notice_working_days = models.PositiveSmallIntegerField(
        _("agenda versturen (werkdagen vooraf)"), default=2,
        help_text=_("Zoveel werkdagen voor het overleg krijgen de deelnemers een e-mail met een link naar de agenda."))
    participants = models.ManyToManyField(Organisation, blank=True, related_name="screening_series",
                                          verbose_name=_("deelnemende organisaties"))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reeks screeningsoverleggen")
        verbose_name_plural = _("reeksen screeningsoverleggen")

    def __str__(self) -> str:
        return f"{self.region}: {self.get_weekday_display()} {self.start_time:%H:%M}"


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regulier overleg")
    EXTRA = "extra", _("Spoedoverleg")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Agenda in voorbereiding")
    AGENDA_SENT = "agenda_sent", _("Agenda verstuurd")
    CLOSED = "closed", _("Gehouden, notulen klaar")
    CANCELLED = "cancelled", _("Vervallen")


class MeetingQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        """The chain director and focal officers: their region's meetings (what a focal officer sees
        of an agenda is filtered per item); a partner member: the meetings their organisation
        takes part in."""
        condition = NOBODY
        regions = scope.regions_for(Role.CHAIN_DIRECTOR) | scope.regions_for(Role.FOCAL_OFFICER)
        if regions:
            condition |= models.Q(region_id__in=sorted(regions))
        partners = scope.organisations_for(Role.PARTNER_MEMBER)
        if partners:
            condition |= models.Q(pk__in=Meeting.participants.through.objects.filter(
                organisation_id__in=sorted(partners)).values("meeting_id"))
        return condition

    def coming(self, moment: datetime.datetime) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=moment - datetime.timedelta(hours=12)).exclude(
            status=MeetingStatus.CANCELLED).order_by("starts_at", "id")

    def past(self, moment: datetime.datetime) -> "MeetingQuerySet":
        return self.filter(starts_at__lt=moment - datetime.timedelta(hours=12)).order_by("-starts_at", "-id")


class Meeting(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="screening_meetings",
                               verbose_name=_("regio"))
    kind = models.CharField(_("soort"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=90)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    video_link = models.URLField(_("videolink"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    participants = models.ManyToManyField(Organisation, blank=True, related_name="screening_meetings",
                                          verbose_name=_("deelnemende organisaties"))
    reason = models.CharField(_("aanleiding"), max_length=300, blank=True,
                              help_text=_("Bij een spoedoverleg: waarom nu (zonder persoonsgegevens)."))
    agenda_sent_at = models.DateTimeField(_("agenda verstuurd op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"))
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("screeningsoverleg")
        verbose_name_plural = _("screeningsoverleggen")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["region", "starts_at"], name="meeting_region_starts")]
        constraints = [
            # A planned meeting of the series exists once per moment (the planner may run twice).
            models.UniqueConstraint(fields=["region", "starts_at"], condition=models.Q(kind="regular"),
                                    name="meeting_one_regular_per_moment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("screening:meeting", kwargs={"pk": self.pk})

    @property
    def is_open_for_agenda(self) -> bool:
        """Focal officers may still add or withdraw items."""
        return self.status == MeetingStatus.PLANNED

    @property
    def is_closed(self) -> bool:
        return self.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED)


class ItemOrigin(models.TextChoices):
    PUT_FORWARD = "put_forward", _("Aangemeld door de aandachtsfunctionaris")
    MONITOR = "monitor", _("Monitoren: termijn verstreken")
    OVERDUE_ACTION = "overdue_action", _("Actie over de termijn")
    NOT_DONE = "not_done", _("Actie kon niet worden uitgevoerd: besluit nodig")
    CARRIED_OVER = "carried_over", _("Doorgeschoven van het vorige overleg")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Nog te bespreken")
    DECIDED = "decided", _("Besloten")
    MOVED = "moved", _("Doorgeschoven")
    WITHDRAWN = "withdrawn", _("Teruggetrokken")


def item_scope(scope: Scope, prefix: str = "") -> models.Q:
    """Chain director: the items of their region. Focal officer: the items of their municipalities.
    Partner member: items of meetings their organisation takes part in (what they read of an item
    is the summary, never the signal itself)."""
    condition = NOBODY
    regions = scope.regions_for(Role.CHAIN_DIRECTOR)
    if regions:
        condition |= models.Q(**{f"{prefix}region_id__in": sorted(regions)})
    municipalities = scope.municipalities_for(Role.FOCAL_OFFICER)
    if municipalities:
        condition |= models.Q(**{f"{prefix}municipality_id__in": sorted(municipalities)})
    partners = scope.organisations_for(Role.PARTNER_MEMBER)
    if partners:
        condition |= models.Q(**{f"{prefix}meeting_id__in": Meeting.participants.through.objects.filter(
            organisation_id__in=sorted(partners)).values("meeting_id")})
    return condition


class AgendaItemQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return item_scope(scope)

    def for_list(self) -> "AgendaItemQuerySet":
        return self.defer("question", "summary", "table_summary")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items",
                                verbose_name=_("overleg"))
    signal = models.ForeignKey("signalling.Signal", on_delete=models.PROTECT, related_name="agenda_items",
                               verbose_name=_("signaal"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(_("herkomst"), max_length=20, choices=ItemOrigin.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    question = EncryptedTextField(_("vraag aan het overleg"), blank=True)
    summary = EncryptedTextField(
        _("samenvatting voor de deelnemers"), blank=True,
        help_text=_("Wat de deelnemers van het signaal mogen lezen. Personen alleen met hun rol "
                    "(mogelijk slachtoffer, mogelijke dader), nooit de melder."))
    table_summary = EncryptedTextField(_("samenvatting van de bespreking"), blank=True)
    close_reason = models.CharField(_("reden afsluiten"), max_length=30, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("aangemeld door"))
    created_at = models.DateTimeField(_("aangemeld op"))
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    moved_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position", "id"]
        indexes = [
            models.Index(fields=["meeting", "position"], name="item_meeting_position"),
            models.Index(fields=["signal", "status"], name="item_signal_status"),
            models.Index(fields=["municipality", "status"], name="item_municipality_status"),
        ]
        constraints = [
            # One live item per signal per meeting: a double submit or a second agenda build adds none.
            models.UniqueConstraint(fields=["meeting", "signal"], condition=models.Q(status__in=["pending", "decided"]),
                                    name="item_one_live_per_signal_and_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.signal_id}"


class RouteStatus(models.TextChoices):
    OPEN = "open", _("Loopt")
    DONE = "done", _("Afgerond")


class RouteQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return item_scope(scope, prefix="item__")

    def unfinished(self) -> "RouteQuerySet":
        return self.filter(status=RouteStatus.OPEN)


class Route(models.Model):
    """One route the table chose for a signal; `kind` is a key of the route registry."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="routes")
    signal = models.ForeignKey("signalling.Signal", on_delete=models.PROTECT, related_name="screening_routes")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("route"), max_length=40)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("uitvoerende organisatie"))
    note = EncryptedTextField(_("toelichting"), blank=True)
    due_on = models.DateField(_("uiterlijk klaar op"))
    status = models.CharField(_("status"), max_length=8, choices=RouteStatus.choices, default=RouteStatus.OPEN)
    # Finished with an action that could not be done: the table decides again (next agenda).
    not_done = models.BooleanField(_("kon niet worden uitgevoerd"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"))
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    objects = RouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["item", "id"]
        indexes = [
            models.Index(fields=["signal", "status"], name="route_signal_status"),
            models.Index(fields=["region", "kind", "status", "due_on"], name="route_region_kind_due"),
        ]

    def __str__(self) -> str:
        return self.kind


class Attendance(models.Model):
    """Who was present at a meeting (recorded in the meeting; the minutes and their readers follow it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("aanwezige")
        verbose_name_plural = _("aanwezigen")
        ordering = ["meeting", "organisation__name", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")]
