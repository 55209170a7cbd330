"""Verify the access log's hash chain and its append-only triggers; exit status 1 when broken."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from schakel.privacy import triggers
from schakel.privacy.audit import verify_chain
from schakel.privacy.models import AccessLogEntry


class Command(BaseCommand):
    help = "Verify the access log: hash chain intact and append-only triggers present."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        problems = []
        if not triggers.installed(connections[database]):
            problems.append("the append-only triggers on the access log are missing or disabled")
        breaks = verify_chain(using=database)
        if breaks:
            first = breaks[0]
            entry = AccessLogEntry.objects.using(database).get(pk=first.entry_id)
            self.stderr.write(f"First broken row: {first.describe()}")
            self.stderr.write(f"  at={entry.at.isoformat()} user={entry.username or '-'} action={entry.action} "
                              f"record={entry.record_type}:{entry.record_id}")
            if len(breaks) > 1:
                self.stderr.write(f"  and {len(breaks) - 1} more broken rows after it: "
                                  + ", ".join(str(b.entry_id) for b in breaks[1:20]))
            problems.append(f"hash chain broken at row {first.entry_id}")
        if problems:
            raise CommandError("Access log NOT intact: " + "; ".join(problems))
        count = AccessLogEntry.objects.using(database).count()
        head = AccessLogEntry.objects.using(database).order_by("-id").values_list("entry_hash", flat=True).first()
        # Keep the head hash somewhere else (e.g. the operator's log book): it also exposes removal of the newest rows.
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {count} rows, head hash {head or '-'}"))
