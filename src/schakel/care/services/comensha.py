"""The anonymised CoMensha registration: preview, export (marks the cases reported), files.

Per client one record with no name, no date of birth, no client number: age group, gender,
nationality, form(s), reporter type, region and year. A client is only included with consent for
CoMensha registration or a documented legal ground (a Consent row of purpose "comensha" with a
legal ground); a client without either is left out and the export says how many and why. The same
records export with the field names of the Human Trafficking Case Data Standard (HTCDS) as the
Counter Trafficking Data Collaborative (CTDC, IOM) publishes them.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.clock import now as clock_now
from schakel.organisations.models import Region
from schakel.privacy.audit import record_access

from ..models import (
    CareCase,
    ComenshaExport,
    ComenshaRecord,
    ConsentPurpose,
    Form,
    Gender,
    Referrer,
    age_broad,
    age_group,
)
from .common import CareError

NO_CONSENT = "no_consent"
EXCLUSION_LABELS = {NO_CONSENT: gettext_lazy("geen toestemming en geen vastgelegde wettelijke grondslag")}

# CoMensha's reporter types (SOURCES.md section 2).
REPORTER_TYPES = {
    Referrer.POLICE: "Nationale Politie",
    Referrer.KMAR: "KMar",
    Referrer.LABOUR_INSPECTORATE: "NLA",
    Referrer.SCREENING: "Zorgcoördinatie",
    Referrer.SHELTER: "Overig",
    Referrer.CLIENT: "Overig",
    Referrer.OTHER: "Overig",
}

COLUMNS = ("jaar", "regio", "leeftijdsgroep", "geslacht", "nationaliteit", "vorm", "soort_melder", "grondslag")


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    already_reported: int = 0

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())


def _basis(case: CareCase, on: datetime.date) -> str | None:
    for consent in case.consents.all():
        if consent.purpose == ConsentPurpose.COMENSHA and consent.is_active(on):
            return "legal_ground" if consent.legal_ground else "consent"
    return None


def anonymised_row(case: CareCase, *, basis: str, region: Region) -> dict:
    """The one place that decides what leaves Schakel about a client: nothing that identifies them."""
    age = case.age_at_registration
    return {
        "year": case.opened_on.year,
        "region_name": region.name,
        "age_group": age_group(age),
        "age_broad": age_broad(age),
        "minor": case.minor if age is None else age < 18,
        "gender": case.gender,
        "nationality": case.nationality,
        "forms": list(case.forms) or [Form.UNKNOWN],
        "reporter_type": REPORTER_TYPES.get(case.referrer, "Overig"),
        "basis": basis,
    }


def _candidates(region: Region, period_from: datetime.date, period_until: datetime.date):
    return (CareCase.objects.filter(region=region, opened_on__gte=period_from, opened_on__lte=period_until)
            .prefetch_related("consents").select_related("comensha_record").order_by("opened_on", "id")
            .defer("name", "date_of_birth", "close_note"))


def _check_period(period_from, period_until) -> None:
    if period_from is None or period_until is None:
        raise CareError(_("Vul de periode in: van en tot en met."), field="period_from")
    if period_until < period_from:
        raise CareError(_("Het einde van de periode ligt vóór het begin. Draai de datums om."), field="period_until")


def preview(*, region: Region, period_from: datetime.date, period_until: datetime.date,
            on: datetime.date) -> Preview:
    _check_period(period_from, period_until)
    result = Preview()
    for case in _candidates(region, period_from, period_until):
        if hasattr(case, "comensha_record"):
            result.already_reported += 1
            continue
        basis = _basis(case, on)
        if basis is None:
            result.excluded[NO_CONSENT] = result.excluded.get(NO_CONSENT, 0) + 1
            continue
        result.rows.append(anonymised_row(case, basis=basis, region=region))
    return result


@transaction.atomic
def export(*, actor, region: Region, period_from: datetime.date, period_until: datetime.date,
           now: datetime.datetime | None = None) -> ComenshaExport:
    """Create the export and its records: the included cases are from now on 'gemeld'."""
    moment = now or clock_now()
    from schakel.clock import AMSTERDAM

    from ..permissions import can_work_on

    if not can_work_on(actor) or region.pk not in _regions(actor):
        raise CareError(_("U kunt alleen voor uw eigen regio registreren."))
    _check_period(period_from, period_until)
    day = moment.astimezone(AMSTERDAM).date()
    cases = list(_candidates(region, period_from, period_until).select_for_update(of=("self",)))
    included, excluded = [], {}
    for case in cases:
        if hasattr(case, "comensha_record"):
            continue
        basis = _basis(case, day)
        if basis is None:
            excluded[NO_CONSENT] = excluded.get(NO_CONSENT, 0) + 1
            continue
        included.append((case, anonymised_row(case, basis=basis, region=region)))
    if not included:
        raise CareError(_("Er is in deze periode niets (meer) te melden: geen cliënten met toestemming of grondslag "
                          "die nog niet zijn gemeld."), field="period_from")
    batch = ComenshaExport.objects.create(region=region, period_from=period_from, period_until=period_until,
                                          included=len(included), excluded=excluded, created_at=moment,
                                          created_by=actor)
    ComenshaRecord.objects.bulk_create([
        ComenshaRecord(export=batch, case=case, region=region, year=row["year"], age_group=row["age_group"],
                       age_broad=row["age_broad"], minor=row["minor"], gender=row["gender"],
                       nationality=row["nationality"], forms=row["forms"], reporter_type=row["reporter_type"],
                       basis=row["basis"])
        for case, row in included])
    record_access(user=actor, action="export", record=batch,
                  reason=f"zorg: CoMensha-registratie, {len(included)} cliënten, {sum(excluded.values())} niet gemeld")
    return batch


def _regions(actor) -> frozenset[int]:
    from schakel.accounts.roles import Role
    from schakel.accounts.tenancy import scope_for

    return scope_for(actor).regions_for(Role.CARE_COORDINATOR)


# --- files ---------------------------------------------------------------------------------------

def _form_labels(forms: list[str]) -> str:
    labels = dict(Form.choices)
    return "; ".join(str(labels.get(form, form)) for form in forms)


def table(batch: ComenshaExport) -> tuple[list[str], list[list]]:
    """The export in CoMensha's Dutch columns."""
    genders = dict(Gender.choices)
    rows = [[record.year, batch.region.name, record.get_age_group_display(), str(genders.get(record.gender, "")),
             record.nationality, _form_labels(record.forms), record.reporter_type,
             "toestemming" if record.basis == "consent" else "wettelijke grondslag"]
            for record in batch.records.all()]
    return list(COLUMNS), rows


HTCDS_COLUMNS = ("yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus", "citizenship",
                 "CountryOfExploitation", "isForcedLabour", "isSexualExploit", "isOtherExploit", "isOrganRemoval",
                 "typeOfExploitConcatenated")
_HTCDS_GENDER = {Gender.FEMALE: "Female", Gender.MALE: "Male", Gender.OTHER: "Transgender/NonConforming"}
_HTCDS_FORM = {Form.LABOUR: "Forced labour", Form.SEXUAL: "Sexual exploitation", Form.CRIMINAL: "Other",
               Form.ORGAN_REMOVAL: "Organ removal"}


def htcds_table(batch: ComenshaExport) -> tuple[list[str], list[list]]:
    """The same records in HTCDS/CTDC field names (1/0 flags; empty for unknown)."""
    rows = []
    for record in batch.records.all():
        forms = set(record.forms)
        rows.append([
            record.year, "Case Management", _HTCDS_GENDER.get(record.gender, ""), record.age_broad,
            "" if record.minor is None else ("Minor" if record.minor else "Adult"),
            "" if record.nationality == "XX" else record.nationality, "NL",
            int(Form.LABOUR in forms), int(Form.SEXUAL in forms), int(Form.CRIMINAL in forms),
            int(Form.ORGAN_REMOVAL in forms),
            ";".join(_HTCDS_FORM[form] for form in (Form.LABOUR, Form.SEXUAL, Form.CRIMINAL, Form.ORGAN_REMOVAL)
                     if form in forms),
        ])
    return list(HTCDS_COLUMNS), rows


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        # No cell may start a formula in a spreadsheet (CSV injection); values are codes and labels anyway.
        writer.writerow([f"'{cell}" if isinstance(cell, str) and cell[:1] in "=+-@" else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list], *, note: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registratie"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    about = workbook.create_sheet("Toelichting")
    about.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exclusion_note(batch: ComenshaExport) -> str:
    parts = [f"{count} {EXCLUSION_LABELS.get(reason, reason)}" for reason, count in sorted(batch.excluded.items())]
    return _("%(included)s cliënten gemeld over %(start)s tot en met %(end)s. Niet gemeld: %(excluded)s.") % {
        "included": batch.included, "start": batch.period_from.strftime("%d-%m-%Y"),
        "end": batch.period_until.strftime("%d-%m-%Y"), "excluded": ", ".join(parts) or _("geen")}
