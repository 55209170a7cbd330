"""In a real browser (axe-core and the 320 px reflow check run on every page state): the care coordinator
opens a case, records consent, needs, a COSM placement and the reflection period, refers to the shelter;
the shelter's member accepts and completes it, then loses access; a B8 application; the CoMensha export is
downloaded and read back; the case is closed; another region gets 404."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from schakel.care.models import CareCase, CareReferral, ReferralStatus

from .helpers import coordinator, coordinator_of_region_b, shelter_member

pytestmark = pytest.mark.browser

NAME = "Grace Adebayo-Test"


def _open_part(page, section: str, summary: str):
    part = page.locator(f"section#{section}")
    part.locator("summary", has_text=summary).click()
    return part


def test_a_care_case_from_opening_to_the_shelters_acceptance_and_the_comensha_export(page, world, browser_login):
    shelter, member = shelter_member(world)
    browser_login(page, coordinator(world))

    page.goto("/zorg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgtrajecten")
    page.get_by_role("link", name="Cliënt aanmelden").first.click()
    page.get_by_label("Aangemeld door").select_option(label="Politie")
    page.get_by_label("Verantwoordelijke gemeente").select_option(label=world.a1.name)
    page.get_by_label("Hier aangetroffen (niet ingeschreven)").check()
    page.get_by_label("Nationaliteit").select_option(label="Nigeria")
    page.get_by_label("Verblijfssituatie").select_option(label="Derdelander zonder rechtmatig verblijf")
    page.get_by_label("Seksuele uitbuiting").check()
    page.get_by_role("button", name="Zorgtraject openen").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gegevens")  # the name was left empty
    expect(page.get_by_label("Nationaliteit")).to_have_value("NG")  # what was chosen is still there
    page.get_by_label("Naam", exact=True).fill(NAME)
    page.get_by_role("button", name="Zorgtraject openen").click()
    case = CareCase.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zorgtraject {case.client_number}")

    consent = _open_part(page, "consent", "Toestemming vastleggen")
    consent.get_by_label("Gegevens delen met een ketenpartner").check()
    consent.get_by_label("Met organisatie (bij delen)").select_option(label=shelter.name)
    consent.get_by_label("Reikwijdte").fill("Opvang en begeleiding")
    consent.get_by_role("button", name="Toestemming opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De toestemming is vastgelegd.")
    consent = _open_part(page, "consent", "Toestemming vastleggen")
    consent.get_by_label("Registratie bij CoMensha").check()
    consent.get_by_label("Reikwijdte").fill("Geanonimiseerde registratie")
    consent.get_by_role("button", name="Toestemming opslaan").click()
    expect(page.locator("section#consent")).to_contain_text("Registratie bij CoMensha")

    needs = _open_part(page, "needs", "Hulpvraag bijwerken")
    needs.get_by_label("Hulpvraag", exact=True).select_option(label="Opvang")
    needs.get_by_label("Status").select_option(label="Gevraagd")
    needs.get_by_role("button", name="Hulpvraag opslaan").click()
    expect(page.locator("section#needs table")).to_contain_text("Gevraagd (open)")

    shelter_part = _open_part(page, "shelter", "Opvang vastleggen")
    shelter_part.get_by_label("Soort opvang").select_option(label="COSM (categorale opvang)")
    shelter_part.get_by_label(re.compile(r"^Aanbieder")).select_option(label=shelter.name)
    shelter_part.get_by_role("button", name="Opvang vastleggen").click()
    expect(page.locator("section#shelter")).to_contain_text(f"COSM (categorale opvang) bij {shelter.name}")

    reflection = _open_part(page, "reflection", "Bedenktijd starten")
    reflection.get_by_role("button", name="Bedenktijd starten").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De bedenktijd loopt tot en met")

    referral = _open_part(page, "referrals", "Verwijzen naar een partner")
    referral.get_by_label("Naar organisatie").select_option(label="Politie A")  # no consent for the police
    referral.get_by_label("Wat wordt gevraagd").fill("Opvangplek COSM")
    referral.get_by_label("Wat wordt gedeeld").fill("Jonge vrouw, spreekt Engels, tolk nodig.")
    referral.get_by_role("button", name="Verwijzing versturen").click()
    expect(page.locator("section#referrals")).to_contain_text("Er is geen toestemming van de cliënt")
    referral = page.locator("section#referrals")
    expect(referral.get_by_label("Wat wordt gedeeld")).to_have_value("Jonge vrouw, spreekt Engels, tolk nodig.")
    referral.get_by_label("Naar organisatie").select_option(label=shelter.name)
    referral.get_by_role("button", name="Verwijzing versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text(f"De verwijzing naar {shelter.name} is verstuurd.")
    expect(page.locator("section#referrals")).to_contain_text("Gevraagd")

    browser_login(page, member)
    page.goto("/zorg/verwijzingen/")
    page.get_by_role("link", name="Opvangplek COSM").click()
    expect(page.locator("main")).to_contain_text("Jonge vrouw, spreekt Engels, tolk nodig.")
    expect(page.locator("main")).not_to_contain_text(NAME)
    page.get_by_label("Accepteren").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De verwijzing is geaccepteerd.")
    assert CareReferral.objects.get(organisation=shelter).status == ReferralStatus.ACCEPTED
    page.get_by_label("Afgerond (met uitkomst)").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator("main")).to_contain_text("Vul ‘Uitkomst’ in.")  # an outcome is needed
    page.get_by_label("Afgerond (met uitkomst)").check()
    page.get_by_label("Reden, uitkomst of toelichting").fill("Huisarts en GGD bezocht")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator("main")).to_contain_text("Er lopen geen verwijzingen aan uw organisatie")
    referral_url = f"/zorg/verwijzingen/{CareReferral.objects.get(organisation=shelter).pk}/"
    assert page.goto(referral_url).status == 404  # access ends with the referral

    browser_login(page, coordinator(world))
    page.goto(case.get_absolute_url())
    expect(page.locator("section#referrals")).to_contain_text("Afgerond: Huisarts en GGD bezocht")
    b8 = _open_part(page, "reflection", "B8-aanvraag vastleggen")
    b8.get_by_label("Stand van de aanvraag").select_option(label="Aangevraagd, nog geen besluit")
    b8.get_by_role("button", name="B8-aanvraag opslaan").click()
    expect(page.locator("section#reflection")).to_contain_text("Aangevraagd, nog geen besluit")
    page.goto("/zorg/comensha")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.locator("main")).not_to_contain_text(NAME)
    page.get_by_role("button", name="Exporteren en als gemeld markeren").click()
    expect(page.locator(".schakel-messages")).to_contain_text("1 cliënten zijn als gemeld gemarkeerd.")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).first.click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 1 and "NG" in rows[0].values()
    assert NAME not in content and case.client_number not in content

    page.goto(case.get_absolute_url())
    closing = _open_part(page, "status", "Zorgtraject afsluiten")
    closing.get_by_label("Weer een eigen leven").check()
    closing.get_by_role("button", name="Zorgtraject afsluiten").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het zorgtraject is afgesloten.")
    expect(page.locator("section#contacts")).not_to_contain_text("Contact of notitie vastleggen")  # read-only

    browser_login(page, coordinator_of_region_b(world))
    response = page.goto(case.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.locator("main")).not_to_contain_text(NAME)


def test_the_chain_director_records_the_contracted_hours_and_sees_the_caseload_against_them(page, world,
                                                                                            browser_login):
    browser_login(page, world.user("chain_director"))
    page.goto("/zorg/uren")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload en uren")
    expect(page.locator("main")).to_contain_text("nog geen gecontracteerde uren vastgelegd")
    page.get_by_label("Uren per week").fill("veel")
    page.get_by_label("Toelichting").fill("Subsidiebeschikking")
    page.get_by_role("button", name="Uren vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gegevens")
    expect(page.get_by_label("Toelichting")).to_have_value("Subsidiebeschikking")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("Geldt vanaf").fill("2022-05-01")
    page.get_by_role("button", name="Uren vastleggen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De gecontracteerde uren zijn vastgelegd.")
    expect(page.locator("main")).to_contain_text("32,0 uur per week vanaf 1 mei 2022")


def test_the_coordinator_records_a_shelters_capacity_and_sees_what_is_free(page, world, browser_login):
    shelter, _member = shelter_member(world)
    browser_login(page, coordinator(world))
    page.goto("/zorg/")
    page.get_by_role("link", name="Opvangcapaciteit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvangcapaciteit")
    expect(page.locator("table")).to_contain_text("onbekend")
    page.get_by_label(re.compile(r"^Aanbieder")).select_option(label=shelter.name)
    page.get_by_label("Aantal plaatsen").fill("-1")
    page.get_by_role("button", name="Capaciteit opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gegevens")
    page.get_by_label("Aantal plaatsen").fill("6")
    page.get_by_role("button", name="Capaciteit opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text(f"De capaciteit van {shelter.name} is vastgelegd.")
    expect(page.get_by_role("row", name=re.compile(re.escape(shelter.name)))).to_contain_text("6")
