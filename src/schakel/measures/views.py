"""The measures pages: the municipality's overview and list, recording, one measure, changing it.

Thin: parse, call a selector or service, render. Not for your role: 403; a measure that is not
yours (another municipality, or a Bibob measure you are not on): 404. Every read is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import get_visible_or_404, scope_for
from schakel.clock import today
from schakel.organisations.models import Municipality
from schakel.privacy.audit import record_access
from schakel.signalling.models import Signal

from . import forms, selectors
from . import permissions  # noqa: F401  (registers the permissions used below)
from .catalogue import get_type
from .errors import MeasureError, StaleMeasure
from .models import Measure
from .people import people_of
from .presenters import detail_context
from .services import measures as service


@require_GET
@permission_required("measures.work_on_measures")
def index(request):
    form = forms.ListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ListFilters(type_key=data.get("soort") or "", status=data.get("status") or "",
                                    sort=data.get("sorteren") or "started")
    page = selectors.measures_page(user=request.user, filters=filters, page_number=request.GET.get("pagina") or 1)
    municipality_ids = sorted(scope_for(request.user).municipalities_for(Role.FOCAL_OFFICER))
    keep = "&".join(f"{key}={value}" for key, value in request.GET.items() if key != "pagina" and value)
    return render(request, "measures/index.html", {
        "form": form, "page": page, "keep": keep,
        "open_grid": selectors.open_by_type_and_status(municipality_ids),
        "years": selectors.counts_per_year(municipality_ids),
        "due": selectors.open_steps(user=request.user, today=today(), limit=10),
        "today": today(),
    })


def _municipality_for_new(request, signal, parent) -> Municipality:
    if signal is not None:
        return signal.municipality
    if parent is not None:
        return parent.municipality
    ids = sorted(scope_for(request.user).municipalities_for(Role.FOCAL_OFFICER))
    wanted = request.GET.get("gemeente") or request.POST.get("gemeente")
    if wanted and wanted.isdigit() and int(wanted) in ids:
        return Municipality.objects.get(pk=int(wanted))
    return Municipality.objects.filter(pk__in=ids).order_by("name").first()


@require_http_methods(["GET", "POST"])
@permission_required("measures.work_on_measures")
def create(request):
    """Step 1: choose a type; step 2: the type's form. From a signal (?signaal=), a measure (?vervolg=) or on its own."""
    signal = parent = None
    if reference := request.GET.get("signaal"):
        signal = get_visible_or_404(Signal.objects, request.user, reference=reference)
    if reference := request.GET.get("vervolg"):
        parent = get_visible_or_404(Measure.objects, request.user, reference=reference)
    municipality = _municipality_for_new(request, signal, parent)
    if municipality is None:
        raise Http404
    kind = get_type(request.GET.get("soort", ""))
    if kind is None or kind.route_start:
        return render(request, "measures/choose_type.html", {
            "form": forms.TypeChoiceForm(), "signal": signal, "parent": parent, "municipality": municipality,
            "municipalities": Municipality.objects.filter(
                pk__in=scope_for(request.user).municipalities_for(Role.FOCAL_OFFICER)).order_by("name")})
    people = people_of(municipality.pk)
    form = forms.MeasureForm(request.POST or None, kind=kind, people=people, with_subjects=True,
                             initial={"started_on": today(), "responsible": request.user.pk})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            measure = service.create_measure(
                actor=request.user, municipality=municipality, type_key=kind.key,
                legal_basis=form.cleaned_data["legal_basis"], started_on=form.cleaned_data["started_on"],
                details=form.details(), description=form.cleaned_data["description"],
                department=form.cleaned_data["department"], responsible=form.cleaned_data["responsible"],
                signal=signal, parent=parent, subjects=form.subjects(),
                form_token=form.cleaned_data["form_token"])
        except MeasureError as refused:
            form.add_service_errors(refused.errors)
            error = refused.message
        else:
            messages.success(request, _("Maatregel %(reference)s is vastgelegd.") % {"reference": measure.reference})
            return HttpResponseRedirect(measure.get_absolute_url())
    elif request.method == "POST":
        error = _("De maatregel is niet opgeslagen: controleer de gemarkeerde velden.")
    return render(request, "measures/form.html", {
        "form": form, "kind": kind, "signal": signal, "parent": parent, "municipality": municipality,
        "error": error, "creating": True}, status=400 if error else 200)


@require_GET
@permission_required("measures.edit_measure")
def detail(request, reference: str):
    measure = get_visible_or_404(Measure.objects.select_related("municipality", "signal", "responsible", "parent"),
                                 request.user, reference=reference)
    record_access(user=request.user, action="view", record=measure,
                  reason="Bibob-maatregel gelezen (art. 28 Wet Bibob)" if measure.secret else "maatregel bekeken")
    return render(request, "measures/detail.html", detail_context(request, measure))


@require_http_methods(["GET", "POST"])
@permission_required("measures.edit_measure")
def edit(request, reference: str):
    measure = get_visible_or_404(Measure.objects, request.user, reference=reference)
    people = people_of(measure.municipality_id)
    kind = measure.kind
    form = forms.MeasureForm(request.POST or None, kind=kind, people=people,
                             initial=forms.MeasureForm.initial_from(measure))
    error, status = "", 200
    if request.method == "GET":
        record_access(user=request.user, action="view", record=measure, reason="maatregel: wijzigen geopend")
    elif form.is_valid():
        try:
            service.update_measure(
                actor=request.user, measure=measure, expected_version=form.cleaned_data["version"] or 0,
                legal_basis=form.cleaned_data["legal_basis"], started_on=form.cleaned_data["started_on"],
                details=form.details(), description=form.cleaned_data["description"],
                department=form.cleaned_data["department"], responsible=form.cleaned_data["responsible"])
        except StaleMeasure as refused:
            current = Measure.objects.get(pk=measure.pk)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = forms.MeasureForm(data, kind=kind, people=people)
            form.is_valid()
            error, status = refused.message, 409
        except MeasureError as refused:
            form.add_service_errors(refused.errors)
            error, status = refused.message, 400
        else:
            messages.success(request, _("De maatregel is bijgewerkt."))
            return HttpResponseRedirect(measure.get_absolute_url())
    else:
        error, status = _("De wijziging is niet opgeslagen: controleer de gemarkeerde velden."), 400
    return render(request, "measures/form.html", {"form": form, "kind": kind, "measure": measure,
                                                  "municipality": measure.municipality, "error": error},
                  status=status)
