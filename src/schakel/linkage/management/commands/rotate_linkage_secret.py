"""Re-tokenise every signal whose linkage rows were made with an older secret (after rotation).

Put the new secret first in SCHAKEL_LINKAGE_SECRETS, run this command, then remove the old
secret. Matches are kept; resumable like rebuild_linkage.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from schakel.linkage import secrets as linkage_secrets
from schakel.linkage.services import batch

from .rebuild_linkage import progress_printer


class Command(BaseCommand):
    help = "Koppelsleutels opnieuw maken met het nieuwste koppelgeheim (na het vervangen van het geheim)."

    def handle(self, *args, **options):
        run = batch.start_or_resume(only_stale=True)
        run = batch.run_rebuild(run, progress=progress_printer(self.stdout))
        key_id = linkage_secrets.current().key_id
        self.stdout.write(f"\nKlaar: {run.done} signalen opnieuw gemaakt met sleutel {key_id}.")
