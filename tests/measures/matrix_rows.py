"""The permission matrix rows of the measures pages (tests/matrix/test_permission_matrix.py adds them).

Each row: route name -> (path from the matrix context, {actor: status, "*": default}). The records
are a BRP address investigation of A1 with an address, recorded by A1's focal officer.
"""

from __future__ import annotations

import datetime

FOCAL = {"focal_officer": 200, "focal_officer_a2": 200, "focal_officer_b1": 200}


def _measure(ctx):
    cached = getattr(ctx.world, "_matrix_measure", None)
    if cached is None:
        from schakel.measures.services.measures import create_measure

        cached = create_measure(
            actor=ctx.world.user("focal_officer"), municipality=ctx.world.a1, type_key="brp_address_investigation",
            legal_basis="wet_brp", started_on=datetime.date(2026, 3, 2), details={"registered_persons": 9},
            subjects=[{"kind": "address", "text": "1234 AB 12"}])
        ctx.world._matrix_measure = cached
    return cached


def _register_path(ctx):
    subject = _measure(ctx).subjects.get()
    return f"/maatregelen/register/adres/{subject.key}"


def _on(suffix):
    return lambda ctx: f"/maatregelen/{_measure(ctx).reference}/{suffix}"


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 302, **allowed, **overrides}


ONE_OF_A1 = {"focal_officer": 200, "focal_officer_a2": 404, "focal_officer_b1": 404, "reporter": 404}
POST_ONLY = {"*": 405}

ROWS = {
    "measures:index": (lambda ctx: "/maatregelen/", only(FOCAL)),
    "measures:create": (lambda ctx: "/maatregelen/nieuw", only(FOCAL)),
    "measures:register": (lambda ctx: "/maatregelen/register", only(FOCAL)),
    "measures:deadlines": (lambda ctx: "/maatregelen/termijnen", only(FOCAL, reporter=200)),
    "measures:counts": (lambda ctx: "/maatregelen/cijfers",
                        only(FOCAL, chain_director=200, policy_officer=200)),
    "measures:register-subject": (_register_path, only(ONE_OF_A1)),
    "measures:detail": (_on(""), only(ONE_OF_A1)),
    "measures:edit": (_on("wijzigen"), only(ONE_OF_A1)),
    "measures:status": (_on("status/done"), POST_ONLY),
    "measures:step": (_on("stappen/visit"), POST_ONLY),
    "measures:person": (_on("medewerkers"), POST_ONLY),
    "measures:subject": (_on("adressen"), POST_ONLY),
    "measures:document": (_on("documenten"), POST_ONLY),
}
