"""One encrypted field type for free text, names, dates of birth and identifiers."""

from __future__ import annotations

import datetime
import json

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Stores text sealed with AES-GCM; reads give the plaintext back.

    Encrypted values cannot be filtered or sorted on: search uses blind-index tokens.
    """

    description = "Encrypted text"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def to_python_value(self, plaintext: str):
        return plaintext

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.to_python_value("") if value == "" else None
        return self.to_python_value(decrypt(value))

    def serialise(self, value) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        plaintext = self.serialise(value)
        if plaintext == "":
            return ""
        return encrypt(plaintext)

    def get_lookup(self, lookup_name):
        if lookup_name not in {"exact", "isnull"}:
            return None
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    description = "Encrypted date"

    def to_python_value(self, plaintext: str):
        return datetime.date.fromisoformat(plaintext) if plaintext else None

    def serialise(self, value) -> str:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(required=not self.blank, label=self.verbose_name, help_text=self.help_text, **kwargs)


class EncryptedJSONField(EncryptedTextField):
    description = "Encrypted JSON"

    def to_python_value(self, plaintext: str):
        return json.loads(plaintext) if plaintext else None

    def serialise(self, value) -> str:
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
