"""When a signal is erased (retention or an erasure request), its agenda items and routes go too.

Called by signalling's erase_signal inside its transaction (a registered listener). The meeting
itself stays: it holds no personal data, and its other items are other signals'.
"""

from __future__ import annotations

from .models import AgendaItem, Route


def erase_for_signal(signal, *, actor, reason: str) -> None:
    Route.objects.filter(signal=signal).delete()
    AgendaItem.objects.filter(signal=signal).update(moved_to=None)
    AgendaItem.objects.filter(moved_to__signal=signal).update(moved_to=None)
    AgendaItem.objects.filter(signal=signal).delete()


def register() -> None:
    from schakel.signalling.services.erasure import register_signal_erasure_listener

    register_signal_erasure_listener("screening", erase_for_signal)
