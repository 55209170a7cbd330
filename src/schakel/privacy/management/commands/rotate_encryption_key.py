"""Re-encrypt every encrypted value and stored file with the newest key.

Rotation, step by step (see docs/decisions/0021-key-rotation.md):
  1. manage.py generate_encryption_key          -> a new key
  2. put it first in SCHAKEL_ENCRYPTION_KEYS (or the key file), keep the old keys after it
  3. restart the application (new values are now sealed with the new key)
  4. manage.py rotate_encryption_key            -> re-seals everything; safe to interrupt and re-run
  5. manage.py rotate_encryption_key --check    -> must report 0 to re-encrypt
  6. remove the old key from the configuration
"""

from django.core.management.base import BaseCommand, CommandError

from schakel.privacy.audit import record_access
from schakel.privacy.models import AccessAction
from schakel.privacy.rotation import check_all, rotate_all


class Command(BaseCommand):
    help = "Re-encrypt all encrypted columns and stored files with the newest key (--check: only count)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Only report how many values and files still use an older key; "
                                 "exit status 1 when any do.")
        parser.add_argument("--all", action="store_true", dest="everything",
                            help="Re-encrypt every value, also those already under the newest key (e.g. to bind "
                                 "values written before encrypted columns were bound to their column).")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, check: bool, batch_size: int, everything: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if check:
            report = check_all(progress=self.stdout.write)
            for failure in report.failures:
                self.stderr.write(failure)
            if report.outdated_values or report.outdated_files or report.failures:
                raise CommandError(f"{report.outdated_values} values and {report.outdated_files} files "
                                   f"still use an older key; {len(report.failures)} files missing or unreadable")
            self.stdout.write(self.style.SUCCESS("Everything uses the newest key."))
            return
        report = rotate_all(batch_size=batch_size, progress=self.stdout.write, everything=everything)
        record_access(user=None, action=AccessAction.CHANGE, record_type="privacy.encryptionkey",
                      detail=f"sleutelrotatie: {report.values_resealed} rijen, {report.files_resealed} bestanden")
        self.stdout.write(f"Re-encrypted {report.values_resealed} rows ({report.legacy_values} values were not yet "
                          f"bound to their column) and {report.files_resealed} files.")
        if report.failures:
            for failure in report.failures:
                self.stderr.write(failure)
            raise CommandError(f"{len(report.failures)} values or files could not be re-encrypted; "
                               "keep the old keys configured, fix them, and run the command again")
        self.stdout.write(self.style.SUCCESS("Done: everything uses the newest key."))
