"""The permission matrix rows of the care pages (tests/matrix/test_permission_matrix.py adds them).

Each row: route name -> (path, {actor: status, "*": default}) or (path, expect, method). The records
are a care case of region A (municipality A1), opened by region A's care coordinator, with an open
referral to Politie A, where the world's partner member works. A route name with '#variant' is a
second row for the same route (an unknown number, an ended referral).
"""

from __future__ import annotations

import datetime

UTC = datetime.timezone.utc


def only(allowed: dict, **overrides) -> dict:
    return {"*": 403, "anonymous": 302, **allowed, **overrides}


COORDINATOR = {"care_coordinator": 200}
PARTNER = {"partner_member": 200}
POST_ONLY = {"*": 405}


def _case(ctx):
    cached = getattr(ctx.world, "_matrix_care_case", None)
    if cached is None:
        from schakel.care.services import cases, referrals
        from schakel.care.services.cases import ClientData

        coordinator = ctx.world.user("care_coordinator")
        moment = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
        case = cases.open_case(actor=coordinator, client=ClientData(name="Matrix Cliënt", residence="dutch",
                                                                      nationality="NL"),
                               municipality=ctx.world.a1, referrer="police", opened_on=moment.date(), now=moment)
        police = ctx.world.organisations["police_a"]
        cases.record_consent(actor=coordinator, case=case, purpose="sharing", organisation=police,
                             given_on=moment.date(), scope="Aangifte", expected_version=case.version, now=moment)
        case.refresh_from_db()
        open_referral = referrals.refer(actor=coordinator, case=case, organisation=police, request="Aangifte opnemen",
                                        shared="Wil aangifte doen.", expected_version=case.version, now=moment)
        case.refresh_from_db()
        ended = referrals.refer(actor=coordinator, case=case, organisation=police, request="Tweede vraag",
                                shared="Tweede vraag.", expected_version=case.version, now=moment)
        case.refresh_from_db()
        referrals.withdraw(actor=coordinator, case=case, referral=ended, reason="Niet meer nodig",
                           expected_version=case.version, now=moment)
        case.refresh_from_db()
        cached = ctx.world._matrix_care_case = (case, open_referral, ended)
    return cached


def _export(ctx):
    cached = getattr(ctx.world, "_matrix_care_export", None)
    if cached is None:
        from schakel.care.models import ComenshaExport

        cached = ctx.world._matrix_care_export = ComenshaExport.objects.create(
            region=ctx.world.region_a, period_from=datetime.date(2026, 1, 1), period_until=datetime.date(2026, 3, 2),
            included=0, excluded={}, created_at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
            created_by=ctx.world.user("care_coordinator"))
    return cached


ROWS = {
    "care:caseload": ("/zorg/", only(COORDINATOR)),
    "care:case-new": ("/zorg/nieuw", only(COORDINATOR)),
    "care:case-detail": (lambda ctx: f"/zorg/{_case(ctx)[0].client_number}/", only(COORDINATOR)),
    "care:case-detail#unknown": ("/zorg/ZC-2026-9999/", only(COORDINATOR, care_coordinator=404)),
    "care:case-action": (lambda ctx: f"/zorg/{_case(ctx)[0].client_number}/contact/", POST_ONLY),
    # Counts only: the chain director sees them too; only the chain director records a contract.
    "care:hours": ("/zorg/uren", only({**COORDINATOR, "chain_director": 200})),
    "care:hours#post": ("/zorg/uren", only({"chain_director": 400}), "post"),
    "care:capacity": ("/zorg/opvang", only(COORDINATOR)),
    "care:capacity#post": ("/zorg/opvang", only({"care_coordinator": 400}), "post"),
    "care:comensha": ("/zorg/comensha", only(COORDINATOR)),
    "care:comensha-download": (lambda ctx: f"/zorg/comensha/{_export(ctx).pk}/csv", only(COORDINATOR)),
    "care:comensha-download#unknown": ("/zorg/comensha/999999/csv", only(COORDINATOR, care_coordinator=404)),
    "care:referral-inbox": ("/zorg/verwijzingen/", only(PARTNER)),
    "care:referral-detail": (lambda ctx: f"/zorg/verwijzingen/{_case(ctx)[1].pk}/", only(PARTNER)),
    # Withdrawn: gone for the partner, as if it never was.
    "care:referral-detail#ended": (lambda ctx: f"/zorg/verwijzingen/{_case(ctx)[2].pk}/",
                                   only(PARTNER, partner_member=404)),
}
