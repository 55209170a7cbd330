"""The trainings page: coverage of the front-line departments per municipality, and recording one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from .. import selectors
from ..forms.trainings import TrainingForm
from ..services import PolicyError
from ..services import trainings as service


@require_GET
@permission_required("policy.use")
def training_list(request):
    day = today()
    municipalities = list(selectors.municipalities(request.user).select_related("region_membership"))
    coverages = []
    for coverage in service.coverages(municipalities, day):
        coverages.append({"municipality": coverage.municipality, "months": coverage.months, "cells": coverage.cells,
                          "covered_count": coverage.covered(day),
                          "rows": [{"cell": c, "status": c.status(day)} for c in coverage.cells]})
    page = Paginator(selectors.trainings(request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "policy/training_list.html", {"coverages": coverages, "page": page, "today": day})


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def training_create(request):
    municipalities = list(selectors.municipalities(request.user))
    form = TrainingForm(request.POST or None, municipalities=municipalities,
                        initial={"held_on": today(), "municipality": municipalities[0].pk if municipalities else None})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "provider", "provider_name", "kind", "held_on")}
        municipality = next(m for m in municipalities if m.pk == form.cleaned_data["municipality"])
        try:
            service.record_training(actor=request.user, municipality=municipality, data=data, counts=form.counts())
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De training is vastgelegd."))
            return HttpResponseRedirect(reverse("policy:training-list"))
    return render(request, "policy/training_form.html", {"form": form, "has_municipalities": bool(municipalities)},
                  status=400 if request.method == "POST" else 200)
