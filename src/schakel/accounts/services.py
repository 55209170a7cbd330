"""Use cases of user administration: the only code that changes users, memberships and tokens.

Each function checks the actor's permission and administration scope, validates, changes the
data in one transaction and writes the access log. Refusals raise `AdministrationError` with a
Dutch message the page shows; nothing is skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.api import services as api_services
from schakel.clock import now
from schakel.organisations.models import Municipality, Organisation
from schakel.privacy.audit import record_access

from .models import Membership, MembershipRequest, User
from .permissions import has_permission
from .roles import PERSONAL_DATA_ROLES, Role
from .selectors import (
    may_decide_membership_request,
    membership_owner_keys,
    organisations_administered_by,
    users_administered_by,
)
from .tenancy import forget_scope


class AdministrationError(Exception):
    """A refused administration change; the message is Dutch and meant for the page."""


@dataclass(frozen=True)
class CreatedUser:
    user: User
    set_password_path: str


@dataclass(frozen=True)
class Deactivation:
    sessions_ended: int
    tokens_deleted: int


def _require(actor, permission: str) -> None:
    if not has_permission(actor, permission):
        raise AdministrationError(_("U hebt geen recht om dit te doen."))


def _require_user_in_scope(actor, user: User) -> None:
    if not users_administered_by(actor).filter(pk=user.pk).exists():
        raise AdministrationError(_("Deze gebruiker valt niet onder uw beheer."))


def _require_organisation_in_scope(actor, organisation: Organisation) -> None:
    if not organisations_administered_by(actor).filter(pk=organisation.pk).exists():
        raise AdministrationError(_("Deze organisatie valt niet onder uw beheer."))


def _audit(actor, action: str, record, reason: str, role: str = Role.ADMINISTRATOR) -> None:
    # A membership's log rows carry its organisation, municipality and region, so the privacy
    # officer of the organisation concerned sees every grant, change, end and decision.
    owner_keys = membership_owner_keys(record) if isinstance(record, Membership) else ""
    record_access(user=actor, action=action, record=record, reason=reason, role=role, owner_keys=owner_keys)


def _refuse_own_membership(actor, user: User) -> None:
    if user.pk == getattr(actor, "pk", None):
        raise AdministrationError(_("U kunt uzelf geen rol toekennen of uw eigen rol wijzigen; "
                                    "vraag een andere beheerder."))


def needs_approval(role: str) -> bool:
    """A role that sees personal data takes effect only after a second person approves it."""
    return role in PERSONAL_DATA_ROLES


def _request(actor, membership: Membership, kind: str, acts_for_ids: list[int]) -> MembershipRequest:
    if pending_request(membership) is not None:
        raise AdministrationError(_("Voor deze rol wacht al een aanvraag op goedkeuring; "
                                    "die moet eerst worden goedgekeurd of afgewezen."))
    request = MembershipRequest.objects.create(
        membership=membership, kind=kind, proposed_acts_for=sorted(acts_for_ids), requested_by=actor,
        requested_at=now())
    _audit(actor, "create", membership, _("aanvraag %(kind)s voor rol %(role)s bij %(organisation)s; "
                                          "wacht op goedkeuring") % {
        "kind": request.get_kind_display(), "role": membership.get_role_display(),
        "organisation": membership.organisation.name})
    return request


def _sync_email_address(user: User) -> None:
    """The address an administrator entered is the verified primary address (SSO matches on it)."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(user=user, email__iexact=user.email,
                                          defaults={"email": user.email, "verified": True, "primary": True})


def set_password_path(user: User) -> str:
    """A one-time link to set a password (allauth's reset link: invalid once the password changes)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return reverse("account_reset_password_from_key",
                   kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)})


def _check_unique(*, username: str, email: str, exclude_pk: int | None = None) -> None:
    others = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    errors = {}
    if others.filter(username__iexact=username).exists():
        errors["username"] = _("Er is al een gebruiker met deze gebruikersnaam.")
    if others.filter(email__iexact=email).exists():
        errors["email"] = _("Er is al een gebruiker met dit e-mailadres.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    role: str,
    is_service_account: bool = False,
    initial_password: str = "",
) -> CreatedUser:
    """A new user with a first membership. Without an initial password they get a one-time link."""
    _require(actor, "accounts.manage_users")
    _require_organisation_in_scope(actor, organisation)
    if role not in Role.values:
        raise AdministrationError(_("Onbekende rol."))
    if is_service_account and role == Role.ADMINISTRATOR:
        raise AdministrationError(_("Een servicekoppeling kan geen functioneel beheerder zijn."))
    _check_unique(username=username, email=email)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                is_service_account=is_service_account)
    if initial_password and not is_service_account:
        try:
            validate_password(initial_password, user)
        except ValidationError as error:
            raise ValidationError({"initial_password": error.messages}) from None
        user.set_password(initial_password)
    else:
        user.set_unusable_password()
    user.save()
    _sync_email_address(user)
    pending = needs_approval(role)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, active=not pending)
    _audit(actor, "create", user, _("gebruiker aangemaakt: %(username)s") % {"username": username})
    _audit(actor, "create", membership, _("rol %(role)s bij %(organisation)s") % {
        "role": membership.get_role_display(), "organisation": organisation.name})
    if pending:
        _request(actor, membership, MembershipRequest.Kind.GRANT, [])
    path = "" if is_service_account or initial_password else set_password_path(user)
    return CreatedUser(user=user, set_password_path=path)


@transaction.atomic
def update_user(*, actor, user: User, username: str, email: str, first_name: str, last_name: str) -> User:
    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    _check_unique(username=username, email=email, exclude_pk=user.pk)
    changed = [name for name, value in (("username", username), ("email", email), ("first_name", first_name),
                                        ("last_name", last_name)) if getattr(user, name) != value]
    if not changed:
        return user
    user.username, user.email, user.first_name, user.last_name = username, email, first_name, last_name
    user.save(update_fields=changed)
    if "email" in changed:
        _sync_email_address(user)
    _audit(actor, "change", user, _("gewijzigd: %(fields)s") % {"fields": ", ".join(changed)})
    return user


def _validate_membership(*, organisation: Organisation, role: str, acts_for: list[Municipality],
                         backup: User | None, user: User) -> None:
    errors: dict[str, str] = {}
    region = organisation.home_region
    if acts_for:
        if region is None:
            errors["acts_for"] = _("Deze organisatie hoort niet bij een regio; kies geen gemeenten.")
        else:
            outside = [m.name for m in acts_for
                       if getattr(getattr(m, "region_membership", None), "region_id", None) != region.pk]
            if outside:
                errors["acts_for"] = _("Alleen gemeenten van regio %(region)s; niet: %(names)s.") % {
                    "region": region.name, "names": ", ".join(sorted(outside))}
    if backup is not None:
        if backup.pk == user.pk:
            errors["backup"] = _("Iemand kan niet zijn of haar eigen vervanger zijn.")
        elif not backup.is_active or not Membership.objects.filter(
                user=backup, role=role, active=True, organisation=organisation).exists():
            errors["backup"] = _("De vervanger moet een actieve gebruiker met dezelfde rol bij dezelfde "
                                 "organisatie zijn.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_membership(*, actor, user: User, organisation: Organisation, role: str,
                   acts_for: list[Municipality] | None = None, backup: User | None = None,
                   absent: bool = False) -> Membership:
    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    _require_organisation_in_scope(actor, organisation)
    _refuse_own_membership(actor, user)
    if role not in Role.values:
        raise AdministrationError(_("Onbekende rol."))
    if user.is_service_account and role == Role.ADMINISTRATOR:
        raise AdministrationError(_("Een servicekoppeling kan geen functioneel beheerder zijn."))
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": _("Deze gebruiker heeft deze rol bij deze organisatie al.")})
    acts_for = list(acts_for or [])
    _validate_membership(organisation=organisation, role=role, acts_for=acts_for, backup=backup, user=user)
    pending = needs_approval(role)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, backup=backup,
                                           absent=absent, active=not pending)
    membership.acts_for.set(acts_for)
    forget_scope(user)
    _audit(actor, "create", membership, _("rol %(role)s bij %(organisation)s") % {
        "role": membership.get_role_display(), "organisation": organisation.name})
    if pending:
        _request(actor, membership, MembershipRequest.Kind.GRANT, [m.pk for m in acts_for])
    return membership


def pending_request(membership: Membership) -> MembershipRequest | None:
    return membership.requests.filter(outcome=MembershipRequest.Outcome.PENDING).first()


@transaction.atomic
def update_membership(*, actor, membership: Membership, acts_for: list[Municipality], backup: User | None,
                      absent: bool, active: bool) -> Membership:
    _require(actor, "accounts.manage_users")
    _require_organisation_in_scope(actor, membership.organisation)
    if membership.user_id == getattr(actor, "pk", None) and membership.role == Role.ADMINISTRATOR and not active:
        raise AdministrationError(_("U kunt uw eigen beheerdersrol niet intrekken; vraag een andere beheerder."))
    _refuse_own_membership(actor, membership.user)
    acts_for = list(acts_for)
    _validate_membership(organisation=membership.organisation, role=membership.role, acts_for=acts_for,
                         backup=backup, user=membership.user)
    current_ids = set(membership.acts_for.values_list("pk", flat=True))
    new_ids = {m.pk for m in acts_for}
    # Fewer municipalities narrows the role and applies at once; any other change of the list
    # (more, or back to empty, i.e. the organisation's own area) may widen it.
    widening = new_ids != current_ids and not (new_ids and new_ids <= current_ids)
    reactivating = active and not membership.active
    kind = None
    if needs_approval(membership.role):
        if reactivating:
            kind = MembershipRequest.Kind.REACTIVATE
        elif widening and membership.active:
            kind = MembershipRequest.Kind.ACTS_FOR
    if kind is not None:
        # The change of scope waits for a second person; everything else applies now.
        _request(actor, membership, kind, sorted(new_ids))
        acts_for = list(membership.acts_for.all())
        new_ids = current_ids
        active = membership.active
    changes = []
    if current_ids != new_ids:
        changes.append(_("werkt voor: %(names)s") % {"names": ", ".join(sorted(m.name for m in acts_for)) or "-"})
    if membership.backup_id != (backup.pk if backup else None):
        changes.append(_("vervanger: %(name)s") % {"name": backup.get_username() if backup else "-"})
    if membership.absent != absent:
        changes.append(_("afwezig") if absent else _("weer aanwezig"))
    if membership.active != active:
        changes.append(_("rol actief") if active else _("rol ingetrokken"))
    if not changes:
        return membership
    membership.backup, membership.absent, membership.active = backup, absent, active
    membership.save(update_fields=["backup", "absent", "active"])
    membership.acts_for.set(acts_for)
    forget_scope(membership.user)
    _audit(actor, "change", membership, "; ".join(changes))
    return membership


def _require_decider(actor, request: MembershipRequest) -> None:
    if request.outcome != MembershipRequest.Outcome.PENDING:
        raise AdministrationError(_("Over deze aanvraag is al besloten."))
    if request.requested_by_id == getattr(actor, "pk", None):
        raise AdministrationError(_("U kunt uw eigen aanvraag niet goedkeuren of afwijzen; "
                                    "dat doet een andere beheerder of de privacyfunctionaris."))
    if request.membership.user_id == getattr(actor, "pk", None):
        raise AdministrationError(_("U kunt niet besluiten over een aanvraag voor uw eigen rol."))
    if not may_decide_membership_request(actor, request):
        raise AdministrationError(_("U mag over deze aanvraag niet besluiten."))


def _decider_role(actor, request: MembershipRequest) -> str:
    if organisations_administered_by(actor).filter(pk=request.membership.organisation_id).exists():
        return Role.ADMINISTRATOR
    return Role.PRIVACY_OFFICER


@transaction.atomic
def approve_membership_request(*, actor, request: MembershipRequest, reason: str = "") -> MembershipRequest:
    """The second person approves: the grant, reactivation or extra municipalities take effect now."""
    request = MembershipRequest.objects.select_for_update().select_related(
        "membership__organisation", "membership__user").get(pk=request.pk)
    _require_decider(actor, request)
    membership = request.membership
    if request.kind in (MembershipRequest.Kind.GRANT, MembershipRequest.Kind.REACTIVATE):
        membership.active = True
        membership.save(update_fields=["active"])
    if request.kind != MembershipRequest.Kind.GRANT or request.proposed_acts_for:
        membership.acts_for.set(Municipality.objects.filter(pk__in=request.proposed_acts_for))
    request.outcome = MembershipRequest.Outcome.APPROVED
    request.decided_by, request.decided_at, request.reason = actor, now(), reason
    request.save(update_fields=["outcome", "decided_by", "decided_at", "reason"])
    forget_scope(membership.user)
    _audit(actor, "change", membership, _("aanvraag %(kind)s goedgekeurd (aangevraagd door %(requester)s). "
                                          "%(reason)s") % {
        "kind": request.get_kind_display(), "requester": request.requested_by.get_username(), "reason": reason},
        role=_decider_role(actor, request))
    return request


@transaction.atomic
def refuse_membership_request(*, actor, request: MembershipRequest, reason: str) -> MembershipRequest:
    """The second person refuses: nothing changes (a granted role stays inactive)."""
    request = MembershipRequest.objects.select_for_update().select_related(
        "membership__organisation", "membership__user").get(pk=request.pk)
    _require_decider(actor, request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom u de aanvraag afwijst.")})
    request.outcome = MembershipRequest.Outcome.REFUSED
    request.decided_by, request.decided_at, request.reason = actor, now(), reason
    request.save(update_fields=["outcome", "decided_by", "decided_at", "reason"])
    _audit(actor, "change", request.membership, _("aanvraag %(kind)s afgewezen (aangevraagd door %(requester)s). "
                                                  "%(reason)s") % {
        "kind": request.get_kind_display(), "requester": request.requested_by.get_username(), "reason": reason},
        role=_decider_role(actor, request))
    return request


def end_sessions_of(user: User) -> int:
    """Delete every stored session of `user` (database sessions); returns how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_user(*, actor, user: User, reason: str = "") -> Deactivation:
    """At once: no login, every session ended, every API token deleted. Memberships stay for the record."""
    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    if user.pk == getattr(actor, "pk", None):
        raise AdministrationError(_("U kunt uzelf niet deactiveren."))
    if not user.is_active:
        raise AdministrationError(_("Deze gebruiker is al gedeactiveerd."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    tokens_deleted = api_services.revoke_tokens(user)
    sessions_ended = end_sessions_of(user)
    _audit(actor, "change", user, _(
        "gedeactiveerd; %(sessions)d sessie(s) beëindigd, %(tokens)d API-sleutel(s) ingetrokken. %(reason)s") % {
        "sessions": sessions_ended, "tokens": tokens_deleted, "reason": reason})
    return Deactivation(sessions_ended=sessions_ended, tokens_deleted=tokens_deleted)


@transaction.atomic
def reactivate_user(*, actor, user: User) -> User:
    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    if user.is_active:
        raise AdministrationError(_("Deze gebruiker is al actief."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    _audit(actor, "change", user, _("weer geactiveerd"))
    return user


@transaction.atomic
def new_set_password_link(*, actor, user: User) -> str:
    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    if user.is_service_account:
        raise AdministrationError(_("Een servicekoppeling heeft geen wachtwoord; geef een API-sleutel uit."))
    if not user.is_active:
        raise AdministrationError(_("Activeer de gebruiker eerst."))
    _audit(actor, "change", user, _("link om een wachtwoord in te stellen gemaakt"))
    return set_password_path(user)


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> int:
    """Remove a user's TOTP and recovery codes (lost phone); they set up a new one at next login."""
    from allauth.mfa.models import Authenticator

    _require(actor, "accounts.manage_users")
    _require_user_in_scope(actor, user)
    if user.pk == getattr(actor, "pk", None):
        raise AdministrationError(_("Uw eigen tweestapsverificatie beheert u zelf; vraag een andere beheerder."))
    removed, _details = Authenticator.objects.filter(user=user).delete()
    if not removed:
        raise AdministrationError(_("Deze gebruiker heeft geen tweestapsverificatie ingesteld."))
    sessions_ended = end_sessions_of(user)
    _audit(actor, "change", user, _("tweestapsverificatie verwijderd; %(sessions)d sessie(s) beëindigd") % {
        "sessions": sessions_ended})
    return removed


@transaction.atomic
def issue_api_token(*, actor, user: User, actor_has_second_factor: bool) -> str:
    """A new API key for a partner's service account; any earlier key of that account stops working.

    docs/decisions/0062-api-tokens-for-service-accounts.md
    """
    _require(actor, "accounts.issue_api_tokens")
    _require_user_in_scope(actor, user)
    if not actor_has_second_factor:
        raise AdministrationError(_("Log in met tweestapsverificatie om API-sleutels uit te geven."))
    if not user.is_service_account:
        raise AdministrationError(_("API-sleutels zijn er alleen voor servicekoppelingen, niet voor personen."))
    if not user.is_active:
        raise AdministrationError(_("Activeer de servicekoppeling eerst."))
    api_services.revoke_tokens(user)
    key = api_services.issue_token(user, created_by=actor)
    _audit(actor, "change", user, _("API-sleutel uitgegeven (een eerdere sleutel is ingetrokken)"))
    return key


@transaction.atomic
def revoke_api_token(*, actor, user: User) -> None:
    _require(actor, "accounts.issue_api_tokens")
    _require_user_in_scope(actor, user)
    deleted = api_services.revoke_tokens(user)
    if not deleted:
        raise AdministrationError(_("Deze servicekoppeling heeft geen API-sleutel."))
    _audit(actor, "change", user, _("API-sleutel ingetrokken"))


__all__ = [
    "AdministrationError", "CreatedUser", "Deactivation", "add_membership", "approve_membership_request",
    "create_user", "needs_approval", "pending_request", "refuse_membership_request",
    "deactivate_user", "end_sessions_of", "issue_api_token", "new_set_password_link", "reactivate_user",
    "reset_second_factor", "revoke_api_token", "set_password_path", "update_membership", "update_user",
]


@transaction.atomic
def set_absence_state(*, actor, user: User, absent: bool, backup: User | None, reason: str) -> int:
    """Mark the user's active focal-officer memberships absent (with who covers) or present again.

    Called by the network app when a recorded absence starts or ends (its own service checks who
    may record it and who may cover); the existing `absent`/`backup` fields are what intake,
    triage and escalation read. Returns the number of memberships changed; each change is logged.
    """
    changed = 0
    for membership in Membership.objects.select_for_update().filter(user=user, role=Role.FOCAL_OFFICER,
                                                                      active=True):
        if membership.absent == absent and membership.backup_id == (backup.pk if backup else None):
            continue
        membership.absent, membership.backup = absent, backup
        membership.save(update_fields=["absent", "backup"])
        _audit(actor, "change", membership, reason, role="")
        changed += 1
    return changed
