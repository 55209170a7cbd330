"""The life cycle of a signal as one table: every allowed move, who may make it, what it needs.

`check_transition` is the one place the table is enforced; the triage services call it before
they change a status and write the history row. Pure: no queries, no clock (the status and
close-reason choices are the model's, so there is one list of each).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role

from .models import CloseReason, SignalStatus


# Statuses in which a signal still waits for the focal officer's triage (its deadlines run).
TRIAGE_STATUSES = frozenset({SignalStatus.RECEIVED, SignalStatus.IN_TRIAGE})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    reason_required: bool
    roles: frozenset[str]


_FOCAL = frozenset({Role.FOCAL_OFFICER})
# The chain director runs the screening meeting: what is on its agenda may be referred or closed there.
_FOCAL_OR_TABLE = frozenset({Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR})

S = SignalStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.RECEIVED, S.IN_TRIAGE, reason_required=False, roles=_FOCAL),
    Transition(S.RECEIVED, S.REFERRED, reason_required=False, roles=_FOCAL),
    Transition(S.RECEIVED, S.CLOSED, reason_required=False, roles=_FOCAL),
    Transition(S.IN_TRIAGE, S.ON_AGENDA, reason_required=False, roles=_FOCAL),
    Transition(S.IN_TRIAGE, S.REFERRED, reason_required=False, roles=_FOCAL),
    Transition(S.IN_TRIAGE, S.CLOSED, reason_required=False, roles=_FOCAL),
    Transition(S.ON_AGENDA, S.REFERRED, reason_required=False, roles=_FOCAL_OR_TABLE),
    Transition(S.ON_AGENDA, S.CLOSED, reason_required=False, roles=_FOCAL_OR_TABLE),
    # Withdrawn from the screening agenda before it was sent: back to the focal officer's triage.
    Transition(S.ON_AGENDA, S.IN_TRIAGE, reason_required=False, roles=_FOCAL),
    # The table's routes are followed up: the chain director (or the system, when every route is done) closes.
    Transition(S.REFERRED, S.CLOSED, reason_required=False, roles=_FOCAL_OR_TABLE),
    # Reopening: the signal goes back to triage, and someone must say why.
    Transition(S.CLOSED, S.IN_TRIAGE, reason_required=True, roles=_FOCAL),
)
del S

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class SignalDomainError(Exception):
    """A refusal the page can show as it is: `message` is a translatable Dutch sentence."""

    message = _("Deze handeling is niet toegestaan.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class TransitionNotAllowed(SignalDomainError):
    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        super().__init__(_("Een signaal met status ‘%(source)s’ kan niet naar ‘%(target)s’.") % {
            "source": _label(source), "target": _label(target)})


class RoleNotAllowed(SignalDomainError):
    message = _("Uw rol mag deze statuswijziging niet doen.")


class ReasonRequired(SignalDomainError):
    message = _("Geef een toelichting: waarom verandert de status?")


class CloseReasonRequired(SignalDomainError):
    message = _("Kies de reden van afsluiten.")


class UnknownCloseReason(SignalDomainError):
    message = _("Deze reden van afsluiten bestaat niet.")


class CloseReasonNotApplicable(SignalDomainError):
    message = _("Een reden van afsluiten hoort alleen bij afsluiten.")


class DuplicateNeedsMerge(SignalDomainError):
    message = _("Een dubbel signaal sluit u af door het samen te voegen met het andere signaal.")


def _label(status: str) -> str:
    try:
        return SignalStatus(status).label
    except ValueError:
        return status


def transition_for(source: str, target: str) -> Transition | None:
    return _BY_PAIR.get((source, target))


def allowed_targets(source: str, *, role: str | None = None) -> list[str]:
    """Where a signal in `source` may go next (for `role`, when given), in table order."""
    return [t.target for t in TRANSITIONS if t.source == source and (role is None or role in t.roles)]


def check_transition(
    source: str,
    target: str,
    *,
    reason: str = "",
    close_reason: str = "",
    role: str | None = None,
    merging: bool = False,
) -> Transition:
    """Return the table row for this move, or raise the specific reason it is refused.

    `role` is the acting user's role (None for the system itself, e.g. a screening decision
    closing its signal). `merging` is set only by the merge service: a duplicate can be
    closed only by merging it into the signal it duplicates, so both histories are kept.
    """
    if merging and (target != SignalStatus.CLOSED or close_reason != CloseReason.DUPLICATE):
        raise ValueError("merging closes the duplicate with close_reason='duplicate'")
    transition = _BY_PAIR.get((source, target))
    if transition is None:
        raise TransitionNotAllowed(source, target)
    if role is not None and role not in transition.roles:
        raise RoleNotAllowed()
    if transition.reason_required and not (reason or "").strip():
        raise ReasonRequired()
    if target == SignalStatus.CLOSED:
        if not close_reason:
            raise CloseReasonRequired()
        if close_reason not in CloseReason.values:
            raise UnknownCloseReason()
        if close_reason == CloseReason.DUPLICATE and not merging:
            raise DuplicateNeedsMerge()
    elif close_reason:
        raise CloseReasonNotApplicable()
    return transition
