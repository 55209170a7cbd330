"""Reference data is data: every reference table can be edited in the Django admin."""

import pytest
from django.contrib import admin
from django.core import checks
from django.urls import reverse

from schakel.organisations.models import ClosingDay, Municipality, Organisation, PopulationFigure, Region, RegionMember
from schakel.organisations.services import load_reference_data
from tests.factories import UserFactory

REFERENCE_MODELS = [Municipality, PopulationFigure, Region, RegionMember, ClosingDay, Organisation]


def test_every_reference_model_is_registered_in_the_admin():
    assert all(model in admin.site._registry for model in REFERENCE_MODELS)


def test_admin_configuration_passes_django_checks():
    errors = [e for e in checks.run_checks(tags=[checks.Tags.admin]) if e.level >= checks.ERROR]
    assert errors == []


@pytest.mark.django_db
@pytest.mark.urls("tests.organisations.admin_urls")
@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_open_for_a_superuser(login, model):
    load_reference_data()
    ClosingDay.objects.create(region=Region.objects.get(slug="zuid-limburg"), date="2026-05-15",
                              description="Vrijdag na Hemelvaart")
    client = login(UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                args=[model.objects.order_by("pk").first().pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.organisations.admin_urls")
def test_an_administrator_can_move_a_municipality_to_another_region_in_the_admin(login):
    load_reference_data()
    client = login(UserFactory(is_staff=True, is_superuser=True))
    member = RegionMember.objects.get(municipality__cbs_code="GM0988")
    target = Region.objects.get(slug="zuid-limburg")

    response = client.post(reverse("admin:organisations_regionmember_change", args=[member.pk]),
                           {"municipality": member.municipality_id, "region": target.pk})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.region == target
    load_reference_data()
    member.refresh_from_db()
    assert member.region == target
