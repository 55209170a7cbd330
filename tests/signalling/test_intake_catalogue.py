"""The indicator catalogue: versioned reference data with a source for every indicator."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from schakel.signalling.catalogue import CATALOGUE_PATH, CatalogueError, load_indicator_catalogue, read_catalogue
from schakel.signalling.models import Indicator

DOCUMENTS_NAMED_IN_SOURCES_MD = {"om-indicatoren", "om-prostitutie", "ilo-2012", "nla", "zvh-zeeland", "keerpunt"}


def test_every_indicator_cites_a_document_named_in_sources_md():
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    assert set(document["sources"]) == DOCUMENTS_NAMED_IN_SOURCES_MD
    used = {key for item in document["indicators"] for key in item["sources"]}
    assert used == DOCUMENTS_NAMED_IN_SOURCES_MD
    forms = {item["form"] for item in document["indicators"]}
    assert forms == {"general", "sexual", "labour", "criminal"}
    assert 30 <= len(document["indicators"]) <= 50


@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time():
    first = load_indicator_catalogue()
    second = load_indicator_catalogue()

    assert first.created == Indicator.objects.count() == len(read_catalogue()[1])
    assert not second.changed and second.unchanged == first.created
    labour = Indicator.objects.get(code="arbeid-lange-dagen")
    assert "ILO" in labour.source and "Arbeidsinspectie" in labour.source
    assert labour.version == first.version


@pytest.mark.django_db
def test_a_new_version_updates_texts_and_deactivates_what_left(tmp_path):
    load_indicator_catalogue()
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    document["version"] = "2027.1"
    document["indicators"][0]["label_nl"] = "Nieuwe tekst"
    removed = document["indicators"].pop()
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    report = load_indicator_catalogue(path)

    assert report.deactivated == 1 and report.updated == len(document["indicators"])
    assert Indicator.objects.get(code=document["indicators"][0]["code"]).label_nl == "Nieuwe tekst"
    assert Indicator.objects.get(code=removed["code"]).active is False


@pytest.mark.django_db
def test_an_indicator_without_a_known_source_is_refused(tmp_path):
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    document["indicators"][3]["sources"] = ["eigen-verzinsel"]
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CatalogueError, match="sources"):
        load_indicator_catalogue(path)
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_load_indicators_command_reports_in_dutch():
    out = StringIO()
    call_command("load_indicators", stdout=out)
    assert "nieuw" in out.getvalue() and "versie 2026.1" in out.getvalue()
