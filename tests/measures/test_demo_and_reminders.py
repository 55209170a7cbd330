"""Demo measures (idempotent, a register with history on one address) and the daily step reminders."""

import datetime

import pytest
import time_machine

from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.jobs import JobContext
from schakel.measures import demo_data
from schakel.measures.models import Measure, MeasureStep
from schakel.measures.periodic_jobs import remind_step_deadlines
from schakel.signalling import demo_data as signal_demo

from .helpers import measure

UTC = datetime.timezone.utc


@pytest.mark.django_db
def test_demo_measures_are_loaded_once_with_a_bibob_only_the_officer_is_on(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", signal_demo.load_signals, order=20)
    registry.register("measures.measures", demo_data.load_measures, order=60)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC), tick=False):
        report = load_demo_data(registry=registry)
        again = load_demo_data(registry=registry)
    assert dict(report.loaders)["measures.measures"] == "5 maatregelen"
    assert dict(again.loaders)["measures.measures"] == "0 maatregelen"
    bibob = Measure.objects.get(type_key="bibob_check")
    assert list(bibob.people.values_list("user__username", flat=True)) == ["demo-af"]
    keys = set(Measure.objects.filter(municipality__cbs_code="GM9901").values_list("subjects__key", flat=True))
    assert len(keys) == 2  # one address and one company carry the whole register
    assert MeasureStep.objects.filter(key="term_ends", done_on__isnull=True,
                                      due_on__lt=datetime.date(2026, 6, 1)).exists()


@pytest.mark.django_db
def test_the_reminder_job_mails_the_people_on_a_measure_once_with_links_only(world, mailoutbox):
    recorded = measure(world, "bibob_check")   # LBB advice due Mon 27 April 2026
    context = JobContext(name="measures.step_reminders", period="daily", period_key="2026-04-24",
                         now=datetime.datetime(2026, 4, 24, 6, 0, tzinfo=UTC),
                         attempt=1)
    assert remind_step_deadlines(context) == "1 e-mails, 1 stappen"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [world.user("focal_officer").email]
    assert recorded.reference in mail.body and "exploitation" not in mail.body
    assert remind_step_deadlines(context) == "0 e-mails, 0 stappen"
