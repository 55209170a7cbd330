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
from schakel.privacy.crypto import blind_index
from schakel.privacy.naming import register_record_namer
from schakel.privacy.retention import register_retention_rule
from schakel.privacy.subject_requests import (
    SubjectRecord,
    Withheld,
    register_subject_corrector,
    register_subject_finder,
)

from .models import CloseReason, EntityKind, SearchToken, Signal, SignalEntity, SignalStatus
from .normalise import normalise_name
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


def _birth_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def find_subject(*, name: str, birth_date: datetime.date | None, municipality_ids) -> list[SubjectRecord]:
    """Signals naming the person (data-subject request): the name's blind index, then the person entries.

    Only the signals whose name token matches are opened; of those, only person entries whose
    normalised name equals the request's count, and a recorded date of birth must match too.
    What is about others, or would expose the reporter, is withheld and says why.
    """
    normalised = normalise_name(name)
    if not normalised or not municipality_ids:
        return []
    signal_ids = (SearchToken.objects.filter(kind="name", token=blind_index("name", normalised),
                                             municipality_id__in=sorted(municipality_ids))
                  .values_list("signal_id", flat=True).distinct())
    found = []
    for signal in Signal.objects.filter(pk__in=signal_ids).select_related("municipality").order_by("received_at"):
        persons = list(SignalEntity.objects.filter(signal=signal, kind=EntityKind.PERSON).order_by("id"))
        matches = []
        for entity in persons:
            data = entity.data or {}
            if normalise_name(data.get("name") or "") != normalised:
                continue
            recorded = _birth_date(data.get("date_of_birth"))
            if birth_date and recorded and recorded != birth_date:
                continue
            matches.append((entity, "naam en geboortedatum" if birth_date and recorded else "alleen naam"))
        if not matches:
            continue
        entity, match = matches[0]
        others = len(persons) - len(matches)
        withheld = [
            Withheld(str(_("Omschrijving van de situatie, notities en berichten")),
                     str(_("Kunnen gegevens van anderen bevatten (AVG art. 15 lid 4); beoordeel ze apart voor u "
                           "ze verstrekt."))),
            Withheld(str(_("Wie het signaal meldde")),
                     str(_("De identiteit van de melder wordt beschermd (rechten van anderen, AVG art. 15 lid 4)."))),
        ]
        if others:
            withheld.append(Withheld(str(_("Andere betrokkenen (%(count)d)") % {"count": others}),
                                     str(_("Gegevens van derden."))))
        found.append(SubjectRecord(
            record_type=Signal._meta.label_lower, record_id=str(signal.pk), noun=str(_("Signaal")),
            reference=signal.reference, received_on=signal.received_at.astimezone(AMSTERDAM).date(),
            municipality=signal.municipality.name, status=str(signal.get_status_display()), match=match,
            about_subject={"rol": str(entity.get_person_role_display() or ""), **entity.shown_data()},
            withheld=withheld))
    return found


def _erase(*, record, actor, reason):
    erase_signal(signal=record, actor=actor, reason=reason)


def _closed(reasons):
    def select(queryset):
        # A duplicate goes with the signal it was merged into; only stand-alone signals expire here.
        return queryset.filter(status=SignalStatus.CLOSED, close_reason__in=list(reasons), merged_into__isnull=True)

    return select


def _duplicates(signal: Signal) -> set[int]:
    """The signals merged into this one, and theirs: erase_signal deletes them with it."""
    found, frontier = set(), {signal.pk}
    while frontier:
        frontier = set(Signal.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def _references(ids) -> dict:
    numbers = [int(value) for value in ids if str(value).isdigit()]
    return dict(Signal.objects.filter(pk__in=numbers).values_list("pk", "reference"))


def register() -> None:
    # The access log and the privacy desk name signals by reference ("Signaal 2026-000001").
    register_record_namer(Signal, references=_references)
    # Data-subject requests find signals about a person through the name's blind index.
    register_subject_finder("signalling", find_subject)
    from .services.corrections import PersonCorrector

    register_subject_corrector(Signal._meta.label_lower, PersonCorrector())
    common = dict(model=Signal, date_field="closed_at", erase=_erase, find=find_signal,
                  reference_of=lambda signal: signal.reference, figures=signal_figures, goes_with=_duplicates)
    register_retention_rule(
        "signalling.signal.closed_without_follow_up", label=_("Signaal afgesloten zonder vervolg (geen mensenhandel "
                                                              "of onvoldoende informatie)"),
        select=_closed(WITHOUT_FOLLOW_UP), default_months=12, order=10, **common)
    register_retention_rule(
        "signalling.signal.closed_with_follow_up", label=_("Signaal afgesloten na vervolg, doorverwijzing of "
                                                           "samenvoegen"),
        select=_closed(WITH_FOLLOW_UP), default_months=60, order=20, **common)
