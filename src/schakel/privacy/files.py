"""The encrypted file store: uploads are checked, encrypted and kept outside the web root.

Other apps attach files to their records:

    # in the app's AppConfig.ready()
    register_file_owner(Signal)                  # uses Signal.objects.visible_to(user)
    # in a service
    stored = store_upload(uploaded_file=form.cleaned_data["file"], user=user, owner=signal)
    # in a template
    <a href="{{ stored.get_absolute_url }}">...</a>   -> /privacy/bestanden/<uuid>

A download is allowed only when the owner record is visible to the user through its model's
tenancy scope (`visible_to`, which includes emergency grants); anything else is 404. Each
upload and download is written to the access log against the owner record.
See docs/decisions/0022-file-store.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schakel.clock import now

from .crypto import DecryptionError, current_key_id, decrypt_bytes, encrypt_bytes, key_id_of_bytes
from .models import AccessAction, StoredFile
from .scanning import scan_upload
from .sniffing import KINDS, FileKind, sniff, zip_members

TOO_LARGE = _("Het bestand is te groot: het mag hoogstens %(max)d MB zijn.")
UNSAFE_NAME_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]+")


@dataclass(frozen=True)
class FileOwner:
    model: type
    visible_to: Callable  # (user) -> QuerySet of owner records the user may see


class FileOwnerRegistry:
    """Models whose records may own files, each with how to find the records a user may see."""

    def __init__(self) -> None:
        self._owners: dict[str, FileOwner] = {}

    def register(self, model, *, visible_to: Callable | None = None) -> None:
        label = model._meta.label_lower
        if label in self._owners:
            raise ImproperlyConfigured(f"file owner {label} registered twice")
        if visible_to is None:
            if not hasattr(model._default_manager, "visible_to"):
                raise ImproperlyConfigured(
                    f"{label} cannot own files: its manager has no visible_to (use a TenantQuerySet)")

            def visible_to(user, _model=model):
                return _model._default_manager.visible_to(user)

        self._owners[label] = FileOwner(model=model, visible_to=visible_to)

    def unregister(self, model) -> None:
        self._owners.pop(model._meta.label_lower, None)

    def __contains__(self, label: str) -> bool:
        return label in self._owners

    def owner_visible(self, user, owner_type: str, owner_id: str) -> bool:
        owner = self._owners.get(owner_type)
        if owner is None:  # fail closed: an unregistered owner type is nobody's to download
            return False
        try:
            return owner.visible_to(user).filter(pk=owner_id).exists()
        except (ValueError, TypeError, ValidationError):
            return False


file_owners = FileOwnerRegistry()


def register_file_owner(model, *, visible_to: Callable | None = None) -> None:
    file_owners.register(model, visible_to=visible_to)


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def _store_dir() -> Path:
    return Path(settings.FILE_STORE_DIR)


def _associated_data(file_id) -> bytes:
    return f"privacy.storedfile:{file_id}".encode("ascii")


def _absolute(storage_path: str) -> Path:
    root = _store_dir().resolve()
    path = (root / storage_path).resolve()
    if root not in path.parents:
        raise DecryptionError("stored file path leaves the file store")
    return path


def _write_atomically(path: Path, blob: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read_upload(uploaded_file, limit: int) -> bytes:
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(TOO_LARGE, code="too_large", params={"max": settings.MAX_UPLOAD_MB})
    return data


def clean_file_name(name: str | None) -> str:
    """The last path component, without control or reserved characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = UNSAFE_NAME_CHARACTERS.sub("_", base).strip(" .")
    return base[-200:] or "bestand"


def download_name(stored: StoredFile) -> str:
    """The original name, with the right extension for what the file really is."""
    name = stored.original_name or "bestand"
    kind = next((k for k in KINDS.values() if k.content_type == stored.content_type), None)
    if kind is not None and not name.lower().endswith(kind.extensions):
        name = f"{name}{kind.extensions[0]}"
    return name


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed `check_upload`; `store_upload` stores it without scanning it again."""

    name: str
    data: bytes
    kind: FileKind


def check_upload(uploaded_file) -> CheckedUpload:
    """The checks `store_upload` makes, without storing: size, malware scanners, sniffed kind.

    Raises the same ValidationError (Dutch, with a code) as `store_upload`. For a caller that
    must refuse a whole set of files before storing any; it hands the result to `store_upload`.
    """
    if isinstance(uploaded_file, CheckedUpload):
        return uploaded_file
    data = _read_upload(uploaded_file, max_upload_bytes())
    scan_upload(data)
    kind = sniff(data)
    if kind.is_zip:
        for member in zip_members(data):
            scan_upload(member)
    return CheckedUpload(name=getattr(uploaded_file, "name", "") or "", data=data, kind=kind)


# Files written inside `removed_if_not_saved()`: (file id, path), so they can be removed again.
_written_files: ContextVar[list | None] = ContextVar("schakel_written_files", default=None)


@contextmanager
def removed_if_not_saved() -> Iterator[None]:
    """Files stored inside the block are removed from disk again when the block raises and their
    row did not survive (the caller's transaction rolled back), so no orphan stays behind.

    A file whose row still exists, or whose row cannot be checked, is left alone: better an
    orphan than a row without its file.
    """
    written: list = []
    token = _written_files.set(written)
    try:
        yield
    except BaseException:
        for file_id, path in written:
            try:
                saved = StoredFile.objects.filter(pk=file_id).exists()
            except Exception:  # e.g. a broken transaction: keep the file
                saved = True
            if not saved:
                path.unlink(missing_ok=True)
        raise
    finally:
        _written_files.reset(token)


def store_upload(*, uploaded_file, user, owner) -> StoredFile:
    """Check, encrypt and keep an uploaded file for `owner` (a saved record of a registered model).

    Raises ValidationError (Dutch, usable by forms) when the file is too large, empty, of a
    kind we do not accept, or refused by a malware scanner.
    """
    owner_type = owner._meta.label_lower
    if owner_type not in file_owners:
        raise ImproperlyConfigured(f"{owner_type} is not registered with register_file_owner")
    if owner.pk is None:
        raise ValueError("save the owner record before attaching files to it")
    checked = check_upload(uploaded_file)
    data, kind = checked.data, checked.kind
    file_id = uuid.uuid4()
    storage_path = f"{file_id.hex[:2]}/{file_id.hex}.bin"
    path = _absolute(storage_path)
    _write_atomically(path, encrypt_bytes(data, associated_data=_associated_data(file_id)))
    written = _written_files.get()
    if written is not None:
        written.append((file_id, path))
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                id=file_id,
                original_name=clean_file_name(checked.name),
                content_type=kind.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_path=storage_path,
                owner_type=owner_type,
                owner_id=str(owner.pk),
                created_by=user if getattr(user, "is_authenticated", False) else None,
                created_at=now(),
            )
            from .audit import record_access

            record_access(user=user, action=AccessAction.CREATE, record=owner, detail=f"bestand {file_id} opgeslagen")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored


def read_stored_file(stored: StoredFile) -> bytes:
    """The plaintext of a stored file; DecryptionError when it was tampered with or its key is gone."""
    blob = _absolute(stored.storage_path).read_bytes()
    data = decrypt_bytes(blob, associated_data=_associated_data(stored.pk))
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise DecryptionError("stored file does not match its recorded checksum")
    return data


def file_key_id(stored: StoredFile) -> str | None:
    """The id of the key that sealed the file on disk (from its header), None when unreadable."""
    try:
        with open(_absolute(stored.storage_path), "rb") as handle:
            return key_id_of_bytes(handle.read(32))
    except OSError:
        return None


def reencrypt_file(stored: StoredFile) -> bool:
    """Seal the file with the newest key if it is not already; True when it was rewritten."""
    path = _absolute(stored.storage_path)
    blob = path.read_bytes()
    if key_id_of_bytes(blob) == current_key_id():
        return False
    associated_data = _associated_data(stored.pk)
    data = decrypt_bytes(blob, associated_data=associated_data)
    _write_atomically(path, encrypt_bytes(data, associated_data=associated_data))
    return True


def delete_stored_file(stored: StoredFile, *, user, reason: str) -> None:
    """Remove a stored file: its row now, its encrypted bytes once the transaction commits.

    Logged as `delete` against the owner record (user None for jobs, e.g. purging uploads of a
    form that was never submitted). A row that another record still protects raises as usual.
    """
    from .audit import record_access

    path = _absolute(stored.storage_path)
    with transaction.atomic():
        record_access(user=user, action=AccessAction.DELETE, record_type=stored.owner_type,
                      record_id=stored.owner_id, reason=reason, detail=f"bestand {stored.pk} verwijderd")
        StoredFile.objects.filter(pk=stored.pk).delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
