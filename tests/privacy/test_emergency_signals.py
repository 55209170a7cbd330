"""Emergency access to signals keeps the rules (issue 18): region, role, reporter, owner's officer, limits."""

import datetime

import pytest
import time_machine

from schakel.clock import AMSTERDAM
from schakel.privacy.emergency import BreakGlassRefused, break_glass
from schakel.privacy.models import AccessLogEntry, EmergencyAccess
from schakel.privacy.selectors import access_log_for
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=AMSTERDAM)
REASON = "Collega van Aadorp onbereikbaar, acute vraag van de politie"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signal(world):
    reporter = UserFactory(username="melder-bart", first_name="Bart", last_name="Baliemedewerker",
                           email="bart.melder@example.test")
    signal = SignalFactory(municipality=world.a1, reporter=reporter,
                           reporter_contact={"name": "Bart Baliemedewerker", "phone": "0612345678"})
    return signal


def emergency_url(reference: str) -> str:
    return f"/privacy/noodtoegang/signalling.signal/{reference}"


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_the_signal_page_offers_emergency_access_by_reference_and_the_same_page_for_an_unknown_one(
        login, world, frozen, signal):
    client = login(world.other_municipality)
    existing = client.get(f"/signalen/{signal.reference}/")
    missing = client.get("/signalen/2026-999999/")
    assert existing.status_code == missing.status_code == 404
    assert emergency_url(signal.reference) in existing.content.decode()
    tokens = __import__("re").compile(r"[A-Za-z0-9]{32,}")  # the page's form tokens
    assert (tokens.sub("", existing.content.decode()).replace(signal.reference, "X")
            == tokens.sub("", missing.content.decode()).replace("2026-999999", "X"))
    assert f"/{signal.pk}" not in existing.content.decode()  # no database id anywhere


def test_a_focal_officer_of_the_same_region_opens_it_by_reference(login, world, frozen, signal):
    client = login(world.other_municipality)
    response = client.post(emergency_url(signal.reference), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/signalen/{signal.reference}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "noodtoegang" in page.content.decode()


def test_emergency_access_never_shows_the_reporters_identity(login, world, frozen, signal):
    client = login(world.other_municipality)
    client.post(emergency_url(signal.reference), {"reason": REASON})
    page = client.get(f"/signalen/{signal.reference}/").content.decode()
    for secret in ("Bart", "Baliemedewerker", "bart.melder@example.test", "0612345678"):
        assert secret not in page
    own = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    assert "bart.melder@example.test" in own  # the signal's own focal officer still sees the reporter


@pytest.mark.parametrize("actor", ["other_region", "care_coordinator_elsewhere"])
def test_emergency_access_is_refused_across_regions_and_roles_like_an_unknown_reference(
        login, world, frozen, signal, actor):
    if actor == "other_region":
        user = world.other_region
    else:  # a care coordinator does not work on signals, even in the signal's own region
        user = world.user("care_coordinator")
    client = login(user)
    refused = client.post(emergency_url(signal.reference), {"reason": REASON})
    unknown = client.post(emergency_url("2026-999999"), {"reason": REASON})
    assert refused.status_code == unknown.status_code == 400
    strip = __import__("re").compile(r"[A-Za-z0-9]{32,}")  # the page's form tokens
    assert (strip.sub("", refused.content.decode()).replace(signal.reference, "X")
            == strip.sub("", unknown.content.decode()).replace("2026-999999", "X"))
    assert "Noodtoegang is niet mogelijk" in refused.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert client.get(f"/signalen/{signal.reference}/").status_code in (403, 404)
    with pytest.raises(BreakGlassRefused):
        break_glass(user=fresh(user), record=signal, reason=REASON)


def test_the_chain_director_of_the_region_may_open_a_signal(login, world, frozen, signal):
    client = login(world.user("chain_director"))
    assert client.post(emergency_url(signal.reference), {"reason": REASON}).status_code == 302


def test_the_privacy_officer_of_the_signals_own_municipality_sees_the_grant_at_once(login, world, frozen, signal):
    login(world.other_municipality).post(emergency_url(signal.reference), {"reason": REASON})
    officer = world.user("privacy_officer")  # of Aadorp (A1); the grantee is of Abbega (A2)
    rows = access_log_for(fresh(officer)).filter(flagged=True)
    assert {row.action for row in rows} >= {"break_glass"}
    client = login(officer)
    home = client.get("/").content.decode()
    assert REASON in home
    log = client.get("/privacy/toegangslog", {"flagged": "on"})
    assert "break_glass" in [entry.action for entry in log.context["page"]]
    # ... and a privacy officer of another region does not.
    other = UserFactory(username="privacy_officer_b1")
    MembershipFactory(user=other, organisation=world.organisations["b1"], role="privacy_officer")
    assert not access_log_for(fresh(other)).filter(action="break_glass").exists()


def test_emergency_access_can_be_ended_early(login, world, frozen, signal):
    client = login(world.other_municipality)
    client.post(emergency_url(signal.reference), {"reason": REASON})
    grant = EmergencyAccess.objects.get()
    page = client.get(f"/signalen/{signal.reference}/").content.decode()
    assert f"/privacy/noodtoegang/{grant.pk}/beeindigen" in page
    assert client.post(f"/privacy/noodtoegang/{grant.pk}/beeindigen").status_code == 302
    grant.refresh_from_db()
    assert grant.ended_at is not None and grant.ended_by == world.other_municipality
    assert client.get(f"/signalen/{signal.reference}/").status_code == 404
    ended = AccessLogEntry.objects.get(detail="noodtoegang vroegtijdig beëindigd")
    assert ended.flagged and access_log_for(fresh(world.user("privacy_officer"))).filter(pk=ended.pk).exists()


def test_someone_else_cannot_end_a_grant(login, world, frozen, signal):
    login(world.other_municipality).post(emergency_url(signal.reference), {"reason": REASON})
    grant = EmergencyAccess.objects.get()
    assert login(world.user("chain_director")).post(f"/privacy/noodtoegang/{grant.pk}/beeindigen").status_code == 404
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_emergency_access_is_limited_per_user_and_day(world, frozen, settings):
    settings.EMERGENCY_ACCESS_PER_DAY = 2
    user = world.other_municipality
    signals = [SignalFactory(municipality=world.a1) for _ in range(3)]
    break_glass(user=fresh(user), record=signals[0], reason=REASON)
    break_glass(user=fresh(user), record=signals[1], reason=REASON)
    with pytest.raises(BreakGlassRefused, match="maximum per dag"):
        break_glass(user=fresh(user), record=signals[2], reason=REASON)
    frozen.move_to(NOW + datetime.timedelta(days=1))
    break_glass(user=fresh(user), record=signals[2], reason=REASON)
    assert EmergencyAccess.objects.count() == 3
