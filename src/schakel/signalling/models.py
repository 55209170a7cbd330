"""Signals (signalen) and everything recorded with them at intake and during triage.

Shaped for a national installation (1M+ signals): the inbox list is answered from plain,
indexed columns (municipality, status, deadlines, channel, forms, sector); free text, names,
addresses and identifiers are encrypted and never needed by a list or a filter. Exact search
on identifiers and words goes through `SearchToken` rows (keyed blind indexes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Organisation, Region
from schakel.privacy.fields import EncryptedJSONField, EncryptedTextField


class Channel(models.TextChoices):
    STAFF = "staff", _("Medewerkersformulier")
    PUBLIC = "public", _("Openbaar formulier")
    PHONE = "phone", _("Telefonisch")
    VISIT = "visit", _("Bezoek aan de balie")
    PARTNER_API = "partner_api", _("Ketenpartner (API)")


class ReporterDepartment(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Baliemedewerker / burgerzaken")
    SOCIAL_DOMAIN = "social_domain", _("Wijkteam / sociaal domein")
    ENFORCEMENT = "enforcement", _("Toezicht en handhaving / BOA")
    SCHOOL_ATTENDANCE = "school_attendance", _("Leerplicht")
    WORK_INCOME = "work_income", _("Werk en inkomen / klantmanager")
    PERMITS = "permits", _("Vergunningen")
    OTHER = "other", _("Anders")


class LocationType(models.TextChoices):
    HOME = "home", _("Woning")
    HOTEL = "hotel", _("Hotel")
    HOLIDAY_PARK = "holiday_park", _("Vakantiepark / camping")
    BUSINESS_PARK = "business_park", _("Bedrijventerrein")
    RESTAURANT = "restaurant", _("Restaurant")
    NAIL_SALON = "nail_salon", _("Nagelsalon")
    MASSAGE_SALON = "massage_salon", _("Massagesalon")
    CAR_WASH = "car_wash", _("Autowasstraat")
    STATION = "station", _("Station")
    FARM = "farm", _("Boerenerf")
    SHIP = "ship", _("Schip")
    SEX_ESTABLISHMENT = "sex_establishment", _("Seksinrichting")
    PUBLIC_SPACE = "public_space", _("Straat / openbare ruimte")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Andere plek")
    UNKNOWN = "unknown", _("Weet ik niet")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN_REMOVAL = "organ_removal", _("Gedwongen orgaanverwijdering")
    UNKNOWN = "unknown", _("Weet ik niet")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Land- en tuinbouw")
    CONSTRUCTION = "construction", _("Bouw")
    HOSPITALITY = "hospitality", _("Horeca")
    MEAT_PROCESSING = "meat_processing", _("Slachterijen / vleesverwerking")
    CLEANING = "cleaning", _("Schoonmaak")
    TRANSPORT = "transport", _("Transport / logistiek")
    TEMPORARY_AGENCY = "temporary_agency", _("Uitzendbranche")
    INLAND_SHIPPING = "inland_shipping", _("Binnenvaart")
    PROSTITUTION = "prostitution", _("Prostitutie")
    DOMESTIC_WORK = "domestic_work", _("Huishoudelijk werk")
    BEAUTY = "beauty", _("Nagelstudio's en schoonheidssalons")
    CAR_WASH = "car_wash", _("Autowasserijen")
    RETAIL = "retail", _("Winkels en supermarkten")
    OTHER = "other", _("Andere sector")


class MinorsInvolved(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nee")
    UNKNOWN = "unknown", _("Weet ik niet")


class SignalStatus(models.TextChoices):
    """The states of a signal. The allowed moves between them live in transitions.py."""

    RECEIVED = "received", _("Ontvangen")
    IN_TRIAGE = "in_triage", _("In behandeling")
    ON_AGENDA = "on_agenda", _("Op de agenda van het screeningsoverleg")
    REFERRED = "referred", _("Doorverwezen")
    CLOSED = "closed", _("Afgesloten")


class ReporterStatus(models.TextChoices):
    """What a reporter may know of their signal (public mailbox, 'Mijn meldingen'): nothing more."""

    RECEIVED = "received", _("Ontvangen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    HANDLED = "handled", _("Afgehandeld")


OPEN_STATUSES = (SignalStatus.RECEIVED, SignalStatus.IN_TRIAGE, SignalStatus.ON_AGENDA, SignalStatus.REFERRED)


class CloseReason(models.TextChoices):
    NOT_TRAFFICKING = "not_trafficking", _("Geen mensenhandel")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Onvoldoende informatie")
    DUPLICATE = "duplicate", _("Dubbel (samengevoegd)")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Elders belegd")
    # Set by the screening app when every route the table chose is done (issue 13).
    ROUTES_DONE = "routes_done", _("Vervolg afgerond")


class IndicatorGroup(models.TextChoices):
    GENERAL = "general", _("Algemeen")
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")


class Indicator(models.Model):
    """One plain-language signal from the versioned catalogue in data/indicators.json."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    form = models.CharField(_("vorm van uitbuiting"), max_length=20, choices=IndicatorGroup.choices)
    group = models.CharField(_("groep"), max_length=100,
                             help_text=_("Thema binnen de vorm, bijvoorbeeld 'afhankelijkheid' of 'werk'."))
    label_nl = models.CharField(_("tekst (Nederlands)"), max_length=200)
    help_nl = models.TextField(_("toelichting (Nederlands)"), blank=True)
    label_en = models.CharField(_("tekst (Engels)"), max_length=200)
    help_en = models.TextField(_("toelichting (Engels)"), blank=True)
    source = models.CharField(_("bron"), max_length=300)
    version = models.CharField(_("versie catalogus"), max_length=20)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True,
                                 help_text=_("Uit wanneer een nieuwe catalogusversie het signaal niet meer kent."))

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self) -> str:
        return self.label_nl

    def label(self, language: str = "nl") -> str:
        return self.label_en if language == "en" and self.label_en else self.label_nl

    def help(self, language: str = "nl") -> str:
        return self.help_en if language == "en" and self.help_en else self.help_nl


def signal_scope(scope: Scope, prefix: str = "") -> models.Q:
    """Which signals a scope may see; `prefix` lets related models delegate ("signal__").

    Focal officers see every signal of the municipalities they work for; nobody else sees
    signals through the tenancy scope (partners and the chain director get agenda items through
    screening). A reporter is not in the scope: what they may know of their own signals (arrival
    and open/handled) comes from `SignalQuerySet.reported_by`, never from the signal itself.
    """
    municipalities = scope.municipalities_for(Role.FOCAL_OFFICER)
    if not municipalities:
        return NOBODY
    return models.Q(**{f"{prefix}municipality_id__in": sorted(municipalities)})


class SignalQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return signal_scope(scope)

    def handled_by_focal_officer(self, user) -> "SignalQuerySet":
        """The signals the user handles as a focal officer (the tenancy scope itself)."""
        return self.visible_to(user)

    def reported_by(self, user) -> "SignalQuerySet":
        """The user's own reports, for 'Mijn meldingen': only reference, arrival and open/handled.

        Deliberately not part of the tenancy scope, so no page, download or API opens a
        signal's content because someone reported it.
        """
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(reporter_id=user.pk).only("id", "reference", "received_at", "status", "reporter_id")

    def open(self) -> "SignalQuerySet":
        return self.exclude(status=SignalStatus.CLOSED)

    def for_list(self) -> "SignalQuerySet":
        """The columns a list needs: nothing encrypted is read or decrypted."""
        return self.defer(*ENCRYPTED_SIGNAL_FIELDS)


ENCRYPTED_SIGNAL_FIELDS = ("reporter_contact", "location_address", "description")


class Signal(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signals",
                                     verbose_name=_("gemeente"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="signals", verbose_name=_("regio"),
                               help_text=_("De regio van de gemeente op het moment van ontvangst."))
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="reported_signals", verbose_name=_("melder"))
    reporter_department = models.CharField(_("afdeling melder"), max_length=30, blank=True,
                                           choices=ReporterDepartment.choices)
    reporter_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                              related_name="reported_signals",
                                              verbose_name=_("organisatie melder"))
    reporter_contact = EncryptedJSONField(
        _("contactgegevens melder"), null=True, blank=True, default=None,
        help_text=_("Naam, e-mail en telefoon van de melder; alleen voor de aandachtsfunctionaris."))
    reporter_language = models.CharField(_("taal melder"), max_length=8, blank=True)
    observed_on = models.DateField(_("waargenomen op"), null=True, blank=True)
    location_address = EncryptedJSONField(
        _("adres"), null=True, blank=True, default=None,
        help_text=_("Postcode, huisnummer, toevoeging, straat en plaats."))
    location_type = models.CharField(_("soort plek"), max_length=30, choices=LocationType.choices, blank=True)
    forms = models.JSONField(_("vermoedelijke vorm(en)"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="signals",
                                        verbose_name=_("indicatoren"))
    description = EncryptedTextField(_("wat is er opgevallen"))
    minors_involved = models.CharField(_("minderjarigen betrokken"), max_length=10,
                                       choices=MinorsInvolved.choices, default=MinorsInvolved.UNKNOWN)
    acute_danger = models.BooleanField(_("acuut gevaar"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices,
                              default=SignalStatus.RECEIVED)
    close_reason = models.CharField(_("reden afsluiten"), max_length=30, choices=CloseReason.choices, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="assigned_signals", verbose_name=_("behandelaar"))
    received_at = models.DateTimeField(_("ontvangen op"))
    first_reaction_due = models.DateField(_("eerste reactie uiterlijk"))
    triage_due = models.DateField(_("triage uiterlijk"))
    first_reaction_at = models.DateTimeField(_("eerste reactie op"), null=True, blank=True)
    # Acute danger: the first reaction is due at a moment (the region's norm in hours), and when it
    # passes without one the backup and the chain director are told (escalated_at, once).
    first_reaction_due_at = models.DateTimeField(_("eerste reactie uiterlijk (tijdstip)"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("opgeschaald op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    waiting_for_reporter = models.BooleanField(_("wacht op melder"), default=False)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_signals", verbose_name=_("samengevoegd met"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False,
                                       help_text="SHA-256 of the client's namespace and key (double submit).")
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False,
                                               help_text="SHA-256 of the submitted content, to detect key reuse.")
    mailbox_id = models.CharField(max_length=16, unique=True, null=True, blank=True, editable=False,
                                  help_text="Public part of the receipt code of an anonymous mailbox.")
    receipt_hash = models.CharField(max_length=200, blank=True, editable=False,
                                    help_text="Argon2 hash of the secret part of the receipt code.")
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "triage_due"], name="signal_inbox"),
            models.Index(fields=["assigned_to", "status"], name="signal_assigned"),
            models.Index(fields=["received_at"], name="signal_received_at"),
            models.Index(fields=["region", "received_at"], name="signal_region_received"),
            models.Index(fields=["municipality", "received_at"], name="signal_municipality_received"),
            models.Index(fields=["reporter", "received_at"], name="signal_reporter_received"),
            # The open work of a municipality by deadline: a small index at any scale.
            models.Index(fields=["municipality", "triage_due", "id"], name="signal_open_by_due",
                         condition=~models.Q(status="closed")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="closed") | models.Q(close_reason=""),
                name="signal_close_reason_only_when_closed"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
                name="signal_closed_has_reason"),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]), name="signal_channel_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in SignalStatus]), name="signal_status_valid"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("signalling:signal-detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status != SignalStatus.CLOSED

    @property
    def is_handled(self) -> bool:
        """What a reporter may know: has the focal officer finished with it (afgehandeld)?"""
        return self.status in (SignalStatus.CLOSED, SignalStatus.REFERRED, SignalStatus.ON_AGENDA)

    @property
    def reporter_status(self) -> str:
        """Received (nobody has looked yet), being handled (in triage), or handled (out of triage)."""
        if self.status == SignalStatus.RECEIVED:
            return ReporterStatus.RECEIVED
        if self.status == SignalStatus.IN_TRIAGE:
            return ReporterStatus.IN_PROGRESS
        return ReporterStatus.HANDLED

    @property
    def reporter_status_label(self) -> str:
        return ReporterStatus(self.reporter_status).label

    def get_forms_display(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels.get(value, value)) for value in self.forms or []]


class ReferenceCounter(models.Model):
    """The last human signal number handed out per year (2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("kenmerkteller")
        verbose_name_plural = _("kenmerktellers")


class SignalRelatedQuerySet(TenantQuerySet):
    """Rows that belong to one signal are visible exactly when their signal is."""

    def scope_filter(self, scope: Scope) -> models.Q:
        return signal_scope(scope, prefix="signal__")


class EntityKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    COMPANY = "company", _("Bedrijf")
    VEHICLE = "vehicle", _("Voertuig")
    PHONE = "phone", _("Telefoonnummer")
    EMAIL = "email", _("E-mailadres")
    WEBSITE = "website", _("Website of advertentie")
    ADDRESS = "address", _("Adres")


class PersonRole(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("Mogelijk slachtoffer")
    PRESUMED_PERPETRATOR = "presumed_perpetrator", _("Mogelijke dader")
    OTHER = "other", _("Anders")


class SignalEntity(models.Model):
    """A person, company, vehicle, phone number, e-mail, website or address named in a signal.

    `data` by kind: person {name, date_of_birth, nationality, gender, description};
    company {name, kvk}; vehicle {plate, description}; phone {number}; email {address};
    website {url, description}; address {postcode, house_number, house_number_addition,
    street, place}.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(_("soort"), max_length=20, choices=EntityKind.choices)
    person_role = models.CharField(_("rol"), max_length=30, choices=PersonRole.choices, blank=True)
    data = EncryptedJSONField(_("gegevens"), null=True, blank=True, default=None)
    created_at = models.DateTimeField(_("vastgelegd op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("betrokkene of kenmerk")
        verbose_name_plural = _("betrokkenen en kenmerken")
        ordering = ["signal", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="person") | models.Q(person_role=""),
                                   name="entity_role_only_for_persons"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.signal_id})"

    def shown_data(self) -> dict:
        """What people see of the entity: the recorded fields, without bookkeeping keys."""
        return {key: value for key, value in (self.data or {}).items() if key not in ENTITY_BOOKKEEPING_KEYS}


# Keys intake adds to entity data for its own use (e.g. the normalised phone number).
ENTITY_BOOKKEEPING_KEYS = frozenset({"normalised"})


class TokenKind(models.TextChoices):
    PHONE = "phone", _("Telefoonnummer")
    POSTCODE_HOUSE = "postcode_house", _("Postcode en huisnummer")
    PLATE = "plate", _("Kenteken")
    KVK = "kvk", _("KvK-nummer")
    EMAIL = "email", _("E-mailadres")
    HOST = "host", _("Website")
    NAME = "name", _("Naam")
    # A name part and each variant with one letter left out: a name typed with one typo still matches.
    NAME_FUZZY = "name_fuzzy", _("Naam (bij benadering)")
    WORD = "word", _("Woord")


class SearchToken(models.Model):
    """A keyed blind index of one normalised identifier or word of a signal (no plaintext).

    `municipality` is a copy of the signal's (which never changes): a search looks up a token
    within the user's municipalities in the index alone, instead of reading every signal that
    contains a common word nationally (docs/decisions/0032-search-tokens-per-municipality.md).
    Create rows with `SearchToken.of(signal, kind, token)`, or their column values for a bulk
    INSERT with `SearchToken.rows_of(signal, tokens)`, so the copy is always filled.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="search_tokens")
    kind = models.CharField(max_length=20, choices=TokenKind.choices)
    token = models.CharField(max_length=32)
    # No index of its own (the composite index below leads with kind, token) and no deletion
    # look-up: a municipality with signals cannot be deleted anyway (Signal.municipality PROTECT).
    municipality = models.ForeignKey(Municipality, on_delete=models.DO_NOTHING, related_name="+",
                                     db_index=False, editable=False)

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("zoeksleutel")
        verbose_name_plural = _("zoeksleutels")
        # No unique (signal, kind, token) constraint: the service writes each token once, and
        # tens of millions of rows should not pay for a second index on every insert.
        # One composite index serves search (kind, token within municipalities) and linkage
        # (kinds and tokens, any municipality); signal_id last so both are index-only scans.
        indexes = [models.Index(fields=["kind", "token", "municipality", "signal"],
                                name="searchtoken_kind_token_muni")]

    ROW_COLUMNS = ("signal_id", "kind", "token", "municipality_id")

    @classmethod
    def of(cls, signal: Signal, kind: str, token: str) -> "SearchToken":
        return cls(signal=signal, kind=kind, token=token, municipality_id=signal.municipality_id)

    @classmethod
    def rows_of(cls, signal: Signal, tokens) -> list[tuple]:
        """The `ROW_COLUMNS` values of the signal's (kind, token) pairs, for an INSERT without instances."""
        return [(signal.pk, kind, token, signal.municipality_id) for kind, token in tokens]


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    TRANSITION = "transition", _("Status gewijzigd")
    ASSIGNMENT = "assignment", _("Toegewezen")
    NOTE = "note", _("Notitie")
    REFERRAL = "referral", _("Doorverwezen")
    MERGE = "merge", _("Samengevoegd")
    QUESTION = "question", _("Vraag aan melder")
    ANSWER = "answer", _("Antwoord van melder")
    REOPEN = "reopen", _("Heropend")
    EDIT = "edit", _("Aangevuld")
    ESCALATION = "escalation", _("Opgeschaald")
    STANDARD_MESSAGE = "standard_message", _("Standaardbericht aan melder")
    # Written by the screening app through services/table.py: put forward, decided, routes done.
    TABLE = "table", _("Screeningsoverleg")


class SignalEvent(models.Model):
    """The history of a signal. Append-only: services add rows, nothing updates or deletes them."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("door"))
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("van status"), max_length=20, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(_("naar status"), max_length=20, choices=SignalStatus.choices, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    text = EncryptedTextField(_("tekst"))
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["signal", "at", "id"]
        indexes = [models.Index(fields=["signal", "at"], name="signalevent_signal_at")]


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Aan melder")
    FROM_REPORTER = "from_reporter", _("Van melder")


class MailboxMessage(models.Model):
    """A message in a signal's two-way mailbox with its (possibly anonymous) reporter."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="mailbox_messages")
    at = models.DateTimeField(_("tijdstip"))
    direction = models.CharField(_("richting"), max_length=20, choices=MessageDirection.choices)
    text = EncryptedTextField(_("bericht"))
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("afzender"))
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["signal", "at", "id"]
        indexes = [models.Index(fields=["signal", "at"], name="mailbox_signal_at")]


class ReferralTarget(models.TextChoices):
    POLICE = "police", _("Politie")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    HANDHAVING = "handhaving", _("Handhaving")
    OTHER = "other", _("Anders")


class Referral(models.Model):
    """A direct referral of a signal by the focal officer: to whom, when, with what note."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="referrals")
    at = models.DateTimeField(_("tijdstip"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("door"))
    to_kind = models.CharField(_("naar"), max_length=20, choices=ReferralTarget.choices)
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="received_referrals", verbose_name=_("organisatie"))
    to_description = models.CharField(_("omschrijving ontvanger"), max_length=200, blank=True)
    note = EncryptedTextField(_("toelichting"))

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["signal", "at", "id"]


class SignalAttachment(models.Model):
    """A file sent with a signal, kept encrypted by the privacy file store (this row owns it).

    While a form is not yet submitted the row has no signal but the hash of the form's one-time
    token: a failed submit keeps the files the reporter chose. Such rows are visible to nobody.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    stored_file = models.OneToOneField("privacy.StoredFile", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    pending_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    discarded = models.BooleanField(_("verwijderd voor versturen"), default=False)
    created_at = models.DateTimeField(_("toegevoegd op"))

    objects = SignalRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(signal__isnull=False) | ~models.Q(pending_token=""),
                                   name="attachment_has_signal_or_pending_token"),
        ]

    def __str__(self) -> str:
        return f"bijlage {self.pk}"


from .models_inbox import SavedFilter, StandardText  # noqa: E402,F401  (models of this app in their own module)
