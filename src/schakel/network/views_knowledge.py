"""The knowledge base and the network meetings. A document not for your audience, or of another
region, is a 404; a text that looks like case data is shown back with a warning until confirmed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.accounts.permissions import has_permission, permission_required
from schakel.clock import now

from . import forms, selectors
from .models import Document, Meeting
from .services import NetworkError
from .services.knowledge import LooksPersonal, document_regions, meeting_regions, publish_document, save_meeting

PAGE_SIZE = 20


@permission_required("network.read_knowledge")
def documents(request):
    form = forms.DocumentSearchForm(request.GET or None)
    form.is_valid()
    query = ((getattr(form, "cleaned_data", {}) or {}).get("q") or "").strip() if request.GET else ""
    queryset = Document.objects.visible_to(request.user).filter(version__gt=0)
    if query:
        queryset = queryset.filter(title__icontains=query)
    page = Paginator(queryset.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("pagina") or 1)
    return render(request, "network/documents.html", {
        "form": form if request.GET else forms.DocumentSearchForm(), "page": page, "query": query,
        "can_edit": has_permission(request.user, "network.edit_knowledge") and bool(document_regions(request.user))})


def _document_or_404(request, pk: int) -> Document:
    document = Document.objects.visible_to(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


@permission_required("network.read_knowledge")
def document(request, pk: int, number: int | None = None):
    item = _document_or_404(request, pk)
    versions = list(item.versions.select_related("published_by"))
    shown = next((v for v in versions if v.number == (number or item.version)), None)
    if shown is None:
        raise Http404
    return render(request, "network/document.html", {
        "document": item, "shown": shown, "versions": versions,
        "can_edit": item.region_id in document_regions(request.user)
        and has_permission(request.user, "network.edit_knowledge")})


def _handle_personal(form, error: NetworkError) -> int:
    if isinstance(error, LooksPersonal):
        form.add_error("confirmed", error.message)
        return 400
    form.add_error(None, error.message)
    return 409


@require_http_methods(["GET", "POST"])
@permission_required("network.edit_knowledge")
def document_edit(request, pk: int | None = None):
    item = _document_or_404(request, pk) if pk else None
    regions = sorted(document_regions(request.user))
    if not regions or (item is not None and item.region_id not in regions):
        raise Http404
    current = item.versions.first() if item else None
    initial = ({"version": item.version, "title": item.title, "kind": item.kind, "audience": item.audience,
                "text": current.text if current else ""} if item else {"version": 0})
    form = forms.DocumentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = publish_document(actor=request.user, region_id=item.region_id if item else regions[0],
                                         title=data["title"], kind=data["kind"], audience=data["audience"],
                                         text=data["text"], note=data["note"], document=item,
                                         expected_version=data.get("version") or 0, confirmed=data["confirmed"])
            except NetworkError as error:
                status = _handle_personal(form, error)
            else:
                messages.success(request, _("Versie %(number)s van ‘%(title)s’ is gepubliceerd.") % {
                    "number": saved.version, "title": saved.title})
                return HttpResponseRedirect(reverse("network:document", kwargs={"pk": saved.pk}))
    return render(request, "network/document_form.html", {"form": form, "document": item}, status=status)


@permission_required("network.meetings")
def meetings(request):
    items = Meeting.objects.visible_to(request.user).order_by("-starts_at")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina") or 1)
    return render(request, "network/meetings.html", {
        "page": page, "now": now(),
        "can_plan": has_permission(request.user, "network.plan_meetings") and bool(meeting_regions(request.user))})


@require_http_methods(["GET", "POST"])
@permission_required("network.meetings")
def meeting(request, pk: int | None = None):
    item = Meeting.objects.visible_to(request.user).filter(pk=pk).first() if pk else None
    if pk and item is None:
        raise Http404
    regions = sorted(meeting_regions(request.user))
    may_edit = has_permission(request.user, "network.plan_meetings") and (
        item.region_id in regions if item else bool(regions))
    if item is None and not may_edit:
        raise Http404
    region_id = item.region_id if item else regions[0]
    initial = ({"version": item.version, "kind": item.kind, "title": item.title, "starts_at": item.starts_at,
                "place": item.place, "agenda": item.agenda, "minutes": item.minutes,
                "attendees": [str(pk) for pk in item.attendees.values_list("pk", flat=True)]} if item else {})
    people = selectors.network_people(region_id)
    form = forms.MeetingForm(request.POST or None, initial=initial, people=people)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chosen = [u for u in people if str(u.pk) in set(data["attendees"])]
            try:
                saved = save_meeting(actor=request.user, region_id=region_id, data=data, attendees=chosen,
                                     meeting=item, expected_version=data.get("version"), confirmed=data["confirmed"])
            except NetworkError as error:
                status = _handle_personal(form, error)
            else:
                messages.success(request, _("De bijeenkomst ‘%(title)s’ is opgeslagen.") % {"title": saved.title})
                return HttpResponseRedirect(reverse("network:meeting", kwargs={"pk": saved.pk}))
    return render(request, "network/meeting.html", {"form": form, "meeting": item, "may_edit": may_edit},
                  status=status)
