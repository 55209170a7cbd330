"""The overview for a data subject as an accessible PDF (weasyprint, PDF/UA-1), beside the JSON.

The same records and withheld parts as the overview page and the JSON export: what was recorded
about the person, and per record what was withheld and why. No base URL: the document loads
nothing from anywhere; the fonts are the system's DejaVu, embedded.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from schakel.clock import AMSTERDAM, now

from .models import DataSubjectRequest
from .subject_requests import SubjectRecord

STYLESHEET = "privacy/subject-export-pdf.css"


def export_html(*, request: DataSubjectRequest, records: list[SubjectRecord]) -> str:
    return render_to_string("privacy/requests/export_pdf.html", {
        "item": request, "records": records, "made_on": now().astimezone(AMSTERDAM).date()})


def export_pdf(*, request: DataSubjectRequest, records: list[SubjectRecord]) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=export_html(request=request, records=records)).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
