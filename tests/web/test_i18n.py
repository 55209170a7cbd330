"""Dutch by default, English selectable; the English catalogue is complete and compiled."""

import gettext
from pathlib import Path

import pytest
from django.test import RequestFactory

from schakel.web.middleware import DutchFirstLocaleMiddleware

LOCALE = Path(__file__).resolve().parents[2] / "src" / "schakel" / "locale" / "en" / "LC_MESSAGES"

pytestmark = pytest.mark.django_db


def choose_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_staff_pages_are_dutch_even_for_an_english_browser(client):
    html = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nl"' in html
    assert "Naar de inhoud" in html


def test_choosing_english_translates_the_login_page(client):
    choose_english(client)
    html = client.get("/account/login/").content.decode()
    assert '<html lang="en"' in html
    assert '<h1 class="utrecht-heading-1">Log in</h1>' in html
    assert "Skip to content" in html and "Naar de inhoud" not in html
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_choosing_english_translates_the_home_page_and_roles(world, login):
    client = login(world.user("focal_officer"))
    choose_english(client)
    user = world.user("focal_officer")
    html = client.get("/").content.decode()
    assert f"Welcome, {user.first_name}" in html
    assert "Focal officer" in html and "Log out" in html


def test_switching_back_to_dutch(client):
    choose_english(client)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "<h1 class=\"utrecht-heading-1\">Inloggen</h1>" in client.get("/account/login/").content.decode()


def test_api_problems_follow_the_chosen_language(client):
    choose_english(client)
    assert client.get("/api/v1/bestaat-niet").json()["title"] == "Not found"


def test_public_form_keeps_following_the_browser_language():
    seen = {}

    def remember(request):
        seen[request.path] = request.META.get("HTTP_ACCEPT_LANGUAGE")
        from django.http import HttpResponse

        return HttpResponse()

    middleware = DutchFirstLocaleMiddleware(remember)
    factory = RequestFactory()
    middleware(factory.get("/melden/gm0001", HTTP_ACCEPT_LANGUAGE="pl"))
    middleware(factory.get("/signalen/", HTTP_ACCEPT_LANGUAGE="pl"))
    assert seen == {"/melden/gm0001": "pl", "/signalen/": None}


def _po_entries():
    """(catalogue key, translations, flags) per entry of the English .po file, header excluded."""
    import re

    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.strip().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#") or line.startswith("#,")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        joined = "\n".join(line for line in lines if not line.startswith("#"))
        fields = {}
        for name, body in re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) ((?:".*"\n?)+)', joined + "\n", re.M):
            fields[name] = "".join(eval(part) for part in body.split("\n") if part)  # noqa: S307 (our own file)
        if fields.get("msgid"):
            key = f'{fields["msgctxt"]}\x04{fields["msgid"]}' if "msgctxt" in fields else fields["msgid"]
            entries.append((key, [v for k, v in fields.items() if k.startswith("msgstr")], flags))
    return entries


def test_every_english_message_is_translated_and_none_is_fuzzy():
    entries = _po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, strings, _ in entries if not all(strings)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []
    assert "fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n")[0]


def test_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    missing = [msgid for msgid, _, _ in _po_entries() if msgid not in catalogue._catalog
               and (msgid, 0) not in catalogue._catalog]
    assert missing == [], "run compilemessages: the .mo file is older than the .po file"
