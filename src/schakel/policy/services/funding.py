"""The funding calculator for care coordination (DOMAIN.md, seed 002).

A municipality's contribution is its inhabitants on the reference date times the rate, rounded
to whole euros (half up): Weert's 50,014 inhabitants at 5 ct give EUR 2,501 and at 7 ct
EUR 3,501. With an amount to divide, each municipality pays its share of the inhabitants; the
euros are rounded by the largest remainder so that they add up to the amount exactly. The hours
a scheme buys are divided in the same proportion; a part-year scheme (seed 002: May-December
2022) buys them for its weeks only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.clock import now
from schakel.organisations.models import PopulationFigure, Region

from ..models import FundingBasis, FundingScheme
from . import PolicyError, VersionConflict

CENT = Decimal("0.01")
ONE = Decimal("1")


@dataclass(frozen=True)
class FundingRow:
    municipality: object
    inhabitants: int
    contribution: int  # whole euros
    share: Decimal  # of the region's inhabitants, 0..1
    hours_per_week: Decimal | None
    hours_in_period: Decimal | None


@dataclass(frozen=True)
class FundingTable:
    scheme: FundingScheme
    rows: list[FundingRow]
    total_inhabitants: int
    total_contribution: int
    months: int
    weeks: Decimal
    annual_rate_cents: Decimal | None  # the part-year rate expressed per whole year

    @property
    def part_year(self) -> bool:
        return self.months < 12

    @property
    def total_hours_in_period(self) -> Decimal | None:
        if self.scheme.hours_per_week is None:
            return None
        return (self.scheme.hours_per_week * self.weeks).quantize(Decimal("0.1"), ROUND_HALF_UP)


def contribution_at_rate(inhabitants: int, rate_cents: Decimal) -> int:
    """Whole euros for `inhabitants` at `rate_cents` cents each, rounded half up."""
    return int((Decimal(inhabitants) * Decimal(rate_cents) / 100).quantize(ONE, ROUND_HALF_UP))


def divide_amount(amount: int, weights: list[int]) -> list[int]:
    """`amount` euros split in proportion to `weights`, in whole euros that add up to `amount`."""
    total = sum(weights)
    if total == 0:
        return [0 for _w in weights]
    exact = [Decimal(amount) * w / total for w in weights]
    floors = [int(e) for e in exact]
    left = amount - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return floors


def months_in(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def reference_dates(region: Region) -> list[datetime.date]:
    """The reference dates for which every municipality of the region has a figure, newest first."""
    members = list(region.members.values_list("municipality_id", flat=True))
    counts: dict[datetime.date, int] = {}
    for date in PopulationFigure.objects.filter(municipality_id__in=members).values_list("reference_date", flat=True):
        counts[date] = counts.get(date, 0) + 1
    return sorted((d for d, n in counts.items() if n == len(members) and members), reverse=True)


def _figures(region: Region, reference_date: datetime.date) -> list[tuple[object, int]]:
    municipalities = [m.municipality for m in region.members.select_related("municipality")
                      .order_by("municipality__name")]
    figures = dict(PopulationFigure.objects.filter(municipality__in=municipalities, reference_date=reference_date)
                   .values_list("municipality_id", "inhabitants"))
    if not municipalities:
        raise PolicyError(_("De regio heeft nog geen gemeenten."))
    missing = [m.name for m in municipalities if m.pk not in figures]
    if missing:
        raise PolicyError(_("Voor peildatum %(date)s ontbreken de inwonertallen van: %(names)s. Kies een peildatum "
                            "waarvoor de referentiegegevens inwonertallen hebben.")
                          % {"date": reference_date.strftime("%d-%m-%Y"), "names": ", ".join(missing)})
    return [(m, figures[m.pk]) for m in municipalities]


def compute(scheme: FundingScheme) -> FundingTable:
    pairs = _figures(scheme.region, scheme.reference_date)
    inhabitants = [n for _m, n in pairs]
    total = sum(inhabitants)
    if scheme.basis == FundingBasis.RATE:
        contributions = [contribution_at_rate(n, scheme.rate_cents) for n in inhabitants]
    else:
        contributions = divide_amount(scheme.total_amount or 0, inhabitants)
    months = months_in(scheme.period_start, scheme.period_end)
    weeks = Decimal((scheme.period_end - scheme.period_start).days + 1) / 7
    rows = []
    for (municipality, count), euros in zip(pairs, contributions):
        share = Decimal(count) / total if total else Decimal(0)
        hours = (scheme.hours_per_week * share).quantize(CENT, ROUND_HALF_UP) if scheme.hours_per_week else None
        in_period = (scheme.hours_per_week * share * weeks).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if scheme.hours_per_week else None
        rows.append(FundingRow(municipality=municipality, inhabitants=count, contribution=euros, share=share,
                               hours_per_week=hours, hours_in_period=in_period))
    annual = None
    if scheme.basis == FundingBasis.RATE and months < 12:
        annual = (scheme.rate_cents * 12 / months).quantize(CENT, ROUND_HALF_UP)
    return FundingTable(scheme=scheme, rows=rows, total_inhabitants=total, total_contribution=sum(contributions),
                        months=months, weeks=weeks.quantize(Decimal("0.1"), ROUND_HALF_UP), annual_rate_cents=annual)


def _validate(data: dict) -> None:
    if data["basis"] == FundingBasis.RATE:
        if data.get("rate_cents") is None:
            raise PolicyError(_("Vul het bedrag per inwoner in (in centen)."))
        if data["rate_cents"] < 0:
            raise PolicyError(_("Het bedrag per inwoner kan niet negatief zijn."))
    elif not data.get("total_amount"):
        raise PolicyError(_("Vul het te verdelen bedrag in (in hele euro's)."))
    if data["period_end"] < data["period_start"]:
        raise PolicyError(_("De einddatum ligt vóór de begindatum."))
    if data["period_start"].year != data["year"] or data["period_end"].year != data["year"]:
        raise PolicyError(_("De periode moet binnen het jaar %(year)s vallen.") % {"year": data["year"]})


FIELDS = ("year", "label", "basis", "rate_cents", "total_amount", "reference_date", "period_start", "period_end",
          "hours_per_week", "notes")


@transaction.atomic
def save_scheme(*, actor, region: Region, data: dict, scheme: FundingScheme | None = None,
                version: int | None = None) -> FundingScheme:
    """Create or change a scheme; refused when the rate is negative or the date has no figures."""
    _validate(data)
    _figures(region, data["reference_date"])  # refuses a reference date without figures
    if data["basis"] == FundingBasis.RATE:
        data = {**data, "total_amount": None}
    else:
        data = {**data, "rate_cents": None}
    if scheme is None:
        same = FundingScheme.objects.filter(region=region, **{f: data.get(f) for f in FIELDS if f != "notes"}).first()
        if same is not None:  # a double submit gives the one scheme
            return same
        return FundingScheme.objects.create(region=region, created_by=actor, created_at=now(),
                                            **{f: data.get(f) for f in FIELDS})
    updated = FundingScheme.objects.filter(pk=scheme.pk, version=version).update(
        version=scheme.version + 1, **{f: data.get(f) for f in FIELDS})
    if not updated:
        raise VersionConflict(_("Iemand anders heeft deze regeling intussen gewijzigd. Bekijk de nieuwe "
                                "versie en voer uw wijziging opnieuw in."))
    scheme.refresh_from_db()
    return scheme
