"""Matching: shared tokens and close person encodings become matches; false matches stay away."""

import datetime

import pytest
from django.test import override_settings

from schakel.linkage.models import Band, LinkKind, LinkToken, Match, MatchStatus, PersonEncoding, UnreadableField
from schakel.linkage.services import decisions
from schakel.linkage.services.indexing import link_signal
from schakel.privacy.models import AccessLogEntry
from tests.signalling.triage_factories import add_entity

from .helpers import signal_with

PHONE = ("phone", {"number": "06 12345678"})


def test_a_phone_number_in_two_municipalities_of_one_region_is_a_match(world):
    first, _ = signal_with(world.a1, PHONE)
    second, matches = signal_with(world.a2, ("phone", {"number": "+31 6 1234 5678"}))
    assert len(matches) == 1
    match = matches[0]
    assert match.kind == LinkKind.PHONE and match.band == Band.EXACT
    assert {match.municipality_a_id, match.municipality_b_id} == {world.a1.pk, world.a2.pk}
    assert {match.signal_a_id, match.signal_b_id} == {first.pk, second.pk}


def test_tokens_hold_no_plaintext(world):
    signal, _ = signal_with(world.a1, PHONE, ("address", {"postcode": "1234 AB", "house_number": "12"}))
    values = list(LinkToken.objects.filter(signal=signal).values_list("token", flat=True))
    assert len(values) == 2
    assert not any("1234" in v or "612345678" in v for v in values)


def test_relinking_a_signal_stores_no_second_match(world):
    signal_with(world.a1, PHONE)
    second, _ = signal_with(world.a2, PHONE)
    assert link_signal(second.pk, notify=False) == []
    assert Match.objects.count() == 1


def test_entities_of_one_signal_do_not_match_each_other(world):
    _, matches = signal_with(world.a1, PHONE, PHONE)
    assert matches == []


def test_an_address_with_addition_matches_the_building_without_one(world):
    signal_with(world.a1, ("address", {"postcode": "6211AB", "house_number": "7", "house_number_addition": "b"}))
    _, matches = signal_with(world.b1, ("address", {"postcode": "6211 ab", "house_number": "7"}))
    assert [m.kind for m in matches] == [LinkKind.ADDRESS]


def test_spelling_variants_of_a_person_match_without_plaintext_comparison(world):
    signal_with(world.a1, ("person", {"name": "Mohammed van der Berg", "date_of_birth": "1990-03-04"}))
    _, matches = signal_with(world.a2, ("person", {"name": "Muhammad Vandenberg", "date_of_birth": "1990-04-03"}))
    assert [m.kind for m in matches] == [LinkKind.PERSON]
    assert matches[0].band in (Band.HIGH, Band.PROBABLE)


def test_different_people_born_on_one_day_do_not_match(world):
    signal_with(world.a1, ("person", {"name": "Anna Kowalska", "date_of_birth": "1990-03-04"}))
    _, matches = signal_with(world.a2, ("person", {"name": "Chinedu Okafor", "date_of_birth": "1990-03-04"}))
    assert matches == []


def test_person_encoding_is_a_bloom_filter_not_the_name(world):
    signal, _ = signal_with(world.a1, ("person", {"name": "Jan Jansen", "date_of_birth": "1980-01-02"}))
    encoding = PersonEncoding.objects.get(signal=signal)
    assert len(bytes(encoding.bloom)) == 160  # 1024 name bits and 256 date-of-birth bits
    assert b"jansen" not in bytes(encoding.bloom).lower()


def test_an_unparsable_phone_is_kept_flagged_and_not_tokenised(world):
    signal, _ = signal_with(world.a1, ("phone", {"number": "06-1234"}))
    assert not LinkToken.objects.filter(signal=signal).exists()
    assert list(UnreadableField.objects.filter(signal=signal).values_list("kind", flat=True)) == ["phone"]


def test_a_false_match_is_not_shown_or_stored_again(world):
    signal_with(world.a1, PHONE)
    second, (match,) = signal_with(world.a2, PHONE)
    decisions.decide(match=match, user=world.user("focal_officer"), verdict=MatchStatus.FALSE,
                     expected_version=match.version)
    assert not Match.objects.shown().exists()
    assert link_signal(second.pk, notify=False) == []
    assert not Match.objects.shown().exists()


def test_a_stale_verdict_is_refused(world):
    signal_with(world.a1, PHONE)
    _, (match,) = signal_with(world.a2, PHONE)
    decisions.decide(match=match, user=world.other_municipality, verdict=MatchStatus.CONFIRMED,
                     expected_version=match.version)
    with pytest.raises(decisions.LinkageError):
        decisions.decide(match=match, user=world.user("focal_officer"), verdict=MatchStatus.FALSE,
                         expected_version=match.version)


def test_someone_of_a_third_municipality_cannot_decide(world):
    signal_with(world.a1, PHONE)
    _, (match,) = signal_with(world.a2, PHONE)
    with pytest.raises(decisions.LinkageError):
        decisions.decide(match=match, user=world.other_region, verdict=MatchStatus.CONFIRMED)


def test_contact_request_approved_and_declined_are_both_logged(world, mailoutbox, django_capture_on_commit_callbacks):
    signal_with(world.a1, PHONE)
    _, (match,) = signal_with(world.a2, PHONE)
    asker, other = world.user("focal_officer"), world.other_municipality
    with django_capture_on_commit_callbacks(execute=True):
        first = decisions.request_contact(match=match, user=asker, reason="Zelfde nummer bij uitbuiting in de kassen")
    assert first.to_municipality_id == world.a2.pk
    assert [m.to for m in mailoutbox] == [[other.email]]
    assert "kassen" not in mailoutbox[0].body  # the reason stays in Schakel
    assert decisions.request_contact(match=match, user=asker, reason="nog eens") == first  # one open request
    with django_capture_on_commit_callbacks(execute=True):
        decisions.answer_contact(contact=first, user=other, approve=True, answer="Bel mij")
    assert mailoutbox[-1].to == [asker.email]
    with pytest.raises(decisions.LinkageError):
        decisions.answer_contact(contact=first, user=other, approve=False)
    second = decisions.request_contact(match=match, user=other, reason="Wij willen ook overleggen")
    with pytest.raises(decisions.LinkageError):  # only the receiving side answers
        decisions.answer_contact(contact=second, user=other, approve=False)
    declined = decisions.answer_contact(contact=second, user=asker, approve=False)
    assert declined.status == "declined"
    reasons = set(AccessLogEntry.objects.values_list("reason", flat=True))
    assert {"koppeling: contactverzoek", "koppeling: contactverzoek goedgekeurd",
            "koppeling: contactverzoek afgewezen"} <= reasons


def test_each_focal_officer_is_mailed_only_kind_and_municipality(world, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    signal_with(world.a1, ("email", {"address": "boss@uitbuiter.example"}))
    second, _ = signal_with(world.b1, ("email", {"address": "Boss@Uitbuiter.example"}), link=False)
    with django_capture_on_commit_callbacks(execute=True):
        link_signal(second.pk)
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([world.user("focal_officer").email, world.other_region.email])
    for message in mailoutbox:
        assert "uitbuiter" not in message.body and "E-mailadres" in message.body


def test_adding_an_entity_through_triage_links_it_after_the_commit(world, django_capture_on_commit_callbacks):
    from schakel.signalling.services.triage import add_entity as triage_add_entity

    signal_with(world.a1, PHONE)
    second, _ = signal_with(world.a2, link=False)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        triage_add_entity(actor=world.other_municipality, signal=second, kind="phone",
                          data={"number": "0612345678"}, expected_version=second.version)
    assert Match.objects.filter(kind=LinkKind.PHONE).count() == 1


def test_a_new_signal_is_linked_after_its_commit(world, django_capture_on_commit_callbacks):
    from tests.signalling.triage_factories import SignalFactory

    signal_with(world.a1, PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        signal = SignalFactory(municipality=world.b1)
        add_entity(signal, "phone", {"number": "0612345678"})
    assert Match.objects.filter(signal_b=signal).count() == 1


@override_settings(LINKAGE_PERSON_THRESHOLD_PERCENT=99)
def test_the_person_threshold_is_configurable(world):
    signal_with(world.a1, ("person", {"name": "Mohammed Ali", "date_of_birth": "1990-03-04"}))
    _, matches = signal_with(world.a2, ("person", {"name": "Muhammad Ali", "date_of_birth": "1990-03-04"}))
    assert matches == []


def test_a_first_name_alone_without_date_of_birth_links_to_nobody(world):
    signal_with(world.a1, ("person", {"name": "Anna"}))
    _, matches = signal_with(world.a2, ("person", {"name": "Anna"}))
    assert matches == []


def test_a_signal_submitted_through_intake_is_linked_after_its_commit(world, django_capture_on_commit_callbacks):
    from schakel.signalling.models import Channel
    from schakel.signalling.services.intake import submit_signal

    signal_with(world.a1, PHONE)
    payload = {"description": "Zes mannen slapen in een caravan achter de loods.", "forms": ["labour"],
               "phones": [{"number": "+31 6 12 34 56 78"}]}
    received = datetime.datetime(2027, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)  # references of another year
    with django_capture_on_commit_callbacks(execute=True):
        signal = submit_signal(channel=Channel.STAFF, municipality=world.a2, payload=payload,
                               reporter=world.user("reporter"), now=received, notify=False)
    assert Match.objects.filter(kind=LinkKind.PHONE, signal_b=signal).count() == 1
