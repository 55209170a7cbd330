"""Data-subject requests on the privacy desk: register, search and overview, export, extend, answer."""

from __future__ import annotations

import json
import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.clock import AMSTERDAM, now

from . import subject_correction, subject_erasure, subject_export, subject_requests as service
from .audit import record_access
from .forms_correction import CorrectionForm
from .forms_desk import AnswerForm, EraseForm, ExtendForm, RequestForm
from .models import AccessAction, DataSubjectRequest, RequestKind, RequestStatus
from .permissions import permission_or_404
from .views import _no_store

DESK = "privacy.desk"
PAGE_SIZE = 25


def _visible(request, request_id) -> DataSubjectRequest:
    found = DataSubjectRequest.objects.visible_to(request.user).filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@permission_or_404(DESK)
def requests_list(request):
    form = RequestForm(request.POST or None, initial={"form_key": secrets.token_hex(16),
                                                      "received_on": now().astimezone(AMSTERDAM).date()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = service.register_request(
                    actor=request.user, kind=data["kind"], subject_name=data["subject_name"],
                    subject_birth_date=data["subject_birth_date"], received_on=data["received_on"],
                    form_key=data["form_key"])
            except service.RequestError as refused:
                form.add_error(refused.field or None, refused.message)
            else:
                messages.success(request, _("Het verzoek is geregistreerd. Uiterlijk beantwoorden op %(day)s.")
                                 % {"day": created.due_on.strftime("%d-%m-%Y")})
                return HttpResponseRedirect(created.get_absolute_url())
    rows = DataSubjectRequest.objects.visible_to(request.user)
    show = request.GET.get("toon", "open")
    if show != "alle":
        rows = rows.filter(status="open")
    kind = request.GET.get("soort", "")
    if kind in RequestKind.values:
        rows = rows.filter(kind=kind)
    number = request.GET.get("nummer", "").strip()
    if number:
        rows = rows.filter(pk=int(number)) if number.isdigit() else rows.none()
    sort = request.GET.get("sorteer", "termijn")
    rows = rows.order_by(*({"termijn": ("due_on", "id"), "nieuwste": ("-received_on", "-id")}.get(
        sort, ("due_on", "id"))))
    page = Paginator(rows.only("id", "kind", "received_on", "due_on", "extended_to", "status"), PAGE_SIZE).get_page(
        request.GET.get("pagina"))
    return _no_store(render(request, "privacy/requests/list.html", {
        "form": form, "page": page, "show": show, "sort": sort, "today": now().astimezone(AMSTERDAM).date(),
        "kind": kind, "number": number, "kinds": RequestKind.choices,
        "filters": urlencode({key: value for key, value in (("soort", kind), ("nummer", number)) if value})},
        status=status))


def _detail(request, subject_request, *, extend_form=None, answer_form=None, status=200):
    record_access(user=request.user, action=AccessAction.VIEW, record=subject_request, detail="verzoek bekeken")
    return _no_store(render(request, "privacy/requests/detail.html", {
        "item": subject_request,
        "extend_form": extend_form or ExtendForm(initial={"version": subject_request.version}),
        "answer_form": answer_form or AnswerForm(initial={"version": subject_request.version}),
    }, status=status))


@require_GET
@permission_or_404(DESK)
def request_detail(request, request_id: int):
    return _detail(request, _visible(request, request_id))


def _overview(request, subject_request, *, bound=None, error="", status=200):
    records = service.find_subject_records(actor=request.user, request=subject_request)
    may_erase = subject_request.kind == RequestKind.ERASURE and subject_request.status == RequestStatus.OPEN
    for index, record in enumerate(records):
        record.erase_form = None
        if may_erase and subject_erasure.erasable(record.record_type):
            same = bound is not None and (bound.data.get(f"{bound.prefix}-record_id") == record.record_id)
            record.erase_form = bound if same else EraseForm(
                prefix=f"e{index}", initial={"record_type": record.record_type, "record_id": record.record_id})
        record.correct_form = _correction_form(subject_request, record, index, bound)
    return _no_store(render(request, "privacy/requests/overview.html", {
        "item": subject_request, "records": records, "error": error, "form": bound}, status=status))


def _correction_form(subject_request, record, index, bound):
    if not subject_correction.correctable(subject_request, record.record_type):
        return None
    if isinstance(bound, CorrectionForm) and bound.data.get(f"{bound.prefix}-record_id") == record.record_id:
        return bound
    current = subject_correction.current_values(subject_request, record.record_type, record.record_id)
    if current is None:
        return None
    values, record_version = current
    return CorrectionForm(prefix=f"c{index}", initial={
        **values, "record_type": record.record_type, "record_id": record.record_id,
        "record_version": record_version, "version": subject_request.version})


@require_GET
@permission_or_404(DESK)
def request_overview(request, request_id: int):
    return _overview(request, _visible(request, request_id))


@require_POST
@permission_or_404(DESK)
def request_erase(request, request_id: int):
    """Erase one found record on an erasure request (after an explicit yes); refused under a legal hold."""
    subject_request = _visible(request, request_id)
    prefix = next((key.split("-", 1)[0] for key in request.POST if key.endswith("-record_id")), "e0")
    form = EraseForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _overview(request, subject_request, bound=form, status=400)
    try:
        reference = subject_erasure.erase_for_request(
            actor=request.user, request=subject_request, record_type=form.cleaned_data["record_type"],
            record_id=form.cleaned_data["record_id"], reason=form.cleaned_data["reason"])
    except service.RequestError as refused:
        return _overview(request, subject_request, bound=form, error=refused.message, status=400)
    messages.success(request, _("%(reference)s is gewist, met alles wat erbij hoorde. Leg de uitkomst vast bij het "
                                "verzoek.") % {"reference": reference})
    return HttpResponseRedirect(reverse("privacy:request_overview", args=[subject_request.pk]))


@require_POST
@permission_or_404(DESK)
def request_correct(request, request_id: int):
    """Apply a correction to one found record on a correction request (after an explicit yes)."""
    subject_request = _visible(request, request_id)
    prefix = next((key.split("-", 1)[0] for key in request.POST if key.endswith("-record_id")), "c0")
    form = CorrectionForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _overview(request, subject_request, bound=form, status=400)
    data = form.cleaned_data
    try:
        reference, changed = subject_correction.correct_for_request(
            actor=request.user, request=subject_request, record_type=data["record_type"],
            record_id=data["record_id"], values=form.values(), reason=data["reason"],
            expected_version=data["version"], record_version=data["record_version"])
    except service.RequestError as refused:
        if refused.field and refused.field in form.fields:
            form.add_error(refused.field, refused.message)
            error = ""
        else:
            error = refused.message
        return _overview(request, subject_request, bound=form, error=error,
                         status=409 if isinstance(refused, service.StaleRequest) else 400)
    labels = ", ".join(subject_correction.FIELD_LABELS.get(name, name) for name in changed)
    messages.success(request, _("%(reference)s is gecorrigeerd (%(fields)s). Leg de uitkomst vast bij het verzoek.")
                     % {"reference": reference, "fields": labels})
    return HttpResponseRedirect(subject_request.get_absolute_url())


@require_GET
@permission_or_404(DESK)
def request_export(request, request_id: int):
    subject_request = _visible(request, request_id)
    records = service.find_subject_records(actor=request.user, request=subject_request)
    record_access(user=request.user, action=AccessAction.EXPORT, record=subject_request,
                  detail=f"overzicht voor de betrokkene geëxporteerd ({len(records)} gegevens)")
    body = json.dumps(service.export_payload(request=subject_request, records=records), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"verzoek-{subject_request.pk}.json")
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@require_GET
@permission_or_404(DESK)
def request_export_pdf(request, request_id: int):
    subject_request = _visible(request, request_id)
    records = service.find_subject_records(actor=request.user, request=subject_request)
    record_access(user=request.user, action=AccessAction.EXPORT, record=subject_request,
                  detail=f"overzicht voor de betrokkene als PDF geëxporteerd ({len(records)} gegevens)")
    response = HttpResponse(subject_export.export_pdf(request=subject_request, records=records),
                            content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"verzoek-{subject_request.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@require_POST
@permission_or_404(DESK)
def request_extend(request, request_id: int):
    subject_request = _visible(request, request_id)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            service.extend_request(actor=request.user, request=subject_request, reason=form.cleaned_data["reason"],
                                   expected_version=form.cleaned_data["version"])
        except service.RequestError as refused:
            form.add_error("reason" if refused.field else None, refused.message)
            return _detail(request, subject_request, extend_form=form,
                           status=409 if isinstance(refused, service.StaleRequest) else 400)
        messages.success(request, _("De termijn is met twee maanden verlengd."))
        return HttpResponseRedirect(subject_request.get_absolute_url())
    return _detail(request, subject_request, extend_form=form, status=400)


@require_POST
@permission_or_404(DESK)
def request_answer(request, request_id: int):
    subject_request = _visible(request, request_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            service.answer_request(actor=request.user, request=subject_request, outcome=form.cleaned_data["outcome"],
                                   expected_version=form.cleaned_data["version"])
        except service.RequestError as refused:
            form.add_error("outcome" if refused.field else None, refused.message)
            return _detail(request, subject_request, answer_form=form,
                           status=409 if isinstance(refused, service.StaleRequest) else 400)
        messages.success(request, _("De uitkomst is vastgelegd; het verzoek is beantwoord."))
        return HttpResponseRedirect(subject_request.get_absolute_url())
    return _detail(request, subject_request, answer_form=form, status=400)
