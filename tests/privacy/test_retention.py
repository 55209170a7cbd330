"""Retention that deletes: closed signals past their period go, held ones stay, figures survive."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from schakel.jobs.services import run_periodic_job
from schakel.privacy import retention
from schakel.privacy.holds import HoldError, lift_hold, place_hold
from schakel.privacy.models import AccessLogEntry, LegalHold, PurgeLogEntry, RetainedFigure, RetentionPeriod, StoredFile
from schakel.privacy.purge import apply_retention
from schakel.signalling.models import MailboxMessage, SearchToken, Signal, SignalEntity
from schakel.signalling.retention import yearly_signal_figures
from schakel.signalling.services.attachments import attach_files
from tests.signalling.triage_factories import SignalFactory, add_entity

UTC = datetime.timezone.utc
CLOSED = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
TWO_YEARS_ON = datetime.datetime(2028, 4, 2, 10, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 16


def closed_signal(municipality, reason="not_trafficking", closed_at=CLOSED, **fields):
    return SignalFactory(municipality=municipality, status="closed", close_reason=reason, closed_at=closed_at,
                         **fields)


@pytest.mark.django_db
def test_a_signal_closed_without_follow_up_is_deleted_a_year_after_closing_with_everything_it_had(
        world, django_capture_on_commit_callbacks):
    signal = closed_signal(world.a1)
    add_entity(signal, "person", {"name": "Piet de Vries"}, person_role="presumed_victim")
    MailboxMessage.objects.create(signal=signal, at=CLOSED, direction="to_reporter", text="Dank u")
    (attachment,) = attach_files(signal=signal, files=[SimpleUploadedFile("foto.png", PNG, content_type="image/png")])
    stored = attachment.stored_file
    path = stored.storage_path
    from schakel.privacy.files import _absolute

    assert _absolute(path).exists()
    kept = closed_signal(world.a1, reason="routes_done")  # 5 years: stays

    with time_machine.travel(CLOSED + datetime.timedelta(days=364), tick=False):
        early = apply_retention(now=CLOSED + datetime.timedelta(days=364), dry_run=False)
    assert early.total == 0

    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert Signal.objects.filter(pk=kept.pk).exists()
    assert not SignalEntity.objects.filter(signal_id=signal.pk).exists()
    assert not SearchToken.objects.filter(signal_id=signal.pk).exists()
    assert not MailboxMessage.objects.filter(signal_id=signal.pk).exists()
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not _absolute(path).exists()
    (entry,) = PurgeLogEntry.objects.filter(rule_key="signalling.signal.closed_without_follow_up")
    assert (entry.count, entry.months, entry.municipality_id, entry.region_id) == (1, 12, world.a1.pk,
                                                                                  world.region_a.pk)
    assert entry.oldest == CLOSED.date()
    assert report.results[0].count == 1
    assert AccessLogEntry.objects.filter(action="delete", record_type="signalling.signal",
                                         record_id=str(signal.pk)).exists()


@pytest.mark.django_db
def test_a_dry_run_lists_what_would_go_and_deletes_nothing(world):
    signal = closed_signal(world.a1)

    report = apply_retention(now=TWO_YEARS_ON, dry_run=True)

    (result,) = [r for r in report.results if r.key == "signalling.signal.closed_without_follow_up"]
    assert (result.count, result.sample) == (1, [signal.reference])
    assert Signal.objects.filter(pk=signal.pk).exists()
    assert not PurgeLogEntry.objects.exists()


@pytest.mark.django_db
def test_yearly_figures_are_the_same_after_the_purge(world):
    for forms in (["labour"], ["labour", "sexual"], []):
        closed_signal(world.a1, forms=forms)
    SignalFactory(municipality=world.a2, forms=["criminal"])  # open: stays
    before = yearly_signal_figures(2026)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert Signal.objects.count() == 1
    assert yearly_signal_figures(2026) == before == {"labour": 2, "sexual": 1, "unknown": 1, "criminal": 1}
    assert yearly_signal_figures(2026, municipality_ids=[world.a1.pk]) == {"labour": 2, "sexual": 1, "unknown": 1}
    assert RetainedFigure.objects.filter(month=datetime.date(2026, 3, 1)).count() == 3


@pytest.mark.django_db
def test_a_held_signal_survives_the_purge_until_the_hold_is_lifted(world):
    officer = world.user("privacy_officer")
    signal = closed_signal(world.a1)
    with time_machine.travel(TWO_YEARS_ON, tick=False):
        hold = place_hold(actor=officer, record_type="signalling.signal", reference=signal.reference,
                          reason="Strafrechtelijk onderzoek loopt nog", review_on=datetime.date(2028, 10, 1))
        again = place_hold(actor=officer, record_type="signalling.signal", reference=signal.reference,
                           reason="Strafrechtelijk onderzoek loopt nog", review_on=datetime.date(2028, 10, 1))
    assert again.pk == hold.pk

    report = apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert Signal.objects.filter(pk=signal.pk).exists()
    assert report.results[0].held == 1
    with time_machine.travel(TWO_YEARS_ON, tick=False):
        lift_hold(actor=officer, hold=hold, reason="Onderzoek afgerond, OM bericht")
    assert LegalHold.objects.get(pk=hold.pk).lift_reason == "Onderzoek afgerond, OM bericht"
    assert AccessLogEntry.objects.filter(detail="bewaarplicht opgeheven", record_id=str(signal.pk)).exists()
    apply_retention(now=TWO_YEARS_ON, dry_run=False)
    assert not Signal.objects.filter(pk=signal.pk).exists()


@pytest.mark.django_db
def test_a_hold_outside_the_officers_area_reads_as_an_unknown_reference(world):
    signal = closed_signal(world.b1)
    with time_machine.travel(TWO_YEARS_ON, tick=False), pytest.raises(HoldError) as refused:
        place_hold(actor=world.user("privacy_officer"), record_type="signalling.signal", reference=signal.reference,
                   reason="Strafrechtelijk onderzoek", review_on=datetime.date(2028, 10, 1))
    assert refused.value.field == "reference"
    with time_machine.travel(TWO_YEARS_ON, tick=False), pytest.raises(HoldError) as unknown:
        place_hold(actor=world.user("privacy_officer"), record_type="signalling.signal", reference="2099-000001",
                   reason="Strafrechtelijk onderzoek", review_on=datetime.date(2028, 10, 1))
    assert unknown.value.message == refused.value.message


@pytest.mark.django_db
def test_a_regional_period_is_data_and_beats_the_default(world):
    early = closed_signal(world.a1)
    elsewhere = closed_signal(world.b1)
    RetentionPeriod.objects.create(rule_key="signalling.signal.closed_without_follow_up", region=world.region_a,
                                   months=36, reason="Convenant regio A: drie jaar",
                                   changed_by=world.user("privacy_officer"), changed_at=CLOSED)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert Signal.objects.filter(pk=early.pk).exists()
    assert not Signal.objects.filter(pk=elsewhere.pk).exists()
    assert retention.period_months("signalling.signal.closed_without_follow_up", world.region_a.pk) == 36
    assert retention.period_months("signalling.signal.closed_without_follow_up", world.region_b.pk) == 12


@pytest.mark.django_db
def test_duplicates_go_with_the_signal_they_were_merged_into(world):
    target = closed_signal(world.a1)
    duplicate = closed_signal(world.a1, reason="duplicate", merged_into=target)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert not Signal.objects.filter(pk__in=[target.pk, duplicate.pk]).exists()


@pytest.mark.django_db
def test_the_daily_job_purges_and_the_command_has_a_dry_run(world, capsys):
    signal = closed_signal(world.a1)
    with time_machine.travel(TWO_YEARS_ON, tick=False):
        call_command("apply_retention", "--dry-run")
    assert signal.reference in capsys.readouterr().out
    assert Signal.objects.filter(pk=signal.pk).exists()

    run = run_periodic_job("privacy.apply_retention", now=TWO_YEARS_ON)

    assert run.outcome == "succeeded", run.detail
    assert not Signal.objects.filter(pk=signal.pk).exists()


def _hold(world, signal):
    with time_machine.travel(TWO_YEARS_ON, tick=False):
        return place_hold(actor=world.user("privacy_officer"), record_type="signalling.signal",
                          reference=signal.reference, reason="Strafrechtelijk onderzoek loopt nog",
                          review_on=datetime.date(2028, 10, 1))


@pytest.mark.django_db
def test_a_held_duplicate_keeps_the_signal_it_was_merged_into(world):
    target = closed_signal(world.a1)
    duplicate = closed_signal(world.a1, reason="duplicate", merged_into=target)
    _hold(world, duplicate)

    dry = apply_retention(now=TWO_YEARS_ON, dry_run=True)
    report = apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert Signal.objects.filter(pk__in=[target.pk, duplicate.pk]).count() == 2
    for run in (dry, report):
        (result,) = [r for r in run.results if r.key == "signalling.signal.closed_without_follow_up"]
        assert (result.count, result.held) == (0, 1)
    assert not PurgeLogEntry.objects.filter(record_type="signalling.signal").exists()


@pytest.mark.django_db
def test_a_held_signal_keeps_its_duplicates(world):
    target = closed_signal(world.a1)
    duplicate = closed_signal(world.a1, reason="duplicate", merged_into=target)
    second = closed_signal(world.a1, reason="duplicate", merged_into=duplicate)
    _hold(world, target)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert Signal.objects.filter(pk__in=[target.pk, duplicate.pk, second.pk]).count() == 3


@pytest.mark.django_db
def test_a_hold_on_a_duplicate_of_a_duplicate_keeps_the_whole_chain(world):
    target = closed_signal(world.a1)
    duplicate = closed_signal(world.a1, reason="duplicate", merged_into=target)
    second = closed_signal(world.a1, reason="duplicate", merged_into=duplicate)
    hold = _hold(world, second)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)
    assert Signal.objects.filter(pk__in=[target.pk, duplicate.pk, second.pk]).count() == 3

    with time_machine.travel(TWO_YEARS_ON, tick=False):
        lift_hold(actor=world.user("privacy_officer"), hold=hold, reason="Onderzoek afgerond, OM bericht")
    apply_retention(now=TWO_YEARS_ON, dry_run=False)
    assert not Signal.objects.filter(pk__in=[target.pk, duplicate.pk, second.pk]).exists()


@pytest.mark.django_db
def test_the_figures_of_duplicates_are_kept_when_they_go_with_their_signal(world):
    target = closed_signal(world.a1, forms=["labour"])
    closed_signal(world.a1, reason="duplicate", merged_into=target, forms=["sexual"])
    before = yearly_signal_figures(2026)

    apply_retention(now=TWO_YEARS_ON, dry_run=False)

    assert not Signal.objects.exists()
    assert yearly_signal_figures(2026) == before == {"labour": 1, "sexual": 1}


@pytest.fixture
def protecting_app():
    """An app whose rows still refer to some signals and that does not delete them on erasure."""
    from django.db.models import ProtectedError

    from schakel.signalling.services.erasure import register_signal_erasure_listener, unregister_signal_erasure_listener

    protected = set()

    def listener(signal, *, actor, reason):
        if signal.pk in protected:
            SignalEntity.objects.filter(signal=signal).delete()  # part done, then refused: must roll back
            raise ProtectedError("rows of another app refer to this signal", set())

    register_signal_erasure_listener("tests.protecting_app", listener)
    yield protected
    unregister_signal_erasure_listener("tests.protecting_app")


@pytest.mark.django_db
def test_a_signal_still_protected_by_another_apps_rows_stays_whole_and_the_purge_goes_on(world, protecting_app):
    protected = closed_signal(world.a1)
    add_entity(protected, "person", {"name": "Piet de Vries"}, person_role="presumed_victim")
    protecting_app.add(protected.pk)
    free = closed_signal(world.a1)
    before = yearly_signal_figures(2026)

    report = apply_retention(now=TWO_YEARS_ON, dry_run=False)

    (result,) = [r for r in report.results if r.key == "signalling.signal.closed_without_follow_up"]
    assert (result.count, result.blocked) == (1, 1)
    assert Signal.objects.filter(pk=protected.pk).exists() and not Signal.objects.filter(pk=free.pk).exists()
    assert SignalEntity.objects.filter(signal_id=protected.pk).exists()  # nothing of it half-deleted
    assert yearly_signal_figures(2026) == before  # its figures were not counted twice
    assert "geblokkeerd" in report.describe()


@pytest.mark.django_db
def test_the_command_names_held_and_blocked_records(world, protecting_app, capsys):
    held, blocked = closed_signal(world.a1), closed_signal(world.a1)
    _hold(world, held)
    protecting_app.add(blocked.pk)
    with time_machine.travel(TWO_YEARS_ON, tick=False):
        call_command("apply_retention")
    out = capsys.readouterr().out
    assert ("signalling.signal.closed_without_follow_up: deleted 0 (period 12 months, 1 under legal hold, "
            "1 kept: other rows still refer to them (see the log))") in out
