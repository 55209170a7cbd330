"""The new-signal mail goes through the background queue: queued with the intake, sent by the worker.

The request (or API call) that creates a signal only writes a queue row, in the intake's own
transaction (the queue is a table of the same database), so it commits with the signal and a
rolled-back intake queues nothing; django-q2's worker sends the mail.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django_q.models import OrmQ, Task

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.signalling.models import Signal
from schakel.signalling.tasks import NOTIFICATION_GROUP
from tests.factories import UserFactory
from tests.signalling.test_intake_service import catalogue, frozen, full_payload, submit  # noqa: F401

pytestmark = pytest.mark.django_db

NEW_SIGNAL_TASK = "schakel.signalling.tasks.notify_new_signal"


def _not_entity_hooks(callbacks) -> list:
    """After-commit callbacks other than the entity listeners' (linkage recomputes its tokens then)."""
    return [callback for callback in callbacks if "entities_changed" not in callback.__qualname__]


def test_the_mail_is_queued_in_the_intakes_own_transaction(
        world, catalogue, frozen, task_queue, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signal = submit(world)

    assert _not_entity_hooks(callbacks) == []  # the mail does not wait for the commit: the queue row commits with the signal
    [queued] = task_queue.pending()
    assert (queued["func"], queued["args"], queued["group"]) == (NEW_SIGNAL_TASK, (signal.pk,), NOTIFICATION_GROUP)
    assert mailoutbox == []  # the request sends nothing itself


def test_tasks_run_synchronously_are_queued_only_after_the_commit(
        world, catalogue, frozen, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)  # the task would run at once: not inside the transaction
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(world)

    assert len(_not_entity_hooks(callbacks)) == 1
    assert OrmQ.objects.count() == 0 and mailoutbox == []


def test_the_worker_sends_a_link_without_content_and_records_the_task(
        world, catalogue, frozen, task_queue, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(world)

    [finished] = task_queue.run()

    assert finished["success"] is True
    assert OrmQ.objects.count() == 0  # acknowledged: taken off the queue
    assert Task.objects.get(id=finished["id"]).success is True
    [mail] = mailoutbox
    assert mail.to == [world.user("focal_officer").email]
    assert mail.subject == f"Nieuw signaal {signal.reference}"
    assert f"/signalen/{signal.reference}/" in mail.body
    for content in ("nagelsalon", "Bijl", "6001", "Nails4U", "vrouwen", "12ABC3"):
        assert content not in mail.body and content not in mail.subject


def test_a_rolled_back_intake_queues_no_mail(world, catalogue, frozen, task_queue, mailoutbox,
                                             django_capture_on_commit_callbacks):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abort):
            with transaction.atomic():
                submit(world)
                raise Abort

    assert callbacks == []
    assert not Signal.objects.exists()
    assert task_queue.pending() == []
    assert task_queue.run() == []
    assert mailoutbox == []


def test_acute_danger_is_queued_too_and_reaches_officers_and_backups_over_real_smtp(
        world, catalogue, frozen, task_queue, smtp_server, django_capture_on_commit_callbacks):
    backup = UserFactory(username="backup_a1", email="backup@aadorp.example")
    Membership.objects.filter(user=world.user("focal_officer"), role=Role.FOCAL_OFFICER).update(backup=backup)

    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(world, payload=full_payload(acute_danger=True))
    assert smtp_server.count() == 0  # not sent by the request

    task_queue.run()

    [message] = smtp_server.messages(1)
    assert message["Subject"] == f"ACUUT: nieuw signaal {signal.reference} met acuut gevaar"
    assert sorted(message["X-Envelope-To"].split(", ")) == sorted(
        [world.user("focal_officer").email, "backup@aadorp.example"])
    assert "nagelsalon" not in message.get_content()


def test_a_mail_server_that_is_down_fails_the_task_not_the_intake(
        world, catalogue, frozen, task_queue, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens

    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(world)

    assert Signal.objects.filter(pk=signal.pk).exists()
    with pytest.raises(OSError):
        task_queue.run()


def test_the_staff_form_answers_without_waiting_for_the_mail(
        world, login, catalogue, task_queue, mailoutbox, django_capture_on_commit_callbacks):
    from tests.signalling.test_intake_pages import form_data, token_of

    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signalen/melden", form_data(
            token, municipality=world.a1.pk, description="Mannen slapen in de loods."))

    assert response.status_code == 302
    assert mailoutbox == []
    assert [task["func"] for task in task_queue.pending()] == [NEW_SIGNAL_TASK]
    task_queue.run()
    assert [mail.to for mail in mailoutbox] == [[world.user("focal_officer").email]]


def test_a_reporters_answer_is_mailed_by_the_worker_too(world, catalogue, frozen, task_queue, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    from schakel.signalling.services.mailbox import answer_from_reporter

    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(world, channel="public", reporter=None)
    task_queue.run()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer_from_reporter(signal=signal, text="De busjes komen om vijf uur.")
    assert [task["func"] for task in task_queue.pending()] == ["schakel.signalling.tasks.notify_reporter_answered"]
    assert mailoutbox == []

    task_queue.run()

    [mail] = mailoutbox
    assert mail.to == [world.user("focal_officer").email]
    assert signal.reference in mail.subject and "busjes" not in mail.body
