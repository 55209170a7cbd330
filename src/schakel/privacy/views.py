"""Privacy pages: the access log for the privacy officer, file downloads, and break the glass.

Thin: parse, call a selector or service, render. Pages that are not for your role answer 404
(their existence is nobody else's business); a file or record that is not yours is 404 too.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.tenancy import TenantQuerySet
from schakel.clock import AMSTERDAM, now

from . import selectors
from .audit import record_access
from .emergency import break_glass as grant_emergency_access
from .files import download_name, file_owners, read_stored_file
from .forms import AccessLogFilterForm, BreakGlassForm
from .models import AccessAction, StoredFile
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
    page.object_list = list(page.object_list)  # read before this search itself is logged
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


def _emergency_model(record_type: str):
    """The model behind a record type label, if it is a tenancy-scoped record with its own page."""
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return None
    if not isinstance(model._default_manager.all(), TenantQuerySet) or not hasattr(model, "get_absolute_url"):
        return None
    return model


@require_http_methods(["GET", "POST"])
@permission_or_404("privacy.break_glass")
def emergency_access(request, record_type: str, record_id: str):
    model = _emergency_model(record_type)
    if model is None:
        raise Http404
    try:
        record = model._base_manager.filter(pk=record_id).first()
    except (ValueError, TypeError, ValidationError):
        record = None
    if record is None:
        raise Http404
    if model._default_manager.visible_to(request.user).filter(pk=record.pk).exists():
        return HttpResponseRedirect(record.get_absolute_url())  # in scope, or already granted
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = grant_emergency_access(user=request.user, record=record, reason=form.cleaned_data["reason"])
        until = formats.time_format(grant.expires_at.astimezone(AMSTERDAM), "H:i")
        messages.warning(request, _("Noodtoegang geregistreerd tot %(until)s. De privacyfunctionaris is hierover "
                                    "geïnformeerd.") % {"until": until})
        return HttpResponseRedirect(record.get_absolute_url())
    return _no_store(render(request, "privacy/emergency_access.html", {
        "form": form,
        "record_label": model._meta.verbose_name,
        "record_id": record.pk,
        "show_errors": request.method == "POST",
    }, status=400 if request.method == "POST" else 200))
