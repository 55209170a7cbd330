"""Find the identifiers this installation has in common with another one (private set intersection).

    manage.py exchange_linkage <installation name>

Neither side sends identifiers or tokens the other could test guesses against; each side's
focal officers are told about their own entities that are common, with whom to contact.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from schakel.linkage.models import Installation
from schakel.linkage.services import between
from schakel.linkage.transport import http_transport


class Command(BaseCommand):
    help = "Gemeenschappelijke kenmerken met een andere Schakel-installatie vinden, zonder ze te delen."

    def add_arguments(self, parser):
        parser.add_argument("installation")

    def handle(self, *args, **options):
        installation = Installation.objects.filter(name=options["installation"], active=True).first()
        if installation is None:
            raise CommandError(f"onbekende installatie: {options['installation']}")
        created = between.exchange_with(installation, http_transport(installation))
        self.stdout.write(f"{len(created)} nieuwe koppelingen met {installation.name}.")
