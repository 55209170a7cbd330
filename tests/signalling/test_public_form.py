"""The public form and the anonymous mailbox: the anonymity promises, as tests."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.db import connection

from schakel.signalling import ratelimit
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import Channel, MailboxMessage, MessageDirection, Signal
from schakel.signalling.services import mailbox

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)
CLIENT_IP = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Vingerafdruk/77.1"
ROWS = {
    f"{key}-{field}": value
    for key in ("persons", "companies", "vehicles", "phones", "emails", "websites")
    for field, value in (("TOTAL_FORMS", "1"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                         ("MAX_NUM_FORMS", "20"))
}
CODE = re.compile(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")


@pytest.fixture(autouse=True)
def frozen(db):
    ratelimit.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    ratelimit.clear()


@pytest.fixture
def public(world, client):
    load_indicator_catalogue()
    client.defaults.update(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
    return client


def token_of(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def report(client, url="/melden/regio-a/GM9001/", **fields):
    token = token_of(client.get(url))
    data = {"form_token": token, "municipality": fields.pop("municipality", ""), "acute_danger": "no",
            "minors_involved": "unknown", "description": "In het huis op de hoek wonen twintig mannen.",
            "send": "1", **ROWS, **fields}
    return client.post(url, data)


def receipt_code(response) -> str:
    return CODE.search(response.content.decode()).group(0)


@pytest.mark.django_db
def test_region_page_offers_its_municipalities_and_six_languages(public, world):
    response = public.get("/melden/regio-a/")

    page = response.content.decode()
    assert response.status_code == 200
    assert world.a1.name in page and world.a2.name in page and world.b1.name not in page
    for code in ("nl", "en", "pl", "ro", "bg", "uk"):
        assert f'href="/melden/regio-a/?taal={code}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/melden/regio-a/GM9101/", "/melden/onbekend/", "/melden/regio-a/GM0000/"])
def test_unknown_region_or_municipality_outside_the_region_is_404(public, url):
    assert public.get(url).status_code == 404


@pytest.mark.django_db
def test_anonymous_report_ends_with_a_receipt_code_stored_only_as_argon2_hash(public, world):
    response = report(public)

    assert response.status_code == 201
    code = receipt_code(response)
    signal = Signal.objects.get()
    assert (signal.channel, signal.reporter, signal.municipality) == (Channel.PUBLIC, None, world.a1)
    assert signal.mailbox_id == code.replace("-", "")[:10]
    assert signal.receipt_hash.startswith("$argon2id$")
    secret = code.replace("-", "")[10:]
    assert secret not in signal.receipt_hash
    assert response["Cache-Control"].count("no-store") == 1


@pytest.mark.django_db
def test_region_page_needs_a_municipality_choice(public, world):
    response = report(public, url="/melden/regio-a/")
    assert response.status_code == 200
    assert "Kies een antwoord bij ‘Gemeente’." in response.content.decode()

    response = report(public, url="/melden/regio-a/", municipality=str(world.a2.pk))
    assert response.status_code == 201
    assert Signal.objects.get().municipality == world.a2


@pytest.mark.django_db
def test_no_cookie_but_csrftoken_is_set_by_the_public_pages(public):
    responses = [public.get("/melden/regio-a/GM9001/"), report(public), public.get("/melden/postvak"),
                 public.post("/melden/postvak", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})]

    for response in responses:
        assert set(response.cookies) <= {"csrftoken"}, response.cookies
    assert "sessionid" not in public.cookies


@pytest.mark.django_db
def test_no_ip_address_or_user_agent_is_stored_anywhere_in_the_database(public):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("advertentie.txt", b"Advertentie: werk in de kas, 5 euro per uur.", "text/plain")
    response = report(public, contact_email="", files=[photo], **{"phones-0-number": "0612345678"})
    assert Signal.objects.get().attachments.count() == 1
    code = receipt_code(response)
    public.post("/melden/postvak", {"code": code, "action": "reply", "text": "Nog een aanvulling."})
    public.post("/melden/postvak", {"code": "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"})

    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [f.column for f in model._meta.concrete_fields
                       if f.get_internal_type() in ("CharField", "TextField", "JSONField", "SlugField",
                                                    "EmailField", "GenericIPAddressField", "URLField")]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = repr(row)
                for needle in (CLIENT_IP, "Vingerafdruk", "113.77"):
                    if needle in text:
                        found.append((table, needle))
    assert found == []


@pytest.mark.django_db
def test_public_pages_load_nothing_from_third_party_hosts(public):
    for response in (public.get("/melden/regio-a/"), report(public), public.get("/melden/postvak")):
        page = response.content.decode()
        references = re.findall(r'(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"', page)
        references += re.findall(r"url\(([^)]*)\)", page)
        external = [ref for ref in references if re.match(r"^(https?:)?//", ref.strip("'\""))]
        assert external == [], external


@pytest.mark.django_db
def test_a_double_submit_is_one_signal_and_shows_the_same_code_again(public):
    token = token_of(public.get("/melden/regio-a/GM9001/"))
    data = {"form_token": token, "municipality": "", "acute_danger": "no", "minors_involved": "unknown",
            "description": "Twee keer geklikt.", "send": "1", **ROWS}

    first = public.post("/melden/regio-a/GM9001/", data)
    second = public.post("/melden/regio-a/GM9001/", data)

    assert (first.status_code, second.status_code) == (201, 200)
    assert receipt_code(first) == receipt_code(second)
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_after_the_window_a_repeated_submit_no_longer_shows_the_code(public):
    token = token_of(public.get("/melden/regio-a/GM9001/"))
    data = {"form_token": token, "municipality": "", "acute_danger": "no", "minors_involved": "unknown",
            "description": "Later opnieuw verstuurd.", "send": "1", **ROWS}
    public.post("/melden/regio-a/GM9001/", data)

    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        again = public.post("/melden/regio-a/GM9001/", data)

    assert again.status_code == 200
    assert not CODE.search(again.content.decode())
    assert "al verstuurd" in again.content.decode()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_client_without_knowing_the_client(public, monkeypatch):
    from schakel.signalling import views_public

    monkeypatch.setattr(views_public, "FORM_POSTS_PER_HOUR", 2)
    assert report(public).status_code == 201
    assert report(public).status_code == 201
    assert report(public).status_code == 429
    public.defaults["REMOTE_ADDR"] = "198.51.100.2"
    assert report(public).status_code == 201


@pytest.mark.django_db
def test_acute_danger_on_the_public_form_alerts_the_focal_officers(public, world, mailoutbox, task_queue,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(public, acute_danger="yes")
    assert mailoutbox == []
    task_queue.run()

    assert "Bel direct 112" in response.content.decode()
    assert [mail.to for mail in mailoutbox] == [[world.user("focal_officer").email]]


# --- the mailbox ---------------------------------------------------------------------------------

def _strip_volatile(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


@pytest.mark.django_db
def test_reporter_reads_the_focal_officers_question_and_answers_it(public, world, mailoutbox, task_queue,
                                                                   django_capture_on_commit_callbacks):
    code = receipt_code(report(public))
    signal = Signal.objects.get()
    mailbox.send_to_reporter(signal=signal, text="Weet u hoe laat de busjes komen?", sender=world.user("focal_officer"))

    page = public.post("/melden/postvak", {"code": code.lower().replace("-", " ")})

    assert page.status_code == 200
    assert "Weet u hoe laat de busjes komen?" in page.content.decode()
    assert "twintig mannen" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answered = public.post("/melden/postvak", {"code": code, "action": "reply", "text": "Rond vijf uur."})
    task_queue.run()
    assert "Uw bericht is verstuurd" in answered.content.decode()
    answer = MailboxMessage.objects.get(direction=MessageDirection.FROM_REPORTER)
    assert (answer.signal, answer.text) == (signal, "Rond vijf uur.")
    signal.refresh_from_db()
    assert signal.waiting_for_reporter is False
    assert mailoutbox[-1].to == [world.user("focal_officer").email]
    assert "Rond vijf uur" not in mailoutbox[-1].body


@pytest.mark.django_db
def test_a_mailbox_shows_only_its_own_messages(public, world):
    first_code = receipt_code(report(public))
    report(public)
    first, second = Signal.objects.order_by("id")
    mailbox.send_to_reporter(signal=second, text="Bericht voor de ander", sender=world.user("focal_officer"))

    page = public.post("/melden/postvak", {"code": first_code}).content.decode()

    assert "Bericht voor de ander" not in page
    assert "nog geen berichten" in page


@pytest.mark.django_db
def test_a_wrong_code_answers_the_same_whether_or_not_the_mailbox_exists(public):
    code = receipt_code(report(public))
    existing_id_wrong_secret = code[:11] + "00000-00000"
    unknown_id = "00000-00000-" + code[12:]

    first = public.post("/melden/postvak", {"code": existing_id_wrong_secret})
    second = public.post("/melden/postvak", {"code": unknown_id})

    assert first.status_code == second.status_code == 200
    assert _strip_volatile(first.content.decode()) == _strip_volatile(second.content.decode())
    assert "Deze code klopt niet" in first.content.decode()


@pytest.mark.django_db
def test_an_unknown_mailbox_still_costs_one_argon2_verification(public, monkeypatch):
    calls = []
    real = mailbox._hasher

    class Spy:
        def hash(self, secret):
            return real.hash(secret)

        def verify(self, stored, secret):
            calls.append(stored)
            return real.verify(stored, secret)

    monkeypatch.setattr(mailbox, "_hasher", Spy())

    assert mailbox.open_mailbox("00000-00000-00000-00000") is None
    assert mailbox.open_mailbox("not a code") is None
    assert len(calls) == 2 and all(stored.startswith("$argon2id$") for stored in calls)


@pytest.mark.django_db
def test_wrong_codes_are_throttled_even_before_the_right_one(public):
    code = receipt_code(report(public))
    for _attempt in range(5):
        assert public.post("/melden/postvak", {"code": "11111-22222-33333-44444"}).status_code == 200

    assert public.post("/melden/postvak", {"code": code}).status_code == 429
    with time_machine.travel(NOW + datetime.timedelta(minutes=16), tick=False):
        assert public.post("/melden/postvak", {"code": code}).status_code == 200


@pytest.mark.django_db
def test_an_empty_answer_is_refused_with_a_message(public):
    code = receipt_code(report(public))

    page = public.post("/melden/postvak", {"code": code, "action": "reply", "text": "  "}).content.decode()

    assert "Schrijf eerst uw bericht" in page
    assert not MailboxMessage.objects.exists()


@pytest.mark.django_db
def test_receipt_codes_parse_leniently_and_refuse_junk():
    assert mailbox.parse_code("abcde fghjk mnpqr stvwx") == ("ABCDEFGHJK", "MNPQRSTVWX")
    assert mailbox.parse_code("ABCDE-FGHJK-MNPQR-STVWO") == ("ABCDEFGHJK", "MNPQRSTVW0")
    assert mailbox.parse_code("ABCDE-FGHJK-MNPQR") is None
    assert mailbox.parse_code("ABCDE-FGHJK-MNPQR-STVW!") is None


def test_receipt_codes_carry_100_random_bits_and_a_seed_reproduces_one():
    codes = {mailbox.new_receipt().display for _ in range(20)}
    assert len(codes) == 20
    assert all(CODE.fullmatch(code) for code in codes)
    assert mailbox.new_receipt(seed="abc").display == mailbox.new_receipt(seed="abc").display


# --- languages ---------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [
    ("pl", "Zgłoś handel ludźmi"), ("ro", "Raportați traficul de persoane"),
    ("bg", "Сигнал за трафик на хора"), ("uk", "Повідомити про торгівлю людьми"),
    ("nl", "Mensenhandel melden"),
])
def test_the_public_form_speaks_the_chosen_language_without_a_cookie(public, language, heading):
    response = public.get(f"/melden/regio-a/GM9001/?taal={language}")

    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert heading in page
    assert response["Content-Language"] == language
    assert set(response.cookies) <= {"csrftoken"}


@pytest.mark.django_db
def test_a_polish_reporter_gets_polish_field_messages_and_a_polish_receipt(public):
    url = "/melden/regio-a/GM9001/?taal=pl"
    token = token_of(public.get(url))
    data = {"form_token": token, "acute_danger": "no", "minors_involved": "unknown", "description": "",
            "send": "1", **ROWS, "phones-0-number": "12"}

    refused = public.post(url, data).content.decode()
    assert "Krótko opisz, co zauważyłeś" in refused
    assert "To nie jest prawidłowy numer telefonu" in refused

    data.update({"description": "Pracownicy śpią w kontenerach.", "phones-0-number": "+48 601 234 567"})
    receipt = public.post(url, data)
    assert receipt.status_code == 201
    assert "Dziękujemy, otrzymaliśmy Twoje zgłoszenie" in receipt.content.decode()
    assert Signal.objects.get().reporter_language == "pl"


@pytest.mark.django_db
def test_every_public_translation_is_marked_for_review():
    from pathlib import Path

    import schakel

    for language in ("pl", "ro", "bg", "uk"):
        catalogue = Path(schakel.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po"
        blocks = catalogue.read_text(encoding="utf-8").split("\n\n")[1:]
        translated = [b for b in blocks if re.search(r'^msgstr(\[\d+\])? ".+"$', b, re.MULTILINE)]
        assert translated, language
        assert all("#. Machine translation, needs professional review" in b for b in translated), language


@pytest.mark.django_db
def test_public_pages_offer_no_language_form_that_would_set_a_cookie(public):
    for path in ("/melden/regio-a/GM9001/", "/melden/postvak"):
        page = public.get(path).content.decode()
        assert "/i18n/setlang/" not in page
        assert "?taal=pl" in page
