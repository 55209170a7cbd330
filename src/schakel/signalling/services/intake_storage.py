"""Intake, part two: idempotency, deadlines, reference numbers and bulk rows of a new signal.

Split from intake.py, which still exports these names.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from schakel.organisations.models import ClosingDay, Municipality, RegionMember

from ..models import ReferenceCounter, Signal
from ..rules import received_date, working_days_after


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different submission."""



# --- idempotency -------------------------------------------------------------------------------

def idempotency_hash(key: str) -> str:
    return hashlib.sha256(f"schakel-intake\x1f{key}".encode("utf-8")).hexdigest()


def payload_fingerprint(payload: dict, municipality_id: int, channel: str) -> str:
    """What 'the same submission' means for a replay. Files are left out: a form's files are
    already handed to the signal when its double submit arrives."""
    canonical = json.dumps({"payload": payload, "municipality": municipality_id, "channel": channel},
                           sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(key_hash: str, fingerprint: str) -> Signal | None:
    existing = Signal.objects.for_list().filter(idempotency_key=key_hash).first()
    if existing is None:
        return None
    if existing.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict(_("Deze sleutel is al gebruikt voor een andere melding."))
    existing.created_now = False
    return existing


# --- deadlines and references ------------------------------------------------------------------

def region_of(municipality: Municipality):
    if Municipality.region_membership.is_cached(municipality):  # select_related by the caller
        member = getattr(municipality, "region_membership", None)
    else:
        member = RegionMember.objects.select_related("region").filter(municipality=municipality).first()
    return member.region if member else None


def deadlines_for(region, received_at: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """First-reaction and triage deadlines, in the region's working days, from the day of receipt."""
    start = received_date(received_at)
    horizon = start + datetime.timedelta(days=800)
    closed = frozenset(ClosingDay.objects.filter(region=region, date__gt=start, date__lte=horizon)
                       .values_list("date", flat=True))
    return (working_days_after(start, region.first_reaction_days, closed_days=closed),
            working_days_after(start, region.triage_days, closed_days=closed))


def _returning_supported(connection) -> bool:
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return False


def _count_up(year: int) -> int | None:
    """Add one to the year's counter and return the new value; None when the year has no row yet.

    One statement (`UPDATE ... RETURNING`) on PostgreSQL and SQLite 3.35+; elsewhere an UPDATE and a
    SELECT in the same transaction (the UPDATE's row lock keeps others out until commit).
    """
    connection = connections[router.db_for_write(ReferenceCounter)]
    if not _returning_supported(connection):
        if not ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1):
            return None
        return ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).get()
    quote = connection.ops.quote_name
    table = quote(ReferenceCounter._meta.db_table)
    last = quote(ReferenceCounter._meta.get_field("last").column)
    year_column = quote(ReferenceCounter._meta.get_field("year").column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {last} = {last} + 1 WHERE {year_column} = %s RETURNING {last}",  # noqa: S608
                       [year])
        row = cursor.fetchone()
    return row[0] if row else None


def next_reference(year: int) -> str:
    """The next human number of the year: '2026-000123'. Serialised by the counter row's lock."""
    last = _count_up(year)
    if last is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last=1)
            last = 1
        except IntegrityError:  # another intake created the year's row first
            last = _count_up(year)
    return f"{year}-{last:06d}"


INSERT_BATCH = 500  # rows per statement: well within the parameter limits of PostgreSQL and SQLite


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows of `model` as multi-row statements, in the transaction of the caller.

    For rows that need no model instance (no save logic, no signal handler, ids not needed):
    each value is still prepared by its field, so encrypted fields seal it as they always do.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(column) for column in columns]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start:start + INSERT_BATCH]
            cursor.execute(head + ", ".join([row] * len(batch)),  # noqa: S608 (names from the model, values bound)
                           [field.get_db_prep_save(value, connection)
                            for values in batch for field, value in zip(fields, values)])

