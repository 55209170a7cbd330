"""Measures for tests, recorded through the service as a focal officer of A1 would."""

from __future__ import annotations

import datetime

from schakel.measures.services.measures import create_measure

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wed 4 March 2026

BIBOB = {"permit_concerned": "exploitation", "advice_requested_on": "2026-03-02"}


def measure(world, type_key="brp_address_investigation", *, details=None, legal_basis=None, actor=None,
            municipality=None, subjects=(), **kwargs):
    from schakel.measures.catalogue import get_type

    kind = get_type(type_key)
    defaults = {
        "brp_address_investigation": {"registered_persons": 14},
        "bibob_check": BIBOB,
        "premises_closure": {"ordered_on": "2026-03-03"},
        "permit_refusal": {"permit_kind": "exploitation", "decision": "refused"},
    }
    return create_measure(
        actor=actor or world.user("focal_officer"), municipality=municipality or world.a1, type_key=type_key,
        legal_basis=legal_basis or kind.legal_bases[0].key, started_on=datetime.date(2026, 3, 2),
        details=defaults.get(type_key, {}) if details is None else details, subjects=subjects, now=NOW, **kwargs)


ADDRESS = {"kind": "address", "text": "1234 AB 12", "street": "Kasweg, Aadorp"}
COMPANY = {"kind": "company", "name": "Kwekerij Voorbeeld", "kvk": "12345678"}
