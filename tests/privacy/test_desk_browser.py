"""In a real browser (axe-core and a 320 px reflow check on every state): the privacy officer's desk.

Unusual access reviewed, someone's emergency access ended after an explicit yes, a retention dry
run, a legal hold that the purge then respects, and an erasure request answered.
"""

import datetime

import pytest
from playwright.sync_api import expect

from schakel.clock import now
from schakel.privacy.emergency import break_glass
from schakel.privacy.models import AccessFlag, FlagKind
from schakel.signalling.models import Signal
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.browser

GRANT_REASON = "Melder belt opnieuw, eigen aandachtsfunctionaris is afwezig"
END_REASON = "Geen spoed meer: de eigen collega is terug"


def test_the_privacy_officer_works_through_the_desk(page, world, browser_login):
    moment = now()
    grant = break_glass(user=world.other_municipality, record=SignalFactory(municipality=world.a1),
                        reason=GRANT_REASON)
    AccessFlag.objects.create(kind=FlagKind.AFTER_HOURS, user=world.user("focal_officer"), window_start=moment,
                              window_end=moment, count=4, detail="4 keer toegang buiten kantoortijd",
                              owner_keys=f" m{world.a1.pk} ", found_at=moment)
    old = SignalFactory(municipality=world.a1, status="closed", close_reason="not_trafficking",
                        closed_at=moment - datetime.timedelta(days=800))
    held = SignalFactory(municipality=world.a1, status="closed", close_reason="not_trafficking",
                         closed_at=moment - datetime.timedelta(days=800))
    add_entity(old, "person", {"name": "Piet de Vries"}, person_role="presumed_victim")

    browser_login(page, world.user("privacy_officer"))
    page.goto("/privacy/bureau")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacybureau")
    attention = page.get_by_role("table", name="Wat uw aandacht vraagt")
    expect(attention).to_contain_text("Lopende noodtoegang tot uw gegevens")

    # Unusual access: checked with a note.
    page.get_by_role("link", name="Opvallende toegang, nog niet gecontroleerd").click()
    expect(page.locator("main")).to_contain_text("Toegang buiten kantoortijd")
    page.get_by_label("Notitie").fill("Besproken met de medewerker: spoedoverleg met de politie")
    page.get_by_role("button", name="Gecontroleerd").click()
    expect(page.locator(".schakel-messages")).to_contain_text("als gecontroleerd gemarkeerd")

    # Someone's emergency access: not ended without an explicit yes, then ended.
    page.get_by_role("navigation", name="Privacybureau").get_by_role("link", name="Noodtoegang").click()
    expect(page.locator("main")).to_contain_text(GRANT_REASON)
    page.get_by_label("Reden").fill(END_REASON)
    page.get_by_role("button", name="Noodtoegang beëindigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Ja, ik weet het zeker")
    expect(page.get_by_label("Reden")).to_have_value(END_REASON)
    page.get_by_label("Ja, ik weet het zeker").check()
    page.get_by_role("button", name="Noodtoegang beëindigen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De noodtoegang is beëindigd")
    grant.refresh_from_db()
    assert grant.ended_at is not None

    # A legal hold on one of the expired signals.
    page.get_by_role("navigation", name="Privacybureau").get_by_role("link", name="Bewaarplicht").click()
    page.get_by_label("Kenmerk", exact=True).fill(held.reference)
    page.get_by_label("Reden").fill("Strafrechtelijk onderzoek loopt nog")
    page.get_by_label("Opnieuw beoordelen op").fill((moment + datetime.timedelta(days=90)).strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Bewaarplicht plaatsen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De bewaarplicht is geplaatst")
    expect(page.get_by_role("table")).to_contain_text(held.reference)

    # The dry run lists the expired signal and counts the held one apart; nothing goes.
    page.get_by_role("navigation", name="Privacybureau").get_by_role("link", name="Bewaartermijnen").click()
    page.get_by_role("button", name="Proefdraai uitvoeren").click()
    dry_run = page.get_by_role("table", name="Proefdraai: 1 gegeven zou worden verwijderd")
    expect(dry_run).to_contain_text(old.reference)
    expect(dry_run).not_to_contain_text(held.reference)
    skipped = page.get_by_role("table", name="Overgeslagen wegens bewaarplicht")
    expect(skipped).to_contain_text(held.reference)
    expect(skipped).to_contain_text("Strafrechtelijk onderzoek loopt nog")
    assert Signal.objects.filter(pk__in=[old.pk, held.pk]).count() == 2

    # A data-subject request for erasure: registered, the person's signal found and erased after a yes.
    page.get_by_role("navigation", name="Privacybureau").get_by_role("link", name="Verzoeken van betrokkenen").click()
    page.get_by_label("Soort verzoek").select_option(label="Verwijdering")
    page.get_by_label("Naam van de betrokkene").fill("Piet de Vries")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het verzoek is geregistreerd")
    page.get_by_role("link", name="Zoeken en overzicht tonen (wordt gelogd)").click()
    expect(page.get_by_role("heading", level=2, name=f"Signaal {old.reference}")).to_be_visible()
    page.get_by_label("Reden").fill("Verzoek tot verwijdering toegewezen, geen bewaarplicht")
    page.get_by_label("Ja, ik weet het zeker").check()
    page.get_by_role("button", name=f"{old.reference} wissen").click()
    expect(page.locator(".schakel-messages")).to_contain_text(f"{old.reference} is gewist")
    assert not Signal.objects.filter(pk=old.pk).exists()
    assert Signal.objects.filter(pk=held.pk).exists()

    # Back on the desk: the request and its deadline.
    page.get_by_role("navigation", name="Privacybureau").get_by_role("link", name="Privacybureau").click()
    expect(page.get_by_role("table", name="Eerstvolgende termijnen van verzoeken")).to_contain_text("Verwijdering")
