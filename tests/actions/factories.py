"""Actions for tests, made through the service (so history and log are as in real use)."""

from __future__ import annotations

import datetime

from schakel.actions.services import create_action
from tests.signalling.triage_factories import SignalFactory

UTC = datetime.timezone.utc
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)      # Mon 2 March 2026
TUESDAY = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


def make_action(world, *, organisation=None, signal=None, title="Huisbezoek afleggen", due_in_working_days=5,
                source="tests.source", source_id=None, actor=None, instructions="Ga samen met de wijkagent.",
                now=MONDAY, **kwargs):
    signal = signal or SignalFactory(municipality=world.a1, status="on_agenda")
    return create_action(actor=actor or world.user("chain_director"), signal=signal,
                         owner_organisation=organisation or world.organisations["police_a"], title=title,
                         source=source, source_id=source_id, due_in_working_days=due_in_working_days,
                         instructions=instructions, now=now, **kwargs)
