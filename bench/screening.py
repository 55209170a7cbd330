"""The screening table and its actions in the benchmark dataset (issue 13): every region, a year.

The rows are generated here and loaded by bench/screening_load.py.

Per region: a region office with a chain director, the regional police (AVIM) and labour
inspectorate each with a partner member, a `MeetingSeries`, and weekly `Meeting`s from 52 weeks
back to 8 weeks ahead (what the series' planner keeps planned): the past ones held and closed
(attendance recorded), the coming ones planned. A held meeting had 4-12 items (more in regions
with more signals), almost all decided with 1-3 routes; a route with an owner (police, labour
inspectorate, the signal's municipality) has its action (source "screening.route", source id =
the route's id) and the action's history. Older actions are mostly done; recent ones open or
picked up; some are overdue. The next meeting of every region has its agenda (the largest
municipality's region exactly `NEXT_MEETING_ITEMS`), partly signals that come back (monitoring
due, an overdue action); the meetings after it have the odd early item.

Items point at real signals of the region received in the weeks before the meeting (a coming
meeting: open ones where there are). At small scales a region has few signals, so the same
signal may be discussed at several meetings (never twice in one).

Rows are written directly, as the signal rows are: in the column order of each model's table
(`dataset.Table`), every encrypted value sealed by the product's own field
(`EncryptedTextField.get_prep_value`), then COPY on PostgreSQL and executemany elsewhere.
"""

from __future__ import annotations

import bisect
import datetime
import random
from collections import defaultdict

from bench.config import LARGEST_MUNICIPALITY
from bench.dataset import AMSTERDAM, SEED

WEEKS_PAST = 52
WEEKS_AHEAD = 8
NEXT_MEETING_ITEMS = 10
WINDOW_DAYS = 70  # a signal is put forward within ten weeks of its receipt
ROUTE_WEIGHTS = (("criminal", 30), ("labour_inspectorate", 22), ("administrative", 16), ("care", 14),
                 ("monitor", 12), ("none", 6))
ROUTE_DUE_WORKING_DAYS = {"criminal": 10, "labour_inspectorate": 15, "administrative": 15, "care": 10,
                          "monitor": 30, "none": 0}
CLOSE_REASONS = ("not_trafficking", "insufficient_information", "referred_elsewhere")
QUESTIONS = (
    "Is dit adres bij de politie of de Arbeidsinspectie bekend?",
    "Wie pakt het contact met de mogelijk slachtoffers op?",
    "Past een bestuurlijke controle bij dit bedrijf?",
    "Graag een beoordeling of er sprake kan zijn van uitbuiting.",
    "Is er al een lopend onderzoek naar dit bedrijf of dit adres?",
    "Kan de zorgcoördinator opvang regelen als dat nodig is?",
)
SUMMARY_PARTS = (
    "Mogelijk slachtoffer werkt lange dagen in de {sector} en woont bij de werkgever.",
    "Mogelijke dader houdt de paspoorten in en regelt huisvesting en vervoer.",
    "Meerdere arbeidsmigranten op één adres; huur wordt ingehouden op het loon.",
    "Melder ziet 's nachts wisselende bezoekers op het adres.",
    "Mogelijk slachtoffer is minderjarig en krijgt dure cadeaus van een oudere man.",
    "Eerdere signalen over hetzelfde bedrijf in de regio.",
    "Het wijkteam heeft contact; het mogelijk slachtoffer durft niet te praten.",
    "Advertenties online met dezelfde foto's onder verschillende namen.",
)
SECTORS = ("bouw", "horeca", "schoonmaak", "land- en tuinbouw", "vleesverwerking", "transport")
OUTCOMES = ("Onderzoek gestart; de casus loopt.", "Controle uitgevoerd, overtredingen vastgesteld.",
            "Geen aanleiding gevonden voor verder onderzoek.", "Contact gelegd; hulp en opvang geregeld.",
            "Niet uitgevoerd: het adres was verlaten.")


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _action_titles() -> dict[str, str]:
    from schakel.screening import routes

    titles = getattr(routes, "_ACTION_TITLES", {})
    return {kind: str(title) for kind, title in titles.items()}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), AMSTERDAM)


# --- the rows ---------------------------------------------------------------------------

class Rows:
    """Rows per model in raw Python values (dicts), ids given here."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.next_id: dict[str, int] = defaultdict(lambda: 1)

    def add(self, name: str, values: dict, *, with_id: bool = True) -> dict:
        if with_id:
            values["id"] = self.next_id[name]
            self.next_id[name] += 1
        self.rows[name].append(values)
        return values


def _signals_by_region(today: datetime.date) -> dict[int, list[tuple]]:
    """(received date, id, municipality id, open?) per region, by receipt: the last 14 months, and
    for regions with few of those their latest 400 of any age (small scales)."""
    from schakel.signalling.models import Signal

    since = _at(today - datetime.timedelta(days=WEEKS_PAST * 7 + WINDOW_DAYS), 0)
    per_region: dict[int, list[tuple]] = defaultdict(list)
    for signal_id, region_id, municipality_id, received_at, status in (
            Signal.objects.filter(received_at__gte=since).order_by("received_at", "id")
            .values_list("id", "region_id", "municipality_id", "received_at", "status").iterator(chunk_size=20000)):
        per_region[region_id].append((received_at.astimezone(AMSTERDAM).date(), signal_id, municipality_id,
                                      status != "closed"))
    from schakel.organisations.models import Region

    for region_id in Region.objects.values_list("pk", flat=True):
        if len(per_region[region_id]) >= 200:
            continue
        older = (Signal.objects.filter(region_id=region_id, received_at__lt=since).order_by("-received_at", "-id")
                 .values_list("id", "municipality_id", "received_at", "status")[:400])
        extra = [(received_at.astimezone(AMSTERDAM).date(), signal_id, municipality_id, status != "closed")
                 for signal_id, municipality_id, received_at, status in older]
        per_region[region_id] = sorted(extra) + per_region[region_id]
    return per_region


class Builder:
    def __init__(self, today: datetime.date, partners: dict[int, dict], municipal_orgs: dict[int, int],
                 bench_region: int | None):
        from schakel.signalling.rules import working_days_after

        self.today = today
        self.now = _at(today, 9)
        self.partners = partners
        self.municipal_orgs = municipal_orgs
        self.bench_region = bench_region
        self.rng = random.Random(SEED + 13)
        self.rows = Rows()
        self.working_days_after = working_days_after
        self.titles = _action_titles()
        self._due: dict = {}

    def due(self, day: datetime.date, days: int) -> datetime.date:
        key = (day, days)
        if key not in self._due:
            self._due[key] = self.working_days_after(day, days)
        return self._due[key]

    def text(self) -> str:
        parts = self.rng.sample(SUMMARY_PARTS, self.rng.randint(1, 3))
        return " ".join(parts).format(sector=self.rng.choice(SECTORS))

    # -- one region --------------------------------------------------------------------

    def region(self, index: int, region_id: int, signals: list[tuple], weight: float) -> None:
        rng = self.rng
        partner = self.partners[region_id]
        weekday = index % 5
        series = self.rows.add("series", {
            "region_id": region_id, "weekday": weekday, "start_time": "10:00:00", "duration_minutes": 90,
            "interval_weeks": 1, "place": "Regiokantoor, zaal 2", "video_link": "", "agenda_notice_working_days": 2,
            "version": 1, "updated_at": self.now - datetime.timedelta(days=400)})
        for organisation in (partner["police"], partner["inspectorate"]):
            self.rows.add("series_participants", {"meetingseries_id": series["id"], "organisation_id": organisation},
                          with_id=False)
        # Items per held meeting by the region's share of the signals: 4-8 small, up to 8-12 large.
        low = 4 + round(4 * weight)
        high = 8 + round(4 * weight)
        first_day = self.today - datetime.timedelta(days=(self.today.weekday() - weekday) % 7)
        days = [first_day + datetime.timedelta(weeks=w) for w in range(-WEEKS_PAST, WEEKS_AHEAD + 1)]
        days = [d for d in days if d >= self.today - datetime.timedelta(weeks=WEEKS_PAST)]
        coming_days = [d for d in days if d >= self.today]
        dates = [s[0] for s in signals]
        returning: list[tuple] = []  # (signal tuple, origin, available from)
        carried: list[tuple] = []    # (moved item, signal tuple)
        for day in days:
            held = day < self.today
            starts = _at(day, 10)
            meeting = self.rows.add("meeting", {
                "region_id": region_id, "kind": "regular", "starts_at": starts, "duration_minutes": 90,
                "place": "Regiokantoor, zaal 2", "video_link": "", "reason": "",
                "status": "closed" if held else "planned",
                "agenda_sent_at": starts - datetime.timedelta(days=2) if held else None,
                "closed_at": starts + datetime.timedelta(hours=2) if held else None,
                "closed_by_id": partner["chair"] if held else None,
                "created_at": starts - datetime.timedelta(weeks=WEEKS_AHEAD), "version": 3 if held else 1})
            for organisation in (partner["police"], partner["inspectorate"]):
                self.rows.add("meeting_participants", {"meeting_id": meeting["id"], "organisation_id": organisation},
                              with_id=False)
            if held:
                for key, organisation in (("chair", "office"), ("police_user", "police"),
                                          ("inspector", "inspectorate")):
                    self.rows.add("attendance", {"meeting_id": meeting["id"], "user_id": partner[key],
                                                 "organisation_id": partner[organisation],
                                                 "recorded_at": starts + datetime.timedelta(minutes=5)})
            if held:
                count = rng.randint(low, high)
            elif day == coming_days[0]:
                count = NEXT_MEETING_ITEMS if region_id == self.bench_region else rng.randint(low, high)
            else:
                count = rng.choice((0, 0, 1, 2))
            chosen: list[tuple] = []
            origins: list[str] = []
            # Items moved at the previous meeting come first.
            moved_items = [moved for moved, _ in carried]
            for _moved, signal in carried:
                chosen.append(signal)
                origins.append("carried_over")
            carried = []
            if not held and day == coming_days[0]:
                # Signals that come back: monitoring due, or an action past its due date.
                back = [(s, o) for s, o, when in returning if when <= day]
                rng.shuffle(back)
                for signal, origin in back[:max(0, round(count * 0.3))]:
                    if signal[1] not in {c[1] for c in chosen}:
                        chosen.append(signal)
                        origins.append(origin)
            self._pick(signals, dates, day, count, chosen, origins, prefer_open=not held)
            for position, (signal, origin) in enumerate(zip(chosen, origins), start=1):
                item = self.item(meeting, signal, origin, position, held, region_id)
                if origin == "carried_over" and moved_items:
                    moved_items.pop(0)["moved_to_id"] = item["id"]
                if held:
                    outcome = self.decide(item, meeting, signal, partner, day)
                    if outcome == "moved":
                        carried.append((item, signal))
                    elif outcome:
                        returning.append((signal, outcome[0], outcome[1]))

    def _pick(self, signals, dates, day, count, chosen, origins, *, prefer_open: bool) -> None:
        rng = self.rng
        hi = bisect.bisect_left(dates, day)
        lo = bisect.bisect_left(dates, day - datetime.timedelta(days=WINDOW_DAYS))
        pool = signals[lo:hi] if hi - lo >= count else signals[max(0, hi - max(count * 4, 40)):hi]
        if prefer_open:
            open_pool = [s for s in pool if s[3]]
            if len(open_pool) >= count - len(chosen):
                pool = open_pool
        taken = {c[1] for c in chosen}
        candidates = [s for s in pool if s[1] not in taken]
        for signal in rng.sample(candidates, min(len(candidates), max(0, count - len(chosen)))):
            chosen.append(signal)
            origins.append("put_forward")

    def item(self, meeting: dict, signal: tuple, origin: str, position: int, held: bool, region_id: int) -> dict:
        rng = self.rng
        starts = meeting["starts_at"]
        return self.rows.add("item", {
            "meeting_id": meeting["id"], "signal_id": signal[1], "municipality_id": signal[2], "region_id": region_id,
            "origin": origin, "position": position, "status": "pending",
            "question": rng.choice(QUESTIONS) if rng.random() < 0.7 else "",
            "summary": self.text() if rng.random() < 0.95 else "", "table_summary": "", "close_reason": "",
            "proposed_by_id": None, "created_at": starts - datetime.timedelta(days=rng.randint(3, 12)),
            "decided_at": None, "decided_by_id": None, "moved_to_id": None, "version": 1})

    def decide(self, item: dict, meeting: dict, signal: tuple, partner: dict, day: datetime.date):
        """A held meeting's decision on an item: routes and their actions. Returns "moved", a
        (origin, from) for a signal that comes back, or None."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.04:
            item["status"] = "withdrawn"
            return None
        if draw < 0.09:
            item["status"] = "moved"
            return "moved"
        decided_at = meeting["starts_at"] + datetime.timedelta(minutes=rng.randint(5, 85))
        item.update(status="decided", decided_at=decided_at, decided_by_id=partner["chair"], version=2,
                    table_summary=self.text() if rng.random() < 0.6 else "")
        count = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
        kinds: list[str] = []
        while len(kinds) < count:
            kind = _weighted(rng, ROUTE_WEIGHTS)
            if kind not in kinds:
                kinds.append(kind)
        if "none" in kinds:
            kinds = ["none"]
            item["close_reason"] = rng.choice(CLOSE_REASONS)
        comes_back = None
        for kind in kinds:
            owner = {"criminal": partner["police"], "labour_inspectorate": partner["inspectorate"],
                     "administrative": self.municipal_orgs.get(signal[2]),
                     "care": self.municipal_orgs.get(signal[2])}.get(kind)
            due_on = self.due(day, ROUTE_DUE_WORKING_DAYS[kind])
            route = self.rows.add("route", {
                "item_id": item["id"], "signal_id": signal[1], "municipality_id": signal[2],
                "region_id": item["region_id"], "kind": kind, "owner_organisation_id": owner,
                "note": self.text() if owner and rng.random() < 0.5 else "", "due_on": due_on, "status": "open",
                "created_at": decided_at, "done_at": None})
            if kind == "monitor":
                if due_on < self.today:
                    route.update(status="done", done_at=_at(due_on, 8))
                else:
                    comes_back = ("monitor", due_on)
            elif kind == "none":
                route.update(status="done", done_at=decided_at)
            elif owner is not None:
                action = self.action(route, partner, decided_at)
                if action["finished_at"] is not None:
                    route.update(status="done", done_at=action["finished_at"])
                elif due_on < self.today:
                    comes_back = ("overdue_action", due_on)
        return comes_back

    def action(self, route: dict, partner: dict, created_at: datetime.datetime) -> dict:
        rng = self.rng
        due_on = route["due_on"]
        age = (self.today - due_on).days
        if age > 20:  # partners report back late: about one in six older actions is still open
            weights = (5, 12, 73, 10)
        elif age > 0:
            weights = (15, 35, 45, 5)
        else:
            weights = (45, 40, 13, 2)
        status = rng.choices(("open", "in_progress", "done", "not_done"), weights=weights)[0]
        owner_user = {partner["police"]: partner["police_user"],
                      partner["inspectorate"]: partner["inspector"]}.get(route["owner_organisation_id"])
        latest = min(self.now, _at(due_on, 16) + datetime.timedelta(days=max(0, age // 4)))
        accepted_at = finished_at = None
        if status != "open":
            accepted_at = min(latest, created_at + datetime.timedelta(hours=rng.uniform(2, 72)))
        if status in ("done", "not_done"):
            finished_at = min(self.now, max(accepted_at, latest - datetime.timedelta(hours=rng.uniform(0, 96))))
        action = self.rows.add("action", {
            "signal_id": route["signal_id"], "municipality_id": route["municipality_id"],
            "region_id": route["region_id"], "owner_organisation_id": route["owner_organisation_id"],
            "responsible_id": owner_user if status != "open" and rng.random() < 0.7 else None,
            "title": self.titles.get(route["kind"], "Besluit van het screeningsoverleg uitvoeren"),
            "instructions": route["note"], "source": "screening.route", "source_id": route["id"],
            "route_kind": route["kind"], "due_on": due_on, "status": status,
            "outcome": rng.choice(OUTCOMES) if finished_at else "", "created_at": created_at,
            "created_by_id": partner["chair"], "accepted_at": accepted_at,
            "accepted_by_id": owner_user if accepted_at else None, "finished_at": finished_at,
            "finished_by_id": owner_user if finished_at else None,
            "overdue_notified_on": due_on + datetime.timedelta(days=1) if not finished_at and age > 0 else None,
            "version": 1 + (accepted_at is not None) + (finished_at is not None)})
        self.rows.add("action_event", {"action_id": action["id"], "at": created_at, "actor_id": partner["chair"],
                                       "kind": "created", "organisation_name": "", "text": ""})
        if accepted_at:
            self.rows.add("action_event", {"action_id": action["id"], "at": accepted_at, "actor_id": owner_user,
                                           "kind": "accepted", "organisation_name": "", "text": ""})
        if finished_at:
            self.rows.add("action_event", {"action_id": action["id"], "at": finished_at, "actor_id": owner_user,
                                           "kind": status, "organisation_name": "", "text": action["outcome"]})
        return action


def build(today: datetime.date, log=print) -> dict:
    """Generate and load the screening tables; returns row counts per table."""
    from schakel.organisations.models import Municipality, Organisation, OrganisationKind, Region, RegionMember
    from schakel.screening.models import Meeting

    if Meeting.objects.exists():
        raise RuntimeError("the bench dataset already has screening meetings; build it again (BENCH_REBUILD=1)")
    from bench.screening_load import create_partners, load, tables

    partners = create_partners(log)
    municipal_orgs = dict(Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
                          .order_by("pk").values_list("municipality_id", "pk"))
    largest = Municipality.objects.filter(cbs_code=LARGEST_MUNICIPALITY).first()
    bench_region = (RegionMember.objects.filter(municipality=largest).values_list("region_id", flat=True).first()
                    if largest else None)
    signals = _signals_by_region(today)
    most = max((len(s) for s in signals.values()), default=1) or 1
    builder = Builder(today, partners, municipal_orgs, bench_region)
    for name, table in tables("postgresql").items():
        if "id" in table.attnames:  # ids follow whatever the tables hold already
            builder.rows.next_id[name] = (table.model.objects.order_by("-pk").values_list("pk", flat=True)
                                          .first() or 0) + 1
    for index, region_id in enumerate(Region.objects.order_by("pk").values_list("pk", flat=True)):
        region_signals = signals.get(region_id, [])
        builder.region(index, region_id, region_signals, len(region_signals) / most)
    counts = load(builder.rows)
    log("  screening: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return {f"screening_{name}": count for name, count in counts.items()}
