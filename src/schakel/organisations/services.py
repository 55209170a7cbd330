"""Loading the versioned reference data (municipalities, inhabitants, regions) into the database.

The files and their public sources are described in `data/README.md`. The load is an
idempotent upsert: a second run with the same files changes no row. Regions are data an
administrator owns: the loader creates missing regions and places municipalities that have no
region yet, but never moves a municipality an administrator has placed in another region.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Municipality, Organisation, OrganisationKind, PopulationFigure, Region, RegionMember

DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_SOURCE = "CBS StatLine 86247NED"
MUNICIPALITY_HEADER = ["cbs_code", "name", "province", "inhabitants", "inhabitants_date"]
REGION_HEADER = ["region", "cbs_code", "name"]
CBS_CODE = re.compile(r"^GM[0-9]{4}$")


class ReferenceDataError(ValueError):
    """A reference data file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class MunicipalityRow:
    cbs_code: str
    name: str
    province: str
    inhabitants: int
    reference_date: datetime.date


@dataclass(frozen=True)
class RegionRow:
    region: str
    cbs_code: str
    name: str


@dataclass
class LoadReport:
    """What one load changed; all zero on a second run with the same files."""

    municipalities_created: int = 0
    municipalities_updated: int = 0
    municipalities_deactivated: int = 0
    figures_created: int = 0
    figures_updated: int = 0
    organisations_created: int = 0
    organisations_renamed: int = 0
    regions_created: int = 0
    members_created: int = 0
    members_kept_elsewhere: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any((self.municipalities_created, self.municipalities_updated, self.municipalities_deactivated,
                    self.figures_created, self.figures_updated, self.organisations_created,
                    self.organisations_renamed, self.regions_created, self.members_created))


def _read_csv(path: Path, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != header:
            raise ReferenceDataError(_("%(file)s: kopregel moet %(expected)s zijn, niet %(found)s") % {
                "file": path.name, "expected": ",".join(header), "found": ",".join(reader.fieldnames or [])})
        return [(reader.line_num, row) for row in reader]


def read_municipalities(path: Path) -> list[MunicipalityRow]:
    rows: list[MunicipalityRow] = []
    seen: set[str] = set()
    for line, raw in _read_csv(path, MUNICIPALITY_HEADER):
        where = f"{path.name}:{line}"
        code = (raw["cbs_code"] or "").strip()
        if not CBS_CODE.match(code):
            raise ReferenceDataError(_("%(where)s: ongeldige CBS-code %(code)r") % {"where": where, "code": code})
        if not raw["name"].strip() or not raw["province"].strip():
            raise ReferenceDataError(_("%(where)s: naam en provincie zijn verplicht") % {"where": where})
        try:
            inhabitants = int(raw["inhabitants"])
            reference_date = datetime.date.fromisoformat(raw["inhabitants_date"])
        except (TypeError, ValueError) as exc:
            raise ReferenceDataError(_("%(where)s: inwonertal of peildatum onleesbaar (%(error)s)") % {
                "where": where, "error": exc}) from exc
        if inhabitants < 0:
            raise ReferenceDataError(_("%(where)s: negatief inwonertal") % {"where": where})
        key = f"{code}@{reference_date.isoformat()}"
        if key in seen:
            raise ReferenceDataError(_("%(where)s: %(code)s staat dubbel voor dezelfde peildatum") % {
                "where": where, "code": code})
        seen.add(key)
        rows.append(MunicipalityRow(cbs_code=code, name=raw["name"].strip(), province=raw["province"].strip(),
                                    inhabitants=inhabitants, reference_date=reference_date))
    return rows


def read_regions(path: Path, known_codes: set[str]) -> list[RegionRow]:
    rows: list[RegionRow] = []
    placed: dict[str, str] = {}
    for line, raw in _read_csv(path, REGION_HEADER):
        where = f"{path.name}:{line}"
        code = (raw["cbs_code"] or "").strip()
        region = (raw["region"] or "").strip()
        if code not in known_codes:
            raise ReferenceDataError(_("%(where)s: onbekende gemeente %(code)r") % {"where": where, "code": code})
        if not region:
            raise ReferenceDataError(_("%(where)s: regio is verplicht") % {"where": where})
        if code in placed and placed[code] != region:
            raise ReferenceDataError(_("%(where)s: %(code)s staat in twee regio's") % {"where": where, "code": code})
        placed[code] = region
        rows.append(RegionRow(region=region, cbs_code=code, name=raw["name"].strip()))
    return rows


def municipal_organisation_name(municipality_name: str) -> str:
    return f"Gemeente {municipality_name}"


@transaction.atomic
def load_reference_data(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Upsert municipalities, inhabitants, municipal organisations and regions from `data_dir`."""
    municipality_rows = read_municipalities(data_dir / "municipalities.csv")
    region_rows = read_regions(data_dir / "regions.csv", {row.cbs_code for row in municipality_rows})
    report = LoadReport()
    municipalities, renamed_from = _upsert_municipalities(municipality_rows, report)
    _upsert_population_figures(municipality_rows, municipalities, report)
    _ensure_municipal_organisations(municipalities, renamed_from, report)
    _ensure_regions(region_rows, municipalities, report)
    return report


def _upsert_municipalities(rows: list[MunicipalityRow], report: LoadReport):
    latest: dict[str, MunicipalityRow] = {}
    for row in rows:
        if row.cbs_code not in latest or row.reference_date > latest[row.cbs_code].reference_date:
            latest[row.cbs_code] = row
    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    renamed_from: dict[str, str] = {}
    to_create, to_update = [], []
    for code, row in latest.items():
        municipality = existing.get(code)
        if municipality is None:
            to_create.append(Municipality(cbs_code=code, name=row.name, province=row.province, active=True))
            continue
        if (municipality.name, municipality.province, municipality.active) != (row.name, row.province, True):
            if municipality.name != row.name:
                renamed_from[code] = municipality.name
            municipality.name, municipality.province, municipality.active = row.name, row.province, True
            to_update.append(municipality)
    Municipality.objects.bulk_create(to_create)
    Municipality.objects.bulk_update(to_update, ["name", "province", "active"])
    report.municipalities_created = len(to_create)
    report.municipalities_updated = len(to_update)

    gone = (Municipality.objects.filter(active=True).exclude(cbs_code__in=latest.keys())
            .exclude(region_membership__region__is_demo=True))
    report.municipalities_deactivated = gone.update(active=False)
    by_code = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__in=latest.keys())}
    return by_code, renamed_from


def _upsert_population_figures(rows: list[MunicipalityRow], municipalities: dict[str, Municipality],
                               report: LoadReport) -> None:
    existing = {(f.municipality_id, f.reference_date): f
                for f in PopulationFigure.objects.filter(municipality__in=municipalities.values())}
    to_create, to_update = [], []
    for row in rows:
        municipality = municipalities[row.cbs_code]
        figure = existing.get((municipality.pk, row.reference_date))
        if figure is None:
            to_create.append(PopulationFigure(municipality=municipality, reference_date=row.reference_date,
                                              inhabitants=row.inhabitants, source=POPULATION_SOURCE))
        elif (figure.inhabitants, figure.source) != (row.inhabitants, POPULATION_SOURCE):
            figure.inhabitants, figure.source = row.inhabitants, POPULATION_SOURCE
            to_update.append(figure)
    PopulationFigure.objects.bulk_create(to_create)
    PopulationFigure.objects.bulk_update(to_update, ["inhabitants", "source"])
    report.figures_created = len(to_create)
    report.figures_updated = len(to_update)


def _ensure_municipal_organisations(municipalities: dict[str, Municipality], renamed_from: dict[str, str],
                                    report: LoadReport) -> None:
    existing = {o.municipality_id: o for o in
                Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY,
                                            municipality__in=municipalities.values()).order_by("pk")}
    taken_names = set(Organisation.objects.values_list("name", flat=True))
    to_create = []
    for code, municipality in municipalities.items():
        organisation = existing.get(municipality.pk)
        name = municipal_organisation_name(municipality.name)
        if organisation is None and name not in taken_names:
            # A name already taken means an administrator made that organisation by hand: keep it.
            to_create.append(Organisation(name=name, kind=OrganisationKind.MUNICIPALITY, municipality=municipality))
            taken_names.add(name)
        elif (organisation is not None and code in renamed_from and name not in taken_names
              and organisation.name == municipal_organisation_name(renamed_from[code])):
            organisation.name = name
            organisation.save(update_fields=["name"])
            report.organisations_renamed += 1
    Organisation.objects.bulk_create(to_create)
    report.organisations_created = len(to_create)


def _ensure_regions(rows: list[RegionRow], municipalities: dict[str, Municipality], report: LoadReport) -> None:
    regions: dict[str, Region] = {}
    for name in dict.fromkeys(row.region for row in rows):
        slug = slugify(name)
        region = Region.objects.filter(slug=slug).first() or Region.objects.filter(name=name).first()
        if region is None:
            region = Region.objects.create(name=name, slug=slug)
            report.regions_created += 1
        regions[name] = region
    placed = dict(RegionMember.objects.filter(municipality__in=municipalities.values())
                  .values_list("municipality_id", "region_id"))
    to_create = []
    for row in rows:
        municipality = municipalities[row.cbs_code]
        region = regions[row.region]
        current = placed.get(municipality.pk)
        if current is None:
            to_create.append(RegionMember(region=region, municipality=municipality))
        elif current != region.pk:
            report.members_kept_elsewhere.append(row.cbs_code)
    RegionMember.objects.bulk_create(to_create)
    report.members_created = len(to_create)
