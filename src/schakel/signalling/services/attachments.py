"""Files with a signal: stored encrypted by the privacy file store, owned by a SignalAttachment row.

Forms keep files under the form's one-time token first (`keep_upload`), so a failed submit
loses nothing; the intake service then hands them to the signal (`attach_files`).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from schakel.clock import now as clock_now
from schakel.privacy.files import clean_file_name, delete_stored_file, store_upload

from ..models import Signal, SignalAttachment


def token_hash(form_token: str) -> str:
    return hashlib.sha256(f"schakel-upload\x1f{form_token}".encode("utf-8")).hexdigest()


def keep_upload(*, uploaded_file, form_token: str, user=None) -> SignalAttachment:
    """Check, encrypt and keep one upload for a form that is not submitted yet.

    Raises the file store's ValidationError (Dutch) for a file that is too large, empty or of
    a kind we do not accept; then nothing is kept.
    """
    with transaction.atomic():
        attachment = SignalAttachment.objects.create(pending_token=token_hash(form_token), created_at=clock_now())
        attachment.stored_file = store_upload(uploaded_file=uploaded_file, user=user, owner=attachment)
        attachment.save(update_fields=["stored_file"])
    return attachment


def clean_name(name: str) -> str:
    return clean_file_name(name)


def pending_uploads(form_token: str) -> list[SignalAttachment]:
    return list(SignalAttachment.objects.filter(pending_token=token_hash(form_token), signal__isnull=True,
                                                discarded=False, stored_file__isnull=False)
                .select_related("stored_file").order_by("created_at", "id"))


def discard_uploads(*, form_token: str, ids: Iterable) -> int:
    """The reporter removed files before submitting: they are not attached to the signal."""
    wanted = [int(value) for value in ids if str(value).isdigit()]
    if not wanted:
        return 0
    return SignalAttachment.objects.filter(pending_token=token_hash(form_token), signal__isnull=True,
                                           pk__in=wanted).update(discarded=True)


def attach_files(*, signal: Signal, files: Iterable, by=None) -> list[SignalAttachment]:
    """Give kept uploads (SignalAttachment rows) or fresh uploads (file objects) to the signal."""
    attached = []
    for item in files:
        if isinstance(item, SignalAttachment):
            SignalAttachment.objects.filter(pk=item.pk, signal__isnull=True, discarded=False).update(signal=signal)
            item.signal = signal
            attached.append(item)
            continue
        attachment = SignalAttachment.objects.create(signal=signal, created_at=clock_now())
        attachment.stored_file = store_upload(uploaded_file=item, user=by, owner=attachment)
        attachment.save(update_fields=["stored_file"])
        attached.append(attachment)
    return attached


UNSENT_UPLOAD_LIFETIME = datetime.timedelta(hours=24)


def purge_unsent_uploads(*, now: datetime.datetime) -> int:
    """Delete files of forms never submitted (after a day) and files removed before submitting.

    Each file is deleted through the file store, which logs it; the owning row goes first
    because it protects the stored file.
    """
    stale = SignalAttachment.objects.filter(signal__isnull=True).filter(
        Q(discarded=True) | Q(created_at__lt=now - UNSENT_UPLOAD_LIFETIME)).select_related("stored_file")
    purged = 0
    for attachment in stale.iterator(chunk_size=200):
        with transaction.atomic():
            stored = attachment.stored_file
            attachment.delete()
            if stored is not None:
                delete_stored_file(stored, user=None, reason="Bijlage van een niet verstuurd formulier opgeruimd")
        purged += 1
    return purged
