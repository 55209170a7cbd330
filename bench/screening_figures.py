"""The figures of issue 13: the chain director's agenda page and a partner's 'Mijn acties'.

Each next to its floors measured in the same run (bench/figures.py): the framework floor is the
same queries in a bare Django view (bench/floor_urls.py `agenda`, `my_actions`), the database floor
the same SQL through psycopg. Goal: p50 within 2x the framework floor.
"""

from __future__ import annotations

from bench.figures import Context, Figure, _p50
from bench.measure import Client, http_stats, repeat

GOAL = "p50 <= 2x framework floor"


def _verdict(figure: Figure, errors: int) -> str:
    p50, floor = _p50(figure.product), _p50(figure.framework)
    return "PASS" if p50 is not None and floor and p50 <= 2 * floor and not errors else "MISS"


def _missing(figure: Figure) -> Figure:
    figure.verdict = "ERROR"
    figure.notes.append("the dataset has no screening table (build it again: BENCH_REBUILD=1)")
    return figure


# --- the agenda ------------------------------------------------------------------------------

AGENDA_SQL = {
    "meeting": "SELECT m.id, m.kind, m.starts_at, m.duration_minutes, m.place, m.video_link, m.status, m.reason, "
               "m.version, r.name FROM screening_meeting m JOIN organisations_region r ON r.id = m.region_id "
               "WHERE m.id = %s",
    "items": "SELECT i.id, i.signal_id, i.origin, i.position, i.status, i.question, i.summary, i.table_summary, "
             "i.decided_at, i.version, s.reference, mu.name, u.first_name, u.last_name "
             "FROM screening_agendaitem i JOIN signalling_signal s ON s.id = i.signal_id "
             "JOIN organisations_municipality mu ON mu.id = i.municipality_id "
             "LEFT JOIN accounts_user u ON u.id = i.decided_by_id "
             "WHERE i.meeting_id = %s AND i.status IN ('pending', 'decided', 'moved') ORDER BY i.position, i.id",
    "persons": "SELECT signal_id, kind, person_role FROM signalling_signalentity WHERE signal_id = ANY(%s)",
    "earlier": "SELECT i.id, i.signal_id, m.starts_at FROM screening_agendaitem i "
               "JOIN screening_meeting m ON m.id = i.meeting_id WHERE i.signal_id = ANY(%s) AND i.status = 'decided' "
               "AND i.meeting_id <> %s ORDER BY i.decided_at DESC",
    "earlier_routes": "SELECT item_id, kind FROM screening_route WHERE item_id = ANY(%s)",
    "actions": "SELECT a.signal_id, a.title, a.due_on, a.status, o.name FROM actions_action a "
               "JOIN organisations_organisation o ON o.id = a.owner_organisation_id "
               "WHERE a.signal_id = ANY(%s) AND a.status IN ('open', 'in_progress') ORDER BY a.due_on",
    "routes": "SELECT r.item_id, r.kind, r.due_on, r.status, o.name FROM screening_route r "
              "LEFT JOIN organisations_organisation o ON o.id = r.owner_organisation_id "
              "WHERE r.item_id = ANY(%s) ORDER BY r.id",
    "related": "SELECT reference, merged_into_id FROM signalling_signal WHERE merged_into_id = ANY(%s)",
    "attendance": "SELECT u.first_name, u.last_name, o.name FROM screening_attendance a "
                  "JOIN accounts_user u ON u.id = a.user_id "
                  "JOIN organisations_organisation o ON o.id = a.organisation_id "
                  "WHERE a.meeting_id = %s",
    "participants": "SELECT o.name FROM organisations_organisation o JOIN screening_meeting_participants p "
                    "ON p.organisation_id = o.id WHERE p.meeting_id = %s ORDER BY o.name",
}


def _agenda_database_floor(ctx: Context, meeting_id: int):
    with ctx.psycopg() as conn:
        def run():
            cursor = conn.cursor()
            cursor.execute(AGENDA_SQL["meeting"], [meeting_id], prepare=True).fetchone()
            items = cursor.execute(AGENDA_SQL["items"], [meeting_id], prepare=True).fetchall()
            item_ids = [row[0] for row in items]
            signal_ids = [row[1] for row in items]
            cursor.execute(AGENDA_SQL["persons"], [signal_ids], prepare=True).fetchall()
            earlier = cursor.execute(AGENDA_SQL["earlier"], [signal_ids, meeting_id], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["earlier_routes"], [[row[0] for row in earlier]], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["actions"], [signal_ids], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["routes"], [item_ids], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["related"], [signal_ids], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["attendance"], [meeting_id], prepare=True).fetchall()
            cursor.execute(AGENDA_SQL["participants"], [meeting_id], prepare=True).fetchall()
            return bool(items)
        return repeat(run, runs=ctx.config.repeat, warmup=ctx.config.warmup)


def _agenda_facts(ctx: Context, meeting_id: int) -> str:
    with ctx.psycopg() as conn:
        items, earlier, actions = conn.execute(
            "SELECT count(*), (SELECT count(*) FROM screening_agendaitem e WHERE e.status = 'decided' AND "
            "e.meeting_id <> %s AND e.signal_id IN "
            "(SELECT signal_id FROM screening_agendaitem WHERE meeting_id = %s)), "
            "(SELECT count(*) FROM actions_action a WHERE a.status IN ('open', 'in_progress') AND a.signal_id IN "
            "(SELECT signal_id FROM screening_agendaitem WHERE meeting_id = %s)) "
            "FROM screening_agendaitem WHERE meeting_id = %s", [meeting_id] * 4).fetchone()
        national = conn.execute("SELECT (SELECT count(*) FROM screening_meeting), "
                                "(SELECT count(*) FROM screening_agendaitem), (SELECT count(*) FROM screening_route), "
                                "(SELECT count(*) FROM actions_action)").fetchone()
    return (f"meeting {meeting_id}: {items} items, {earlier} earlier decisions on their signals, {actions} open "
            f"actions; nationally {national[0]:,} meetings, {national[1]:,} items, {national[2]:,} routes, "
            f"{national[3]:,} actions")


def figure_agenda(ctx: Context) -> Figure:
    figure = Figure("screening_agenda", "Screening: the chain director's agenda page of the next meeting "
                    "(GET /overleg/<pk>/, Amsterdam's region, ~10 items)", target=GOAL)
    meeting_id = ctx.people.meeting_id
    if not meeting_id:
        return _missing(figure)
    chair = Client(ctx.port, cookies=ctx.people.chain_director_cookies)
    product = http_stats(lambda: chair.get(f"/overleg/{meeting_id}/"), runs=ctx.config.repeat,
                         warmup=ctx.config.warmup)
    anonymous = ctx.anonymous()
    framework = http_stats(lambda: anonymous.get(f"/_bench/floor/agenda?meeting={meeting_id}"),
                           runs=ctx.config.repeat, warmup=ctx.config.warmup)
    database = _agenda_database_floor(ctx, meeting_id)
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    figure.verdict = _verdict(figure, product.errors)
    figure.notes.append(_agenda_facts(ctx, meeting_id))
    figure.notes.append("framework floor: the same queries in a bare view (texts read as stored, not decrypted; no "
                        "scope, permissions, access log or page frame); database floor: the same 10 SELECTs")
    return figure


# --- 'Mijn acties' -------------------------------------------------------------------------

ACTIONS_COUNT_SQL = ("SELECT count(*) FROM actions_action WHERE owner_organisation_id = %s "
                     "AND status IN ('open', 'in_progress')")
ACTIONS_PAGE_SQL = ("SELECT a.id, a.title, a.status, a.due_on, a.created_at, a.accepted_at, a.route_kind, a.source, "
                    "o.id, o.name, s.id, s.reference FROM actions_action a "
                    "JOIN organisations_organisation o ON o.id = a.owner_organisation_id "
                    "JOIN signalling_signal s ON s.id = a.signal_id "
                    "WHERE a.owner_organisation_id = %s AND a.status IN ('open', 'in_progress') "
                    "ORDER BY a.due_on, a.id LIMIT 25")


def figure_my_actions(ctx: Context) -> Figure:
    figure = Figure("my_actions", "Actions: 'Mijn acties' of the police of Amsterdam's region, unfinished, by due "
                    "date, first page of 25 (GET /acties/)", target=GOAL)
    organisation = ctx.people.police_organisation_id
    if not organisation:
        return _missing(figure)
    partner = Client(ctx.port, cookies=ctx.people.partner_cookies)
    product = http_stats(lambda: partner.get("/acties/"), runs=ctx.config.repeat, warmup=ctx.config.warmup)
    anonymous = ctx.anonymous()
    framework = http_stats(lambda: anonymous.get(f"/_bench/floor/actions?organisation={organisation}"),
                           runs=ctx.config.repeat, warmup=ctx.config.warmup)
    with ctx.psycopg() as conn:
        def run():
            cursor = conn.cursor()
            cursor.execute(ACTIONS_COUNT_SQL, [organisation], prepare=True).fetchone()
            return bool(cursor.execute(ACTIONS_PAGE_SQL, [organisation], prepare=True).fetchall())

        database = repeat(run, runs=ctx.config.repeat, warmup=ctx.config.warmup)
        unfinished = conn.execute(ACTIONS_COUNT_SQL, [organisation]).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM actions_action WHERE owner_organisation_id = %s",
                             [organisation]).fetchone()[0]
    figure.product, figure.framework, figure.database = product.as_dict(), framework.as_dict(), database.as_dict()
    figure.verdict = _verdict(figure, product.errors)
    figure.notes.append(f"organisation {organisation}: {unfinished} unfinished of {total} actions")
    figure.notes.append("framework floor: the same page query and count (Paginator) in a bare view; database "
                        "floor: count + page in SQL")
    return figure
