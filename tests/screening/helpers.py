"""A screening table for tests: region A's weekly Tuesday meeting with police and labour inspectorate."""

from __future__ import annotations

import datetime

from schakel.accounts.roles import Role
from schakel.organisations.models import OrganisationKind
from schakel.screening import services
from schakel.screening.services.meetings import series_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

UTC = datetime.timezone.utc
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)        # Mon 2 March 2026, 10:00 in Amsterdam
FIRST_MEETING = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # Tue 3 March 2026, 10:00 in Amsterdam


def labour_inspectorate(world):
    """The labour inspectorate of region A with one member (added once per world)."""
    if "nla_a" not in world.organisations:
        nla = OrganisationFactory(name="Arbeidsinspectie A", kind=OrganisationKind.LABOUR_INSPECTORATE,
                                  region=world.region_a)
        user = UserFactory(username="nla_member")
        MembershipFactory(user=user, organisation=nla, role=Role.PARTNER_MEMBER)
        world.organisations["nla_a"] = nla
        world.users["nla_member"] = user
    return world.organisations["nla_a"]


def weekly_table(world, *, now=MONDAY, participants=None):
    """Configure region A's series (Tuesdays 10:00, agenda two working days before) and plan it."""
    nla = labour_inspectorate(world)
    series = series_for(world.region_a)
    services.configure_series(
        actor=world.user("chain_director"), region=world.region_a, expected_version=series.version, weekday=1,
        start_time=datetime.time(10, 0), duration_minutes=90, interval_weeks=1, place="Stadhuis Aadorp, zaal 2",
        video_link="", agenda_notice_working_days=2,
        participants=participants if participants is not None else [world.organisations["police_a"], nla],
        now=now)
    return series


def signal_in_triage(world, municipality=None, **kwargs):
    municipality = municipality or world.a1
    officer = world.user("focal_officer") if municipality == world.a1 else world.other_municipality
    kwargs.setdefault("status", "in_triage")
    return SignalFactory(municipality=municipality, assigned_to=officer, **kwargs)


def put_forward(world, signal, *, now=MONDAY, officer=None):
    officer = officer or (world.user("focal_officer") if signal.municipality_id == world.a1.pk
                          else world.other_municipality)
    return services.put_forward(actor=officer, signal=signal, question="Herkent iemand dit adres?",
                                summary="Zes mogelijke slachtoffers in een caravan; mogelijke dader is de "
                                        "uitzender.", now=now)
