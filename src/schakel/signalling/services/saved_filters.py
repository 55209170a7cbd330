"""'Mijn filters': a focal officer keeps named inbox filters, for themself only.

The filter's parameters may hold search words (a name, a phone number): stored encrypted, and
only the inbox's own parameters are kept.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from ..models import SavedFilter
from ..permissions import can_triage

# The inbox's GET parameters a saved filter keeps (forms_triage.InboxForm), nothing else.
FILTER_PARAMETERS = ("tab", "q", "form", "sector", "channel", "status", "received_from", "received_until", "sort")
MAX_FILTERS = 50


class SavedFilterError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def filter_params(query: QueryDict | dict) -> dict:
    return {key: str(query.get(key)).strip()[:200] for key in FILTER_PARAMETERS if (query.get(key) or "").strip()}


@transaction.atomic
def save_filter(*, actor, name: str, query, now: datetime.datetime | None = None) -> SavedFilter:
    """Keep the inbox filters in `query` under `name`; the same name again replaces that filter."""
    if not can_triage(actor):
        raise SavedFilterError(_("Alleen een aandachtsfunctionaris bewaart filters."))
    name = (name or "").strip()
    if not name:
        raise SavedFilterError(_("Vul de naam van het filter in."))
    params = filter_params(query)
    existing = SavedFilter.objects.select_for_update().filter(user=actor, name=name).first()
    if existing is not None:
        existing.params = params
        existing.save(update_fields=["params"])
        return existing
    if SavedFilter.objects.filter(user=actor).count() >= MAX_FILTERS:
        raise SavedFilterError(_("U hebt al %(max)s filters. Verwijder er eerst een.") % {"max": MAX_FILTERS})
    try:
        with transaction.atomic():
            saved = SavedFilter.objects.create(user=actor, name=name, params=params, created_at=now or clock_now())
    except IntegrityError:  # the same name saved twice at once: one filter
        saved = SavedFilter.objects.get(user=actor, name=name)
    record_access(user=actor, action="create", record=saved, reason="inbox: filter bewaard")
    return saved


@transaction.atomic
def delete_filter(*, actor, saved_filter: SavedFilter) -> None:
    if saved_filter.user_id != actor.pk:
        raise SavedFilterError(_("Dit filter is niet van u."))
    record_access(user=actor, action="delete", record=saved_filter, reason="inbox: filter verwijderd")
    saved_filter.delete()


def filters_of(user) -> list[SavedFilter]:
    return list(SavedFilter.objects.visible_to(user).order_by("name", "id"))
