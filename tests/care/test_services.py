"""Opening, editing, closing and reopening a care case through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from schakel.care.models import CareCase, CaseEvent, CaseStatus, Residence
from schakel.care.services import CareError, CaseClosed, StaleCase
from schakel.care.services import cases, work
from schakel.care.services.cases import open_case
from schakel.privacy.models import AccessLogEntry

from .helpers import NOW, TODAY, client, coordinator, coordinator_of_region_b, new_case

pytestmark = pytest.mark.django_db


def test_opening_gives_a_pseudonymous_number_in_the_municipalitys_region_and_encrypts_the_name(world):
    case = new_case(world)
    assert case.client_number == "ZC-2026-0001"
    assert (case.region, case.municipality, case.status) == (world.region_a, world.a1, CaseStatus.OPEN)
    assert case.age_at_registration == 24
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, date_of_birth FROM care_carecase WHERE id = %s", [case.pk])
        raw_name, raw_birth = cursor.fetchone()
    assert "Popescu" not in raw_name and "2001" not in raw_birth
    assert CareCase.objects.get(pk=case.pk).name == "Ana Popescu-Test"
    assert new_case(world).client_number == "ZC-2026-0002"
    assert AccessLogEntry.objects.filter(action="create", record_type="care.carecase").count() == 2


def test_the_same_submission_twice_opens_one_case(world):
    first = open_case(actor=coordinator(world), client=client(), municipality=world.a1, referrer="police",
                      submission="token-1", now=NOW)
    second = open_case(actor=coordinator(world), client=client(), municipality=world.a1, referrer="police",
                       submission="token-1", now=NOW)
    assert first.pk == second.pk
    assert CareCase.objects.count() == 1


def test_a_coordinator_of_another_region_cannot_open_a_case_there(world):
    with pytest.raises(CareError) as refused:
        open_case(actor=coordinator_of_region_b(world), client=client(), municipality=world.a1, referrer="police",
                  now=NOW)
    assert refused.value.field == "municipality"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": "  "}, "name"),
    ({"date_of_birth": datetime.date(2030, 1, 1)}, "date_of_birth"),
    ({"nationality": "QQ"}, "nationality"),
    ({"guardian": "nidos"}, "guardian"),
    ({"forms": ["smuggling"]}, "forms"),
    ({"residence": Residence.DUTCH, "nationality": "RO"}, "residence"),
])
def test_bad_client_data_is_refused_naming_the_field(world, overrides, field):
    with pytest.raises(CareError) as refused:
        new_case(world, **overrides)
    assert refused.value.field == field
    assert str(refused.value.message)


def test_a_minor_by_date_of_birth_is_marked_minor_and_may_have_a_guardian(world):
    case = new_case(world, date_of_birth=datetime.date(2010, 1, 1), guardian="nidos")
    assert case.minor and case.guardian == "nidos"


def test_a_stale_version_is_refused_and_nothing_changes(world):
    case = new_case(world)
    work.set_need(actor=coordinator(world), case=case, kind="shelter", status="asked", expected_version=case.version)
    with pytest.raises(StaleCase):
        work.set_need(actor=coordinator(world), case=case, kind="medical", status="asked", expected_version=1)
    assert case.needs.count() == 1


def test_someone_outside_the_region_may_not_change_the_case(world):
    case = new_case(world)
    with pytest.raises(PermissionDenied):
        work.set_need(actor=coordinator_of_region_b(world), case=case, kind="shelter", status="asked",
                      expected_version=case.version)
    with pytest.raises(PermissionDenied):
        work.set_need(actor=world.user("focal_officer"), case=case, kind="shelter", status="asked",
                      expected_version=case.version)


def test_responsible_municipality_changes_with_a_reason_within_the_region(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        cases.change_municipality(actor=coordinator(world), case=case, municipality=world.a2, basis="registered",
                                  reason="", expected_version=case.version)
    assert refused.value.field == "reason"
    with pytest.raises(CareError) as refused:
        cases.change_municipality(actor=coordinator(world), case=case, municipality=world.b1, basis="registered",
                                  reason="Ingeschreven in B1", expected_version=case.version)
    assert refused.value.field == "municipality"
    case = cases.change_municipality(actor=coordinator(world), case=case, municipality=world.a2, basis="registered",
                                     reason="Ingeschreven in Abbega", expected_version=case.version)
    assert case.municipality == world.a2
    assert CaseEvent.objects.filter(case=case, what__contains="Abbega").get().reason == "Ingeschreven in Abbega"


def test_a_closed_case_is_read_only_until_reopened_with_a_reason(world):
    case = new_case(world)
    case = cases.close_case(actor=coordinator(world), case=case, reason="own_life", closed_on=TODAY,
                            expected_version=case.version, now=NOW)
    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, "own_life")
    with pytest.raises(CaseClosed):
        work.set_need(actor=coordinator(world), case=case, kind="shelter", status="asked",
                      expected_version=case.version)
    with pytest.raises(CareError) as refused:
        cases.reopen_case(actor=coordinator(world), case=case, reason="", expected_version=case.version)
    assert refused.value.field == "reason"
    case = cases.reopen_case(actor=coordinator(world), case=case, reason="Cliënt meldt zich opnieuw",
                             expected_version=case.version, now=NOW)
    assert case.status == CaseStatus.OPEN and case.close_reason == ""
    assert CaseEvent.objects.filter(case=case, what="Heropend").get().reason == "Cliënt meldt zich opnieuw"


def test_closing_as_transferred_needs_another_region_and_a_handover(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        cases.close_case(actor=coordinator(world), case=case, reason="transferred", note="Overdracht besproken",
                         transferred_to=world.region_a, expected_version=case.version, now=NOW)
    assert refused.value.field == "transferred_to"
    with pytest.raises(CareError) as refused:
        cases.close_case(actor=coordinator(world), case=case, reason="transferred", transferred_to=world.region_b,
                         expected_version=case.version, now=NOW)
    assert refused.value.field == "note"
    case = cases.close_case(actor=coordinator(world), case=case, reason="transferred", transferred_to=world.region_b,
                            note="Warme overdracht aan zorgcoördinator regio B op 2 maart",
                            expected_version=case.version, now=NOW)
    assert case.transferred_to == world.region_b


def test_closing_before_the_opening_date_is_refused(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        cases.close_case(actor=coordinator(world), case=case, reason="own_life",
                         closed_on=TODAY - datetime.timedelta(days=1), expected_version=case.version, now=NOW)
    assert refused.value.field == "closed_on"


def test_needs_one_per_kind_with_status_and_open_count(world):
    from schakel.care.selectors import needs_overview, open_needs_count

    case = new_case(world)
    for kind, status in (("shelter", "asked"), ("medical", "arranged"), ("legal", "met"), ("shelter", "arranged")):
        work.set_need(actor=coordinator(world), case=case, kind=kind, status=status, expected_version=case.version)
        case.refresh_from_db()
    assert open_needs_count(case) == 2
    rows = {row["kind"]: row for row in needs_overview(case)}
    assert rows["shelter"]["status_label"] == "Geregeld" and rows["shelter"]["open"]
    assert rows["safety"]["status_label"] == "Nog niet besproken" and not rows["safety"]["open"]


def test_placement_dates_in_the_wrong_order_are_refused(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        work.add_placement(actor=coordinator(world), case=case, kind="cosm", provider_name="COSM Oost",
                           starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=3), expected_version=case.version)
    assert refused.value.field == "ends_on"
    placement = work.add_placement(actor=coordinator(world), case=case, kind="cosm", provider_name="COSM Oost",
                                   starts_on=TODAY, expected_version=case.version)
    assert placement.provider_label == "COSM Oost"


def test_cosm_is_refused_for_an_eu_citizen(world):
    case = new_case(world, residence=Residence.EU_CITIZEN, nationality="PL")
    with pytest.raises(CareError) as refused:
        work.add_placement(actor=coordinator(world), case=case, kind="cosm", provider_name="COSM Oost",
                           starts_on=TODAY, expected_version=case.version)
    assert refused.value.field == "kind"


def test_a_contact_needs_minutes_and_text_and_sets_the_first_contact(world):
    case = new_case(world)
    with pytest.raises(CareError) as refused:
        work.add_contact(actor=coordinator(world), case=case, on=TODAY, kind="intake", minutes=0, text_="Kennismaking",
                         expected_version=case.version, now=NOW)
    assert refused.value.field == "minutes"
    with pytest.raises(CareError) as refused:
        work.add_contact(actor=coordinator(world), case=case, on=TODAY, kind="intake", minutes=60, text_="",
                         expected_version=case.version, now=NOW)
    assert refused.value.field == "text"
    work.add_contact(actor=coordinator(world), case=case, on=TODAY, kind="note", minutes=0, text_="Dossier gelezen",
                     expected_version=case.version, now=NOW)
    case.refresh_from_db()
    assert case.first_contact_on is None
    work.add_contact(actor=coordinator(world), case=case, on=TODAY, kind="intake", minutes=60, text_="Kennismaking",
                     expected_version=case.version, now=NOW)
    case.refresh_from_db()
    assert case.first_contact_on == TODAY
