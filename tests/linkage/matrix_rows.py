"""The permission matrix rows of the linkage pages (tests/matrix/test_permission_matrix.py adds them).

The record: a match between a signal of A1 and one of A2 (a shared phone number), with one
contact request from A1. Both sides' focal officers see it; B1's focal officer gets 404.
"""

from __future__ import annotations


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 302, **allowed, **overrides}


FOCAL = {"focal_officer": 200, "focal_officer_a2": 200, "focal_officer_b1": 200}
BOTH_SIDES = {"focal_officer": 200, "focal_officer_a2": 200, "focal_officer_b1": 404}
POST_ONLY = {"*": 405}


def _match(ctx):
    cached = getattr(ctx.world, "_matrix_linkage_match", None)
    if cached is None:
        from schakel.linkage.services.decisions import request_contact
        from tests.linkage.helpers import signal_with

        signal_with(ctx.world.a1, ("phone", {"number": "0611122233"}))
        _, (cached,) = signal_with(ctx.world.a2, ("phone", {"number": "+31611122233"}))
        cached.contact = request_contact(match=cached, user=ctx.world.user("focal_officer"), reason="Overleg")
        ctx.world._matrix_linkage_match = cached
    return cached


ROWS = {
    "linkage:list": ("/koppelingen/", only(FOCAL)),
    "linkage:region": ("/koppelingen/regio/", only({"chain_director": 200})),
    "linkage:detail": (lambda ctx: f"/koppelingen/{_match(ctx).pk}/", only(BOTH_SIDES)),
    "linkage:verdict": (lambda ctx: f"/koppelingen/{_match(ctx).pk}/beoordelen", POST_ONLY),
    "linkage:contact": (lambda ctx: f"/koppelingen/{_match(ctx).pk}/contact", POST_ONLY),
    # Machine to machine: a GET is the wrong method for everyone.
    "linkage:exchange": ("/koppelingen/uitwisseling/", POST_ONLY),
    "linkage:answer": (lambda ctx: f"/koppelingen/verzoeken/{_match(ctx).contact.pk}/beantwoorden", POST_ONLY),
}
