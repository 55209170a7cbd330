"""Sending Schakel's link-only e-mail without letting a mail server's failure undo any work.

Every app's mail runs after the commit (or in a job); if the server is down the failure is logged
for the operator and the work stays stored and visible in Schakel.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger("schakel.mail")


def send_quietly(messages: list[EmailMessage], *, what: str) -> int:
    """Send `messages` over one connection; the number sent, 0 when none or when the server failed."""
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except OSError:
        logger.exception("%s could not be sent (%d messages)", what, len(messages))
        return 0
