"""Organisations and regions in the administration pages, scoped to the administrator's region."""

from __future__ import annotations

import datetime

import pytest

from schakel.accounts.roles import Role
from schakel.organisations.models import ClosingDay, Organisation, OrganisationKind, RegionMember
from schakel.privacy.models import AccessLogEntry
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def organisation_data(world, **changes) -> dict:
    return {"name": "Veilig Thuis Regio A", "kind": OrganisationKind.VEILIG_THUIS, "region": world.region_a.pk,
            "municipality": "", "email": "info@vt.example", "phone": "0800-2000", "sso_provider_id": "",
            "active": "on", **changes}


@pytest.mark.parametrize("path", ["/beheer/organisaties", "/beheer/regios", "/beheer/"])
def test_other_roles_get_403(world, login, path):
    assert login(world.user(Role.FOCAL_OFFICER)).get(path).status_code == 403


def test_index_lists_the_administration_sections(admin_client):
    page = admin_client.get("/beheer/").content.decode()

    for title in ("Gebruikers", "Organisaties", "Regio&#x27;s", "Rechten per rol"):
        assert title in page


def test_privacy_officer_sees_only_the_permission_overview_on_the_index(world, login):
    page = login(world.user(Role.PRIVACY_OFFICER)).get("/beheer/").content.decode()

    assert "Rechten per rol" in page
    assert "/beheer/gebruikers" not in page


def test_organisation_list_is_scoped_to_the_region(admin_client, world):
    page = admin_client.get("/beheer/organisaties").content.decode()

    assert "Gemeente Aadorp" in page and "Politie A" in page
    assert "Gemeente Bedum-Test" not in page


def test_create_organisation_in_own_region_and_audit(admin_client, world, admin_a):
    response = admin_client.post("/beheer/organisaties/nieuw", organisation_data(world))

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Veilig Thuis Regio A")
    assert organisation.region == world.region_a
    assert AccessLogEntry.objects.filter(user=admin_a, action="create", record_type="organisations.organisation",
                                         record_id=str(organisation.pk)).exists()


def test_organisation_in_another_region_is_refused(admin_client, world):
    response = admin_client.post("/beheer/organisaties/nieuw", organisation_data(world, region=world.region_b.pk))

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.content.decode()
    assert 'value="Veilig Thuis Regio A"' in response.content.decode()
    assert not Organisation.objects.filter(name="Veilig Thuis Regio A").exists()


def test_regional_administrator_cannot_make_a_national_organisation(admin_client, world):
    response = admin_client.post("/beheer/organisaties/nieuw", organisation_data(world, region=""))

    assert "alleen een landelijk beheerder maakt landelijke organisaties" in response.content.decode()


def test_municipal_organisation_needs_a_municipality(admin_client, world):
    response = admin_client.post("/beheer/organisaties/nieuw",
                                 organisation_data(world, kind=OrganisationKind.MUNICIPALITY))

    assert "Een gemeentelijke organisatie hoort bij een gemeente." in response.content.decode()


def test_duplicate_name_is_refused_next_to_the_field(admin_client, world):
    response = admin_client.post("/beheer/organisaties/nieuw", organisation_data(world, name="gemeente aadorp"))

    assert 'id="id_name-error"' in response.content.decode()
    assert "Er is al een organisatie met deze naam." in response.content.decode()


def test_edit_organisation_sets_its_sso_provider(admin_client, world, admin_a):
    organisation = world.organisations["a1"]
    data = organisation_data(world, name=organisation.name, kind=organisation.kind, region="",
                             municipality=world.a1.pk, sso_provider_id="gemeente-aadorp")

    response = admin_client.post(f"/beheer/organisaties/{organisation.pk}", data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.sso_provider_id == "gemeente-aadorp"
    entry = AccessLogEntry.objects.get(user=admin_a, action="change", record_id=str(organisation.pk))
    assert "sso_provider_id" in entry.reason


def test_organisation_of_another_region_is_not_found(admin_client, world):
    assert admin_client.get(f"/beheer/organisaties/{world.organisations['b1'].pk}").status_code == 404


def test_region_list_shows_own_region_only(admin_client, world, login, national_admin):
    own = admin_client.get("/beheer/regios").content.decode()
    everything = login(national_admin).get("/beheer/regios").content.decode()

    assert "Regio A" in own and "Regio B" not in own
    assert "Regio A" in everything and "Regio B" in everything


def test_region_norms_are_edited_and_checked(admin_client, world):
    refused = admin_client.post(f"/beheer/regios/{world.region_a.pk}",
                                {"name": "Regio A", "first_reaction_days": 8, "triage_days": 6})
    accepted = admin_client.post(f"/beheer/regios/{world.region_a.pk}",
                                 {"name": "Regio A", "first_reaction_days": 3, "triage_days": 8})

    assert "De norm voor triage kan niet korter zijn" in refused.content.decode()
    assert accepted.status_code == 302
    world.region_a.refresh_from_db()
    assert (world.region_a.first_reaction_days, world.region_a.triage_days) == (3, 8)
    assert world.region_a.acute_first_reaction_hours == 4  # left empty: unchanged


def test_the_acute_norm_in_hours_is_edited_per_region(admin_client, world):
    response = admin_client.post(f"/beheer/regios/{world.region_a.pk}", {
        "name": "Regio A", "first_reaction_days": 5, "triage_days": 10, "acute_first_reaction_hours": 2})
    assert response.status_code == 302
    world.region_a.refresh_from_db()
    assert world.region_a.acute_first_reaction_hours == 2
    assert "Norm eerste reactie bij acuut gevaar" in admin_client.get(
        f"/beheer/regios/{world.region_a.pk}").content.decode()


def test_closing_days_are_added_once_and_removed(admin_client, world, admin_a):
    data = {"day-date": "2026-05-15", "day-description": "Vrijdag na Hemelvaart"}

    admin_client.post(f"/beheer/regios/{world.region_a.pk}/sluitingsdagen", data)
    again = admin_client.post(f"/beheer/regios/{world.region_a.pk}/sluitingsdagen", data)

    day = ClosingDay.objects.get(region=world.region_a)
    assert day.date == datetime.date(2026, 5, 15)
    assert "Deze dag staat al in de lijst." in again.content.decode()
    admin_client.post(f"/beheer/regios/{world.region_a.pk}/sluitingsdagen/{day.pk}/verwijderen")
    assert not ClosingDay.objects.filter(region=world.region_a).exists()
    assert AccessLogEntry.objects.filter(user=admin_a, record_type="organisations.region").count() == 2


def test_region_of_another_administrator_is_not_found(admin_client, world):
    assert admin_client.get(f"/beheer/regios/{world.region_b.pk}").status_code == 404
    assert admin_client.post(f"/beheer/regios/{world.region_b.pk}/sluitingsdagen",
                             {"day-date": "2026-05-15", "day-description": "x"}).status_code == 404


def test_only_a_national_administrator_moves_municipalities_between_regions(admin_client, world, login,
                                                                           national_admin):
    newcomer = MunicipalityFactory(cbs_code="GM9003", name="Achtkarspelen-Test", region=world.region_b)

    regional = admin_client.post(f"/beheer/regios/{world.region_a.pk}/gemeenten",
                                 {"place-municipality": newcomer.pk}, follow=True)
    assert "Alleen een landelijk beheerder" in regional.content.decode()
    assert RegionMember.objects.get(municipality=newcomer).region == world.region_b

    login(national_admin).post(f"/beheer/regios/{world.region_a.pk}/gemeenten", {"place-municipality": newcomer.pk})
    assert RegionMember.objects.get(municipality=newcomer).region == world.region_a
