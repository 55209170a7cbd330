"""The staff form links to the signal guide: the list, or the reporter's department's guide once known."""

from __future__ import annotations

import pytest

from schakel.signalling.catalogue import load_indicator_catalogue
from tests.signalling.test_intake_pages import form_data, token_of

pytestmark = pytest.mark.django_db


def test_the_staff_form_links_to_the_signal_guides(world, login):
    client = login(world.user("reporter"))
    page = client.get("/signalen/melden").content.decode()
    assert 'href="/netwerk/signaalwijzers/"' in page
    assert "Signaalwijzer voor uw afdeling" in page
    assert client.get("/netwerk/signaalwijzers/").status_code == 200


def test_with_the_department_chosen_the_link_goes_to_that_departments_guide(world, login):
    load_indicator_catalogue()
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    response = client.post("/signalen/melden", form_data(token, municipality=world.a1.pk,
                                                         reporter_department="school_attendance"))
    assert response.status_code == 200  # no description: the form comes back with what was typed
    assert 'href="/netwerk/signaalwijzers/leerplicht/"' in response.content.decode()
