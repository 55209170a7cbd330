"""The CoMensha registration: nothing identifying leaves, consent or legal ground decides, counts reconcile."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from schakel.care.models import CareCase, ComenshaRecord
from schakel.care.services import CareError, cases
from schakel.care.services import comensha as service

from .helpers import NOW, coordinator, new_case

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc
YEAR_START, YEAR_END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _with_consent(world, case, *, legal_ground="", now=NOW):
    cases.record_consent(actor=coordinator(world), case=case, purpose="comensha", given_on=case.opened_on,
                         scope="" if legal_ground else "Registratie bij CoMensha", legal_ground=legal_ground,
                         expected_version=case.version, now=now)
    case.refresh_from_db()
    return case


def _cases(world):
    day = datetime.datetime(2026, 3, 2, 10, tzinfo=UTC)
    consenting = _with_consent(world, new_case(world, opened_on=datetime.date(2026, 2, 3), now=day))
    by_law = _with_consent(world, new_case(world, name="Piotr Nowak-Test", nationality="PL", gender="male",
                                           residence="eu_citizen", forms=["labour"],
                                           date_of_birth=datetime.date(2009, 5, 5), opened_on=datetime.date(2026, 2, 10),
                                           now=day),
                           legal_ground="Besluit politiegegevens (aangemeld door de politie)")
    without = new_case(world, name="Zonder Toestemming-Test", opened_on=datetime.date(2026, 2, 20), now=day)
    return consenting, by_law, without


def test_preview_shows_only_anonymised_fields_and_counts_who_is_left_out(world):
    consenting, by_law, _without = _cases(world)
    result = service.preview(region=world.region_a, period_from=YEAR_START, period_until=YEAR_END,
                             on=datetime.date(2026, 3, 2))
    assert len(result.rows) == 2 and result.excluded == {"no_consent": 1}
    allowed = {"year", "region_name", "age_group", "age_broad", "minor", "gender", "nationality", "forms",
               "reporter_type", "basis"}
    for row in result.rows:
        assert set(row) == allowed
    everything = repr(result.rows)
    for secret in ("Popescu", "Nowak", "2001", "2009-05-05", consenting.client_number, by_law.client_number):
        assert secret not in everything
    assert {row["age_group"] for row in result.rows} == {"23-29", "0-17"}
    assert {row["basis"] for row in result.rows} == {"consent", "legal_ground"}


def test_export_marks_reported_and_the_files_carry_nothing_identifying(world, client, login):
    consenting, by_law, without = _cases(world)
    batch = service.export(actor=coordinator(world), region=world.region_a, period_from=YEAR_START,
                           period_until=YEAR_END, now=NOW)
    assert (batch.included, batch.excluded) == (2, {"no_consent": 1})
    assert set(ComenshaRecord.objects.values_list("case_id", flat=True)) == {consenting.pk, by_law.pk}
    login(coordinator(world))
    texts = []
    for fmt in ("csv", "htcds"):
        response = client.get(f"/zorg/comensha/{batch.pk}/{fmt}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        texts.append(response.content.decode("utf-8-sig"))
    response = client.get(f"/zorg/comensha/{batch.pk}/xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Registratie"]
    texts.append(repr([[cell.value for cell in row] for row in sheet.iter_rows()]))
    for text in texts:
        for secret in ("Popescu", "Nowak", "Zonder", "2001", "2009", consenting.client_number, by_law.client_number,
                       without.client_number, "ZC-"):
            assert secret not in text
    rows = list(csv.DictReader(io.StringIO(texts[1]), delimiter=";"))
    assert {row["citizenship"] for row in rows} == {"NG", "PL"}
    assert {row["majorityStatus"] for row in rows} == {"Adult", "Minor"}
    assert {row["isForcedLabour"] for row in rows} == {"0", "1"}
    assert list(csv.reader(io.StringIO(texts[0]), delimiter=";"))[0] == list(service.COLUMNS)


def test_a_second_export_does_not_report_a_client_twice_and_a_late_consent_is_picked_up(world):
    _consenting, _by_law, without = _cases(world)
    service.export(actor=coordinator(world), region=world.region_a, period_from=YEAR_START, period_until=YEAR_END,
                   now=NOW)
    with pytest.raises(CareError):
        service.export(actor=coordinator(world), region=world.region_a, period_from=YEAR_START,
                       period_until=YEAR_END, now=NOW)
    _with_consent(world, without)
    second = service.export(actor=coordinator(world), region=world.region_a, period_from=YEAR_START,
                            period_until=YEAR_END, now=NOW)
    assert second.included == 1 and second.excluded == {}


def test_yearly_counts_reconcile_with_the_cases(world):
    day = datetime.datetime(2026, 12, 30, 10, tzinfo=UTC)
    for index, opened in enumerate((datetime.date(2025, 12, 30), datetime.date(2026, 1, 2), datetime.date(2026, 6, 1),
                                    datetime.date(2026, 6, 2), datetime.date(2026, 11, 30))):
        case = new_case(world, name=f"Cliënt {index}", opened_on=opened, now=day)
        if index != 3:
            _with_consent(world, case, now=day)
    for year in (2025, 2026):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        batch = service.export(actor=coordinator(world), region=world.region_a, period_from=start, period_until=end,
                               now=day)
        opened = CareCase.objects.filter(region=world.region_a, opened_on__year=year).count()
        records = ComenshaRecord.objects.filter(year=year, region=world.region_a).count()
        assert records == batch.included
        assert batch.included + sum(batch.excluded.values()) == opened
    assert ComenshaRecord.objects.filter(year=2026).count() == 3


def test_an_export_for_another_region_or_reversed_period_is_refused(world):
    _cases(world)
    with pytest.raises(CareError):
        service.export(actor=coordinator(world), region=world.region_b, period_from=YEAR_START, period_until=YEAR_END,
                       now=NOW)
    with pytest.raises(CareError) as refused:
        service.preview(region=world.region_a, period_from=YEAR_END, period_until=YEAR_START, on=YEAR_END)
    assert refused.value.field == "period_until"
