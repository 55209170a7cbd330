"""The network pages: absence by the officer, the backup's Mijn signalen, partner search, the guide."""

from __future__ import annotations

import pytest
import time_machine

from schakel.network.models import Absence, Partner, SignalGuide
from schakel.signalling.models import SignalStatus
from tests.signalling.triage_factories import SignalFactory

from .helpers import MONDAY, second_officer

pytestmark = pytest.mark.django_db


@time_machine.travel(MONDAY, tick=False)
def test_an_officer_records_absence_on_the_page_and_the_backup_sees_the_open_signals(world, login, client):
    officer, backup = world.user("focal_officer"), second_officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer)
    login(officer)
    page = client.get("/netwerk/afwezigheid/")
    assert page.status_code == 200
    choices = page.content.decode()
    assert "Vervanger" in choices and "policy_officer" not in choices
    response = client.post("/netwerk/afwezigheid/", {"starts_on": "2026-03-02", "ends_on": "2026-03-06",
                                                     "backup": backup.pk})
    assert response.status_code == 302 and Absence.objects.get().backup == backup
    login(backup)
    mine = client.get("/signalen/?tab=mine")
    assert signal.reference in mine.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_a_wrong_date_keeps_what_was_typed_and_names_the_field(world, login, client):
    officer, backup = world.user("focal_officer"), second_officer(world)
    login(officer)
    response = client.post("/netwerk/afwezigheid/", {"starts_on": "2026-03-06", "ends_on": "2026-03-02",
                                                     "backup": backup.pk})
    body = response.content.decode()
    assert response.status_code == 400 and "einddatum" in body and 'value="2026-03-06"' in body


def test_an_administrator_cannot_open_an_officer_outside_their_scope(world, login, client):
    login(world.user("administrator"))
    assert client.get(f"/netwerk/afwezigheid/?officer={world.user('focal_officer_b1').pk}").status_code == 404


def test_a_reporter_finds_whom_to_call(world, login, client):
    Partner.objects.create(region=world.region_a, name="Politie AVIM Oost", kind="police_avim",
                           contact_for="Vermoeden van uitbuiting, aangifte", phone="0900 8844",
                           last_confirmed_on="2026-01-05")
    Partner.objects.create(region=world.region_b, name="Opvang elders", kind="shelter", contact_for="Opvang",
                           last_confirmed_on="2026-01-05")
    login(world.user("reporter"))
    body = client.get("/netwerk/sociale-kaart/?q=uitbuiting").content.decode()
    assert "Politie AVIM Oost" in body and "0900 8844" in body and "Opvang elders" not in body


@time_machine.travel(MONDAY, tick=False)
def test_the_chain_director_publishes_a_new_guide_version_and_the_old_one_stays(world, login, client):
    login(world.user("chain_director"))
    for number, text in ((0, "Let op adressen"), (1, "Let op veel inschrijvingen op één adres")):
        response = client.post("/netwerk/signaalwijzers/burgerzaken/bewerken",
                               {"version": number, "look_for": text, "what_to_do": "Meld het."})
        assert response.status_code == 302
    assert list(SignalGuide.objects.values_list("number", flat=True).order_by("number")) == [1, 2]
    stale = client.post("/netwerk/signaalwijzers/burgerzaken/bewerken",
                        {"version": 1, "look_for": "Oud", "what_to_do": "Meld het."})
    assert stale.status_code == 409 and "Oud" in stale.content.decode()
    login(world.user("reporter"))
    body = client.get("/netwerk/signaalwijzers/burgerzaken/").content.decode()
    assert "veel inschrijvingen" in body and "Screeningsoverleg" in body


def test_a_policy_officer_may_not_edit_a_guide(world, login, client):
    login(world.user("policy_officer"))
    assert client.get("/netwerk/signaalwijzers/burgerzaken/bewerken").status_code == 403


def test_the_administrators_backup_choice_offers_only_officers_of_the_same_organisation(world, login, client):
    from schakel.accounts.models import Membership
    from schakel.accounts.roles import Role

    officer, backup = world.user("focal_officer"), second_officer(world)
    membership = Membership.objects.get(user=officer, role=Role.FOCAL_OFFICER)
    login(world.user("administrator"))
    response = client.get(f"/beheer/gebruikers/{officer.pk}/rollen/{membership.pk}")
    assert response.status_code == 200
    choices = {str(user) for user in response.context["form"].fields["backup"].queryset}
    assert str(backup) in choices
    assert str(world.user("reporter")) not in choices and str(world.user("policy_officer")) not in choices
