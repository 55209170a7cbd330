"""The permission matrix rows of the actions API (tests/matrix/test_permission_matrix.py adds them).

Each row: route name -> (path from the matrix context, {actor: status, "*": default}[, method]).
The record is an action of the police of region A (the partner member's organisation) about A1's
signal. The API answers 401 without login, 403 to a role that never works on actions, 404 to
one that does but not for the owner organisation; the PATCH answers the owner with 400 here
(the matrix sends an empty body), so the rows prove who gets past the checks before the body.
"""

from __future__ import annotations

WORKERS = ("partner_member", "focal_officer", "care_coordinator", "focal_officer_a2", "focal_officer_b1")


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 401, **allowed, **overrides}


def _action(ctx):
    cached = getattr(ctx.world, "_matrix_action", None)
    if cached is None:
        from tests.actions.factories import make_action

        cached = ctx.world._matrix_action = make_action(ctx.world, signal=ctx.signal)
    return cached


def _on():
    return lambda ctx: f"/api/v1/actions/{_action(ctx).pk}"


NOT_THEIRS = {actor: 404 for actor in WORKERS if actor != "partner_member"}

ROWS = {
    "api:action-collection": ("/api/v1/actions", only({actor: 200 for actor in WORKERS})),
    "api:action-detail": (_on(), only({"partner_member": 200, **NOT_THEIRS})),
    # Picking up and reporting back: a PATCH of the same address.
    "api:action-detail#patch": (_on(), only({"partner_member": 400, **NOT_THEIRS}), "patch"),
}
