"""User administration: list, create, memberships, deactivation; scoped to the administrator's region."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.privacy.models import AccessLogEntry
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.people import PASSWORD, with_second_factor

pytestmark = pytest.mark.django_db

NEW_USER = {
    "first_name": "Fenna", "last_name": "de Vries", "username": "fdevries", "email": "f.devries@aadorp.example",
    "role": Role.FOCAL_OFFICER, "initial_password": "",
}


def new_user_data(world, **changes) -> dict:
    return {**NEW_USER, "organisation": world.organisations["a1"].pk, **changes}


# ---------------------------------------------------------------- who may

@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_only_administrators_reach_the_user_pages(world, login, role):
    client = login(world.user(role))

    assert client.get("/beheer/gebruikers").status_code == 403
    assert client.get(f"/beheer/gebruikers/{world.user('reporter').pk}").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get("/beheer/gebruikers")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_administrator_pages_need_the_second_factor(world):
    client = Client()
    client.force_login(world.user(Role.ADMINISTRATOR))

    assert client.get("/beheer/gebruikers")["Location"] == "/account/2fa/totp/activate/"


# ---------------------------------------------------------------- list

def test_list_shows_region_a_people_only(admin_client, world):
    page = admin_client.get("/beheer/gebruikers").content.decode()

    assert world.user("focal_officer").username in page
    assert world.other_municipality.username in page  # A2 is in region A too
    assert world.other_region.username not in page  # region B


def test_national_administrator_sees_everyone(login, world, national_admin):
    page = login(national_admin).get("/beheer/gebruikers").content.decode()

    assert world.other_region.username in page


def test_list_searches_name_user_name_and_e_mail(admin_client, world):
    target = world.user("privacy_officer")

    by_username = admin_client.get("/beheer/gebruikers?q=privacy_off").content.decode()
    by_email = admin_client.get(f"/beheer/gebruikers?q={target.email.upper()}").content.decode()
    nothing = admin_client.get("/beheer/gebruikers?q=zzzz-onbekend").content.decode()

    assert target.username in by_username and world.user("reporter").username not in by_username
    assert target.username in by_email
    assert "Geen gebruikers gevonden met deze zoekopdracht." in nothing
    assert 'value="zzzz-onbekend"' in nothing  # the search keeps what was typed


def test_list_sorts_by_user_name_both_ways(admin_client, world):
    ascending = admin_client.get("/beheer/gebruikers?sorteer=gebruikersnaam").context["page"].object_list
    descending = admin_client.get("/beheer/gebruikers?sorteer=-gebruikersnaam").context["page"].object_list

    names = [u.username for u in ascending]
    assert names == sorted(names)
    assert [u.username for u in descending] == sorted(names, reverse=True)


def test_unknown_sort_key_falls_back_to_name(admin_client):
    assert admin_client.get("/beheer/gebruikers?sorteer=password").context["sort"] == "naam"


def test_list_is_paginated_with_links_that_keep_search_and_sort(admin_client, world):
    for number in range(30):
        user = UserFactory(username=f"medewerker{number:02d}")
        MembershipFactory(user=user, organisation=world.organisations["a1"], role=Role.REPORTER)

    first = admin_client.get("/beheer/gebruikers?q=medewerker&sorteer=gebruikersnaam")
    second = admin_client.get("/beheer/gebruikers?q=medewerker&sorteer=gebruikersnaam&pagina=2")

    assert len(first.context["page"].object_list) == 25
    assert [u.username for u in second.context["page"].object_list] == [f"medewerker{n:02d}" for n in range(25, 30)]
    assert "?q=medewerker&amp;sorteer=gebruikersnaam&amp;pagina=2" in first.content.decode()


# ---------------------------------------------------------------- create

def test_create_user_gives_a_one_time_link_shown_once(admin_client, world):
    response = admin_client.post("/beheer/gebruikers/nieuw", new_user_data(world))

    user = User.objects.get(username="fdevries")
    assert response["Location"] == f"/beheer/gebruikers/{user.pk}"
    assert not user.has_usable_password()
    # A focal officer sees personal data: the first role waits for a second approver (issue 18).
    assert Membership.objects.filter(user=user, organisation=world.organisations["a1"],
                                     role=Role.FOCAL_OFFICER, active=False, requests__outcome="pending").exists()
    first = admin_client.get(response["Location"]).content.decode()
    assert "/account/password/reset/key/" in first
    assert "/account/password/reset/key/" not in admin_client.get(response["Location"]).content.decode()


def test_set_password_link_works_once(admin_client, world):
    admin_client.post("/beheer/gebruikers/nieuw", new_user_data(world))
    user = User.objects.get(username="fdevries")
    page = admin_client.get(f"/beheer/gebruikers/{user.pk}").content.decode()
    link = page.split("http://testserver", 1)[1].split("<", 1)[0]

    newcomer = Client()
    form_page = newcomer.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = newcomer.post(action, {"password1": "een-heel-nieuw-wachtwoord", "password2": "een-heel-nieuw-wachtwoord"})
    again = Client().get(link, follow=True)

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("een-heel-nieuw-wachtwoord")
    assert "Ongeldige" in again.content.decode() or "ongeldig" in again.content.decode()


def test_create_with_initial_password_checks_the_password_rules(admin_client, world):
    response = admin_client.post("/beheer/gebruikers/nieuw", new_user_data(world, initial_password="kort"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in text
    assert 'id="id_initial_password-error"' in text
    assert 'value="f.devries@aadorp.example"' in text  # what was typed is kept
    assert not User.objects.filter(username="fdevries").exists()


def test_create_refuses_a_common_password(admin_client, world):
    response = admin_client.post("/beheer/gebruikers/nieuw", new_user_data(world, initial_password="qwerty123456"))

    assert "Dit wachtwoord is te algemeen." in response.content.decode()


def test_missing_fields_get_dutch_messages_next_to_the_field(admin_client, world):
    response = admin_client.post("/beheer/gebruikers/nieuw", {**new_user_data(world), "email": "", "role": ""})

    text = response.content.decode()
    # The message names the field (issue 12) instead of Django's "Dit veld is vereist.".
    assert 'id="id_email-error"' in text and "Vul ‘" in text and "Dit veld is vereist." not in text
    assert 'aria-invalid="true"' in text
    assert 'value="fdevries"' in text


def test_double_submit_creates_one_user(admin_client, world):
    data = new_user_data(world)
    admin_client.post("/beheer/gebruikers/nieuw", data)

    second = admin_client.post("/beheer/gebruikers/nieuw", data)

    assert User.objects.filter(username="fdevries").count() == 1
    assert "Er is al een gebruiker met deze gebruikersnaam." in second.content.decode()


def test_organisation_outside_the_region_cannot_be_chosen(admin_client, world):
    response = admin_client.post("/beheer/gebruikers/nieuw",
                                 new_user_data(world, organisation=world.organisations["b1"].pk))

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.content.decode()
    assert not User.objects.filter(username="fdevries").exists()


def test_creation_is_written_to_the_access_log(admin_client, world, admin_a):
    admin_client.post("/beheer/gebruikers/nieuw", new_user_data(world))
    user = User.objects.get(username="fdevries")

    entries = AccessLogEntry.objects.filter(user=admin_a, action="create")
    assert set(entries.values_list("record_type", flat=True)) == {"accounts.user", "accounts.membership"}
    assert entries.filter(record_type="accounts.user", record_id=str(user.pk)).exists()


# ---------------------------------------------------------------- edit

def test_edit_user_details_and_audit(admin_client, world, admin_a):
    target = world.user("reporter")

    response = admin_client.post(f"/beheer/gebruikers/{target.pk}", {
        "first_name": "Rik", "last_name": target.last_name, "username": target.username, "email": target.email})

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.first_name == "Rik"
    entry = AccessLogEntry.objects.get(user=admin_a, action="change", record_id=str(target.pk))
    assert "first_name" in entry.reason


def test_user_of_another_region_is_not_found(admin_client, world):
    assert admin_client.get(f"/beheer/gebruikers/{world.other_region.pk}").status_code == 404
    assert admin_client.post(f"/beheer/gebruikers/{world.other_region.pk}/deactiveren",
                             {"confirm": "on"}).status_code == 404


def test_add_a_regional_focal_officer_membership_for_municipalities_of_one_region(admin_client, world):
    target = world.user("focal_officer")

    response = admin_client.post(f"/beheer/gebruikers/{target.pk}/rollen/nieuw", {
        "organisation": world.organisations["region_a"].pk, "role": Role.FOCAL_OFFICER,
        "acts_for": [world.a1.pk, world.a2.pk]})

    assert response.status_code == 302
    membership = Membership.objects.get(user=target, organisation=world.organisations["region_a"])
    assert set(membership.acts_for.all()) == {world.a1, world.a2}
    assert membership.active is False  # waits for a second approver (issue 18)
    assert membership.requests.get().proposed_acts_for == sorted([world.a1.pk, world.a2.pk])


def test_acts_for_outside_the_organisations_region_is_refused_next_to_the_field(login, world, national_admin):
    client = login(national_admin)
    target = world.user("focal_officer")

    response = client.post(f"/beheer/gebruikers/{target.pk}/rollen/nieuw", {
        "organisation": world.organisations["region_a"].pk, "role": Role.FOCAL_OFFICER,
        "acts_for": [world.a1.pk, world.b1.pk]})

    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_acts_for-error"' in text
    assert "Alleen gemeenten van regio Regio A; niet: Bedum-Test." in text


def test_backup_must_hold_the_same_role_at_the_same_organisation(admin_client, world):
    officer = world.user("focal_officer")
    membership = officer.memberships.get()
    colleague = UserFactory(username="collega-af")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)

    refused = admin_client.post(f"/beheer/gebruikers/{officer.pk}/rollen/{membership.pk}", {
        "backup": world.user("policy_officer").pk, "active": "on"})
    accepted = admin_client.post(f"/beheer/gebruikers/{officer.pk}/rollen/{membership.pk}", {
        "backup": colleague.pk, "absent": "on", "active": "on"})

    assert "De vervanger moet een actieve gebruiker met dezelfde rol" in refused.content.decode() \
        or "Selecteer een geldige keuze" in refused.content.decode()
    assert accepted.status_code == 302
    membership.refresh_from_db()
    assert membership.backup == colleague and membership.absent


def test_revoking_a_role_takes_its_rights_away_at_once(admin_client, world):
    officer = world.user("focal_officer")
    membership = officer.memberships.get()

    admin_client.post(f"/beheer/gebruikers/{officer.pk}/rollen/{membership.pk}", {})

    membership.refresh_from_db()
    assert membership.active is False
    assert with_second_factor(Client(), officer).get("/beheer/rechten").status_code == 403


def test_administrator_cannot_revoke_their_own_administrator_role(admin_client, world, admin_a):
    membership = admin_a.memberships.get(role=Role.ADMINISTRATOR)

    response = admin_client.post(f"/beheer/gebruikers/{admin_a.pk}/rollen/{membership.pk}", {})

    membership.refresh_from_db()
    assert membership.active
    assert "U kunt uw eigen beheerdersrol niet intrekken" in response.content.decode()


# ---------------------------------------------------------------- deactivate

def test_deactivation_asks_for_confirmation_first(admin_client, world):
    target = world.user("focal_officer")

    page = admin_client.get(f"/beheer/gebruikers/{target.pk}/deactiveren").content.decode()
    unconfirmed = admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {})

    assert "alle sessies die nu open staan, worden beëindigd" in page
    assert "Vink aan dat u deze gebruiker wilt deactiveren." in unconfirmed.content.decode()
    target.refresh_from_db()
    assert target.is_active


def test_deactivation_ends_every_session_of_that_user_at_once(admin_client, world):
    target = world.user("focal_officer")
    first, second = with_second_factor(Client(), target), with_second_factor(Client(), target)
    bystander = with_second_factor(Client(), world.user("reporter"))
    assert first.get("/").status_code == second.get("/").status_code == 200

    response = admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren",
                                 {"confirm": "on", "reason": "uit dienst"})

    assert response.status_code == 302
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302
    assert bystander.get("/").status_code == 200
    assert not any(s.get_decoded().get("_auth_user_id") == str(target.pk) for s in Session.objects.all())
    assert "2 sessie(s) beëindigd" in admin_client.get(response["Location"]).content.decode()


def test_deactivated_user_cannot_log_in_again(admin_client, world):
    target = world.user("reporter")
    admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {"confirm": "on"})

    client = Client()
    client.post("/account/login/", {"login": target.username, "password": PASSWORD})

    assert client.get("/").status_code == 302


def test_deactivation_twice_acts_once_and_says_so(admin_client, world, admin_a):
    target = world.user("reporter")
    admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {"confirm": "on"})

    second = admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {"confirm": "on"}, follow=True)

    assert "Deze gebruiker is al gedeactiveerd." in second.content.decode()
    assert AccessLogEntry.objects.filter(user=admin_a, record_id=str(target.pk), action="change").count() == 1


def test_deactivation_is_logged_with_the_reason(admin_client, world, admin_a):
    target = world.user("reporter")

    admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {"confirm": "on", "reason": "uit dienst"})

    entry = AccessLogEntry.objects.get(user=admin_a, record_id=str(target.pk), action="change")
    assert entry.record_type == "accounts.user"
    assert "gedeactiveerd" in entry.reason and "uit dienst" in entry.reason


def test_administrator_cannot_deactivate_themselves(admin_client, admin_a):
    admin_client.post(f"/beheer/gebruikers/{admin_a.pk}/deactiveren", {"confirm": "on"})

    admin_a.refresh_from_db()
    assert admin_a.is_active


def test_reactivation(admin_client, world):
    target = world.user("reporter")
    admin_client.post(f"/beheer/gebruikers/{target.pk}/deactiveren", {"confirm": "on"})

    admin_client.post(f"/beheer/gebruikers/{target.pk}/activeren")

    target.refresh_from_db()
    assert target.is_active


# ---------------------------------------------------------------- second factor reset

def test_reset_second_factor_removes_the_authenticators_and_ends_sessions(admin_client, world):
    from allauth.mfa.models import Authenticator

    from tests.accounts.conftest import give_totp

    target = world.user("focal_officer")
    give_totp(target)
    session = with_second_factor(Client(), target)

    admin_client.post(f"/beheer/gebruikers/{target.pk}/tweestapsverificatie")

    assert not Authenticator.objects.filter(user=target).exists()
    assert session.get("/").status_code == 302


def test_list_shows_only_the_memberships_the_administrator_manages(admin_client, world):
    person = world.user("reporter")
    MembershipFactory(user=person, organisation=world.organisations["b1"], role=Role.POLICY_OFFICER)

    page = admin_client.get("/beheer/gebruikers?q=reporter").content.decode()

    assert "Gemeente Aadorp" in page
    assert "Gemeente Bedum-Test" not in page
