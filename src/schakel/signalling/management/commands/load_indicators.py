"""`manage.py load_indicators`: load the indicator catalogue (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.signalling.catalogue import CATALOGUE_PATH, CatalogueError, load_indicator_catalogue


class Command(BaseCommand):
    help = ("Laadt de indicatorencatalogus mensenhandel (data/indicators.json) met bronnen per indicator. "
            "Veilig om vaker te draaien: een tweede keer verandert niets.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=CATALOGUE_PATH,
                            help="Het catalogusbestand (standaard: de meegeleverde versie).")

    def handle(self, *args, file: Path, verbosity: int, **options):
        try:
            report = load_indicator_catalogue(file)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(
                f"Indicatoren (versie {report.version}): {report.created} nieuw, {report.updated} bijgewerkt, "
                f"{report.deactivated} op inactief gezet, {report.unchanged} ongewijzigd.")
