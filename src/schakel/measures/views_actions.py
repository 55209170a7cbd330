"""The changes on a measure's page: status, a step done, a person named, an address or company, a document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.permissions import permission_required
from schakel.accounts.tenancy import get_visible_or_404

from . import forms
from .errors import MeasureError, StaleMeasure
from .models import Measure, MeasureStatus
from .people import people_of
from .presenters import detail_context
from .services import measures as service
from .services import subjects as parts

INVALID = _("Controleer de invoer: niet alles is goed ingevuld.")


def _measure(request, reference: str) -> Measure:
    return get_visible_or_404(Measure.objects.select_related("municipality", "signal", "responsible"),
                              request.user, reference=reference)


def _again(request, measure, *, key: str, form, error: str, status: int = 400):
    return render(request, "measures/detail.html", detail_context(request, measure, bound={key: form}, error=error),
                  status=status)


def _done(request, measure, message: str):
    messages.success(request, message)
    return HttpResponseRedirect(measure.get_absolute_url())


@require_POST
@permission_required("measures.edit_measure")
def change_status(request, reference: str, target: str):
    measure = _measure(request, reference)
    if target not in MeasureStatus.values:
        raise Http404
    key = f"status_{target}"
    form = forms.StatusForm(request.POST, kind=measure.kind, prefix=key)
    if not form.is_valid():
        return _again(request, measure, key=key, form=form, error=INVALID)
    data = form.cleaned_data
    try:
        service.change_status(actor=request.user, measure=measure, target=target, expected_version=data["version"],
                              outcome=data["outcome"], outcome_text=data["outcome_text"], reason=data["reason"],
                              ended_on=data["ended_on"])
    except StaleMeasure as refused:
        current = Measure.objects.get(pk=measure.pk)
        kept = request.POST.copy()
        kept[f"{key}-version"] = str(current.version)
        form = forms.StatusForm(kept, kind=measure.kind, prefix=key)
        form.is_valid()
        return _again(request, current, key=key, form=form, error=refused.message, status=409)
    except MeasureError as refused:
        for field, texts in refused.errors.items():
            form.add_error(field if field in form.fields else None, texts)
        return _again(request, measure, key=key, form=form, error=refused.message)
    return _done(request, measure, _("De status is gewijzigd naar ‘%(status)s’.") % {
        "status": MeasureStatus(target).label})


@require_POST
@permission_required("measures.edit_measure")
def complete_step(request, reference: str, step: str):
    measure = _measure(request, reference)
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        return _again(request, measure, key="step", form=form, error=INVALID)
    try:
        parts.complete_step(actor=request.user, measure=measure, step_key=step, done_on=form.cleaned_data["done_on"])
    except MeasureError as refused:
        return _again(request, measure, key="step", form=form, error=refused.message)
    return _done(request, measure, _("De stap is gedaan."))


@require_POST
@permission_required("measures.edit_measure")
def add_person(request, reference: str):
    measure = _measure(request, reference)
    form = forms.PersonForm(request.POST, people=people_of(measure.municipality_id))
    if not form.is_valid():
        return _again(request, measure, key="person", form=form, error=INVALID)
    try:
        parts.add_person(actor=request.user, measure=measure, user=form.cleaned_data["user"],
                         function=form.cleaned_data["function"])
    except MeasureError as refused:
        return _again(request, measure, key="person", form=form, error=refused.message)
    return _done(request, measure, _("De medewerker staat nu op de maatregel."))


@require_POST
@permission_required("measures.edit_measure")
def add_subject(request, reference: str):
    measure = _measure(request, reference)
    form = forms.SubjectForm(request.POST)
    if not form.is_valid():
        return _again(request, measure, key="subject", form=form, error=INVALID)
    try:
        row = parts.add_subject(actor=request.user, measure=measure, item=form.cleaned_data)
    except MeasureError as refused:
        form.add_error(None, refused.message)
        return _again(request, measure, key="subject", form=form, error=refused.message)
    if row.unparsed:
        messages.warning(request, _("Opgeslagen zoals getypt, maar niet herkend als postcode en huisnummer of "
                                    "KvK-nummer: het staat daarom niet in het register."))
        return HttpResponseRedirect(measure.get_absolute_url())
    return _done(request, measure, _("Toegevoegd; het staat nu in het register."))


@require_POST
@permission_required("measures.edit_measure")
def add_document(request, reference: str):
    measure = _measure(request, reference)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, measure, key="document", form=form, error=INVALID)
    try:
        parts.attach_document(actor=request.user, measure=measure, uploaded_file=form.cleaned_data["file"],
                              title=form.cleaned_data["title"])
    except ValidationError as refused:
        form.add_error("file", refused.messages)
        return _again(request, measure, key="document", form=form, error=" ".join(refused.messages))
    return _done(request, measure, _("Het document is toegevoegd."))
