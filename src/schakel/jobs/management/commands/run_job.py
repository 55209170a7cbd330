"""`manage.py run_job <name>`: run one periodic job for the current period (for cron).

The same once-per-period claim applies as for the worker, so cron and the django-q2 schedule
may both be active: whichever comes first runs the job, the other does nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from schakel import clock
from schakel.jobs.models import JobRun
from schakel.jobs.registry import UnknownJob, registry
from schakel.jobs.services import due_jobs, run_due_jobs_now, run_periodic_job

PERIOD_LABELS = {"daily": "dagelijks", "weekly": "wekelijks", "monthly": "maandelijks"}


class Command(BaseCommand):
    help = ("Voert een periodieke taak uit voor de huidige periode, hooguit één keer per periode. "
            "Exitstatus 1 als de taak mislukte.")
    # Run from cron every few minutes: no system checks (and their warnings) on every call.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Naam van de taak, zie --list.")
        parser.add_argument("--list", action="store_true",
                            help="Toon alle geregistreerde taken en hun laatste uitvoering.")
        parser.add_argument("--due", action="store_true",
                            help="Voer alle taken uit die deze periode nog moeten draaien.")

    def handle(self, *args, name=None, list=False, due=False, **options):
        if sum(bool(x) for x in (name, list, due)) != 1:
            raise CommandError("Geef precies één van: een taaknaam, --list of --due.")
        if list:
            return self._list()
        results = run_due_jobs_now() if due else [self._run(name)]
        for result in results:
            if result.outcome == "skipped":
                self.stdout.write(
                    f"{result.name}: periode {result.period_key} is al uitgevoerd of loopt; niets gedaan.")
            elif result.outcome == "succeeded":
                self.stdout.write(self.style.SUCCESS(
                    f"{result.name}: periode {result.period_key} uitgevoerd (poging {result.attempt}). "
                    f"{result.detail}"))
            else:
                self.stderr.write(self.style.ERROR(
                    f"{result.name}: periode {result.period_key} mislukt (poging {result.attempt}): {result.detail}"))
        if due and not results:
            self.stdout.write("Geen taken te doen in deze periode.")
        if any(result.outcome == "failed" for result in results):
            raise SystemExit(1)

    def _run(self, name):
        try:
            return run_periodic_job(name)
        except UnknownJob:
            raise CommandError(f"Onbekende taak {name!r}. Bekende taken: {', '.join(registry.names()) or 'geen'}.")

    def _list(self):
        now = clock.now()
        due = {job.name for job in due_jobs(now=now)}
        for job in registry:
            last = JobRun.objects.filter(name=job.name).order_by("-started_at").first()
            last_text = (f"laatst {last.period_key} {last.get_outcome_display().lower()}" if last
                         else "nog nooit uitgevoerd")
            state = "te doen" if job.name in due else "gedaan"
            self.stdout.write(f"{job.name}\t{PERIOD_LABELS[job.period]}\tperiode {job.period_key(now)}: {state}\t"
                              f"{last_text}\t{job.description}")
