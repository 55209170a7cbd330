"""Care cases under the retention schedule: a closed case goes 15 years after closing with everything in it;
the anonymised CoMensha record and the yearly counts stay; a running case never goes."""

from __future__ import annotations

import datetime

import pytest

from schakel.care.models import (
    CareCase,
    CareReferral,
    CaseEvent,
    ComenshaRecord,
    Consent,
    Contact,
    Need,
    ReflectionPeriod,
    ShelterPlacement,
)
from schakel.care.retention import RULE, yearly_case_figures
from schakel.care.services import cases, comensha, referrals, work
from schakel.privacy.models import AccessLogEntry, PurgeLogEntry
from schakel.privacy.purge import apply_retention
from schakel.signalling.services.erasure import erase_signal
from tests.signalling.triage_factories import SignalFactory

from .helpers import NOW, TODAY, coordinator, new_case, shelter_member

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc
FOURTEEN_YEARS_ON = datetime.datetime(2040, 3, 1, 10, 0, tzinfo=UTC)
SIXTEEN_YEARS_ON = datetime.datetime(2042, 3, 3, 10, 0, tzinfo=UTC)


def _full_case(world):
    """A case with one of everything, reported to CoMensha, then closed on 2 March 2026."""
    actor = coordinator(world)
    shelter, _member = shelter_member(world)
    case = new_case(world)

    def step(service, **kwargs):
        result = service(actor=actor, case=case, expected_version=case.version, now=NOW, **kwargs)
        case.refresh_from_db()
        return result

    step(cases.record_consent, purpose="sharing", organisation=shelter, given_on=TODAY, scope="Opvang")
    step(cases.record_consent, purpose="comensha", given_on=TODAY, scope="Registratie")
    step(work.set_need, kind="shelter", status="arranged")
    step(work.add_placement, kind="cosm", provider=shelter, starts_on=TODAY)
    step(work.start_reflection, starts_on=TODAY)
    step(work.add_contact, on=TODAY, kind="intake", minutes=60, text_="Kennismaking")
    referral = step(referrals.refer, organisation=shelter, request="Opvangplek", shared="Spreekt Engels.")
    step(referrals.withdraw, referral=referral, reason="Geregeld via een andere weg")
    comensha.export(actor=actor, region=world.region_a, period_from=datetime.date(2026, 1, 1), period_until=TODAY,
                    now=NOW)
    step(cases.close_case, reason="own_life", closed_on=TODAY)
    return case


def test_a_closed_case_goes_fifteen_years_after_closing_with_everything_recorded_in_it(world):
    case = _full_case(world)
    running = new_case(world, name="Loopt Nog-Test")

    assert apply_retention(now=FOURTEEN_YEARS_ON, dry_run=False).describe().count(f"{RULE}: 0") == 1
    assert CareCase.objects.filter(pk=case.pk).exists()

    apply_retention(now=SIXTEEN_YEARS_ON, dry_run=False)

    assert list(CareCase.objects.values_list("pk", flat=True)) == [running.pk]
    for model in (Consent, Need, ShelterPlacement, ReflectionPeriod, Contact, CareReferral):
        assert not model.objects.filter(case_id=case.pk).exists(), model
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    (record,) = ComenshaRecord.objects.all()
    assert record.case_id is None and record.nationality == "NG"  # what was sent stays, anonymous
    (entry,) = PurgeLogEntry.objects.filter(rule_key=RULE)
    assert (entry.count, entry.months, entry.municipality_id, entry.region_id) == (1, 180, world.a1.pk,
                                                                                  world.region_a.pk)
    assert AccessLogEntry.objects.filter(action="delete", record_type="care.carecase",
                                         record_id=str(case.pk)).exists()


def test_a_dry_run_names_the_case_by_its_client_number_and_deletes_nothing(world):
    case = _full_case(world)

    report = apply_retention(now=SIXTEEN_YEARS_ON, dry_run=True)

    (result,) = [r for r in report.results if r.key == RULE]
    assert (result.count, result.sample) == (1, [case.client_number])
    assert CareCase.objects.filter(pk=case.pk).exists()


def test_yearly_case_counts_are_the_same_after_the_purge(world):
    _full_case(world)
    new_case(world, name="Tweede-Test", forms=["labour", "sexual"])
    before = yearly_case_figures(2026)

    apply_retention(now=SIXTEEN_YEARS_ON, dry_run=False)

    assert CareCase.objects.count() == 1
    assert yearly_case_figures(2026) == before == {"sexual": 2, "labour": 1}
    assert yearly_case_figures(2026, region_id=world.region_a.pk) == before
    assert yearly_case_figures(2026, region_id=world.region_b.pk) == {}


def test_a_signal_past_its_own_period_can_go_while_its_care_case_stays(world):
    signal = SignalFactory(municipality=world.a1)
    case = new_case(world)
    CareCase.objects.filter(pk=case.pk).update(signal=signal)

    erase_signal(signal=signal, reason="Bewaartermijn verstreken")

    case.refresh_from_db()
    assert case.signal_id is None
