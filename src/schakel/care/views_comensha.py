"""The CoMensha registration page: a preview of exactly what would be sent, the export, the files."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import get_visible_or_404, scope_for
from schakel.clock import today
from schakel.organisations.models import Region
from schakel.privacy.audit import record_access

from . import forms
from . import permissions  # noqa: F401
from .models import ComenshaExport
from .services import CareError
from .services import comensha as service

FORMATS = ("csv", "xlsx", "htcds")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region(request) -> Region | None:
    regions = sorted(scope_for(request.user).regions_for(Role.CARE_COORDINATOR))
    return Region.objects.filter(pk=regions[0]).first() if regions else None


@require_http_methods(["GET", "POST"])
@permission_required("care.work_on_cases")
def comensha(request):
    region = _region(request)
    if region is None:
        raise PermissionDenied
    day = today()
    data = request.POST if request.method == "POST" else (request.GET or None)
    default = {"period_from": datetime.date(day.year, 1, 1), "period_until": day}
    form = forms.ComenshaForm(data, initial=default) if data is not None else forms.ComenshaForm(initial=default)
    result, status = None, 200
    if data is not None and form.is_valid():
        period = {"period_from": form.cleaned_data["period_from"], "period_until": form.cleaned_data["period_until"]}
        try:
            if request.method == "POST":
                batch = service.export(actor=request.user, region=region, **period)
                messages.success(request, _("%(count)s cliënten zijn als gemeld gemarkeerd. Download het bestand en "
                                            "stuur het naar CoMensha.") % {"count": batch.included})
                return HttpResponseRedirect(reverse("care:comensha") + f"#export-{batch.pk}")
            result = service.preview(region=region, on=day, **period)
            record_access(user=request.user, action="view", record_type="care.comensharecord",
                          reason="zorg: voorbeeld CoMensha-registratie")
        except CareError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
            status = 400
    elif data is not None:
        status = 400
    exports = list(ComenshaExport.objects.visible_to(request.user, include_emergency=False)[:20])
    return render(request, "care/comensha.html", {
        "form": form, "result": result, "exports": exports, "labels": service.EXCLUSION_LABELS,
        "columns": service.COLUMNS}, status=status)


@require_GET
@permission_required("care.work_on_cases")
def comensha_download(request, pk: int, fmt: str):
    batch = get_visible_or_404(ComenshaExport.objects.select_related("region"), request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    header, rows = service.htcds_table(batch) if fmt == "htcds" else service.table(batch)
    stem = f"comensha-{batch.region.slug}-{batch.period_from:%Y%m%d}-{batch.period_until:%Y%m%d}"
    if fmt == "xlsx":
        content = service.xlsx_bytes(header, rows, note=service.exclusion_note(batch))
        response = HttpResponse(content, content_type=XLSX)
        filename = f"{stem}.xlsx"
    else:
        response = HttpResponse(service.csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
        filename = f"{stem}{'-htcds' if fmt == 'htcds' else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_access(user=request.user, action="download", record=batch, reason=f"zorg: CoMensha-registratie ({fmt})")
    return response
