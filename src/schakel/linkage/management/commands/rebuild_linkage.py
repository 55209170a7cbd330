"""Recompute all linkage tokens, person encodings and matches, resumable after an interruption."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from schakel.linkage.services import batch


def progress_printer(stream):
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        percent = 100 * done // total if total else 100
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} signalen ({percent}%)")
        stream.flush()
    return show


class Command(BaseCommand):
    help = "Alle koppelsleutels, persoonscoderingen en koppelingen opnieuw berekenen (hervat na een onderbreking)."

    def add_arguments(self, parser):
        parser.add_argument("--restart", action="store_true", help="Begin opnieuw in plaats van te hervatten.")

    def handle(self, *args, **options):
        run = batch.start_or_resume(restart=options["restart"])
        if run.done:
            self.stdout.write(f"Hervat na signaal {run.last_signal_id} ({run.done}/{run.total}).")
        run = batch.run_rebuild(run, progress=progress_printer(self.stdout if self.stdout else sys.stdout))
        self.stdout.write(f"\nKlaar: {run.done} signalen.")
