from django.apps import AppConfig


class PrivacyTestAppConfig(AppConfig):
    """Test-only records with personal data: an owner for files, break-the-glass and rotation tests.

    Installed only when SCHAKEL_ENVIRONMENT=test (settings/testing.py). Its `flush` command
    lets transactional tests empty the append-only access log between tests.
    """

    name = "tests.privacy.testapp"
    label = "privacy_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from schakel.privacy.files import register_file_owner

        from .models import Dossier

        register_file_owner(Dossier)
