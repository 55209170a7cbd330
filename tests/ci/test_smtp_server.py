"""The SMTP fixture is a real server process: Django's SMTP backend delivers to it."""

import time

import pytest
from django.core.mail import EmailMessage, send_mail


def test_send_mail_reaches_the_real_smtp_server(smtp_server):
    sent = send_mail(
        subject="Melding ontvangen – één signaal",
        message="Er is een nieuw signaal binnengekomen in Aadorp.",
        from_email="schakel@aadorp.example",
        recipient_list=["ao@aadorp.example"],
    )

    assert sent == 1
    [message] = smtp_server.messages(1)
    assert message["Subject"] == "Melding ontvangen – één signaal"
    assert message["From"] == "schakel@aadorp.example"
    assert message["To"] == "ao@aadorp.example"
    assert message.get_content().strip() == "Er is een nieuw signaal binnengekomen in Aadorp."
    assert message["X-Envelope-To"] == "ao@aadorp.example"


def test_bcc_recipients_are_in_the_envelope_only(smtp_server):
    EmailMessage(subject="Overleg", body="Agenda", from_email="schakel@aadorp.example",
                 to=["zc@regio-a.example"], bcc=["archief@regio-a.example"]).send()

    [message] = smtp_server.messages(1)
    assert message["Bcc"] is None
    assert message["X-Envelope-To"] == "zc@regio-a.example, archief@regio-a.example"


def test_each_test_starts_with_an_empty_mailbox(smtp_server):
    assert smtp_server.count() == 0


def test_waiting_for_more_messages_than_arrive_fails_within_the_timeout(smtp_server):
    send_mail("Eén", "tekst", "schakel@aadorp.example", ["ao@aadorp.example"])
    started = time.monotonic()

    with pytest.raises(TimeoutError, match="expected 2 message"):
        smtp_server.messages(2, timeout=0.5)

    assert time.monotonic() - started < 2
    assert len(smtp_server.messages(1)) == 1
