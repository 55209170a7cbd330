"""Shelter capacity per provider of the region, next to the placements running today (care coordinator)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from . import capacity, forms
from . import permissions  # noqa: F401
from .services import CareError


@require_http_methods(["GET", "POST"])
@permission_required("care.work_on_cases")
def shelter_capacity(request):
    providers = capacity.own_providers(request.user)
    form = forms.CapacityForm(request.POST if request.method == "POST" else None, providers=providers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                capacity.set_capacity(actor=request.user, provider=data["provider"], places=data["places"],
                                      note=data.get("note", ""))
            except CareError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("De capaciteit van %(provider)s is vastgelegd.")
                                 % {"provider": data["provider"].name})
                return HttpResponseRedirect(reverse("care:capacity"))
        status = 400
    return render(request, "care/capacity.html", {
        "loads": capacity.provider_loads(request.user, on=today()), "form": form}, status=status)
