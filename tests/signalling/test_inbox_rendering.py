"""The inbox's cheap rendering prints exactly what Django's widgets, filters and templates printed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import engines
from django.utils import translation

from schakel.signalling.forms_triage import InboxForm
from schakel.signalling.templatetags.inbox_display import inbox_field

SELECTS = ("form", "sector", "channel", "status", "sort")
INPUTS = ("q", "received_from", "received_until")


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _by_widget(field) -> str:
    return engines["django"].from_string(
        '{% include "web/_field.html" with field=f hide_optional=True %}').render({"f": field})


def _in_python(field) -> str:
    return str(inbox_field(field))


@pytest.mark.parametrize("form", [
    InboxForm(),
    InboxForm(initial={"sort": "received"}),
    InboxForm({"tab": "open", "form": "labour", "sector": "beauty", "channel": "public", "status": "received",
               "sort": "deadline"}),
    InboxForm({"form": "geen-vorm", "sort": "onbekend", "status": ""}),  # invalid choices: errors
    InboxForm({"q": '06 "12" <b>', "received_from": "2026-03-01", "received_until": "2026-02-01"}),  # until < from
    InboxForm({"q": "x" * 201, "received_from": "1-3-2026", "received_until": "geen datum"}),  # too long, bad dates
], ids=["unbound", "initial", "bound", "invalid", "dates", "invalid-inputs"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_filter_field_written_in_python_equals_djangos_widget_in_the_field_template(form, language):
    form.is_valid() if form.is_bound else None
    with translation.override(language):
        for name in SELECTS + INPUTS:
            assert _compact(_in_python(form[name])) == _compact(_by_widget(form[name])), name


def test_a_typed_search_is_escaped_in_the_search_box():
    form = InboxForm({"q": '"><script>alert(1)</script>'})
    form.is_valid()

    html = _in_python(form["q"])

    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


@pytest.mark.django_db
def test_inbox_rows_print_dates_labels_and_links_as_the_template_filters_did(world, login, time_machine):
    from .triage_factories import SignalFactory

    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc), tick=False)
    SignalFactory(municipality=world.a1, reference="2026-000042", acute_danger=True,
                  received_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.timezone.utc))

    page = _compact(login(world.user("focal_officer")).get("/signalen/").content.decode())

    assert '<a class="utrecht-link" href="/signalen/2026-000042/">2026-000042</a><strong>acuut</strong>' in page
    # Received on Monday 23:30 UTC = Tuesday 00:30 in Amsterdam.
    assert '<time datetime="2026-03-03T00:30:00+01:00">3 mrt. 2026 00:30</time>' in page
    assert '<span class="schakel-deadline schakel-deadline--on_time">Op tijd</span>' \
           '<time datetime="2026-03-09">9 mrt. 2026</time>' in page
    assert "<span>niemand</span>" in page
    assert "Medewerkersformulier" in page and "Arbeidsuitbuiting" in page and "Ontvangen" in page


@pytest.mark.django_db
def test_inbox_rows_escape_names_and_show_flags(world, login, time_machine):
    from .triage_factories import SignalFactory

    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc), tick=False)
    officer = world.user("focal_officer")
    officer.first_name, officer.last_name = "<b>Jan</b>", "& Co"
    officer.save()
    SignalFactory(municipality=world.a1, reference="2026-000043", assigned_to=officer, waiting_for_reporter=True,
                  status="in_triage",
                  first_reaction_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.timezone.utc),
                  triage_due=datetime.date(2026, 3, 3))

    page = _compact(login(officer).get("/signalen/").content.decode())

    assert '2026-000043</a><span class="schakel-status">wacht op melder</span></td>' in page
    assert "&lt;b&gt;Jan&lt;/b&gt; &amp; Co" in page and "<b>Jan</b>" not in page
    assert '<span class="schakel-deadline schakel-deadline--overdue">Te laat</span>' \
           '<time datetime="2026-03-03">3 mrt. 2026</time>' in page


@pytest.mark.django_db
def test_inbox_rows_follow_the_language_of_each_request(world, login, time_machine):
    from .triage_factories import SignalFactory

    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc), tick=False)
    SignalFactory(municipality=world.a1, reference="2026-000044", forms=["labour"])
    client = login(world.user("focal_officer"))

    pages = []
    for language in ("nl", "en", "nl"):
        client.cookies["django_language"] = language
        page = _compact(client.get("/signalen/").content.decode())
        pages.append(page[page.index("<tbody"):page.index("</tbody>")])

    assert "Arbeidsuitbuiting" in pages[0] and ">Op tijd<" in pages[0]
    assert "Labour exploitation" in pages[1] and ">On time<" in pages[1] and "Arbeidsuitbuiting" not in pages[1]
    assert pages[2] == pages[0]
