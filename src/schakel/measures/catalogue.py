"""The measure types: versioned reference data in data/measure_types.json, checked against its schema.

Each type brings its own fields (a JSON schema), rules (dates in order, a field that needs
another), steps (with a deadline in calendar days, working days, weeks or months from a date
of the measure) and outcomes. Services, forms and pages read the type; no code branches on a
type's key. `measure_types()` reads and checks the file once per process; a file that does
not pass is an error at start-up (`MeasuresConfig.ready`), never a half-working page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jsonschema

DATA_DIR = Path(__file__).resolve().parent / "data"
TYPES_PATH = DATA_DIR / "measure_types.json"
SCHEMA_PATH = DATA_DIR / "measure_types.schema.json"
START = "started_on"


class CatalogueError(ValueError):
    """The types file is malformed; the message says where."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class Deadline:
    source_field: str          # "started_on" or a date field of the type
    unit: str                  # calendar_days, working_days, weeks, months
    amount: int | None
    amount_field: str | None
    source: str
    statutory: bool


@dataclass(frozen=True)
class StepType:
    key: str
    label: str
    done_when: str | None
    deadline: Deadline | None


@dataclass(frozen=True)
class MeasureType:
    key: str
    label: str
    description: str
    secret: bool
    route_start: bool
    legal_bases: tuple[Choice, ...]
    schema: dict
    rules: tuple[dict, ...]
    steps: tuple[StepType, ...]
    outcomes: tuple[Choice, ...]

    @property
    def fields(self) -> dict[str, dict]:
        return self.schema.get("properties", {})

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.schema.get("required", ()))

    def date_fields(self) -> set[str]:
        return {name for name, spec in self.fields.items() if spec.get("format") == "date"}

    def legal_basis_label(self, key: str) -> str:
        return next((c.label for c in self.legal_bases if c.key == key), key)

    def outcome_label(self, key: str) -> str:
        return next((c.label for c in self.outcomes if c.key == key), key)

    def step(self, key: str) -> StepType | None:
        return next((s for s in self.steps if s.key == key), None)

    def field_title(self, name: str) -> str:
        return self.fields.get(name, {}).get("title", name)

    def option_label(self, name: str, value) -> str:
        spec = self.fields.get(name, {})
        options = spec.get("oneOf") or spec.get("items", {}).get("oneOf") or []
        labels = {option["const"]: option["title"] for option in options}
        if isinstance(value, list):
            return ", ".join(labels.get(item, str(item)) for item in value)
        return labels.get(value, value)


def _check_references(kind: dict, where: str) -> None:
    """What the JSON schema cannot say: every rule, step and deadline names a field that exists."""
    fields = kind["fields"].get("properties", {})
    dates = {name for name, spec in fields.items() if spec.get("format") == "date"}
    for name in kind["fields"].get("required", []):
        if name not in fields:
            raise CatalogueError(f"{where}: required field {name!r} is not defined")
    for rule in kind.get("rules", []):
        named = [rule["first"], rule["then"]] if rule["kind"] == "date_order" else [rule["field"], rule["requires"]]
        for name in named:
            if name not in fields:
                raise CatalogueError(f"{where}: rule names unknown field {name!r}")
        if rule["kind"] == "date_order" and not set(named) <= dates:
            raise CatalogueError(f"{where}: date_order rule on a field that is not a date: {named}")
    keys = set()
    for step in kind["steps"]:
        if step["key"] in keys:
            raise CatalogueError(f"{where}: step {step['key']!r} twice")
        keys.add(step["key"])
        if step.get("done_when") and step["done_when"] not in fields:
            raise CatalogueError(f"{where}: step {step['key']!r} done_when names unknown field")
        deadline = step.get("deadline")
        if deadline:
            if deadline["from"] != START and deadline["from"] not in dates:
                raise CatalogueError(f"{where}: step {step['key']!r} counts from {deadline['from']!r}, not a date")
            amount_field = deadline.get("amount_field")
            if amount_field and fields.get(amount_field, {}).get("type") != "integer":
                raise CatalogueError(f"{where}: step {step['key']!r} amount_field must be an integer field")
    for group in ("legal_bases", "outcomes"):
        seen = [choice["key"] for choice in kind[group]]
        if len(seen) != len(set(seen)):
            raise CatalogueError(f"{where}: {group} keys are not unique")


def _build(kind: dict) -> MeasureType:
    steps = []
    for step in kind["steps"]:
        deadline = step.get("deadline")
        steps.append(StepType(
            key=step["key"], label=step["label"], done_when=step.get("done_when"),
            deadline=Deadline(source_field=deadline["from"], unit=deadline["unit"], amount=deadline.get("amount"),
                              amount_field=deadline.get("amount_field"), source=deadline["source"],
                              statutory=bool(deadline.get("statutory"))) if deadline else None))
    return MeasureType(
        key=kind["key"], label=kind["label"], description=kind["description"], secret=kind["secret"],
        route_start=bool(kind.get("route_start")),
        legal_bases=tuple(Choice(c["key"], c["label"]) for c in kind["legal_bases"]),
        schema=kind["fields"], rules=tuple(kind.get("rules", [])), steps=tuple(steps),
        outcomes=tuple(Choice(c["key"], c["label"]) for c in kind["outcomes"]))


def read_types(path: Path = TYPES_PATH, schema_path: Path = SCHEMA_PATH) -> tuple[str, dict[str, MeasureType]]:
    """The file's version and its types by key, after checking the file against its schema."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise CatalogueError(f"{path}: {'/'.join(str(p) for p in first.absolute_path)}: {first.message}")
    types: dict[str, MeasureType] = {}
    for position, kind in enumerate(document["types"], start=1):
        where = f"{path}: type {position} ({kind['key']})"
        if kind["key"] in types:
            raise CatalogueError(f"{where}: key used twice")
        jsonschema.Draft202012Validator.check_schema(kind["fields"])
        _check_references(kind, where)
        types[kind["key"]] = _build(kind)
    if sum(1 for kind in types.values() if kind.route_start) != 1:
        raise CatalogueError(f"{path}: exactly one type must have route_start (the administrative route's measure)")
    return document["version"], types


@lru_cache(maxsize=1)
def _loaded() -> tuple[str, dict[str, MeasureType]]:
    return read_types()


def catalogue_version() -> str:
    return _loaded()[0]


def measure_types() -> dict[str, MeasureType]:
    return _loaded()[1]


def get_type(key: str) -> MeasureType | None:
    return measure_types().get(key)


def route_start_type() -> MeasureType:
    return next(kind for kind in measure_types().values() if kind.route_start)


def type_choices(*, include_route_start: bool = False) -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in measure_types().values()
            if include_route_start or not kind.route_start]
