"""The signal page's history reads as plain Dutch sentences, not codes (issue 12)."""

import datetime
import re

import pytest

from schakel.signalling.models import CloseReason, EventKind, SignalEvent, SignalStatus
from schakel.signalling.services import triage

from .triage_factories import SignalFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def _history(client, signal) -> str:
    page = client.get(f"/signalen/{signal.reference}/").content.decode()
    history = page[page.index('<ol class="schakel-history">'):]
    history = history[:history.index("</ol>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history))


def _officer(world):
    officer = world.user("focal_officer")
    officer.first_name, officer.last_name = "Ruben", "Hoekstra"
    officer.save()
    return officer


def test_picking_up_reads_as_the_officer_having_picked_up_the_signal(world, login):
    officer = _officer(world)
    signal = SignalFactory(municipality=world.a1)
    triage.pick_up(actor=officer, signal=signal, expected_version=1)

    history = _history(login(officer), signal)

    assert "Ruben Hoekstra heeft het signaal opgepakt." in history
    assert "Ruben Hoekstra heeft de status gewijzigd van ‘ontvangen’ in ‘in behandeling’." in history
    assert "→" not in history and "in_triage" not in history


def test_closing_names_the_close_reason_in_words_and_keeps_the_typed_explanation(world, login):
    officer = _officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer)
    triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED, expected_version=1,
                         close_reason=CloseReason.NOT_TRAFFICKING, reason="Navraag gedaan bij de teler.")

    history = _history(login(officer), signal)

    label = str(dict(CloseReason.choices)[CloseReason.NOT_TRAFFICKING]).lower()
    assert f"Ruben Hoekstra heeft het signaal afgesloten met als reden ‘{label}’." in history
    assert "Toelichting: Navraag gedaan bij de teler." in history
    assert "not_trafficking" not in history


def test_the_arrival_says_how_the_signal_came_in_and_names_no_hidden_reporter(world, login):
    signal = SignalFactory(municipality=world.a1)
    SignalEvent.objects.filter(signal=signal).update(actor=world.user("reporter"),
                                                     data={"channel": "staff", "acute_danger": True, "files": 2})

    history = _history(login(_officer(world)), signal)

    assert "heeft het signaal via het medewerkersformulier gemeld. De melder gaf acuut gevaar aan." in history
    assert "Er zijn 2 bestanden meegestuurd." in history


def test_an_escalation_is_one_sentence_without_its_bookkeeping_reason(world, login):
    signal = SignalFactory(municipality=world.a1, acute_danger=True)
    SignalEvent.objects.create(signal=signal, at=NOW, kind=EventKind.ESCALATION,
                               reason="acute norm verstreken zonder eerste reactie", data={"recipients": 3})

    history = _history(login(_officer(world)), signal)

    assert "Opgeschaald: de norm voor acuut gevaar is verstreken zonder eerste reactie." in history
    assert "(3 personen)" in history
    assert "Toelichting" not in history


def test_assignment_to_an_absent_officer_says_who_stands_in(world, login):
    officer = _officer(world)
    signal = SignalFactory(municipality=world.a1)
    SignalEvent.objects.create(signal=signal, at=NOW, actor=officer, kind=EventKind.ASSIGNMENT,
                               data={"assigned_to_name": "Kees Brink", "requested_name": "Anna de Vries",
                                     "backup_because_absent": True})

    history = _history(login(officer), signal)

    assert ("Ruben Hoekstra heeft het signaal toegewezen aan Kees Brink. "
            "Anna de Vries is afwezig; Kees Brink vervangt en behandelt het.") in history


def test_every_kind_of_event_has_a_sentence_of_its_own(world):
    from schakel.signalling.history_sentences import sentence

    signal = SignalFactory(municipality=world.a1)
    for kind in EventKind.values:
        event = SignalEvent(signal=signal, at=NOW, kind=kind, reason="Besproken.", data={})
        text = sentence(event, "Ruben Hoekstra")
        assert text.endswith(".") and text != str(dict(EventKind.choices)[kind]), kind


def test_a_screening_row_keeps_the_sentence_the_screening_app_wrote_and_says_who(world, login):
    officer = _officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.ON_AGENDA)
    SignalEvent.objects.create(signal=signal, at=NOW, actor=officer, kind=EventKind.TABLE,
                               from_status=SignalStatus.IN_TRIAGE, to_status=SignalStatus.ON_AGENDA,
                               reason="Aangemeld voor het screeningsoverleg van 12 mrt. 2026.")

    history = _history(login(officer), signal)

    assert ("Aangemeld voor het screeningsoverleg van 12 mrt. 2026. De status is nu ‘op de agenda van het screeningsoverleg’. "
            "Vastgelegd door Ruben Hoekstra.") in history
    assert "Toelichting" not in history
