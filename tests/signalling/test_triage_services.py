"""Triage use cases against the database: factories, a fixed clock, the audit trail asserted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from schakel.accounts.roles import Role
from schakel.organisations.models import OrganisationKind
from schakel.privacy.models import AccessLogEntry
from schakel.signalling import selectors
from schakel.signalling.models import (
    Channel,
    CloseReason,
    EventKind,
    MailboxMessage,
    MessageDirection,
    Referral,
    SignalEvent,
    SignalStatus,
)
from schakel.signalling.referral_targets import organisation_fits
from schakel.signalling.services import triage
from schakel.signalling.transitions import CloseReasonRequired, DuplicateNeedsMerge, ReasonRequired
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .triage_factories import SignalFactory

UTC = datetime.timezone.utc
TUESDAY = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


@pytest.fixture
def signal(world):
    return SignalFactory(municipality=world.a1)


def _log_actions(signal):
    return list(AccessLogEntry.objects.filter(record_type="signalling.signal", record_id=str(signal.pk))
                .order_by("id").values_list("action", "reason"))


def test_pick_up_assigns_starts_triage_and_records_the_first_reaction(officer, signal):
    triage.pick_up(actor=officer, signal=signal, expected_version=1, now=TUESDAY)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_TRIAGE
    assert signal.assigned_to == officer
    assert signal.first_reaction_at == TUESDAY
    assert signal.version == 2
    kinds = list(signal.events.order_by("id").values_list("kind", "from_status", "to_status"))
    assert kinds[-2:] == [(EventKind.ASSIGNMENT, "", ""),
                          (EventKind.TRANSITION, SignalStatus.RECEIVED, SignalStatus.IN_TRIAGE)]
    assert _log_actions(signal) == [("change", "triage: opgepakt")]


def test_first_reaction_is_not_overwritten_by_later_actions(officer, signal):
    triage.pick_up(actor=officer, signal=signal, expected_version=1, now=TUESDAY)
    later = TUESDAY + datetime.timedelta(days=1)
    triage.add_note(actor=officer, signal=signal, text="Gebeld met wijkagent", expected_version=2, now=later)
    signal.refresh_from_db()
    assert signal.first_reaction_at == TUESDAY


def test_second_officer_with_a_stale_version_is_refused_and_nothing_is_overwritten(world, officer, signal):
    colleague = UserFactory(username="collega")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    # both opened the page at version 1
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.IN_TRIAGE, expected_version=1,
                         now=TUESDAY)
    with pytest.raises(triage.StaleVersion):
        triage.change_status(actor=colleague, signal=signal, target=SignalStatus.CLOSED, expected_version=1,
                             close_reason=CloseReason.NOT_TRAFFICKING, now=TUESDAY)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_TRIAGE
    assert signal.version == 2
    assert not signal.events.filter(to_status=SignalStatus.CLOSED).exists()


def test_put_on_screening_agenda(officer, signal):
    triage.pick_up(actor=officer, signal=signal, expected_version=1, now=TUESDAY)
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.ON_AGENDA, expected_version=2,
                         reason="Meerdere signalen op dit adres", now=TUESDAY)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ON_AGENDA
    event = signal.events.get(to_status=SignalStatus.ON_AGENDA)
    assert (event.actor, event.reason) == (officer, "Meerdere signalen op dit adres")
    assert ("change", "triage: status in_triage -> on_agenda") in _log_actions(signal)


def test_received_signal_cannot_go_straight_to_the_agenda(officer, signal):
    with pytest.raises(triage.TransitionNotAllowed):
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.ON_AGENDA, expected_version=1)


def test_close_needs_a_close_reason_and_records_when(officer, signal):
    with pytest.raises(CloseReasonRequired):
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED, expected_version=1)
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED, expected_version=1,
                         close_reason=CloseReason.INSUFFICIENT_INFORMATION, now=TUESDAY)
    signal.refresh_from_db()
    assert (signal.status, signal.close_reason, signal.closed_at) == (
        SignalStatus.CLOSED, CloseReason.INSUFFICIENT_INFORMATION, TUESDAY)


def test_duplicate_is_not_a_plain_close_reason(officer, signal):
    with pytest.raises(DuplicateNeedsMerge):
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED, expected_version=1,
                             close_reason=CloseReason.DUPLICATE)


def test_reopen_needs_a_reason_and_clears_the_close_reason(officer, signal):
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED, expected_version=1,
                         close_reason=CloseReason.NOT_TRAFFICKING, now=TUESDAY)
    with pytest.raises(ReasonRequired):
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.IN_TRIAGE, expected_version=2)
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.IN_TRIAGE, expected_version=2,
                         reason="Politie meldt nieuwe feiten", now=TUESDAY)
    signal.refresh_from_db()
    assert (signal.status, signal.close_reason, signal.closed_at) == (SignalStatus.IN_TRIAGE, "", None)
    reopen = signal.events.get(kind=EventKind.REOPEN)
    assert reopen.reason == "Politie meldt nieuwe feiten"


def test_officer_of_another_municipality_cannot_act(world, signal):
    with pytest.raises(PermissionDenied):
        triage.pick_up(actor=world.other_municipality, signal=signal, expected_version=1)
    with pytest.raises(PermissionDenied):
        triage.pick_up(actor=world.user("chain_director"), signal=signal, expected_version=1)


def test_assignment_to_an_absent_officer_goes_to_the_backup(world, officer, signal, django_capture_on_commit_callbacks,
                                                            mailoutbox):
    backup = UserFactory(username="vervanger", email="vervanger@aadorp.example")
    MembershipFactory(user=backup, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    absent = UserFactory(username="afwezig")
    MembershipFactory(user=absent, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER,
                      absent=True, backup=backup)
    with django_capture_on_commit_callbacks(execute=True):
        triage.assign(actor=officer, signal=signal, assignee=absent, expected_version=1, now=TUESDAY)
    signal.refresh_from_db()
    assert signal.assigned_to == backup
    event = signal.events.get(kind=EventKind.ASSIGNMENT)
    assert event.data["backup_because_absent"] is True and event.data["requested"] == absent.pk
    [mail] = mailoutbox
    assert mail.to == ["vervanger@aadorp.example"]
    assert f"/signalen/{signal.reference}/" in mail.body
    assert "caravan" not in mail.body  # a link, never content


def test_assignment_to_an_absent_officer_without_backup_is_refused(world, officer, signal):
    absent = UserFactory(username="afwezig")
    MembershipFactory(user=absent, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER, absent=True)
    with pytest.raises(triage.NobodyAvailable):
        triage.assign(actor=officer, signal=signal, assignee=absent, expected_version=1)


def test_assignment_outside_the_municipality_is_refused(world, officer, signal):
    with pytest.raises(triage.NotAFocalOfficer):
        triage.assign(actor=officer, signal=signal, assignee=world.other_municipality, expected_version=1)
    with pytest.raises(triage.NotAFocalOfficer):
        triage.assign(actor=officer, signal=signal, assignee=world.user("reporter"), expected_version=1)


def test_direct_referral_to_the_police_records_to_whom_and_when(officer, signal):
    referral = triage.refer(actor=officer, signal=signal, to_kind="police", to_description="AVIM Oost",
                            note="Acuut: minderjarige", expected_version=1, now=TUESDAY)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REFERRED
    assert (referral.to_kind, referral.to_description, referral.at, referral.by) == (
        "police", "AVIM Oost", TUESDAY, officer)
    assert Referral.objects.get(pk=referral.pk).note == "Acuut: minderjarige"
    event = signal.events.get(kind=EventKind.REFERRAL)
    assert (event.from_status, event.to_status, event.data["to_kind"]) == ("received", "referred", "police")


def test_a_second_referral_keeps_the_status(officer, signal):
    triage.refer(actor=officer, signal=signal, to_kind="police", expected_version=1)
    triage.refer(actor=officer, signal=signal, to_kind="veilig_thuis", expected_version=2)
    assert signal.referrals.count() == 2
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REFERRED


def test_referral_names_an_organisation_of_the_target_kind_and_region(world, officer, signal):
    police = world.organisations["police_a"]
    referral = triage.refer(actor=officer, signal=signal, to_kind="police", to_organisation=police,
                            expected_version=1, now=TUESDAY)
    assert Referral.objects.get(pk=referral.pk).to_organisation == police
    event = signal.events.get(kind=EventKind.REFERRAL)
    assert event.data["to_organisation"] == "Politie A"


def test_referral_may_name_a_national_organisation(officer, signal):
    national = OrganisationFactory(name="Veilig Thuis Landelijk", kind=OrganisationKind.VEILIG_THUIS)
    referral = triage.refer(actor=officer, signal=signal, to_kind="veilig_thuis", to_organisation=national,
                            expected_version=1)
    assert referral.to_organisation == national


@pytest.mark.parametrize("case", ["other_kind", "other_region", "inactive"])
def test_referral_refuses_an_organisation_that_does_not_fit(world, officer, signal, case):
    organisation = {
        "other_kind": lambda: world.organisations["police_a"],  # police, but referred to Veilig Thuis
        "other_region": lambda: OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS, region=world.region_b),
        "inactive": lambda: OrganisationFactory(kind=OrganisationKind.VEILIG_THUIS, region=world.region_a,
                                                active=False),
    }[case]()
    with pytest.raises(triage.OrganisationDoesNotFit) as refused:
        triage.refer(actor=officer, signal=signal, to_kind="veilig_thuis", to_organisation=organisation,
                     expected_version=1)
    assert refused.value.field == "to_organisation"
    signal.refresh_from_db()
    assert (signal.status, signal.version, signal.referrals.count()) == (SignalStatus.RECEIVED, 1, 0)


def test_referral_organisations_are_the_active_ones_of_the_region_and_national(world, signal):
    national = OrganisationFactory(name="Landelijk", kind=OrganisationKind.LABOUR_INSPECTORATE)
    OrganisationFactory(name="Politie B", kind=OrganisationKind.POLICE, region=world.region_b)
    OrganisationFactory(name="Oud", kind=OrganisationKind.POLICE, region=world.region_a, active=False)
    names = set(selectors.referral_organisations(signal).values_list("name", flat=True))
    assert names == {"Gemeente Aadorp", "Gemeente Abbega", "Regiobureau A", "Politie A", national.name}


@pytest.mark.parametrize(("target", "kind", "fits"), [
    ("police", OrganisationKind.POLICE, True),
    ("police", OrganisationKind.KMAR, True),
    ("police", OrganisationKind.VEILIG_THUIS, False),
    ("veilig_thuis", OrganisationKind.VEILIG_THUIS, True),
    ("veilig_thuis", OrganisationKind.MUNICIPALITY, False),
    ("wijkteam", OrganisationKind.MUNICIPALITY, True),
    ("wijkteam", OrganisationKind.CARE_PROVIDER, True),
    ("handhaving", OrganisationKind.MUNICIPALITY, True),
    ("handhaving", OrganisationKind.POLICE, False),
    ("other", OrganisationKind.RIEC, True),
    ("unknown", OrganisationKind.POLICE, False),
])
def test_which_organisation_kinds_fit_which_referral_target(target, kind, fits):
    assert organisation_fits(target, kind) is fits


def test_merge_closes_the_duplicate_and_keeps_both_histories(officer, world):
    original = SignalFactory(municipality=world.a1)
    duplicate = SignalFactory(municipality=world.a1)
    triage.add_note(actor=officer, signal=duplicate, text="Zelfde caravan als eerder", expected_version=1,
                    now=TUESDAY)
    into = triage.merge(actor=officer, duplicate=duplicate, into_reference=original.reference,
                        expected_version=2, reason="Zelfde adres en kenteken", now=TUESDAY)
    duplicate.refresh_from_db()
    assert into == original
    assert (duplicate.status, duplicate.close_reason, duplicate.merged_into) == (
        SignalStatus.CLOSED, CloseReason.DUPLICATE, original)
    on_original = {(e.signal_id, e.kind) for e in selectors.history(original)}
    on_duplicate = {(e.signal_id, e.kind) for e in selectors.history(duplicate)}
    assert on_original == on_duplicate
    assert (duplicate.pk, EventKind.NOTE) in on_original
    assert (original.pk, EventKind.MERGE) in on_original and (duplicate.pk, EventKind.MERGE) in on_original
    assert ("change", f"triage: {duplicate.reference} samengevoegd hiermee") in _log_actions(original)


def test_merge_only_within_the_municipality_and_into_an_open_signal(officer, world):
    duplicate = SignalFactory(municipality=world.a1)
    elsewhere = SignalFactory(municipality=world.a2)
    with pytest.raises(triage.MergeNotAllowed):
        triage.merge(actor=officer, duplicate=duplicate, into_reference=elsewhere.reference, expected_version=1)
    with pytest.raises(triage.MergeNotAllowed):
        triage.merge(actor=officer, duplicate=duplicate, into_reference=duplicate.reference, expected_version=1)
    closed = SignalFactory(municipality=world.a1, status=SignalStatus.CLOSED, close_reason="not_trafficking")
    with pytest.raises(triage.MergeNotAllowed):
        triage.merge(actor=officer, duplicate=duplicate, into_reference=closed.reference, expected_version=1)
    duplicate.refresh_from_db()
    assert duplicate.status == SignalStatus.RECEIVED


def test_added_phone_number_is_indexed_and_found(officer, signal, world):
    triage.add_entity(actor=officer, signal=signal, kind="phone", data={"number": "06 1234 5678"},
                      expected_version=1, now=TUESDAY)
    found, _ = selectors.search(selectors.handled_signals(officer), "+31 6 12345678")
    assert list(found) == [signal]
    assert signal.events.filter(kind=EventKind.EDIT).exists()


def test_invalid_entity_is_refused_per_field(officer, signal):
    with pytest.raises(triage.InvalidEntity) as refused:
        triage.add_entity(actor=officer, signal=signal, kind="address", data={"postcode": "12AB", "house_number": "3"},
                          expected_version=1)
    assert "postcode" in refused.value.errors
    with pytest.raises(triage.InvalidEntity) as refused:
        triage.add_entity(actor=officer, signal=signal, kind="person", data={"name": "X"}, expected_version=1)
    assert "person_role" in refused.value.errors
    signal.refresh_from_db()
    assert signal.version == 1 and signal.entities.count() == 0


def test_question_to_a_staff_reporter_mails_a_link_without_content(world, officer,
                                                                    django_capture_on_commit_callbacks, mailoutbox):
    reporter = world.user("reporter")
    signal = SignalFactory(municipality=world.a1, reporter=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        triage.ask_reporter(actor=officer, signal=signal, text="Welk kenteken had het busje?", expected_version=1,
                            now=TUESDAY)
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is True
    message = MailboxMessage.objects.get(signal=signal)
    assert (message.direction, message.text, message.sender) == (
        MessageDirection.TO_REPORTER, "Welk kenteken had het busje?", officer)
    [mail] = mailoutbox
    assert mail.to == [reporter.email]
    assert "kenteken" not in mail.body and "busje" not in mail.body
    assert signal.reference in mail.subject


def test_question_to_a_public_reporter_goes_to_the_mailbox(world, officer, mailoutbox):
    signal = SignalFactory(municipality=world.a1, channel=Channel.PUBLIC, mailbox_id="ABCDE12345")
    triage.ask_reporter(actor=officer, signal=signal, text="Kunt u het adres noemen?", expected_version=1)
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is True
    assert SignalEvent.objects.filter(signal=signal, kind=EventKind.QUESTION).count() == 1
    assert mailoutbox == []


def test_question_to_an_unreachable_reporter_is_refused(world, officer):
    signal = SignalFactory(municipality=world.a1, channel=Channel.PHONE)
    with pytest.raises(triage.ReporterNotReachable):
        triage.ask_reporter(actor=officer, signal=signal, text="Vraag", expected_version=1)
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is False
