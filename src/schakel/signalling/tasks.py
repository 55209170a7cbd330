"""Background tasks of signalling (django-q2): one-line wrappers around services, run by the worker.

The requests that create a signal or a reporter's answer only queue these, so no page or API call
waits for the mail server and a mail server that is down cannot slow intake. The worker
(`manage.py qcluster`) sends the mail; a failure is recorded as a failed task (django-q2's admin
page) and logged.

The queue is a table in the same database (django-q2's ORM broker), so a task is queued in the
transaction that made the signal: the queue row commits with it, in the same commit, a rollback
takes it away, and the worker cannot see the task before the signal (decision 0069). With another
broker, or with tasks run synchronously, it is queued after the commit instead.
"""

from __future__ import annotations

from django.db import connections, router, transaction
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.tasks import async_task

NOTIFICATION_GROUP = "schakel.signalling.notifications"


def notify_new_signal(signal_id: int) -> None:
    from .services.intake import notify_new_signal as send

    send(signal_id)


def notify_reporter_answered(signal_id: int) -> None:
    from .services.intake import notify_reporter_answered as send

    send(signal_id)


def _queue(name: str, signal_id: int, broker=None) -> None:
    async_task(f"{__name__}.{name}", signal_id, task_name=f"{name} {signal_id}"[:100], group=NOTIFICATION_GROUP,
               broker=broker or get_broker())


def _queue_with_the_transaction(name: str, signal_id: int) -> None:
    from .models import Signal

    using = router.db_for_write(Signal)
    broker = get_broker()
    if isinstance(broker, ORM) and Conf.ORM == using and not Conf.SYNC and connections[using].in_atomic_block:
        _queue(name, signal_id, broker)
    else:
        transaction.on_commit(lambda: _queue(name, signal_id), using=using)


def queue_new_signal_notification(signal_id: int) -> None:
    """Queue the mail to the focal officers with the current transaction (nothing on rollback)."""
    _queue_with_the_transaction("notify_new_signal", signal_id)


def queue_reporter_answered_notification(signal_id: int) -> None:
    """Queue the mail that the reporter answered with the current transaction (nothing on rollback)."""
    _queue_with_the_transaction("notify_reporter_answered", signal_id)


def escalate_acute_signals(now: str | None = None) -> str:
    """The five-minute schedule (schedules.py): escalate acute signals whose norm passed without a reaction."""
    import datetime

    from .services.escalation import escalate_overdue_acute

    moment = datetime.datetime.fromisoformat(now) if now else None
    return f"{escalate_overdue_acute(now=moment)} signalen opgeschaald"
