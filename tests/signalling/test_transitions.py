"""The signal life cycle: every pair of statuses, allowed or refused for a stated reason."""

import itertools

import pytest
from django.utils import translation

from schakel.accounts.roles import Role
from schakel.signalling.transitions import (
    TRANSITIONS,
    CloseReason,
    CloseReasonNotApplicable,
    CloseReasonRequired,
    DuplicateNeedsMerge,
    ReasonRequired,
    RoleNotAllowed,
    SignalDomainError,
    SignalStatus,
    TransitionNotAllowed,
    UnknownCloseReason,
    allowed_targets,
    check_transition,
)

S = SignalStatus
FOCAL = Role.FOCAL_OFFICER

# (from, to, allowed?)
ALLOWED = {
    (S.RECEIVED, S.IN_TRIAGE),   # pick up
    (S.RECEIVED, S.REFERRED),    # acute: straight to the police
    (S.RECEIVED, S.CLOSED),      # e.g. an obvious duplicate or nonsense
    (S.IN_TRIAGE, S.ON_AGENDA),  # put forward to the screening meeting
    (S.IN_TRIAGE, S.REFERRED),
    (S.IN_TRIAGE, S.CLOSED),
    (S.ON_AGENDA, S.REFERRED),
    (S.ON_AGENDA, S.CLOSED),
    (S.ON_AGENDA, S.IN_TRIAGE),  # withdrawn from the screening agenda
    (S.REFERRED, S.CLOSED),
    (S.CLOSED, S.IN_TRIAGE),     # reopen, with a reason
}


def _kwargs(target):
    kwargs = {"role": FOCAL, "reason": "toelichting"}
    if target == S.CLOSED:
        kwargs["close_reason"] = CloseReason.NOT_TRAFFICKING
    return kwargs


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S.values, S.values)))
def test_every_pair_of_statuses_is_allowed_exactly_as_the_table_says(source, target):
    if (source, target) in ALLOWED:
        assert check_transition(source, target, **_kwargs(target)).target == target
    else:
        with pytest.raises(TransitionNotAllowed):
            check_transition(source, target, **_kwargs(target))


def test_table_has_no_duplicate_rows():
    pairs = [(t.source, t.target) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs)) == len(ALLOWED)


def test_reopening_requires_a_reason():
    with pytest.raises(ReasonRequired):
        check_transition(S.CLOSED, S.IN_TRIAGE, role=FOCAL, reason="   ")
    assert check_transition(S.CLOSED, S.IN_TRIAGE, role=FOCAL, reason="Nieuwe informatie van de politie")


@pytest.mark.parametrize("source", [S.RECEIVED, S.IN_TRIAGE, S.ON_AGENDA, S.REFERRED])
def test_closing_requires_a_close_reason(source):
    with pytest.raises(CloseReasonRequired):
        check_transition(source, S.CLOSED, role=FOCAL)


@pytest.mark.parametrize("close_reason", [
    CloseReason.NOT_TRAFFICKING, CloseReason.INSUFFICIENT_INFORMATION, CloseReason.REFERRED_ELSEWHERE])
def test_closing_with_each_plain_reason(close_reason):
    assert check_transition(S.IN_TRIAGE, S.CLOSED, role=FOCAL, close_reason=close_reason)


def test_unknown_close_reason_is_refused():
    with pytest.raises(UnknownCloseReason):
        check_transition(S.IN_TRIAGE, S.CLOSED, role=FOCAL, close_reason="bored")


def test_duplicate_can_only_be_closed_by_merging():
    with pytest.raises(DuplicateNeedsMerge):
        check_transition(S.IN_TRIAGE, S.CLOSED, role=FOCAL, close_reason=CloseReason.DUPLICATE)
    assert check_transition(S.IN_TRIAGE, S.CLOSED, role=FOCAL, close_reason=CloseReason.DUPLICATE, merging=True)


def test_close_reason_on_another_transition_is_refused():
    with pytest.raises(CloseReasonNotApplicable):
        check_transition(S.IN_TRIAGE, S.ON_AGENDA, role=FOCAL, close_reason=CloseReason.NOT_TRAFFICKING)


# (role, from, to, allowed?)
ROLES = [
    (Role.FOCAL_OFFICER, S.RECEIVED, S.IN_TRIAGE, True),
    (Role.REPORTER, S.RECEIVED, S.IN_TRIAGE, False),
    (Role.PARTNER_MEMBER, S.ON_AGENDA, S.CLOSED, False),
    (Role.CHAIN_DIRECTOR, S.ON_AGENDA, S.CLOSED, True),    # the screening table decides
    (Role.CHAIN_DIRECTOR, S.IN_TRIAGE, S.ON_AGENDA, False),  # putting forward is the focal officer's call
    (Role.ADMINISTRATOR, S.CLOSED, S.IN_TRIAGE, False),
    (None, S.ON_AGENDA, S.CLOSED, True),                   # the system itself, e.g. all routes done
    (Role.CHAIN_DIRECTOR, S.REFERRED, S.CLOSED, True),     # closing after the table's routes, with a reason
    (None, S.REFERRED, S.CLOSED, True),                    # every route is done
    (Role.CHAIN_DIRECTOR, S.ON_AGENDA, S.IN_TRIAGE, False),  # withdrawing is the focal officer's call
]


@pytest.mark.parametrize(("role", "source", "target", "allowed"), ROLES)
def test_roles_per_transition(role, source, target, allowed):
    kwargs = {**_kwargs(target), "role": role}
    if allowed:
        assert check_transition(source, target, **kwargs)
    else:
        with pytest.raises(RoleNotAllowed):
            check_transition(source, target, **kwargs)


def test_allowed_targets_follow_the_table():
    assert allowed_targets(S.RECEIVED, role=FOCAL) == [S.IN_TRIAGE, S.REFERRED, S.CLOSED]
    assert allowed_targets(S.CLOSED, role=FOCAL) == [S.IN_TRIAGE]
    assert allowed_targets(S.IN_TRIAGE, role=Role.REPORTER) == []


def test_refusals_are_dutch_sentences():
    with translation.override("nl"):
        with pytest.raises(SignalDomainError) as refused:
            check_transition(S.CLOSED, S.ON_AGENDA, role=FOCAL)
    assert "Afgesloten" in str(refused.value.message)
    assert "Op de agenda van het screeningsoverleg" in str(refused.value.message)
