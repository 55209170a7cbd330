"""When a signal is erased (retention or an erasure request), its actions and their history go too.

Called by signalling's erase_signal inside its transaction (a registered listener).
"""

from __future__ import annotations

from .models import Action


def erase_for_signal(signal, *, actor, reason: str) -> None:
    Action.objects.filter(signal=signal).delete()   # ActionEvent rows go with them (CASCADE)


def register() -> None:
    from schakel.signalling.services.erasure import register_signal_erasure_listener

    register_signal_erasure_listener("actions", erase_for_signal)
