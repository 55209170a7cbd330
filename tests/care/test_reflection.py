"""The reflection period (bedenktijd): its end computed, refused for the wrong client, reminders by the daily job."""

import datetime

import pytest
from django.core import mail

from schakel.care.models import ReflectionPeriod, Residence, reflection_end
from schakel.care.services import CareError, work
from schakel.care.services.reminders import send_reflection_reminders
from schakel.jobs.registry import JobContext

from .helpers import NOW, TODAY, coordinator, new_case

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


@pytest.mark.parametrize(("start", "end"), [
    (datetime.date(2026, 3, 2), datetime.date(2026, 6, 1)),
    (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31)),
    (datetime.date(2026, 11, 30), datetime.date(2027, 2, 27)),   # 28 Feb is 3 months on; the day before
    (datetime.date(2027, 11, 30), datetime.date(2028, 2, 28)),   # leap year: 29 Feb is 3 months on
    (datetime.date(2026, 1, 31), datetime.date(2026, 4, 29)),
])
def test_the_end_is_three_months_from_the_start(start, end):
    assert reflection_end(start) == end


def test_start_computes_the_end_and_reminder_dates(world):
    case = new_case(world)
    period = work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY,
                                   expected_version=case.version, now=NOW)
    assert period.ends_on == datetime.date(2026, 6, 1)
    assert period.reminder_dates() == {4: datetime.date(2026, 5, 4), 2: datetime.date(2026, 5, 18)}


@pytest.mark.parametrize("residence", [Residence.EU_CITIZEN, Residence.DUTCH, Residence.THIRD_COUNTRY_LAWFUL,
                                       Residence.ASYLUM_SEEKER, Residence.UNKNOWN])
def test_refused_for_a_client_who_is_not_a_third_country_national_without_lawful_stay(world, residence):
    nationality = "NL" if residence == Residence.DUTCH else "PL"
    case = new_case(world, residence=residence, nationality=nationality)
    with pytest.raises(CareError) as refused:
        work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version,
                              now=NOW)
    assert "derdelander zonder rechtmatig verblijf" in str(refused.value.message)
    assert not ReflectionPeriod.objects.exists()


def test_a_start_in_the_future_is_refused(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY + datetime.timedelta(days=1),
                              expected_version=case.version, now=NOW)
    assert refused.value.field == "starts_on"


def test_extension_must_end_after_the_current_end_and_b8_dates_in_order(world):
    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    case.refresh_from_db()
    later = NOW + datetime.timedelta(days=80)
    with pytest.raises(CareError) as refused:
        work.decide_reflection(actor=coordinator(world), case=case, decision="extension",
                               decided_on=later.date(), extended_until=datetime.date(2026, 5, 1),
                               expected_version=case.version, now=later)
    assert refused.value.field == "extended_until"
    period = work.decide_reflection(actor=coordinator(world), case=case, decision="extension", decided_on=later.date(),
                                    extended_until=datetime.date(2026, 7, 1), expected_version=case.version, now=later)
    assert period.effective_end == datetime.date(2026, 7, 1)
    case.refresh_from_db()
    with pytest.raises(CareError) as refused:
        work.record_b8(actor=coordinator(world), case=case, applied_on=later.date(), outcome="granted",
                       decided_on=later.date() - datetime.timedelta(days=2), expected_version=case.version, now=later)
    assert refused.value.field == "decided_on"
    period = work.record_b8(actor=coordinator(world), case=case, applied_on=later.date(), outcome="pending",
                            expected_version=case.version, now=later)
    assert (period.b8_outcome, period.b8_decided_on) == ("pending", None)


def _run_job_on(day: datetime.date) -> str:
    from schakel.care.periodic_jobs import remind_reflection_periods

    moment = datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=UTC)
    return remind_reflection_periods(JobContext(name="care.reflection_reminders", period="daily",
                                                period_key=day.isoformat(), now=moment, attempt=1))


def test_reminders_four_and_two_weeks_before_the_end_once_each(world):
    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    mail.outbox.clear()
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 5, 3))
    assert mail.outbox == []
    assert "1 herinneringen" in _run_job_on(datetime.date(2026, 5, 4))
    assert "over 4 weken" in mail.outbox[-1].subject
    assert case.client_number in mail.outbox[-1].subject and "Popescu" not in mail.outbox[-1].body
    assert mail.outbox[-1].to == [coordinator(world).email]
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 5, 5))
    assert "1 herinneringen" in _run_job_on(datetime.date(2026, 5, 18))
    assert "over 2 weken" in mail.outbox[-1].subject
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 5, 19))
    assert len(mail.outbox) == 2


def test_no_reminder_after_a_decision_and_new_reminders_after_an_extension(world):
    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    case.refresh_from_db()
    mail.outbox.clear()
    _run_job_on(datetime.date(2026, 5, 4))
    decided = datetime.datetime(2026, 5, 10, 9, tzinfo=UTC)
    work.decide_reflection(actor=coordinator(world), case=case, decision="extension", decided_on=decided.date(),
                           extended_until=datetime.date(2026, 8, 1), expected_version=case.version, now=decided)
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 5, 18))
    assert "1 herinneringen" in _run_job_on(datetime.date(2026, 7, 4))
    case.refresh_from_db()
    work.decide_reflection(actor=coordinator(world), case=case, decision="report",
                           decided_on=datetime.date(2026, 7, 6), expected_version=case.version,
                           now=datetime.datetime(2026, 7, 6, 9, tzinfo=UTC))
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 7, 18))


def test_a_missed_four_week_reminder_is_not_sent_after_the_two_week_one(world):
    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    mail.outbox.clear()
    assert "1 herinneringen" in _run_job_on(datetime.date(2026, 5, 20))
    assert "over 2 weken" in mail.outbox[-1].subject
    assert "0 herinneringen" in _run_job_on(datetime.date(2026, 5, 21))


def test_the_job_is_registered_daily():
    from schakel.jobs.registry import registry

    job = registry.get("care.reflection_reminders")
    assert job.period == "daily"


def test_send_reflection_reminders_counts_mail(world):
    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    assert send_reflection_reminders(today=datetime.date(2026, 5, 4), now=NOW) == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_job_on_a_fixed_clock_sends_the_reminder_once(world, time_machine):
    from schakel.jobs.services import run_periodic_job

    case = new_case(world)
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    mail.outbox.clear()
    time_machine.move_to(datetime.datetime(2026, 5, 4, 6, 0, tzinfo=UTC), tick=False)  # 08:00 in Amsterdam
    first = run_periodic_job("care.reflection_reminders")
    again = run_periodic_job("care.reflection_reminders")
    assert "1 herinneringen" in first.detail
    assert (first.outcome, again.outcome) == ("succeeded", "skipped")
    assert len(mail.outbox) == 1
    period = ReflectionPeriod.objects.get()
    assert period.reminded_4_weeks_at is not None and period.reminded_2_weeks_at is None
