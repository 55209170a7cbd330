"""The partner's referral pages and the CoMensha page: answers with bad input keep what was typed, a stale
answer is refused, an ended referral is gone (404), another organisation's is a 404; the export page
previews, exports once, and refuses a reversed period in Dutch."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.care.models import CareReferral, ComenshaExport, ReferralStatus
from schakel.care.services import cases, referrals

from .helpers import NOW, TODAY, coordinator, coordinator_of_region_b, new_case, shelter_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _referral(world, *, name="Opvang A (COSM)"):
    shelter, member = shelter_member(world, name=name)
    case = new_case(world)
    cases.record_consent(actor=coordinator(world), case=case, purpose="sharing", organisation=shelter, given_on=TODAY,
                         scope="Opvang", expected_version=case.version, now=NOW)
    case.refresh_from_db()
    referral = referrals.refer(actor=coordinator(world), case=case, organisation=shelter, request="Opvangplek COSM",
                               shared="Jonge vrouw, spreekt Engels.", expected_version=case.version, now=NOW)
    return referral, member


def _answer(client, referral, data, *, version=None):
    payload = {f"answer-{key}": value for key, value in data.items()}
    payload["answer-version"] = str(referral.version if version is None else version)
    return client.post(f"/zorg/verwijzingen/{referral.pk}/", payload)


def test_the_partner_sees_only_what_is_shared_accepts_and_reports_the_outcome_then_loses_access(world, client, login):
    referral, member = _referral(world)
    login(member)
    inbox = client.get("/zorg/verwijzingen/").content.decode()
    assert "Opvangplek COSM" in inbox
    page = client.get(f"/zorg/verwijzingen/{referral.pk}/").content.decode()
    assert "Jonge vrouw, spreekt Engels." in page and "Ana Popescu-Test" not in page and "2001" not in page

    accepted = _answer(client, referral, {"status": "accepted"})
    assert accepted.status_code == 302 and accepted["Location"] == f"/zorg/verwijzingen/{referral.pk}/"
    referral.refresh_from_db()
    assert "Uitkomst melden" in client.get(accepted["Location"]).content.decode()
    done = _answer(client, referral, {"status": "done", "text": "Geplaatst op 2 maart"})
    assert done.status_code == 302 and done["Location"] == "/zorg/verwijzingen/"

    assert client.get(f"/zorg/verwijzingen/{referral.pk}/").status_code == 404
    assert "Opvangplek COSM" not in client.get("/zorg/verwijzingen/").content.decode()
    assert "Er lopen geen verwijzingen aan uw organisatie" in client.get("/zorg/verwijzingen/").content.decode()


def test_declining_without_a_reason_is_refused_in_dutch_and_the_typed_text_is_kept(world, client, login):
    referral, member = _referral(world)
    login(member)
    refused = _answer(client, referral, {"status": "declined", "text": "   "})
    assert refused.status_code == 400 and "Vul ‘Reden afwijzen’ in." in refused.content.decode()
    no_choice = _answer(client, referral, {"text": "Geen plek tot april"})
    assert no_choice.status_code == 400
    assert "Kies een antwoord." in no_choice.content.decode() and "Geen plek tot april" in no_choice.content.decode()
    declined = _answer(client, referral, {"status": "declined", "text": "Geen plek tot april"})
    assert declined.status_code == 302
    assert CareReferral.objects.get(pk=referral.pk).status == ReferralStatus.DECLINED
    assert client.get(f"/zorg/verwijzingen/{referral.pk}/").status_code == 404


def test_failed_needs_its_reason_and_a_stale_answer_is_refused_keeping_the_text(world, client, login):
    referral, member = _referral(world)
    login(member)
    _answer(client, referral, {"status": "accepted"})
    referral.refresh_from_db()
    missing = _answer(client, referral, {"status": "failed", "text": "Cliënt kwam niet"})
    assert missing.status_code == 400 and "Kies waarom het niet is gelukt." in missing.content.decode()
    stale = _answer(client, referral, {"status": "failed", "text": "Cliënt kwam niet", "failure_reason": "out_of_view"},
                    version=referral.version - 1)
    page = stale.content.decode()
    assert stale.status_code == 409
    assert "Deze verwijzing is intussen gewijzigd" in page and "Cliënt kwam niet" in page
    assert f'name="answer-version" value="{referral.version}"' in page


def test_a_withdrawn_referral_and_another_organisations_are_404_for_the_partner(world, client, login):
    referral, member = _referral(world)
    other, other_member = _referral(world, name="Vrouwenopvang A")
    login(other_member)
    assert client.get(f"/zorg/verwijzingen/{referral.pk}/").status_code == 404
    assert _answer(client, referral, {"status": "accepted"}).status_code == 404
    case = referral.case
    case.refresh_from_db()
    referrals.withdraw(actor=coordinator(world), case=case, referral=referral, reason="Niet meer nodig",
                       expected_version=case.version, now=NOW)
    login(member)
    assert client.get(f"/zorg/verwijzingen/{referral.pk}/").status_code == 404
    login(coordinator(world))
    assert client.get("/zorg/verwijzingen/").status_code == 403  # the coordinator's view is the case page


def _reportable(world):
    case = new_case(world, opened_on=datetime.date(2026, 2, 3))
    cases.record_consent(actor=coordinator(world), case=case, purpose="comensha", given_on=TODAY,
                         scope="Registratie", expected_version=case.version, now=NOW)
    new_case(world, name="Zonder Toestemming-Test", opened_on=datetime.date(2026, 2, 4))
    return case


def test_the_comensha_page_previews_exports_once_and_offers_the_three_files(world, client, login):
    _reportable(world)
    login(coordinator(world))
    period = {"period_from": "2026-01-01", "period_until": "2026-03-02"}
    preview = client.get("/zorg/comensha", period).content.decode()
    assert "Ana Popescu-Test" not in preview and "ZC-" not in preview
    exported = client.post("/zorg/comensha", period)
    assert exported.status_code == 302
    batch = ComenshaExport.objects.get()
    assert (batch.included, batch.excluded) == (1, {"no_consent": 1})
    page = client.get(exported["Location"]).content.decode()
    for fmt in ("csv", "xlsx", "htcds"):
        assert f"/zorg/comensha/{batch.pk}/{fmt}" in page
        assert client.get(f"/zorg/comensha/{batch.pk}/{fmt}").status_code == 200
    assert client.get(f"/zorg/comensha/{batch.pk}/pdf").status_code == 404
    again = client.post("/zorg/comensha", period)
    assert again.status_code == 400 and "Er is in deze periode niets (meer) te melden" in again.content.decode()


def test_a_reversed_or_unreadable_period_is_refused_in_dutch_and_kept(world, client, login):
    login(coordinator(world))
    reversed_ = client.get("/zorg/comensha", {"period_from": "2026-03-01", "period_until": "2026-01-01"})
    assert reversed_.status_code == 400
    assert "Het einde van de periode ligt vóór het begin." in reversed_.content.decode()
    assert 'value="2026-03-01"' in reversed_.content.decode()
    unreadable = client.post("/zorg/comensha", {"period_from": "gisteren", "period_until": "2026-01-01"})
    assert unreadable.status_code == 400 and "Vul een geldige datum in" in unreadable.content.decode()
    assert not ComenshaExport.objects.exists()


def test_another_regions_export_is_a_404(world, client, login):
    _reportable(world)
    login(coordinator(world))
    client.post("/zorg/comensha", {"period_from": "2026-01-01", "period_until": "2026-03-02"})
    batch = ComenshaExport.objects.get()
    login(coordinator_of_region_b(world))
    assert client.get(f"/zorg/comensha/{batch.pk}/csv").status_code == 404
    assert f"/zorg/comensha/{batch.pk}/" not in client.get("/zorg/comensha").content.decode()
