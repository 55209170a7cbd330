"""The inbox's cheap rendering prints exactly what Django's widgets and filters printed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import engines
from django.utils import translation

from schakel.signalling.forms_triage import InboxForm

SELECTS = ("form", "sector", "channel", "status", "sort")


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _by_widget(field) -> str:
    return engines["django"].from_string(
        '{% include "signalling/triage/_field.html" with field=f hide_optional=True %}').render({"f": field})


def _by_loop(field) -> str:
    return engines["django"].from_string(
        '{% include "signalling/triage/_select.html" with field=f %}').render({"f": field})


@pytest.mark.parametrize("form", [
    InboxForm(),
    InboxForm(initial={"sort": "received"}),
    InboxForm({"tab": "open", "form": "labour", "sector": "beauty", "channel": "public", "status": "received",
               "sort": "deadline"}),
    InboxForm({"form": "geen-vorm", "sort": "onbekend", "status": ""}),  # invalid choices: errors
], ids=["unbound", "initial", "bound", "invalid"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_select_written_by_one_loop_equals_djangos_select_widget(form, language):
    form.is_valid() if form.is_bound else None
    with translation.override(language):
        for name in SELECTS:
            assert _compact(_by_loop(form[name])) == _compact(_by_widget(form[name])), name


@pytest.mark.django_db
def test_inbox_rows_print_dates_labels_and_links_as_the_template_filters_did(world, login, time_machine):
    from .triage_factories import SignalFactory

    time_machine.move_to(datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc), tick=False)
    SignalFactory(municipality=world.a1, reference="2026-000042", acute_danger=True,
                  received_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.timezone.utc))

    page = _compact(login(world.user("focal_officer")).get("/signalen/").content.decode())

    assert '<a class="utrecht-link" href="/signalen/2026-000042/">2026-000042</a><strong>acuut</strong>' in page
    # Received on Monday 23:30 UTC = Tuesday 00:30 in Amsterdam.
    assert '<time datetime="2026-03-03T00:30:00+01:00">3 Mrt 2026 00:30</time>' in page
    assert '<span class="schakel-deadline schakel-deadline--on_time">Op tijd</span>' \
           '<time datetime="2026-03-09">9 Mrt 2026</time>' in page
    assert "<span>niemand</span>" in page
    assert "Medewerkersformulier" in page and "Arbeidsuitbuiting" in page and "Ontvangen" in page
