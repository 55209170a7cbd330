"""Test-suite flush: lift the access log's append-only triggers while emptying the database.

Transactional tests (live server, browser) end with `flush`; the triggers would refuse it.
Outside the test environment this command does not exist, and flush refuses to wipe the log.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from schakel.privacy import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
