"""Triage in a real browser: inbox, search, open a signal, put it on the agenda, close another;
refer to an organisation, merge a duplicate, close and reopen, and a question to a staff
reporter answered on 'Mijn meldingen'.

axe-core checks every page state on the way (tests/fixtures/browser.py).
"""

import datetime

import pytest
from playwright.sync_api import expect

from schakel.signalling.models import CloseReason, MailboxMessage, MessageDirection, SignalStatus
from tests.fixtures.browser import give_totp, login_through_form
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wed 4 March 2026


@pytest.fixture
def signals(world, time_machine):
    time_machine.move_to(NOW, tick=True)
    suspicious = SignalFactory(municipality=world.a1, reference="2026-000101",
                               description="Zes mannen slapen in een caravan achter de kas.")
    add_entity(suspicious, "phone", {"number": "06 1234 5678"})
    vague = SignalFactory(municipality=world.a1, reference="2026-000102",
                          description="Buurman vindt het druk bij de nagelsalon.")
    elsewhere = SignalFactory(municipality=world.a2, reference="2026-000103")
    add_entity(elsewhere, "phone", {"number": "06 1234 5678"})
    return suspicious, vague, elsewhere


def test_focal_officer_searches_opens_puts_on_agenda_and_closes_another(page, signed_in, signals):
    suspicious, vague, elsewhere = signals
    signed_in("focal_officer")

    page.goto("/signalen/")
    table = page.locator("table")
    expect(table).to_contain_text("2026-000101")
    expect(table).to_contain_text("2026-000102")
    expect(table).not_to_contain_text("2026-000103")

    page.get_by_role("searchbox", name="Zoeken").fill("06-1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("[role=status]")).to_contain_text("1 signaal gevonden")
    expect(table).not_to_contain_text("2026-000102")

    page.get_by_role("link", name="2026-000101").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal 2026-000101")
    expect(page.locator("main")).to_contain_text("Zes mannen slapen in een caravan")

    page.get_by_role("button", name="Oppakken").click()
    expect(page.locator(".schakel-messages")).to_contain_text("U hebt het signaal opgepakt.")

    page.get_by_label("Toelichting").first.fill("Tweede signaal over deze kas")
    page.get_by_role("button", name="Op agenda screeningsoverleg").click()
    expect(page.locator(".schakel-messages")).to_contain_text("op de agenda van het screeningsoverleg")
    suspicious.refresh_from_db()
    assert suspicious.status == SignalStatus.ON_AGENDA

    page.goto("/signalen/2026-000102/")
    page.locator("summary", has_text="Afsluiten").click()
    page.get_by_label("Onvoldoende informatie").check()
    page.get_by_role("button", name="Afsluiten", exact=True).click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het signaal is afgesloten.")
    expect(page.locator("main")).to_contain_text("Afgesloten: Onvoldoende informatie")
    vague.refresh_from_db()
    assert (vague.status, vague.close_reason) == (SignalStatus.CLOSED, "insufficient_information")


def test_overdue_tab_shows_the_state_in_words(page, signed_in, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    SignalFactory(municipality=world.a1, reference="2026-000201", first_reaction_due=datetime.date(2026, 3, 3))
    signed_in("focal_officer")

    page.goto("/signalen/?tab=overdue")

    row = page.locator("tr", has_text="2026-000201")
    expect(row).to_contain_text("Te laat")
    expect(page.get_by_role("link", name="Te laat")).to_have_attribute("aria-current", "page")


def test_direct_referral_to_a_police_organisation_shows_in_status_and_history(page, signed_in, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    signal = SignalFactory(municipality=world.a1, reference="2026-000301", acute_danger=True)
    signed_in("focal_officer")

    page.goto("/signalen/2026-000301/")
    page.locator("summary", has_text="Direct doorverwijzen").click()
    form = page.locator("form[data-referral]")
    organisation = form.get_by_label("Organisatie")
    police_option = organisation.locator("option", has_text="Politie A")
    form.get_by_label("Veilig Thuis").check()
    expect(police_option).to_be_disabled()      # the list narrows to the chosen target
    form.get_by_label("Politie", exact=True).check()
    expect(police_option).to_be_enabled()
    organisation.select_option(label="Politie A")
    form.get_by_label("Toelichting").fill("Acuut: minderjarige in de woning")
    form.get_by_role("button", name="Doorverwijzen").click()

    expect(page.locator(".schakel-messages")).to_contain_text("De doorverwijzing is vastgelegd.")
    expect(page.locator(".schakel-status").first).to_have_text("Doorverwezen")
    expect(page.locator("section[aria-labelledby=h-referrals]")).to_contain_text("Politie (Politie A)")
    history = page.locator("ol.schakel-history")
    expect(history).to_contain_text("heeft het signaal doorverwezen naar Politie (Politie A).")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REFERRED
    assert signal.referrals.get().to_organisation == world.organisations["police_a"]


def test_merging_a_duplicate_shows_both_histories_on_both_signals(page, signed_in, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    original = SignalFactory(municipality=world.a1, reference="2026-000311")
    duplicate = SignalFactory(municipality=world.a1, reference="2026-000312")
    signed_in("focal_officer")

    page.goto("/signalen/2026-000312/")
    page.locator("summary", has_text="Notitie toevoegen").click()
    page.get_by_label("Notitie").fill("Zelfde caravan als in 2026-000311")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De notitie is opgeslagen.")

    page.locator("summary", has_text="Samenvoegen").click()
    page.get_by_label("Kenmerk van het andere signaal").fill("2026-000311")
    page.get_by_role("button", name="Samenvoegen", exact=True).click()
    expect(page.locator(".schakel-messages")).to_contain_text(
        "Dit signaal is samengevoegd met 2026-000311 en afgesloten als dubbel.")
    expect(page.locator("main")).to_contain_text("Afgesloten: Dubbel (samengevoegd)")

    page.locator(".utrecht-alert").get_by_role("link", name="2026-000311").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal 2026-000311")
    history = page.locator("ol.schakel-history")
    expect(history).to_contain_text("heeft signaal 2026-000312 met dit signaal samengevoegd")
    expect(history).to_contain_text("Zelfde caravan als in 2026-000311")  # the duplicate's own history
    expect(page.locator("section[aria-labelledby=h-merged]")).to_contain_text("2026-000312")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (SignalStatus.CLOSED, original)


def test_close_and_reopen_with_a_reason(page, signed_in, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    signal = SignalFactory(municipality=world.a1, reference="2026-000321")
    signed_in("focal_officer")

    page.goto("/signalen/2026-000321/")
    page.locator("summary", has_text="Afsluiten").click()
    page.get_by_label("Geen mensenhandel").check()
    page.get_by_role("button", name="Afsluiten", exact=True).click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het signaal is afgesloten.")

    page.locator("summary", has_text="Heropenen").click()
    page.get_by_label("Waarom heropent u dit signaal?").fill("Nieuwe melding over hetzelfde adres")
    page.get_by_role("button", name="Heropenen", exact=True).click()

    expect(page.locator(".schakel-messages")).to_contain_text("Het signaal is heropend.")
    expect(page.locator(".schakel-status").first).to_have_text("In behandeling")
    reopened = page.locator("ol.schakel-history li", has_text="heropend")
    expect(reopened).to_contain_text("heeft het signaal heropend; de status is nu ‘in behandeling’.")
    expect(reopened).to_contain_text("Nieuwe melding over hetzelfde adres")
    signal.refresh_from_db()
    assert (signal.status, signal.close_reason) == (SignalStatus.IN_TRIAGE, "")
    assert signal.events.filter(kind="transition", data__close_reason=CloseReason.NOT_TRAFFICKING).exists()


def test_staff_reporter_answers_the_focal_officers_question_on_mijn_meldingen(
        page, signed_in, browser_login, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    reporter = world.user("reporter")
    signal = SignalFactory(municipality=world.a1, reference="2026-000331", reporter=reporter)
    SignalFactory(municipality=world.a1, reference="2026-000332", reporter=reporter)
    officer = signed_in("focal_officer")

    page.goto("/signalen/2026-000331/")
    page.locator("summary", has_text="Vraag aan de melder").click()
    page.get_by_label("Uw vraag aan de melder").fill("Welke kleur had het busje?")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Uw vraag is verstuurd.")
    expect(page.locator("main")).to_contain_text("Wacht op melder")

    page.context.clear_cookies()
    give_totp(reporter)
    login_through_form(page, reporter)
    page.get_by_role("navigation").get_by_role("link", name="Mijn meldingen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn meldingen")
    expect(page.locator("tr", has_text="2026-000331")).to_contain_text("Nieuwe vraag")
    expect(page.locator("tr", has_text="2026-000332")).not_to_contain_text("Nieuwe vraag")
    page.get_by_role("link", name="2026-000331").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn melding 2026-000331")
    expect(page.locator(".schakel-conversation")).to_contain_text("Welke kleur had het busje?")

    page.get_by_role("button", name="Antwoord versturen").click()  # empty: a Dutch error, focused
    expect(page.locator("#error-summary")).to_contain_text("Schrijf eerst uw antwoord.")
    expect(page.locator("#error-summary")).to_be_focused()
    page.get_by_label("Uw antwoord aan de aandachtsfunctionaris").fill("Wit, met een blauwe streep.")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Uw antwoord is verstuurd naar de aandachtsfunctionaris.")
    expect(page.locator(".schakel-conversation")).to_contain_text("Wit, met een blauwe streep.")
    page.get_by_role("link", name="Terug naar mijn meldingen").click()
    expect(page.locator("tr", has_text="2026-000331")).not_to_contain_text("Nieuwe vraag")

    page.context.clear_cookies()
    browser_login(page, officer)
    page.goto("/signalen/2026-000331/")
    expect(page.locator("section[aria-labelledby=h-mailbox]")).to_contain_text("Wit, met een blauwe streep.")
    expect(page.locator("ol.schakel-history")).to_contain_text("heeft een bericht gestuurd.")
    expect(page.locator("main > p").first).not_to_contain_text("Wacht op melder")
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is False
    assert MailboxMessage.objects.get(signal=signal, direction=MessageDirection.FROM_REPORTER).sender == reporter


def test_signal_page_offers_one_next_step_and_groups_the_other_actions(page, signed_in, signals):
    suspicious, _vague, _elsewhere = signals
    signed_in("focal_officer")
    page.goto(f"/signalen/{suspicious.reference}/")

    actions = page.locator("aside.schakel-triage__actions")
    expect(actions.locator(".utrecht-button--primary-action")).to_have_count(1)
    expect(actions.get_by_role("button", name="Oppakken en in behandeling nemen")).to_be_visible()
    expect(actions.get_by_role("button", name="In behandeling nemen", exact=True)).to_have_count(0)
    for heading in ("Volgende stap", "Behandelen", "Doorverwijzen", "Aanvullen"):
        expect(actions.get_by_role("heading", level=3, name=heading)).to_be_visible()

    actions.locator("summary", has_text="Toevoegen").last.click()
    expect(actions.get_by_text("Wat wilt u toevoegen?")).to_be_visible()

    actions.get_by_role("button", name="Oppakken en in behandeling nemen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("U hebt het signaal opgepakt.")
    expect(page.locator("aside.schakel-triage__actions .utrecht-button--primary-action")).to_have_text(
        "Op agenda screeningsoverleg")
