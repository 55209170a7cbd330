"""'Mijn acties', one action, accept and report back: the partner's pages."""

import datetime

import pytest
import time_machine

from schakel.actions.models import ActionStatus
from schakel.actions.services import accept
from schakel.organisations.models import OrganisationKind
from schakel.privacy.models import AccessLogEntry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

from .factories import make_action

UTC = datetime.timezone.utc
WEDNESDAY = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@pytest.fixture
def partner(world):
    return world.user("partner_member")


@pytest.fixture
def inspectorate(world):
    organisation = OrganisationFactory(name="Arbeidsinspectie A", kind=OrganisationKind.LABOUR_INSPECTORATE,
                                       region=world.region_a)
    user = UserFactory(username="nla")
    MembershipFactory(user=user, organisation=organisation, role="partner_member")
    return organisation, user


def test_my_actions_lists_the_organisations_unfinished_actions_with_overdue_marked(world, login, partner,
                                                                                   inspectorate):
    late = make_action(world, title="Pand bezoeken", due_in_working_days=2)
    later = make_action(world, title="Gesprek voeren", due_in_working_days=20)
    theirs = make_action(world, title="Loonstrookjes controleren", organisation=inspectorate[0])
    page = login(partner).get("/acties/").content.decode()
    assert "Pand bezoeken" in page and "Gesprek voeren" in page
    assert "Loonstrookjes controleren" not in page
    assert page.index("Pand bezoeken") < page.index("Gesprek voeren")
    assert page.count("Te laat</span>") == 1
    assert late.signal.reference in page and theirs.signal.reference not in page
    assert f'href="/acties/{later.pk}/"' in page


def test_filter_search_and_sort(world, login, partner):
    open_one = make_action(world, title="Pand bezoeken", due_in_working_days=2)
    done = make_action(world, title="Gesprek voeren", due_in_working_days=5)
    from schakel.actions.services import report_back

    report_back(actor=partner, action=done, status=ActionStatus.DONE, text="Gedaan", expected_version=1)
    client = login(partner)
    page = client.get("/acties/?status=uitgevoerd").content.decode()
    assert "Gesprek voeren" in page and "Pand bezoeken" not in page
    page = client.get("/acties/?status=alle&q=pand").content.decode()
    assert "Pand bezoeken" in page and "Gesprek voeren" not in page
    reference = open_one.signal.reference
    short = reference.split("-")[0] + "-" + str(int(reference.split("-")[1]))
    page = client.get(f"/acties/?status=alle&q={short}").content.decode()
    assert "Pand bezoeken" in page and "Gesprek voeren" not in page
    page = client.get("/acties/?status=alle&sort=-termijn").content.decode()
    assert page.index("Gesprek voeren") < page.index("Pand bezoeken")
    assert AccessLogEntry.objects.filter(action="search", record_type="actions.action").exists()


def test_pagination(world, login, partner):
    signal = SignalFactory(municipality=world.a1)
    for number in range(27):
        make_action(world, signal=signal, title=f"Taak {number:02d}", due_in_working_days=number + 1)
    client = login(partner)
    first = client.get("/acties/").content.decode()
    assert "Taak 00" in first and "Taak 26" not in first and "Pagina 1 van 2" in first
    second = client.get("/acties/?pagina=2").content.decode()
    assert "Taak 26" in second and "Taak 00" not in second
    assert client.get("/acties/?pagina=x").status_code == 200


def test_empty_state_says_what_to_do_next(world, login, partner):
    page = login(partner).get("/acties/").content.decode()
    assert "geen lopende acties" in page
    page = login(partner).get("/acties/?q=bestaatniet").content.decode()
    assert "Geen acties gevonden" in page


def test_detail_shows_the_instructions_never_the_signal_content_or_reporter(world, login, partner):
    reporter = world.user("reporter")
    signal = SignalFactory(municipality=world.a1, reporter=reporter, description="Zes mannen in een caravan",
                           reporter_contact={"name": "Melder Geheim"})
    action = make_action(world, signal=signal, instructions="Ga langs bij de loods")
    response = login(partner).get(f"/acties/{action.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ga langs bij de loods" in page and signal.reference in page
    assert "caravan" not in page and "Melder Geheim" not in page and str(reporter) not in page
    assert "Aangemaakt" in page                                        # the history
    assert AccessLogEntry.objects.filter(action="view", record_type="actions.action",
                                         record_id=str(action.pk)).exists()


def test_another_organisations_action_is_404_for_every_page(world, login, inspectorate):
    action = make_action(world)
    client = login(inspectorate[1])
    assert client.get(f"/acties/{action.pk}/").status_code == 404
    assert client.post(f"/acties/{action.pk}/oppakken", {"accept-version": 1}).status_code == 404
    assert client.post(f"/acties/{action.pk}/terugmelden", {
        "report-version": 1, "report-status": "done", "report-text": "x"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_accept_then_report_back(world, login, partner):
    action = make_action(world)
    client = login(partner)
    response = client.post(f"/acties/{action.pk}/oppakken", {"accept-version": 1})
    assert response.status_code == 302 and response["Location"] == f"/acties/{action.pk}/"
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.accepted_by == partner
    page = client.get(f"/acties/{action.pk}/").content.decode()
    assert "U hebt de actie opgepakt" in page
    response = client.post(f"/acties/{action.pk}/terugmelden", {
        "report-version": 2, "report-status": "not_done", "report-text": "Adres bestaat niet"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome) == (ActionStatus.NOT_DONE, "Adres bestaat niet")
    page = client.get(f"/acties/{action.pk}/").content.decode()
    assert "Adres bestaat niet" in page and "Terugmelding opslaan" not in page


def test_a_double_submit_is_one_change(world, login, partner):
    action = make_action(world)
    client = login(partner)
    data = {"report-version": 1, "report-status": "done", "report-text": "Gedaan"}
    assert client.post(f"/acties/{action.pk}/terugmelden", data).status_code == 302
    assert client.post(f"/acties/{action.pk}/terugmelden", data).status_code == 302
    assert action.events.filter(kind="done").count() == 1


def test_a_concurrent_change_is_refused_with_an_explanation_and_the_input_kept(world, login, partner):
    action = make_action(world)
    colleague = UserFactory(username="collega")
    MembershipFactory(user=colleague, organisation=world.organisations["police_a"], role="partner_member")
    accept(actor=colleague, action=action, expected_version=1)
    response = login(partner).post(f"/acties/{action.pk}/terugmelden", {
        "report-version": 1, "report-status": "done", "report-text": "Mijn uitgebreide uitkomst"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen gewijzigd" in page
    assert "Mijn uitgebreide uitkomst" in page
    assert 'name="report-version" value="2"' in page
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_a_missing_outcome_is_a_dutch_field_error(world, login, partner):
    action = make_action(world)
    response = login(partner).post(f"/acties/{action.pk}/terugmelden", {
        "report-version": 1, "report-status": "done", "report-text": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul de uitkomst of de reden in." in page
    assert 'value="done"' in page and "checked" in page


def test_other_roles_get_403_and_anonymous_goes_to_login(world, login, client):
    action = make_action(world)
    assert client.get("/acties/").status_code == 302
    for role in ("chain_director", "reporter", "policy_officer"):
        assert login(world.user(role)).get("/acties/").status_code == 403
        assert login(world.user(role)).get(f"/acties/{action.pk}/").status_code == 403


def test_the_start_page_panel_and_the_menu(world, login, partner):
    make_action(world, due_in_working_days=2)
    make_action(world, due_in_working_days=20)
    page = login(partner).get("/").content.decode()
    assert "Mijn acties" in page
    assert 'href="/acties/?status=te-laat"' in page
    assert "Open, nog niet opgepakt: <span class=\"schakel-count\">2</span>" in page
    assert 'schakel-count schakel-count--urgent">1</span>' in page


def test_the_focal_officer_sees_no_panel_without_own_actions(world, login):
    make_action(world)
    page = login(world.user("focal_officer")).get("/").content.decode()
    assert "Naar Mijn acties" not in page
