"""The privacy officer's desk as pages: bad input keeps what was typed, destructive acts ask for a yes,
another area's rows are 404, and a second submit changes nothing more."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine

from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.privacy.audit import record_access
from schakel.privacy.emergency import break_glass
from schakel.privacy.models import (
    AccessFlag,
    AccessLogEntry,
    EmergencyAccess,
    FlagKind,
    LegalHold,
    PurgeLogEntry,
    RetentionPeriod,
)
from schakel.signalling.models import Signal
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2028, 4, 4, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday
CLOSED = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=AMSTERDAM)
REASON = "Geen grond meer voor noodtoegang, eigen collega is terug"
GRANTS, FLAGS, RETENTION, HOLDS = ("/privacy/bureau/noodtoegang", "/privacy/bureau/opvallend",
                                   "/privacy/bureau/bewaartermijnen", "/privacy/bureau/bewaarplicht")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(world):
    return world.user("privacy_officer")


@pytest.fixture
def desk(login, officer):
    return login(officer)


def text(response) -> str:
    return response.content.decode()


def closed_signal(municipality, **fields):
    return SignalFactory(municipality=municipality, status="closed", close_reason="not_trafficking",
                         closed_at=CLOSED, **fields)


# -- the start of the desk --------------------------------------------------------------------------

def test_the_desk_counts_what_asks_for_attention(desk, world):
    break_glass(user=world.other_municipality, record=SignalFactory(municipality=world.a1), reason=REASON)
    page = desk.get("/privacy/bureau")
    assert page.status_code == 200
    assert page.context["counts"]["running_grants"] == 1
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]


# -- ending someone's emergency access -------------------------------------------------------------

@pytest.fixture
def grant(world):
    return break_glass(user=world.other_municipality, record=SignalFactory(municipality=world.a1), reason=REASON)


def revoke(client, grant, **data):
    return client.post(f"{GRANTS}/{grant.pk}/beeindigen", {f"r{grant.pk}-{k}": v for k, v in data.items()})


def test_the_grants_page_lists_the_grant_to_a_record_of_the_area(desk, grant):
    page = desk.get(GRANTS)
    assert page.status_code == 200
    assert grant.user.get_full_name() in text(page) and "Noodtoegang beëindigen" in text(page)
    assert REASON in text(page)


def test_ending_a_grant_asks_for_a_yes_and_keeps_the_reason_typed(desk, grant):
    response = revoke(desk, grant, reason=REASON)
    assert response.status_code == 400
    assert REASON in text(response)  # what was typed stays
    assert "Ja, ik weet het zeker" in text(response)
    assert EmergencyAccess.objects.get(pk=grant.pk).ended_at is None


def test_ending_a_grant_needs_a_reason(desk, grant):
    response = revoke(desk, grant, reason="kort", confirm="on")
    assert response.status_code == 400
    assert EmergencyAccess.objects.get(pk=grant.pk).ended_at is None


def test_ending_a_grant_ends_it_mails_the_holder_and_logs_it(desk, grant, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = revoke(desk, grant, reason=REASON, confirm="on")
    assert response.status_code == 302 and response["Location"] == GRANTS
    assert EmergencyAccess.objects.get(pk=grant.pk).ended_at == NOW
    (mail,) = mailoutbox
    assert mail.to == [grant.user.email] and "beëindigd" in mail.subject
    assert "04-04-2028 10:00" in mail.body  # Amsterdam time
    assert REASON not in mail.body and "Signaal" not in mail.body  # no content in the mail
    assert AccessLogEntry.objects.filter(reason=REASON, flagged=True).exists()


def test_ending_a_grant_twice_says_it_has_ended_already(desk, grant):
    revoke(desk, grant, reason=REASON, confirm="on")
    again = revoke(desk, grant, reason=REASON, confirm="on")
    assert again.status_code == 400
    assert "al afgelopen" in text(again)


def test_a_grant_to_another_areas_record_is_404(desk, world):
    elsewhere = UserFactory(username="focal_officer_b2")
    MembershipFactory(user=elsewhere, organisation=world.organisations["b1"], role=Role.FOCAL_OFFICER)
    other = break_glass(user=elsewhere, record=SignalFactory(municipality=world.b1), reason=REASON)
    assert revoke(desk, other, reason=REASON, confirm="on").status_code == 404
    assert desk.post(f"{GRANTS}/999999/beeindigen").status_code == 404
    assert EmergencyAccess.objects.get(pk=other.pk).ended_at is None


# -- unusual access ----------------------------------------------------------------------------------

def flag_of(user, owner_keys):
    return AccessFlag.objects.create(kind=FlagKind.AFTER_HOURS, user=user, window_start=NOW, window_end=NOW,
                                     count=3, detail="3 keer toegang buiten kantoortijd", owner_keys=owner_keys,
                                     found_at=NOW)


def test_looking_for_unusual_access_finds_and_lists_it(desk, world):
    with time_machine.travel(NOW.replace(hour=6), tick=False):
        record_access(user=world.user("focal_officer"), action="view", record_type="signalling.signal",
                      record_id="1", owner_keys=f" m{world.a1.pk} ")
    response = desk.post(f"{FLAGS}/nalopen")
    assert response.status_code == 302
    page = desk.get(FLAGS)
    assert "Toegang buiten kantoortijd" in text(page)
    assert world.user("focal_officer").get_full_name() in text(page)


def test_reviewing_a_flag_needs_a_note_keeps_it_and_counts_once(desk, world):
    flag = flag_of(world.user("focal_officer"), f" m{world.a1.pk} ")
    short = desk.post(f"{FLAGS}/{flag.pk}/gecontroleerd", {f"r{flag.pk}-note": "ok"})
    assert short.status_code == 400 and AccessFlag.objects.get(pk=flag.pk).reviewed_at is None
    note = "Besproken met de medewerker: spoedoverleg"
    done = desk.post(f"{FLAGS}/{flag.pk}/gecontroleerd", {f"r{flag.pk}-note": note})
    assert done.status_code == 302
    assert AccessFlag.objects.get(pk=flag.pk).review_note == note
    again = desk.post(f"{FLAGS}/{flag.pk}/gecontroleerd", {f"r{flag.pk}-note": note})
    assert again.status_code == 400 and "al gecontroleerd" in text(again)


def test_a_flag_of_another_area_is_404(desk, world):
    flag = flag_of(world.users["focal_officer_b1"], f" m{world.b1.pk} ")
    assert desk.post(f"{FLAGS}/{flag.pk}/gecontroleerd", {f"r{flag.pk}-note": "Nagegaan"}).status_code == 404
    assert world.users["focal_officer_b1"].get_full_name() not in text(desk.get(f"{FLAGS}?toon=alle"))


# -- retention: dry run, purge now, periods ------------------------------------------------------------

def test_a_dry_run_lists_the_areas_references_and_deletes_nothing(desk, world):
    ours, theirs = closed_signal(world.a1), closed_signal(world.b1)
    page = desk.get(f"{RETENTION}?proefdraai=1")
    assert page.status_code == 200
    assert ours.reference in text(page) and theirs.reference not in text(page)
    assert Signal.objects.count() == 2


def test_purging_now_asks_for_a_yes_first(desk, world):
    signal = closed_signal(world.a1)
    response = desk.post(f"{RETENTION}/opschonen", {"opschonen-reason": "Termijn verkort in het convenant"})
    assert response.status_code == 400
    assert "Termijn verkort in het convenant" in text(response)
    assert Signal.objects.filter(pk=signal.pk).exists()


def test_purging_now_removes_only_the_areas_expired_records_and_a_second_submit_removes_nothing(desk, world):
    ours, theirs = closed_signal(world.a1), closed_signal(world.b1)
    data = {"opschonen-reason": "Termijn verkort in het convenant", "opschonen-confirm": "on"}
    response = desk.post(f"{RETENTION}/opschonen", data, follow=True)
    assert "Opgeschoond: 1 gegevens verwijderd" in text(response)
    assert not Signal.objects.filter(pk=ours.pk).exists()
    assert Signal.objects.filter(pk=theirs.pk).exists()
    (entry,) = PurgeLogEntry.objects.all()
    assert (entry.trigger, entry.actor, entry.municipality) == ("officer", world.user("privacy_officer"), world.a1)
    again = desk.post(f"{RETENTION}/opschonen", data, follow=True)
    assert "Opgeschoond: 0 gegevens verwijderd" in text(again)
    assert PurgeLogEntry.objects.count() == 1


def test_a_municipal_officer_is_told_that_the_region_office_sets_periods(desk):
    rule = "signalling.signal.closed_without_follow_up"
    response = desk.post(f"{RETENTION}/wijzigen", {"rule_key": rule, "months": "24",
                                                   "reason": "Convenant artikel 12, twee jaar"})
    assert response.status_code == 400
    assert "regiobureau" in text(response)
    assert not RetentionPeriod.objects.exists()


def test_a_region_office_officer_changes_a_period_and_bad_months_are_refused(login, world):
    user = UserFactory(username="privacy_officer_region_a")
    MembershipFactory(user=user, organisation=world.organisations["region_a"], role=Role.PRIVACY_OFFICER)
    client = login(user)
    rule = "signalling.signal.closed_without_follow_up"
    bad = client.post(f"{RETENTION}/wijzigen", {"rule_key": rule, "months": "0", "reason": "Convenant artikel 12"})
    assert bad.status_code == 400 and "Convenant artikel 12" in text(bad)
    good = client.post(f"{RETENTION}/wijzigen", {"rule_key": rule, "months": "24", "reason": "Convenant artikel 12"})
    assert good.status_code == 302
    assert "24 maanden" in text(client.get(RETENTION))


# -- legal holds ------------------------------------------------------------------------------------

def place(client, reference, reason="Strafrechtelijk onderzoek loopt nog", review_on="2028-10-01"):
    return client.post(HOLDS, {"record_type": "signalling.signal", "reference": reference, "reason": reason,
                               "review_on": review_on})


def test_a_hold_on_an_unknown_or_foreign_reference_is_refused_alike_and_keeps_the_input(desk, world):
    foreign = closed_signal(world.b1)
    unknown = place(desk, "2099-000001")
    theirs = place(desk, foreign.reference)
    assert unknown.status_code == theirs.status_code == 400
    assert "geen gegeven met dit kenmerk in uw gebied" in text(theirs)
    assert "Strafrechtelijk onderzoek loopt nog" in text(theirs)
    assert not LegalHold.objects.exists()


def test_a_hold_needs_a_review_date_after_today(desk, world):
    response = place(desk, closed_signal(world.a1).reference, review_on="2028-04-04")
    assert response.status_code == 400 and "na vandaag" in text(response)


def test_placing_a_hold_twice_places_one_and_the_purge_skips_it(desk, world):
    signal = closed_signal(world.a1)
    assert place(desk, signal.reference).status_code == 302
    assert place(desk, signal.reference).status_code == 302
    assert LegalHold.objects.count() == 1
    page = desk.get(HOLDS)
    assert signal.reference in text(page) and "privacy_officer" in text(page) and "01-10-2028" in text(page)
    desk.post(f"{RETENTION}/opschonen", {"opschonen-reason": "Termijn verkort in het convenant",
                                         "opschonen-confirm": "on"})
    assert Signal.objects.filter(pk=signal.pk).exists()


def test_lifting_a_hold_asks_for_a_yes_and_a_second_lift_changes_nothing(desk, world):
    signal = closed_signal(world.a1)
    place(desk, signal.reference)
    hold = LegalHold.objects.get()
    reason = "Onderzoek afgerond, bericht van het OM"
    unconfirmed = desk.post(f"{HOLDS}/{hold.pk}/opheffen", {f"r{hold.pk}-reason": reason})
    assert unconfirmed.status_code == 400 and reason in text(unconfirmed)
    assert LegalHold.objects.get(pk=hold.pk).active
    data = {f"r{hold.pk}-reason": reason, f"r{hold.pk}-confirm": "on"}
    assert desk.post(f"{HOLDS}/{hold.pk}/opheffen", data).status_code == 302
    again = desk.post(f"{HOLDS}/{hold.pk}/opheffen", data, follow=True)
    assert "al opgeheven" in text(again)
    assert LegalHold.objects.get(pk=hold.pk).lift_reason == reason


def test_a_hold_of_another_area_is_404(desk, world):
    regional = UserFactory(username="privacy_officer_b")
    MembershipFactory(user=regional, organisation=world.organisations["b1"], role=Role.PRIVACY_OFFICER)
    hold = LegalHold.objects.create(record_type="signalling.signal", record_id="1", reference="2026-000001",
                                    reason="Onderzoek in regio B", review_on=datetime.date(2028, 10, 1),
                                    placed_by=regional, placed_at=NOW, municipality=world.b1)
    response = desk.post(f"{HOLDS}/{hold.pk}/opheffen", {f"r{hold.pk}-reason": REASON, f"r{hold.pk}-confirm": "on"})
    assert response.status_code == 404
    assert "Onderzoek in regio B" not in text(desk.get(HOLDS))


# -- the processing register ---------------------------------------------------------------------------

def test_the_processing_register_is_a_page_and_a_csv(desk):
    page = desk.get("/privacy/verwerkingsregister")
    assert page.status_code == 200
    export = desk.get("/privacy/verwerkingsregister/export")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_the_dry_run_shows_what_a_hold_keeps_with_reason_holder_and_review_date(desk, world):
    held = closed_signal(world.a1)
    target = closed_signal(world.a1)
    duplicate = SignalFactory(municipality=world.a1, status="closed", close_reason="duplicate", closed_at=CLOSED,
                              merged_into=target)
    place(desk, held.reference, reason="Strafrechtelijk onderzoek loopt nog")
    place(desk, duplicate.reference, reason="Onderzoek naar de uitbuiter loopt", review_on="2028-11-15")

    page = desk.get(f"{RETENTION}?proefdraai=1")

    skipped = {row["reference"]: row for row in page.context["skipped"]}
    assert set(skipped) == {held.reference, target.reference}
    assert (skipped[held.reference]["via"], skipped[target.reference]["via"]) == (False, True)
    body = text(page)
    assert "Overgeslagen wegens bewaarplicht" in body
    for words in ("Strafrechtelijk onderzoek loopt nog", "Onderzoek naar de uitbuiter loopt", "01-10-2028",
                  "15-11-2028", f"samengevoegd met {duplicate.reference}", world.user("privacy_officer").get_full_name()):
        assert words in body, words


def test_the_desk_lists_the_next_request_deadlines_oldest_first_and_says_when_one_has_passed(desk, officer):
    from schakel.privacy.subject_requests import register_request

    late = register_request(actor=officer, kind="inspection", subject_name="Piet de Vries",
                            received_on=datetime.date(2028, 2, 1))
    soon = register_request(actor=officer, kind="erasure", subject_name="Jan Bakker",
                            received_on=datetime.date(2028, 3, 20))
    page = desk.get("/privacy/bureau")
    assert [item.pk for item in page.context["upcoming"]] == [late.pk, soon.pk]
    body = text(page)
    assert "01-03-2028 <strong>(termijn verstreken)</strong>" in body and "20-04-2028" in body
    assert "Piet de Vries" not in body  # names stay on the request's own page


def test_holds_are_searched_by_reference(desk, world):
    first, second = closed_signal(world.a1), closed_signal(world.a1)
    place(desk, first.reference)
    place(desk, second.reference)
    found = desk.get(f"{HOLDS}?kenmerk={second.reference}")
    assert [hold.reference for hold in found.context["holds"]] == [second.reference]
    none = desk.get(f"{HOLDS}?kenmerk=2099-")
    assert "Geen bewaarplicht met dit kenmerk" in text(none)


def test_running_holds_and_unchecked_flags_come_first(desk, world):
    old, running = closed_signal(world.a1), closed_signal(world.a1)
    place(desk, old.reference)
    lifted = LegalHold.objects.get()
    desk.post(f"{HOLDS}/{lifted.pk}/opheffen", {f"r{lifted.pk}-reason": "Onderzoek afgerond, bericht van het OM",
                                                f"r{lifted.pk}-confirm": "on"})
    place(desk, running.reference, review_on="2028-12-01")
    assert [hold.reference for hold in desk.get(HOLDS).context["holds"]] == [running.reference, old.reference]

    checked = flag_of(world.user("focal_officer"), f" m{world.a1.pk} ")
    desk.post(f"{FLAGS}/{checked.pk}/gecontroleerd", {f"r{checked.pk}-note": "Nagegaan met de medewerker"})
    unchecked = AccessFlag.objects.create(kind=FlagKind.MANY_RECORDS, user=world.user("focal_officer"),
                                          window_start=NOW - datetime.timedelta(days=3), window_end=NOW, count=40,
                                          owner_keys=f" m{world.a1.pk} ", found_at=NOW)
    assert [flag.pk for flag in desk.get(f"{FLAGS}?toon=alle").context["flags"]] == [unchecked.pk, checked.pk]
