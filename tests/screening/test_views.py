"""The screening pages: what each role sees, bad input kept, concurrent edits refused, minutes logged."""

from __future__ import annotations

import pytest
import time_machine

from schakel.actions.models import Action
from schakel.privacy.models import AccessLogEntry
from schakel.screening import services
from schakel.screening.models import MeetingStatus, Route
from tests.fixtures.documents import inflated_pdf
from tests.screening.helpers import FIRST_MEETING, MONDAY, labour_inspectorate, put_forward, signal_in_triage, weekly_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(world):
    with time_machine.travel(MONDAY, tick=False):
        weekly_table(world)
        item = put_forward(world, signal_in_triage(world))
    return item


def _chair(login, world):
    return login(world.user("chain_director"))


def test_the_chair_sees_the_agenda_with_the_question_and_summary(login, world, table):
    with time_machine.travel(MONDAY, tick=False):
        page = _chair(login, world).get(f"/overleg/{table.meeting.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Herkent iemand dit adres?" in html and "caravan" in html and table.signal.reference in html
    assert "Agenda versturen" in html


def test_the_agenda_page_shows_persons_by_role_and_never_the_reporter(login, world, table):
    from tests.signalling.triage_factories import add_entity

    add_entity(table.signal, "person", {"name": "Piet Verzonnen"}, person_role="presumed_victim")
    with time_machine.travel(MONDAY, tick=False):
        html = _chair(login, world).get(f"/overleg/{table.meeting.pk}/").content.decode()
    assert "1× mogelijk slachtoffer" in html
    assert "Piet Verzonnen" not in html


def test_a_focal_officer_of_another_municipality_sees_the_meeting_but_not_the_item(login, world, table):
    with time_machine.travel(MONDAY, tick=False):
        html = login(world.other_municipality).get(f"/overleg/{table.meeting.pk}/").content.decode()
    assert table.signal.reference not in html
    assert "geen punten op de agenda die u mag zien" in html


def test_a_partner_reads_the_summary_but_cannot_open_meeting_mode(login, world, table):
    client = login(world.user("partner_member"))
    with time_machine.travel(MONDAY, tick=False):
        html = client.get(f"/overleg/{table.meeting.pk}/").content.decode()
        item_page = client.get(f"/overleg/punt/{table.pk}/")
    assert "caravan" in html and "Agenda versturen" not in html
    assert item_page.status_code == 403


def test_viewing_the_agenda_is_in_the_access_log(login, world, table):
    with time_machine.travel(MONDAY, tick=False):
        login(world.user("partner_member")).get(f"/overleg/{table.meeting.pk}/")
    assert AccessLogEntry.objects.filter(record_type="signalling.signal", record_id=str(table.signal.pk),
                                         reason__contains="agendapunt").exists()


def test_a_decision_without_a_route_is_refused_and_keeps_the_summary(login, world, table):
    with time_machine.travel(FIRST_MEETING, tick=False):
        page = _chair(login, world).post(f"/overleg/punt/{table.pk}/besluit", {
            "version": table.version, "table_summary": "Besproken, maar nog geen keuze."})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Kies ten minste één route" in html
    assert "Besproken, maar nog geen keuze." in html


def test_a_decision_with_two_routes_creates_two_actions_and_goes_to_the_agenda(login, world, table):
    police, nla = world.organisations["police_a"], labour_inspectorate(world)
    with time_machine.travel(FIRST_MEETING, tick=False):
        page = _chair(login, world).post(f"/overleg/punt/{table.pk}/besluit", {
            "version": table.version, "table_summary": "Samen op huisbezoek.",
            "route_criminal": "on", "owner_criminal": police.pk, "note_criminal": "Adres natrekken",
            "route_labour_inspectorate": "on", "owner_labour_inspectorate": nla.pk})
    assert page.status_code == 302
    assert page["Location"] == f"/overleg/{table.meeting.pk}/"
    assert set(Action.objects.values_list("owner_organisation__name", flat=True)) == {"Politie A", "Arbeidsinspectie A"}
    assert Route.objects.filter(item=table).count() == 2


def test_a_route_without_its_organisation_is_refused_in_dutch(login, world, table):
    with time_machine.travel(FIRST_MEETING, tick=False):
        page = _chair(login, world).post(f"/overleg/punt/{table.pk}/besluit", {
            "version": table.version, "table_summary": "Naar de politie.", "route_criminal": "on"})
    assert page.status_code == 400
    assert "Kies bij de route" in page.content.decode()
    assert not Action.objects.exists()


def test_the_later_of_two_edits_is_refused_and_keeps_what_was_typed(login, world, table):
    old_version = table.version
    services.edit_item(actor=world.user("chain_director"), item=table, question="Eerst", summary="Eerst",
                       expected_version=old_version)
    with time_machine.travel(MONDAY, tick=False):
        page = login(world.user("focal_officer")).post(f"/overleg/punt/{table.pk}/bewerken", {
            "version": old_version, "question": "Mijn nieuwe vraag", "summary": "Mijn nieuwe samenvatting"})
    html = page.content.decode()
    assert page.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in html and "Mijn nieuwe samenvatting" in html


def test_putting_forward_from_the_page_needs_both_texts_and_keeps_them(login, world):
    with time_machine.travel(MONDAY, tick=False):
        weekly_table(world)
        signal = signal_in_triage(world)
        page = login(world.user("focal_officer")).post(f"/overleg/aanmelden/{signal.reference}",
                                                       {"question": "Wat doen we hiermee?", "summary": ""})
    assert page.status_code == 400
    assert "Wat doen we hiermee?" in page.content.decode()
    assert not signal.agenda_items.exists()


def test_the_signal_page_offers_putting_forward_and_then_shows_the_meeting(login, world):
    with time_machine.travel(MONDAY, tick=False):
        weekly_table(world)
        signal = signal_in_triage(world)
        client = login(world.user("focal_officer"))
        before = client.get(f"/signalen/{signal.reference}/").content.decode()
        put_forward(world, signal)
        after = client.get(f"/signalen/{signal.reference}/").content.decode()
    assert f"/overleg/aanmelden/{signal.reference}" in before
    assert "Op de agenda van het overleg van" in after and "Terugtrekken van de agenda" in after


def test_closing_with_undecided_items_says_what_to_do(login, world, table):
    client = _chair(login, world)
    with time_machine.travel(FIRST_MEETING, tick=False):
        page = client.post(f"/overleg/{table.meeting.pk}/afsluiten", {"version": table.meeting.version}, follow=True)
    table.meeting.refresh_from_db()
    assert "zonder besluit" in page.content.decode()
    assert table.meeting.status != MeetingStatus.CLOSED


def _held(world, item):
    chair = world.user("chain_director")
    services.decide(actor=chair, item=item, table_summary="Monitoren.", routes=[services.RouteChoice("monitor")],
                    expected_version=item.version, now=FIRST_MEETING)
    meeting = item.meeting
    meeting.refresh_from_db()
    police_member = world.user("partner_member").memberships.get()
    services.record_attendance(actor=chair, meeting=meeting, membership_ids=[chair.memberships.get().pk,
                                                                             police_member.pk],
                               expected_version=meeting.version, now=FIRST_MEETING)
    meeting.refresh_from_db()
    return services.close_meeting(actor=chair, meeting=meeting, expected_version=meeting.version, now=FIRST_MEETING)


def test_minutes_are_for_those_present_and_the_chair_and_every_download_is_logged(login, world, table):
    meeting = _held(world, table)
    with time_machine.travel(FIRST_MEETING, tick=False):
        page = login(world.user("partner_member")).get(f"/overleg/{meeting.pk}/notulen")
        pdf = login(world.user("chain_director")).get(f"/overleg/{meeting.pk}/notulen.pdf")
        absent = login(world.user("focal_officer")).get(f"/overleg/{meeting.pk}/notulen")
    assert page.status_code == 200 and "Monitoren" in page.content.decode()
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert absent.status_code == 404
    logged = AccessLogEntry.objects.filter(record_type="screening.meeting", record_id=str(meeting.pk))
    assert set(logged.values_list("action", flat=True)) >= {"view", "download"}


def test_the_minutes_pdf_is_tagged_pdf_ua_with_the_decisions_as_text(login, world, table):
    meeting = _held(world, table)
    with time_machine.travel(FIRST_MEETING, tick=False):
        pdf = login(world.user("chain_director")).get(f"/overleg/{meeting.pk}/notulen.pdf").content
    content = inflated_pdf(pdf)
    assert b"pdfuaid:part" in content        # the PDF/UA identification in the XMP metadata
    assert b"/StructTreeRoot" in content     # a tagged PDF: headings and lists a screen reader can follow
    assert b"/Lang" in content               # the document language is set


def test_the_chairs_start_page_shows_the_next_meeting_and_overdue_actions(login, world, table):
    with time_machine.travel(MONDAY, tick=False):
        html = _chair(login, world).get("/").content.decode()
    assert "Volgend overleg" in html and "Acties over de termijn in de regio" in html


def test_the_agenda_shows_what_is_known_of_a_signals_links_without_content(login, world, table):
    from schakel.linkage.services.indexing import link_signal
    from tests.signalling.triage_factories import add_entity

    add_entity(table.signal, "phone", {"number": "06 12345678"})
    link_signal(table.signal.pk, notify=False)
    other = signal_in_triage(world, municipality=world.a2)
    add_entity(other, "phone", {"number": "+31 6 1234 5678"})
    link_signal(other.pk, notify=False)
    with time_machine.travel(MONDAY, tick=False):
        html = _chair(login, world).get(f"/overleg/{table.meeting.pk}/").content.decode()
    assert "ook bekend in Abbega" in html
    assert "12345678" not in html and other.reference not in html


def test_the_agendas_one_form_moves_an_item_up_and_carries_one_over(login, world, table):
    second = put_forward(world, signal_in_triage(world))
    client = _chair(login, world)
    with time_machine.travel(MONDAY, tick=False):
        client.post(f"/overleg/{table.meeting.pk}/volgorde", {"omhoog": second.pk})
        order = list(table.meeting.items.order_by("position").values_list("pk", flat=True))
        second.refresh_from_db()
        client.post(f"/overleg/{table.meeting.pk}/volgorde", {"doorschuiven": f"{second.pk}:{second.version}"})
    second.refresh_from_db()
    assert order == [second.pk, table.pk]
    assert second.status == "moved"


def test_the_agenda_form_refuses_an_item_of_another_meeting_and_other_roles(login, world, table):
    from schakel.screening.models import Meeting

    other_meeting = Meeting.objects.filter(region=world.region_a).exclude(pk=table.meeting_id).first()
    with time_machine.travel(MONDAY, tick=False):
        wrong_meeting = _chair(login, world).post(f"/overleg/{other_meeting.pk}/volgorde", {"omhoog": table.pk})
        partner = login(world.user("partner_member")).post(f"/overleg/{table.meeting.pk}/volgorde",
                                                           {"omhoog": table.pk})
    assert wrong_meeting.status_code == 404
    assert partner.status_code == 403
