"""Self-assessment pages: the regional matrix, recording an assessment, one assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from .. import selectors
from ..forms.assessments import AssessmentForm
from ..services import PolicyError
from ..services import assessments as service


@require_GET
@permission_required("policy.use")
def assessment_matrix(request):
    municipalities = list(selectors.region_municipalities(request.user))
    if not municipalities:
        municipalities = list(selectors.municipalities(request.user))
    components, rows = service.matrix(municipalities)
    own = {m.pk for m in selectors.municipalities(request.user)}
    return render(request, "policy/assessment_matrix.html", {
        "components": components, "rows": rows, "own": own,
        "assessments": selectors.assessments(request.user).order_by("-assessed_on")[:50],
    })


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def assessment_create(request):
    municipalities = list(selectors.municipalities(request.user))
    components = service.components()
    chosen = request.GET.get("gemeente")
    initial = {"assessed_on": today(),
               "municipality": int(chosen) if chosen and chosen.isdigit() else
               (municipalities[0].pk if municipalities else None)}
    form = AssessmentForm(request.POST or None, municipalities=municipalities, components=components, initial=initial)
    if request.method == "POST" and form.is_valid():
        municipality = next(m for m in municipalities if m.pk == form.cleaned_data["municipality"])
        try:
            assessment = service.record_assessment(
                actor=request.user, municipality=municipality, assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"], scores=form.scores())
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De zelfevaluatie is vastgelegd."))
            return HttpResponseRedirect(reverse("policy:assessment-detail", args=[assessment.pk]))
    return render(request, "policy/assessment_form.html", {"form": form, "has_municipalities": bool(municipalities)},
                  status=400 if request.method == "POST" else 200)


@require_GET
@permission_required("policy.use")
def assessment_detail(request, pk: int):
    assessment = selectors.assessments(request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    scores = assessment.scores.select_related("component")
    return render(request, "policy/assessment_detail.html", {"assessment": assessment, "scores": scores})
