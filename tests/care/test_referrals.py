"""Referrals: consent is fail-closed, an override is flagged, and the partner sees it only while it is open."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from schakel.care.models import CareReferral, ReferralStatus
from schakel.care.services import CareError, cases, referrals
from schakel.care.services.referrals import ConsentMissing, StaleReferral
from schakel.privacy.models import AccessLogEntry

from .helpers import NOW, TODAY, coordinator, new_case, shelter_member

pytestmark = pytest.mark.django_db


def _consent(world, case, organisation, **kwargs):
    consent = cases.record_consent(actor=coordinator(world), case=case, purpose="sharing", organisation=organisation,
                                   given_on=TODAY, scope="Opvang en begeleiding", expected_version=case.version,
                                   now=NOW, **kwargs)
    case.refresh_from_db()
    return consent


def _refer(world, case, organisation, **kwargs):
    referral = referrals.refer(actor=coordinator(world), case=case, organisation=organisation,
                               request="Opvangplek COSM", shared="Jonge vrouw, spreekt Engels, heeft tolk nodig.",
                               expected_version=case.version, now=NOW, **kwargs)
    case.refresh_from_db()
    return referral


def test_a_referral_without_consent_is_refused_and_says_what_is_missing(world):
    shelter, _member = shelter_member(world)
    case = new_case(world)
    with pytest.raises(ConsentMissing) as refused:
        _refer(world, case, shelter)
    assert "geen toestemming" in str(refused.value.message) and shelter.name in str(refused.value.message)
    assert refused.value.field == "override_ground"
    with pytest.raises(ConsentMissing) as refused:
        _refer(world, case, shelter, override_ground="Art. 6 lid 1 sub d AVG (vitaal belang)")
    assert refused.value.field == "override_reason"
    assert not CareReferral.objects.exists()


def test_consent_for_another_organisation_or_withdrawn_does_not_count(world):
    shelter, _member = shelter_member(world)
    other, _other_member = shelter_member(world, name="Vrouwenopvang A")
    case = new_case(world)
    _consent(world, case, other)
    with pytest.raises(ConsentMissing):
        _refer(world, case, shelter)
    consent = _consent(world, case, shelter)
    cases.withdraw_consent(actor=coordinator(world), case=case, consent=consent, withdrawn_on=TODAY,
                           expected_version=case.version, now=NOW)
    case.refresh_from_db()
    with pytest.raises(ConsentMissing):
        _refer(world, case, shelter)


def test_an_override_with_ground_and_reason_is_flagged_for_the_privacy_officer(world):
    shelter, _member = shelter_member(world)
    case = new_case(world)
    referral = _refer(world, case, shelter, override_ground="Art. 6 lid 1 sub d AVG (vitaal belang)",
                      override_reason="Acuut onveilig, cliënt niet bereikbaar voor toestemming")
    assert referral.consent is None and referral.override_ground.startswith("Art. 6")
    flagged = AccessLogEntry.objects.get(record_type="care.carecase", flagged=True)
    assert "zonder toestemming" in flagged.reason


def test_the_partner_sees_the_referral_while_open_and_answers_it(world):
    shelter, member = shelter_member(world)
    case = new_case(world)
    _consent(world, case, shelter)
    mail.outbox.clear()
    referral = _refer(world, case, shelter)
    assert referral.consent is not None
    assert list(CareReferral.objects.for_partner(member)) == [referral]
    assert list(CareReferral.objects.for_partner(world.user("partner_member"))) == []  # police: not theirs
    with pytest.raises(CareError) as refused:
        referrals.answer(actor=member, referral=referral, status="done", text_="Klaar", expected_version=1, now=NOW)
    assert refused.value.field == "status"
    with pytest.raises(CareError) as refused:
        referrals.answer(actor=member, referral=referral, status="declined", text_="", expected_version=1, now=NOW)
    assert refused.value.field == "text"
    referral = referrals.answer(actor=member, referral=referral, status="accepted", expected_version=1, now=NOW)
    assert referral.status == ReferralStatus.ACCEPTED
    with pytest.raises(StaleReferral):
        referrals.answer(actor=member, referral=referral, status="done", text_="Geplaatst", expected_version=1, now=NOW)
    with pytest.raises(CareError) as refused:
        referrals.answer(actor=member, referral=referral, status="failed", text_="Weg", expected_version=2, now=NOW)
    assert refused.value.field == "failure_reason"
    referral = referrals.answer(actor=member, referral=referral, status="done",
                                text_="Geplaatst op de COSM-locatie", expected_version=2, now=NOW)
    assert referral.status == ReferralStatus.DONE
    assert list(CareReferral.objects.for_partner(member)) == []
    assert list(CareReferral.objects.visible_to(member)) == []
    with pytest.raises(PermissionDenied):
        referrals.answer(actor=member, referral=referral, status="done", text_="nog eens", expected_version=3, now=NOW)


def test_a_declined_or_withdrawn_referral_is_gone_for_the_partner(world):
    shelter, member = shelter_member(world)
    case = new_case(world)
    _consent(world, case, shelter)
    first = _refer(world, case, shelter)
    referrals.answer(actor=member, referral=first, status="declined", text_="Geen plek", expected_version=1, now=NOW)
    case.refresh_from_db()
    assert not CareReferral.objects.visible_to(member).exists()
    second = _refer(world, case, shelter)
    assert CareReferral.objects.visible_to(member).get() == second
    referrals.withdraw(actor=coordinator(world), case=case, referral=second, reason="Andere opvang gevonden",
                       expected_version=case.version, now=NOW)
    assert not CareReferral.objects.visible_to(member).exists()


def test_the_partner_is_mailed_a_link_without_content(world, django_capture_on_commit_callbacks):
    shelter, member = shelter_member(world)
    case = new_case(world)
    _consent(world, case, shelter)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(world, case, shelter)
    assert [message.to for message in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    assert f"/zorg/verwijzingen/{referral.pk}/" in body and "Engels" not in body and "Popescu" not in body


def test_a_case_with_an_open_referral_cannot_be_closed(world):
    shelter, _member = shelter_member(world)
    case = new_case(world)
    _consent(world, case, shelter)
    _refer(world, case, shelter)
    with pytest.raises(CareError):
        cases.close_case(actor=coordinator(world), case=case, reason="own_life", closed_on=TODAY,
                         expected_version=case.version, now=NOW + datetime.timedelta(hours=1))
