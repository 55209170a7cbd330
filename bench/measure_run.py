"""The measuring half of a run: serve the dataset, take every figure, profile misses, report."""

from __future__ import annotations

import datetime
import time
import traceback

from bench import figures as F
from bench import report
from bench import screening_figures as S
from bench.config import Config


def log(message: str) -> None:
    print(message, flush=True)


def _collectstatic() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _intake_path() -> str:
    from django.urls import NoReverseMatch, reverse

    for name in ("signalling:report", "signalling:intake"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/signalen/melden"


def _wanted(config: Config, figure_id: str) -> bool:
    return not config.only or any(figure_id.startswith(prefix) for prefix in config.only)


def _group_wanted(config: Config, group: str) -> bool:
    """Whether any figure of a group ("search", "intake") is wanted: BENCH_ONLY=search_phone needs the
    search terms as much as BENCH_ONLY=search does."""
    return not config.only or any(group.startswith(p) or p.startswith(group) for p in config.only)


def run(config: Config, env: dict, summary: dict, server, *, started: float) -> int:
    from django.db import connection

    from bench import people, profile
    from bench.dataset import relation_sizes
    from bench.server import Gunicorn, JobWorker

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    bench_people = people.prepare()
    _collectstatic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM signalling_signal")
        first_new_id = cursor.fetchone()[0] + 1
    product_parallel = F.product_parallel_workers()
    connection.close()
    from bench.mail import Sink

    config.run_dir.mkdir(parents=True, exist_ok=True)
    sink = Sink(config.smtp_port)
    sink.start()
    gunicorn = Gunicorn(config, env, config.run_dir / "gunicorn.log")
    log(f"Starting gunicorn ({config.workers or 'production default'} workers) on 127.0.0.1:{config.http_port}")
    intake_path = _intake_path()
    gunicorn.start()
    held_jobs = _hold_dataset_changing_jobs()
    if held_jobs:
        log(f"Held for this run (claimed as done for their period): {', '.join(held_jobs)}")
    job_worker = JobWorker(env, config.run_dir / "qcluster.log")
    job_worker.start()
    log(f"Started the job worker: {' '.join(job_worker.command()[1:])}")
    ctx = F.Context(config=config, port=config.http_port, people=bench_people, database_url=env["DATABASE_URL"],
                    gunicorn=gunicorn, results_dir=config.results_dir, stamp=stamp, intake_path=intake_path)
    results: list[F.Figure] = []
    failures: list[str] = []
    terms: dict = {}
    state = {"removed": 0}

    def document() -> dict:
        return {
            "stamp": stamp,
            "git_commit": report.git_commit(),
            "scale": config.scale,
            "signals": summary.get("signals"),
            "machine": report.machine(),
            "database": {"server": server.version(), "settings": server.settings(),
                         "settings_profile": server.profile,
                         "product_connections": {"max_parallel_workers_per_gather": product_parallel},
                         "own_cluster": config.own_cluster},
            "gunicorn": {"workers": config.workers or "deploy/gunicorn.conf.py", "command": " ".join(gunicorn.command())},
            "job_worker": {"command": "manage.py qcluster", "running_at_end_of_figures": state.get("job_worker")},
            "dataset": summary,
            "relations": relation_sizes(["signalling_signal", "signalling_signalentity", "signalling_searchtoken",
                                         "signalling_signalevent", "signalling_signal_indicators",
                                         "privacy_accesslogentry", "screening_meeting", "screening_agendaitem",
                                         "screening_route", "actions_action", "actions_actionevent"]),
            "settings": {"repeat": config.repeat, "warmup": config.warmup, "load_seconds": config.load_seconds,
                         "load_clients": config.load_clients},
            "figures": [figure.as_dict() for figure in results] + [f.as_dict() for f in F.not_built()],
            "failures": failures,
            "measurement_rows_removed": state["removed"],
            "notification_mails_received": sink.received,
            "total_run_s": round(time.perf_counter() - started, 1),
        }

    def checkpoint() -> None:
        """Write the JSON after every figure, so an interrupted run still leaves what it measured."""
        try:
            report.write_json(config.results_dir, stamp, document())
        except Exception:
            failures.append(f"checkpoint: {traceback.format_exc(limit=2)}")

    def take(figure_id: str, function, *args):
        if not _wanted(config, figure_id):
            return
        log(f"Measuring {figure_id}")
        step = time.perf_counter()
        try:
            figure = function(ctx, *args)
        except Exception:  # a broken figure is reported as such; the others still run
            failures.append(f"{figure_id}: {traceback.format_exc()}")
            figure = F.Figure(figure_id, figure_id, verdict="ERROR", notes=[traceback.format_exc(limit=3)])
        figure.notes.append(f"measured in {time.perf_counter() - step:.0f}s")
        results.append(figure)
        product = figure.product or {}
        log(f"  {figure.verdict}: p50 {product.get('median_ms', product.get('rps', product.get('max_mb')))}"
            f" (framework floor {(figure.framework or {}).get('median_ms', (figure.framework or {}).get('rps'))},"
            f" database floor {(figure.database or {}).get('median_ms', (figure.database or {}).get('rps'))})")
        checkpoint()

    try:
        # Reads first (the dataset as built), then the writes.
        take("inbox", F.figure_inbox)
        terms = F.search_terms(ctx) if _group_wanted(config, "search") else {}
        for label, (typed, kind, value) in terms.items():
            take(f"search_{label}", F.figure_search, label, typed, kind, value)
        take("api_list", F.figure_api)
        take("linkage_lookup", F.figure_linkage)
        take("screening_agenda", S.figure_agenda)
        take("my_actions", S.figure_my_actions)
        bodies = []
        if _group_wanted(config, "intake"):
            bodies = F.intake_bodies(ctx, 200)
            problem = F.check_intake(ctx, bodies[0])
            if problem:
                failures.append(f"intake: {problem}")
                log(f"  {problem}")
        take("intake_latency", F.figure_intake_latency, bodies)
        take("intake_throughput", F.figure_intake_throughput, bodies)
        results.append(F.figure_memory(ctx))
        # Queued work (notification mails) the intake figures left: give the worker a moment to finish.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _queued_tasks() and job_worker.running():
            time.sleep(1)
        state["job_worker"] = {"running": job_worker.running(), "tasks_still_queued": _queued_tasks()}
        checkpoint()
    finally:
        gunicorn.stop()
        job_worker.stop()
    # The signals the intake figures wrote go again (a reused dataset stays the same).
    state["removed"] = _remove_measurement_rows(first_new_id)

    if config.profile:
        for figure in results:
            if figure.verdict == "MISS" and figure.id in profile.PROFILERS:
                log(f"Profiling {figure.id} (missed {figure.target})")
                try:
                    figure.profile = profile.PROFILERS[figure.id](ctx, terms if figure.id.startswith("search")
                                                                  else None)
                except Exception:
                    failures.append(f"profile {figure.id}: {traceback.format_exc()}")
                checkpoint()

    sink.stop()
    state["removed"] += _remove_measurement_rows(first_new_id)
    results += F.not_built()
    final = document()
    final["figures"] = [figure.as_dict() for figure in results]
    path = report.write_json(config.results_dir, stamp, final)
    document = final
    log("")
    log(f"Schakel benchmark: scale {config.scale:g} ({summary.get('signals', 0):,} signals), "
        f"{document['machine']['cores']} cores, commit {document['git_commit'][:12]}")
    log(report.text_table(document["figures"]))
    for figure in results:
        for note in figure.notes:
            log(f"  {figure.id}: {note}")
        if figure.profile:
            log(f"  {figure.id}: profile in {figure.profile}")
    for failure in failures:
        log(f"FAILED {failure}")
    log(f"\nResults: {path} (total {document['total_run_s']:.0f}s)")
    return 1 if failures else 0


# Periodic jobs that would change the dataset while it is measured: the daily purge deletes the
# closed signals past their retention period (1 year for most: most of ten years of history), a
# few thousand per run, and the figures would measure a shrinking dataset.
DATASET_CHANGING_JOBS = ("privacy.apply_retention",)


def _hold_dataset_changing_jobs() -> list[str]:
    """Claim the current period of each such job (a finished JobRun row), so the worker skips it."""
    from django.db import IntegrityError, transaction

    try:
        from schakel import clock
        from schakel.jobs.models import JobOutcome, JobRun
        from schakel.jobs.registry import registry
    except ImportError:
        return []
    now = clock.now()
    held = []
    for name in DATASET_CHANGING_JOBS:
        if name not in registry:
            continue
        key = registry.get(name).period_key(now)
        try:
            with transaction.atomic():
                JobRun.objects.get_or_create(name=name, period_key=key, defaults={
                    "started_at": now, "finished_at": now, "outcome": JobOutcome.SUCCEEDED,
                    "detail": "make bench: held, the dataset is measured as built"})
        except IntegrityError:
            continue
        held.append(f"{name} {key}")
    return held


def _queued_tasks() -> int:
    """Tasks waiting in django-q2's ORM queue (0 when the queue table is not there)."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_q_ormq")
            return cursor.fetchone()[0]
    except Exception:
        connection.close()
        return 0


def _remove_measurement_rows(first_new_id: int) -> int:
    """Signals written by the intake figures go again, so a reused dataset stays the same size."""
    from schakel.signalling.models import Signal

    queryset = Signal.objects.filter(id__gte=first_new_id)
    count = queryset.count()
    # What other apps made of the new signals' entities and of the signals themselves (e.g. the
    # linkage's matches, written by the job worker after an intake) goes first, through the ORM.
    bulk = ("search_tokens", "entities", "events", "mailbox_messages", "referrals")
    entity_model = Signal._meta.get_field("entities").related_model
    def reverse(model):  # every relation pointing at `model`, also those without a related name
        return [f for f in model._meta.get_fields(include_hidden=True)
                if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]

    others = [(relation, f"{relation.field.name}__signal_id__gte") for relation in reverse(entity_model)]
    others += [(relation, f"{relation.field.name}_id__gte") for relation in reverse(Signal)
               if relation.related_model is not Signal and relation.related_model is not entity_model
               and relation.get_accessor_name() not in bulk]
    for relation, lookup in others:
        if relation.many_to_many or relation.related_model is Signal.indicators.through:
            continue
        try:
            relation.related_model._base_manager.filter(**{lookup: first_new_id}).delete()
        except Exception as exc:  # a protected chain: the signal's own delete below reports it
            print(f"  could not remove {relation.related_model._meta.label} rows of measurement signals: {exc}")
    # Children first (their FKs have no ON DELETE CASCADE in the database), in bulk.
    for relation in bulk:
        field = Signal._meta.get_field(relation)
        field.related_model.objects.filter(signal_id__gte=first_new_id)._raw_delete(
            field.related_model.objects.db)
    Signal.indicators.through.objects.filter(signal_id__gte=first_new_id)._raw_delete(Signal.objects.db)
    try:
        Signal.objects.filter(id__gte=first_new_id).delete()
    except Exception as exc:  # e.g. a protected relation added later: leave the rows, say so
        print(f"  could not remove the {count} measurement signals: {exc}")
        return 0
    return count
