"""Privacy pages: the access log for the privacy officer, file downloads, and break the glass.

Thin: parse, call a selector or service, render. Pages that are not for your role answer 404
(their existence is nobody else's business); a file or record that is not yours is 404 too.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.clock import AMSTERDAM, now

from . import selectors
from .audit import record_access
from . import emergency
from .files import download_name, file_owners, read_stored_file
from .forms import AccessLogFilterForm, BreakGlassForm
from .models import AccessAction, EmergencyAccess, StoredFile
from .naming import annotate_entries
from .permissions import permission_or_404

PAGE_SIZE = 50
LOG_RECORD_TYPE = "privacy.accesslogentry"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def _log_filter(request) -> tuple[AccessLogFilterForm, selectors.LogFilter]:
    form = AccessLogFilterForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.to_filter()
    return form, selectors.LogFilter()


@require_GET
@permission_or_404("privacy.view_access_log")
def access_log(request):
    form, log_filter = _log_filter(request)
    rows = selectors.search_access_log(request.user, log_filter).select_related("user")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Read before this search itself is logged; records and roles named in words (issue 12).
    page.object_list = annotate_entries(page.object_list)
    record_access(user=request.user, action=AccessAction.SEARCH, record_type=LOG_RECORD_TYPE,
                  detail=f"toegangslog: {log_filter.describe()}"[:200])
    keep = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    return _no_store(render(request, "privacy/access_log.html", {
        "form": form,
        "page": page,
        "page_query": urlencode(keep),
        "export_query": urlencode(keep),
    }))


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell that a spreadsheet would run as a formula is prefixed so it stays text.
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


@require_GET
@permission_or_404("privacy.export_access_log")
def access_log_export(request):
    form, log_filter = _log_filter(request)
    if request.GET and not form.is_valid():
        raise Http404
    rows = selectors.search_access_log(request.user, log_filter)
    count = rows.count()
    record_access(user=request.user, action=AccessAction.EXPORT, record_type=LOG_RECORD_TYPE,
                  detail=f"export {count} regels: {log_filter.describe()}"[:200])
    writer = csv.writer(_Echo(), delimiter=";")
    header = [_("tijdstip"), _("gebruikersnaam"), _("organisatie"), _("rol"), _("handeling"), _("soort gegeven"),
              _("gegeven"), _("reden"), _("toelichting"), _("gemarkeerd"), _("regel"), _("hash")]

    unsealed = _("nog niet verzegeld")  # the worker links the newest rows into the chain within a minute

    def lines():
        yield "\ufeff" + writer.writerow(header)  # the BOM lets spreadsheet programs read UTF-8
        for entry in rows.iterator(chunk_size=2000):
            yield writer.writerow([_csv_cell(value) for value in (
                entry.at.astimezone(AMSTERDAM).isoformat(timespec="seconds"), entry.username,
                entry.organisation_name, entry.role, entry.action, entry.record_type, entry.record_id,
                entry.reason, entry.detail, _("ja") if entry.flagged else _("nee"), entry.pk,
                entry.entry_hash or unsealed)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = now().astimezone(AMSTERDAM).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = content_disposition_header(True, f"toegangslog-{stamp}.csv")
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@require_GET
@login_required
def download(request, file_id):
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    if not file_owners.owner_visible(request.user, stored.owner_type, stored.owner_id):
        # Someone asked for a file of a record they may not see: the privacy officer should know.
        record_access(user=request.user, action=AccessAction.DENIED, record_type=stored.owner_type,
                      record_id=stored.owner_id, detail=f"bestand {stored.pk}: geen toegang")
        raise Http404
    data = read_stored_file(stored)
    record_access(user=request.user, action=AccessAction.DOWNLOAD, record_type=stored.owner_type,
                  record_id=stored.owner_id, detail=f"bestand {stored.pk}")
    response = HttpResponse(data, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download_name(stored))
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return _no_store(response)


@require_http_methods(["GET", "POST"])
@permission_or_404("privacy.break_glass")
def emergency_access(request, record_type: str, reference: str):
    """Ask for emergency access to one record by the reference users see.

    The page is the same whether or not a record with that reference exists, and a refusal for a
    record outside the user's region or role reads exactly like one for a reference that does not
    exist: nothing here tells what other regions hold.
    """
    kind = emergency.record_type(record_type)
    if kind is None:
        raise Http404
    reference = reference.strip()[:40]
    record = kind.find(reference)
    if record is not None and kind.model._default_manager.visible_to(request.user).filter(pk=record.pk).exists():
        return HttpResponseRedirect(record.get_absolute_url())  # in scope, or already granted
    form = BreakGlassForm(request.POST or None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        if record is None:
            record_access(user=request.user, action=AccessAction.DENIED, record_type=kind.label, flagged=True,
                          reason=form.cleaned_data["reason"], detail=f"noodtoegang: onbekend kenmerk {reference}"[:200])
            refusal = emergency.refusal_message(kind)
        else:
            try:
                grant = emergency.break_glass(user=request.user, record=record, reason=form.cleaned_data["reason"])
            except emergency.BreakGlassRefused as error:
                refusal = str(error)
            else:
                until = formats.time_format(grant.expires_at.astimezone(AMSTERDAM), "H:i")
                messages.warning(request, _("Noodtoegang geregistreerd tot %(until)s. De privacyfunctionaris van uw "
                                            "organisatie en die van de eigenaar van het gegeven zijn hierover "
                                            "geïnformeerd.") % {"until": until})
                return HttpResponseRedirect(record.get_absolute_url())
    return _no_store(render(request, "privacy/emergency_access.html", {
        "form": form,
        "noun": kind.noun,
        "reference": reference,
        "refusal": refusal,
        "show_errors": request.method == "POST",
    }, status=400 if request.method == "POST" else 200))


@require_POST
@permission_or_404("privacy.break_glass")
def emergency_access_end(request, grant_id: int):
    grant = EmergencyAccess.objects.filter(pk=grant_id, user=request.user).first()
    if grant is None:
        raise Http404
    try:
        emergency.end_grant(actor=request.user, grant=grant)
    except emergency.BreakGlassRefused as error:
        messages.info(request, str(error))
    else:
        messages.success(request, _("De noodtoegang is beëindigd."))
    return HttpResponseRedirect(reverse("web:home"))


def emergency_offer(request, record_type: str, reference: str):
    """The 404 page of a record a user with a break-the-glass role meets but may not open.

    The same answer whether or not the record exists; it offers emergency access by reference.
    """
    kind = emergency.record_type(record_type)
    return _no_store(render(request, "privacy/emergency_offer.html", {
        "noun": kind.noun if kind else "",
        "reference": reference,
        "emergency_url": reverse("privacy:emergency_access", kwargs={"record_type": record_type,
                                                                     "reference": reference}),
    }, status=404))
