"""Care cases under the retention schedule (decision 0075): a closed case expires 15 years after closing.

The period is data (privacy/data/retention.json, key `care.case.closed`: Wmo 2015 art. 5.3.4),
changed per region by the privacy officer. A running case never expires; a reopened case starts
again from its next closing. Before a case goes, it is counted per municipality, month of opening
and form (`RetainedFigure`, figure `care.case.opened`), so `yearly_case_figures` gives the same
numbers before and after a purge. The access log and the privacy desk name a case by its client number.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext_lazy as _

from schakel.privacy.naming import register_record_namer
from schakel.privacy.retention import register_retention_rule

from .models import CareCase, CaseStatus
from .services.erasure import erase_case

RULE = "care.case.closed"
OPENED_FIGURE = "care.case.opened"
NO_FORM = "unknown"


def case_figures(case: CareCase):
    """What a case counts for: opened, per municipality and month of opening, per form."""
    month = case.opened_on.replace(day=1)
    for form in (case.forms or [NO_FORM]):
        yield OPENED_FIGURE, case.municipality_id, month, form


def yearly_case_figures(year: int, region_id: int | None = None) -> dict[str, int]:
    """Cases opened in `year` per form: the cases still there plus the counts kept of purged ones."""
    from schakel.privacy.models import RetainedFigure

    live = CareCase.objects.filter(opened_on__year=year)
    kept = RetainedFigure.objects.filter(figure=OPENED_FIGURE, month__year=year)
    if region_id is not None:
        live = live.filter(region_id=region_id)
        kept = kept.filter(municipality__region_membership__region_id=region_id)
    totals: Counter = Counter()
    for forms in live.values_list("forms", flat=True):
        for form in (forms or [NO_FORM]):
            totals[form] += 1
    for form, count in kept.values_list("form", "count"):
        totals[form] += count
    return dict(totals)


def find_case(reference: str):
    return CareCase.objects.filter(client_number=(reference or "").strip().upper()).first()


def _closed(queryset):
    return queryset.filter(status=CaseStatus.CLOSED)


def _erase(*, record, actor, reason):
    erase_case(case=record, actor=actor, reason=reason)


def _client_numbers(ids) -> dict:
    numbers = [int(value) for value in ids if str(value).isdigit()]
    return dict(CareCase.objects.filter(pk__in=numbers).values_list("pk", "client_number"))


def register() -> None:
    from schakel.privacy.subject_requests import register_subject_finder

    from .subject import find_subject

    register_record_namer(CareCase, references=_client_numbers)
    # Data-subject requests find care cases about a person through the name's blind index.
    register_subject_finder("care", find_subject)
    register_retention_rule(
        RULE, model=CareCase, label=_("Zorgtraject afgesloten"), date_field="closed_on", select=_closed,
        erase=_erase, find=find_case, reference_of=lambda case: case.client_number, figures=case_figures,
        default_months=180, order=30)

