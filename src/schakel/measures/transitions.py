"""The allowed moves of a measure's status, as one table (who may move is in permissions.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import MeasureStatus as S


@dataclass(frozen=True)
class Move:
    to: str
    needs_outcome: bool = False   # finishing: an outcome of the type is required
    needs_reason: bool = False    # stopping or reopening: say why


TRANSITIONS: dict[str, tuple[Move, ...]] = {
    S.PREPARING: (Move(S.RUNNING), Move(S.DONE, needs_outcome=True), Move(S.STOPPED, needs_reason=True)),
    S.RUNNING: (Move(S.DONE, needs_outcome=True), Move(S.STOPPED, needs_reason=True)),
    S.DONE: (Move(S.RUNNING, needs_reason=True),),
    S.STOPPED: (Move(S.RUNNING, needs_reason=True),),
}


def move(source: str, target: str) -> Move | None:
    return next((m for m in TRANSITIONS.get(source, ()) if m.to == target), None)


def targets(source: str) -> list[str]:
    return [m.to for m in TRANSITIONS.get(source, ())]
