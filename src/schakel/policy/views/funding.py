"""The funding calculator pages: the schemes of the user's regions, one table, its .xlsx."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from .. import exports, selectors
from ..forms.funding import FundingSchemeForm
from ..services import PolicyError, VersionConflict
from ..services import funding as service
from ..spreadsheets import XLSX_CONTENT_TYPE


def _reference_dates(regions) -> list:
    dates = set()
    for region in regions:
        dates |= set(service.reference_dates(region))
    return sorted(dates, reverse=True)


@require_GET
@permission_required("policy.use")
def funding_list(request):
    schemes = list(selectors.funding_schemes(request.user))
    return render(request, "policy/funding_list.html", {"schemes": schemes,
                                                        "regions": list(selectors.regions(request.user))})


def _scheme_or_404(request, pk: int):
    scheme = selectors.funding_schemes(request.user).filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def funding_edit(request, pk: int | None = None):
    scheme = _scheme_or_404(request, pk) if pk else None
    regions = list(selectors.regions(request.user))
    dates = _reference_dates(regions)
    initial = {}
    if scheme:
        initial = {f: getattr(scheme, f) for f in service.FIELDS}
        initial.update(region=scheme.region_id, version=scheme.version)
    elif regions:
        year = today().year
        initial = {"region": regions[0].pk, "reference_date": dates[0] if dates else None, "year": year,
                   "period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31)}
    form = FundingSchemeForm(request.POST or None, initial=initial, regions=regions, reference_dates=dates)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = next(r for r in regions if r.pk == data.pop("region"))
        version = data.pop("version")
        try:
            saved = service.save_scheme(actor=request.user, region=region, data=data, scheme=scheme,
                                        version=version)
        except VersionConflict as exc:
            error = str(exc)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De regeling is opgeslagen."))
            return HttpResponseRedirect(reverse("policy:funding-detail", args=[saved.pk]))
    return render(request, "policy/funding_form.html", {"form": form, "scheme": scheme, "error": error,
                                                        "regions": regions},
                  status=400 if request.method == "POST" else 200)


@require_GET
@permission_required("policy.use")
def funding_detail(request, pk: int):
    scheme = _scheme_or_404(request, pk)
    table, error = None, ""
    try:
        table = service.compute(scheme)
    except PolicyError as exc:
        error = str(exc)
    return render(request, "policy/funding_detail.html", {"scheme": scheme, "table": table, "error": error})


@require_GET
@permission_required("policy.use")
def funding_export(request, pk: int):
    scheme = _scheme_or_404(request, pk)
    try:
        table = service.compute(scheme)
    except PolicyError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("policy:funding-detail", args=[scheme.pk]))
    response = HttpResponse(exports.funding_xlsx(table), content_type=XLSX_CONTENT_TYPE)
    name = f"financiering-zorgcoordinatie-{scheme.year}-{scheme.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
