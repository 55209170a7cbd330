"""Linkage: keyed tokens and person encodings of recorded entities, the matches they give, and the
contact requests through which details may pass (docs/decisions/0076-linkage-design.md).

Nothing here holds plaintext: a `LinkToken` is an HMAC of a normalised identifier under the
linkage secret (settings, never the database); a `PersonEncoding` is a keyed Bloom filter of a
person's name and date-of-birth q-grams. A `Match` names two entities and their municipalities
and says only its kind and, for persons, a coarse band. Rows hang on the signal entity they come
from (CASCADE), so erasing a signal erases its linkage too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Region
from schakel.privacy.fields import EncryptedTextField


class LinkKind(models.TextChoices):
    ADDRESS = "address", _("Adres")
    PHONE = "phone", _("Telefoonnummer")
    PLATE = "plate", _("Kenteken")
    KVK = "kvk", _("KvK-nummer")
    VESTIGING = "vestiging", _("Vestigingsnummer")
    EMAIL = "email", _("E-mailadres")
    HOST = "host", _("Website")
    LINK = "link", _("Advertentie of profiel")
    IBAN = "iban", _("Rekeningnummer")
    PERSON = "person", _("Persoon")


class Band(models.TextChoices):
    """How sure a person match is, in words; the score itself is never shown."""

    EXACT = "exact", _("Zelfde kenmerk")
    HIGH = "high", _("Zeer waarschijnlijk dezelfde persoon")
    PROBABLE = "probable", _("Mogelijk dezelfde persoon")


class LinkTokenQuerySet(models.QuerySet):
    pass


class LinkToken(models.Model):
    """One keyed token of one normalised identifier of one entity ('exact' linkage)."""

    entity = models.ForeignKey("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    signal = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    token = models.CharField(max_length=32)
    key_id = models.CharField(max_length=8)

    objects = LinkTokenQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["kind", "token", "entity"], name="linktoken_kind_token"),
                   models.Index(fields=["entity"], name="linktoken_entity"),
                   models.Index(fields=["key_id"], name="linktoken_key")]


class PersonEncoding(models.Model):
    """A person's keyed Bloom filter (name and date-of-birth q-grams) for fuzzy comparison."""

    entity = models.OneToOneField("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    signal = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    bloom = models.BinaryField()
    key_id = models.CharField(max_length=8, db_index=True)


class BlockKey(models.Model):
    """A keyed blocking key of a person encoding: candidates are the encodings that share one."""

    encoding = models.ForeignKey(PersonEncoding, on_delete=models.CASCADE, related_name="blocks")
    token = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["token", "encoding"], name="linkblock_token")]


class UnreadableField(models.Model):
    """A field that was filled in but could not be read as its kind: kept as typed, not linked."""

    entity = models.ForeignKey("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    signal = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    field = models.CharField(max_length=40)


class MatchStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    CONFIRMED = "confirmed", _("Bevestigd")
    FALSE = "false", _("Geen match")


def match_scope(scope: Scope) -> models.Q:
    """A match is seen by the focal officers of either side's municipality."""
    municipalities = sorted(scope.municipalities_for(Role.FOCAL_OFFICER))
    if not municipalities:
        return NOBODY
    return models.Q(municipality_a_id__in=municipalities) | models.Q(municipality_b_id__in=municipalities)


class MatchQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return match_scope(scope)

    def shown(self) -> "MatchQuerySet":
        """Matches marked as false are not shown again."""
        return self.exclude(status=MatchStatus.FALSE)


class Match(models.Model):
    """Two entities of two signals that share a token, or two persons whose encodings are close.

    Stored once per pair with entity_a.pk < entity_b.pk. Either side's focal officer sees the
    kind, the band, the other municipality and whom to contact there; never the other content.
    """

    kind = models.CharField(_("soort"), max_length=20, choices=LinkKind.choices)
    band = models.CharField(_("zekerheid"), max_length=20, choices=Band.choices, default=Band.EXACT)
    entity_a = models.ForeignKey("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    entity_b = models.ForeignKey("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    signal_a = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    signal_b = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    municipality_a = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    municipality_b = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    region_a = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", null=True)
    region_b = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", null=True)
    found_at = models.DateTimeField(_("gevonden op"))
    status = models.CharField(_("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.NEW)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entity_a", "entity_b", "kind"], name="one_match_per_pair_and_kind"),
            models.CheckConstraint(condition=models.Q(entity_a__lt=models.F("entity_b")), name="match_pair_ordered"),
        ]
        indexes = [models.Index(fields=["municipality_a", "status", "found_at"], name="match_muni_a"),
                   models.Index(fields=["municipality_b", "status", "found_at"], name="match_muni_b"),
                   models.Index(fields=["signal_a"], name="match_signal_a"),
                   models.Index(fields=["signal_b"], name="match_signal_b")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"

    def side_of(self, municipality_ids) -> str | None:
        """'a' or 'b': the side of the match the user works for (a, when both)."""
        if self.municipality_a_id in municipality_ids:
            return "a"
        if self.municipality_b_id in municipality_ids:
            return "b"
        return None

    def own_signal_id(self, side: str) -> int:
        return self.signal_a_id if side == "a" else self.signal_b_id

    def other_municipality(self, side: str):
        return self.municipality_b if side == "a" else self.municipality_a

    def other_municipality_id(self, side: str) -> int:
        return self.municipality_b_id if side == "a" else self.municipality_a_id


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op antwoord")
    APPROVED = "approved", _("Goedgekeurd")
    DECLINED = "declined", _("Afgewezen")


class ContactRequestQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        municipalities = sorted(scope.municipalities_for(Role.FOCAL_OFFICER))
        if not municipalities:
            return NOBODY
        return models.Q(from_municipality_id__in=municipalities) | models.Q(to_municipality_id__in=municipalities)


class ContactRequest(models.Model):
    """A focal officer asks the other side of a match for details; the other side decides."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contact_requests")
    from_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    to_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField()
    reason = EncryptedTextField(_("reden"))
    status = models.CharField(max_length=20, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = EncryptedTextField(_("toelichting"), blank=True, default="")

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["match", "from_municipality"],
                                               condition=models.Q(status="pending"),
                                               name="one_pending_contact_request_per_side")]


class RebuildRun(models.Model):
    """A run of `rebuild_linkage`: where it got to, so an interrupted run resumes there."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    last_signal_id = models.BigIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    key_id = models.CharField(max_length=8)
    only_stale = models.BooleanField(default=False, help_text="rotation: only signals with rows under an older key")

    class Meta:
        ordering = ["-started_at", "-id"]


class Installation(models.Model):
    """Another Schakel installation (another region) this one exchanges linkage with.

    It authenticates with a key of which only the hash is stored here; ours for it is in its
    database the same way. `contact_*` is whom our focal officers call about a match there.
    """

    name = models.SlugField(_("naam"), max_length=60, unique=True)
    url = models.URLField(_("adres"), blank=True)
    key_hash = models.CharField(max_length=64)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    max_exchanges_per_day = models.PositiveIntegerField(default=24)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("andere installatie")
        verbose_name_plural = _("andere installaties")

    def __str__(self) -> str:
        return self.name


class ExchangeLog(models.Model):
    """Every exchange step between installations, accepted or refused (who, when, how many)."""

    at = models.DateTimeField()
    installation = models.ForeignKey(Installation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    claimed_name = models.CharField(max_length=60, blank=True)
    direction = models.CharField(max_length=10, choices=[("in", "in"), ("out", "out")])
    step = models.CharField(max_length=20)
    outcome = models.CharField(max_length=40)
    sent = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)
    common = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]


class ExchangeSession(models.Model):
    """The answering side's state between the two steps of one exchange (no secret kept).

    `order` names our elements in the order we sent them blinded; `theirs` holds the other side's
    elements double-blinded (random-looking points). Deleted when the exchange finishes.
    """

    exchange_id = models.CharField(max_length=64, unique=True)
    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    order = models.JSONField(default=list)
    theirs = models.JSONField(default=list)


class RemoteMatchQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        municipalities = sorted(scope.municipalities_for(Role.FOCAL_OFFICER))
        return models.Q(municipality_id__in=municipalities) if municipalities else NOBODY


class RemoteMatch(models.Model):
    """An identifier of one of our entities that another installation also holds (hit, no content)."""

    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="matches")
    entity = models.ForeignKey("signalling.SignalEntity", on_delete=models.CASCADE, related_name="+")
    signal = models.ForeignKey("signalling.Signal", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=LinkKind.choices)
    found_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.NEW)

    objects = RemoteMatchQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["installation", "entity", "kind"],
                                               name="one_remote_match_per_entity_and_kind")]
