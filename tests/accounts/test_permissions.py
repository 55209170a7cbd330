"""Named permissions: one registry, checked through `rules`, shown as a permission x role matrix."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import ImproperlyConfigured

from schakel.accounts import permissions
from schakel.accounts.permissions import PERMISSION_TABLE, has_permission, permission_matrix, role_permission
from schakel.accounts.roles import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def scratch_registry(monkeypatch):
    """Register test permissions in a copy of the table and forget them afterwards."""
    monkeypatch.setattr(permissions, "PERMISSION_TABLE", dict(PERMISSION_TABLE))
    added: list[str] = []
    original = rules.add_perm

    def add_perm(name, predicate):
        added.append(name)
        original(name, predicate)

    monkeypatch.setattr(rules, "add_perm", add_perm)
    yield permissions.PERMISSION_TABLE
    for name in added:
        rules.remove_perm(name)


def test_accounts_and_organisations_permissions_are_registered():
    assert {"accounts.manage_users", "accounts.issue_api_tokens", "accounts.view_permission_overview",
            "organisations.manage_organisations", "organisations.manage_regions"} <= set(PERMISSION_TABLE)
    assert PERMISSION_TABLE["accounts.view_permission_overview"].roles == {Role.ADMINISTRATOR, Role.PRIVACY_OFFICER}


def test_every_registered_permission_is_a_rules_permission():
    assert all(rules.perm_exists(name) for name in PERMISSION_TABLE)


def test_administrator_holds_no_permission_on_signal_or_case_content():
    administrator = {entry.name for entry in PERMISSION_TABLE.values() if Role.ADMINISTRATOR in entry.roles}
    content_apps = ("signalling", "screening", "actions", "care", "measures", "linkage", "privacy")
    assert not [name for name in administrator if name.split(".")[0] in content_apps]
    # Besides users and organisations, only the region's configuration (no personal data in it).
    assert {name for name in administrator if name.split(".")[0] not in ("accounts", "organisations")} <= {
        "policy.apply_profiles"}


@pytest.mark.django_db
def test_permission_follows_active_memberships_only(world):
    administrator = world.user(Role.ADMINISTRATOR)
    assert has_permission(administrator, "accounts.manage_users")

    administrator.memberships.update(active=False)
    administrator = type(administrator).objects.get(pk=administrator.pk)  # a new request: no cached scope

    assert not has_permission(administrator, "accounts.manage_users")


@pytest.mark.django_db
def test_superuser_flag_grants_nothing(world):
    superuser = UserFactory(username="super", is_superuser=True, is_staff=True)

    assert not has_permission(superuser, "accounts.manage_users")


@pytest.mark.django_db
def test_anonymous_and_deactivated_users_have_no_permission(world):
    from django.contrib.auth.models import AnonymousUser

    administrator = world.user(Role.ADMINISTRATOR)
    administrator.is_active = False

    assert not has_permission(AnonymousUser(), "accounts.manage_users")
    assert not has_permission(administrator, "accounts.manage_users")


def test_unknown_permission_is_an_error_not_a_refusal():
    with pytest.raises(ImproperlyConfigured):
        has_permission(None, "accounts.does_not_exist")


def test_registering_a_name_twice_fails_at_once(scratch_registry):
    role_permission("tests.once", roles={Role.REPORTER}, description="Eén keer")

    with pytest.raises(ImproperlyConfigured):
        role_permission("tests.once", roles={Role.REPORTER}, description="Twee keer")


def test_unknown_role_and_unnamespaced_names_are_refused(scratch_registry):
    with pytest.raises(ImproperlyConfigured):
        role_permission("tests.bad_role", roles={"wizard"}, description="?")
    with pytest.raises(ImproperlyConfigured):
        role_permission("no_app_label", roles={Role.REPORTER}, description="?")


@pytest.mark.django_db
def test_object_predicate_is_combined_with_the_roles(scratch_registry, world):
    @rules.predicate
    def is_own_municipality(user, municipality):
        return municipality is not None and municipality.pk == world.a1.pk

    role_permission("tests.view_municipality", roles={Role.FOCAL_OFFICER}, description="Gemeente bekijken",
                    predicate=is_own_municipality)
    officer = world.user(Role.FOCAL_OFFICER)

    assert has_permission(officer, "tests.view_municipality", world.a1)
    assert not has_permission(officer, "tests.view_municipality", world.a2)
    assert not has_permission(world.user(Role.REPORTER), "tests.view_municipality", world.a1)


def test_matrix_has_a_cell_per_role_in_role_order(scratch_registry):
    role_permission("tests.matrix", roles={Role.REPORTER, Role.POLICY_OFFICER}, description="Matrix")

    group = next(g for g in permission_matrix() if g["app_label"] == "tests")
    row = next(r for r in group["rows"] if r["entry"].name == "tests.matrix")

    assert row["cells"] == [role in {Role.REPORTER, Role.POLICY_OFFICER} for role in Role.values]


@pytest.mark.django_db
def test_overview_page_shows_the_matrix_in_dutch_to_administrator_and_privacy_officer(world, login):
    for role in (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER):
        page = login(world.user(role)).get("/beheer/rechten")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Rechten per rol" in text
        assert "Gebruikers aanmaken, wijzigen en deactiveren" in text
        assert "Functioneel beheerder" in text and "Aandachtsfunctionaris" in text
        assert '<th class="utrecht-table__header-cell" scope="row">' in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REPORTER, Role.FOCAL_OFFICER, Role.POLICY_OFFICER, Role.PARTNER_MEMBER])
def test_overview_page_is_refused_to_other_roles(world, login, role):
    assert login(world.user(role)).get("/beheer/rechten").status_code == 403


@pytest.mark.django_db
def test_a_role_in_an_inactive_organisation_counts_for_nothing(world):
    organisation = world.organisations["region_a"]
    user = UserFactory(username="slapend")
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    organisation.active = False
    organisation.save()

    assert not has_permission(user, "accounts.manage_users")
