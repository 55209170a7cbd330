from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Municipality, Organisation

from .roles import Role


class User(AbstractUser):
    email = models.EmailField(_("e-mailadres"), unique=True)
    is_demo = models.BooleanField(_("demo-account"), default=False, editable=False)
    is_service_account = models.BooleanField(
        _("servicekoppeling"), default=False,
        help_text=_("Een koppeling van een ketenpartner die alleen de API gebruikt met een API-sleutel; "
                    "kan niet inloggen op de pagina's."))

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships",
                                     verbose_name=_("organisatie"))
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    acts_for = models.ManyToManyField(
        Municipality, blank=True, related_name="acting_memberships", verbose_name=_("werkt voor gemeenten"),
        help_text=_("Voor een regionale aandachtsfunctionaris: de gemeenten van de regio waarvoor hij of zij werkt. "
                    "Leeg: de gemeente van de organisatie."))
    backup = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="backup_for",
                               verbose_name=_("vervanger"))
    absent = models.BooleanField(_("afwezig"), default=False,
                                 help_text=_("Nieuwe signalen gaan dan naar de vervanger."))
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="one_membership_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class MembershipRequest(models.Model):
    """A role change that sees personal data and waits for a second person (separation of duties).

    Granting, reactivating or widening the municipalities of such a role is stored here and takes
    effect only when another administrator, or the privacy officer of the organisation concerned,
    approves it. docs: issue 18.
    """

    class Kind(models.TextChoices):
        GRANT = "grant", _("rol toekennen")
        REACTIVATE = "reactivate", _("rol weer activeren")
        ACTS_FOR = "acts_for", _("meer gemeenten")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("wacht op goedkeuring")
        APPROVED = "approved", _("goedgekeurd")
        REFUSED = "refused", _("afgewezen")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="requests",
                                   verbose_name=_("lidmaatschap"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    proposed_acts_for = models.JSONField(_("voorgestelde gemeenten"), default=list, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="membership_requests_made",
                                     verbose_name=_("aangevraagd door"))
    requested_at = models.DateTimeField(_("aangevraagd op"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="membership_requests_decided", verbose_name=_("besloten door"))
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("rolaanvraag")
        verbose_name_plural = _("rolaanvragen")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.membership}"
