"""The regional network: absences and who covers, handovers, the partner directory, signal guides
and the monthly trend bulletin. docs: issue 19, docs/decisions/0079-regional-network-and-continuity.md.

Nothing here holds case data. An absence and a handover name staff (people who work in Schakel),
the partner directory names organisations and their contact points, a signal guide is instruction
text, a bulletin holds counts that are suppressed below five.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import TenantQuerySet
from schakel.organisations.models import Municipality, Region

User = settings.AUTH_USER_MODEL


class RegionNetworkSettings(models.Model):
    """What a region requires of its network (the Achterhoek: two officers per municipality)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="network_settings",
                                  verbose_name=_("regio"))
    minimum_officers = models.PositiveSmallIntegerField(
        _("minimaal aantal aandachtsfunctionarissen per gemeente"), default=2,
        help_text=_("Minder actieve aandachtsfunctionarissen dan dit: de gemeente krijgt een waarschuwing en de "
                    "beheerder en de ketenregisseur een e-mail."))
    partner_review_days = models.PositiveSmallIntegerField(
        _("sociale kaart: controleren na (dagen)"), default=365,
        help_text=_("Een vermelding die langer dan dit niet is bevestigd, staat op de lijst om te controleren."))

    class Meta:
        verbose_name = _("netwerkinstellingen van een regio")
        verbose_name_plural = _("netwerkinstellingen van regio's")

    def __str__(self) -> str:
        return str(self.region)


class AbsenceQuerySet(TenantQuerySet):
    def scope_filter(self, scope) -> Q:
        # The officer and whoever covers; an administrator reads through selectors.absences_for_admin.
        return Q(officer_id=scope.user_id) | Q(backup_id=scope.user_id)


class Absence(models.Model):
    """An officer away from `starts_on` to `ends_on` (inclusive), `backup` covering their work."""

    officer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="absences",
                                verbose_name=_("aandachtsfunctionaris"))
    backup = models.ForeignKey(User, on_delete=models.PROTECT, related_name="absences_covered",
                               verbose_name=_("vervanger"))
    starts_on = models.DateField(_("afwezig vanaf"))
    ends_on = models.DateField(_("afwezig tot en met"))
    # The standing backup before this absence, put back when it ends.
    previous_backup = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    applied = models.BooleanField(default=False, editable=False)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"),
            models.CheckConstraint(condition=~Q(officer=models.F("backup")), name="absence_backup_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.starts_on}–{self.ends_on}"

    def is_current(self, day) -> bool:
        return self.ended_at is None and self.starts_on <= day <= self.ends_on


class HandoverQuerySet(TenantQuerySet):
    def scope_filter(self, scope) -> Q:
        return (Q(from_user_id=scope.user_id) | Q(to_user_id=scope.user_id)
                | Q(municipality_id__in=scope.municipalities_for(Role.ADMINISTRATOR))
                | Q(municipality__region_membership__region_id__in=scope.regions_for(Role.ADMINISTRATOR))
                | Q(municipality__region_membership__region_id__in=scope.regions_for(Role.CHAIN_DIRECTOR)))


class Handover(models.Model):
    """All open work of one officer in one municipality moved to a successor, once."""

    from_user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="handovers_given",
                                  verbose_name=_("van"))
    to_user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="handovers_received",
                                verbose_name=_("naar"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    signals = models.PositiveIntegerField(_("signalen"), default=0)
    actions = models.PositiveIntegerField(_("acties"), default=0)
    reminders = models.PositiveIntegerField(_("herinneringen"), default=0)
    ended_role = models.BooleanField(_("rol beëindigd"), default=False)
    at = models.DateTimeField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")


class StaffingAlert(models.Model):
    """The administrator and chain director were told that a municipality has too few officers."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    active_officers = models.PositiveSmallIntegerField()
    required = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]


class PartnerKind(models.TextChoices):
    POLICE_AVIM = "police_avim", _("Politie (AVIM)")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    NLA = "nla", _("Nederlandse Arbeidsinspectie")
    RIEC = "riec", _("RIEC")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
    SHELTER = "shelter", _("Opvang")
    NIDOS = "nidos", _("Nidos")
    COMENSHA = "comensha", _("CoMensha")
    FAIRWORK = "fairwork", _("FairWork")
    LEGAL_AID = "legal_aid", _("Rechtshulp")
    OTHER = "other", _("Anders")


class RegionalQuerySet(TenantQuerySet):
    """Regional network material: anyone with a role in the region reads it."""

    def scope_filter(self, scope) -> Q:
        regions = frozenset().union(*scope.region_ids.values()) if scope.region_ids else frozenset()
        return Q(region_id__in=regions)


class Partner(models.Model):
    """One entry of the region's social map: an organisation and its contact point for trafficking."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="partners", verbose_name=_("regio"))
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=PartnerKind.choices)
    contact_for = models.TextField(_("waarvoor neemt u contact op"), max_length=2000)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("bereikbaar"), max_length=200, blank=True)
    shelter_types = models.CharField(_("soort opvang"), max_length=200, blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    last_confirmed_on = models.DateField(_("laatst bevestigd"))
    version = models.PositiveIntegerField(default=1)

    objects = RegionalQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("vermelding sociale kaart")
        verbose_name_plural = _("sociale kaart")

    def __str__(self) -> str:
        return self.name


class Department(models.TextChoices):
    BURGERZAKEN = "burgerzaken", _("Burgerzaken")
    HANDHAVING = "handhaving", _("Handhaving")
    WMO = "wmo", _("Wmo en wijkteam")
    LEERPLICHT = "leerplicht", _("Leerplicht")
    INKOMEN = "inkomen", _("Klantmanagers en inkomen")
    VERGUNNINGEN = "vergunningen", _("Vergunningen")
    TOEZICHT = "toezicht", _("Toezicht")


class SignalGuide(models.Model):
    """One version of a department's signal guide; the newest version of a region is the page."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="signal_guides",
                               verbose_name=_("regio"))
    department = models.CharField(_("afdeling"), max_length=30, choices=Department.choices)
    number = models.PositiveIntegerField(_("versie"))
    look_for = models.TextField(_("waar let u op"), max_length=4000)
    what_to_do = models.TextField(_("wat doet u"), max_length=4000)
    indicators = models.JSONField(_("indicatoren"), default=list, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = RegionalQuerySet.as_manager()

    class Meta:
        ordering = ["department", "-number"]
        constraints = [models.UniqueConstraint(fields=["region", "department", "number"], name="one_guide_version")]


class Bulletin(models.Model):
    """The region's trend bulletin for one month: suppressed counts and the chain director's text."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("regio"))
    month = models.DateField(_("maand"))
    text = models.TextField(_("toelichting van de ketenregisseur"), max_length=4000, blank=True)
    tables = models.JSONField(default=dict)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    mailed = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    objects = RegionalQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="one_bulletin_per_month")]


from .models_knowledge import (  # noqa: E402,F401  (the app's models, in their own module)
    Audience,
    Document,
    DocumentKind,
    DocumentVersion,
    Meeting,
    MeetingKind,
)
