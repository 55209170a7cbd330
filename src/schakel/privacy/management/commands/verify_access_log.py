"""Seal, then verify the access log's hash chain and its append-only triggers; exit status 1 when broken."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from schakel.privacy import triggers
from schakel.privacy.audit import UNSEALED_LIMIT, chain_head, seal_pending, verify_chain
from schakel.privacy.models import AccessLogEntry


class Command(BaseCommand):
    help = ("Verify the access log: hash chain intact, no row left unsealed too long, append-only triggers "
            "present. Seals the rows waiting for their seal first.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-seal", action="store_true",
                            help="Only check: do not seal the rows that wait for their seal first.")

    def handle(self, *args, database: str, no_seal: bool, **options):
        problems = []
        if not triggers.installed(connections[database]):
            problems.append("the append-only triggers on the access log are missing or disabled")
        if not no_seal:
            sealed = seal_pending(using=database)
            if sealed:
                self.stdout.write(f"Sealed {sealed} rows.")
        breaks = verify_chain(using=database)
        chain = [b for b in breaks if b.problem != "unsealed"]
        unsealed = [b for b in breaks if b.problem == "unsealed"]
        if chain:
            first = chain[0]
            entry = AccessLogEntry.objects.using(database).get(pk=first.entry_id)
            self.stderr.write(f"First broken row: {first.describe()}")
            self.stderr.write(f"  at={entry.at.isoformat()} user={entry.username or '-'} action={entry.action} "
                              f"record={entry.record_type}:{entry.record_id}")
            if len(chain) > 1:
                self.stderr.write(f"  and {len(chain) - 1} more broken rows after it: "
                                  + ", ".join(str(b.entry_id) for b in chain[1:20]))
            problems.append(f"hash chain broken at row {first.entry_id}")
        if unsealed:
            self.stderr.write(f"Unsealed row: {unsealed[0].describe()}")
            minutes = int(UNSEALED_LIMIT.total_seconds() // 60)
            problems.append(f"{len(unsealed)} rows not sealed {minutes} minutes after they were written "
                            f"(first: row {unsealed[0].entry_id})")
        if problems:
            raise CommandError("Access log NOT intact: " + "; ".join(problems))
        count = AccessLogEntry.objects.using(database).count()
        seq, head = chain_head(using=database) or (0, None)
        waiting = count - seq
        # Keep the head hash somewhere else (e.g. the operator's log book): it also exposes removal of the newest rows.
        self.stdout.write(self.style.SUCCESS(
            f"Access log intact: {count} rows, head hash {head or '-'} (sealed row {seq})"
            + (f"; {waiting} recent rows wait for their seal" if waiting else "")))
