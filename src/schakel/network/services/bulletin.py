"""The monthly trend bulletin: kinds of signals in the region, small counts suppressed, no personal data.

Counts come from the signals received in the month (and the month before, for the change); every
cell below five shows as "<5". Secondary suppression: a column never has exactly one suppressed
cell, since the total minus the other cells would give it away; the next smallest cell is
suppressed with it, or, when there is none, the total. Each table has an 'unknown' row, so its
cells add up to the total and the rule is sound. Published bulletins are frozen and archived; the
region's officers, partners and chain directors get a link by e-mail.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now

from ..models import Bulletin
from . import NetworkError
from .directory import STALE, guide_regions

logger = logging.getLogger(__name__)
THRESHOLD = 5
SMALL = "<5"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _signals(region_id: int, month: datetime.date):
    from schakel.signalling.models import Signal

    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=AMSTERDAM)
    end = datetime.datetime.combine(_next_month(month), datetime.time.min, tzinfo=AMSTERDAM)
    return Signal.objects.filter(region_id=region_id, received_at__gte=start, received_at__lt=end,
                                 merged_into__isnull=True)


def suppress(counts: dict[str, int], total: int) -> tuple[dict[str, str], str]:
    """Cells and total as shown: below five as '<5', and never exactly one suppressed cell."""
    hidden = {key for key, value in counts.items() if 0 < value < THRESHOLD}
    total_hidden = 0 < total < THRESHOLD
    while len(hidden) == 1 and not total_hidden:
        candidates = sorted((value, key) for key, value in counts.items() if key not in hidden and value > 0)
        if candidates:
            hidden.add(candidates[0][1])
        else:
            total_hidden = True
    cells = {key: (SMALL if key in hidden else str(value)) for key, value in counts.items()}
    return cells, (SMALL if total_hidden else str(total))


def _single(queryset, field: str, choices) -> dict[str, int]:
    rows = dict(queryset.values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    counts = {key: rows.get(key, 0) for key, _label in choices}
    counts[""] = sum(value for key, value in rows.items() if key not in counts)
    return counts


def _forms(queryset) -> dict[str, int]:
    from schakel.signalling.models import IndicatorGroup

    counts = {key: 0 for key, _label in IndicatorGroup.choices if key != "general"}
    counts[""] = 0
    for forms in queryset.values_list("forms", flat=True):
        known = [form for form in (forms or []) if form in counts and form]
        # One signal, one row: several forms count as 'more than one form' to keep the table additive.
        key = known[0] if len(known) == 1 else ("multiple" if known else "")
        counts[key] = counts.get(key, 0) + 1
    return counts


def compute_tables(region_id: int, month: datetime.date) -> dict:
    from schakel.signalling.models import Channel, IndicatorGroup, LocationType, Sector

    labels_forms = dict(IndicatorGroup.choices) | {"multiple": _("Meer dan één vorm")}
    dimensions = [
        ("forms", _("Vorm van uitbuiting"), _forms, labels_forms),
        ("sector", _("Sector"), lambda qs: _single(qs, "sector", Sector.choices), dict(Sector.choices)),
        ("location_type", _("Soort plek"), lambda qs: _single(qs, "location_type", LocationType.choices),
         dict(LocationType.choices)),
        ("channel", _("Kanaal"), lambda qs: _single(qs, "channel", Channel.choices), dict(Channel.choices)),
    ]
    periods = {"now": _signals(region_id, month), "before": _signals(region_id, previous_month(month))}
    totals = {name: qs.count() for name, qs in periods.items()}
    shown_totals = {}
    tables = []
    for key, title, count, labels in dimensions:
        columns = {}
        for name, queryset in periods.items():
            cells, shown_total = suppress(count(queryset), totals[name])
            columns[name] = cells
            shown_totals[name] = SMALL if shown_total == SMALL or shown_totals.get(name) == SMALL else shown_total
        keys = [k for k in columns["now"] if columns["now"][k] != "0" or columns["before"][k] != "0"]
        tables.append({"key": key, "title": str(title), "rows": [
            {"label": str(labels.get(k) or _("Onbekend")), "now": columns["now"][k], "before": columns["before"][k]}
            for k in keys]})
    return {"total": shown_totals, "tables": tables}


def drafts_regions(actor) -> frozenset[int]:
    return guide_regions(actor)


@transaction.atomic
def open_draft(*, actor, region_id: int, month: datetime.date) -> Bulletin:
    if region_id not in drafts_regions(actor):
        raise NetworkError(_("Alleen de ketenregisseur van de regio stelt het trendbulletin op."))
    month = month_start(month)
    bulletin, created = Bulletin.objects.get_or_create(region_id=region_id, month=month,
                                                       defaults={"tables": compute_tables(region_id, month)})
    if not created and bulletin.published_at is None:
        bulletin.tables = compute_tables(region_id, month)
        bulletin.save(update_fields=["tables"])
    return bulletin


def _recipients(region_id: int) -> list[User]:
    memberships = Membership.objects.filter(active=True, user__is_active=True, organisation__active=True).filter(
        Q(role__in=[Role.FOCAL_OFFICER, Role.PARTNER_MEMBER, Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR])
        & (Q(organisation__region_id=region_id)
           | Q(organisation__municipality__region_membership__region_id=region_id)
           | Q(acts_for__region_membership__region_id=region_id)))
    return list(User.objects.filter(pk__in=memberships.values("user_id")).exclude(email="").order_by("pk"))


@transaction.atomic
def publish(*, actor, bulletin: Bulletin, text: str, expected_version: int,
            now: datetime.datetime | None = None) -> Bulletin:
    if bulletin.region_id not in drafts_regions(actor):
        raise NetworkError(_("Alleen de ketenregisseur van de regio stelt het trendbulletin op."))
    current = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if current.published_at is not None:
        return current  # sent already (a double submit)
    if current.version != expected_version:
        raise NetworkError(STALE)
    current.text = (text or "").strip()
    current.tables = compute_tables(current.region_id, current.month)
    current.published_at, current.published_by = now or clock_now(), actor
    current.version += 1
    recipients = _recipients(current.region_id)
    current.mailed = len(recipients)
    current.save()
    link = settings.SITE_URL.rstrip("/") + reverse("network:bulletin", kwargs={"pk": current.pk})
    month_label = current.month.strftime("%m-%Y")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Trendbulletin mensenhandel %(month)s") % {"month": month_label}
        body = _("Het trendbulletin van %(month)s staat klaar in Schakel: welke soorten signalen de regio zag, "
                 "zonder persoonsgegevens.\n\nLees het hier:\n%(link)s") % {"month": month_label, "link": link}
    messages = [EmailMessage(subject, body, None, [user.email]) for user in recipients]

    def _send():
        try:
            with get_connection() as connection:
                connection.send_messages(messages)
        except OSError:
            logger.exception("bulletin mail could not be sent")

    transaction.on_commit(_send)
    return current


def prepare_monthly_drafts(*, today: datetime.date) -> int:
    """The monthly job: last month's draft for every region with a chain director, who gets a link."""
    from schakel.organisations.models import Region

    month = previous_month(today.replace(day=1))
    prepared = 0
    for region in Region.objects.order_by("pk"):
        directors = list(User.objects.filter(pk__in=Membership.objects.filter(
            role=Role.CHAIN_DIRECTOR, active=True, user__is_active=True, organisation__active=True).filter(
            Q(organisation__region_id=region.pk)
            | Q(organisation__municipality__region_membership__region_id=region.pk)).values("user_id"))
            .exclude(email=""))
        if not directors:
            continue
        bulletin, created = Bulletin.objects.get_or_create(region=region, month=month,
                                                           defaults={"tables": compute_tables(region.pk, month)})
        if not created:
            continue
        prepared += 1
        link = settings.SITE_URL.rstrip("/") + reverse("network:bulletin-draft") + f"?maand={month:%Y-%m}"
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Trendbulletin %(month)s klaarzetten") % {"month": month.strftime("%m-%Y")}
            body = _("De cijfers voor het trendbulletin van %(month)s staan klaar. Schrijf uw toelichting en "
                     "verstuur het bulletin:\n%(link)s") % {"month": month.strftime("%m-%Y"), "link": link}
        try:
            with get_connection() as connection:
                connection.send_messages([EmailMessage(subject, body, None, [u.email]) for u in directors])
        except OSError:
            logger.exception("bulletin draft mail could not be sent")
    return prepared
