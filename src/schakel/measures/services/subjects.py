"""Addresses and companies of a measure, people named on it, steps done by hand, and documents."""

from __future__ import annotations

import datetime

from django.db import transaction

from schakel.privacy.crypto import blind_index
from schakel.privacy.files import removed_if_not_saved, store_upload
from schakel.privacy.models import AccessAction
from schakel.signalling.normalise import normalise_kvk, parse_postcode_house

from ..errors import MeasureError
from ..models import EventKind, Measure, MeasureDocument, MeasurePerson, MeasureStep, MeasureSubject, SubjectKind
from .common import event, local_date, log, moment, works_in

MAX_TYPED = 200


def address_key(text: str) -> str | None:
    """The register key of an address: postcode + house number (the addition is left out), or None."""
    canonical = parse_postcode_house(text or "")
    if canonical is None:
        return None
    postcode, number = canonical.split("-")[:2]
    return f"{postcode}-{number}"


def register_token(kind: str, normalised: str) -> str:
    """The blind index the register looks up; the same kinds the signals' search tokens use."""
    return blind_index("postcode_house" if kind == SubjectKind.ADDRESS else "kvk", normalised)


def subject_row(measure: Measure, item: dict, *, actor, at) -> MeasureSubject | None:
    """One subject as typed; what does not parse is kept, flagged, and left out of the register."""
    kind = item.get("kind")
    if kind == SubjectKind.ADDRESS:
        typed = {key: (item.get(key) or "").strip()[:MAX_TYPED] for key in ("text", "street", "place")}
        if not typed["text"]:
            return None
        normalised = address_key(typed["text"])
    elif kind == SubjectKind.COMPANY:
        typed = {key: (item.get(key) or "").strip()[:MAX_TYPED] for key in ("name", "kvk")}
        if not typed["name"] and not typed["kvk"]:
            return None
        normalised = normalise_kvk(typed["kvk"])
    else:
        raise MeasureError("Kies of het om een adres of een bedrijf gaat.")
    typed = {key: value for key, value in typed.items() if value}
    return MeasureSubject(measure=measure, kind=kind, typed=typed, municipality_id=measure.municipality_id,
                          key=register_token(kind, normalised) if normalised else "", unparsed=normalised is None,
                          added_at=at, added_by=actor)


def add_subject_rows(measure: Measure, items, *, actor, at) -> list[MeasureSubject]:
    rows = [row for item in items if (row := subject_row(measure, item, actor=actor, at=at)) is not None]
    MeasureSubject.objects.bulk_create(rows)
    return rows


@transaction.atomic
def add_subject(*, actor, measure: Measure, item: dict, now: datetime.datetime | None = None) -> MeasureSubject:
    at = moment(now)
    rows = add_subject_rows(measure, [item], actor=actor, at=at)
    if not rows:
        raise MeasureError("Vul een adres (postcode en huisnummer) of een bedrijf (naam of KvK-nummer) in.")
    row = rows[0]
    event(measure, actor=actor, kind=EventKind.SUBJECT, at=at, data={"kind": row.kind, "unparsed": row.unparsed})
    log(actor, AccessAction.CHANGE, measure, reason="maatregel: adres of bedrijf toegevoegd")
    return row


@transaction.atomic
def add_person(*, actor, measure: Measure, user, function: str = "",
               now: datetime.datetime | None = None) -> MeasurePerson:
    """Name someone on the measure; they must work in its municipality (they then may read it)."""
    at = moment(now)
    if user is None or not user.is_active or not works_in(user, measure.municipality_id):
        raise MeasureError("Alleen medewerkers van deze gemeente kunnen op de maatregel staan.",
                           errors={"user": ["Kies een medewerker van deze gemeente."]})
    person, created = MeasurePerson.objects.get_or_create(
        measure=measure, user=user, defaults={"function": function.strip()[:100], "added_at": at, "added_by": actor})
    if created:
        event(measure, actor=actor, kind=EventKind.PERSON, at=at, data={"user_id": user.pk})
        log(actor, AccessAction.CHANGE, measure, reason="maatregel: medewerker toegevoegd")
    return person


@transaction.atomic
def complete_step(*, actor, measure: Measure, step_key: str, done_on: datetime.date | None = None,
                  now: datetime.datetime | None = None) -> MeasureStep:
    """Mark a step done that no field of the type records (e.g. a term that ran out)."""
    at = moment(now)
    step = MeasureStep.objects.select_for_update().filter(measure=measure, key=step_key).first()
    if step is None:
        raise MeasureError("Deze stap hoort niet bij de maatregel.")
    if step.step_type and step.step_type.done_when:
        raise MeasureError("Deze stap is gedaan zodra het bijbehorende veld is ingevuld: werk de gegevens bij.")
    done_on = done_on or local_date(at)
    if done_on < measure.started_on:
        raise MeasureError("Een stap kan niet gedaan zijn vóór de start van de maatregel.")
    if step.done_on is None:
        step.done_on, step.done_by = done_on, actor
        step.save(update_fields=["done_on", "done_by"])
        event(measure, actor=actor, kind=EventKind.STEP, at=at, data={"step": step_key})
        log(actor, AccessAction.CHANGE, measure, reason="maatregel: stap gedaan")
    return step


def attach_document(*, actor, measure: Measure, uploaded_file, title: str = "",
                    now: datetime.datetime | None = None) -> MeasureDocument:
    """Check (size, malware, sniffed kind), encrypt and keep a letter or decision; logged by the file store."""
    at = moment(now)
    with removed_if_not_saved(), transaction.atomic():
        document = MeasureDocument.objects.create(measure=measure, title=title.strip()[:200], created_at=at,
                                                  created_by=actor)
        document.stored_file = store_upload(uploaded_file=uploaded_file, user=actor, owner=document)
        document.save(update_fields=["stored_file"])
        event(measure, actor=actor, kind=EventKind.DOCUMENT, at=at, data={"document_id": document.pk})
    return document
