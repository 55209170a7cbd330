"""The figures of issue 6, each with its database floor and framework floor measured in the same run.

- product: the real request through gunicorn (or, for the linkage look-up, the ORM query the
  product would run), with tenancy, access log, decryption and templates;
- framework floor: the same rows from a minimal Django view / DRF list on the same gunicorn
  (bench/floor_urls.py);
- database floor: the same rows from the minimal SQL through psycopg, no Django, no HTTP.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.config import ROOT, Config
from bench.measure import Client, Stats, http_stats, repeat

# Amsterdam's focal officer's inbox, "with filters": open signals of one form of exploitation.
INBOX_FILTER = {"tab": "open", "form": "labour", "sort": "deadline"}
SEARCH_WORD = "matrassen"


@dataclass
class Figure:
    id: str
    label: str
    unit: str = "ms"
    product: dict | None = None
    framework: dict | None = None
    database: dict | None = None
    target: str = ""
    verdict: str = "n/a"
    notes: list[str] = field(default_factory=list)
    profile: str = ""

    def ratio(self, floor: dict | None, key: str = "median_ms") -> float | None:
        if not floor or not self.product or not floor.get(key) or self.product.get(key) is None:
            return None
        return round(self.product[key] / floor[key], 2)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "label": self.label, "unit": self.unit, "product": self.product,
            "framework_floor": self.framework, "database_floor": self.database,
            "ratio_to_framework_floor": self.ratio(self.framework), "ratio_to_database_floor": self.ratio(self.database),
            "target": self.target, "verdict": self.verdict, "notes": self.notes, "profile": self.profile,
        }


@dataclass
class Context:
    config: Config
    port: int
    people: object
    database_url: str
    gunicorn: object
    results_dir: Path
    stamp: str
    intake_path: str = "/signalen/melden"
    profiles: dict = field(default_factory=dict)

    def officer(self) -> Client:
        return Client(self.port, cookies=self.people.officer_cookies)

    def reporter(self) -> Client:
        return Client(self.port, cookies=self.people.reporter_cookies)

    def anonymous(self) -> Client:
        return Client(self.port)

    def psycopg(self):
        """A plain psycopg connection for the database floors, planning as the product's connections do:
        their parallel-query setting, and a plan for every execution (the product sends no prepared
        statements; a prepared statement's generic plan can be much slower, e.g. 45 ms instead of 8 ms
        for the word search's page at 1M signals)."""
        import psycopg

        conn = psycopg.connect(self.database_url, autocommit=True)
        conn.execute(f"SET max_parallel_workers_per_gather = {int(product_parallel_workers())}")
        conn.execute("SET plan_cache_mode = force_custom_plan")
        return conn


def product_parallel_workers() -> int:
    """max_parallel_workers_per_gather as the product's own database connections have it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return int(cursor.fetchone()[0])


def tokens_have_municipality() -> bool:
    """Whether SearchToken carries its signal's municipality (signalling 0004)."""
    from schakel.signalling.models import SearchToken

    return any(f.attname == "municipality_id" for f in SearchToken._meta.concrete_fields)


# The product shows "meer dan 500" instead of counting a search's matches further (signalling 0004).
SEARCH_COUNT_CAP = 500


def _p50(stats: dict | None) -> float | None:
    return stats.get("median_ms") if stats else None


# --- intake ------------------------------------------------------------------------------------

def intake_bodies(ctx: Context, count: int) -> list[list[tuple[str, str]]]:
    """Realistic staff-form submissions for Amsterdam, made by the dataset generator's content."""
    from bench.dataset import Generator
    from bench.reference import make_plan
    from schakel.signalling.models import Indicator

    plan = make_plan(max(1000, int(ctx.config.signals)), datetime.date.today())
    generator = Generator(plan)
    generator.reseed(987654)
    place = next(p for p in plan.places if p.municipality_id == ctx.people.municipality_id)
    codes = list(Indicator.objects.filter(active=True).values_list("code", flat=True))
    bodies = []
    for _ in range(count):
        forms = sorted({generator.rng.choice(("labour", "sexual", "criminal", "unknown"))})
        payload = generator.payload(place, forms, False, datetime.date.today())
        bodies.append(form_body(ctx, payload, generator.rng.sample(codes, min(len(codes), 2))))
    return bodies


def form_body(ctx: Context, payload: dict, indicator_codes: list[str]) -> list[tuple[str, str]]:
    from bench.people import csrf_token

    body = [("csrfmiddlewaretoken", csrf_token(ctx.people.reporter_cookies)),
            ("form_token", secrets.token_urlsafe(32)),
            ("municipality", str(ctx.people.municipality_id)),
            ("description", payload["description"]),
            ("acute_danger", "yes" if payload.get("acute_danger") else "no"),
            ("minors_involved", payload.get("minors_involved") or "unknown"),
            ("sector", payload.get("sector", "")),
            ("location_type", payload.get("location_type", "")),
            ("reporter_department", payload.get("reporter_department", ""))]
    body += [("suspected_forms", value) for value in payload.get("forms", [])]
    body += [("indicators", code) for code in indicator_codes]
    if payload.get("observed_on"):
        body.append(("observed_on", payload["observed_on"]))
    address = payload.get("address") or {}
    for key in ("postcode", "house_number", "house_number_addition", "street", "place"):
        body.append((key, address.get(key, "")))
    rows = {
        "persons": [("role", "name", "date_of_birth", "nationality", "gender", "description"), payload.get("persons", [])],
        "companies": [("name", "kvk"), payload.get("companies", [])],
        "vehicles": [("plate", "description"), payload.get("vehicles", [])],
        "phones": [("number",), payload.get("phones", [])],
        "emails": [("address",), payload.get("emails", [])],
        "websites": [("url", "description"), payload.get("websites", [])],
    }
    for prefix, (names, items) in rows.items():
        total = max(1, len(items))
        body += [(f"{prefix}-TOTAL_FORMS", str(total)), (f"{prefix}-INITIAL_FORMS", "0"),
                 (f"{prefix}-MIN_NUM_FORMS", "0"), (f"{prefix}-MAX_NUM_FORMS", "1000")]
        for index, item in enumerate(items):
            for name in names:
                body.append((f"{prefix}-{index}-{name}", str(item.get(name, "") or "")))
    return body


def _fresh(body: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, secrets.token_urlsafe(32) if k == "form_token" else v) for k, v in body]


def _floor_intake_body(ctx: Context) -> list[tuple[str, str]]:
    return [("municipality", str(ctx.people.municipality_id)), ("region", str(ctx.people.region_id)),
            ("forms", "labour"), ("sector", "construction")]


def check_intake(ctx: Context, body) -> str:
    """One submission; '' when the product accepted it, else what went wrong (saved for reading)."""
    response = ctx.reporter().post_form(ctx.intake_path, _fresh(body))
    if response.status == 302:
        return ""
    out = ctx.results_dir.parent / "data" / "intake-refused.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(response.body)
    return f"staff form answered HTTP {response.status} (body in {out})"


def figure_intake_latency(ctx: Context, bodies) -> Figure:
    figure = Figure("intake_latency", "Intake: staff form POST over HTTP (validation, encryption, tokens, "
                    "audit), single client", target="p95 <= 60 ms")
    cycle = iter(bodies * (1 + (ctx.config.repeat + ctx.config.warmup) // len(bodies)))
    product = http_stats(lambda: ctx.reporter().post_form(ctx.intake_path, _fresh(next(cycle))),
                         runs=ctx.config.repeat, warmup=ctx.config.warmup, expect=302)
    floor_body = _floor_intake_body(ctx)
    framework = http_stats(lambda: ctx.anonymous().post_form("/_bench/floor/intake", floor_body),
                           runs=ctx.config.repeat, warmup=ctx.config.warmup, expect=201)
    database = _intake_database_floor(ctx)
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    p95 = product.percentile(95)
    figure.verdict = "PASS" if p95 is not None and p95 <= 60 and not product.errors else "MISS"
    figure.notes.append("framework floor: one Signal row through a csrf-exempt view; database floor: the same "
                        "rows as intake (signal, entities, tokens, event, access-log row) in one transaction, "
                        "ciphertexts and tokens computed beforehand")
    return figure


def _intake_rows(ctx: Context, count: int):
    """Pre-computed rows of `count` new Amsterdam signals, as intake would write them."""
    from bench.dataset import Generator, bulk_tables
    from bench.reference import make_plan

    plan = make_plan(max(1000, int(ctx.config.signals)), datetime.date.today())
    plan.places = [p for p in plan.places if p.municipality_id == ctx.people.municipality_id]
    plan.weights = [1.0]
    tables = bulk_tables("postgresql")
    generator = Generator(plan, tables=tables)
    generator.reseed(424242)
    prepared = []
    now = time.time()
    # A new signal: received, nobody assigned yet (values in their final database form).
    fresh = {"status": "received", "close_reason": "", "closed_at": None, "first_reaction_at": None,
             "assigned_to_id": None, "merged_into_id": None}
    for index in range(count):
        rows = {name: [] for name in ("signal", "entity", "token", "event", "indicators")}
        rows["signal_ids"] = []
        reference = f"9{secrets.randbelow(999):03d}-{secrets.randbelow(999999):06d}"
        generator.signal_rows(0, now - 60, reference, rows, overrides=fresh)
        prepared.append({name: tables[name].expand(rows[name]) for name in tables})
    return tables, prepared


def _insert_sql(table, skip_id: bool) -> str:
    columns = [c for c in table.columns if not (skip_id and c == "id")]
    return (f'INSERT INTO "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
            f'VALUES ({", ".join(["%s"] * len(columns))})')


class IntakeFloor:
    """The minimal SQL of one intake: the rows the product writes, nothing computed in the loop."""

    def __init__(self, ctx: Context, count: int):
        self.tables, self.prepared = _intake_rows(ctx, count)
        self.signal_sql = _insert_sql(self.tables["signal"], True) + " RETURNING id"
        self.other_sql = {name: _insert_sql(self.tables[name], False) for name in ("entity", "token", "event",
                                                                                   "indicators")}
        self.signal_id_index = {name: self.tables[name].columns.index("signal_id") for name in self.other_sql}
        self.id_index = self.tables["signal"].columns.index("id")
        self.reference_index = self.tables["signal"].columns.index("reference")
        self.mailbox_index = self.tables["signal"].columns.index("mailbox_id")
        self.receipt_index = self.tables["signal"].columns.index("receipt_hash")
        self.idempotency_index = self.tables["signal"].columns.index("idempotency_key")
        self.user_id = ctx.people.reporter_id
        self.counter = 0
        self.year = datetime.date.today().year
        from bench.dataset import Table
        from schakel.privacy.models import AccessLogEntry

        self.log_table = Table(AccessLogEntry, with_id=False, vendor="postgresql")
        self.log_sql = _insert_sql(self.log_table, False)
        self.log_row = {"at": datetime.datetime.now(datetime.timezone.utc), "user_id": self.user_id,
                        "username": "bench", "organisation_name": "", "role": "", "action": "create",
                        "record_type": "signalling.signal", "reason": "intake via staff", "flagged": False}

    def insert(self, conn) -> None:
        self.counter += 1
        rows = self.prepared[self.counter % len(self.prepared)]
        signal = list(rows["signal"][0])
        del signal[self.id_index]
        shift = lambda index: index - (1 if index > self.id_index else 0)  # noqa: E731
        signal[shift(self.reference_index)] = f"9{secrets.randbelow(999):03d}-{secrets.randbelow(999999):06d}"
        # A staff-form signal: no anonymous mailbox (its id is unique), no idempotency key reuse.
        signal[shift(self.mailbox_index)] = None
        signal[shift(self.receipt_index)] = ""
        signal[shift(self.idempotency_index)] = secrets.token_hex(32)
        with conn.transaction():
            cursor = conn.cursor()
            cursor.execute("UPDATE signalling_referencecounter SET last = last + 1 WHERE year = %s", [self.year])
            signal_id = cursor.execute(self.signal_sql, signal).fetchone()[0]
            for name, sql in self.other_sql.items():
                values = rows[name]
                if not values:
                    continue
                position = self.signal_id_index[name]
                cursor.executemany(sql, [[signal_id if i == position else v for i, v in enumerate(row)]
                                         for row in values])
            # The access-log row as the product writes it since decision 0068: unsealed, no chain lock.
            log_row = dict(self.log_row, record_id=str(signal_id))
            cursor.execute(self.log_sql, self.log_table.values(log_row))


def _intake_database_floor(ctx: Context) -> Stats:
    floor = IntakeFloor(ctx, 50)
    with ctx.psycopg() as conn:
        return repeat(lambda: floor.insert(conn), runs=ctx.config.repeat, warmup=ctx.config.warmup)


def figure_intake_throughput(ctx: Context, bodies) -> Figure:
    figure = Figure("intake_throughput", f"Intake: sustained signals/s with {ctx.config.load_clients} concurrent "
                    "clients (Locust, 127.0.0.1)", unit="signals/s", target=">= 200 signals/s, 0 errors")
    product = run_locust(ctx, "product", ctx.intake_path, bodies, expect=302,
                         cookie="; ".join(f"{k}={v}" for k, v in ctx.people.reporter_cookies.items()),
                         fresh_form_token=True)
    framework = run_locust(ctx, "framework", "/_bench/floor/intake", [_floor_intake_body(ctx)], expect=201)
    database = _intake_database_throughput(ctx)
    figure.product, figure.framework, figure.database = product, framework, database
    ok = product.get("rps", 0) >= 200 and product.get("failures", 1) == 0 and product.get("requests", 0) > 0
    figure.verdict = "PASS" if ok else "MISS"
    figure.notes.append("Locust runs on the same 2 cores as gunicorn and PostgreSQL; database floor: "
                        f"{ctx.config.load_clients} psycopg connections inserting the intake rows")
    return figure


def run_locust(ctx: Context, label: str, path: str, bodies, *, expect: int, cookie: str = "",
               fresh_form_token: bool = False) -> dict:
    work = ctx.config.run_dir / "locust"
    work.mkdir(parents=True, exist_ok=True)
    spec = work / f"{label}.json"
    spec.write_text(json.dumps({"path": path, "bodies": bodies, "expect": expect, "cookie": cookie,
                                "fresh_form_token": fresh_form_token}))
    prefix = work / label
    locust = Path(sys.executable).parent / "locust"
    if not locust.exists():
        return {"error": "locust is not installed (make bench installs requirements/bench.txt)"}
    command = [str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(ctx.config.load_clients), "-r", str(ctx.config.load_clients),
               "--run-time", f"{ctx.config.load_seconds}s", "--stop-timeout", "5",
               "--host", f"http://127.0.0.1:{ctx.port}", "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    env = {**os.environ, "BENCH_LOCUST_SPEC": str(spec),
           "BENCH_LOCUST_MAX": str(max(1000, 400 * ctx.config.load_seconds))}
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=ctx.config.load_seconds + 120)
    elapsed = time.perf_counter() - started
    stats_path = Path(f"{prefix}_stats.csv")
    if result.returncode != 0 or not stats_path.exists():
        return {"error": f"locust exited {result.returncode}: {result.stderr[-500:]}"}
    with stats_path.open() as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    row = rows.get("Aggregated") or next(iter(rows.values()))
    if not int(row["Request Count"]):
        return {"error": f"locust sent no request: {result.stderr[-500:] or result.stdout[-500:]}"}
    failures_path = Path(f"{prefix}_failures.csv")
    failure_kinds = []
    if failures_path.exists():
        with failures_path.open() as handle:
            failure_kinds = [f"{r['Error']} x{r['Occurrences']}" for r in csv.DictReader(handle)][:5]
    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):  # Locust writes N/A when it has no sample
            return None

    return {
        "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
        "rps": round(number(row["Requests/s"]) or 0.0, 1), "median_ms": number(row["50%"]),
        "p95_ms": number(row["95%"]), "max_ms": number(row["Max Response Time"]), "clients": ctx.config.load_clients,
        "seconds": ctx.config.load_seconds, "wall_s": round(elapsed, 1), "failure_kinds": failure_kinds,
    }


def _intake_database_throughput(ctx: Context) -> dict:
    floor = IntakeFloor(ctx, 50)
    stop = time.monotonic() + min(10, ctx.config.load_seconds)
    counts = []
    errors = []
    lock = threading.Lock()

    def worker():
        done = 0
        try:
            with ctx.psycopg() as conn:
                while time.monotonic() < stop:
                    with lock:
                        floor.counter += 1
                    floor.insert(conn)
                    done += 1
        except Exception as exc:  # reported, not hidden
            errors.append(repr(exc))
        counts.append(done)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(ctx.config.load_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    return {"requests": sum(counts), "failures": len(errors), "rps": round(sum(counts) / seconds, 1),
            "clients": ctx.config.load_clients, "seconds": round(seconds, 1), "errors": errors[:3]}


# --- reads -----------------------------------------------------------------------------------

def _running_deadline_sql() -> str:
    from schakel.signalling.transitions import TRIAGE_STATUSES

    statuses = ", ".join(f"'{s}'" for s in sorted(TRIAGE_STATUSES))
    return (f"CASE WHEN s.status IN ({statuses}) AND s.first_reaction_at IS NULL THEN s.first_reaction_due "
            f"WHEN s.status IN ({statuses}) THEN s.triage_due END")


LIST_SQL_COLUMNS = ("s.id, s.reference, s.status, s.channel, s.received_at, s.first_reaction_due, s.triage_due, "
                    "s.first_reaction_at, s.forms, s.sector, s.acute_danger, s.waiting_for_reporter, "
                    "s.municipality_id, s.assigned_to_id")


def _db_page(ctx: Context, where: str, order: str, params: list, limit: int, count_cap: int | None = None,
             count_in_page: bool = False) -> Stats:
    """The page's rows, the names on them (municipality, assignee) and the count, in SQL.

    `count_in_page`: the count is a window over the page query (COUNT(*) OVER ()), as the inbox
    sorted by deadline counts since 25 November 2026, instead of a query of its own.

    The names are read by id for the rows of the page, as the product does: joining them into the
    page query makes the planner misjudge a search (it expected 1 row where 7,448 tokens match
    'matrassen' in Amsterdam and read them all: 90-340 ms instead of 8 ms at 1M signals).
    """
    window = ", count(*) OVER ()" if count_in_page else ""
    page_sql = (f"SELECT {LIST_SQL_COLUMNS}{window} FROM signalling_signal s WHERE {where} ORDER BY {order} "
                f"LIMIT {limit}")
    names_sql = "SELECT id, name FROM organisations_municipality WHERE id = ANY(%s)"
    users_sql = "SELECT id, username FROM accounts_user WHERE id = ANY(%s)"
    count_sql = f"SELECT count(*) FROM signalling_signal s WHERE {where}"
    if count_cap is not None:
        count_sql = f"SELECT count(*) FROM (SELECT 1 FROM signalling_signal s WHERE {where} LIMIT {count_cap + 1}) c"
    with ctx.psycopg() as conn:
        def run():
            cursor = conn.cursor()
            rows = cursor.execute(page_sql, params, prepare=True).fetchall()
            ids = [row[-3:-1] if count_in_page else row[-2:] for row in rows]  # municipality, assignee
            cursor.execute(names_sql, [sorted({municipality for municipality, _user in ids})], prepare=True).fetchall()
            cursor.execute(users_sql, [sorted({user for _municipality, user in ids if user is not None})],
                           prepare=True).fetchall()
            if not count_in_page:
                cursor.execute(count_sql, params, prepare=True).fetchone()
            return bool(rows)
        return repeat(run, runs=ctx.config.repeat, warmup=ctx.config.warmup)


def explain(ctx: Context, sql: str, params: list) -> str:
    with ctx.psycopg() as conn:
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    return "\n".join(row[0] for row in rows)


def figure_inbox(ctx: Context) -> Figure:
    figure = Figure("inbox", "Inbox of the largest municipality (Amsterdam), first page of 25, open signals of one "
                    "form, sorted by deadline", target="p50 <= 20 ms and <= 3x framework floor")
    query = urlencode(INBOX_FILTER)
    officer = ctx.officer()
    product = http_stats(lambda: officer.get(f"/signalen/?{query}"), runs=ctx.config.repeat, warmup=ctx.config.warmup)
    floor_query = urlencode({"municipality": ctx.people.municipality_id, "open": 1, "form": INBOX_FILTER["form"],
                             "sort": "deadline"})
    anonymous = ctx.anonymous()
    framework = http_stats(lambda: anonymous.get(f"/_bench/floor/inbox?{floor_query}"), runs=ctx.config.repeat,
                           warmup=ctx.config.warmup)
    where = "s.municipality_id = %s AND s.status <> 'closed' AND s.forms::text LIKE %s"
    order = f"{_running_deadline_sql()} ASC NULLS LAST, s.received_at, s.id"
    database = _db_page(ctx, where, order, [ctx.people.municipality_id, f'%"{INBOX_FILTER["form"]}"%'], 25,
                        count_in_page=True)
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    p50, floor = _p50(figure.product), _p50(figure.framework)
    figure.verdict = "PASS" if (p50 is not None and floor and p50 <= 20 and p50 <= 3 * floor
                                and not product.errors) else "MISS"
    figure.notes.append(f"filters {INBOX_FILTER}; open signals of Amsterdam: {_count_open(ctx)}")
    return figure


def _count_open(ctx: Context) -> int:
    with ctx.psycopg() as conn:
        return conn.execute("SELECT count(*) FROM signalling_signal WHERE municipality_id = %s AND status <> 'closed'",
                            [ctx.people.municipality_id]).fetchone()[0]


def search_terms(ctx: Context) -> dict[str, tuple[str, str, str]]:
    """Real identifiers of Amsterdam's history: label -> (what is typed, token kind, normalised value)."""
    from schakel.signalling import normalise
    from schakel.signalling.models import Signal, SignalEntity

    municipality = ctx.people.municipality_id
    closed = Signal.objects.filter(municipality_id=municipality, status="closed")
    # Closed signals of Amsterdam from the middle of the decade (ids in arrival order).
    ids = list(closed.order_by("id").values_list("id", flat=True)[2000:4000])
    phone = SignalEntity.objects.filter(signal_id__in=ids, kind="phone").order_by("id").first()
    vehicle = SignalEntity.objects.filter(signal_id__in=ids, kind="vehicle").order_by("id").first()
    with_address = (closed.filter(id__in=ids).exclude(location_address=None).order_by("id")
                    .only("location_address").first())
    terms = {}
    if phone:
        number = phone.data["number"]
        terms["phone"] = (number, "phone", normalise.normalise_phone(number))
    if with_address:
        address = with_address.location_address
        typed = f"{address['postcode']} {address['house_number']}"
        terms["postcode_house"] = (typed, "postcode_house", normalise.parse_postcode_house(typed))
    if vehicle:
        plate = vehicle.data["plate"]
        terms["plate"] = (plate, "plate", normalise.normalise_plate(plate))
    terms["word"] = (SEARCH_WORD, "word", SEARCH_WORD)
    return terms


def figure_search(ctx: Context, label: str, typed: str, kind: str, value: str) -> Figure:
    from schakel.privacy.crypto import blind_index

    names = {"phone": "phone number", "postcode_house": "postcode + house number", "plate": "licence plate",
             "word": f"a word of the free text ('{SEARCH_WORD}')"}
    figure = Figure(f"search_{label}", f"Search by {names[label]} in Amsterdam's history (tab Afgesloten), "
                    "newest first", target="p50 <= 30 ms, no plaintext in the database")
    officer = ctx.officer()
    query = urlencode({"tab": "closed", "q": typed})
    product = http_stats(lambda: officer.get(f"/signalen/?{query}"), runs=ctx.config.repeat, warmup=ctx.config.warmup)
    token = blind_index(kind, value)
    floor_params = {"municipality": ctx.people.municipality_id, "kind": kind, "token": token, "status": "closed"}
    if kind == "word":
        floor_params["name_token"] = blind_index("name", value)
    floor_query = urlencode(floor_params)
    anonymous = ctx.anonymous()
    framework = http_stats(lambda: anonymous.get(f"/_bench/floor/search?{floor_query}"), runs=ctx.config.repeat,
                           warmup=ctx.config.warmup)
    municipality = ctx.people.municipality_id
    if tokens_have_municipality():
        # As the product searches since signalling 0004: the token rows of the user's municipality
        # (a word also as a name part: kind IN (word, name) AND token IN (both)), count capped.
        kinds, tokens = [kind], [token]
        if kind == "word":
            kinds, tokens = ["word", "name"], [token, blind_index("name", value)]
        where = ("s.municipality_id = %s AND s.status = 'closed' AND s.id IN "
                 "(SELECT signal_id FROM signalling_searchtoken WHERE kind = ANY(%s) AND token = ANY(%s) "
                 "AND municipality_id = %s)")
        database = _db_page(ctx, where, "s.received_at DESC, s.id DESC", [municipality, kinds, tokens, municipality],
                            25, count_cap=SEARCH_COUNT_CAP)
    else:
        token_match = "kind = %s AND token = %s"
        params = [kind, token]
        if kind == "word":  # the product also finds a word as a name part
            token_match = "(kind = %s AND token = %s) OR (kind = 'name' AND token = %s)"
            params.append(blind_index("name", value))
        where = (f"s.municipality_id = %s AND s.status = 'closed' AND s.id IN "
                 f"(SELECT signal_id FROM signalling_searchtoken WHERE {token_match})")
        database = _db_page(ctx, where, "s.received_at DESC, s.id DESC", [municipality, *params], 25)
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    p50 = _p50(figure.product)
    figure.verdict = "PASS" if p50 is not None and p50 <= 30 and not product.errors else "MISS"
    with ctx.psycopg() as conn:
        hits = conn.execute("SELECT count(*) FROM signalling_searchtoken WHERE kind = %s AND token = %s",
                            [kind, token]).fetchone()[0]
    figure.notes.append(f"typed {typed!r}; {hits} token rows nationally; tokens are HMAC blind indexes")
    return figure


def figure_api(ctx: Context) -> Figure:
    figure = Figure("api_list", "GET /api/v1/signals first page, 100 rows (Amsterdam's focal officer, token)",
                    target="p50 <= 30 ms and <= 3x framework floor")
    client = Client(ctx.port, headers={"Authorization": f"Token {ctx.people.api_token}",
                                       "Accept": "application/json"})
    product = http_stats(lambda: client.get("/api/v1/signals"), runs=ctx.config.repeat, warmup=ctx.config.warmup)
    anonymous = Client(ctx.port, headers={"Accept": "application/json"})
    floor_query = urlencode({"municipality": ctx.people.municipality_id, "sort": "triage_due"})
    framework = http_stats(lambda: anonymous.get(f"/_bench/floor/api/signals?{floor_query}"),
                           runs=ctx.config.repeat, warmup=ctx.config.warmup)
    database = _db_page(ctx, "s.municipality_id = %s", "s.triage_due, s.id", [ctx.people.municipality_id], 100)
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    p50, floor = _p50(figure.product), _p50(figure.framework)
    figure.verdict = "PASS" if (p50 is not None and floor and p50 <= 30 and p50 <= 3 * floor
                                and not product.errors) else "MISS"
    return figure


LINKAGE_KINDS = ("phone", "postcode_house", "plate", "kvk", "email", "host", "name")


def linkage_tokens(ctx: Context) -> list[tuple[str, str]]:
    """The identifier tokens of one new Amsterdam signal (names: full names only)."""
    from bench.dataset import Generator
    from bench.reference import make_plan
    from schakel.privacy.crypto import blind_index
    from schakel.signalling.services.intake import clean_payload

    plan = make_plan(max(1000, int(ctx.config.signals)), datetime.date.today())
    generator = Generator(plan)
    generator.reseed(5150)
    place = next(p for p in plan.places if p.municipality_id == ctx.people.municipality_id)
    best: list[tuple[str, str]] = []
    for _ in range(50):
        payload = generator.payload(place, ["labour"], False, datetime.date.today())
        clean = clean_payload(payload, today=datetime.date.today())
        tokens = [(kind, blind_index(kind, value)) for kind, value in sorted(clean.tokens)
                  if kind in LINKAGE_KINDS and (kind != "name" or " " in value)]
        if len(tokens) > len(best):
            best = tokens
        if len(best) >= 6:
            break
    return best


def figure_linkage(ctx: Context) -> Figure:
    figure = Figure("linkage_lookup", "Linkage look-up: the identifier tokens of one new signal against all tokens "
                    "of other municipalities (token look-up; linkage app not built yet)", target="p50 <= 5 ms")
    from schakel.signalling.models import SearchToken

    tokens = linkage_tokens(ctx)
    values = [token for _, token in tokens]
    municipality = ctx.people.municipality_id

    if tokens_have_municipality():
        # Since signalling 0004 the token carries the municipality: no join to the signal.
        others = SearchToken.objects.exclude(municipality_id=municipality)
        sql = ("SELECT t.signal_id, t.kind, t.token FROM signalling_searchtoken t "
               "WHERE t.token = ANY(%s) AND t.kind = ANY(%s) AND t.municipality_id <> %s")
    else:
        others = SearchToken.objects.exclude(signal__municipality_id=municipality)
        sql = ("SELECT t.signal_id, t.kind, t.token FROM signalling_searchtoken t "
               "JOIN signalling_signal s ON s.id = t.signal_id "
               "WHERE t.token = ANY(%s) AND t.kind = ANY(%s) AND s.municipality_id <> %s")

    def product():
        rows = list(others.filter(token__in=values, kind__in=LINKAGE_KINDS).values_list("signal_id", "kind", "token"))
        return rows is not None

    product_stats = repeat(product, runs=ctx.config.repeat, warmup=ctx.config.warmup)
    with ctx.psycopg() as conn:
        def database():
            return conn.execute(sql, [values, list(LINKAGE_KINDS), municipality], prepare=True).fetchall() is not None

        database_stats = repeat(database, runs=ctx.config.repeat, warmup=ctx.config.warmup)
        hits = len(conn.execute(sql, [values, list(LINKAGE_KINDS), municipality]).fetchall())
    figure.product, figure.database = product_stats.as_dict(), database_stats.as_dict()
    figure.framework = None
    p50 = _p50(figure.product)
    figure.verdict = "PASS" if p50 is not None and p50 <= 5 else "MISS"
    figure.notes.append(f"{len(values)} tokens ({', '.join(sorted({k for k, _ in tokens}))}), {hits} matching "
                        "rows elsewhere; product = Django ORM in the harness process (no HTTP), as a linkage "
                        "service would run it")
    return figure


def figure_memory(ctx: Context) -> Figure:
    figure = Figure("worker_rss", "Peak RSS of one gunicorn web worker during the run", unit="MB",
                    target="<= 250 MB")
    peaks = ctx.gunicorn.sampled_peaks()
    if peaks:
        figure.product = {"max_mb": round(max(peaks.values()), 1), "workers_seen": len(peaks),
                          "workers": {str(k): round(v, 1) for k, v in peaks.items()}}
        figure.notes.append("VmHWM of every worker, sampled twice a second (workers recycled by max_requests "
                            "included)")
        figure.verdict = "PASS" if max(peaks.values()) <= 250 else "MISS"
    else:
        figure.product = {"error": "no worker found"}
        figure.verdict = "MISS"
    return figure


NOT_BUILT = (
    ("linkage_rebuild", "rebuild_linkage over the whole dataset incl. fuzzy person matching", "<= 15 minutes"),
    ("dashboards", "National and regional dashboards", "p50 <= 100 ms"),
    ("evaluation_pdf", "Yearly evaluation PDF for the largest region", "<= 10 s"),
    ("care_dataset", "Care cases (150,000), measures (80,000) in the dataset", "-"),
)


def not_built() -> list[Figure]:
    figures = []
    for figure_id, label, target in NOT_BUILT:
        figure = Figure(figure_id, label, target=target, verdict="not built yet")
        figures.append(figure)
    return figures
