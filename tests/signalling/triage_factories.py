"""Signals for triage tests, built directly (intake has its own tests): tokens as intake writes them."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from schakel.privacy.crypto import blind_index
from schakel.signalling import normalise
from schakel.signalling.models import Channel, SearchToken, Signal, SignalEntity, SignalEvent, SignalStatus

UTC = datetime.timezone.utc


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    municipality = None
    region = factory.LazyAttribute(lambda o: o.municipality.region_membership.region)
    channel = Channel.STAFF
    description = "Zes mannen slapen in een caravan achter de loods."
    status = SignalStatus.RECEIVED
    received_at = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)        # Mon 2 March 2026
    first_reaction_due = datetime.date(2026, 3, 9)                        # Mon: 5 working days
    triage_due = datetime.date(2026, 3, 16)                               # Mon: 10 working days
    forms = factory.LazyFunction(lambda: ["labour"])
    sector = "agriculture"

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        """Write the word tokens of the description, as intake does."""
        if create:
            SearchToken.objects.bulk_create([
                SearchToken.of(self, t.kind, blind_index(t.kind, t.value))
                for t in normalise.text_terms(self.description)])
            SignalEvent.objects.create(signal=self, at=self.received_at, kind="received", to_status="received")


def add_entity(signal, kind: str, data: dict, person_role: str = "") -> SignalEntity:
    entity = SignalEntity.objects.create(signal=signal, kind=kind, person_role=person_role, data=data,
                                         created_at=signal.received_at)
    SearchToken.objects.bulk_create([SearchToken.of(signal, t.kind, blind_index(t.kind, t.value))
                                     for t in normalise.entity_terms(kind, data)])
    return entity
