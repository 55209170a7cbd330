"""Where actions come from: each creating app registers its source (decision 0072).

    register_action_source("screening.route", label=_("Route van het screeningsoverleg"),
                           on_finished=route_action_finished)

`on_finished(action)` is called inside `report_back`'s transaction when an action of that source
becomes DONE or NOT_DONE; an exception there undoes the report (so the two stay consistent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActionSource:
    source: str
    label: str
    on_finished: Callable | None


_sources: dict[str, ActionSource] = {}


def register_action_source(source: str, *, label, on_finished: Callable | None) -> None:
    """Register (or replace, for the same source key) what happens when an action is finished."""
    if not source or len(source) > 40:
        raise ValueError(f"an action source is 1 to 40 characters, not {source!r}")
    _sources[source] = ActionSource(source=source, label=label, on_finished=on_finished)


def get_source(source: str) -> ActionSource | None:
    return _sources.get(source)


def source_label(source: str) -> str:
    registered = _sources.get(source)
    return str(registered.label) if registered else str(_("Overig"))


def notify_finished(action) -> None:
    registered = _sources.get(action.source)
    if registered is not None and registered.on_finished is not None:
        registered.on_finished(action)
