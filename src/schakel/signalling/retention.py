"""Signals under the retention schedule (decision 0073): which closed signals expire when.

- Closed as "not trafficking" or "not enough information": 1 year after closing (default).
- Closed after follow-up (routes done, referred elsewhere) or as a duplicate: 5 years.
Periods are data (privacy/data/retention.json, changed per region by the privacy officer).
Before a signal goes, its counts are kept per municipality, month and form (`RetainedFigure`),
so `yearly_signal_figures` gives the same numbers before and after a purge.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils.translation import gettext_lazy as _

from schakel.clock import AMSTERDAM
from schakel.privacy.retention import register_retention_rule

from .models import CloseReason, Signal, SignalStatus
from .services.erasure import erase_signal

RECEIVED_FIGURE = "signalling.received"
NO_FORM = "unknown"
WITHOUT_FOLLOW_UP = (CloseReason.NOT_TRAFFICKING, CloseReason.INSUFFICIENT_INFORMATION)
WITH_FOLLOW_UP = (CloseReason.ROUTES_DONE, CloseReason.REFERRED_ELSEWHERE, CloseReason.DUPLICATE)


def find_signal(reference: str):
    return Signal.objects.filter(reference=reference).first()


def _month(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(AMSTERDAM).date().replace(day=1)


def signal_figures(signal: Signal):
    """What a signal counts for: received, per municipality and month, per suspected form."""
    month = _month(signal.received_at)
    for form in (signal.forms or [NO_FORM]):
        yield RECEIVED_FIGURE, signal.municipality_id, month, form


def yearly_signal_figures(year: int, municipality_ids=None) -> dict[str, int]:
    """Signals received in `year` per form: the signals still there plus the counts kept of purged ones."""
    from schakel.privacy.models import RetainedFigure

    start = datetime.datetime(year, 1, 1, tzinfo=AMSTERDAM)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=AMSTERDAM)
    live = Signal.objects.filter(received_at__gte=start, received_at__lt=end)
    kept = RetainedFigure.objects.filter(figure=RECEIVED_FIGURE, month__year=year)
    if municipality_ids is not None:
        live = live.filter(municipality_id__in=municipality_ids)
        kept = kept.filter(municipality_id__in=municipality_ids)
    totals: Counter = Counter()
    for forms in live.values_list("forms", flat=True):
        for form in (forms or [NO_FORM]):
            totals[form] += 1
    for form, count in kept.values_list("form", "count"):
        totals[form] += count
    return dict(totals)


def _erase(*, record, actor, reason):
    erase_signal(signal=record, actor=actor, reason=reason)


def _closed(reasons):
    def select(queryset):
        # A duplicate goes with the signal it was merged into; only stand-alone signals expire here.
        return queryset.filter(status=SignalStatus.CLOSED, close_reason__in=list(reasons), merged_into__isnull=True)

    return select


def register() -> None:
    common = dict(model=Signal, date_field="closed_at", erase=_erase, find=find_signal,
                  reference_of=lambda signal: signal.reference, figures=signal_figures)
    register_retention_rule(
        "signalling.signal.closed_without_follow_up", label=_("Signaal afgesloten zonder vervolg (geen mensenhandel "
                                                              "of onvoldoende informatie)"),
        select=_closed(WITHOUT_FOLLOW_UP), default_months=12, order=10, **common)
    register_retention_rule(
        "signalling.signal.closed_with_follow_up", label=_("Signaal afgesloten na vervolg, doorverwijzing of "
                                                           "samenvoegen"),
        select=_closed(WITH_FOLLOW_UP), default_months=60, order=20, **common)
