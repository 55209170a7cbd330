"""Purging old access-log rows without breaking the chain (decision 0073).

The log is a hash chain (decisions 0023, 0068): deleting its oldest rows would make the first
remaining row link to a hash nobody can check. So a purge first writes a checkpoint: the sealed
head at the cut (the last removed row's sequence number and hash) is kept in
`AccessLogCheckpoint` and, as a row of its own ("opgeschoond", detail "checkpoint <seq> <hash>"),
in the log itself, where the chain protects it. Verification then starts from the checkpoint's
hash instead of the genesis hash. The append-only triggers let a DELETE through only for sealed
rows at or below a checkpoint's cut.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import connections, router, transaction

from .models import AccessAction, AccessLogCheckpoint, AccessLogEntry

_DETAIL = re.compile(r"^checkpoint (\d+) ([0-9a-f]{64})$")
RECORD_TYPE = "privacy.accesslogentry"


def checkpoint_detail(cut_seq: int, cut_hash: str) -> str:
    return f"checkpoint {cut_seq} {cut_hash}"


@dataclass(frozen=True)
class Cut:
    seq: int
    hash: str
    rows: int


def access_log_cut(*, before: datetime.datetime, using: str = "default") -> Cut | None:
    """Where a purge of rows written before `before` would cut: a prefix of the sealed chain."""
    rows = AccessLogEntry.objects.using(using).filter(sealed_seq__isnull=False)
    first_kept = rows.filter(at__gte=before).order_by("sealed_seq").values_list("sealed_seq", flat=True).first()
    if first_kept is None:
        # Everything sealed is older; keep the newest row so the chain keeps a head to continue from.
        last = rows.order_by("-sealed_seq").values_list("sealed_seq", flat=True).first()
        first_kept = last
    if first_kept is None or first_kept <= 1:
        return None
    seq = first_kept - 1
    head = rows.filter(sealed_seq=seq).values_list("entry_hash", flat=True).first()
    count = rows.filter(sealed_seq__lte=seq).count()
    if head is None or count == 0:
        return None
    return Cut(seq=seq, hash=head, rows=count)


def purge_access_log(*, before: datetime.datetime, now: datetime.datetime) -> AccessLogCheckpoint | None:
    """Delete the sealed rows written before `before`, behind a checkpoint; None when nothing goes."""
    from .audit import record_access, seal_pending

    using = router.db_for_write(AccessLogEntry)
    seal_pending(using=using)
    cut = access_log_cut(before=before, using=using)
    if cut is None:
        return None
    with transaction.atomic(using=using):
        checkpoint = AccessLogCheckpoint.objects.using(using).create(
            cut_seq=cut.seq, cut_hash=cut.hash, rows_removed=cut.rows, before=before, at=now)
        record_access(user=None, action=AccessAction.PURGE, record_type=RECORD_TYPE, record_id=str(cut.seq),
                      reason=f"{cut.rows} regels van voor {before:%Y-%m-%d} verwijderd (bewaartermijn)",
                      detail=checkpoint_detail(cut.seq, cut.hash))
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE sealed_seq IS NOT NULL "
                           "AND sealed_seq <= %s", [cut.seq])
    return checkpoint


def chain_start(*, using: str = "default") -> tuple[str | None, int, str]:
    """(expected previous hash, expected first sequence number, problem) for verification.

    Without a purge: the genesis hash and 1. After one: the hash and number after the newest
    checkpoint whose cut is just before the first remaining row, provided the log itself holds
    that checkpoint's row. `problem` is "" or "checkpoint" (the log does not vouch for the cut).
    """
    from .audit import GENESIS_HASH

    first = (AccessLogEntry.objects.using(using).filter(sealed_seq__isnull=False).order_by("sealed_seq")
             .values_list("sealed_seq", flat=True).first())
    if first is None or first == 1:
        return GENESIS_HASH, 1, ""
    checkpoint = AccessLogCheckpoint.objects.using(using).filter(cut_seq=first - 1).first()
    if checkpoint is None:
        return GENESIS_HASH, 1, ""  # rows removed without a checkpoint: the first row's link breaks
    in_log = AccessLogEntry.objects.using(using).filter(
        action=AccessAction.PURGE, detail=checkpoint_detail(checkpoint.cut_seq, checkpoint.cut_hash)).exists()
    return checkpoint.cut_hash, checkpoint.cut_seq + 1, "" if in_log else "checkpoint"
