"""Administrative measures (bestuurlijke maatregelen): the barriers a municipality raises.

A measure has a type from the reference data (catalogue.py: its fields, rules, steps and
outcomes), a municipality, optionally a signal and the screening route it came from, the
people on it, its subjects (addresses and companies, by blind-indexed key for the register),
steps with deadlines, documents and a history. Free text, the type's details and the subjects
as typed are encrypted. A secret type (Bibob) is readable only by the people on the measure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Region
from schakel.privacy.fields import EncryptedJSONField, EncryptedTextField

from .catalogue import get_type


class MeasureStatus(models.TextChoices):
    PREPARING = "preparing", _("In voorbereiding")
    RUNNING = "running", _("Lopend")
    DONE = "done", _("Afgerond")
    STOPPED = "stopped", _("Gestopt")


OPEN_STATUSES = (MeasureStatus.PREPARING, MeasureStatus.RUNNING)


# The roles through which someone of the municipality can be named on a measure (a Bibob
# coordinator or an enforcement officer holds the reporter role in Schakel). Regional roles never:
# the chain director sees counts, not content.
NAMED_ROLES = frozenset({Role.FOCAL_OFFICER, Role.REPORTER})


def local_municipalities(scope: Scope) -> frozenset[int]:
    """The municipalities the user works in through a role that can be named on a measure."""
    ids: set[int] = set()
    for role in NAMED_ROLES:
        ids |= scope.municipalities_for(role)
    return frozenset(ids)


def measure_scope(scope: Scope, prefix: str = "") -> models.Q:
    """Which measures a scope may read.

    The focal officers of the measure's municipality, except for secret (Bibob) measures; and the
    people named on a measure, if they work in its municipality. The chain director and the policy
    officer see counts only (selectors.counts_*), never a measure.
    """
    if scope.user_id is None:
        return NOBODY
    condition = NOBODY
    focal = scope.municipalities_for(Role.FOCAL_OFFICER)
    if focal:
        condition = models.Q(**{f"{prefix}municipality_id__in": sorted(focal), f"{prefix}secret": False})
    local = local_municipalities(scope)
    if local:
        named = MeasurePerson.objects.filter(user_id=scope.user_id).values("measure_id")
        condition = condition | models.Q(**{f"{prefix}pk__in": named,
                                            f"{prefix}municipality_id__in": sorted(local)})
    return condition


class MeasureQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return measure_scope(scope)

    def open(self) -> "MeasureQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class MeasureRelatedQuerySet(TenantQuerySet):
    """Rows of one measure are visible exactly when their measure is."""

    def scope_filter(self, scope: Scope) -> models.Q:
        return measure_scope(scope, prefix="measure__")


class Measure(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="measures",
                                     verbose_name=_("gemeente"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="measures", verbose_name=_("regio"))
    type_key = models.CharField(_("soort"), max_length=60)
    secret = models.BooleanField(_("geheim (Bibob)"), default=False, editable=False,
                                 help_text=_("Van de soort overgenomen: alleen wie op de maatregel staat, leest haar."))
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices,
                              default=MeasureStatus.PREPARING)
    signal = models.ForeignKey("signalling.Signal", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="measures", verbose_name=_("signaal"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups",
                               verbose_name=_("vervolg van"))
    source = models.CharField(_("herkomst"), max_length=40, blank=True,
                              help_text=_("'screening.route' voor de bestuurlijke route van het screeningsoverleg."))
    source_id = models.PositiveBigIntegerField(_("herkomst-id"), null=True, blank=True)
    action_id = models.PositiveBigIntegerField(_("actie"), null=True, blank=True,
                                               help_text=_("De actie van de route die deze maatregel afrondt."))
    department = models.CharField(_("verantwoordelijke afdeling"), max_length=120, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="responsible_measures", verbose_name=_("verantwoordelijke"))
    description = EncryptedTextField(_("omschrijving"), blank=True)
    details = EncryptedJSONField(_("gegevens van de soort"), null=True, blank=True, default=None)
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("afgerond op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=60, blank=True)
    outcome_text = EncryptedTextField(_("toelichting uitkomst"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("vastgelegd door"))
    updated_at = models.DateTimeField(_("gewijzigd op"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False,
                                       help_text="SHA-256 of the user and the form's one-time token (double submit).")

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestuurlijke maatregel")
        verbose_name_plural = _("bestuurlijke maatregelen")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["municipality", "status", "type_key"], name="measure_overview"),
            models.Index(fields=["municipality", "started_on"], name="measure_municipality_year"),
            models.Index(fields=["source", "source_id"], name="measure_source"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in MeasureStatus]),
                                   name="measure_status_valid"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                                   name="measure_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("measures:detail", kwargs={"reference": self.reference})

    @property
    def kind(self):
        return get_type(self.type_key)

    @property
    def type_label(self) -> str:
        kind = self.kind
        return kind.label if kind else self.type_key

    @property
    def legal_basis_label(self) -> str:
        kind = self.kind
        return kind.legal_basis_label(self.legal_basis) if kind else self.legal_basis

    @property
    def outcome_label(self) -> str:
        kind = self.kind
        return kind.outcome_label(self.outcome) if kind and self.outcome else self.outcome

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferenceCounter(models.Model):
    """The last measure number handed out per year (BM-2026-0012)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class MeasurePerson(models.Model):
    """Someone named on a measure: they may read it, also when it is secret."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measure_roles",
                             verbose_name=_("medewerker"))
    function = models.CharField(_("rol op de maatregel"), max_length=100, blank=True)
    added_at = models.DateTimeField(_("toegevoegd op"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeasureRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("betrokken medewerker")
        verbose_name_plural = _("betrokken medewerkers")
        ordering = ["measure", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["measure", "user"], name="measure_person_once")]


class SubjectKind(models.TextChoices):
    ADDRESS = "address", _("Adres")
    COMPANY = "company", _("Bedrijf")


class MeasureSubject(models.Model):
    """An address or company a measure is about, as typed (encrypted) and by register key.

    `key` is the blind index of the normalised postcode + house number ('postcode_house', the same
    kind the signals' search tokens use) or KvK number ('kvk'); empty when what was typed does not
    parse, then `unparsed` is set and the subject stays out of the register.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(_("soort"), max_length=20, choices=SubjectKind.choices)
    typed = EncryptedJSONField(_("zoals ingevoerd"), null=True, blank=True, default=None)
    key = models.CharField(max_length=32, blank=True, editable=False)
    unparsed = models.BooleanField(_("niet herkend"), default=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", editable=False,
                                     db_index=False)
    added_at = models.DateTimeField(_("toegevoegd op"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeasureRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("adres of bedrijf")
        verbose_name_plural = _("adressen en bedrijven")
        ordering = ["measure", "id"]
        indexes = [models.Index(fields=["kind", "key", "municipality"], name="measuresubject_register")]
        constraints = [
            models.CheckConstraint(condition=models.Q(unparsed=True, key="") | models.Q(unparsed=False) & ~models.Q(key=""),
                                   name="measuresubject_key_unless_unparsed"),
        ]

    def display(self) -> str:
        data = self.typed or {}
        if self.kind == SubjectKind.ADDRESS:
            parts = [data.get("text", ""), data.get("street", ""), data.get("place", "")]
            return ", ".join(part for part in parts if part)
        return " – ".join(part for part in (data.get("name", ""), data.get("kvk", "")) if part)


class MeasureStep(models.Model):
    """One step of a measure's type, with its deadline (None while the date it counts from is unknown)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(_("stap"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    reminded_on = models.DateField(_("herinnering verstuurd op"), null=True, blank=True)
    # Copied from the measure, so the overdue list and the reminder job read one small index.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", editable=False,
                                     db_index=False)

    objects = MeasureRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["measure", "position"]
        constraints = [models.UniqueConstraint(fields=["measure", "key"], name="measure_step_once")]
        indexes = [models.Index(fields=["municipality", "due_on"], name="measurestep_open_due",
                                condition=models.Q(done_on__isnull=True, due_on__isnull=False))]

    @property
    def step_type(self):
        kind = self.measure.kind
        return kind.step(self.key) if kind else None

    @property
    def label(self) -> str:
        step = self.step_type
        return step.label if step else self.key


class EventKind(models.TextChoices):
    CREATED = "created", _("Vastgelegd")
    CHANGED = "changed", _("Gewijzigd")
    STATUS = "status", _("Status gewijzigd")
    STEP = "step", _("Stap gedaan")
    PERSON = "person", _("Medewerker toegevoegd")
    SUBJECT = "subject", _("Adres of bedrijf toegevoegd")
    DOCUMENT = "document", _("Document toegevoegd")


class MeasureEvent(models.Model):
    """The history of a measure. Append-only: services add rows, nothing updates them."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("door"))
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    text = EncryptedTextField(_("toelichting"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True,
                            help_text="Field names, statuses and step keys only: no personal data.")

    objects = MeasureRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["measure", "at", "id"]


class MeasureDocument(models.Model):
    """A letter or decision attached to a measure, kept encrypted by the privacy file store."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="documents")
    stored_file = models.OneToOneField("privacy.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    title = EncryptedTextField(_("omschrijving"), blank=True)
    created_at = models.DateTimeField(_("toegevoegd op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeasureRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["measure", "created_at", "id"]
