"""The administrative route from a screening decision to the address register (issue 14, "Done when").

The chain director decides the administrative route for a signal of Aadorp in meeting mode; the
route records an administrative assessment. Aadorp's focal officer follows it up in the browser
with a BRP address investigation (visit and conclusion recorded), a Bibob check with the Landelijk
Bureau Bibob's advice and a refused permit, and a closure under Gemeentewet art. 174a, all on one
address, and finds all three on the address's register page. The focal officer of Abbega gets 404
on each of them and on the register page; the Bibob measure's reads are in the access log.

axe-core and the 320 px reflow check run on every page state (tests/fixtures/browser.py).
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from schakel.measures.models import Measure
from schakel.privacy.models import AccessLogEntry
from schakel.screening.models import AgendaItem
from tests.screening.helpers import put_forward, signal_in_triage, weekly_table

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)   # Mon 2 March 2026; the table sits on Tuesdays
ADDRESS = "1234 AB 12"


@pytest.fixture
def signal_on_the_agenda(world, time_machine):
    time_machine.move_to(NOW, tick=True)
    weekly_table(world, now=NOW)
    signal = signal_in_triage(world, reference="2026-000301",
                              description="Veertien inschrijvingen op één adres boven een nagelsalon.")
    item = put_forward(world, signal, now=NOW)
    return signal, item


def _login(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(page, user)


def _follow_up(page, parent_url, type_label):
    """From the route's measure, choose a follow-up type; leaves the type's form open."""
    page.goto(parent_url)
    page.get_by_role("link", name="Vervolgmaatregel vastleggen").click()
    page.get_by_label(type_label, exact=True).check()
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{type_label} vastleggen")


def _save(page):
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("is vastgelegd")
    return page.url


def test_an_administrative_route_ends_in_three_measures_on_the_address_register(
        page, world, browser_login, signal_on_the_agenda):
    signal, item = signal_on_the_agenda
    officer, other = world.user("focal_officer"), world.other_municipality

    # The chain director decides the administrative route in meeting mode.
    _login(page, browser_login, world.user("chain_director"))
    page.goto(f"/overleg/punt/{item.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    page.get_by_label("Samenvatting van de bespreking").fill("De gemeente onderzoekt het adres en de salon.")
    page.get_by_label("Bestuurlijk", exact=True).check()
    page.get_by_label("Uitvoerende organisatie voor Bestuurlijk").select_option(label="Gemeente Aadorp")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(signal.reference)
    assert AgendaItem.objects.get(pk=item.pk).status != "pending"
    route_measure = Measure.objects.get(signal=signal, source="screening.route")

    # The focal officer finds the route's measure in the municipality's list.
    _login(page, browser_login, officer)
    page.goto("/maatregelen/")
    page.get_by_role("link", name=route_measure.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(route_measure.reference)
    expect(page.locator("main")).to_contain_text("Besluit van het screeningsoverleg (bestuurlijke route)")
    route_url = page.url

    # A BRP address investigation on the address; its visit and conclusion are recorded.
    _follow_up(page, route_url, "BRP-adresonderzoek")
    page.get_by_label("Aantal ingeschreven personen").fill("14")
    page.get_by_label("Adres: postcode en huisnummer").fill(ADDRESS)
    page.get_by_label("Straat en plaats").fill("Kasweg, Aadorp")
    brp_url = _save(page)
    page.get_by_role("link", name="Gegevens wijzigen").click()
    page.get_by_label("Huisbezoek op").fill("2026-03-02")
    page.get_by_label("Aantal personen aangetroffen").fill("3")
    page.get_by_label("Resultaat onderzoek").select_option(label="Inschrijvingen gecorrigeerd")
    page.get_by_label("Onderzoek afgerond op").fill("2026-03-02")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De maatregel is bijgewerkt")
    expect(page.locator("main")).to_contain_text("Inschrijvingen gecorrigeerd")

    # A Bibob check: the advice is recorded only after its request; the permit is refused.
    _follow_up(page, route_url, "Bibob-toets")
    page.get_by_label("Vergunning of subsidie").select_option(label="Exploitatievergunning (APV)")
    page.get_by_label("Advies ontvangen op").fill("2026-03-02")
    page.get_by_label("Adres: postcode en huisnummer").fill(ADDRESS)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".utrecht-alert--error")).to_contain_text("niet opgeslagen")
    expect(page.locator("main")).to_contain_text("alleen na een adviesaanvraag")
    expect(page.get_by_label("Adres: postcode en huisnummer")).to_have_value(ADDRESS)
    page.get_by_label("Eigen onderzoek gestart op").fill("2026-03-02")
    page.get_by_label("Eigen onderzoek afgerond op").fill("2026-03-02")
    page.get_by_label("Advies gevraagd aan het Landelijk Bureau Bibob op").fill("2026-03-02")
    page.get_by_label("Mate van gevaar volgens het advies").select_option(label="Ernstige mate van gevaar")
    page.get_by_label("Besluit (niet verplicht)", exact=True).select_option(label="Geweigerd")
    page.get_by_label("Besluit genomen op").fill("2026-03-02")
    bibob_url = _save(page)
    expect(page.locator("main")).to_contain_text("strikt geheim")
    expect(page.locator("main")).to_contain_text("Ernstige mate van gevaar")
    expect(page.locator("main")).to_contain_text("Geweigerd")

    # A closure of the premises under Gemeentewet art. 174a on the same address.
    _follow_up(page, route_url, "Sluiting van een pand")
    page.get_by_label("Wettelijke grondslag").select_option(
        label="Gemeentewet art. 174a (woning of lokaal, openbare orde)")
    page.get_by_label("Adres: postcode en huisnummer").fill(ADDRESS)
    page.get_by_label("Straat en plaats").fill("Kasweg, Aadorp")
    page.get_by_label("Sluitingsbevel gegeven op").fill("2026-03-02")
    closure_url = _save(page)
    expect(page.locator("main")).to_contain_text("Gemeentewet art. 174a")

    # All three are on the address's register page.
    page.get_by_role("link", name="alles op dit adres of bedrijf in het register").click()
    register_url = page.url
    assert "/maatregelen/register/adres/" in register_url
    register = page.locator("main")
    measures = {url: Measure.objects.get(reference=url.rstrip("/").rsplit("/", 1)[-1])
                for url in (brp_url, bibob_url, closure_url)}
    for measure in measures.values():
        expect(register).to_contain_text(measure.reference)
    for label in ("BRP-adresonderzoek", "Bibob-toets", "Sluiting van een pand"):
        expect(register).to_contain_text(label)

    brp, bibob, closure = measures.values()
    assert {m.parent_id for m in (brp, bibob, closure)} == {route_measure.pk}
    assert set(brp.steps.values_list("key", "done_on")) == {("visit", datetime.date(2026, 3, 2)),
                                                            ("conclude", datetime.date(2026, 3, 2))}
    assert (bibob.details["danger_degree"], bibob.details["decision"]) == ("serious", "refused")
    assert (closure.type_key, closure.legal_basis) == ("premises_closure", "gemeentewet_174a")

    # The focal officer of another municipality sees none of it.
    _login(page, browser_login, other)
    for url in (brp_url, bibob_url, closure_url, register_url):
        assert page.goto(url).status == 404, url

    # Every read of the Bibob measure is in the access log.
    assert bibob.kind.secret
    reads = AccessLogEntry.objects.filter(record_type="measures.measure", record_id=str(bibob.pk), action="view")
    assert reads.filter(user=officer).count() >= 2
