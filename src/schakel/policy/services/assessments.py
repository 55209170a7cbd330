"""Self-assessments against the VNG Kader, and the regional matrix with the change since last time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.clock import now

from ..models import AssessmentScore, KaderComponent, SelfAssessment
from . import PolicyError


def components():
    return list(KaderComponent.objects.filter(active=True).order_by("number"))


def load_kader_components() -> int:
    """(Re)load the VNG Kader components from the reference data (data/vng_kader.json), as the
    migration does; for a database emptied since (a transactional test). Idempotent."""
    from ..templates_data import kader

    data = kader()
    for component in data["components"]:
        KaderComponent.objects.update_or_create(
            key=component["key"], defaults={"number": component["number"], "title": component["title"],
                                            "description": component["description"],
                                            "source": data["source"][:500]})
    return len(data["components"])


def check_links(text: str) -> list[str]:
    links = [line.strip() for line in text.splitlines() if line.strip()]
    for link in links:
        if not (link.startswith("/") and not link.startswith("//")) and not link.startswith("https://"):
            raise PolicyError(_("'%(link)s' is geen link: begin met / (een pagina in Schakel) of https://.")
                              % {"link": link})
    return links


@transaction.atomic
def record_assessment(*, actor, municipality, assessed_on: datetime.date, notes: str,
                      scores: dict[int, dict]) -> SelfAssessment:
    wanted = components()
    missing = [c.title for c in wanted if c.pk not in scores or scores[c.pk].get("plateau") is None]
    if missing:
        raise PolicyError(_("Kies een plateau voor: %(names)s.") % {"names": ", ".join(missing)})
    for score in scores.values():
        check_links(score.get("evidence_links", ""))
    try:
        with transaction.atomic():
            assessment = SelfAssessment.objects.create(municipality=municipality, assessed_on=assessed_on,
                                                       notes=notes, created_by=actor, created_at=now())
    except IntegrityError:
        raise PolicyError(_("Voor %(name)s is op %(date)s al een zelfevaluatie vastgelegd.")
                          % {"name": municipality.name, "date": assessed_on.strftime("%d-%m-%Y")}) from None
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, component=c, plateau=scores[c.pk]["plateau"],
                        evidence=scores[c.pk].get("evidence", ""),
                        evidence_links=scores[c.pk].get("evidence_links", "")) for c in wanted)
    return assessment


@dataclass(frozen=True)
class MatrixCell:
    plateau: int | None
    previous: int | None

    @property
    def change(self) -> int | None:
        if self.plateau is None or self.previous is None:
            return None
        return self.plateau - self.previous


@dataclass(frozen=True)
class MatrixRow:
    municipality: object
    assessed_on: datetime.date | None
    previous_on: datetime.date | None
    cells: list[MatrixCell]


def matrix(municipalities) -> tuple[list, list[MatrixRow]]:
    """All municipalities × components: the latest plateau and the one of the assessment before."""
    wanted = components()
    by_municipality: dict[int, list[SelfAssessment]] = {}
    for assessment in (SelfAssessment.objects.filter(municipality__in=municipalities)
                       .prefetch_related("scores").order_by("municipality_id", "-assessed_on")):
        by_municipality.setdefault(assessment.municipality_id, []).append(assessment)
    rows = []
    for municipality in municipalities:
        history = by_municipality.get(municipality.pk, [])
        latest = {s.component_id: s.plateau for s in history[0].scores.all()} if history else {}
        before = {s.component_id: s.plateau for s in history[1].scores.all()} if len(history) > 1 else {}
        rows.append(MatrixRow(
            municipality=municipality, assessed_on=history[0].assessed_on if history else None,
            previous_on=history[1].assessed_on if len(history) > 1 else None,
            cells=[MatrixCell(plateau=latest.get(c.pk), previous=before.get(c.pk)) for c in wanted]))
    return wanted, rows


def stale(municipalities, today: datetime.date) -> list:
    """Municipalities without a self-assessment in the past year."""
    year_ago = today - datetime.timedelta(days=365)
    recent = set(SelfAssessment.objects.filter(municipality__in=municipalities, assessed_on__gt=year_ago)
                 .values_list("municipality_id", flat=True))
    return [m for m in municipalities if m.pk not in recent]
