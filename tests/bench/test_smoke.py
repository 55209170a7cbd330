"""The benchmark harness at a tiny scale, on whatever database the tests use (CI: PostgreSQL).

Builds a few hundred signals with the harness's own generator and loader (COPY on PostgreSQL,
executemany elsewhere), checks they look like what intake stores (encrypted columns that the
product decrypts, search tokens the product's search finds), and times one figure's queries
(the inbox's database floor and the product's own inbox selector) so the harness never rots.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from bench import dataset, reference
from bench.measure import Stats, repeat
from bench.report import markdown_table, text_table

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_dataset(settings):
    reference.load_reference_data(log=lambda message: None)
    reference.create_people(log=lambda message: None)
    plan = reference.make_plan(300, datetime.date(2026, 11, 20))
    summary = dataset.build_signals(plan, jobs=1, database_url=_database_url(), log=lambda message: None)
    return plan, summary


def _database_url() -> str | None:
    if connection.vendor != "postgresql":
        return None
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_harness_at_tiny_scale(small_dataset):
    """One build (it is the slow part), then what it made, what search finds, and one figure."""
    _builds_the_dataset_as_intake_stores_it(small_dataset)
    _the_products_search_finds_generated_identifiers()
    _one_figure_at_tiny_scale()


def _builds_the_dataset_as_intake_stores_it(small_dataset):
    from schakel.organisations.models import Region, RegionMember
    from schakel.signalling.models import SearchToken, Signal, SignalEntity

    plan, summary = small_dataset
    assert Region.objects.count() == 25
    assert RegionMember.objects.count() == 342
    assert Signal.objects.count() == 300 == summary["rows"]["signal"]
    assert 2 <= summary["rows"]["entity"] / 300 <= 4
    assert SearchToken.objects.count() == summary["rows"]["token"] > 300
    # Older signals are mostly closed; recent ones mostly open.
    old = Signal.objects.filter(received_at__lt=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc))
    assert old.filter(status="closed").count() >= 0.9 * old.count()
    # Encrypted at rest, readable through the product's fields.
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM signalling_signal WHERE description <> '' LIMIT 1")
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and " " not in stored
    signal = Signal.objects.exclude(description="").first()
    assert signal.description and " " in signal.description
    entity = SignalEntity.objects.first()
    assert isinstance(entity.data, dict)
    # Deadlines are the product's working-day arithmetic.
    from schakel.signalling.rules import received_date, working_days_after

    assert signal.triage_due == working_days_after(received_date(signal.received_at), 10)


def _the_products_search_finds_generated_identifiers():
    from schakel.signalling import selectors
    from schakel.signalling.models import Signal, SignalEntity

    phone = SignalEntity.objects.filter(kind="phone").select_related("signal").first()
    assert phone is not None
    queryset, terms = selectors.search(Signal.objects.all(), phone.data["number"])
    assert [t.kind for t in terms] == ["phone"]
    assert phone.signal_id in set(queryset.values_list("id", flat=True))


def _one_figure_at_tiny_scale():
    from schakel.signalling.models import Signal

    municipality_id = (Signal.objects.values_list("municipality_id", flat=True)
                       .order_by("municipality_id").first())
    sql = ("SELECT id, reference, status, triage_due FROM signalling_signal WHERE municipality_id = %s "
           "AND status <> 'closed' ORDER BY triage_due, id LIMIT 25")

    def database_floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, [municipality_id])
            return cursor.fetchall() is not None

    def orm():
        return list(Signal.objects.filter(municipality_id=municipality_id).open().for_list()
                    .order_by("triage_due", "id")[:25]) is not None

    floor = repeat(database_floor, runs=5, warmup=1)
    product = repeat(orm, runs=5, warmup=1)
    assert floor.count == product.count == 5 and not floor.errors
    figure = {"id": "inbox", "label": "tiny inbox", "unit": "ms", "product": product.as_dict(),
              "framework_floor": None, "database_floor": floor.as_dict(),
              "ratio_to_framework_floor": None, "ratio_to_database_floor": 1.0, "target": "-", "verdict": "n/a",
              "notes": [], "profile": ""}
    assert "tiny inbox" in text_table([figure]) and "| tiny inbox |" in markdown_table([figure])


def test_statistics():
    stats = Stats(samples_ms=[float(n) for n in range(1, 101)])
    assert stats.as_dict()["median_ms"] == 50.5
    assert stats.percentile(95) == 95.0
    assert stats.as_dict()["max_ms"] == 100.0


def test_dataset_key_changes_with_scale_and_keys():
    a = dataset.dataset_key(0.01, index_key="a", encryption_key_id="k")
    assert a == dataset.dataset_key(0.01, index_key="a", encryption_key_id="k")
    assert a != dataset.dataset_key(0.02, index_key="a", encryption_key_id="k")
    assert a != dataset.dataset_key(0.01, index_key="b", encryption_key_id="k")


def test_copy_text_escapes_what_needs_it():
    """COPY text: plain lines are joined as they are; NULL, tabs, line breaks and backslashes are escaped."""
    tables = dataset.bulk_tables("postgresql")
    event = tables["event"]
    width = len(event.columns)
    plain = tuple(["a"] * width)
    odd = tuple(["tab\there", "line\nbreak", "back\\slash", None] + ["x"] * (width - 4))
    text = event.copy_text([plain, odd])
    lines = text.split("\n")
    assert lines[0] == "\t".join(["a"] * width)
    assert lines[1].split("\t")[:4] == ["tab\\there", "line\\nbreak", "back\\\\slash", "\\N"]
    assert text.endswith("\n") and len(lines) == 3


def test_token_rows_are_shared_per_payload_and_expand_per_signal():
    tables = dataset.bulk_tables("postgresql")
    token = tables["token"]
    values = [{"kind": "word", "token": "abc", "municipality_id": 7}, {"kind": "phone", "token": "def",
                                                                      "municipality_id": 7}]
    block = dataset.RowBlock(token, values)
    expected = [token.row({**value, "signal_id": 42}) for value in values]
    assert block.expand(42) == expected
    assert token.copy_text([(42, block)]) == "".join("\t".join(map(str, row)) + "\n" for row in expected)
