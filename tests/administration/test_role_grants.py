"""Separation of duties for role grants (issue 18): no self-grant; a personal-data role waits for a second person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from schakel.accounts import services
from schakel.accounts.models import Membership, MembershipRequest
from schakel.accounts.roles import Role
from schakel.accounts.selectors import membership_requests_decidable_by
from schakel.accounts.tenancy import scope_for
from schakel.privacy.selectors import access_log_for
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.people import with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_2(world):
    """A second administrator of region office A."""
    user = UserFactory(username="beheerder-twee")
    MembershipFactory(user=user, organisation=world.organisations["region_a"], role=Role.ADMINISTRATOR)
    return user


def inbox_status(user) -> int:
    return with_second_factor(Client(), user).get("/signalen/").status_code


def grant_focal_officer(actor, user, world) -> Membership:
    return services.add_membership(actor=actor, user=user, organisation=world.organisations["a1"],
                                   role=Role.FOCAL_OFFICER)


def test_service_refuses_a_grant_to_oneself(world, admin_a):
    with pytest.raises(services.AdministrationError, match="U kunt uzelf geen rol toekennen"):
        grant_focal_officer(admin_a, admin_a, world)
    assert not Membership.objects.filter(user=admin_a, role=Role.FOCAL_OFFICER).exists()


def test_service_refuses_a_change_of_ones_own_role(world, admin_a):
    membership = admin_a.memberships.get(role=Role.ADMINISTRATOR)
    with pytest.raises(services.AdministrationError, match="U kunt uzelf geen rol toekennen"):
        services.update_membership(actor=admin_a, membership=membership, acts_for=[], backup=None,
                                   absent=True, active=True)


def test_page_refuses_a_grant_to_oneself_and_the_signals_stay_closed(login, world, admin_a):
    client = login(admin_a)

    response = client.post(f"/beheer/gebruikers/{admin_a.pk}/rollen/nieuw", {
        "organisation": world.organisations["a1"].pk, "role": Role.FOCAL_OFFICER})

    assert response.status_code == 200
    assert "U kunt uzelf geen rol toekennen of uw eigen rol wijzigen" in response.content.decode()
    assert not Membership.objects.filter(user=admin_a, role=Role.FOCAL_OFFICER).exists()
    assert client.get("/signalen/").status_code == 403


def test_focal_officer_grant_waits_for_a_second_administrator(world, admin_a, admin_2):
    target = world.user("policy_officer")

    membership = grant_focal_officer(admin_a, target, world)

    assert membership.active is False
    request = MembershipRequest.objects.get(membership=membership)
    assert request.outcome == MembershipRequest.Outcome.PENDING and request.requested_by == admin_a
    assert not scope_for(target).has_role(Role.FOCAL_OFFICER)
    assert inbox_status(target) == 403

    services.approve_membership_request(actor=admin_2, request=request)

    membership.refresh_from_db()
    request.refresh_from_db()
    assert membership.active is True
    assert request.outcome == MembershipRequest.Outcome.APPROVED and request.decided_by == admin_2
    assert inbox_status(target) == 200


def test_privacy_officer_of_the_organisation_may_approve(world, admin_a):
    target = world.user("policy_officer")
    membership = grant_focal_officer(admin_a, target, world)
    officer = world.user("privacy_officer")
    request = membership.requests.get()

    assert list(membership_requests_decidable_by(officer)) == [request]
    services.approve_membership_request(actor=officer, request=request, reason="Nodig voor het team")

    membership.refresh_from_db()
    assert membership.active is True


def test_requester_cannot_approve_their_own_request(world, admin_a):
    membership = grant_focal_officer(admin_a, world.user("policy_officer"), world)
    request = membership.requests.get()

    assert not membership_requests_decidable_by(admin_a).exists()
    with pytest.raises(services.AdministrationError, match="eigen aanvraag"):
        services.approve_membership_request(actor=admin_a, request=request)
    membership.refresh_from_db()
    assert membership.active is False


def test_requester_cannot_approve_through_the_page(login, world, admin_a):
    membership = grant_focal_officer(admin_a, world.user("policy_officer"), world)
    request = membership.requests.get()

    response = login(admin_a).post(f"/beheer/goedkeuringen/{request.pk}/goedkeuren", {})

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.active is False


def test_reporter_grant_takes_effect_at_once(world, admin_a):
    target = world.user("policy_officer")

    membership = services.add_membership(actor=admin_a, user=target, organisation=world.organisations["a1"],
                                         role=Role.REPORTER)

    assert membership.active is True
    assert not membership.requests.exists()
    assert scope_for(target).has_role(Role.REPORTER)


def test_refusal_needs_a_reason_and_leaves_the_role_inactive(world, admin_a, admin_2):
    target = world.user("policy_officer")
    membership = grant_focal_officer(admin_a, target, world)
    request = membership.requests.get()

    with pytest.raises(ValidationError):
        services.refuse_membership_request(actor=admin_2, request=request, reason="")
    services.refuse_membership_request(actor=admin_2, request=request, reason="Geen aandachtsfunctionaris")

    membership.refresh_from_db()
    request.refresh_from_db()
    assert membership.active is False
    assert request.outcome == MembershipRequest.Outcome.REFUSED and request.reason == "Geen aandachtsfunctionaris"
    assert inbox_status(target) == 403
    with pytest.raises(services.AdministrationError, match="al besloten"):
        services.approve_membership_request(actor=admin_2, request=request)


def test_reactivating_a_personal_data_role_waits_for_approval(world, admin_a, admin_2):
    officer = world.user("focal_officer")
    membership = officer.memberships.get()
    services.update_membership(actor=admin_a, membership=membership, acts_for=[], backup=None, absent=False,
                               active=False)

    services.update_membership(actor=admin_a, membership=membership, acts_for=[], backup=None, absent=False,
                               active=True)

    membership.refresh_from_db()
    assert membership.active is False
    request = membership.requests.get(outcome=MembershipRequest.Outcome.PENDING)
    assert request.kind == MembershipRequest.Kind.REACTIVATE
    services.approve_membership_request(actor=admin_2, request=request)
    membership.refresh_from_db()
    assert membership.active is True


def test_widening_acts_for_waits_for_approval(world, admin_a, admin_2):
    target = world.user("policy_officer")
    membership = services.add_membership(actor=admin_a, user=target, organisation=world.organisations["region_a"],
                                         role=Role.FOCAL_OFFICER, acts_for=[world.a1])
    services.approve_membership_request(actor=admin_2, request=membership.requests.get())
    membership.refresh_from_db()

    services.update_membership(actor=admin_a, membership=membership, acts_for=[world.a1, world.a2], backup=None,
                               absent=False, active=True)

    assert set(membership.acts_for.all()) == {world.a1}
    request = membership.requests.get(outcome=MembershipRequest.Outcome.PENDING)
    assert request.kind == MembershipRequest.Kind.ACTS_FOR and request.proposed_acts_for == sorted(
        [world.a1.pk, world.a2.pk])
    services.approve_membership_request(actor=admin_2, request=request)
    assert set(membership.acts_for.all()) == {world.a1, world.a2}


def test_grant_and_approval_are_in_the_privacy_officers_access_log(world, admin_a, admin_2):
    membership = grant_focal_officer(admin_a, world.user("policy_officer"), world)
    services.approve_membership_request(actor=admin_2, request=membership.requests.get())

    rows = access_log_for(world.user("privacy_officer")).filter(
        record_type="accounts.membership", record_id=str(membership.pk))

    assert rows.filter(username=admin_a.username, action="create").exists()
    assert rows.filter(username=admin_2.username, action="change", reason__contains="goedgekeurd").exists()


def test_approval_page_lists_and_approves(login, world, admin_a, admin_2):
    target = world.user("policy_officer")
    client = login(admin_a)
    response = client.post(f"/beheer/gebruikers/{target.pk}/rollen/nieuw", {
        "organisation": world.organisations["a1"].pk, "role": Role.FOCAL_OFFICER}, follow=True)
    text = response.content.decode()
    assert "wacht op goedkeuring" in text
    assert "Wacht op goedkeuring" in text
    request = MembershipRequest.objects.get(membership__user=target)

    second = with_second_factor(Client(), admin_2)
    assert "Rolaanvragen die op goedkeuring wachten" in second.get("/").content.decode()
    page = second.get("/beheer/goedkeuringen").content.decode()
    assert target.username in page
    second.post(f"/beheer/goedkeuringen/{request.pk}/goedkeuren", {})

    request.refresh_from_db()
    assert request.outcome == MembershipRequest.Outcome.APPROVED
    assert "Er wachten geen rolaanvragen op goedkeuring." in second.get("/beheer/goedkeuringen").content.decode()
    assert "Rolaanvragen die op goedkeuring wachten" not in second.get("/").content.decode()


def test_refusal_through_the_page_needs_a_reason(world, admin_a, admin_2):
    membership = grant_focal_officer(admin_a, world.user("policy_officer"), world)
    request = membership.requests.get()
    second = with_second_factor(Client(), admin_2)

    second.post(f"/beheer/goedkeuringen/{request.pk}/afwijzen", {"reason": ""})
    request.refresh_from_db()
    assert request.outcome == MembershipRequest.Outcome.PENDING

    second.post(f"/beheer/goedkeuringen/{request.pk}/afwijzen", {"reason": "Niet nodig"})
    request.refresh_from_db()
    assert request.outcome == MembershipRequest.Outcome.REFUSED
