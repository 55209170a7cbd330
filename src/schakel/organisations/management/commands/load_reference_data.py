"""`manage.py load_reference_data`: load municipalities, inhabitants and regions (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.organisations.services import DATA_DIR, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = ("Laadt de referentiegegevens (gemeenten met CBS-code, inwonertallen per peildatum, regio's). "
            "Veilig om vaker te draaien: een tweede keer verandert niets.")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                            help="Map met municipalities.csv en regions.csv (standaard: de meegeleverde versie).")

    def handle(self, *args, data_dir: Path, verbosity: int, **options):
        try:
            report = load_reference_data(data_dir=data_dir)
        except (ReferenceDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if verbosity:
            self.stdout.write(
                f"Gemeenten: {report.municipalities_created} nieuw, {report.municipalities_updated} bijgewerkt, "
                f"{report.municipalities_deactivated} op inactief gezet. "
                f"Inwonertallen: {report.figures_created} nieuw, {report.figures_updated} bijgewerkt. "
                f"Organisaties: {report.organisations_created} nieuw, {report.organisations_renamed} hernoemd. "
                f"Regio's: {report.regions_created} nieuw; regioleden: {report.members_created} nieuw.")
            if report.members_kept_elsewhere:
                self.stdout.write(
                    "Door een beheerder in een andere regio geplaatst, niet verplaatst: "
                    + ", ".join(report.members_kept_elsewhere))
            if not report.changed:
                self.stdout.write(self.style.SUCCESS("Referentiegegevens waren al actueel."))
