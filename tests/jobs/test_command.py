"""`manage.py run_job`: one job for cron, --due, --list, and clear errors."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from schakel.jobs.models import JobRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("project_jobs")]

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.timezone.utc)


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("run_job", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@time_machine.travel(NOW, tick=False)
def test_run_job_runs_a_job_once_for_the_current_period():
    first, _ = _run("jobs.prune_job_history")
    second, _ = _run("jobs.prune_job_history")

    assert "jobs.prune_job_history: periode 2026-11 uitgevoerd (poging 1)" in first
    assert "periode 2026-11 is al uitgevoerd of loopt; niets gedaan" in second
    assert JobRun.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_failing_job_exits_with_status_1_and_says_why(project_jobs):
    def broken(context):
        raise ValueError("kapot")
    project_jobs.register("test.broken", period="daily", func=broken, description="")

    with pytest.raises(SystemExit) as exited:
        _run("test.broken")

    assert exited.value.code == 1
    assert JobRun.objects.get(name="test.broken").detail == "ValueError: kapot"


def test_an_unknown_job_is_refused_with_the_known_names():
    with pytest.raises(CommandError, match="Onbekende taak 'nope'.*jobs.prune_job_history"):
        _run("nope")


@pytest.mark.parametrize("args", [(), ("jobs.prune_job_history", "--list"), ("--list", "--due")])
def test_exactly_one_of_name_list_or_due_is_required(args):
    with pytest.raises(CommandError, match="precies één"):
        _run(*args)


@time_machine.travel(NOW, tick=False)
def test_due_runs_every_job_not_yet_run_this_period(project_jobs):
    ran = []
    project_jobs.register("test.daily", period="daily", func=lambda context: ran.append(context.period_key),
                          description="")

    first, _ = _run("--due")
    second, _ = _run("--due")

    assert ran == ["2026-11-25"]
    assert "test.daily: periode 2026-11-25 uitgevoerd" in first
    assert "jobs.prune_job_history: periode 2026-11 uitgevoerd" in first
    assert second.strip() == "Geen taken te doen in deze periode."


@time_machine.travel(NOW, tick=False)
def test_list_shows_each_job_with_its_period_and_last_run():
    before, _ = _run("--list")
    _run("jobs.prune_job_history")
    after, _ = _run("--list")

    assert before.split("\t")[:4] == ["jobs.prune_job_history", "maandelijks", "periode 2026-11: te doen",
                                      "nog nooit uitgevoerd"]
    assert after.split("\t")[:4] == ["jobs.prune_job_history", "maandelijks", "periode 2026-11: gedaan",
                                     "laatst 2026-11 geslaagd"]
