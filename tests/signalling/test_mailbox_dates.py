"""The public mailbox and 'Mijn meldingen' write dates in the one date style ('4 mrt. 2026 11:00')."""

import datetime

import pytest

from schakel.signalling.models import Channel
from schakel.signalling.services import mailbox
from schakel.signalling.services.intake import submit_signal

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam


def test_the_public_mailbox_shows_received_day_and_message_times_in_the_dutch_date_style(world, client,
                                                                                          time_machine):
    time_machine.move_to(NOW, tick=False)
    signal = submit_signal(channel=Channel.PUBLIC, municipality=world.a1, notify=False,
                           payload={"description": "Mannen slapen in de loods."})
    mailbox.send_to_reporter(signal=signal, text="Waar staat de loods?", sender=world.user("focal_officer"))

    page = client.post("/melden/postvak", {"code": signal.receipt_code}).content.decode()

    assert "Uw melding is ontvangen op 4 mrt. 2026." in page
    assert '<time datetime="2026-03-04T11:00:00+01:00">4 mrt. 2026 11:00</time>' in page
    assert "maart" not in page


def test_mijn_meldingen_shows_message_times_in_the_dutch_date_style(world, login, time_machine):
    time_machine.move_to(NOW, tick=False)
    reporter = world.user("reporter")
    signal = submit_signal(channel=Channel.STAFF, municipality=world.a1, reporter=reporter, notify=False,
                           payload={"description": "Busje haalt elke ochtend mannen op."})
    mailbox.answer_from_reporter(signal=signal, reporter=reporter, text="Het is een wit busje.")

    page = login(reporter).get(f"/signalen/mijn-meldingen/{signal.reference}/").content.decode()

    assert "Van u, <time" in page and ">4 mrt. 2026 11:00</time>" in page
