"""The triage pages: who gets 200, 403 or 404; each action through its form; Dutch refusals."""

import datetime

import pytest

from schakel.organisations.models import OrganisationKind
from schakel.privacy.models import AccessLogEntry
from schakel.signalling.models import CloseReason, EventKind, SignalStatus

from tests.factories import OrganisationFactory

from .triage_factories import SignalFactory, add_entity

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wed 4 March 2026


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def signal(world):
    signal = SignalFactory(municipality=world.a1, description="Mannen slapen in de caravan van de teler.")
    add_entity(signal, "person", {"name": "Piet van der Bijl"}, person_role="presumed_perpetrator")
    return signal


def _detail(signal):
    return f"/signalen/{signal.reference}/"


def _action(signal, action):
    return f"/signalen/{signal.reference}/{action}/"


ROLES_WITHOUT_TRIAGE = ["reporter", "care_coordinator", "chain_director", "partner_member", "policy_officer",
                        "administrator", "privacy_officer"]
# Roles that may break the glass: the signal page exists for them, but only with a grant.
BREAK_GLASS_ROLES = {"care_coordinator", "chain_director"}


@pytest.mark.parametrize("role", ROLES_WITHOUT_TRIAGE)
def test_triage_pages_are_not_for_other_roles(world, login, signal, role):
    client = login(world.user(role))
    assert client.get("/signalen/").status_code == 403
    assert "Geen toegang" in client.get("/signalen/").content.decode()
    assert client.get(_detail(signal)).status_code == (404 if role in BREAK_GLASS_ROLES else 403)
    assert client.post(_action(signal, "oppakken"), {"pick_up-version": 1}).status_code == 403
    signal.refresh_from_db()
    assert signal.version == 1


@pytest.mark.parametrize("key", ["chain_director", "focal_officer_a2"])
def test_break_the_glass_opens_the_signal_read_only_and_flags_the_view(world, login, signal, key):
    from schakel.privacy.emergency import break_glass

    signal.reporter_contact = {"name": "Melder Jansen"}
    signal.save()
    user = world.users[key]
    break_glass(user=user, record=signal, reason="Acute melding politie, AF onbereikbaar")
    client = login(user)
    response = client.get(_detail(signal))
    assert response.status_code == 200
    page = response.content.decode()
    assert "U bekijkt dit signaal met noodtoegang" in page
    assert "Melder Jansen" not in page  # the reporter's identity stays with the signal's focal officers
    assert "Oppakken" not in page and 'action="/signalen/' not in page
    view = AccessLogEntry.objects.filter(action="view", record_id=str(signal.pk), user=user).get()
    assert view.flagged is True
    assert client.post(_action(signal, "oppakken"), {"pick_up-version": 1}).status_code in (403, 404)
    signal.refresh_from_db()
    assert signal.version == 1


@pytest.mark.parametrize("key", ["other_municipality", "other_region"])
def test_another_municipalitys_signal_is_not_there(world, login, signal, key):
    client = login(getattr(world, key))
    assert client.get(_detail(signal)).status_code == 404
    assert client.post(_action(signal, "oppakken"), {"pick_up-version": 1}).status_code == 404
    signal.refresh_from_db()
    assert signal.version == 1


def test_anonymous_visitor_is_sent_to_login(client, signal):
    response = client.get("/signalen/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_detail_shows_decrypted_content_and_reporter_and_logs_the_view(world, login, signal):
    signal.reporter = world.user("reporter")
    signal.reporter_contact = {"name": "Melder Jansen", "phone": "0612345678"}
    signal.save()
    officer = world.user("focal_officer")
    page = login(officer).get(_detail(signal)).content.decode()
    assert "Mannen slapen in de caravan" in page
    assert "Piet van der Bijl" in page
    assert "Melder Jansen" in page
    assert "Alleen zichtbaar voor de aandachtsfunctionaris" in page
    entry = AccessLogEntry.objects.filter(action="view", record_id=str(signal.pk)).get()
    assert entry.user == officer


def test_inbox_lists_own_municipality_only_and_shows_deadline_state_as_text(world, login, signal):
    elsewhere = SignalFactory(municipality=world.a2)
    overdue = SignalFactory(municipality=world.a1, first_reaction_due=datetime.date(2026, 3, 3))
    page = login(world.user("focal_officer")).get("/signalen/").content.decode()
    assert signal.reference in page and overdue.reference in page
    assert elsewhere.reference not in page
    assert "Te laat" in page and "Op tijd" in page


def test_inbox_search_by_name_part_finds_the_signal(world, login, signal):
    other = SignalFactory(municipality=world.a1, description="Iets heel anders")
    client = login(world.user("focal_officer"))
    page = client.get("/signalen/", {"q": "Bijl"}).content.decode()
    assert signal.reference in page and other.reference not in page
    assert AccessLogEntry.objects.filter(action="search").exists()
    assert not AccessLogEntry.objects.filter(reason__icontains="bijl").exists()  # the query itself is not logged


def test_pick_up_through_the_page(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "oppakken"), {"pick_up-version": 1})
    assert response.status_code == 302 and response["Location"] == _detail(signal)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_TRIAGE
    assert "U hebt het signaal opgepakt." in client.get(_detail(signal)).content.decode()


def test_close_with_reason_through_the_page(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "status"), {
        "close-version": 1, "close-target": "closed", "close-close_reason": CloseReason.NOT_TRAFFICKING,
        "close-reason": "Seizoenswerk met contract"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.close_reason) == (SignalStatus.CLOSED, CloseReason.NOT_TRAFFICKING)


def test_close_without_reason_keeps_the_input_and_explains(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "status"), {
        "close-version": 1, "close-target": "closed", "close-reason": "Mijn toelichting"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Controleer de invoer" in page
    assert "Mijn toelichting" in page
    signal.refresh_from_db()
    assert signal.status == SignalStatus.RECEIVED


def test_stale_version_is_refused_with_dutch_explanation_and_input_kept(world, login, signal):
    client = login(world.user("focal_officer"))
    client.post(_action(signal, "oppakken"), {"pick_up-version": 1})
    response = client.post(_action(signal, "notitie"), {"note-version": 1, "note-text": "Mijn lange notitie"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft dit signaal intussen gewijzigd" in page
    assert "Mijn lange notitie" in page
    assert 'name="note-version" value="2"' in page  # resubmitting now is a deliberate choice
    assert not signal.events.filter(kind=EventKind.NOTE).exists()


def test_unknown_action_is_404(world, login, signal):
    assert login(world.user("focal_officer")).post(_action(signal, "wissen"), {}).status_code == 404


def test_add_person_through_the_page(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "betrokkene"), {
        "entity_person-version": 1, "entity_person-kind": "person", "entity_person-person_role": "presumed_victim",
        "entity_person-name": "Anna Kowalska"})
    assert response.status_code == 302
    assert "Anna Kowalska" in client.get(_detail(signal)).content.decode()
    page = client.get("/signalen/", {"q": "kowalska"}).content.decode()
    assert signal.reference in page


def test_invalid_phone_shows_the_message_next_to_the_field(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "betrokkene"), {
        "entity_phone-version": 1, "entity_phone-kind": "phone", "entity_phone-number": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit is geen geldig telefoonnummer" in page
    assert 'value="12"' in page


def test_merge_through_the_page_shows_both_histories(world, login, signal):
    original = SignalFactory(municipality=world.a1)
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "samenvoegen"), {"merge-version": 1,
                                                             "merge-into_reference": original.reference})
    assert response.status_code == 302
    on_original = client.get(_detail(original)).content.decode()
    assert f"signaal {signal.reference} met dit signaal samengevoegd" in on_original
    on_duplicate = client.get(_detail(signal)).content.decode()
    assert "Dit signaal is samengevoegd met" in on_duplicate and original.reference in on_duplicate


def test_refer_form_offers_the_regions_and_national_organisations_grouped_by_kind(world, login, signal):
    OrganisationFactory(name="Veilig Thuis Landelijk", kind=OrganisationKind.VEILIG_THUIS)
    OrganisationFactory(name="Politie Regio B", kind=OrganisationKind.POLICE, region=world.region_b)
    OrganisationFactory(name="Politie Opgeheven", kind=OrganisationKind.POLICE, region=world.region_a, active=False)
    page = login(world.user("focal_officer")).get(_detail(signal)).content.decode()
    police_a = world.organisations["police_a"]
    assert '<optgroup label="Politie (AVIM)">' in page
    assert f'<option value="{police_a.pk}" data-targets="police other">Politie A</option>' in page
    assert "Veilig Thuis Landelijk" in page
    assert "Politie Regio B" not in page and "Politie Opgeheven" not in page


def test_refer_to_an_organisation_shows_it_with_the_referral_and_in_the_history(world, login, signal):
    client = login(world.user("focal_officer"))
    police_a = world.organisations["police_a"]
    response = client.post(_action(signal, "doorverwijzen"), {
        "refer-version": 1, "refer-to_kind": "police", "refer-to_organisation": police_a.pk,
        "refer-note": "Acuut"})
    assert response.status_code == 302
    assert signal.referrals.get().to_organisation == police_a
    page = client.get(_detail(signal)).content.decode()
    assert "Politie (Politie A)" in page            # the list of referrals
    assert "Politie (Politie A)" in page.split('id="h-history"')[1]  # the history


def test_refer_to_an_organisation_outside_the_list_is_a_dutch_field_error_and_keeps_the_input(world, login, signal):
    from schakel.signalling.models import Referral

    elsewhere = OrganisationFactory(name="Politie Regio B", kind=OrganisationKind.POLICE, region=world.region_b)
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "doorverwijzen"), {
        "refer-version": 1, "refer-to_kind": "police", "refer-to_organisation": elsewhere.pk,
        "refer-to_description": "Team Oost", "refer-note": "Mijn toelichting"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies een organisatie uit de lijst, of laat dit veld leeg." in page
    assert 'value="Team Oost"' in page and "Mijn toelichting" in page
    assert 'value="police" id="id_refer-to_kind_0" required checked' in page
    assert not Referral.objects.exists()


def test_refer_to_an_organisation_of_another_kind_is_a_field_error(world, login, signal):
    client = login(world.user("focal_officer"))
    response = client.post(_action(signal, "doorverwijzen"), {
        "refer-version": 1, "refer-to_kind": "veilig_thuis",
        "refer-to_organisation": world.organisations["police_a"].pk, "refer-note": "Mijn toelichting"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_refer-to_organisation_error"' in page
    assert "Deze organisatie past niet bij de gekozen ontvanger" in page
    assert "Mijn toelichting" in page
    signal.refresh_from_db()
    assert (signal.status, signal.referrals.count()) == (SignalStatus.RECEIVED, 0)


def test_home_panel_counts_new_mine_and_overdue(world, login, signal):
    SignalFactory(municipality=world.a1, first_reaction_due=datetime.date(2026, 3, 3))
    SignalFactory(municipality=world.a2, first_reaction_due=datetime.date(2026, 3, 3))  # not theirs
    page = login(world.user("focal_officer")).get("/").content.decode()
    assert "/signalen/?tab=overdue" in page
    assert 'Te laat: <span class="schakel-count schakel-count--urgent">1</span>' in page
    assert 'Nieuw: <span class="schakel-count">2</span>' in page


def test_attachments_are_listed_with_a_logged_download_link(world, login, signal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schakel.signalling.services.attachments import attach_files

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    [attachment] = attach_files(signal=signal, files=[SimpleUploadedFile("foto-kas.pdf", pdf, "application/pdf")])
    client = login(world.user("focal_officer"))
    page = client.get(_detail(signal)).content.decode()
    url = attachment.stored_file.get_absolute_url()
    assert f'href="{url}"' in page and "foto-kas.pdf" in page
    assert client.get(url).status_code == 200


def test_inbox_and_detail_queries_do_not_grow_with_the_data(world, login, signal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signal.assigned_to = world.user("focal_officer")
    signal.save()
    client = login(world.user("focal_officer"))
    client.get("/signalen/")  # warm the session and caches

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    inbox_few, detail_few = count("/signalen/"), count(_detail(signal))
    for _ in range(10):
        other = SignalFactory(municipality=world.a1, assigned_to=world.user("focal_officer"))
        add_entity(signal, "phone", {"number": "0612345678"})
        SignalFactory(municipality=world.a1, merged_into=signal, status="closed", close_reason="duplicate")
        other.events.create(at=NOW, kind="note", text="x", actor=world.user("focal_officer"))
    assert count("/signalen/") == inbox_few
    assert count(_detail(signal)) == detail_few


def test_break_the_glass_page_leads_to_the_read_only_signal_page(world, login, signal):
    client = login(world.other_municipality)
    url = f"/privacy/noodtoegang/signalling.signal/{signal.reference}"
    response = client.post(url, {"reason": "Zelfde adres als ons signaal, collega onbereikbaar"})
    assert response.status_code == 302 and response["Location"] == _detail(signal)
    page = client.get(_detail(signal)).content.decode()
    assert "U bekijkt dit signaal met noodtoegang" in page


def test_a_wrong_filter_is_explained_and_the_other_filters_still_apply(world, login, signal):
    public = SignalFactory(municipality=world.a1, channel="public")
    response = login(world.user("focal_officer")).get("/signalen/", {"channel": "public", "received_from": "31-31-2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert public.reference in page and signal.reference not in page
    assert "Voer een geldige datum in" in page


def test_signal_page_hides_the_bookkeeping_keys_of_entities(world, login):
    from .triage_factories import SignalFactory, add_entity

    signal = SignalFactory(municipality=world.a1)
    add_entity(signal, "phone", {"number": "06 12345678", "normalised": "+31612345678"})
    page = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    assert "06 12345678" in page
    assert "normalised" not in page
