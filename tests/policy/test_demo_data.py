"""The demo loader: the demo policy officer finds a plan, trainings, assessments and funding; twice is once."""

import pytest
import time_machine

from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.policy.demo_data import load_policy
from schakel.policy.models import ActionPlan, Activity, FundingScheme, SelfAssessment, Training
from schakel.policy.services.funding import compute

pytestmark = pytest.mark.django_db


def _registry():
    registry = DemoLoaderRegistry()
    registry.register("policy.instruments", load_policy, order=90)
    return registry


@time_machine.travel("2026-11-25 10:00 +0100", tick=False)
def test_demo_policy_records_load_once_and_the_funding_table_computes():
    load_demo_data(registry=_registry())
    counts = [ActionPlan.objects.count(), Activity.objects.count(), Training.objects.count(),
              SelfAssessment.objects.count(), FundingScheme.objects.count()]
    load_demo_data(registry=_registry())
    assert [ActionPlan.objects.count(), Activity.objects.count(), Training.objects.count(),
            SelfAssessment.objects.count(), FundingScheme.objects.count()] == counts == [1, 5, 2, 2, 1]
    table = compute(FundingScheme.objects.get())
    assert len(table.rows) == 4 and table.total_contribution > 0
