"""The funding calculator: seed 002's Weert figures, part-year schemes, refusals, the page and .xlsx."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from schakel.organisations.models import PopulationFigure
from schakel.policy.models import FundingBasis, FundingScheme
from schakel.policy.services import PolicyError
from schakel.policy.services import funding as service
from tests.factories import MunicipalityFactory, RegionFactory

from .conftest import REFERENCE_DATE

# DOMAIN.md: seed 002's EUR 2,501 at 5 ct and EUR 3,501 at 7 ct both hold for 50,010-50,021 inhabitants.
WEERT_2022 = 50_014


def _weert_region():
    region = RegionFactory(name="Noord- en Midden-Limburg (test)", slug="nml-test")
    weert = MunicipalityFactory(cbs_code="GM0988", name="Weert", province="Limburg", region=region)
    nederweert = MunicipalityFactory(cbs_code="GM0946", name="Nederweert", province="Limburg", region=region)
    for municipality, count in ((weert, WEERT_2022), (nederweert, 17_000)):
        PopulationFigure.objects.create(municipality=municipality, reference_date=datetime.date(2022, 1, 1),
                                        inhabitants=count, source="test: a count in DOMAIN.md's range")
    return region


def _data(**overrides):
    data = {"year": 2022, "label": "Uitbreiding 18 naar 32 uur", "basis": FundingBasis.RATE,
            "rate_cents": Decimal("5"), "total_amount": None, "reference_date": datetime.date(2022, 1, 1),
            "period_start": datetime.date(2022, 5, 1), "period_end": datetime.date(2022, 12, 31),
            "hours_per_week": Decimal("14"), "notes": ""}
    return {**data, **overrides}


@pytest.mark.django_db
@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
def test_weert_pays_2501_at_5_cents_in_2022_and_3501_at_7_cents_from_2023_as_seed_002_says(world):
    region = _weert_region()
    actor = world.user("chain_director")
    part_year = service.save_scheme(actor=actor, region=region, data=_data())
    structural = service.save_scheme(actor=actor, region=region, data=_data(
        year=2023, rate_cents=Decimal("7"), period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31)))
    weert_2022 = next(r for r in service.compute(part_year).rows if r.municipality.name == "Weert")
    weert_2023 = next(r for r in service.compute(structural).rows if r.municipality.name == "Weert")
    assert (weert_2022.contribution, weert_2023.contribution) == (2501, 3501)


@pytest.mark.parametrize(("cents", "euros"), [("5", 2501), ("7", 3501), ("8", 4001), ("15", 7502)])
def test_contribution_is_inhabitants_times_rate_rounded_to_whole_euros(cents, euros):
    assert service.contribution_at_rate(WEERT_2022, Decimal(cents)) == euros


def test_every_count_in_domain_range_reproduces_both_seed_figures():
    for count in range(50_010, 50_022):
        assert (service.contribution_at_rate(count, Decimal(5)), service.contribution_at_rate(count, Decimal(7))) \
            == (2501, 3501)


def test_an_amount_to_divide_is_split_in_whole_euros_that_add_up_exactly():
    assert service.divide_amount(1000, [1, 1, 1]) == [334, 333, 333]
    assert sum(service.divide_amount(12_345, [50_014, 17_533, 9_999])) == 12_345


@pytest.mark.django_db
@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
def test_part_year_scheme_buys_its_hours_for_its_weeks_only_and_shows_the_annual_rate(world):
    region = _weert_region()
    table = service.compute(service.save_scheme(actor=world.user("chain_director"), region=region, data=_data()))
    assert table.months == 8 and table.part_year
    assert table.annual_rate_cents == Decimal("7.50")
    weert = next(r for r in table.rows if r.municipality.name == "Weert")
    assert weert.hours_per_week == (Decimal(14) * WEERT_2022 / (WEERT_2022 + 17_000)).quantize(Decimal("0.01"))
    assert table.total_hours_in_period == (Decimal(14) * 245 / 7).quantize(Decimal("0.1"))


@pytest.mark.django_db
def test_a_negative_rate_is_refused_with_the_reason(figures):
    with pytest.raises(PolicyError, match="negatief"):
        service.save_scheme(actor=None, region=figures.region_a, data=_data(
            year=2026, rate_cents=Decimal("-1"), reference_date=REFERENCE_DATE,
            period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)))
    assert not FundingScheme.objects.exists()


@pytest.mark.django_db
def test_a_reference_date_without_figures_is_refused_naming_the_municipalities(figures):
    with pytest.raises(PolicyError, match="Aadorp, Abbega"):
        service.save_scheme(actor=None, region=figures.region_a, data=_data(
            year=2026, reference_date=datetime.date(2025, 1, 1),
            period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31)))


def _post(**overrides):
    data = {"region": "", "year": "2026", "label": "Zorgcoördinatie 2026", "basis": "rate", "rate_cents": "15",
            "total_amount": "", "reference_date": "2026-01-01", "period_start": "2026-01-01",
            "period_end": "2026-12-31", "hours_per_week": "32", "notes": ""}
    return {**data, **overrides}


@pytest.mark.django_db
@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
def test_the_policy_officer_computes_a_table_and_downloads_it_as_xlsx(figures, login):
    client = login(figures.user("policy_officer"))
    response = client.post("/beleid/financiering/nieuw", _post(region=str(figures.region_a.pk)))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "€ 4500" in page.content.decode() and "€ 1500" in page.content.decode()
    export = client.get(response["Location"] + "export.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if r and r[0] and str(r[0]).startswith("GM")}
    assert rows["Aadorp"][2:4] == (30_000, 4500)


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed(figures, login):
    client = login(figures.user("policy_officer"))
    response = client.post("/beleid/financiering/nieuw", _post(region=str(figures.region_a.pk), rate_cents="-2",
                                                              label="Mijn getypte omschrijving"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "negatief" in body and "Mijn getypte omschrijving" in body
    assert not FundingScheme.objects.exists()


@pytest.mark.django_db
def test_a_scheme_of_another_region_is_not_found(figures, login):
    scheme = FundingScheme.objects.create(
        region=figures.region_b, year=2026, label="B", rate_cents=5, reference_date=REFERENCE_DATE,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    client = login(figures.user("policy_officer"))
    assert client.get(f"/beleid/financiering/{scheme.pk}/").status_code == 404


@pytest.mark.django_db
def test_2026_uses_the_cbs_figure_of_1_january_2026_from_the_shipped_reference_data(world):
    from schakel.organisations.models import Municipality, Region
    from schakel.organisations.services import load_reference_data

    load_reference_data()
    region = Region.objects.get(name="Noord- en Midden-Limburg")
    assert datetime.date(2026, 1, 1) in service.reference_dates(region)
    scheme = service.save_scheme(actor=None, region=region, data=_data(
        year=2026, rate_cents=Decimal("15"), reference_date=datetime.date(2026, 1, 1),
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31), hours_per_week=Decimal(32)))
    table = service.compute(scheme)
    weert = next(r for r in table.rows if r.municipality == Municipality.objects.get(cbs_code="GM0988"))
    assert (weert.inhabitants, weert.contribution) == (51_498, 7725)
    assert len(table.rows) == 15 and table.total_inhabitants == 537_019


@pytest.mark.django_db
@time_machine.travel("2026-03-02 10:00 +0100", tick=False)
def test_a_double_submit_creates_one_scheme_and_a_stale_edit_is_refused(figures, login):
    client = login(figures.user("policy_officer"))
    for _ in range(2):
        client.post("/beleid/financiering/nieuw", _post(region=str(figures.region_a.pk)))
    scheme = FundingScheme.objects.get()
    edit = _post(region=str(figures.region_a.pk), version="1", label="Gewijzigd")
    assert client.post(f"/beleid/financiering/{scheme.pk}/wijzigen", edit).status_code == 302
    response = client.post(f"/beleid/financiering/{scheme.pk}/wijzigen", {**edit, "label": "Nog eens"})
    assert "intussen gewijzigd" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.label == "Gewijzigd"
