"""The permission matrix rows of the care cases API (tests/matrix/test_permission_matrix.py adds them).

The record: a care case of region A (municipality A1) opened by region A's care coordinator. The
API answers 401 without login, 403 to every role but the care coordinator.
"""

from __future__ import annotations

import datetime

UTC = datetime.timezone.utc


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 401, **allowed, **overrides}


def _case(ctx):
    cached = getattr(ctx.world, "_matrix_care_api_case", None)
    if cached is None:
        from schakel.care.services.cases import ClientData, open_case

        moment = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
        cached = ctx.world._matrix_care_api_case = open_case(
            actor=ctx.world.user("care_coordinator"), client=ClientData(name="Matrix API Cliënt", residence="dutch",
                                                                        nationality="NL"),
            municipality=ctx.world.a1, referrer="police", opened_on=moment.date(), now=moment)
    return cached


ROWS = {
    "api:care-case-collection": ("/api/v1/care-cases", only({"care_coordinator": 200})),
    "api:care-case-detail": (lambda ctx: f"/api/v1/care-cases/{_case(ctx).client_number}",
                             only({"care_coordinator": 200})),
    "api:care-case-detail#unknown": ("/api/v1/care-cases/ZC-2026-9999", only({"care_coordinator": 404})),
}
