"""Child-process side of the access-log concurrency test: writers and a sealer at the same time.

Runs in a fresh interpreter against the database named in its environment (the PostgreSQL test
database, or a migrated SQLite file), with one connection per thread, as web workers and the
job worker have. Writers append rows inside transactions, as requests do; the sealer seals in
small batches while they write. On PostgreSQL one "late" writer keeps its transaction open
until rows with higher ids have been sealed, as a slow request does.
"""

from __future__ import annotations

import os
import threading


def race(env: dict, results, writers: int, writes_each: int, late: bool) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections, transaction

    from schakel.privacy.audit import record_access, seal_pending, verify_chain
    from schakel.privacy.models import AccessLogEntry

    start = threading.Barrier(writers + 1)
    halfway = threading.Barrier(writers + 1)  # the sealer starts when every writer wrote half its rows
    sealed_some, late_inserted, late_go, writing_done = (threading.Event() for _ in range(4))
    # One seal per committed write at most: a sealer that loops without pause takes SQLite's write
    # lock thousands of times and starves the writers past the busy timeout (a flaky test on a busy
    # machine). Released by each writer after its commit; the sealer waits for it.
    written = threading.Semaphore(0)
    errors: list[str] = []
    sealed_runs: list[int] = []
    late_ids: list[int] = []

    def guarded(work):
        def run(*args):
            try:
                work(*args)
            except Exception as exc:  # reported to the test, which fails with it
                errors.append(f"{type(exc).__name__}: {exc}")
                for event in (sealed_some, late_go):
                    event.set()
            finally:
                connections.close_all()
        return run

    @guarded
    def writer(number: int) -> None:
        start.wait(timeout=60)
        for index in range(writes_each):
            if index == writes_each // 2:
                halfway.wait(timeout=60)
            with transaction.atomic():
                record_access(user=None, action="login_failed", record_type="race", record_id=f"{number}-{index}")
            written.release()

    @guarded
    def sealer() -> None:
        start.wait(timeout=60)
        halfway.wait(timeout=60)
        while not writing_done.is_set():
            if not written.acquire(timeout=0.1):   # no new row yet: look again whether writing is done
                continue
            sealed = seal_pending(batch_size=7)
            sealed_runs.append(sealed)
            if sealed:
                sealed_some.set()

    @guarded
    def late_writer() -> None:
        with transaction.atomic():
            late_ids.append(record_access(user=None, action="login_failed", record_type="race",
                                          record_id="late").pk)
            late_inserted.set()
            late_go.wait(timeout=60)

    threads = []
    if late:
        threads.append(threading.Thread(target=late_writer))
        threads[0].start()
        late_inserted.wait(timeout=60)
    writer_threads = [threading.Thread(target=writer, args=(number,)) for number in range(writers)]
    sealer_thread = threading.Thread(target=sealer)
    for thread in [*writer_threads, sealer_thread]:
        thread.start()
    if late:
        sealed_some.wait(timeout=60)
        late_go.set()
    for thread in [*threads, *writer_threads]:
        thread.join(timeout=120)
    writing_done.set()
    sealer_thread.join(timeout=120)

    final = seal_pending()
    rows = AccessLogEntry.objects.filter(record_type="race")
    sequence = list(rows.order_by("sealed_seq").values_list("id", "sealed_seq"))
    outcome = {
        "errors": errors,
        "rows": rows.count(),
        "unsealed": rows.filter(sealed_seq__isnull=True).count(),
        "sequence_numbers": [seq for _id, seq in sequence],
        "sealed_while_writing": sum(sealed_runs),
        "sealed_at_the_end": final,
        "breaks": [(b.entry_id, b.problem) for b in verify_chain()],
        "late_sealed_after_higher_ids": None,
    }
    if late_ids:
        order = [row_id for row_id, _seq in sequence]
        position = order.index(late_ids[0])
        outcome["late_sealed_after_higher_ids"] = any(row_id > late_ids[0] for row_id in order[:position])
    connections.close_all()
    results.put(outcome)
