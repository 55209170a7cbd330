"""Key rotation: re-seal every encrypted column of every installed model, and every stored file,
with the newest key. Used by `manage.py rotate_encryption_key`.

Safe to interrupt and run again: only values not yet under the newest key are selected, each
batch is one transaction with its rows locked (PostgreSQL: FOR UPDATE; SQLite: the write lock
of the IMMEDIATE transaction), and each file is replaced atomically. Values written before
fields were bound to their column (no associated data) are re-sealed bound.
See docs/decisions/0021-key-rotation.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast, Substr

from .crypto import PREFIX, DecryptionError, current_key_id, decrypt, keyring
from .fields import EncryptedTextField, encrypted_fields
from .files import file_key_id, reencrypt_file
from .models import StoredFile

Progress = Callable[[str], None]
KEY_ID_START = len(PREFIX) + 2  # 1-based position of the key id in "v1:<key id>:..."
KEY_ID_LENGTH = 8


@dataclass
class Report:
    values_resealed: int = 0
    legacy_values: int = 0
    files_resealed: int = 0
    outdated_values: int = 0
    outdated_files: int = 0
    failures: list[str] = field(default_factory=list)


def encrypted_columns() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every installed, concrete model that owns encrypted columns, with those columns."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label_lower)


def _raw(field_: EncryptedTextField) -> str:
    return f"_raw_{field_.attname}"


def _with_raw(model, fields):
    return model._base_manager.annotate(**{_raw(f): Cast(f.attname, models.TextField()) for f in fields})


def _current_prefix() -> str:
    return f"{PREFIX}:{current_key_id()}:"


def _outdated(fields, *, everything: bool = False) -> models.Q:
    """Rows with a value not sealed with the newest key (`everything`: rows with any value)."""
    prefix = _current_prefix()
    condition = models.Q(pk__in=[])
    for f in fields:
        name = _raw(f)
        filled = models.Q(**{f"{name}__isnull": False}) & ~models.Q(**{name: ""})
        condition |= filled if everything else filled & ~models.Q(**{f"{name}__startswith": prefix})
    return condition


def key_usage(model, field_: EncryptedTextField) -> Counter:
    """How many non-empty values of one column each key id sealed."""
    name = _raw(field_)
    rows = (_with_raw(model, [field_]).exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
            .annotate(_key=Substr(name, KEY_ID_START, KEY_ID_LENGTH))
            .values("_key").annotate(n=models.Count("pk")).values_list("_key", "n"))
    return Counter(dict(rows))


def _open(field_: EncryptedTextField, raw: str) -> tuple[str, bool]:
    """The plaintext, and whether it was a legacy value sealed without column binding."""
    try:
        return decrypt(raw, associated_data=field_.associated_data()), False
    except DecryptionError:
        return decrypt(raw), True  # raises DecryptionError again when it is not a legacy value either


def rotate_model(model, fields, *, batch_size: int, progress: Progress, report: Report,
                 everything: bool = False) -> None:
    label = model._meta.label_lower
    selection = _outdated(fields, everything=everything)
    total = _with_raw(model, fields).filter(selection).count()
    if not total:
        progress(f"{label}: all values use the newest key")
        return
    done = 0
    last_pk = None
    while True:
        with transaction.atomic():
            queryset = _with_raw(model, fields).filter(selection).order_by("pk")
            if last_pk is not None:
                queryset = queryset.filter(pk__gt=last_pk)
            batch = list(queryset.select_for_update().values_list("pk", *[_raw(f) for f in fields])[:batch_size])
            if not batch:
                break
            objects = []
            for pk, *raws in batch:
                last_pk = pk
                instance = model(pk=pk)
                try:
                    for field_, raw in zip(fields, raws):
                        if raw in (None, ""):
                            setattr(instance, field_.attname, None if raw is None else field_.empty_python_value)
                            continue
                        plaintext, legacy = _open(field_, raw)
                        report.legacy_values += int(legacy)
                        setattr(instance, field_.attname, field_.from_plaintext(plaintext))
                except DecryptionError as exc:
                    report.failures.append(f"{label} pk={pk}: {exc}")
                    continue
                objects.append(instance)
            if objects:
                model._base_manager.bulk_update(objects, [f.attname for f in fields])
        done += len(objects)
        report.values_resealed += len(objects)
        progress(f"{label}: {done}/{total} rows re-encrypted")


def rotate_files(*, batch_size: int, progress: Progress, report: Report) -> None:
    total = StoredFile.objects.count()
    if not total:
        return
    seen = rewritten = 0
    for stored in StoredFile.objects.order_by("pk").iterator(chunk_size=batch_size):
        seen += 1
        try:
            rewritten += int(reencrypt_file(stored))
        except (OSError, DecryptionError) as exc:
            report.failures.append(f"stored file {stored.pk}: {exc}")
        if seen % batch_size == 0 or seen == total:
            progress(f"files: {seen}/{total} checked, {rewritten} re-encrypted")
    report.files_resealed += rewritten


def rotate_all(*, batch_size: int = 500, progress: Progress = lambda message: None,
               everything: bool = False) -> Report:
    """Re-seal what is not under the newest key; `everything` re-seals every value (and is not resumable)."""
    report = Report()
    for model, fields in encrypted_columns():
        rotate_model(model, fields, batch_size=batch_size, progress=progress, report=report, everything=everything)
    rotate_files(batch_size=batch_size, progress=progress, report=report)
    return report


def check_all(*, progress: Progress = lambda message: None) -> Report:
    """Count what still uses an older key, per column and for files, without changing anything."""
    report = Report()
    current = current_key_id()
    configured = {key_id for key_id, _ in keyring()}

    def describe(key_id: str) -> str:
        if key_id == current:
            return "newest"
        return "older key" if key_id in configured else "UNKNOWN key: cannot be decrypted"

    for model, fields in encrypted_columns():
        for field_ in fields:
            usage = key_usage(model, field_)
            outdated = sum(n for key_id, n in usage.items() if key_id != current)
            report.outdated_values += outdated
            parts = ", ".join(f"{key_id} ({describe(key_id)}): {n}" for key_id, n in sorted(usage.items()))
            progress(f"{model._meta.label_lower}.{field_.name}: {sum(usage.values())} values"
                     + (f"; {parts}" if parts else "") + f"; {outdated} to re-encrypt")
    counts: Counter = Counter()
    for stored in StoredFile.objects.order_by("pk").iterator(chunk_size=1000):
        key_id = file_key_id(stored)
        if key_id is None:
            report.failures.append(f"stored file {stored.pk}: missing or unreadable")
            continue
        counts[key_id] += 1
    report.outdated_files = sum(n for key_id, n in counts.items() if key_id != current)
    parts = ", ".join(f"{key_id} ({describe(key_id)}): {n}" for key_id, n in sorted(counts.items()))
    progress(f"files: {sum(counts.values())}" + (f"; {parts}" if parts else "")
             + f"; {report.outdated_files} to re-encrypt")
    return report
