"""The screening part of the benchmark dataset at a tiny scale: a year of weekly meetings in every
region, agendas of the region's own signals, routes with their actions, sealed texts, and what the
two screening figures measure (the chain director's agenda, a police member's 'Mijn acties')."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from bench import dataset, reference, screening
from tests.bench.test_smoke import _database_url

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def screening_dataset():
    reference.load_reference_data(log=lambda message: None)
    reference.create_people(log=lambda message: None)
    plan = reference.make_plan(800, TODAY)
    dataset.build_signals(plan, jobs=1, database_url=_database_url(), log=lambda message: None)
    return screening.build(TODAY, log=lambda message: None)


def test_screening_dataset_at_tiny_scale(screening_dataset):
    """One build (the slow part), then what it made."""
    _every_region_has_a_year_of_weekly_meetings(screening_dataset)
    _items_are_signals_of_the_meetings_region(screening_dataset)
    _routes_have_their_actions_with_a_realistic_status_mix()
    _texts_are_sealed_by_the_products_fields()
    bench = _the_measured_pages_answer_for_their_people()
    _the_floors_answer_with_the_same_rows(bench)


def _every_region_has_a_year_of_weekly_meetings(counts):
    from schakel.organisations.models import Region
    from schakel.screening.models import Meeting, MeetingSeries

    regions = Region.objects.count()
    assert MeetingSeries.objects.count() == regions == 25
    per_region = {r: Meeting.objects.filter(region_id=r) for r in Region.objects.values_list("pk", flat=True)}
    for meetings in per_region.values():
        held = meetings.filter(status="closed")
        assert 51 <= held.count() <= 52 and meetings.filter(status="planned").count() in (8, 9)
        assert not held.filter(starts_at__date__gte=TODAY).exists()
        assert held.filter(attendance__isnull=False).distinct().count() == held.count()
    assert counts["screening_meeting"] == Meeting.objects.count()


def _items_are_signals_of_the_meetings_region(counts):
    from django.db.models import F

    from schakel.screening.models import AgendaItem

    items = AgendaItem.objects.all()
    assert counts["screening_item"] == items.count() > 25 * 52
    assert not items.exclude(signal__region_id=F("meeting__region_id")).exists()
    assert not items.exclude(municipality_id=F("signal__municipality_id")).exists()
    assert not items.filter(signal__received_at__date__gt=F("meeting__starts_at__date")).exists()
    # Held meetings decided almost everything; coming ones wait.
    held = items.filter(meeting__status="closed")
    assert held.filter(status="decided").count() >= 0.8 * held.count()
    assert not items.filter(meeting__status="planned").exclude(status="pending").exists()
    # A signal is on one meeting's agenda at most once.
    pairs = list(items.values_list("meeting_id", "signal_id"))
    assert len(pairs) == len(set(pairs))


def _routes_have_their_actions_with_a_realistic_status_mix():
    from schakel.actions.models import Action, ActionEvent
    from schakel.organisations.models import OrganisationKind
    from schakel.screening.models import Route

    actions = Action.objects.all()
    owned = Route.objects.exclude(owner_organisation=None)
    assert actions.count() == owned.count() > 0
    assert not actions.exclude(source="screening.route").exists()
    by_route = dict(owned.values_list("pk", "signal_id"))
    assert {a.source_id: a.signal_id for a in actions} == by_route
    kinds = dict(actions.values_list("route_kind", "owner_organisation__kind").distinct())
    assert kinds["criminal"] == OrganisationKind.POLICE
    assert kinds["labour_inspectorate"] == OrganisationKind.LABOUR_INSPECTORATE
    assert kinds["administrative"] == OrganisationKind.MUNICIPALITY
    # The owner is of the signal's region; the municipality's own organisation for its barrier.
    for action in actions.select_related("owner_organisation")[:200]:
        organisation = action.owner_organisation
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            assert organisation.municipality_id == action.municipality_id
        else:
            assert organisation.region_id == action.region_id
    statuses = set(actions.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "done", "not_done"}
    assert actions.overdue(TODAY).exists()
    assert not actions.filter(status__in=["done", "not_done"], finished_at=None).exists()
    # A finished action finished its route; each action has its history.
    finished_routes = set(actions.finished().values_list("source_id", flat=True))
    assert set(Route.objects.filter(pk__in=finished_routes).values_list("status", flat=True)) == {"done"}
    assert ActionEvent.objects.filter(kind="created").count() == actions.count()


def _texts_are_sealed_by_the_products_fields():
    from schakel.screening.models import AgendaItem

    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM screening_agendaitem WHERE summary <> '' LIMIT 1")
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and " " not in stored
    item = AgendaItem.objects.exclude(summary="").first()
    assert " " in item.summary


def _the_measured_pages_answer_for_their_people():
    from django.test import Client

    from bench import people
    from schakel.actions.models import Action

    from schakel.organisations.models import Municipality, RegionMember

    # people.prepare() without the API token (DRF's token app is not installed in the tests).
    municipality = Municipality.objects.get(cbs_code="GM0363")
    bench = people.BenchPeople(municipality_id=municipality.pk,
                               region_id=RegionMember.objects.get(municipality=municipality).region_id,
                               focal_officer_id=0, reporter_id=0, officer_cookies={}, reporter_cookies={},
                               api_token="")
    people.add_screening_people(bench, "c" * 32)
    assert bench.meeting_id and bench.police_organisation_id
    from schakel.screening.models import AgendaItem

    assert AgendaItem.objects.filter(meeting_id=bench.meeting_id).count() == screening.NEXT_MEETING_ITEMS
    assert Action.objects.filter(owner_organisation_id=bench.police_organisation_id).unfinished().exists()
    for cookies, path in ((bench.chain_director_cookies, f"/overleg/{bench.meeting_id}/"),
                          (bench.partner_cookies, "/acties/")):
        client = Client(HTTP_HOST="127.0.0.1")
        for name, value in cookies.items():
            client.cookies[name] = value
        response = client.get(path)
        assert response.status_code == 200, path
    return bench


def _the_floors_answer_with_the_same_rows(bench):
    from django.test import Client, override_settings

    from schakel.actions.models import Action
    from schakel.screening.models import AgendaItem

    references = set(AgendaItem.objects.filter(meeting_id=bench.meeting_id)
                     .values_list("signal__reference", flat=True))
    first = (Action.objects.filter(owner_organisation_id=bench.police_organisation_id).unfinished()
             .order_by("due_on", "id").values_list("signal__reference", flat=True).first())
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        client = Client(HTTP_HOST="127.0.0.1")
        agenda = client.get(f"/_bench/floor/agenda?meeting={bench.meeting_id}").content.decode()
        actions = client.get(f"/_bench/floor/actions?organisation={bench.police_organisation_id}").content.decode()
    assert references and all(reference in agenda for reference in references)
    assert "v1:" in agenda  # the item's texts as stored: read, not decrypted
    assert first in actions
