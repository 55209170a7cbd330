"""The care coordinator's pages: every action on a case page works, refuses bad input in Dutch while keeping
what was typed, refuses a concurrent edit, and a case of another region is a 404."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.care.models import CareCase, CareReferral, ReferralStatus
from schakel.care.services import cases, referrals, work
from schakel.privacy.models import AccessLogEntry

from .helpers import NOW, TODAY, coordinator, coordinator_of_region_b, new_case, shelter_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
DAY = TODAY.isoformat()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _refresh(case):
    case.refresh_from_db()
    return case


def _post(client, case, action, prefix, data, *, version=None):
    payload = {f"{prefix}-{key}": value for key, value in data.items()}
    payload[f"{prefix}-version"] = str(_refresh(case).version if version is None else version)
    return client.post(f"/zorg/{case.client_number}/{action}/", payload)


def _with_shelter(world, case):
    shelter, _member = shelter_member(world)
    return {"shelter": shelter}


def _with_sharing_consent(world, case):
    shelter, _member = shelter_member(world)
    consent = cases.record_consent(actor=coordinator(world), case=case, purpose="sharing", organisation=shelter,
                                   given_on=TODAY, scope="Opvang", expected_version=_refresh(case).version, now=NOW)
    return {"shelter": shelter, "consent": consent}


def _with_placement(world, case):
    shelter, _member = shelter_member(world)
    placement = work.add_placement(actor=coordinator(world), case=case, kind="cosm", provider=shelter,
                                   starts_on=TODAY, expected_version=_refresh(case).version, now=NOW)
    return {"placement": placement}


def _with_reflection(world, case):
    work.start_reflection(actor=coordinator(world), case=case, starts_on=TODAY, expected_version=_refresh(case).version,
                          now=NOW)
    return {}


def _with_referral(world, case):
    made = _with_sharing_consent(world, case)
    referral = referrals.refer(actor=coordinator(world), case=case, organisation=made["shelter"], request="Opvangplek",
                               shared="Spreekt Engels.", expected_version=_refresh(case).version, now=NOW)
    return {**made, "referral": referral}


def _closed(world, case):
    cases.close_case(actor=coordinator(world), case=case, reason="own_life", closed_on=TODAY,
                     expected_version=_refresh(case).version, now=NOW)
    return {}


def _none(world, case):
    return {}


CLIENT = {"name": "Ana Popescu-Test", "gender": "female", "nationality": "NG", "residence": "third_country_unlawful",
          "languages": "Engels, Roemeens"}

# action, form prefix, setup, good input, bad input, the Dutch error, a typed value the page keeps
ACTIONS = [
    ("client", "client", _none, {**CLIENT, "interpreter_needed": "on"}, {**CLIENT, "name": ""},
     "Vul de naam van de cliënt in", "Engels, Roemeens"),
    ("gemeente", "municipality", _none, {"municipality": "a2", "basis": "registered", "reason": "Ingeschreven"},
     {"municipality": "a2", "basis": "registered", "reason": ""}, "Vul de reden van de wijziging in.", None),
    ("hulpvraag", "need", _none, {"kind": "shelter", "status": "asked", "note": "Zo snel mogelijk"},
     {"kind": "shelter", "status": "ergens", "note": "Zo snel mogelijk"}, "ergens", "Zo snel mogelijk"),
    ("opvang", "placement", _with_shelter, {"kind": "cosm", "provider": "shelter", "starts_on": DAY},
     {"kind": "cosm", "provider_name": "Opvang Elders", "starts_on": DAY, "ends_on": "2026-02-01"},
     "De einddatum ligt vóór de begindatum", "Opvang Elders"),
    ("opvang-einde", "end_placement", _with_placement, {"placement": "placement", "ends_on": DAY},
     {"placement": "placement", "ends_on": "2026-02-01"}, "De einddatum ligt vóór de begindatum van de opvang", None),
    ("bedenktijd", "reflection", _none, {"starts_on": DAY}, {"starts_on": "2026-03-20"}, "ligt in de toekomst",
     "2026-03-20"),
    ("bedenktijd-besluit", "decision", _with_reflection, {"decision": "report", "decided_on": DAY},
     {"decision": "extension", "decided_on": DAY}, "Vul in tot wanneer de bedenktijd is verlengd", None),
    ("b8", "b8", _with_reflection, {"applied_on": DAY, "outcome": "pending"},
     {"applied_on": DAY, "outcome": "granted"}, "Vul de datum van het besluit op de aanvraag in.", None),
    ("toestemming", "consent", _with_shelter, {"purpose": "sharing", "organisation": "shelter", "given_on": DAY,
                                               "scope": "Opvang en begeleiding"},
     {"purpose": "sharing", "given_on": DAY, "scope": "Opvang en begeleiding"},
     "Kies met welke organisatie de cliënt toestemt te delen.", "Opvang en begeleiding"),
    ("toestemming-intrekken", "withdraw_consent", _with_sharing_consent, {"consent": "consent", "withdrawn_on": DAY},
     {"consent": "consent", "withdrawn_on": "31-02-2026"}, "Vul een geldige datum in", None),
    ("verwijzing", "referral", _with_shelter, None,
     {"organisation": "shelter", "request": "Opvangplek COSM", "shared": "Spreekt Engels, tolk nodig."},
     "Er is geen toestemming van de cliënt om gegevens te delen met", "Spreekt Engels, tolk nodig."),
    ("verwijzing-intrekken", "withdraw_referral", _with_referral, {"referral": "referral", "reason": "Elders geregeld"},
     {"referral": "referral", "reason": ""}, "Vul de reden van het intrekken in.", None),
    ("contact", "contact", _none, {"on": DAY, "kind": "in_person", "minutes": "45", "text": "Eerste gesprek"},
     {"on": DAY, "kind": "in_person", "minutes": "0", "text": "Eerste gesprek"},
     "Vul de duur van het contact in minuten in.", "Eerste gesprek"),
    ("afsluiten", "close", _none, {"reason": "own_life", "closed_on": DAY},
     {"reason": "transferred", "closed_on": DAY, "note": "Overdracht besproken"},
     "Kies de regio waaraan het zorgtraject wordt overgedragen", "Overdracht besproken"),
    ("heropenen", "reopen", _closed, {"reason": "Weer in beeld"}, {"reason": ""},
     "Vul de reden van het heropenen in.", None),
]


def _resolve(world, made, data):
    """Placeholders in the table become the records the setup made (and A2 the municipality)."""
    resolved = {}
    for key, value in data.items():
        if value == "a2":
            value = world.a2.pk
        elif isinstance(value, str) and value in made:
            value = made[value].pk
        resolved[key] = value
    return resolved


@pytest.mark.parametrize(("action", "prefix", "setup", "good", "bad", "error", "kept"), ACTIONS,
                         ids=[row[0] for row in ACTIONS])
def test_every_case_action_refuses_bad_input_in_dutch_and_keeps_what_was_typed(
        world, client, login, action, prefix, setup, good, bad, error, kept):
    case = new_case(world)
    made = setup(world, case)
    version = _refresh(case).version
    login(coordinator(world))

    response = _post(client, case, action, prefix, _resolve(world, made, bad))

    assert response.status_code == 400
    page = response.content.decode()
    assert error in page
    if kept is not None:
        assert kept in page
    assert _refresh(case).version == version  # nothing changed


@pytest.mark.parametrize(("action", "prefix", "setup", "good", "bad", "error", "kept"),
                         [row for row in ACTIONS if row[3] is not None], ids=[row[0] for row in ACTIONS if row[3]])
def test_every_case_action_saves_and_returns_to_its_part_of_the_page(
        world, client, login, action, prefix, setup, good, bad, error, kept):
    case = new_case(world)
    made = setup(world, case)
    version = _refresh(case).version
    login(coordinator(world))

    response = _post(client, case, action, prefix, _resolve(world, made, good))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(f"/zorg/{case.client_number}/#")
    assert _refresh(case).version == version + 1
    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page or "utrecht-alert" in page  # the success message


def test_a_referral_with_consent_is_sent_and_one_without_is_sent_only_with_ground_and_reason(world, client, login):
    case = new_case(world)
    made = _with_sharing_consent(world, case)
    other, _member = shelter_member(world, name="Vrouwenopvang A")
    login(coordinator(world))
    sent = _post(client, case, "verwijzing", "referral", {"organisation": made["shelter"].pk,
                                                          "request": "Opvangplek", "shared": "Spreekt Engels."})
    assert sent.status_code == 302
    half = _post(client, case, "verwijzing", "referral", {"organisation": other.pk, "request": "Opvangplek",
                                                          "shared": "Spreekt Engels.",
                                                          "override_ground": "AVG art. 6 lid 1 sub d"})
    assert half.status_code == 400 and "Vul de reden in om zonder toestemming te delen." in half.content.decode()
    assert "AVG art. 6 lid 1 sub d" in half.content.decode()
    override = _post(client, case, "verwijzing", "referral", {
        "organisation": other.pk, "request": "Opvangplek", "shared": "Spreekt Engels.",
        "override_ground": "AVG art. 6 lid 1 sub d", "override_reason": "Acuut onveilig"})
    assert override.status_code == 302
    assert CareReferral.objects.filter(case=case).count() == 2
    assert AccessLogEntry.objects.filter(flagged=True, record_type="care.carecase", record_id=str(case.pk)).exists()


def test_a_concurrent_edit_is_refused_with_a_clear_message_and_the_typed_input_kept(world, client, login):
    case = new_case(world)
    stale = _refresh(case).version
    work.add_contact(actor=coordinator(world), case=case, on=TODAY, kind="note", minutes=0, text_="Iemand anders",
                     expected_version=stale, now=NOW)
    login(coordinator(world))

    response = _post(client, case, "contact", "contact",
                     {"on": DAY, "kind": "in_person", "minutes": "30", "text": "Mijn verslag"}, version=stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft dit zorgtraject intussen gewijzigd" in page and "Mijn verslag" in page
    assert f'name="contact-version" value="{stale + 1}"' in page  # a second try goes through
    assert case.contacts.count() == 1


def test_a_closed_case_refuses_changes_with_the_reason_and_offers_reopening(world, client, login):
    case = new_case(world)
    _closed(world, case)
    login(coordinator(world))
    response = _post(client, case, "contact", "contact", {"on": DAY, "kind": "note", "minutes": "0", "text": "Na"})
    assert response.status_code == 400
    assert "Dit zorgtraject is afgesloten en kan alleen worden gelezen." in response.content.decode()
    assert "Zorgtraject heropenen" in response.content.decode()


def test_a_case_of_another_region_is_a_404_on_every_page_and_action(world, client, login):
    case = new_case(world)
    login(coordinator_of_region_b(world))
    assert client.get(f"/zorg/{case.client_number}/").status_code == 404
    for action, prefix, *_rest in ACTIONS:
        assert _post(client, case, action, prefix, {}).status_code == 404, action
    assert case.client_number not in client.get("/zorg/?status=alle").content.decode()


def test_other_roles_get_403_and_an_unknown_action_or_a_part_of_another_case_is_refused(world, client, login):
    case = new_case(world)
    other = new_case(world, name="Ander-Test")
    placement = _with_placement(world, other)["placement"]
    login(world.user("focal_officer"))
    assert client.get(f"/zorg/{case.client_number}/").status_code == 403
    login(coordinator(world))
    assert _post(client, case, "bestaat-niet", "x", {}).status_code == 404
    assert _post(client, case, "opvang-einde", "end_placement", {"placement": placement.pk,
                                                                 "ends_on": DAY}).status_code == 403


def test_the_case_page_shows_what_is_open_and_every_view_is_logged(world, client, login):
    case = new_case(world)
    work.set_need(actor=coordinator(world), case=case, kind="medical", status="asked",
                  expected_version=_refresh(case).version, now=NOW)
    login(coordinator(world))
    page = client.get(f"/zorg/{case.client_number}/").content.decode()
    assert case.client_number in page and "Ana Popescu-Test" in page and "Nog niet besproken" in page
    assert AccessLogEntry.objects.filter(action="view", record_type="care.carecase", record_id=str(case.pk)).exists()


def test_opening_a_case_by_hand_keeps_what_was_typed_on_error_and_a_double_submit_opens_one(world, client, login):
    login(coordinator(world))
    form = client.get("/zorg/nieuw")
    assert form.status_code == 200
    data = {"opened_on": DAY, "referrer": "police", "municipality": world.a1.pk, "municipality_basis": "found",
            "name": "", "gender": "female", "nationality": "RO", "residence": "eu_citizen",
            "languages": "Roemeens", "submission": "eenmalig-1"}
    refused = client.post("/zorg/nieuw", data)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Vul de naam van de cliënt in" in page and 'value="Roemeens"' in page
    future = client.post("/zorg/nieuw", {**data, "name": "Ioana-Test", "opened_on": "2026-04-01"})
    assert future.status_code == 400 and "De aanmelddatum ligt in de toekomst." in future.content.decode()
    elsewhere = client.post("/zorg/nieuw", {**data, "name": "Ioana-Test", "municipality": world.b1.pk})
    assert elsewhere.status_code == 400
    first = client.post("/zorg/nieuw", {**data, "name": "Ioana-Test"})
    again = client.post("/zorg/nieuw", {**data, "name": "Ioana-Test"})
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert CareCase.objects.count() == 1


def test_the_caseload_searches_filters_sorts_and_says_what_to_do_when_empty(world, client, login):
    login(coordinator(world))
    empty = client.get("/zorg/").content.decode()
    assert "Hier staan geen zorgtrajecten" in empty and "Cliënt aanmelden" in empty
    soon = new_case(world)
    _with_reflection(world, soon)
    later = new_case(world, name="Zonder Bedenktijd-Test", residence="dutch", nationality="NL")
    closed = new_case(world, name="Afgesloten-Test")
    _closed(world, closed)
    page = client.get("/zorg/").content.decode()
    assert soon.client_number in page and later.client_number in page and closed.client_number not in page
    assert page.index(soon.client_number) < page.index(later.client_number)  # nearest deadline first
    assert closed.client_number in client.get("/zorg/?status=closed").content.decode()
    found = client.get("/zorg/", {"q": later.client_number}).content.decode()
    assert later.client_number in found and soon.client_number not in found
    assert AccessLogEntry.objects.filter(action="search", record_type="care.carecase").exists()
    ending = new_case(world, name="Bedenktijd Loopt Af-Test")
    work.start_reflection(actor=coordinator(world), case=ending, starts_on=datetime.date(2025, 12, 15),
                          expected_version=_refresh(ending).version, now=NOW)  # ends 14 March 2026
    due = client.get("/zorg/", {"termijn": "due_soon"}).content.decode()
    assert ending.client_number in due and soon.client_number not in due and later.client_number not in due
    nothing = client.get("/zorg/", {"q": "ZC-1999-0001"}).content.decode()
    assert "Geen zorgtrajecten gevonden" in nothing


def test_the_referral_a_partner_answered_shows_on_the_case_page(world, client, login):
    case = new_case(world)
    made = _with_referral(world, case)
    member = made["shelter"].memberships.get().user
    referrals.answer(actor=member, referral=made["referral"], status=ReferralStatus.ACCEPTED,
                     expected_version=made["referral"].version, now=NOW)
    login(coordinator(world))
    page = client.get(f"/zorg/{case.client_number}/").content.decode()
    assert made["shelter"].name in page and "Geaccepteerd" in page
