"""In a real browser (axe-core and the 320 px reflow check run on every page state), as the demo policy
officer (demo-beleid, Demodorp): an action plan from the Zuid-Limburg template, exported, changed in the
spreadsheet and imported back; a wrong file refused with its list of problems; a training and a
self-assessment recorded; the funding table that passes seed 002's Weert check; no personal data."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from schakel.accounts.models import User
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.organisations.models import Municipality, PopulationFigure, Region, RegionMember
from schakel.policy.exports import plan_columns
from schakel.policy.models import Activity, ActivityStatus, SelfAssessment, Training

pytestmark = pytest.mark.browser

WEERT_2022 = 50_014  # DOMAIN.md: seed 002's figures hold for 50,010-50,021 inhabitants


def _demo_policy_officer():
    # A browser test's database is emptied between tests, migration data included: load the Kader.
    from schakel.policy.services.assessments import load_kader_components

    load_kader_components()
    load_demo_data(registry=DemoLoaderRegistry())
    region = Region.objects.get(is_demo=True)
    weert = Municipality.objects.create(cbs_code="GM0988", name="Weert", province="Limburg")
    RegionMember.objects.create(region=region, municipality=weert)
    for member in region.members.select_related("municipality"):
        count = WEERT_2022 if member.municipality == weert else 20_000
        PopulationFigure.objects.create(municipality=member.municipality, reference_date=datetime.date(2022, 1, 1),
                                        inhabitants=count, source="test")
    return User.objects.get(username="demo-beleid")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activiteiten"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _compute(page, year, cents, start, end):
    page.goto("/beleid/financiering/nieuw")
    page.get_by_label("Jaar", exact=True).fill(str(year))
    page.get_by_label("Omschrijving", exact=True).fill(f"Uitbreiding zorgcoördinatie {year}")
    page.get_by_label("Bedrag per inwoner (cent)").fill(cents)
    page.get_by_label("Peildatum inwonertal", exact=True).fill("2022-01-01")
    page.get_by_label("Geldt vanaf", exact=True).fill(start)
    page.get_by_label("Geldt tot en met", exact=True).fill(end)
    page.get_by_label("Uren zorgcoördinatie per week die de regeling betaalt").fill("14")
    page.get_by_role("button", name="Berekenen en opslaan").click()
    return page.locator("#funding-table tbody tr", has_text="Weert")


def test_the_policy_officer_keeps_the_instruments_of_the_municipality(page, browser_login, tmp_path):
    officer = _demo_policy_officer()
    browser_login(page, officer, second_factor=False)

    page.goto("/")
    expect(page.get_by_role("heading", name="Beleid: wat aandacht vraagt")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beleid").click()
    page.get_by_role("link", name="Uitvoeringsplannen").click()

    # An action plan from the Zuid-Limburg template, with one activity.
    page.get_by_label("Plan van").select_option(label="Demodorp")
    page.get_by_label("Naar een regio zonder uitbuiting").check()
    page.get_by_label("Van jaar").fill("2023")
    page.get_by_label("Tot en met jaar").fill("2026")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect(page.get_by_role("heading", name="Actielijn 1: Eerder en beter in beeld")).to_be_visible()
    expect(page.get_by_role("heading", name="Actielijn 3: Opvang en hulpverlening")).to_be_visible()
    page.get_by_role("link", name="Activiteit toevoegen").first.click()
    page.get_by_label("Activiteit", exact=True).fill("Bewustwordingstraining baliemedewerkers")
    page.get_by_label("Beoogd resultaat").fill("Alle baliemedewerkers getraind")
    page.get_by_label("Uitvoeringspartners").fill("CoMensha")
    page.get_by_label("Start").fill("2026-01-05")
    page.get_by_label("Einde").fill("2026-12-18")
    page.get_by_role("button", name="Activiteit opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De activiteit is toegevoegd.")
    plan_url = page.url

    # Export, change it in the spreadsheet, import it back.
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren naar Excel (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == plan_columns()
    activity_row = next(row for row in rows if row[3] == "Bewustwordingstraining baliemedewerkers")
    activity_row[9] = "Lopend"
    rows.append(["", 2, "", "Gezamenlijke controles met de AVIM", "Twee per jaar", "Politie", "01-03-2026",
                 "30-11-2026", "Handhaving", "Gepland"])
    changed = tmp_path / "plan.xlsx"
    changed.write_bytes(_xlsx(rows))
    page.get_by_role("link", name="Importeren uit Excel").click()

    # A wrong file first: refused as a whole with its problems, nothing changed.
    wrong = tmp_path / "fout.xlsx"
    wrong.write_bytes(_xlsx([plan_columns(), ["", 1, "", "Nieuw", "", "", "morgen", "", "", "Bezig"],
                             ["", 1, "", "Omgekeerd", "", "", "01-06-2026", "01-01-2026", "", ""]]))
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Controleren en inlezen").click()
    expect(page.get_by_role("alert")).to_contain_text("3 problemen. Er is niets gewijzigd.")
    problems = page.get_by_role("table", name="Problemen in het bestand")
    expect(problems).to_contain_text("'morgen' is geen datum")
    expect(problems).to_contain_text("Onbekende status 'Bezig'")
    expect(problems).to_contain_text("De einddatum ligt vóór de startdatum.")
    assert Activity.objects.count() == 1

    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(str(changed))
    page.get_by_role("button", name="Controleren en inlezen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("1 nieuwe en 1 gewijzigde activiteiten")
    assert page.url == plan_url
    expect(page.get_by_role("table", name="Activiteiten van actielijn 2")).to_contain_text("Gezamenlijke controles")
    assert Activity.objects.get(title="Bewustwordingstraining baliemedewerkers").status == ActivityStatus.IN_PROGRESS

    # A training, counted by department.
    page.goto("/beleid/trainingen/nieuw")
    page.get_by_label("Titel", exact=True).fill("Signalen mensenhandel herkennen")
    page.get_by_label("Aanbieder", exact=True).select_option(label="CoMensha Mensenhandel Academy")
    page.get_by_label("Datum", exact=True).fill("2026-02-10")
    page.get_by_label("Deelnemers Burgerzaken").fill("8")
    page.get_by_label("Deelnemers Wmo / wijkteam").fill("12")
    page.get_by_role("button", name="Training opslaan").click()
    expect(page.get_by_role("table", name="Afdelingen van Demodorp")).to_contain_text("Burgerzaken")
    assert Training.objects.get().participants == 20

    # A self-assessment against the VNG Kader.
    page.get_by_role("link", name="Zelfevaluatie VNG Kader").click()
    page.get_by_role("link", name="Zelfevaluatie vastleggen").click()
    for index, plateau in enumerate(["Plateau 1 (basisniveau)", "Plateau 1 (basisniveau)",
                                     "Plateau 2 (verder ontwikkeld)", "Nog niet", "Plateau 1 (basisniveau)"]):
        section = page.locator("form section").nth(index)
        section.get_by_label(plateau).check()
    page.locator("form section").first.get_by_label("Onderbouwing").fill("Uitvoeringsplan vastgesteld")
    page.locator("form section").first.get_by_label("Documenten (één link per regel)").fill(
        plan_url.split(page.url.split("/beleid/")[0])[-1])
    page.get_by_role("button", name="Zelfevaluatie opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zelfevaluatie Demodorp")
    assert SelfAssessment.objects.count() == 1
    page.get_by_role("link", name="Zelfevaluatie VNG Kader").click()
    expect(page.locator("#kader-matrix tbody tr", has_text="Demodorp")).to_contain_text("Plateau 2")

    # The funding table: seed 002's Weert check.
    weert = _compute(page, 2022, "5", "2022-05-01", "2022-12-31")
    expect(weert).to_contain_text("€ 2501")
    expect(page.locator(".schakel-policy-facts")).to_contain_text("deel van het jaar: 8 maanden")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als Excel (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and row[1]}
    assert cells["Weert"][2:4] == (WEERT_2022, 2501)
    expect(_compute(page, 2023, "7", "2023-01-01", "2023-12-31")).to_contain_text("€ 3501")

    # A negative rate is refused with the reason, and what was typed is kept.
    page.goto("/beleid/financiering/nieuw")
    page.get_by_label("Omschrijving", exact=True).fill("Fout tarief")
    page.get_by_label("Bedrag per inwoner (cent)").fill("-3")
    page.get_by_role("button", name="Berekenen en opslaan").click()
    expect(page.locator(".utrecht-form-field--invalid", has_text="Bedrag per inwoner")).to_contain_text("negatief")
    expect(page.get_by_label("Omschrijving", exact=True)).to_have_value("Fout tarief")

    # Pages with personal data stay closed to the policy officer.
    for path in ("/signalen/", "/zorg/", "/maatregelen/"):
        response = page.goto(path)
        assert response.status in (403, 404), path


def test_the_administrator_applies_a_region_profile_and_the_chain_director_sees_the_region(
        page, world, browser_login, context):
    browser_login(page, world.user("administrator"))
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regioprofielen").click()
    profile = page.get_by_role("region", name="Noord- en Midden-Limburg")
    profile.get_by_label("Toepassen op regio").select_option(label=world.region_a.name)
    profile.get_by_role("button", name="Profiel Noord- en Midden-Limburg toepassen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("bijgewerkt volgens profiel Noord- en Midden-Limburg")
    page.get_by_label("Opfriscursus na (maanden)").fill("12")
    page.get_by_role("button", name=f"Termijn voor {world.region_a.name} opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De termijn voor opfriscursussen")

    context.clear_cookies()
    browser_login(page, world.user("chain_director"))
    page.goto("/")
    expect(page.get_by_role("heading", name="Beleid: wat aandacht vraagt")).to_be_visible()
    expect(page.get_by_role("link", name=f"Zelfevaluatie van {world.a2.name} ontbreekt of is ouder dan een jaar")
           ).to_be_visible()
    page.goto("/beleid/zelfevaluatie/")
    expect(page.locator("#kader-matrix tbody tr")).to_have_count(2)
    page.goto("/beleid/trainingen/")
    expect(page.get_by_role("heading", name=f"Bereik in {world.a2.name}")).to_be_visible()
    expect(page.get_by_role("table", name=f"Afdelingen van {world.a1.name}")).to_contain_text("Training nodig")
