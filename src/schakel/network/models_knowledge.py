"""The knowledge base (documents with versions and an audience) and network meetings with attendance
and minutes. Neither holds case data: the editor warns when a text looks like it names a person,
an address or a phone number (services/textcheck.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import TenantQuerySet
from schakel.organisations.models import Region

User = settings.AUTH_USER_MODEL


class Audience(models.TextChoices):
    OFFICERS = "officers", _("Alleen aandachtsfunctionarissen en ketenregie")
    STAFF = "staff", _("Alle medewerkers van de regio")
    PARTNERS = "partners", _("Medewerkers en ketenpartners van de regio")


# Who reads a document of each audience (the roles, within the document's region).
OFFICER_ROLES = frozenset({Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR})
AUDIENCE_ROLES = {
    Audience.OFFICERS: OFFICER_ROLES,
    Audience.STAFF: frozenset(Role.values) - {Role.PARTNER_MEMBER},
    Audience.PARTNERS: frozenset(Role.values),
}


class DocumentKind(models.TextChoices):
    INSTRUCTION = "instruction", _("Werkinstructie")
    TEMPLATE = "template", _("Sjabloon")
    PRIVACY_PROTOCOL = "privacy_protocol", _("Privacyprotocol")
    COVENANT = "covenant", _("Convenant")
    REGIONAL_PLAN = "regional_plan", _("Regionaal plan")
    OTHER = "other", _("Anders")


class DocumentQuerySet(TenantQuerySet):
    def scope_filter(self, scope) -> Q:
        condition = Q(pk__in=[])
        for audience, roles in AUDIENCE_ROLES.items():
            regions = frozenset().union(*(scope.regions_for(role) for role in roles))
            if regions:
                condition |= Q(audience=audience, region_id__in=regions)
        return condition


class Document(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="network_documents",
                               verbose_name=_("regio"))
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=DocumentKind.choices)
    audience = models.CharField(_("voor wie"), max_length=20, choices=Audience.choices, default=Audience.STAFF)
    version = models.PositiveIntegerField(default=0)  # the number of the newest DocumentVersion

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("kennisbank")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("tekst"), max_length=20000)
    note = models.CharField(_("wat is er veranderd"), max_length=300, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_document_version")]


class MeetingKind(models.TextChoices):
    NETWORK = "network", _("Netwerkbijeenkomst")
    INTERVISION = "intervision", _("Intervisie")


class MeetingQuerySet(TenantQuerySet):
    def scope_filter(self, scope) -> Q:
        regions = frozenset().union(*(scope.regions_for(role) for role in OFFICER_ROLES))
        return Q(region_id__in=regions)


class Meeting(models.Model):
    """A planned meeting of the officers' network; its minutes hold no case data."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="network_meetings",
                               verbose_name=_("regio"))
    kind = models.CharField(_("soort"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.NETWORK)
    title = models.CharField(_("onderwerp"), max_length=200)
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("plaats of link"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    minutes = models.TextField(_("verslag"), max_length=10000, blank=True)
    attendees = models.ManyToManyField(User, blank=True, related_name="network_meetings_attended",
                                       verbose_name=_("aanwezig"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("netwerkbijeenkomst")
        verbose_name_plural = _("netwerkbijeenkomsten")

    def __str__(self) -> str:
        return self.title
