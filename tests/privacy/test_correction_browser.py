"""In a real browser (axe-core and a 320 px reflow check on every state): a correction request applied.

The privacy officer registers a correction request, finds the person's signal, submits the
prefilled "Correctie toepassen" form without a reason (refused, input kept), then with one.
"""

import pytest
from playwright.sync_api import expect

from schakel.signalling.models import SignalEntity
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.browser


def test_the_privacy_officer_applies_a_correction_from_the_request(page, world, browser_login):
    signal = SignalFactory(municipality=world.a1)
    entity = add_entity(signal, "person", {"name": "Piet de Vries", "date_of_birth": "1990-01-02"},
                        person_role="presumed_victim")

    browser_login(page, world.user("privacy_officer"))
    page.goto("/privacy/verzoeken")
    page.get_by_label("Soort verzoek").select_option(label="Correctie")
    page.get_by_label("Naam van de betrokkene").fill("Piet de Vries")
    page.get_by_role("button", name="Verzoek registreren").click()
    page.get_by_role("link", name="Zoeken en overzicht tonen (wordt gelogd)").click()
    expect(page.get_by_role("heading", level=3, name="Correctie toepassen")).to_be_visible()
    name = page.locator("#id_c0-name")
    expect(name).to_have_value("Piet de Vries")

    name.fill("Pieter de Wit")
    page.get_by_label("Ja, ik weet het zeker").check()
    page.get_by_role("button", name=f"Correctie toepassen op {signal.reference}").click()
    expect(page.locator("#error-summary")).to_contain_text("Reden")
    expect(page.locator("#id_c0-name")).to_have_value("Pieter de Wit")

    page.get_by_label("Reden").fill("Naam verkeerd gespeld, paspoort gezien")
    page.get_by_label("Ja, ik weet het zeker").check()
    page.get_by_role("button", name=f"Correctie toepassen op {signal.reference}").click()
    expect(page.locator(".schakel-messages")).to_contain_text(f"{signal.reference} is gecorrigeerd (naam)")
    entity.refresh_from_db()
    assert entity.data["name"] == "Pieter de Wit"
