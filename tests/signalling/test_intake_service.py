"""The intake service: one path for every channel into an encrypted, indexed, deadlined signal."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.organisations.models import ClosingDay
from schakel.privacy.crypto import blind_index
from schakel.privacy.models import AccessLogEntry
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import (
    Channel,
    ReferenceCounter,
    SearchToken,
    Signal,
    SignalEntity,
    SignalEvent,
    SignalStatus,
)
from schakel.signalling.services.intake import IdempotencyConflict, IntakeValidationError, submit_signal
from tests.factories import UserFactory

AMS = datetime.timezone(datetime.timedelta(hours=2))
# Friday 24 April 2026, 10:00 in Amsterdam: King's Day (Monday 27 April) and 5 May are ahead.
BEFORE_KINGS_DAY = datetime.datetime(2026, 4, 24, 10, 0, tzinfo=AMS)


def full_payload(**overrides) -> dict:
    payload = {
        "description": "Vier vrouwen werken tot middernacht in de nagelsalon en slapen boven de zaak.",
        "acute_danger": False,
        "forms": ["labour"],
        "sector": "beauty",
        "location_type": "nail_salon",
        "observed_on": "2026-04-20",
        "address": {"postcode": "6001 ab", "house_number": "12", "house_number_addition": "a",
                    "street": "Markt", "place": "Weert"},
        "minors_involved": "unknown",
        "indicators": ["arbeid-lange-dagen", "arbeid-slaapt-op-werk"],
        "persons": [{"role": "presumed_perpetrator", "name": "Jan van der Bijl", "date_of_birth": "1970-05-01"}],
        "companies": [{"name": "Nails4U", "kvk": "1234 5678"}],
        "vehicles": [{"plate": "12-abc-3", "description": "witte bus"}],
        "phones": [{"number": "06 12345678"}],
        "emails": [{"address": "Boss@Example.NL"}],
        "websites": [{"url": "https://www.example.nl/advertentie/1", "description": "vacature"}],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def catalogue(db):
    load_indicator_catalogue()


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE_KINGS_DAY, tick=False):
        yield


def submit(world, **kwargs):
    defaults = {"channel": Channel.STAFF, "municipality": world.a1, "payload": full_payload(),
                "reporter": world.user("reporter")}
    defaults.update(kwargs)
    return submit_signal(**defaults)


@pytest.mark.django_db
def test_staff_signal_is_stored_with_entities_indicators_history_and_access_log(world, catalogue, frozen):
    signal = submit(world)

    signal.refresh_from_db()
    assert signal.reference == "2026-000001"
    assert signal.region == world.region_a
    assert signal.status == SignalStatus.RECEIVED
    assert signal.description.startswith("Vier vrouwen")
    assert signal.location_address["postcode"] == "6001AB"
    assert signal.location_address["house_number"] == 12
    assert sorted(signal.indicators.values_list("code", flat=True)) == ["arbeid-lange-dagen", "arbeid-slaapt-op-werk"]
    kinds = sorted(SignalEntity.objects.filter(signal=signal).values_list("kind", flat=True))
    assert kinds == ["company", "email", "person", "phone", "vehicle", "website"]
    event = SignalEvent.objects.get(signal=signal)
    assert (event.kind, event.to_status, event.actor) == ("received", "received", world.user("reporter"))
    entry = AccessLogEntry.objects.filter(record_type="signalling.signal", record_id=str(signal.pk)).get()
    assert (entry.action, entry.user) == ("create", world.user("reporter"))


@pytest.mark.django_db
def test_search_tokens_are_blind_indexes_of_every_normalised_identifier(world, catalogue, frozen):
    signal = submit(world)

    stored = set(SearchToken.objects.filter(signal=signal).values_list("kind", "token"))
    expected = {
        ("phone", "+31612345678"), ("postcode_house", "6001AB-12-a"), ("postcode_house", "6001AB-12"),
        ("plate", "12ABC3"), ("kvk", "12345678"), ("email", "boss@example.nl"), ("host", "example.nl"),
        ("name", "byl jan"), ("name", "byl"), ("word", "nagelsalon"), ("word", "middernacht"),
    }
    for kind, value in expected:
        assert (kind, blind_index(kind, value)) in stored, (kind, value)


@pytest.mark.django_db
def test_raw_database_rows_hold_no_plaintext(world, catalogue, frozen):
    submit(world, payload=full_payload(reporter_contact={"name": "Wilhelmina Melder", "email": "wilhelmina@example.nl"}))

    secrets = ["Vier vrouwen", "nagelsalon", "6001AB", "Markt", "Bijl", "Nails4U", "12345678", "12ABC3",
               "0612345678", "+31612345678", "boss@example", "example.nl", "Wilhelmina", "wilhelmina@example"]
    with connection.cursor() as cursor:
        for table in ("signalling_signal", "signalling_signalentity", "signalling_searchtoken",
                      "signalling_signalevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            for secret in secrets:
                assert secret.lower() not in dump.lower(), (table, secret)


@pytest.mark.django_db
def test_deadlines_count_working_days_past_kings_day_and_liberation_day(world, catalogue, frozen):
    signal = submit(world)

    # Tue 28, Wed 29, Thu 30 April, Fri 1, Mon 4 May: King's Day (Mon 27 April) does not count.
    assert signal.first_reaction_due == datetime.date(2026, 5, 4)
    # ... Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 May: 5 May (Liberation Day) does not count either.
    assert signal.triage_due == datetime.date(2026, 5, 12)


@pytest.mark.django_db
def test_deadlines_skip_the_regions_extra_closing_days_and_use_its_norms(world, catalogue, frozen):
    world.region_a.first_reaction_days = 3
    world.region_a.save()
    ClosingDay.objects.create(region=world.region_a, date=datetime.date(2026, 4, 29), description="Brugdag")

    signal = submit(world)

    # Tue 28, (Wed 29 closed), Thu 30 April, Fri 1 May.
    assert signal.first_reaction_due == datetime.date(2026, 5, 1)


@pytest.mark.django_db
def test_references_count_up_per_year(world, catalogue):
    with time_machine.travel(datetime.datetime(2026, 12, 31, 22, 0, tzinfo=datetime.timezone.utc), tick=False):
        late = submit(world)  # 23:00 in Amsterdam: still 2026
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.timezone.utc), tick=False):
        first_of_2027 = submit(world)  # 00:30 on 1 January in Amsterdam
        second_of_2027 = submit(world)

    assert (late.reference, first_of_2027.reference, second_of_2027.reference) == (
        "2026-000001", "2027-000001", "2027-000002")
    assert dict(ReferenceCounter.objects.values_list("year", "last")) == {2026: 1, 2027: 2}


@pytest.mark.django_db
def test_invalid_fields_are_refused_with_dutch_messages_per_field(world, catalogue, frozen):
    payload = full_payload(
        description="  ",
        address={"postcode": "12345", "house_number": "twaalf"},
        phones=[{"number": "12"}],
        companies=[{"name": "", "kvk": "123"}],
        observed_on="2026-05-01",
        indicators=["bestaat-niet"],
    )
    with pytest.raises(IntakeValidationError) as refused:
        submit(world, payload=payload)

    errors = refused.value.errors
    assert "Beschrijf kort wat u is opgevallen" in errors["description"][0]
    assert "postcode" in errors["address.postcode"][0]
    assert "huisnummer" in errors["address.house_number"][0]
    assert "telefoonnummer" in errors["phones.0.number"][0]
    assert "8 cijfers" in errors["companies.0.kvk"][0]
    assert "toekomst" in errors["observed_on"][0]
    assert "indicatoren" in errors["indicators"][0]
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_a_vague_signal_with_only_a_description_is_welcome(world, catalogue, frozen):
    signal = submit(world, payload={"description": "Iets klopt niet bij de buren."})

    assert signal.forms == ["unknown"]
    assert signal.minors_involved == "unknown"
    assert signal.location_address is None


@pytest.mark.django_db
def test_same_idempotency_key_and_content_returns_the_first_signal(world, catalogue, frozen):
    first = submit(world, idempotency_key="staff:1:abc")
    again = submit(world, idempotency_key="staff:1:abc")

    assert again.pk == first.pk
    assert (first.created_now, again.created_now) == (True, False)
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_same_idempotency_key_with_other_content_is_a_conflict(world, catalogue, frozen):
    submit(world, idempotency_key="api:7:key-1")

    with pytest.raises(IdempotencyConflict):
        submit(world, idempotency_key="api:7:key-1", payload=full_payload(description="Iets anders."))
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_signal_for_a_municipality_outside_any_region_is_refused(world, catalogue, frozen):
    from tests.factories import MunicipalityFactory

    loose = MunicipalityFactory(cbs_code="GM9999", name="Nergens")
    with pytest.raises(IntakeValidationError) as refused:
        submit(world, municipality=loose)
    assert "municipality" in refused.value.errors


@pytest.mark.django_db
def test_only_the_municipalitys_focal_officer_sees_a_signal_and_the_reporter_only_finds_it_back(
        world, catalogue, frozen):
    signal = submit(world)
    visible = Signal.objects.visible_to

    assert signal in visible(world.user("focal_officer"))
    for outsider in (world.user("reporter"), world.other_municipality, world.other_region,
                     world.user("policy_officer"), world.user("partner_member"), world.user("chain_director")):
        assert signal not in visible(outsider)
    assert list(Signal.objects.reported_by(world.user("reporter"))) == [signal]
    assert not Signal.objects.reported_by(world.user("focal_officer")).exists()


def _acute_setup(world):
    backup = UserFactory(username="backup_a1", email="backup@aadorp.example")
    membership = Membership.objects.get(user=world.user("focal_officer"), role=Role.FOCAL_OFFICER)
    membership.backup = backup
    membership.save()
    return backup


@pytest.mark.django_db
def test_acute_danger_mails_focal_officers_and_backups_a_link_without_content(
        world, catalogue, frozen, mailoutbox, task_queue, django_capture_on_commit_callbacks):
    backup = _acute_setup(world)

    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(world, payload=full_payload(acute_danger=True))
    task_queue.run()  # the background worker sends it

    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([world.user("focal_officer").email, backup.email])
    assert world.other_municipality.email not in mail.to
    assert "ACUUT" in mail.subject
    assert f"/signalen/{signal.reference}/" in mail.body
    for content in ("nagelsalon", "Bijl", "6001", "Nails4U", "vrouwen"):
        assert content not in mail.body and content not in mail.subject


@pytest.mark.django_db
def test_new_signal_mail_reaches_the_backup_as_well_when_the_focal_officer_is_absent(
        world, catalogue, frozen, mailoutbox, task_queue, django_capture_on_commit_callbacks):
    backup = _acute_setup(world)
    Membership.objects.filter(user=world.user("focal_officer")).update(absent=True)

    with django_capture_on_commit_callbacks(execute=True):
        submit(world)
    task_queue.run()

    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([world.user("focal_officer").email, backup.email])
    assert "Nieuw signaal" in mail.subject


@pytest.mark.django_db
def test_acute_danger_mail_travels_over_real_smtp(world, catalogue, frozen, smtp_server, task_queue,
                                                  django_capture_on_commit_callbacks):
    _acute_setup(world)

    with django_capture_on_commit_callbacks(execute=True):
        submit(world, payload=full_payload(acute_danger=True))
    task_queue.run()

    [message] = smtp_server.messages(1)
    assert "ACUUT" in message["Subject"]
    assert "backup@aadorp.example" in message["X-Envelope-To"]
    assert "nagelsalon" not in message.get_content()
