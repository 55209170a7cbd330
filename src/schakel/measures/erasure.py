"""When a signal is erased, a measure it led to stays (it is the municipality's own record, with
its own retention) but no longer points at the signal."""

from __future__ import annotations

from .models import Measure


def unlink_signal(signal, *, actor, reason: str) -> None:
    Measure.objects.filter(signal=signal).update(signal=None)


def register() -> None:
    from schakel.signalling.services.erasure import register_signal_erasure_listener

    register_signal_erasure_listener("measures", unlink_signal)
