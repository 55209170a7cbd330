"""Loading the reference data: counts, known figures, idempotency, mergers, administrator edits."""

import csv
import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from schakel.organisations.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    PopulationFigure,
    Region,
    RegionMember,
)
from schakel.organisations.services import (
    DATA_DIR,
    POPULATION_SOURCE,
    ReferenceDataError,
    load_reference_data,
)

pytestmark = pytest.mark.django_db

JAN_2026 = datetime.date(2026, 1, 1)


@pytest.fixture
def data_copy(tmp_path):
    """An editable copy of the shipped files, to play a newer version of them."""
    for name in ("municipalities.csv", "regions.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path, transform):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = [rows[0], *transform(rows[1:])]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _snapshot():
    return (
        list(Municipality.objects.order_by("pk").values()),
        list(PopulationFigure.objects.order_by("pk").values()),
        list(Organisation.objects.order_by("pk").values()),
        list(Region.objects.order_by("pk").values()),
        list(RegionMember.objects.order_by("pk").values()),
    )


def test_loads_all_342_municipalities_with_a_municipal_organisation_each():
    load_reference_data()

    assert Municipality.objects.count() == 342
    assert Municipality.objects.filter(active=True).count() == 342
    assert Municipality.objects.values("province").distinct().count() == 12
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 342
    weert = Organisation.objects.get(name="Gemeente Weert")
    assert weert.kind == OrganisationKind.MUNICIPALITY
    assert weert.municipality.cbs_code == "GM0988"


def test_regions_have_8_15_and_16_members():
    load_reference_data()

    counts = {region.name: region.members.count() for region in Region.objects.all()}
    assert counts == {"Achterhoek": 8, "Noord- en Midden-Limburg": 15, "Zuid-Limburg": 16}
    assert Region.objects.get(slug="achterhoek").members.filter(municipality__name="Doetinchem").exists()
    assert Municipality.objects.get(cbs_code="GM0988").region_membership.region.name == "Noord- en Midden-Limburg"
    assert Organisation.objects.get(name="Gemeente Maastricht").home_region.name == "Zuid-Limburg"


def test_weert_has_51498_inhabitants_on_1_january_2026_from_cbs():
    load_reference_data()

    weert = Municipality.objects.get(cbs_code="GM0988")
    assert weert.name == "Weert"
    assert weert.province == "Limburg"
    assert weert.inhabitants_on(JAN_2026) == 51_498
    assert weert.population_figures.get(reference_date=JAN_2026).source == POPULATION_SOURCE == "CBS StatLine 86247NED"


def test_inhabitants_sum_to_the_national_population_of_1_january_2026():
    load_reference_data()

    total = PopulationFigure.objects.filter(reference_date=JAN_2026).aggregate(total=Sum("inhabitants"))["total"]
    assert total == 18_130_208


def test_running_twice_changes_nothing():
    first = load_reference_data()
    before = _snapshot()

    second = load_reference_data()

    assert first.changed
    assert not second.changed
    assert _snapshot() == before


def test_command_runs_twice_and_says_the_data_was_current():
    call_command("load_reference_data", verbosity=0)
    before = _snapshot()
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "al actueel" in out.getvalue()
    assert _snapshot() == before


def test_inhabitants_on_picks_the_latest_reference_date_on_or_before_the_day():
    load_reference_data()
    weert = Municipality.objects.get(cbs_code="GM0988")
    PopulationFigure.objects.create(municipality=weert, reference_date=datetime.date(2025, 1, 1),
                                    inhabitants=50_014, source="test")

    assert weert.inhabitants_on(datetime.date(2024, 12, 31)) is None
    assert weert.inhabitants_on(datetime.date(2025, 1, 1)) == 50_014
    assert weert.inhabitants_on(datetime.date(2025, 12, 31)) == 50_014
    assert weert.inhabitants_on(datetime.date(2026, 1, 1)) == 51_498
    assert weert.inhabitants_on(datetime.date(2030, 6, 1)) == 51_498


def test_a_second_reference_date_in_a_newer_file_is_added_beside_the_first(data_copy):
    load_reference_data()
    _rewrite(data_copy / "municipalities.csv", lambda rows: rows + [
        ["GM0988", "Weert", "Limburg", "51700", "2027-01-01"]])

    report = load_reference_data(data_dir=data_copy)

    weert = Municipality.objects.get(cbs_code="GM0988")
    assert report.figures_created == 1
    assert weert.inhabitants_on(datetime.date(2026, 6, 1)) == 51_498
    assert weert.inhabitants_on(datetime.date(2027, 1, 1)) == 51_700


def test_a_corrected_figure_replaces_the_old_one_for_the_same_reference_date(data_copy):
    load_reference_data()
    _rewrite(data_copy / "municipalities.csv", lambda rows: [
        [*row[:3], "51499", row[4]] if row[0] == "GM0988" else row for row in rows])

    report = load_reference_data(data_dir=data_copy)

    assert report.figures_updated == 1
    assert Municipality.objects.get(cbs_code="GM0988").inhabitants_on(JAN_2026) == 51_499
    assert PopulationFigure.objects.count() == 342


def test_a_municipality_missing_from_a_newer_file_is_marked_inactive_not_deleted(data_copy):
    load_reference_data()
    _rewrite(data_copy / "municipalities.csv", lambda rows: [row for row in rows if row[0] != "GM0294"])
    _rewrite(data_copy / "regions.csv", lambda rows: [row for row in rows if row[1] != "GM0294"])

    report = load_reference_data(data_dir=data_copy)

    winterswijk = Municipality.objects.get(cbs_code="GM0294")
    assert report.municipalities_deactivated == 1
    assert winterswijk.active is False
    assert winterswijk.population_figures.exists()
    assert Organisation.objects.filter(municipality=winterswijk).exists()
    assert winterswijk.region_membership.region.name == "Achterhoek"
    assert Municipality.objects.filter(active=True).count() == 341


def test_a_municipality_back_in_the_file_is_active_again(data_copy):
    load_reference_data()
    Municipality.objects.filter(cbs_code="GM0294").update(active=False)

    report = load_reference_data()

    assert report.municipalities_updated == 1
    assert Municipality.objects.get(cbs_code="GM0294").active is True


def test_a_renamed_municipality_renames_its_generated_organisation_name(data_copy):
    load_reference_data()
    _rewrite(data_copy / "municipalities.csv", lambda rows: [
        [row[0], "Weert aan de Maas", *row[2:]] if row[0] == "GM0988" else row for row in rows])

    load_reference_data(data_dir=data_copy)

    assert Municipality.objects.get(cbs_code="GM0988").name == "Weert aan de Maas"
    assert Organisation.objects.get(municipality__cbs_code="GM0988").name == "Gemeente Weert aan de Maas"


def test_an_organisation_name_chosen_by_an_administrator_is_kept(data_copy):
    load_reference_data()
    Organisation.objects.filter(name="Gemeente Weert").update(name="Gemeente Weert (afdeling Veiligheid)")
    _rewrite(data_copy / "municipalities.csv", lambda rows: [
        [row[0], "Weert aan de Maas", *row[2:]] if row[0] == "GM0988" else row for row in rows])

    load_reference_data(data_dir=data_copy)

    assert Organisation.objects.get(municipality__cbs_code="GM0988").name == "Gemeente Weert (afdeling Veiligheid)"
    assert Organisation.objects.filter(municipality__cbs_code="GM0988").count() == 1


def test_a_municipality_an_administrator_placed_in_another_region_is_not_moved_back():
    load_reference_data()
    elsewhere = Region.objects.create(name="Regio Midden-Limburg", slug="midden-limburg")
    RegionMember.objects.filter(municipality__cbs_code="GM0988").update(region=elsewhere)

    report = load_reference_data()

    assert Municipality.objects.get(cbs_code="GM0988").region_membership.region == elsewhere
    assert report.members_kept_elsewhere == ["GM0988"]
    assert not report.changed


def test_a_region_renamed_by_an_administrator_is_found_by_its_slug_and_not_created_again():
    load_reference_data()
    Region.objects.filter(slug="achterhoek").update(name="Regio Achterhoek", first_reaction_days=3)

    report = load_reference_data()

    assert report.regions_created == 0
    assert Region.objects.count() == 3
    assert Region.objects.get(slug="achterhoek").name == "Regio Achterhoek"
    assert Region.objects.get(slug="achterhoek").first_reaction_days == 3


def test_a_missing_member_is_added_to_its_region_again():
    load_reference_data()
    RegionMember.objects.filter(municipality__cbs_code="GM0197").delete()

    report = load_reference_data()

    assert report.members_created == 1
    assert Municipality.objects.get(cbs_code="GM0197").region_membership.region.slug == "achterhoek"


def test_municipalities_of_a_demo_region_stay_active():
    demo = Region.objects.create(name="Demoregio", slug="demoregio", is_demo=True)
    fictional = Municipality.objects.create(cbs_code="GM9901", name="Demodorp", province="Demoprovincie")
    RegionMember.objects.create(region=demo, municipality=fictional)

    load_reference_data()
    load_reference_data()

    fictional.refresh_from_db()
    assert fictional.active is True


@pytest.mark.parametrize(("transform", "message"), [
    (lambda rows: [["GM98", "Nergens", "Limburg", "1", "2026-01-01"], *rows], "ongeldige CBS-code"),
    (lambda rows: [["GM0988", "Weert", "Limburg", "veel", "2026-01-01"], *rows[1:]], "onleesbaar"),
    (lambda rows: [*rows, rows[0]], "dubbel"),
])
def test_a_malformed_municipality_file_is_refused_with_its_line_and_changes_nothing(data_copy, transform, message):
    _rewrite(data_copy / "municipalities.csv", transform)

    with pytest.raises(ReferenceDataError, match=message) as raised:
        load_reference_data(data_dir=data_copy)

    assert "municipalities.csv:" in str(raised.value)
    assert Municipality.objects.count() == 0


def test_a_region_file_naming_an_unknown_municipality_is_refused(data_copy):
    _rewrite(data_copy / "regions.csv", lambda rows: [*rows, ["Achterhoek", "GM0001", "Nergens"]])

    with pytest.raises(CommandError, match="onbekende gemeente 'GM0001'"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)

    assert Region.objects.count() == 0


def test_a_file_with_the_wrong_header_is_refused(data_copy):
    (data_copy / "regions.csv").write_text("regio,code\nAchterhoek,GM0197\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError, match="kopregel"):
        load_reference_data(data_dir=data_copy)


def test_an_organisation_an_administrator_made_under_the_generated_name_is_kept_not_duplicated():
    weert = Municipality.objects.create(cbs_code="GM0988", name="Weert", province="Limburg")
    Organisation.objects.create(name="Gemeente Weert", kind=OrganisationKind.OTHER, municipality=weert)

    load_reference_data()

    assert list(Organisation.objects.filter(name__startswith="Gemeente Weert").values_list("name", "kind")) == [
        ("Gemeente Weert", OrganisationKind.OTHER)]
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 341
