"""Migration 0004: existing search tokens get their signal's municipality (SQLite and PostgreSQL path)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("signalling", "0003_bench_signal_municipality_due")]
AFTER = [("signalling", "0004_searchtoken_municipality")]
UTC = datetime.timezone.utc


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _signal(apps, municipality, region, reference):
    return apps.get_model("signalling", "Signal").objects.create(
        reference=reference, municipality=municipality, region=region, channel="staff", description="",
        received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=UTC), first_reaction_due=datetime.date(2026, 3, 9),
        triage_due=datetime.date(2026, 3, 16))


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_get_their_signals_municipality_and_back():
    old = _migrate(BEFORE)
    try:
        region = old.get_model("organisations", "Region").objects.create(name="Migratieregio", slug="migratie")
        Municipality = old.get_model("organisations", "Municipality")
        here = Municipality.objects.create(cbs_code="GM9901", name="Hier", province="Utrecht")
        there = Municipality.objects.create(cbs_code="GM9902", name="Daar", province="Utrecht")
        Token = old.get_model("signalling", "SearchToken")
        for signal, tokens in ((_signal(old, here, region, "2026-900001"), ["a", "b"]),
                               (_signal(old, there, region, "2026-900002"), ["a"])):
            Token.objects.bulk_create([Token(signal=signal, kind="word", token=t) for t in tokens])

        new = _migrate(AFTER)
        rows = set(new.get_model("signalling", "SearchToken").objects.values_list(
            "signal__reference", "token", "municipality__cbs_code"))
        assert rows == {("2026-900001", "a", "GM9901"), ("2026-900001", "b", "GM9901"),
                        ("2026-900002", "a", "GM9902")}
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "signalling_searchtoken")
        assert indexes["searchtoken_kind_token_muni"]["columns"] == ["kind", "token", "municipality_id", "signal_id"]
        assert "searchtoken_token_kind" not in indexes

        back = _migrate(BEFORE)
        assert back.get_model("signalling", "SearchToken").objects.count() == 3
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, "signalling_searchtoken")]
        assert "municipality_id" not in columns
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
