"""The care coordinator's pages: caseload, opening a case, one case with everything that happens in it.

Thin: parse the input, call a selector or a service, render. Not for your role: 403
(permission_required); a case outside your region: 404 (tenancy). Every view of a case is logged.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.accounts.permissions import permission_required
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import today
from schakel.privacy.audit import record_access

from . import forms, selectors
from . import permissions  # noqa: F401  (registers the permissions used below)
from .case_actions import ACTIONS, initial_forms
from .models import CaseEvent, CloseReason
from .services import CareError, StaleCase
from .services.cases import open_case


def _regions(request):
    return scope_for(request.user).regions_for(Role.CARE_COORDINATOR)


@require_GET
@permission_required("care.work_on_cases")
def caseload(request):
    form = forms.CaseloadForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.CaseloadFilters()
    day = today()
    page = selectors.caseload(request.user, filters=filters, today=day, page_number=request.GET.get("pagina") or 1)
    if filters.query.strip():
        record_access(user=request.user, action="search", record_type="care.carecase", reason="zorg: caseload gezocht")
    keep = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    return render(request, "care/caseload.html", {
        "form": form if request.GET else forms.CaseloadForm(initial={"status": "open", "sortering": filters.sort}),
        "filters": filters, "page": page, "page_query": urlencode(keep),
        "figures": selectors.month_figures(request.user, today=day),
    })


@require_http_methods(["GET", "POST"])
@permission_required("care.work_on_cases")
def case_new(request):
    regions = _regions(request)
    if request.method == "POST":
        form = forms.CaseForm(request.POST, region_ids=regions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = open_case(actor=request.user, client=form.client_data(), municipality=data["municipality"],
                                 municipality_basis=data["municipality_basis"], referrer=data["referrer"],
                                 submission=data.get("submission") or None, opened_on=data["opened_on"])
            except CareError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("Zorgtraject %(number)s is geopend.") % {"number": case.client_number})
                return HttpResponseRedirect(case.get_absolute_url())
        status = 400
    else:
        form = forms.CaseForm(region_ids=regions, initial={"opened_on": today()})
        status = 200
    return render(request, "care/case_new.html", {"form": form}, status=status)


def render_case(request, case, *, bound: dict | None = None, error: str = "", status: int = 200):
    record_access(user=request.user, action="view", record=case, reason="zorg: zorgtraject bekeken")
    regions = _regions(request)
    built = initial_forms(case, region_ids=regions)
    if bound:
        built.update(bound)
    reflection = getattr(case, "reflection", None)
    context = {
        "case": case,
        "forms": built,
        "needs": selectors.needs_overview(case),
        "open_needs": selectors.open_needs_count(case),
        "placements": list(case.placements.select_related("provider")),
        "reflection": reflection,
        "reflection_state": selectors.deadline_state(reflection.effective_end, today())
        if reflection is not None and reflection.is_running else "none",
        "consents": list(case.consents.select_related("organisation")),
        "referrals": list(case.referrals.select_related("organisation")),
        "contacts": list(case.contacts.select_related("recorded_by")[:50]),
        "events": list(CaseEvent.objects.filter(case=case).select_related("actor")[:50]),
        "comensha_record": getattr(case, "comensha_record", None),
        "error": error,
        "transferred": case.close_reason == CloseReason.TRANSFERRED,
    }
    return render(request, "care/case_detail.html", context, status=status)


@require_GET
@permission_required("care.work_on_cases")
def case_detail(request, number: str):
    case = selectors.case_for_coordinator(request.user, number)
    return render_case(request, case)


@require_POST
@permission_required("care.work_on_cases")
def case_action(request, number: str, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    case = selectors.case_for_coordinator(request.user, number)
    form = handler.form_class(request.POST, prefix=handler.prefix, **handler.form_kwargs(case, _regions(request)))
    if form.is_valid():
        try:
            message = handler.run(request.user, case, form)
        except StaleCase as refused:
            # Refused, not overwritten: the current data with the typed input kept (and the new version).
            current = selectors.case_for_coordinator(request.user, number)
            data = request.POST.copy()
            data[f"{handler.prefix}-version"] = str(current.version)
            kept = handler.form_class(data, prefix=handler.prefix, **handler.form_kwargs(current, _regions(request)))
            kept.is_valid()
            return render_case(request, current, bound={handler.prefix: kept}, error=str(refused.message),
                               status=409)
        except CareError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, str(error.message))
                return render_case(request, case, bound={handler.prefix: form}, status=400)
            return render_case(request, case, bound={handler.prefix: form}, error=str(error.message), status=400)
        messages.success(request, message)
        return HttpResponseRedirect(case.get_absolute_url() + f"#{handler.anchor}")
    return render_case(request, case, bound={handler.prefix: form}, status=400)
