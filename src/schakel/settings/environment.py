"""One typed reader for every environment variable Schakel understands.

Each setting is declared once with its group and help text; `manage.py
document_settings` renders the registry into docs/operations.md, so the operator
documentation cannot drift from the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """Raised when an environment variable is missing or malformed."""


@dataclass(frozen=True)
class Declared:
    name: str
    group: str
    help: str
    default: Any
    kind: str


REGISTRY: dict[str, Declared] = {}


def _as_bool(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def _as_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


def _as_list(name: str, raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


CASTS: dict[type, Callable[[str, str], Any]] = {
    bool: _as_bool,
    int: _as_int,
    list: _as_list,
    str: lambda name, raw: raw,
}


def setting(name: str, *, default: Any, cast: type = str, group: str, help: str) -> Any:
    """Read `name` from the environment, cast it, and remember its documentation."""
    if cast not in CASTS:
        raise ConfigurationError(f"no cast for {cast!r}")
    REGISTRY[name] = Declared(name=name, group=group, help=help, default=default, kind=cast.__name__)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return CASTS[cast](name, raw)
