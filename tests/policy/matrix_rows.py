"""The permission matrix rows of the policy pages (tests/matrix/test_permission_matrix.py adds them).

Every page is for the policy officer and the chain director (403 for every other role, 302 to log
in when anonymous); the records are region A's funding scheme and A1's plan, activity and
self-assessment, which both keep. Region profiles are the administrator's.
"""

from __future__ import annotations

import datetime

POLICY = {"*": 403, "anonymous": 302, "policy_officer": 200, "chain_director": 200}
ADMIN = {"*": 403, "anonymous": 302, "administrator": 200}
POST_ONLY = {"*": 405}


def _cached(ctx, name, make):
    value = getattr(ctx.world, name, None)
    if value is None:
        value = make()
        setattr(ctx.world, name, value)
    return value


def _scheme(ctx):
    from schakel.policy.models import FundingScheme

    return _cached(ctx, "_matrix_funding", lambda: FundingScheme.objects.create(
        region=ctx.world.region_a, year=2026, label="Zorgcoördinatie", rate_cents=15,
        reference_date=datetime.date(2026, 1, 1), period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)))


def _plan(ctx):
    from schakel.policy.services.plans import create_plan

    return _cached(ctx, "_matrix_plan", lambda: create_plan(
        actor=None, title="Plan A1", first_year=2023, last_year=2026, municipality=ctx.world.a1,
        template_key="zuid-limburg"))


def _activity(ctx):
    from schakel.policy.services.plans import add_activity

    return _cached(ctx, "_matrix_activity", lambda: add_activity(
        line=_plan(ctx).lines.first(), data={"title": "Training", "status": "planned"}))


def _assessment(ctx):
    from schakel.policy.models import KaderComponent
    from schakel.policy.services.assessments import record_assessment

    return _cached(ctx, "_matrix_assessment", lambda: record_assessment(
        actor=None, municipality=ctx.world.a1, assessed_on=datetime.date(2026, 1, 15), notes="",
        scores={c.pk: {"plateau": 1} for c in KaderComponent.objects.all()}))


ROWS = {
    "policy:index": ("/beleid/", POLICY),
    "policy:funding-list": ("/beleid/financiering/", POLICY),
    "policy:funding-create": ("/beleid/financiering/nieuw", POLICY),
    "policy:funding-detail": (lambda ctx: f"/beleid/financiering/{_scheme(ctx).pk}/", POLICY),
    "policy:funding-edit": (lambda ctx: f"/beleid/financiering/{_scheme(ctx).pk}/wijzigen", POLICY),
    # No figures for the reference date in the matrix world: the export sends back to the table.
    "policy:funding-export": (lambda ctx: f"/beleid/financiering/{_scheme(ctx).pk}/export.xlsx",
                              {**POLICY, "policy_officer": 302, "chain_director": 302}),
    "policy:plan-list": ("/beleid/plannen/", POLICY),
    "policy:plan-detail": (lambda ctx: f"/beleid/plannen/{_plan(ctx).pk}/", POLICY),
    "policy:line-create": (lambda ctx: f"/beleid/plannen/{_plan(ctx).pk}/actielijnen", POST_ONLY),
    "policy:activity-create": (lambda ctx: f"/beleid/plannen/{_plan(ctx).pk}/activiteiten/nieuw", POLICY),
    "policy:plan-export": (lambda ctx: f"/beleid/plannen/{_plan(ctx).pk}/export.xlsx", POLICY),
    "policy:plan-import": (lambda ctx: f"/beleid/plannen/{_plan(ctx).pk}/importeren", POLICY),
    "policy:activity-edit": (lambda ctx: f"/beleid/activiteiten/{_activity(ctx).pk}/", POLICY),
    "policy:note-create": (lambda ctx: f"/beleid/activiteiten/{_activity(ctx).pk}/voortgang", POST_ONLY),
    "policy:training-list": ("/beleid/trainingen/", POLICY),
    "policy:training-create": ("/beleid/trainingen/nieuw", POLICY),
    "policy:assessment-matrix": ("/beleid/zelfevaluatie/", POLICY),
    "policy:assessment-create": ("/beleid/zelfevaluatie/nieuw", POLICY),
    "policy:assessment-detail": (lambda ctx: f"/beleid/zelfevaluatie/{_assessment(ctx).pk}/", POLICY),
    "policy:profile-list": ("/beleid/regioprofielen/", ADMIN),
    "policy:profile-apply": ("/beleid/regioprofielen/zuid-limburg/toepassen", POST_ONLY),
    "policy:region-settings": (lambda ctx: f"/beleid/regioprofielen/regio/{ctx.world.region_a.pk}/instellingen",
                               POST_ONLY),
}
