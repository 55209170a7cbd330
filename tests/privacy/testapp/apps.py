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
        from schakel.accounts.roles import Role
        from schakel.organisations.models import RegionMember
        from schakel.privacy.audit import owner_keys
        from schakel.privacy.emergency import register_emergency_record
        from schakel.privacy.files import register_file_owner

        from .models import Dossier

        register_file_owner(Dossier)

        def region_id_of(dossier):
            return RegionMember.objects.filter(municipality_id=dossier.municipality_id).values_list(
                "region_id", flat=True).first()

        register_emergency_record(
            Dossier, noun="dossier", roles={Role.FOCAL_OFFICER, Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR},
            find=lambda reference: Dossier.objects.filter(pk=reference).first() if reference.isdigit() else None,
            reference_of=lambda dossier: str(dossier.pk), region_id_of=region_id_of,
            owner_keys_of=lambda dossier: owner_keys(municipality_id=dossier.municipality_id,
                                                     region_id=region_id_of(dossier)))
