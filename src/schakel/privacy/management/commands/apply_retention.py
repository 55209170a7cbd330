"""`manage.py apply_retention [--dry-run]`: the purge by hand (the worker runs it daily)."""

from django.core.management.base import BaseCommand

from schakel.clock import now
from schakel.privacy.models import PurgeTrigger
from schakel.privacy.purge import apply_retention


class Command(BaseCommand):
    help = "Delete what is past its retention period (legal holds skipped); --dry-run only lists it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        report = apply_retention(now=now(), dry_run=dry_run, trigger=PurgeTrigger.COMMAND)
        for result in report.results:
            verb = "would delete" if dry_run else "deleted"
            line = f"{result.key}: {verb} {result.count} (period {result.months} months"
            line += f", {result.held} under legal hold" if result.held else ""
            line += f", {result.blocked} kept: other rows still refer to them (see the log)" if result.blocked else ""
            self.stdout.write(line + ")")
            if dry_run and result.sample:
                self.stdout.write("  " + ", ".join(result.sample))
        self.stdout.write(f"total: {report.total}")
