"""Recomputing linkage for every signal: after a secret rotation, a normaliser change, or a restore.

Signals are processed in id order, in batches that each commit with the run's checkpoint, so an
interrupted run resumes after the last committed signal. One pass is enough: each signal is
matched against every signal processed before it (same secret), and later signals find it in
their turn. A rotation run (`only_stale`) re-tokenises only signals that still have rows under an
older key; matches are kept (they name entities, not tokens).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

from schakel.clock import now as clock_now
from schakel.signalling.models import Signal, SignalEntity

from .. import secrets as linkage_secrets
from ..models import LinkToken, PersonEncoding, RebuildRun
from .indexing import index_signal, link_signals

BATCH = 200


def _stale_signal_ids(key_id: str):
    return (Signal.objects.filter(Q(pk__in=LinkToken.objects.exclude(key_id=key_id).values("signal_id"))
                                  | Q(pk__in=PersonEncoding.objects.exclude(key_id=key_id).values("signal_id")))
            .values_list("pk", flat=True))


def _todo(run: RebuildRun):
    if run.only_stale:
        ids = _stale_signal_ids(run.key_id)
    else:
        ids = Signal.objects.filter(pk__in=SignalEntity.objects.values("signal_id")).values_list("pk", flat=True)
    return ids.filter(pk__gt=run.last_signal_id).order_by("pk")


def start_or_resume(*, only_stale: bool = False, restart: bool = False) -> RebuildRun:
    key_id = linkage_secrets.current().key_id
    if not restart:
        unfinished = RebuildRun.objects.filter(finished_at__isnull=True, only_stale=only_stale, key_id=key_id).first()
        if unfinished is not None:
            return unfinished
    run = RebuildRun.objects.create(started_at=clock_now(), key_id=key_id, only_stale=only_stale)
    run.total = _todo(run).count()
    run.save(update_fields=["total"])
    return run


def run_rebuild(run: RebuildRun, *, progress: Callable[[int, int], None] | None = None,
                stop_after: int | None = None, batch: int = BATCH) -> RebuildRun:
    """Process the run's remaining signals; `stop_after` signals at most (tests of resuming)."""
    processed = 0
    while True:
        ids = list(_todo(run)[:batch])
        if not ids:
            break
        if stop_after is not None:
            ids = ids[:max(stop_after - processed, 0)]
            if not ids:
                return run
        with transaction.atomic():
            if run.only_stale:
                for signal_id in ids:
                    index_signal(Signal.objects.only("id", "municipality_id").get(pk=signal_id))
            else:
                link_signals(ids, notify=False)
            run.last_signal_id = ids[-1]
            run.done += len(ids)
            run.save(update_fields=["last_signal_id", "done"])
        processed += len(ids)
        if progress:
            progress(run.done, run.total)
    run.finished_at = clock_now()
    run.save(update_fields=["finished_at"])
    return run
