"""One encrypted field type for free text, names, dates of birth and identifiers.

Every value is sealed with AES-256-GCM (`crypto.encrypt`) and bound to its column: the
associated data is "<app_label>.<model name>.<field name>", so a ciphertext copied into another
column (or another model) fails authentication instead of showing up in the wrong place.
Renaming a model or an encrypted field therefore needs a data migration that re-seals the
values (`reseal_column` below). See docs/decisions/0020-encryption-at-rest.md.

Empty values are stored unencrypted: "" for text (Django's convention for text), NULL for
dates and JSON (which are `null=True` unless declared otherwise). That a value is empty is
not secret, and it lets `isnull` and `exact=""` work.

Querying: encryption is randomised, so equal plaintexts give different ciphertexts. Only
`isnull` and `exact` against an empty value are allowed; any other lookup raises
`EncryptedLookupError` instead of silently matching nothing. Search by value goes through a
separate blind-index column filled with `crypto.blind_index(kind, normalised_value)`.
"""

from __future__ import annotations

import datetime
import json

from django import forms
from django.core import checks, exceptions
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import lookups
from django.utils.translation import gettext_lazy as _

from .crypto import decrypt, encrypt


class EncryptedLookupError(TypeError):
    """A query tried to compare or search an encrypted column by its content."""


def column_associated_data(model, field_name: str) -> bytes:
    return f"{model._meta.label_lower}.{field_name}".encode("utf-8")


class EncryptedExact(lookups.Exact):
    """`field=""` or `field=None`: the only value comparison that makes sense on ciphertext."""

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression") or self.rhs not in ("", None):
            raise EncryptedLookupError(
                f"{self.lhs.output_field.name!r} is encrypted and cannot be compared by value; "
                "search through a blind-index column instead")
        return ""

    def process_rhs(self, compiler, connection):
        return "%s", [""]


class EncryptedTextField(models.TextField):
    """Stores text sealed with AES-GCM and bound to its column; reads give the plaintext back.

    Encrypted values cannot be filtered or sorted on: search uses blind-index tokens.
    """

    description = _("Versleutelde tekst")
    empty_python_value: object = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", self.empty_python_value)
        super().__init__(*args, **kwargs)

    # -- column binding -------------------------------------------------------------------

    def associated_data(self) -> bytes:
        model = getattr(self, "model", None)
        if model is None:
            raise ImproperlyConfigured("an encrypted field can only be used on a model")
        return column_associated_data(model, self.name)

    # -- plaintext <-> Python ---------------------------------------------------------------

    def from_plaintext(self, plaintext: str):
        return plaintext

    def to_plaintext(self, value) -> str:
        return "" if value is None else str(value)

    def is_empty(self, value) -> bool:
        return value is None or value == ""

    def validate(self, value, model_instance):
        # None is this field's empty value even on a NOT NULL column (stored as ""),
        # so only `blank` decides whether empty is allowed.
        if self.is_empty(value):
            if not self.blank:
                raise exceptions.ValidationError(self.error_messages["blank"], code="blank")
            return
        super().validate(value, model_instance)

    # -- database ---------------------------------------------------------------------------

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None if self.null else self.empty_python_value
        if value == "":
            return self.empty_python_value
        return self.from_plaintext(decrypt(value, associated_data=self.associated_data()))

    def get_prep_value(self, value):
        if hasattr(value, "resolve_expression"):
            return value
        value = self.to_python(value)
        if self.is_empty(value):
            return None if (value is None and self.null) else ""
        return encrypt(self.to_plaintext(value), associated_data=self.associated_data())

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise EncryptedLookupError(
            f"lookup {lookup_name!r} is not possible on encrypted field {self.name!r}; "
            "search through a blind-index column instead")

    def get_transform(self, lookup_name):
        return None

    # -- checks -----------------------------------------------------------------------------

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.primary_key or self.unique or self.db_index:
            errors.append(checks.Error(
                "an encrypted field cannot be a key, unique or indexed: its ciphertext is randomised",
                hint="Index a blind-index column (schakel.privacy.crypto.blind_index) instead.",
                obj=self, id="privacy.E001"))
        return errors


class EncryptedDateField(EncryptedTextField):
    """A date (e.g. a date of birth) stored encrypted as ISO 8601 text. Empty is None."""

    description = _("Versleutelde datum")
    empty_python_value = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)
    default_error_messages = {
        "invalid": _("“%(value)s” is geen geldige datum (JJJJ-MM-DD)."),
    }

    def from_plaintext(self, plaintext: str):
        return datetime.date.fromisoformat(plaintext)

    def to_plaintext(self, value) -> str:
        return value.isoformat()

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise exceptions.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict, list, str, number, bool) stored encrypted. Empty is None.

    JSON `null` and "no value" are the same here: both read back as None.
    """

    description = _("Versleutelde JSON")
    empty_python_value = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)
    default_error_messages = {
        "invalid": _("Deze waarde kan niet als JSON worden opgeslagen."),
    }

    def from_plaintext(self, plaintext: str):
        return json.loads(plaintext)

    def to_plaintext(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def to_python(self, value):
        # Like models.JSONField: Python values are the values; a string is a JSON string.
        return value

    def is_empty(self, value) -> bool:
        return value is None

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value is None:
            return
        try:
            self.to_plaintext(value)
        except (TypeError, ValueError) as exc:
            raise exceptions.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


def encrypted_fields(model) -> list[EncryptedTextField]:
    """The encrypted columns a model owns (inherited ones belong to the parent model)."""
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]


def reseal_column(model, field_name: str, *, old_associated_data: bytes, using: str = "default") -> int:
    """Re-seal a column after a model or field rename (call from a data migration's RunPython).

    Reads each value with the associated data it was sealed under and writes it back bound to
    the column's current name. Returns the number of values re-sealed.
    """
    from django.db.models.functions import Cast

    field = model._meta.get_field(field_name)
    rows = (model._base_manager.using(using).annotate(_raw=Cast(field_name, models.TextField()))
            .exclude(_raw__isnull=True).exclude(_raw="").values_list("pk", "_raw"))
    count = 0
    for pk, raw in rows.iterator(chunk_size=500):
        plaintext = decrypt(raw, associated_data=old_associated_data)
        sealed = encrypt(plaintext, associated_data=field.associated_data())
        model._base_manager.using(using).filter(pk=pk).update(**{field_name: models.Value(sealed)})
        count += 1
    return count
