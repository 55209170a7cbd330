"""Background tasks of signalling (django-q2): one-line wrappers around services, run by the worker.

The requests that create a signal or a reporter's answer only queue these, after their
transaction commits (`queue_*`), so no page or API call waits for the mail server and a mail
server that is down cannot slow intake. The worker (`manage.py qcluster`) sends the mail; a
failure is recorded as a failed task (django-q2's admin page) and logged.
"""

from __future__ import annotations

from django.db import transaction
from django_q.tasks import async_task

NOTIFICATION_GROUP = "schakel.signalling.notifications"


def notify_new_signal(signal_id: int) -> None:
    from .services.intake import notify_new_signal as send

    send(signal_id)


def notify_reporter_answered(signal_id: int) -> None:
    from .services.intake import notify_reporter_answered as send

    send(signal_id)


def _queue(name: str, signal_id: int) -> None:
    async_task(f"{__name__}.{name}", signal_id, task_name=f"{name} {signal_id}"[:100], group=NOTIFICATION_GROUP)


def queue_new_signal_notification(signal_id: int) -> None:
    """After the current transaction commits, queue the mail to the focal officers (nothing on rollback)."""
    transaction.on_commit(lambda: _queue("notify_new_signal", signal_id))


def queue_reporter_answered_notification(signal_id: int) -> None:
    """After the current transaction commits, queue the mail that the reporter answered."""
    transaction.on_commit(lambda: _queue("notify_reporter_answered", signal_id))
