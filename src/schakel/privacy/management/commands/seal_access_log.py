"""Seal the access log's waiting rows into its hash chain (the worker does this every minute)."""

from django.core.management.base import BaseCommand

from schakel.privacy.audit import seal_pending


class Command(BaseCommand):
    help = ("Link the access-log rows written since the last seal into the hash chain. The worker does this "
            "every minute; run it from cron on installations without a worker.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        sealed = seal_pending(using=database)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Sealed {sealed} rows.")
