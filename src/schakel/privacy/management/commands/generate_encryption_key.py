"""Print a new random AES-256 key for SCHAKEL_ENCRYPTION_KEYS (first in the list = newest)."""

from django.core.management.base import BaseCommand

from schakel.privacy.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new random base64 AES-256 key; put it first in SCHAKEL_ENCRYPTION_KEYS to start a rotation."

    requires_system_checks = []

    def handle(self, *args, **options):
        self.stdout.write(generate_key())
