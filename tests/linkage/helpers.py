"""Signals with entities for linkage tests (entities written as intake writes them)."""

from schakel.linkage.services.indexing import link_signal
from tests.signalling.triage_factories import SignalFactory, add_entity


def signal_with(municipality, *entities, link=True):
    """A signal of `municipality` with (kind, data) entities, linked at once unless link=False."""
    signal = SignalFactory(municipality=municipality)
    for kind, data in entities:
        add_entity(signal, kind, data, "presumed_victim" if kind == "person" else "")
    matches = link_signal(signal.pk, notify=False) if link else []
    return signal, matches
