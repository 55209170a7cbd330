"""A staff reporter's own signal on 'Mijn meldingen': read the focal officer's question, answer it.

Only the reporter sees the page (anyone else: 404), it shows nothing of the triage, and an
answer reaches the focal officer exactly as a public reporter's answer does.
"""

import datetime

import pytest

from schakel.privacy.models import AccessLogEntry
from schakel.signalling.models import EventKind, MailboxMessage, MessageDirection, SignalStatus
from schakel.signalling.services import mailbox, triage

from .triage_factories import SignalFactory, add_entity

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wed 4 March 2026
QUESTION = "Welk kenteken had het busje?"


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def reporter(world):
    return world.user("reporter")


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


@pytest.fixture
def signal(world, reporter, officer):
    """A1's signal reported by the reporter, picked up by the focal officer, who asked a question."""
    signal = SignalFactory(municipality=world.a1, reporter=reporter,
                           description="Busje haalt elke ochtend mannen op bij de loods.")
    triage.pick_up(actor=officer, signal=signal, expected_version=1)
    triage.ask_reporter(actor=officer, signal=signal, text=QUESTION, expected_version=2)
    signal.refresh_from_db()
    return signal


def _page(signal):
    return f"/signalen/mijn-meldingen/{signal.reference}/"


def test_reporter_reads_the_question_which_then_counts_as_read_and_the_view_is_logged(login, reporter, signal):
    response = login(reporter).get(_page(signal))
    assert response.status_code == 200
    page = response.content.decode()
    assert signal.reference in page and "2 mrt. 2026" in page
    assert QUESTION in page and "Van de gemeente" in page
    assert '<dd class="schakel-reporter-status">In behandeling</dd>' in page  # picked up: being handled
    assert MailboxMessage.objects.get(signal=signal).read_at == NOW
    entry = AccessLogEntry.objects.filter(action="view", record_id=str(signal.pk), user=reporter).get()
    assert entry.reason == "melder: eigen melding en berichten"


def test_the_page_shows_nothing_of_the_triage(world, login, reporter, officer, signal):
    add_entity(signal, "person", {"name": "Piet van der Bijl"}, person_role="presumed_perpetrator")
    triage.add_note(actor=officer, signal=signal, text="Bekend adres bij de wijkagent", expected_version=3)
    triage.refer(actor=officer, signal=signal, to_kind="police", to_organisation=world.organisations["police_a"],
                 note="Acuut doorgezet", expected_version=4)
    page = login(reporter).get(_page(signal)).content.decode()
    main = page.split('id="main"', 1)[1]
    for hidden in ("Piet van der Bijl", "Bekend adres", "Politie A", "Acuut doorgezet",
                   "Doorverwezen", str(officer)):
        assert hidden not in main, hidden
    assert "Afgehandeld" in main  # referred: handled, as the reporter may know
    # The text they reported themselves they may read back (issue 12), nothing added to it.
    reported = main.split('class="schakel-reported-text"', 1)[1].split("</details>", 1)[0]
    assert "Busje haalt elke ochtend mannen op bij de loods." in reported


@pytest.mark.parametrize("key", ["focal_officer", "focal_officer_a2", "care_coordinator", "chain_director",
                                 "partner_member", "policy_officer", "administrator", "privacy_officer"])
def test_anyone_but_the_reporter_gets_404_and_cannot_answer(world, login, signal, key):
    client = login(world.users[key])
    assert client.get(_page(signal)).status_code == 404
    assert client.post(_page(signal), {"text": "Ik antwoord namens de melder"}).status_code == 404
    assert not MailboxMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).exists()
    assert MailboxMessage.objects.get(signal=signal).read_at is None


def test_another_reporters_signal_is_404(world, login, reporter):
    from tests.factories import UserFactory

    other = SignalFactory(municipality=world.a1, reporter=UserFactory(username="andere-melder"))
    assert login(reporter).get(_page(other)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, signal):
    response = client.get(_page(signal))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_answer_is_stored_ends_waiting_and_tells_the_focal_officer_like_a_public_answer(
        login, reporter, officer, signal, django_capture_on_commit_callbacks, mailoutbox, task_queue):
    client = login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(signal), {"text": "  Een wit busje, 12-ABC-3.  "})
    task_queue.run()  # the background worker sends the mail
    assert response.status_code == 302 and response["Location"] == _page(signal)
    answer = MailboxMessage.objects.get(signal=signal, direction=MessageDirection.FROM_REPORTER)
    assert (answer.text, answer.sender, answer.at) == ("Een wit busje, 12-ABC-3.", reporter, NOW)
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is False
    assert signal.events.filter(kind=EventKind.ANSWER, actor=reporter).count() == 1
    assert AccessLogEntry.objects.filter(action="create", user=reporter,
                                         reason="antwoord melder in Mijn meldingen").count() == 1
    [mail] = mailoutbox
    assert mail.to == [officer.email]
    assert signal.reference in mail.subject and "12-ABC" not in mail.body
    page = client.get(_page(signal)).content.decode()
    assert "Uw antwoord is verstuurd naar de aandachtsfunctionaris." in page
    assert "Een wit busje, 12-ABC-3." in page and "Van u" in page
    on_officers_page = login(officer).get(f"/signalen/{signal.reference}/").content.decode()
    assert "Een wit busje, 12-ABC-3." in on_officers_page and "heeft een bericht gestuurd." in on_officers_page


def test_an_empty_answer_is_a_dutch_error_next_to_the_field(login, reporter, signal):
    response = login(reporter).post(_page(signal), {"text": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Schrijf eerst uw antwoord." in page
    assert 'aria-invalid="true"' in page and 'href="#id_text"' in page
    assert not MailboxMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).exists()


def test_a_too_long_answer_is_refused_and_the_text_is_kept(login, reporter, signal):
    text = "Lang verhaal " * 400  # 5,200 characters
    response = login(reporter).post(_page(signal), {"text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Een antwoord is hoogstens 5.000 tekens." in page
    assert text.strip()[:200] in page
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is True


def test_a_double_submit_stores_the_answer_once(login, reporter, signal, django_capture_on_commit_callbacks,
                                               mailoutbox, task_queue):
    client = login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_page(signal), {"text": "Een wit busje."})
        second = client.post(_page(signal), {"text": "Een wit busje."})
    task_queue.run()
    assert first.status_code == second.status_code == 302
    assert MailboxMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).count() == 1
    assert signal.events.filter(kind=EventKind.ANSWER).count() == 1
    assert len(mailoutbox) == 1


def test_the_same_answer_to_a_new_question_is_a_new_message(reporter, officer, signal):
    mailbox.answer_from_reporter(signal=signal, text="Ja.", reporter=reporter)
    triage.ask_reporter(actor=officer, signal=signal, text="Was het na tienen?", expected_version=3)
    mailbox.answer_from_reporter(signal=signal, text="Ja.", reporter=reporter)
    assert MailboxMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).count() == 2


def test_the_service_refuses_an_answer_from_someone_who_did_not_report_it(world, signal):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        mailbox.answer_from_reporter(signal=signal, text="Ja.", reporter=world.user("focal_officer"))
    assert not MailboxMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).exists()


def test_my_signals_links_each_row_and_marks_unread_questions(world, login, reporter, signal):
    quiet = SignalFactory(municipality=world.a1, reporter=reporter, status=SignalStatus.CLOSED,
                          close_reason="not_trafficking")
    client = login(reporter)
    page = client.get("/signalen/mijn-meldingen").content.decode()
    assert f'href="{_page(signal)}"' in page and f'href="{_page(quiet)}"' in page
    assert page.count("Nieuwe vraag</strong>") == 1
    row = page.split(f'href="{_page(signal)}"', 1)[1].split("</tr>", 1)[0]
    assert "Nieuwe vraag" in row
    client.get(_page(signal))
    assert "Nieuwe vraag</strong>" not in client.get("/signalen/mijn-meldingen").content.decode()


def test_the_question_mail_links_to_the_reporters_own_page(world, reporter, officer,
                                                           django_capture_on_commit_callbacks, mailoutbox):
    signal = SignalFactory(municipality=world.a1, reporter=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        triage.ask_reporter(actor=officer, signal=signal, text=QUESTION, expected_version=1)
    [mail] = mailoutbox
    assert f"/signalen/mijn-meldingen/{signal.reference}/" in mail.body
    assert "busje" not in mail.body
