"""The indicator catalogue: versioned reference data in data/indicators.json, loaded idempotently."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Indicator, IndicatorGroup

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "indicators.json"


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message says where."""


@dataclass
class CatalogueReport:
    version: str = ""
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deactivated)


FIELDS = ("form", "group", "label_nl", "help_nl", "label_en", "help_en", "source", "version", "order", "active")


def read_catalogue(path: Path = CATALOGUE_PATH) -> tuple[str, list[dict]]:
    """The catalogue's version and its rows as model field values, validated."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    version = document.get("version")
    sources = document.get("sources") or {}
    if not version or not isinstance(document.get("indicators"), list):
        raise CatalogueError(f"{path}: 'version' and a list 'indicators' are required")
    rows, seen = [], set()
    for position, item in enumerate(document["indicators"], start=1):
        code = item.get("code", "")
        where = f"{path}: indicator {position} ({code or 'zonder code'})"
        if not code or code in seen:
            raise CatalogueError(f"{where}: missing or duplicate code")
        seen.add(code)
        if item.get("form") not in IndicatorGroup.values:
            raise CatalogueError(f"{where}: unknown form {item.get('form')!r}")
        for required in ("group", "label_nl", "label_en"):
            if not item.get(required):
                raise CatalogueError(f"{where}: {required} is required")
        keys = item.get("sources") or []
        if not keys or any(key not in sources for key in keys):
            raise CatalogueError(f"{where}: every indicator names one or more known sources")
        rows.append({
            "code": code,
            "form": item["form"],
            "group": item["group"],
            "label_nl": item["label_nl"],
            "help_nl": item.get("help_nl", ""),
            "label_en": item["label_en"],
            "help_en": item.get("help_en", ""),
            "source": "; ".join(sources[key].get("short") or sources[key]["title"] for key in keys)[:300],
            "version": version,
            "order": position,
            "active": True,
        })
    return version, rows


@transaction.atomic
def load_indicator_catalogue(path: Path = CATALOGUE_PATH) -> CatalogueReport:
    """Create or update every indicator of the file; deactivate those no longer in it.

    Indicators are never deleted: signals of earlier years keep pointing at what was ticked.
    Running it twice changes nothing the second time.
    """
    version, rows = read_catalogue(path)
    report = CatalogueReport(version=version)
    existing = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for row in rows:
        report.codes.append(row["code"])
        indicator = existing.pop(row["code"], None)
        if indicator is None:
            Indicator.objects.create(**row)
            report.created += 1
            continue
        changes = [name for name in FIELDS if getattr(indicator, name) != row[name]]
        if changes:
            for name in changes:
                setattr(indicator, name, row[name])
            indicator.save(update_fields=changes)
            report.updated += 1
        else:
            report.unchanged += 1
    for indicator in existing.values():
        if indicator.active:
            indicator.active = False
            indicator.save(update_fields=["active"])
            report.deactivated += 1
    return report
