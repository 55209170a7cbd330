"""The reference counter: one UPDATE ... RETURNING where the database has it, UPDATE + SELECT elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.signalling.models import ReferenceCounter
from schakel.signalling.services import intake, intake_storage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("returning", [True, False], ids=["returning", "portable"])
def test_numbers_count_up_per_year_from_one(monkeypatch, returning):
    monkeypatch.setattr(intake_storage, "_returning_supported", lambda connection: returning)

    assert [intake.next_reference(2026) for _ in range(3)] == ["2026-000001", "2026-000002", "2026-000003"]
    assert intake.next_reference(2027) == "2027-000001"
    assert dict(ReferenceCounter.objects.values_list("year", "last")) == {2026: 3, 2027: 1}


def test_a_year_with_a_counter_takes_one_statement():
    ReferenceCounter.objects.create(year=2026, last=122)

    with CaptureQueriesContext(connection) as queries:
        reference = intake.next_reference(2026)

    assert reference == "2026-000123"
    assert len(queries) == 1
    assert "RETURNING" in queries[0]["sql"]
