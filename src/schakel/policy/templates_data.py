"""The shipped data: plan templates, VNG Kader components and region profiles (data/*.json).

Nothing about a real region lives in code: the files name their sources, and an administrator
applies a profile to a region (services/profiles.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def plan_templates() -> list[dict]:
    return _load("plan_templates.json")["templates"]


def plan_template(key: str) -> dict | None:
    return next((t for t in plan_templates() if t["key"] == key), None)


def region_profiles() -> list[dict]:
    return _load("region_profiles.json")["profiles"]


def region_profile(key: str) -> dict | None:
    return next((p for p in region_profiles() if p["key"] == key), None)


def kader() -> dict:
    return _load("vng_kader.json")
