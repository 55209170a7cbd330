"""The processing register (verwerkingsregister, GDPR art. 30) of Schakel, read from data.

The entries live in data/processing_register.json; their retention periods come from the
retention rules in force (so the register and the purge never disagree).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import retention

_DATA = Path(__file__).resolve().parent / "data" / "processing_register.json"


@cache
def _load() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class RegisterEntry:
    key: str
    name: str
    purposes: list
    data_subjects: list
    categories: list
    special_categories: list
    legal_bases: list
    recipients: list
    retention: list  # words, e.g. "Signaal afgesloten zonder vervolg: 12 maanden na afsluiten"
    security: list


def controller() -> str:
    return _load()["controller"]


def _retention_words(rule_key: str, region_id=None) -> str:
    months = retention.period_months(rule_key, region_id)
    rule = retention.get_rule(rule_key)
    if rule_key == retention.ACCESS_LOG_RULE:
        label = "Toegangslog"
    elif rule is None:
        label = rule_key
        return f"{label}: {months} maanden (standaard; app nog niet geïnstalleerd)"
    else:
        label = str(rule.label)
    return f"{label}: {months} maanden"


def entries(region_id=None) -> list[RegisterEntry]:
    return [RegisterEntry(
        key=item["key"], name=item["name"], purposes=item["purposes"], data_subjects=item["data_subjects"],
        categories=item["categories"], special_categories=item["special_categories"],
        legal_bases=item["legal_bases"], recipients=item["recipients"],
        retention=[_retention_words(key, region_id) for key in item["retention_rules"]], security=item["security"],
    ) for item in _load()["entries"]]


COLUMNS = (("name", "Verwerking"), ("purposes", "Doelen"), ("data_subjects", "Betrokkenen"),
           ("categories", "Categorieën gegevens"), ("special_categories", "Bijzondere en strafrechtelijke gegevens"),
           ("legal_bases", "Grondslagen"), ("recipients", "Ontvangers"), ("retention", "Bewaartermijnen"),
           ("security", "Beveiliging"))


def as_rows(region_id=None) -> list[list[str]]:
    rows = []
    for entry in entries(region_id):
        row = []
        for attribute, _label in COLUMNS:
            value = getattr(entry, attribute)
            row.append("; ".join(value) if isinstance(value, list) else value)
        rows.append(row)
    return rows
