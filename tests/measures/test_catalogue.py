"""The measure types are reference data: a file checked against its JSON schema, with cross-checks."""

import json

import pytest

from schakel.measures.catalogue import SCHEMA_PATH, TYPES_PATH, CatalogueError, measure_types, read_types

ISSUE_TYPES = {"brp_address_investigation", "integrated_inspection", "bibob_check", "permit_refusal",
               "premises_closure", "penalty_order", "administrative_report", "riec_referral"}


def test_the_file_holds_every_type_the_issue_names_each_with_steps_and_outcomes():
    types = measure_types()
    assert ISSUE_TYPES <= set(types)
    for kind in types.values():
        assert kind.legal_bases and kind.outcomes and kind.fields


def test_only_the_bibob_check_is_secret():
    assert {key for key, kind in measure_types().items() if kind.secret} == {"bibob_check"}


def test_statutory_terms_name_their_article():
    bibob = measure_types()["bibob_check"].step("lbb_advice").deadline
    assert (bibob.statutory, bibob.unit, bibob.amount) == (True, "weeks", 8)
    assert "art. 15" in bibob.source


def _write(tmp_path, document):
    path = tmp_path / "types.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def document():
    return json.loads(TYPES_PATH.read_text(encoding="utf-8"))


def test_a_type_without_outcomes_is_refused_by_the_schema(tmp_path, document):
    document["types"][1]["outcomes"] = []
    with pytest.raises(CatalogueError, match="outcomes"):
        read_types(_write(tmp_path, document), SCHEMA_PATH)


def test_a_rule_on_an_unknown_field_is_refused(tmp_path, document):
    document["types"][1]["rules"].append({"kind": "requires", "field": "nope", "requires": "result", "message": "x"})
    with pytest.raises(CatalogueError, match="unknown field 'nope'"):
        read_types(_write(tmp_path, document), SCHEMA_PATH)


def test_a_deadline_counting_from_a_field_that_is_not_a_date_is_refused(tmp_path, document):
    document["types"][1]["steps"][0]["deadline"]["from"] = "registered_persons"
    with pytest.raises(CatalogueError, match="not a date"):
        read_types(_write(tmp_path, document), SCHEMA_PATH)


def test_two_route_start_types_are_refused(tmp_path, document):
    document["types"][1]["route_start"] = True
    with pytest.raises(CatalogueError, match="route_start"):
        read_types(_write(tmp_path, document), SCHEMA_PATH)
