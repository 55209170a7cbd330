"""Files of forms that were never sent do not stay on disk: the daily purge removes them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schakel.jobs.services import run_periodic_job
from schakel.privacy.models import AccessLogEntry, StoredFile
from schakel.signalling.models import SignalAttachment
from schakel.signalling.services.attachments import attach_files, discard_uploads, keep_upload

from .triage_factories import SignalFactory

UTC = datetime.timezone.utc
MORNING = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _keep(token: str, when):
    import time_machine

    with time_machine.travel(when, tick=False):
        return keep_upload(uploaded_file=SimpleUploadedFile("foto.txt", b"Synthetische bijlage.\n", "text/plain"),
                           form_token=token)


@pytest.mark.django_db
def test_purge_removes_day_old_unsent_and_discarded_uploads_but_keeps_sent_and_fresh_ones(world):
    old_unsent = _keep("formulier-1", MORNING - datetime.timedelta(hours=30))
    fresh_unsent = _keep("formulier-2", MORNING - datetime.timedelta(hours=2))
    discarded = _keep("formulier-3", MORNING - datetime.timedelta(hours=1))
    discard_uploads(form_token="formulier-3", ids=[discarded.pk])
    sent = _keep("formulier-4", MORNING - datetime.timedelta(hours=40))
    attach_files(signal=SignalFactory(municipality=world.a1), files=[sent])

    run_periodic_job("signalling.purge_unsent_uploads", now=MORNING)

    remaining = set(SignalAttachment.objects.values_list("pk", flat=True))
    assert remaining == {fresh_unsent.pk, sent.pk}
    assert set(StoredFile.objects.values_list("pk", flat=True)) == {fresh_unsent.stored_file_id, sent.stored_file_id}
    assert AccessLogEntry.objects.filter(action="delete", record_id=str(old_unsent.pk)).exists()
