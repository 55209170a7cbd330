"""What focal officers do with a match: confirm it, call it a false match, ask for contact, answer.

Each step checks that the user works for one side of the match (else Http404 in the view),
refuses a stale version, writes the access log, and for contact requests tells the other side.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from ..models import ContactRequest, ContactStatus, Match, MatchStatus

MAX_REASON = 2000


class LinkageError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def own_municipalities(user) -> frozenset[int]:
    return scope_for(user).municipalities_for(Role.FOCAL_OFFICER)


def _locked(match: Match, user, expected_version: int | None) -> tuple[Match, str]:
    current = Match.objects.select_for_update().get(pk=match.pk)
    side = current.side_of(own_municipalities(user))
    if side is None:
        raise LinkageError(_("Deze koppeling hoort niet bij uw gemeente."))
    if expected_version is not None and current.version != expected_version:
        raise LinkageError(_("Iemand anders heeft deze koppeling intussen gewijzigd. Bekijk de nieuwe stand en "
                             "probeer het opnieuw."))
    return current, side


@transaction.atomic
def decide(*, match: Match, user, verdict: str, expected_version: int | None = None, now=None) -> Match:
    """Mark a match as confirmed or as a false match (a false match is not shown again)."""
    if verdict not in (MatchStatus.CONFIRMED, MatchStatus.FALSE):
        raise LinkageError(_("Kies bevestigen of geen match."))
    current, _side = _locked(match, user, expected_version)
    if current.status == verdict:
        return current  # a double submit changes nothing
    current.status = verdict
    current.decided_by = user
    current.decided_at = now or clock_now()
    current.version += 1
    current.save(update_fields=["status", "decided_by", "decided_at", "version"])
    record_access(user=user, action="change", record=current, reason=f"koppeling: {verdict}")
    return current


@transaction.atomic
def request_contact(*, match: Match, user, reason: str, now=None) -> ContactRequest:
    """Ask the other side of a match for contact, with a reason; one open request per side."""
    reason = (reason or "").strip()
    if not reason:
        raise LinkageError(_("Vul de reden in waarom u contact wilt."))
    if len(reason) > MAX_REASON:
        raise LinkageError(_("De reden is te lang: hoogstens 2.000 tekens."))
    current, side = _locked(match, user, None)
    if current.status == MatchStatus.FALSE:
        raise LinkageError(_("Deze koppeling is als geen match gemarkeerd."))
    own = current.municipality_a_id if side == "a" else current.municipality_b_id
    other = current.other_municipality_id(side)
    pending = ContactRequest.objects.filter(match=current, from_municipality_id=own,
                                            status=ContactStatus.PENDING).first()
    if pending is not None:
        return pending  # a second submit (or a colleague) finds the open request
    try:
        with transaction.atomic():
            contact = ContactRequest.objects.create(match=current, from_municipality_id=own, to_municipality_id=other,
                                                    requested_by=user, requested_at=now or clock_now(), reason=reason)
    except IntegrityError:
        return ContactRequest.objects.get(match=current, from_municipality_id=own, status=ContactStatus.PENDING)
    record_access(user=user, action="create", record=contact, reason="koppeling: contactverzoek")
    from .notify import notify_contact_request

    contact_id = contact.pk
    transaction.on_commit(lambda: notify_contact_request(contact_id), robust=True)
    return contact


@transaction.atomic
def answer_contact(*, contact: ContactRequest, user, approve: bool, answer: str = "", now=None) -> ContactRequest:
    """The other side approves or declines a contact request (logged; the asker is told)."""
    current = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    if current.to_municipality_id not in own_municipalities(user):
        raise LinkageError(_("Alleen de andere gemeente kan dit verzoek beantwoorden."))
    if current.status != ContactStatus.PENDING:
        raise LinkageError(_("Dit verzoek is al beantwoord."))
    answer = (answer or "").strip()
    if len(answer) > MAX_REASON:
        raise LinkageError(_("De toelichting is te lang: hoogstens 2.000 tekens."))
    current.status = ContactStatus.APPROVED if approve else ContactStatus.DECLINED
    current.decided_by = user
    current.decided_at = now or clock_now()
    current.answer = answer
    current.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    record_access(user=user, action="change", record=current,
                  reason="koppeling: contactverzoek " + ("goedgekeurd" if approve else "afgewezen"))
    from .notify import notify_contact_answer

    contact_id = current.pk
    transaction.on_commit(lambda: notify_contact_answer(contact_id), robust=True)
    return current
