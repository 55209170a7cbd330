"""Add the typo-tolerant name tokens ("name_fuzzy", issue 12) to signals recorded before they existed.

Idempotent: a signal that has any name_fuzzy token is skipped. Runs in batches of signals, each
in its own transaction, so it can be stopped and run again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from schakel.privacy.crypto import blind_index
from schakel.signalling.models import SearchToken, SignalEntity
from schakel.signalling.normalise import name_variants

BATCH = 500


class Command(BaseCommand):
    help = "Namen met één tikfout vindbaar maken voor signalen van vóór die zoekfunctie."

    def handle(self, *args, **options) -> None:
        done = set(SearchToken.objects.filter(kind="name_fuzzy").values_list("signal_id", flat=True).distinct())
        entities = (SignalEntity.objects.filter(kind__in=["person", "company"]).exclude(signal_id__in=done)
                    .select_related("signal").order_by("signal_id", "id"))
        written = 0
        batch: list[SignalEntity] = []
        for entity in entities.iterator(chunk_size=BATCH):
            batch.append(entity)
            if len(batch) >= BATCH:
                written += self._write(batch)
                batch = []
        written += self._write(batch)
        self.stdout.write(f"{written} zoeksleutels toegevoegd")

    @staticmethod
    @transaction.atomic
    def _write(entities: list[SignalEntity]) -> int:
        rows = {}
        for entity in entities:
            for variant in name_variants((entity.data or {}).get("name") or ""):
                token = blind_index("name_fuzzy", variant)
                rows[(entity.signal_id, token)] = SearchToken(
                    signal_id=entity.signal_id, kind="name_fuzzy", token=token,
                    municipality_id=entity.signal.municipality_id)
        SearchToken.objects.bulk_create(rows.values())
        return len(rows)
