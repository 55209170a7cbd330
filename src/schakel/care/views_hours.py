"""Caseload and hours: per month the region's open cases, new cases and contact time against the
contracted hours (the care coordinator and the chain director; counts only). The chain director
records a new contract. Not for your role: 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.accounts.permissions import has_permission, permission_required
from schakel.clock import today

from . import forms, hours
from . import permissions  # noqa: F401
from .models import ContractedHours
from .services import CareError


@require_http_methods(["GET", "POST"])
@permission_required("care.see_caseload_hours")
def caseload_hours(request):
    may_set = has_permission(request.user, "care.set_contracted_hours")
    regions = hours.regions_for(request.user)
    day = today()
    form, status = None, 200
    if may_set:
        initial = {"valid_from": day, "region": regions.first()}
        form = forms.ContractedHoursForm(request.POST if request.method == "POST" else None, regions=regions,
                                         initial=initial)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied  # seeing the figures does not include changing the contract
        if form.is_valid():
            data = form.cleaned_data
            try:
                hours.record_contracted_hours(actor=request.user, region=data["region"],
                                              hours_per_week=data["hours_per_week"],
                                              valid_from=data["valid_from"], note=data.get("note", ""))
            except CareError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("De gecontracteerde uren zijn vastgelegd."))
                return HttpResponseRedirect(reverse("care:hours"))
        status = 400
    blocks = [{"region": region, "months": hours.region_months(region, today=day),
               "contracts": list(ContractedHours.objects.filter(region=region)[:10])} for region in regions]
    return render(request, "care/hours.html", {"blocks": blocks, "form": form, "may_set": may_set}, status=status)
