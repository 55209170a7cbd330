"""The synthetic national dataset: reference data, people, and a million signals loaded by COPY.

Shape (at BENCH_SCALE=1): 342 municipalities in 25 regions, 10 years of signals (1,000,000),
about 3 entities per signal with their search tokens, the history events of each signal and
the ticked indicators. Signals are spread over municipalities by inhabitants (large cities
have more per inhabitant), grow by about 8% a year, and are mostly closed once older than a
few months, so the open work of Amsterdam is some hundreds of signals.

Each signal is made as a form payload and passed through the product's own validation
(`signalling.services.intake.clean_payload`), which normalises identifiers and decides the
entities and search tokens; every sensitive value then goes through the product's own field
(`get_prep_value` of the Encrypted*Field, i.e. `privacy.crypto.encrypt` with a fresh nonce per
value) and every token through `privacy.crypto.blind_index(kind, value)`, exactly as intake
stores them. The only shortcut: the Argon2 receipt hashes of anonymous signals come from a
pool of 4 real hashes (a receipt is only checked when a reporter opens the mailbox, which no
figure measures).

On PostgreSQL the rows go in through COPY from `jobs` processes, with the secondary indexes
and foreign keys of the bulk tables dropped first and rebuilt afterwards; on another database
(the CI smoke test on SQLite) the same rows go in with executemany.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import itertools
import json
import math
import multiprocessing
import random
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.config import FULL_SCALE_SIGNALS, YEARS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.timezone.utc
GENERATOR_VERSION = "4"
CHUNK = 5000  # signals per unit of work
REUSE = 3  # signals per validated payload (see Generator.bundle)
TOKEN_MEMO = 1_000_000  # blind indexes remembered per process (see Generator.token)
NORMALISER_MEMO = 400_000  # distinct inputs remembered per normaliser and process
EVENT_COLUMNS = ["signal_id", "at", "actor_id", "kind", "from_status", "to_status", "reason", "text", "data"]
SEED = 20261125

# The real pattern of 25 regions (one per safety region): how many per province.
REGIONS_PER_PROVINCE = {
    "Groningen": 1, "Fryslân": 1, "Drenthe": 1, "Overijssel": 2, "Flevoland": 1, "Gelderland": 3,
    "Utrecht": 1, "Noord-Holland": 5, "Zuid-Holland": 4, "Zeeland": 1, "Noord-Brabant": 3, "Limburg": 2,
}

CHANNEL_WEIGHTS = (("staff", 55), ("public", 20), ("phone", 10), ("visit", 5), ("partner_api", 10))
# Entities as the intake forms record them (the signal's own address is separate, on 60% of signals).
ENTITY_WEIGHTS = (("person", 45), ("phone", 21), ("company", 12), ("vehicle", 10), ("website", 6), ("email", 6))
ENTITY_COUNTS = ((1, 20), (2, 30), (3, 25), (4, 15), (5, 10))  # mean 2.65, plus the address: about 3
SECTORS = ("agriculture", "construction", "hospitality", "meat_processing", "cleaning", "transport",
           "temporary_agency", "inland_shipping", "prostitution", "domestic_work", "beauty", "car_wash", "retail",
           "other", "")
LOCATION_TYPES = ("home", "hotel", "holiday_park", "business_park", "restaurant", "nail_salon", "massage_salon",
                  "car_wash", "station", "farm", "ship", "sex_establishment", "public_space", "online", "other",
                  "unknown", "")
FORMS = ("sexual", "labour", "criminal", "unknown", "organ_removal")
FORM_WEIGHTS = (35, 40, 15, 9, 1)
CLOSE_REASONS = (("not_trafficking", 35), ("insufficient_information", 35), ("duplicate", 8),
                 ("referred_elsewhere", 22))
DEPARTMENTS = ("front_office", "social_domain", "enforcement", "school_attendance", "work_income", "permits", "other")
BULK_TABLES = ("signal", "entity", "token", "event", "indicators")


# --- the version key ---------------------------------------------------------------------

def dataset_key(scale: float, *, index_key: str, encryption_key_id: str) -> str:
    """Changes whenever the generator, the schema or the keys change: then the data is rebuilt."""
    digest = hashlib.sha256()
    digest.update(f"{GENERATOR_VERSION}|{scale!r}|{index_key}|{encryption_key_id}".encode())
    here = Path(__file__).resolve().parent
    root = here.parent
    files = [here / "dataset.py", here / "synthetic.py", here / "reference.py", here / "screening.py",
             here / "screening_load.py"]
    # The schema of the tables the generator fills, and how values are normalised and sealed.
    for app in ("organisations", "accounts", "privacy", "signalling", "screening", "actions"):
        files += sorted((root / "src" / "schakel" / app / "migrations").glob("0*.py"))
    files += [root / "src" / "schakel" / "signalling" / "normalise.py",
              root / "src" / "schakel" / "privacy" / "crypto.py",
              root / "src" / "schakel" / "privacy" / "fields.py"]
    for path in files:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- the plan: who exists, and when signals arrive -----------------------------------------

@dataclass
class Place:
    municipality_id: int
    region_id: int
    name: str
    inhabitants: int
    organisation_id: int | None
    focal_officer_ids: list[int]
    reporter_ids: list[int]
    postcode_base: int


@dataclass
class Plan:
    places: list[Place]
    weights: list[float]
    indicator_ids: dict[str, list[int]]  # form -> ids
    receipt_hashes: list[str]
    total: int
    today: datetime.date
    first_reaction_days: dict[int, int]
    triage_days: dict[int, int]


def signal_weights(inhabitants: list[int]) -> list[float]:
    """Large cities report more per inhabitant (more sex work, hospitality, agencies): inhabitants^1.15."""
    return [max(1, n) ** 1.15 for n in inhabitants]


def arrival_times(total: int, today: datetime.date, rng: random.Random) -> list[float]:
    """`total` sorted arrival moments (epoch seconds) over YEARS years up to yesterday, growing 8% a year."""
    end = datetime.datetime.combine(today, datetime.time(0, 0), AMSTERDAM).timestamp()
    start = end - YEARS * 365.25 * 86400
    growth = math.log(1.08) / (365.25 * 86400)
    span = end - start
    times = []
    scale_max = math.exp(growth * span) - 1
    for _ in range(total):
        # Inverse transform sampling of an exponentially growing rate.
        u = rng.random()
        moment = start + math.log1p(u * scale_max) / growth
        # Office hours on weekdays for most signals: move weekend/night moments with p=0.7.
        local = datetime.datetime.fromtimestamp(moment, AMSTERDAM)
        if (local.weekday() >= 5 or not 8 <= local.hour < 18) and rng.random() < 0.7:
            day = local.date()
            while day.weekday() >= 5:
                day -= datetime.timedelta(days=1)
            local = datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randrange(60),
                                                                 rng.randrange(60)), AMSTERDAM)
            moment = min(local.timestamp(), end - 60)
        times.append(moment)
    times.sort()
    return times


# --- one signal's rows ---------------------------------------------------------------------

class Generator:
    """Builds the rows of a range of signals. Runs in a worker process with Django set up.

    Rows come out in their final database form (`vendor`): ciphertexts sealed, datetimes,
    booleans and JSON as the column wants them, in the column order of the model's table
    (`Table.row`), so that loading them is only joining strings. What can be worked out once
    per validated payload (see `bundle`) is: its plaintexts, tokens, JSON and the token rows'
    text; what must differ per stored signal is done per signal: the ciphertexts (fresh nonce
    each), ids, moments and status.
    """

    def __init__(self, plan: Plan, chunk_index: int = 0, *, vendor: str = "postgresql", connection=None,
                 tables: dict[str, "Table"] | None = None):
        from bench.synthetic import Content
        from schakel.privacy.crypto import blind_index
        from schakel.signalling.rules import received_date, working_days_after
        from schakel.signalling.services.intake import clean_payload

        self.plan = plan
        self.content = Content(SEED + 1000 + chunk_index, SEED, plan.total)
        self.rng = self.content.rng
        self.blind_index = blind_index
        self.working_days_after = working_days_after
        self.received_date = received_date
        self.clean_payload = clean_payload
        self.vendor = vendor
        self.tables = tables or bulk_tables(vendor, connection)
        self.convert = Converters(vendor, connection)
        signal = self.tables["signal"]
        self.seal_description = signal.sealer("description")
        self.seal_address = signal.sealer("location_address")
        self.seal_contact = signal.sealer("reporter_contact")
        self.seal_entity = self.tables["entity"].sealer("data")
        self.seal_event_text = self.tables["event"].sealer("text")
        self.token_columns = self.tables["token"].columns
        self._tokens: dict[tuple[str, str], str] = {}
        self._due: dict[tuple[datetime.date, int], str] = {}
        self._received_data: dict[tuple[str, bool], str] = {}
        self._cumulative = list(_accumulate(plan.weights))
        self._bundles: dict = {}
        self._seen: dict = {}
        self.empty_json = self.convert.json({})
        self.empty_event_text = self.seal_event_text("")

    def reseed(self, chunk_index: int) -> None:
        self.rng.seed(SEED + 1000 + chunk_index)
        self._bundles: dict = {}
        self._seen: dict = {}

    def token(self, kind: str, value: str) -> str:
        """`blind_index(kind, value)`, memoised: a keyed HMAC, so the same input gives the same bytes."""
        key = (kind, value)
        found = self._tokens.get(key)
        if found is None:
            found = self.blind_index(kind, value)
            if len(self._tokens) < TOKEN_MEMO:
                self._tokens[key] = found
        return found

    def due(self, day: datetime.date, norm: int) -> str:
        key = (day, norm)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = self.convert.date(self.working_days_after(day, norm))
        return found

    def place(self) -> Place:
        index = bisect.bisect_right(self._cumulative, self.rng.random() * self._cumulative[-1])
        return self.plan.places[min(index, len(self.plan.places) - 1)]

    def status(self, age_days: float) -> str:
        """Open work is recent: older than a few months almost everything is closed."""
        rng = self.rng
        if age_days < 14:
            p_open = 0.9
        elif age_days < 90:
            p_open = 0.25
        elif age_days < 365:
            p_open = 0.02
        else:
            p_open = 0.002
        if rng.random() >= p_open:
            return "closed"
        if age_days < 7:
            return rng.choices(("received", "in_triage"), weights=(60, 40))[0]
        return rng.choices(("received", "in_triage", "on_agenda", "referred"), weights=(10, 45, 25, 20))[0]

    def signal_rows(self, signal_id: int, moment: float, reference: str, rows: dict[str, list],
                    *, overrides: dict | None = None) -> None:
        """Append the rows of one signal to `rows` (per table, tuples in the table's column order).

        `overrides` replaces values of the signal row (final form) before it is ordered, e.g. a
        status for the intake floor.
        """
        rng = self.rng
        plan = self.plan
        convert = self.convert
        place = self.place()
        received_at = datetime.datetime.fromtimestamp(moment, UTC)
        day = self.received_date(received_at)
        age_days = (plan.today - day).days + 0.5
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        status = self.status(age_days)
        focal = rng.choice(place.focal_officer_ids)
        reporter_id = rng.choice(place.reporter_ids) if channel in ("staff",) else None
        if channel in ("phone", "visit"):
            reporter_id = focal  # recorded by the focal officer
        first_reaction_days = plan.first_reaction_days[place.region_id]
        triage_days = plan.triage_days[place.region_id]
        first_reaction_at = closed_at = None
        if status != "received":
            first_reaction_at = received_at + datetime.timedelta(hours=rng.uniform(1, 24 * 6))
        close_reason = ""
        merged_into = None
        if status == "closed":
            close_reason = _weighted(rng, CLOSE_REASONS)
            closed_at = first_reaction_at + datetime.timedelta(days=rng.uniform(0.2, 40))
            if closed_at > datetime.datetime.combine(plan.today, datetime.time(0, 0), AMSTERDAM):
                closed_at = first_reaction_at
            if close_reason == "duplicate" and rows["signal_ids"]:
                merged_into = rng.choice(rows["signal_ids"][-50:])
        public = channel == "public"
        bundle = self.bundle(place, public, day)
        mailbox_id = None
        receipt_hash = ""
        if public:
            mailbox_id = f"{rng.getrandbits(64):016x}"
            receipt_hash = rng.choice(plan.receipt_hashes)
        received_text = convert.datetime(received_at)
        first_reaction_text = convert.datetime(first_reaction_at) if first_reaction_at else None
        closed_text = convert.datetime(closed_at) if closed_at else None
        signal = {
            "id": signal_id,
            "reference": reference,
            "municipality_id": place.municipality_id,
            "region_id": place.region_id,
            "channel": channel,
            "reporter_id": reporter_id,
            "reporter_department": bundle.reporter_department,
            "reporter_organisation_id": place.organisation_id if channel == "staff" else None,
            "reporter_contact": self.seal_contact(bundle.contact),
            "reporter_language": bundle.language,
            "observed_on": bundle.observed_on,
            "location_address": self.seal_address(bundle.address),
            "location_type": bundle.location_type,
            "forms": bundle.forms,
            "sector": bundle.sector,
            "description": self.seal_description(bundle.description),
            "minors_involved": bundle.minors_involved,
            "acute_danger": bundle.acute_danger,
            "status": status,
            "close_reason": close_reason,
            "assigned_to_id": focal if status != "received" else None,
            "received_at": received_text,
            "first_reaction_due": self.due(day, first_reaction_days),
            "triage_due": self.due(day, triage_days),
            "first_reaction_at": first_reaction_text,
            "closed_at": closed_text,
            "waiting_for_reporter": convert.boolean(status in ("in_triage",) and rng.random() < 0.1),
            "merged_into_id": merged_into,
            "version": 1 if status == "received" else rng.randint(2, 5),
            "idempotency_key": None,
            "idempotency_fingerprint": "",
            "mailbox_id": mailbox_id,
            "receipt_hash": receipt_hash,
            "updated_at": closed_text or first_reaction_text or received_text,
        }
        if overrides:
            signal.update(overrides)
        rows["signal"].append(self.tables["signal"].row(signal))
        rows["signal_ids"].append(signal_id)
        actor = reporter_id
        entity_row = self.tables["entity"].row
        seal_entity = self.seal_entity
        for kind, role, plaintext in bundle.entities:
            rows["entity"].append(entity_row({"signal_id": signal_id, "kind": kind, "person_role": role,
                                              "data": seal_entity(plaintext), "created_at": received_text,
                                              "created_by_id": actor}))
        rows["token"].append((signal_id, bundle.tokens))
        if bundle.indicators.values:
            rows["indicators"].append((signal_id, bundle.indicators))

        # History: received (as intake writes it), first reaction, outcome.
        event_row = self.tables["event"].row
        key = (channel, bundle.acute_danger_value)
        data = self._received_data.get(key)
        if data is None:
            data = self._received_data[key] = convert.json(
                {"channel": channel, "acute_danger": bundle.acute_danger_value, "files": 0})
        text = self.empty_event_text
        rows["event"].append(event_row({"signal_id": signal_id, "at": received_text, "actor_id": actor,
                                        "kind": "received", "from_status": "", "to_status": "received",
                                        "reason": "", "text": text, "data": data}))
        if status != "received":
            rows["event"].append(event_row({"signal_id": signal_id, "at": first_reaction_text, "actor_id": focal,
                                            "kind": "transition", "from_status": "received",
                                            "to_status": "in_triage", "reason": "", "text": text,
                                            "data": self.empty_json}))
        if status in ("closed", "on_agenda", "referred"):
            rows["event"].append(event_row({"signal_id": signal_id, "at": closed_text or first_reaction_text,
                                            "actor_id": focal, "kind": "transition", "from_status": "in_triage",
                                            "to_status": status, "reason": close_reason, "text": text,
                                            "data": self.empty_json}))

    def bundle(self, place: Place, public: bool, day: datetime.date) -> "Bundle":
        """What was reported: a form payload through the product's validation, with its tokens.

        A validated payload serves up to REUSE signals of the same municipality in this chunk
        (a few weeks; the same situation reported again, or by another office); every stored
        copy is sealed on its own (fresh nonce). This divides the cost of the product's
        validation (phone number parsing, diacritics, postcodes) by about REUSE.
        """
        key = (place.municipality_id, public)
        seen = self._seen[key] = self._seen.get(key, 0) + 1
        pool = self._bundles.setdefault(key, [])
        if len(pool) >= -(-seen // REUSE):
            return self.rng.choice(pool)
        rng = self.rng
        forms = sorted(set(rng.choices(FORMS, weights=FORM_WEIGHTS, k=rng.choice((1, 1, 1, 2)))))
        payload = self.payload(place, forms, public, day)
        # The product's own validation and normalisation: entities and tokens exactly as intake makes them.
        clean = self.clean_payload(payload, today=day)
        tokens = [(kind, self.token(kind, value)) for kind, value in sorted(clean.tokens)]
        candidates = []
        for form in forms:
            candidates += self.plan.indicator_ids.get(form, [])
        candidates += self.plan.indicator_ids.get("general", [])
        indicator_ids = sorted(set(rng.sample(candidates, min(len(candidates), rng.randint(0, 4))))) \
            if candidates else []
        pool.append(Bundle(self, clean, tokens, indicator_ids, place))
        return pool[-1]

    def payload(self, place: Place, forms: list[str], public: bool, day: datetime.date) -> dict:
        """What a reporter would have typed into the form (the shape `clean_payload` reads)."""
        rng = self.rng
        content = self.content
        payload: dict = {
            "description": content.description(),
            "forms": forms,
            "sector": rng.choice(SECTORS),
            "location_type": rng.choice(LOCATION_TYPES),
            "minors_involved": rng.choices(("unknown", "no", "yes"), weights=(60, 32, 8))[0],
            "acute_danger": rng.random() < 0.02,
            "reporter_department": "" if public else rng.choice(DEPARTMENTS),
            "language": rng.choice(("nl", "nl", "nl", "en", "pl", "ro", "bg", "uk")) if public else "nl",
        }
        if rng.random() < 0.7:
            payload["observed_on"] = (day - datetime.timedelta(days=rng.randint(0, 30))).isoformat()
        if rng.random() < 0.6:
            payload["address"] = content.address(place.postcode_base, place.name)
        if public and rng.random() < 0.3:
            payload["reporter_contact"] = content.reporter_contact()
        for _ in range(_weighted(rng, ENTITY_COUNTS)):
            kind = _weighted(rng, ENTITY_WEIGHTS)
            if kind == "person":
                person = content.person()
                person["role"] = rng.choices(("presumed_victim", "presumed_perpetrator", "other"),
                                             weights=(55, 35, 10))[0]
                payload.setdefault("persons", []).append(person)
            else:
                key = {"company": "companies", "vehicle": "vehicles", "phone": "phones", "email": "emails",
                       "website": "websites"}[kind]
                payload.setdefault(key, []).append(getattr(content, kind)())
        return payload


class Bundle:
    """One validated payload, in the form its stored copies share: plaintexts (sealed per copy),
    converted choice values and JSON, and the rows of its search tokens and indicators."""

    __slots__ = ("reporter_department", "contact", "language", "observed_on", "address", "location_type", "forms",
                 "sector", "description", "minors_involved", "acute_danger", "acute_danger_value", "entities",
                 "tokens", "indicators", "clean")

    def __init__(self, generator: Generator, clean, tokens: list[tuple[str, str]], indicator_ids: list[int],
                 place: Place):
        convert = generator.convert
        signal = generator.tables["signal"]
        self.clean = clean
        self.reporter_department = clean.reporter_department
        self.contact = signal.plaintext("reporter_contact", clean.reporter_contact)
        self.language = clean.language
        self.observed_on = convert.date(clean.observed_on) if clean.observed_on else None
        self.address = signal.plaintext("location_address", clean.address)
        self.location_type = clean.location_type
        self.forms = convert.json(clean.forms)
        self.sector = clean.sector
        self.description = signal.plaintext("description", clean.description)
        self.minors_involved = clean.minors_involved
        self.acute_danger_value = bool(clean.acute_danger)
        self.acute_danger = convert.boolean(clean.acute_danger)
        entity = generator.tables["entity"]
        self.entities = [(kind, role, entity.plaintext("data", data)) for kind, role, data in clean.entities]
        values = {"municipality_id": place.municipality_id}
        self.tokens = RowBlock(generator.tables["token"], [dict(values, kind=kind, token=token)
                                                            for kind, token in tokens])
        self.indicators = RowBlock(generator.tables["indicators"], [{"indicator_id": indicator_id}
                                                                   for indicator_id in indicator_ids])


class RowBlock:
    """The rows one signal has in a child table, without the signal id: shared by the copies of a bundle.

    `values` are the rows as dicts without the signal id; `parts` the COPY text of each row after
    its leading signal id (PostgreSQL, when the signal id is the first column and no value needs
    escaping), so one signal's rows are one `join`.
    """

    __slots__ = ("table", "values", "parts")

    def __init__(self, table: "Table", values: list[dict]):
        self.table = table
        self.values = values
        self.parts = None
        if table.vendor == "postgresql" and table.columns[0] == "signal_id" and values:
            rest = table.attnames[1:]
            try:
                parts = ["\t" + "\t".join([str(value[name]) for name in rest]) for value in values]
            except KeyError:  # a column the generator does not fill: through Table.row (its default)
                parts = None
            if parts is not None:
                text = "".join(parts)
                # Nothing to escape (one tab per column, no backslash or line break) and no NULL
                # (str(None); tokens are lower-case base32, so "None" is never a value here).
                if text.count("\t") == len(rest) * len(parts) and not _NEEDS_ESCAPE.search(text) \
                        and "None" not in text:
                    self.parts = parts

    def expand(self, signal_id: int) -> list[tuple]:
        row = self.table.row
        return [row({**value, "signal_id": signal_id}) for value in self.values]

    def copy_text(self, signal_id: int) -> str:
        if self.parts is None:
            return "".join(_copy_line(row) + "\n" for row in self.expand(signal_id))
        head = str(signal_id)
        return head + ("\n" + head).join(self.parts) + "\n"


_NEEDS_ESCAPE = re.compile(r"[\\\n\r]")


MEMOISED_NORMALISERS = ("strip_diacritics", "normalise_phone", "normalise_postcode", "normalise_postcode_house",
                        "normalise_plate", "normalise_email", "normalise_host", "name_tokens", "text_words",
                        "text_terms")


class memoised_normalisers:
    """Memoise the product's pure normalisers (`schakel.signalling.normalise`) while generating,
    and the key ring the product's `encrypt` reads from the settings on every call.

    Each is a deterministic function of its arguments (phone-number parsing, diacritics folding,
    postcode checks), and the synthetic values recur (national pools, a pool of texts, a few
    hundred distinct words), so the generator computes each distinct input once per process:
    same results, same tokens. Functions returning a set give a fresh copy each call. Undone on
    exit, so nothing else in the process (e.g. a test session) sees the memo.
    """

    def __enter__(self):
        from functools import lru_cache

        from schakel.signalling import normalise

        self.module = normalise
        self.saved = {}
        for name in MEMOISED_NORMALISERS:
            original = getattr(normalise, name, None)
            if original is None or hasattr(original, "cache_info"):
                continue
            cached = lru_cache(maxsize=NORMALISER_MEMO)(original)
            if name in ("name_tokens", "text_words", "text_terms"):
                def wrapper(*args, _cached=cached, **kwargs):  # a set: the caller may change its copy
                    return set(_cached(*args, **kwargs))
                wrapper.cache_info = cached.cache_info
            else:
                wrapper = cached
            self.saved[name] = original
            setattr(normalise, name, wrapper)

        # The encryption keys are read from the settings on every `encrypt`; they do not change here.
        from schakel.privacy import crypto

        self.crypto = crypto
        self.saved_keyring = crypto.keyring
        ring = crypto.keyring()
        crypto.keyring = lambda: ring
        return self

    def __exit__(self, *exc):
        for name, original in self.saved.items():
            setattr(self.module, name, original)
        self.crypto.keyring = self.saved_keyring
        return False


def _accumulate(weights):
    total = 0.0
    for weight in weights:
        total += weight
        yield total


_WEIGHTED: dict[int, tuple] = {}


def _weighted(rng: random.Random, pairs):
    """`rng.choices(values, weights)[0]` (the same single draw), with the cumulative weights kept per table."""
    found = _WEIGHTED.get(id(pairs))
    if found is None or found[0] is not pairs:
        values = [value for value, _ in pairs]
        cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        found = _WEIGHTED[id(pairs)] = (pairs, values, cumulative, cumulative[-1] + 0.0, len(values) - 1)
    _, values, cumulative, total, hi = found
    return values[bisect.bisect(cumulative, rng.random() * total, 0, hi)]


# --- turning rows into COPY text or INSERT parameters --------------------------------------

class Converters:
    """Python values -> what a column of `vendor` takes (COPY text on PostgreSQL, parameters elsewhere)."""

    def __init__(self, vendor: str, connection=None):
        self.vendor = vendor
        self.ops = connection.ops if connection is not None and vendor != "postgresql" else None

    def datetime(self, value: datetime.datetime) -> str:
        if self.ops is not None:
            return self.ops.adapt_datetimefield_value(value)
        return value.isoformat()

    def date(self, value: datetime.date) -> str:
        return value.isoformat()

    def boolean(self, value):
        if self.vendor == "postgresql":
            return "t" if value else "f"
        return bool(value)

    def json(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Table:
    """Column order and value conversion of one model's table, derived from the model itself."""

    def __init__(self, model, *, with_id: bool, vendor: str, connection=None):
        from django.db import models

        from schakel.privacy.fields import EncryptedTextField

        self.model = model
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.vendor = vendor
        converter = Converters(vendor, connection)
        converters = []
        for f in self.fields:
            if isinstance(f, EncryptedTextField):
                converters.append(f.get_prep_value)  # the product's own encryption path
            elif isinstance(f, models.JSONField):
                converters.append(lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True) if v is not None else None)
            elif isinstance(f, models.DateTimeField):
                converters.append(converter.datetime)
            elif isinstance(f, models.DateField):
                converters.append(converter.date)
            elif isinstance(f, models.BooleanField):
                converters.append(converter.boolean)
            else:
                converters.append(None)
        self.converters = converters
        self.spec = [(f.attname, convert) for f, convert in zip(self.fields, converters)]
        self.defaults = {}
        for f, convert in zip(self.fields, converters):
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.blank and f.empty_strings_allowed:
                value = ""
            else:
                continue
            self.defaults[f.attname] = convert(value) if convert is not None and value is not None else value
        self.attnames = [f.attname for f in self.fields]
        self.by_attname = {f.attname: f for f in self.fields}

    # -- rows the generator made (values already in their final form) -----------------------

    def row(self, values: dict) -> tuple:
        """The final values of one row in column order; columns the generator does not know get
        their model default (converted), a column without one is an error."""
        try:
            return tuple([values[name] for name in self.attnames])
        except KeyError:
            pass
        out = []
        for name in self.attnames:
            if name in values:
                out.append(values[name])
            elif name in self.defaults:
                out.append(self.defaults[name])
            else:
                raise RuntimeError(f"the bench generator does not fill {self.name}.{name}; update "
                                   f"bench/dataset.py for the new model field")
        return tuple(out)

    def field(self, attname: str):
        return self.by_attname[attname]

    def plaintext(self, attname: str, value):
        """What the product's encrypted field would seal for `value` (None: the field's empty value)."""
        field = self.field(attname)
        value = field.to_python(value)
        if field.is_empty(value):
            return None if (value is None and field.null) else ""
        return field.to_plaintext(value)

    def sealer(self, attname: str):
        """seal(plaintext) -> the stored ciphertext: the product's `crypto.encrypt` bound to this column, as
        `EncryptedTextField.get_prep_value` calls it (fresh nonce per value); '' and None stay as they are."""
        from schakel.privacy.crypto import encrypt

        associated_data = self.field(attname).associated_data()

        def seal(plaintext):
            if plaintext is None or plaintext == "":
                return plaintext
            return encrypt(plaintext, associated_data=associated_data)

        return seal

    # -- rows from elsewhere (raw Python values, converted here) --------------------------------

    def values(self, row) -> list:
        if isinstance(row, tuple):  # already in column order
            return [convert(v) if convert is not None and v is not None else v
                    for v, convert in zip(row, self.converters)]
        out = []
        append = out.append
        defaults = self.defaults
        for attname, convert in self.spec:
            value = row.get(attname, _MISSING)
            if value is _MISSING:
                if attname not in defaults:
                    raise RuntimeError(f"the bench generator does not fill {self.name}.{attname}; update "
                                       f"bench/dataset.py for the new model field")
                append(defaults[attname])
                continue
            append(convert(value) if convert is not None and value is not None else value)
        return out

    # -- loading ------------------------------------------------------------------------------

    def expand(self, rows: list) -> list[tuple]:
        """Generator rows as full tuples: (signal_id, RowBlock) entries are expanded."""
        if rows and isinstance(rows[0][1], RowBlock):
            out = []
            for signal_id, block in rows:
                out += block.expand(signal_id)
            return out
        return rows

    def copy_text(self, rows: list) -> str:
        """COPY text (PostgreSQL text format) of generator rows."""
        if not rows:
            return ""
        if isinstance(rows[0][1], RowBlock):
            return "".join([block.copy_text(signal_id) for signal_id, block in rows])
        return "\n".join([_copy_line(row) for row in rows]) + "\n"


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    text = value if value.__class__ is str else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_ESCAPES)
    return text


def _copy_line(row: tuple) -> str:
    line = "\t".join(["\\N" if v is None else v if v.__class__ is str else str(v) for v in row])
    # Rarely anything to escape (ciphertexts are base64, JSON has no control characters): check
    # the whole line once, escape field by field only then.
    if line.count("\t") != len(row) - 1 or _NEEDS_ESCAPE.search(line.replace("\\N", "")):
        return "\t".join([_copy_field(v) for v in row])
    return line


_MISSING = object()
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def bulk_tables(vendor: str, connection=None) -> dict[str, Table]:
    from schakel.signalling.models import SearchToken, Signal, SignalEntity, SignalEvent

    tables = {
        "signal": Table(Signal, with_id=True, vendor=vendor, connection=connection),
        "entity": Table(SignalEntity, with_id=False, vendor=vendor, connection=connection),
        "token": Table(SearchToken, with_id=False, vendor=vendor, connection=connection),
        "event": Table(SignalEvent, with_id=False, vendor=vendor, connection=connection),
        "indicators": Table(Signal.indicators.through, with_id=False, vendor=vendor, connection=connection),
    }
    return tables


def generate_chunk(plan: Plan, chunk_index: int, first_id: int, moments: list[float],
                   references: list[str], generator: Generator | None = None) -> dict[str, list]:
    generator = generator or Generator(plan)
    generator.reseed(chunk_index)
    rows: dict[str, list] = {name: [] for name in BULK_TABLES}
    rows["signal_ids"] = []
    for offset, (moment, reference) in enumerate(zip(moments, references)):
        generator.signal_rows(first_id + offset, moment, reference, rows)
    rows.pop("signal_ids")
    return rows


# --- worker processes (PostgreSQL) ---------------------------------------------------------

_WORKER: dict = {}


def _worker_start(database_url: str, plan: Plan) -> None:
    _WORKER["plan"] = plan
    _WORKER["tables"] = bulk_tables("postgresql")
    _WORKER["memo"] = memoised_normalisers().__enter__()  # a forked worker: gone when it exits
    _WORKER["generator"] = Generator(plan, tables=_WORKER["tables"])


def _worker_chunk(task) -> tuple[int, dict[str, str]]:
    """Generate one chunk; return its COPY text per table (the parent process loads it)."""
    chunk_index, first_id, moments, references = task
    rows = generate_chunk(_WORKER["plan"], chunk_index, first_id, moments, references, _WORKER["generator"])
    return len(moments), {name: _WORKER["tables"][name].copy_text(rows[name]) for name in BULK_TABLES}


def load_copy_texts(database_url: str, tables: dict[str, Table], texts, progress=None) -> dict[str, int]:
    """COPY every chunk's text into the bulk tables in ONE transaction that first truncates them.

    Truncated in the same transaction, the tables take `COPY ... (FREEZE)`: rows are written
    frozen and all-visible (no later hint-bit writes, no freezing vacuum), and with
    wal_level=minimal (the build settings of the harness's cluster) PostgreSQL writes no WAL
    for them but syncs the files at commit. Chunks arrive in signal-id order, so the heap is in
    order of arrival, as a real installation's is.
    """
    import psycopg

    counts = {name: 0 for name in BULK_TABLES}
    statements = {name: f'COPY "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in table.columns)}) '
                        f"FROM STDIN (FREEZE)" for name, table in tables.items()}
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        with conn.transaction():  # BEGIN ... COMMIT
            conn.execute("TRUNCATE " + ", ".join(f'"{table.name}"' for table in tables.values()))
            cursor = conn.cursor()
            for done, chunk in texts:
                for name in BULK_TABLES:
                    text = chunk[name]
                    if not text:
                        continue
                    counts[name] += text.count("\n")
                    with cursor.copy(statements[name]) as copy:
                        copy.write(text)
                if progress is not None:
                    progress.advance(done, f"tokens {counts['token']:,}")
    return counts


# --- the whole load ------------------------------------------------------------------------

class Progress:
    """One line that rewrites itself on a terminal and prints every 10% otherwise."""

    def __init__(self, label: str, total: int):
        self.label = label
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.next_report = 0.1

    def advance(self, amount: int, extra: str = "") -> None:
        self.done += amount
        fraction = self.done / self.total if self.total else 1
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed else 0
        eta = (self.total - self.done) / rate if rate else 0
        width = 30
        bar = "#" * int(width * fraction) + "-" * (width - int(width * fraction))
        line = (f"{self.label} [{bar}] {self.done:,}/{self.total:,} {fraction:5.1%} {rate:,.0f}/s "
                f"elapsed {elapsed:,.0f}s eta {eta:,.0f}s {extra}")
        if self.tty:
            sys.stderr.write("\r" + line)
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif fraction >= self.next_report or self.done >= self.total:
            print(line, file=sys.stderr, flush=True)
            while self.next_report <= fraction:
                self.next_report += 0.1


def signals_for_scale(scale: float) -> int:
    return max(200, int(round(FULL_SCALE_SIGNALS * scale)))


def build_signals(plan: Plan, *, jobs: int, database_url: str | None, log=print) -> dict:
    """Generate and load all signals with their rows. Returns counts and timings."""
    from django.db import connection

    rng = random.Random(SEED)
    started = time.perf_counter()
    moments = arrival_times(plan.total, plan.today, rng)
    references = _references(moments)
    log(f"  arrival times and references for {plan.total:,} signals: {time.perf_counter() - started:.1f}s")
    tasks = []
    for index, start in enumerate(range(0, plan.total, CHUNK)):
        tasks.append((index, start + 1, moments[start:start + CHUNK], references[start:start + CHUNK]))
    counts = {name: 0 for name in BULK_TABLES}
    progress = Progress("signals", plan.total)
    vendor = connection.vendor
    timings = {}
    if vendor == "postgresql":
        tables = bulk_tables("postgresql")
        dropped = drop_secondary_structures(tables)
        connection.close()
        load_started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_worker_start, initargs=(database_url, plan)) as pool:
            # Ordered: the parent loads chunk after chunk while the workers generate the next ones.
            counts = load_copy_texts(database_url, tables, pool.imap(_worker_chunk, tasks), progress)
        timings["generate_and_copy_s"] = round(time.perf_counter() - load_started, 1)
        rebuild_started = time.perf_counter()
        rebuild_secondary_structures(database_url, dropped, jobs=jobs, log=log)
        timings["indexes_and_constraints_s"] = round(time.perf_counter() - rebuild_started, 1)
        vacuum_started = time.perf_counter()
        vacuum_analyse(database_url, bulk_tables("postgresql"), jobs=jobs)
        timings["vacuum_analyse_s"] = round(time.perf_counter() - vacuum_started, 1)
        reset_sequences(bulk_tables("postgresql"))
    else:
        tables = bulk_tables(vendor, connection)
        load_started = time.perf_counter()
        with memoised_normalisers():
            generator = Generator(plan, vendor=vendor, connection=connection, tables=tables)
            for task in tasks:
                rows = generate_chunk(plan, *task, generator=generator)
                with connection.cursor() as cursor:
                    for name in BULK_TABLES:
                        table = tables[name]
                        values = table.expand(rows[name])
                        if not values:
                            continue
                        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
                        marks = ", ".join(["%s"] * len(table.columns))
                        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table.name)} ({columns}) "
                                           f"VALUES ({marks})", values)
                        counts[name] += len(values)
                progress.advance(len(task[2]))
        timings["generate_and_insert_s"] = round(time.perf_counter() - load_started, 1)
    _set_reference_counters(references)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    return {"rows": counts, "timings": timings}


def _references(moments: list[float]) -> list[str]:
    """'2024-000123': a number per year of receipt (Amsterdam), in order of arrival."""
    references = []
    year = None
    number = 0
    boundary = -math.inf
    for moment in moments:
        if moment >= boundary:
            local_year = datetime.datetime.fromtimestamp(moment, AMSTERDAM).year
            if local_year != year:
                year, number = local_year, 0
            boundary = datetime.datetime(year + 1, 1, 1, tzinfo=AMSTERDAM).timestamp()
        number += 1
        references.append(f"{year}-{number:06d}")
    return references


def _set_reference_counters(references: list[str]) -> None:
    from schakel.signalling.models import ReferenceCounter

    last: dict[int, int] = {}
    for reference in references:
        year, number = reference.split("-")
        last[int(year)] = max(last.get(int(year), 0), int(number))
    for year, number in last.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": number})


# --- secondary structures of the bulk tables (PostgreSQL) -----------------------------------

def drop_secondary_structures(tables: dict[str, Table]) -> dict[str, list[str]]:
    """Drop foreign keys, unique constraints and secondary indexes; return the SQL that restores them."""
    from django.db import connection

    names = [table.name for table in tables.values()]
    restore = {"indexes": [], "constraints": []}
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
        """, [names])
        constraints = cursor.fetchall()
        # Foreign keys pointing at the bulk tables from elsewhere must go first.
        cursor.execute("""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c WHERE c.confrelid = ANY(%s::regclass[]) AND c.contype = 'f'
              AND NOT c.conrelid = ANY(%s::regclass[])
        """, [names, names])
        constraints += cursor.fetchall()
        for table, name, definition, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore["constraints"].append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """, [names])
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore["indexes"].append(definition)
        for name in names:
            cursor.execute(f'TRUNCATE "{name}" CASCADE')
    return restore


def rebuild_secondary_structures(database_url: str, restore: dict[str, list[str]], *, jobs: int, log=print) -> None:
    import psycopg

    def run(statement: str) -> tuple[str, float]:
        started = time.perf_counter()
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute(statement)
        return statement, time.perf_counter() - started

    # Biggest first, so the two builders finish together.
    indexes = sorted(restore["indexes"], key=lambda s: ("searchtoken" not in s, "signalevent" not in s))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as executor:
        for statement, seconds in executor.map(run, indexes):
            if seconds >= 2:
                log(f"  {seconds:6.1f}s {statement[:110]}")
    # Unique constraints before the foreign keys that may rely on them.
    ordered = sorted(restore["constraints"], key=lambda s: "FOREIGN KEY" in s)
    for statement in ordered:
        _, seconds = run(statement)
        if seconds >= 2:
            log(f"  {seconds:6.1f}s {statement[:110]}")


def vacuum_analyse(database_url: str, tables: dict[str, Table], *, jobs: int) -> None:
    import psycopg

    def run(name: str) -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'VACUUM (ANALYZE) "{name}"')

    names = [table.name for table in tables.values()]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as executor:
        list(executor.map(run, names))


def reset_sequences(tables: dict[str, Table]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    models = [table.model for table in tables.values()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def relation_sizes(names: list[str]) -> dict[str, dict]:
    from django.db import connection

    sizes = {}
    if connection.vendor != "postgresql":
        return sizes
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute("SELECT pg_total_relation_size(%s::regclass), pg_relation_size(%s::regclass), "
                           "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)", [name, name, name])
            total, heap, rows = cursor.fetchone()
            sizes[name] = {"rows_estimate": rows, "total_mb": round(total / 2**20), "heap_mb": round(heap / 2**20)}
    return sizes

