"""A tiny tenancy-scoped record with every encrypted field kind, and a child record."""

from django.db import models

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import TenantQuerySet
from schakel.privacy.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class DossierQuerySet(TenantQuerySet):
    def scope_filter(self, scope):
        return models.Q(municipality_id__in=scope.municipalities_for(Role.FOCAL_OFFICER))


class Dossier(models.Model):
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField()
    birth_date = EncryptedDateField()
    details = EncryptedJSONField()

    objects = DossierQuerySet.as_manager()

    def get_absolute_url(self) -> str:
        return f"/test-dossiers/{self.pk}"


class DossierNoteQuerySet(TenantQuerySet):
    emergency_via = "dossier"

    def scope_filter(self, scope):
        return models.Q(dossier__municipality_id__in=scope.municipalities_for(Role.FOCAL_OFFICER))


class DossierNote(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()

    objects = DossierNoteQuerySet.as_manager()
