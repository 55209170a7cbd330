"""Unusual access, computed from the access log, for the privacy officer to review.

Three kinds (`FlagKind`):
- many records in a short time: one user opening more than `MANY_RECORDS` different records
  within one clock hour;
- access outside office hours: viewing, changing, exporting or downloading a record before
  07:00, from 19:00, or on a Saturday or Sunday (Europe/Amsterdam), one flag per user and day;
- emergency access: every grant (break the glass);
- searches without a follow-up: on one day, at least `SEARCHES_WITHOUT_FOLLOW_UP` searches
  (a name or number looked up in a list) after which the user opened no record of that kind
  within `FOLLOW_UP`: looking whether someone is known, without working on a record.
A flag keeps the access-log keys of its rows, so it is seen by the same privacy officers as the
rows. Running the detection again adds nothing twice (one row per kind, user and window).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.clock import AMSTERDAM, now as clock_now

from .audit import record_access
from .models import AccessAction, AccessFlag, AccessLogEntry, FlagKind

MANY_RECORDS = 30
OFFICE_START = datetime.time(7, 0)
OFFICE_END = datetime.time(19, 0)
LOOK_BACK = datetime.timedelta(days=2)
RECORD_ACTIONS = (AccessAction.VIEW, AccessAction.CHANGE, AccessAction.EXPORT, AccessAction.DOWNLOAD)
SEARCHES_WITHOUT_FOLLOW_UP = 5
FOLLOW_UP = datetime.timedelta(minutes=30)


def outside_office_hours(moment: datetime.datetime) -> bool:
    local = moment.astimezone(AMSTERDAM)
    return local.weekday() >= 5 or not (OFFICE_START <= local.time() < OFFICE_END)


def _keys(values) -> str:
    keys = sorted({key for value in values for key in value.split()})
    return (" " + " ".join(keys) + " ")[:500] if keys else ""


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(AMSTERDAM).replace(minute=0, second=0, microsecond=0)


def _day(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(AMSTERDAM).replace(hour=0, minute=0, second=0, microsecond=0)


def _add(kind, user_id, start, end, count, detail, rows, found_at) -> bool:
    try:
        with transaction.atomic():
            AccessFlag.objects.create(
                kind=kind, user_id=user_id, window_start=start, window_end=end, count=count, detail=detail[:200],
                scope_keys=_keys(row[0] for row in rows), owner_keys=_keys(row[1] for row in rows), found_at=found_at)
    except IntegrityError:
        return False  # found before
    return True


def detect_unusual_access(*, now: datetime.datetime | None = None, since: datetime.datetime | None = None) -> int:
    """Add flags for the access log since `since` (default: two days before `now`); returns how many are new."""
    moment = now or clock_now()
    since = since or moment - LOOK_BACK
    rows = (AccessLogEntry.objects.filter(at__gte=since, at__lt=moment, user__isnull=False)
            .values_list("user_id", "at", "action", "record_type", "record_id", "scope_keys", "owner_keys"))
    per_hour: dict[tuple, dict] = defaultdict(dict)
    after_hours: dict[tuple, list] = defaultdict(list)
    searches: dict[tuple, list] = defaultdict(list)  # (user, record type) -> [(at, keys)]
    opened: dict[tuple, list] = defaultdict(list)  # (user, record type) -> [at]
    found = 0
    for user_id, at, action, record_type, record_id, scope_keys, owner_keys in rows.iterator(chunk_size=2000):
        keys = (scope_keys or "", owner_keys or "")
        if action == AccessAction.SEARCH and not record_id and not record_type.startswith("privacy."):
            searches[(user_id, record_type)].append((at, keys))
            continue
        if action in RECORD_ACTIONS and record_id:
            opened[(user_id, record_type)].append(at)
        if action == AccessAction.BREAK_GLASS:
            found += _add(FlagKind.EMERGENCY, user_id, at, at, 1, f"noodtoegang tot {record_type} {record_id}",
                          [keys], moment)
            continue
        if action not in RECORD_ACTIONS or not record_id:
            continue
        per_hour[(user_id, _hour(at))][(record_type, record_id)] = keys
        if outside_office_hours(at):
            after_hours[(user_id, _day(at))].append((keys, at))
    for (user_id, hour), records in per_hour.items():
        if len(records) > MANY_RECORDS:
            found += _add(FlagKind.MANY_RECORDS, user_id, hour, hour + datetime.timedelta(hours=1), len(records),
                          f"{len(records)} verschillende gegevens binnen een uur", list(records.values()), moment)
    for (user_id, day), items in after_hours.items():
        times = sorted(at for _, at in items)
        found += _add(FlagKind.AFTER_HOURS, user_id, times[0], times[-1], len(items),
                      f"{len(items)} keer toegang buiten kantoortijd", [keys for keys, _ in items], moment)
    found += _searches_without_follow_up(searches, opened, moment)
    return found


def _searches_without_follow_up(searches: dict, opened: dict, moment: datetime.datetime) -> int:
    per_day: dict[tuple, list] = defaultdict(list)
    for (user_id, record_type), items in searches.items():
        views = sorted(opened.get((user_id, record_type), []))
        for at, keys in items:
            if at + FOLLOW_UP > moment:
                continue  # the follow-up may still come
            if not any(at <= seen <= at + FOLLOW_UP for seen in views):
                per_day[(user_id, _day(at))].append((at, keys))
    found = 0
    for (user_id, day), items in per_day.items():
        if len(items) >= SEARCHES_WITHOUT_FOLLOW_UP:
            found += _add(FlagKind.SEARCH_WITHOUT_FOLLOW_UP, user_id, day, day + datetime.timedelta(days=1),
                          len(items), f"{len(items)} zoekopdrachten zonder dat daarna een gegeven werd geopend",
                          [keys for _, keys in items], moment)
    return found


class FlagError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def review_flag(*, actor, flag: AccessFlag, note: str, now: datetime.datetime | None = None) -> AccessFlag:
    """Mark a flag as checked, with the privacy officer's note (logged)."""
    note = (note or "").strip()
    if len(note) < 5:
        raise FlagError(_("Notitie: schrijf kort op wat u hebt nagegaan (minstens 5 tekens)."))
    updated = AccessFlag.objects.filter(pk=flag.pk, reviewed_at__isnull=True).update(
        reviewed_at=now or clock_now(), reviewed_by=actor)
    if not updated:
        raise FlagError(_("Deze melding is al gecontroleerd."))
    flag.refresh_from_db()
    flag.review_note = note
    flag.save(update_fields=["review_note"])
    record_access(user=actor, action=AccessAction.CHANGE, record=flag, owner_keys=flag.owner_keys[:200],
                  detail=f"opvallende toegang gecontroleerd: {flag.get_kind_display()}")
    return flag
