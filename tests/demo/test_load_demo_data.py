"""The synthetic demo region: every role, marked as demo, idempotent, never in production."""

import datetime
from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from schakel import demo
from schakel.accounts.models import Membership, User
from schakel.accounts.roles import PERSONAL_DATA_ROLES, Role
from schakel.accounts.totp import current_code
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.people import DEMO_PASSWORD
from schakel.demo.services import DemoDataRefused, load_demo_data
from schakel.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PopulationFigure,
    Region,
    RegionMember,
)
from schakel.organisations.services import load_reference_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, 5, tzinfo=datetime.timezone.utc)


def _load():
    """The demo data with no other app's loaders (those are tested by their owners)."""
    return load_demo_data(registry=DemoLoaderRegistry())


def _snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values())
            for model in (Region, Municipality, PopulationFigure, RegionMember, Organisation, User, Membership,
                          Authenticator)}


def test_the_demo_region_has_four_fictional_municipalities_with_gm99_codes():
    _load()

    region = Region.objects.get(is_demo=True)
    assert region.name == "Demoregio Oost"
    members = Municipality.objects.filter(region_membership__region=region).order_by("cbs_code")
    assert [(m.cbs_code, m.name) for m in members] == [
        ("GM9901", "Demodorp"), ("GM9902", "Voorbeeldstad"), ("GM9903", "Proefwijk"), ("GM9904", "Oefenveen")]
    assert all(m.inhabitants_on(datetime.date(2026, 6, 1)) > 10_000 for m in members)
    assert set(PopulationFigure.objects.filter(municipality__in=members).values_list("source", flat=True)) == {
        "Fictief (demogegevens)"}


def test_demo_organisations_are_marked_and_cover_the_region_office_and_partners():
    _load()

    demo_organisations = Organisation.objects.filter(is_demo=True)
    kinds = sorted(demo_organisations.values_list("kind", flat=True))
    assert kinds == sorted([OrganisationKind.MUNICIPALITY] * 4 + [
        OrganisationKind.REGION_OFFICE, OrganisationKind.POLICE, OrganisationKind.LABOUR_INSPECTORATE,
        OrganisationKind.VEILIG_THUIS, OrganisationKind.SHELTER])
    region = Region.objects.get(is_demo=True)
    assert all(organisation.home_region == region for organisation in demo_organisations)
    assert all(organisation.email.endswith("@example.org") for organisation in demo_organisations)


def test_there_is_a_demo_user_for_every_role():
    _load()

    roles = set(Membership.objects.filter(user__is_demo=True).values_list("role", flat=True))
    assert roles == set(Role.values)


def test_demodorp_has_two_focal_officers_who_are_each_others_backup():
    _load()

    officers = {m.user.username: m for m in Membership.objects.filter(
        role=Role.FOCAL_OFFICER, organisation__municipality__cbs_code="GM9901").select_related("user", "backup")}
    assert set(officers) == {"demo-af", "demo-af-vervanger"}
    assert officers["demo-af"].backup.username == "demo-af-vervanger"
    assert officers["demo-af-vervanger"].backup.username == "demo-af"


def test_other_demo_municipalities_have_their_own_or_a_regional_focal_officer():
    _load()

    other = Membership.objects.get(user__username="demo-af-voorbeeldstad")
    regional = Membership.objects.get(user__username="demo-af-regionaal")
    assert (other.role, other.organisation.municipality.cbs_code) == (Role.FOCAL_OFFICER, "GM9902")
    assert regional.organisation.kind == OrganisationKind.REGION_OFFICE
    assert sorted(regional.acts_for.values_list("cbs_code", flat=True)) == ["GM9903", "GM9904"]


def test_demo_users_are_marked_synthetic_with_example_org_addresses():
    _load()

    users = User.objects.filter(username__startswith="demo-")
    assert users.count() == 13
    assert all(user.is_demo for user in users)
    assert all(user.email == f"{user.username}@example.org" for user in users)
    assert all(user.first_name and user.last_name for user in users)
    assert not any(user.is_staff or user.is_superuser for user in users)


def test_the_documented_demo_password_works_and_passes_the_validators():
    _load()

    user = User.objects.get(username="demo-melder")
    assert DEMO_PASSWORD == "demo-wachtwoord-2026"
    assert user.check_password(DEMO_PASSWORD)
    validate_password(DEMO_PASSWORD, user)


@time_machine.travel(NOW, tick=False)
def test_roles_with_personal_data_have_an_allauth_totp_that_accepts_the_current_code():
    _load()

    for membership in Membership.objects.filter(user__is_demo=True).select_related("user"):
        authenticators = set(Authenticator.objects.filter(user=membership.user).values_list("type", flat=True))
        if membership.role in PERSONAL_DATA_ROLES:
            assert authenticators == {"totp", "recovery_codes"}, membership.user.username
            totp = Authenticator.objects.get(user=membership.user, type="totp")
            assert TOTP(totp).validate_code(current_code(membership.user))
        else:
            assert authenticators == set(), membership.user.username


def test_running_twice_creates_no_duplicates_and_changes_nothing():
    _load()
    before = _snapshot()

    report = _load()

    assert report.created == {}
    assert _snapshot() == before


def test_the_command_runs_twice_and_prints_the_password():
    first, second = StringIO(), StringIO()

    call_command("load_demo_data", stdout=first)
    call_command("load_demo_data", stdout=second)

    assert "13 gebruiker" in first.getvalue()
    assert "was er al" in second.getvalue()
    assert "demo-wachtwoord-2026" in second.getvalue()
    assert User.objects.filter(is_demo=True).count() == 13


def test_demo_data_is_refused_in_production(settings):
    settings.ENVIRONMENT = "production"
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="nooit in productie"):
        call_command("load_demo_data", verbosity=0)
    with pytest.raises(DemoDataRefused):
        _load()

    assert not Region.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(is_demo=True).exists()


def test_real_municipalities_and_their_data_are_not_touched():
    load_reference_data()
    real = _snapshot()

    _load()

    after = _snapshot()
    for model in ("Municipality", "PopulationFigure", "RegionMember", "Organisation", "Region"):
        new_ids = {row["id"] for row in after[model]} - {row["id"] for row in real[model]}
        assert [row for row in after[model] if row["id"] not in new_ids] == real[model], model
    assert Municipality.objects.count() == 342 + 4


def test_loading_reference_data_after_the_demo_keeps_the_demo_region_as_it_was():
    load_reference_data()
    _load()
    before = _snapshot()

    report = load_reference_data()

    assert not report.changed
    assert _snapshot() == before
    assert Municipality.objects.filter(cbs_code__startswith="GM99", active=True).count() == 4


def test_a_real_account_with_a_demo_user_name_is_never_taken_over():
    UserFactory(username="demo-beheerder")

    with pytest.raises(DemoDataRefused, match="demo-beheerder"):
        _load()

    assert not User.objects.get(username="demo-beheerder").is_demo
    assert not Region.objects.filter(is_demo=True).exists()


def test_logins_are_empty_before_loading_and_list_every_demo_account_after():
    assert demo.logins() == []

    _load()

    logins = demo.logins()
    assert len(logins) == 13
    assert logins[0] == ("demo-melder", "demo-wachtwoord-2026", "Melder", "Gemeente Demodorp")
    assert ("demo-af-vervanger", "demo-wachtwoord-2026", "Aandachtsfunctionaris", "Gemeente Demodorp") in logins
    assert {label for _, _, label, _ in logins} == {str(label) for label in Role.labels}
    assert all(password == DEMO_PASSWORD for _, password, _, _ in logins)


@time_machine.travel(NOW, tick=False)
def test_a_demo_reporter_logs_in_with_the_demo_password(client):
    _load()

    response = client.post("/account/login/", {"login": "demo-melder", "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_demo_focal_officer_logs_in_with_the_password_and_the_current_code(client):
    _load()
    officer = User.objects.get(username="demo-af")

    first = client.post("/account/login/", {"login": "demo-af", "password": DEMO_PASSWORD})
    second = client.post("/account/2fa/authenticate/", {"code": current_code(officer)})

    assert first["Location"] == "/account/2fa/authenticate/"
    assert second.status_code == 302
    assert client.get("/").status_code == 200
