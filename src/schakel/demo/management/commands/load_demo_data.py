"""`manage.py load_demo_data`: the synthetic demo region with users for every role (never in production)."""

from django.core.management.base import BaseCommand, CommandError

from schakel.demo.people import DEMO_PASSWORD, REGION_NAME
from schakel.demo.services import DemoDataRefused, load_demo_data


class Command(BaseCommand):
    help = ("Laadt de verzonnen demoregio met gebruikers voor elke rol en de demogegevens van de andere "
            "onderdelen. Veilig om vaker te draaien; weigert in productie.")

    def handle(self, *args, verbosity: int, **options):
        try:
            report = load_demo_data()
        except DemoDataRefused as exc:
            raise CommandError(str(exc)) from exc
        if not verbosity:
            return
        if report.created:
            made = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
            self.stdout.write(f"{REGION_NAME}: nieuw aangemaakt: {made}.")
        else:
            self.stdout.write(f"{REGION_NAME} was er al; geen nieuwe regio, organisaties of gebruikers.")
        for name, summary in report.loaders:
            self.stdout.write(f"  {name}: {summary or 'klaar'}")
        self.stdout.write(f"Demowachtwoord voor alle demo-accounts: {DEMO_PASSWORD}")
