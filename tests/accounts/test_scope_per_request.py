"""The user's scope is computed once per request and never kept between requests.

A membership, role, organisation or region change and a deactivation count from the very next
request, whatever way they were written (a service, the admin, or a bulk `.update()` that sends
no signals). Within one request the memberships are read once, and shared by the scope, the
access log and the page frame.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, forget_scope, scope_for
from schakel.organisations.models import Organisation, RegionMember
from schakel.privacy.audit import actor_identity
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


@pytest.fixture
def signal_a1(world):
    return SignalFactory(municipality=world.a1, reference="2026-000101")


@pytest.fixture
def signal_a2(world):
    return SignalFactory(municipality=world.a2, reference="2026-000102")


def _membership(user) -> Membership:
    return Membership.objects.get(user=user, role=Role.FOCAL_OFFICER)


def test_a_deactivated_membership_closes_the_inbox_on_the_next_request(world, login, officer, signal_a1):
    client = login(officer)
    assert client.get("/signalen/").status_code == 200
    assert client.get(f"/signalen/{signal_a1.reference}/").status_code == 200

    Membership.objects.filter(pk=_membership(officer).pk).update(active=False)  # no model signals

    assert client.get("/signalen/").status_code == 403
    assert client.get(f"/signalen/{signal_a1.reference}/").status_code == 403


def test_a_role_change_counts_on_the_next_request(world, login, officer, signal_a1):
    client = login(officer)
    assert client.get("/signalen/").status_code == 200

    Membership.objects.filter(pk=_membership(officer).pk).update(role=Role.REPORTER)

    assert client.get("/signalen/").status_code == 403
    assert client.get("/api/v1/signals").status_code == 403


def test_a_new_municipality_to_act_for_counts_on_the_next_request(world, login, officer, signal_a2):
    client = login(officer)
    assert client.get(f"/signalen/{signal_a2.reference}/").status_code == 404

    _membership(officer).acts_for.add(world.a1, world.a2)

    assert client.get(f"/signalen/{signal_a2.reference}/").status_code == 200


def test_a_deactivated_organisation_counts_on_the_next_request(world, login, officer, signal_a1):
    client = login(officer)
    assert client.get(f"/signalen/{signal_a1.reference}/").status_code == 200

    Organisation.objects.filter(pk=world.organisations["a1"].pk).update(active=False)

    assert client.get(f"/signalen/{signal_a1.reference}/").status_code == 403


def test_a_deactivated_user_is_logged_out_on_the_next_request(world, login, officer):
    client = login(officer)
    assert client.get("/signalen/").status_code == 200

    User.objects.filter(pk=officer.pk).update(is_active=False)

    response = client.get("/signalen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_a_municipality_moved_to_another_region_counts_on_the_next_request(world):
    coordinator = world.user("care_coordinator")
    assert world.b1.pk not in scope_for(User.objects.get(pk=coordinator.pk)).municipalities_for(Role.CARE_COORDINATOR)

    RegionMember.objects.filter(municipality=world.b1).update(region=world.region_a)

    fresh = User.objects.get(pk=coordinator.pk)  # what the next request loads
    assert world.b1.pk in scope_for(fresh).municipalities_for(Role.CARE_COORDINATOR)


def test_within_a_request_the_memberships_are_read_once_for_scope_log_and_frame(world, officer):
    user = User.objects.get(pk=officer.pk)
    with CaptureQueriesContext(connection) as queries:
        scope = scope_for(user)
        identity = actor_identity(user)
        memberships = active_memberships(user)
        scope_for(user)
    assert len(queries) == 1  # the memberships with organisation, municipality and region (no acts-for here)
    assert scope.municipalities_for(Role.FOCAL_OFFICER) == {world.a1.pk}
    assert identity.roles == "focal_officer"
    assert f" m{world.a1.pk} " in identity.scope_keys and f" r{world.region_a.pk} " in identity.scope_keys
    assert [m.organisation for m in memberships] == [world.organisations["a1"]]


def test_forget_scope_reads_the_memberships_again(world, officer):
    user = User.objects.get(pk=officer.pk)
    assert scope_for(user).has_role(Role.FOCAL_OFFICER)
    Membership.objects.filter(user=user).update(active=False)

    forget_scope(user)

    assert scope_for(user).roles == frozenset()
    assert actor_identity(user).roles == ""


def test_acts_for_municipalities_cost_one_more_query_only_when_there_are_any(world, officer):
    _membership(officer).acts_for.add(world.a1, world.a2)
    user = User.objects.get(pk=officer.pk)

    with CaptureQueriesContext(connection) as queries:
        scope = scope_for(user)
        identity = actor_identity(user)

    assert len(queries) == 2
    assert scope.municipalities_for(Role.FOCAL_OFFICER) == {world.a1.pk, world.a2.pk}
    assert f" m{world.a2.pk} " in identity.scope_keys


def _as_the_orm_reads_them(user) -> list[tuple]:
    """What the ORM's select_related + Exists query gave for the user, field by field."""
    from django.db.models import Exists, OuterRef

    from schakel.privacy.models import EmergencyAccess

    rows = (Membership.objects.filter(user=user, active=True)
            .select_related("organisation__municipality__region_membership")
            .annotate(acts_for_any=Exists(Membership.acts_for.through.objects.filter(membership_id=OuterRef("pk"))),
                      has_emergency_grant=Exists(EmergencyAccess.objects.filter(user=user.pk, expires_at__gt=NOW)))
            .order_by("id"))
    return [_described(m) for m in rows]


def _described(membership) -> tuple:
    def fields(instance):
        return None if instance is None else tuple(
            getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields)

    organisation = membership.organisation
    municipality = organisation.municipality
    region_member = getattr(municipality, "region_membership", None) if municipality is not None else None
    return (fields(membership), fields(organisation), fields(municipality), fields(region_member),
            membership.acts_for_any, membership.has_emergency_grant)


def test_the_membership_query_gives_what_the_orm_gave_with_every_relation_loaded(world):
    from schakel.organisations.models import Municipality
    from schakel.privacy.models import EmergencyAccess

    user = world.user("focal_officer")
    # Besides the focal officer's municipal membership: a regional one acting for two municipalities,
    # one of an organisation without municipality, one of a municipality without region, an inactive one.
    regional = Membership.objects.create(user=user, organisation=world.organisations["region_a"],
                                         role=Role.CARE_COORDINATOR)
    Membership.objects.create(user=user, organisation=world.organisations["region_a"], role=Role.FOCAL_OFFICER) \
        .acts_for.add(world.a1, world.a2)
    Membership.objects.create(user=user, organisation=world.organisations["police_a"], role=Role.PARTNER_MEMBER)
    loose = Municipality.objects.create(cbs_code="GM9999", name="Zonderregio", province="Utrecht")
    Membership.objects.create(user=user, role=Role.POLICY_OFFICER, organisation=Organisation.objects.create(
        name="Gemeente Zonderregio", kind="municipality", municipality=loose))
    Membership.objects.filter(pk=regional.pk).update(active=False)
    EmergencyAccess.objects.create(user=user, record_type="signalling.signal", record_id="1", reason="Acuut gevaar.",
                                   granted_at=NOW - datetime.timedelta(hours=1),
                                   expires_at=NOW + datetime.timedelta(hours=1))
    expected = _as_the_orm_reads_them(user)
    assert len(expected) == 4 and {row[-2] for row in expected} == {True, False} and expected[0][-1] is True

    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        memberships = active_memberships(fresh)
        described = [_described(m) for m in memberships]

    assert described == expected
    assert len(queries) == 2  # the memberships, and the acts-for municipalities of the one acting for some
    EmergencyAccess.objects.update(expires_at=NOW - datetime.timedelta(minutes=1))
    forget_scope(fresh)
    assert not any(m.has_emergency_grant for m in active_memberships(fresh))
