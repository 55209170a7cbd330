"""How other apps extend the signals app without importing into it (decision 0072).

Three registries, filled by other apps in `AppConfig.ready()`:

- `register_signal_section(key, build=..., order=...)`: a section on the signal page.
  `build(request, signal)` returns None (nothing to show) or a dict with at least "template"
  (rendered with the dict as `section`) and "title".
- `register_referral_listener(key, listener)`: `listener(referral, actor=..., now=...)` is called
  inside the transaction of a direct referral, after the referral row exists (the actions app
  turns it into an action for the chosen organisation).
- `register_next_due_provider(key, provider)`: `provider(signal_ids) -> {signal_id: date}` gives
  the next due date outside triage (the next due action); the inbox shows the earliest.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Section:
    key: str
    build: Callable
    order: int


_sections: dict[str, _Section] = {}
_referral_listeners: dict[str, Callable] = {}
_next_due_providers: dict[str, Callable] = {}


def register_signal_section(key: str, *, build: Callable, order: int = 100) -> None:
    _sections[key] = _Section(key=key, build=build, order=order)


def signal_sections(request, signal) -> list[dict]:
    built = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.build(request, signal)
        if context:
            built.append({"key": section.key, **context})
    return built


def register_referral_listener(key: str, listener: Callable) -> None:
    _referral_listeners[key] = listener


def notify_referral(referral, *, actor, now: datetime.datetime) -> None:
    for key in sorted(_referral_listeners):
        _referral_listeners[key](referral, actor=actor, now=now)


def register_next_due_provider(key: str, provider: Callable[[Iterable[int]], dict]) -> None:
    _next_due_providers[key] = provider


def next_due_dates(signal_ids: Iterable[int]) -> dict[int, datetime.date]:
    """The earliest next due date per signal over every provider (signals without one left out)."""
    ids = list(signal_ids)
    earliest: dict[int, datetime.date] = {}
    if not ids:
        return earliest
    for key in sorted(_next_due_providers):
        for signal_id, due in _next_due_providers[key](ids).items():
            if due is not None and (signal_id not in earliest or due < earliest[signal_id]):
                earliest[signal_id] = due
    return earliest
