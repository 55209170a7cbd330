"""Register another Schakel installation for the linkage exchange and print the key it must use."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand

from schakel.linkage.models import Installation
from schakel.linkage.services.between import key_hash


class Command(BaseCommand):
    help = "Een andere Schakel-installatie toevoegen voor het uitwisselen van koppelingen."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--url", default="", help="https-adres van hun uitwisselpunt (…/koppelingen/uitwisseling/)")
        parser.add_argument("--contact-name", default="")
        parser.add_argument("--contact-email", default="")

    def handle(self, *args, **options):
        key = secrets.token_urlsafe(32)
        Installation.objects.update_or_create(name=options["name"], defaults={
            "url": options["url"], "key_hash": key_hash(key), "contact_name": options["contact_name"],
            "contact_email": options["contact_email"], "active": True})
        self.stdout.write(f"Installatie {options['name']} opgeslagen. Geef hun beheerder deze sleutel (één keer "
                          f"getoond), voor hun SCHAKEL_LINKAGE_PEER_KEYS: {key}")
