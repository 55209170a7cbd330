"""Knowledge base documents (versioned) and network meetings (attendance, minutes).

Writers are the region's chain director (documents and meetings) and its focal officers
(meetings). A text that looks like case data is refused until the writer confirms they checked it
(textcheck.warning); a stale version is refused with the typed text kept by the page.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from ..models import Document, DocumentVersion, Meeting
from . import NetworkError
from .directory import STALE
from .textcheck import warning


class LooksPersonal(NetworkError):
    """The text seems to name a person, address or number; the writer must confirm."""


def document_regions(actor) -> frozenset[int]:
    return scope_for(actor).regions_for(Role.CHAIN_DIRECTOR)


def meeting_regions(actor) -> frozenset[int]:
    scope = scope_for(actor)
    return scope.regions_for(Role.CHAIN_DIRECTOR) | scope.regions_for(Role.FOCAL_OFFICER)


def _check(texts, confirmed: bool) -> None:
    message = warning(texts)
    if message and not confirmed:
        raise LooksPersonal(message, field="confirmed")


@transaction.atomic
def publish_document(*, actor, region_id: int, title: str, kind: str, audience: str, text: str, note: str = "",
                     document: Document | None = None, expected_version: int = 0, confirmed: bool = False,
                     now: datetime.datetime | None = None) -> Document:
    if region_id not in document_regions(actor):
        raise NetworkError(_("Alleen de ketenregisseur van de regio beheert de kennisbank."))
    _check([title, text, note], confirmed)
    moment = now or clock_now()
    if document is None:
        document = Document.objects.create(region_id=region_id, title=title.strip(), kind=kind, audience=audience)
        expected_version = 0
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.version != expected_version:
        raise NetworkError(STALE)
    document.title, document.kind, document.audience = title.strip(), kind, audience
    document.version = expected_version + 1
    document.save()
    DocumentVersion.objects.create(document=document, number=document.version, text=text.strip(), note=note.strip(),
                                   published_at=moment, published_by=actor)
    record_access(user=actor, action="change", record=document, reason="kennisbank: nieuwe versie")
    return document


@transaction.atomic
def save_meeting(*, actor, region_id: int, data: dict, attendees: list, meeting: Meeting | None = None,
                 expected_version: int | None = None, confirmed: bool = False) -> Meeting:
    if region_id not in meeting_regions(actor):
        raise NetworkError(_("U plant geen bijeenkomsten voor deze regio."))
    _check([data.get("title", ""), data.get("agenda", ""), data.get("minutes", "")], confirmed)
    fields = {name: data.get(name) for name in ("kind", "title", "starts_at", "place", "agenda", "minutes")}
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if meeting is None:
        duplicate = Meeting.objects.filter(region_id=region_id, title=fields["title"],
                                           starts_at=fields["starts_at"]).first()
        if duplicate is not None:
            return duplicate  # a double submit
        meeting = Meeting.objects.create(region_id=region_id, created_by=actor, **fields)
    else:
        written = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
            **fields, version=(expected_version or 0) + 1)
        if written != 1:
            raise NetworkError(STALE)
        meeting.refresh_from_db()
    meeting.attendees.set(attendees)
    record_access(user=actor, action="change", record=meeting, reason="netwerkbijeenkomst opgeslagen")
    return meeting
