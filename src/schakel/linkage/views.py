"""Linkage pages: the municipality's matches, one match, the chain director's regional picture.

Thin: a selector or service, then a template. Not one of your municipality's matches is a 404;
a page not for your role a 403. A match shows its kind, band, the other municipality and its
focal officers to contact, never the other signal's content; details pass through a contact
request that the other side approves or declines (both logged).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schakel.accounts.permissions import permission_required
from schakel.privacy.audit import record_access
from schakel.signalling.models import Signal

from . import forms, selectors
from .models import ContactRequest, ContactStatus, MatchStatus
from .services import decisions
from .services.notify import contacts_for


@require_GET
@permission_required("linkage.view_matches")
def match_list(request):
    form = forms.MatchListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.MatchFilters(kind=data.get("kind") or "", status=data.get("status") or "",
                                     reference=(data.get("q") or "").strip())
    page = selectors.matches_page(request.user, filters, request.GET.get("pagina") or 1)
    record_access(user=request.user, action="search" if filters.reference else "view", record_type="linkage.match",
                  reason="koppelingen: zoeken" if filters.reference else "koppelingen: lijst")
    keep = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    return render(request, "linkage/list.html", {"form": form if request.GET else forms.MatchListForm(),
                                                 "page": page, "filters": filters, "page_query": urlencode(keep)})


def _match_or_404(request, pk: int):
    match = (selectors.visible_matches(request.user)
             .select_related("municipality_a", "municipality_b").filter(pk=pk).first())
    if match is None:
        raise Http404
    own = decisions.own_municipalities(request.user)
    match.side = match.side_of(own)
    match.other = match.other_municipality(match.side)
    # Only our own signal's reference is read: the other signal's row is never loaded (nor decrypted).
    match.own_signal = Signal.objects.only("id", "reference").get(pk=match.own_signal_id(match.side))
    match.other_is_own = match.other_municipality_id(match.side) in own
    return match


def _render_detail(request, match, *, contact_form=None, error: str = "", status: int = 200):
    record_access(user=request.user, action="view", record=match, reason="koppeling bekeken")
    own = decisions.own_municipalities(request.user)
    requests = selectors.contact_requests(match)
    for contact in requests:
        contact.mine_to_answer = contact.to_municipality_id in own and contact.status == ContactStatus.PENDING
    return render(request, "linkage/detail.html", {
        "match": match,
        "contacts": contacts_for(match.other_municipality_id(match.side)),
        "requests": requests,
        "contact_form": contact_form or forms.ContactRequestForm(),
        "answer_form": forms.ContactAnswerForm(),
        "open_request": any(c.from_municipality_id in own and c.status == ContactStatus.PENDING for c in requests),
        "error": error,
        "statuses": MatchStatus,
    }, status=status)


@require_GET
@permission_required("linkage.view_matches")
def match_detail(request, pk: int):
    return _render_detail(request, _match_or_404(request, pk))


@require_POST
@permission_required("linkage.view_matches")
def match_verdict(request, pk: int):
    match = _match_or_404(request, pk)
    form = forms.VerdictForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, match, error=_("Kies bevestigen of geen match."), status=400)
    try:
        decided = decisions.decide(match=match, user=request.user, verdict=form.cleaned_data["verdict"],
                                   expected_version=form.cleaned_data["version"])
    except decisions.LinkageError as refused:
        return _render_detail(request, _match_or_404(request, pk), error=refused.message, status=409)
    if decided.status == MatchStatus.FALSE:
        messages.success(request, _("De koppeling is gemarkeerd als geen match en wordt niet meer getoond."))
        return HttpResponseRedirect(reverse("linkage:list"))
    messages.success(request, _("De koppeling is bevestigd."))
    return HttpResponseRedirect(reverse("linkage:detail", kwargs={"pk": pk}))


@require_POST
@permission_required("linkage.view_matches")
def contact_request(request, pk: int):
    match = _match_or_404(request, pk)
    form = forms.ContactRequestForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, match, contact_form=form, status=400)
    try:
        decisions.request_contact(match=match, user=request.user, reason=form.cleaned_data["reason"])
    except decisions.LinkageError as refused:
        return _render_detail(request, match, contact_form=form, error=refused.message, status=409)
    messages.success(request, _("Uw contactverzoek is verstuurd naar de andere gemeente."))
    return HttpResponseRedirect(reverse("linkage:detail", kwargs={"pk": pk}))


@require_POST
@permission_required("linkage.view_matches")
def contact_answer(request, pk: int):
    contact = get_object_or_404(ContactRequest.objects.visible_to(request.user, include_emergency=False), pk=pk)
    match = _match_or_404(request, contact.match_id)
    form = forms.ContactAnswerForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, match, error=_("Kies goedkeuren of afwijzen."), status=400)
    try:
        decisions.answer_contact(contact=contact, user=request.user,
                                 approve=form.cleaned_data["decision"] == "approve",
                                 answer=form.cleaned_data["answer"])
    except decisions.LinkageError as refused:
        return _render_detail(request, match, error=refused.message, status=409)
    messages.success(request, _("Uw antwoord op het contactverzoek is vastgelegd."))
    return HttpResponseRedirect(reverse("linkage:detail", kwargs={"pk": match.pk}))


@require_GET
@permission_required("linkage.regional_picture")
def regional_picture(request):
    record_access(user=request.user, action="view", record_type="linkage.match", reason="koppelingen: regiobeeld")
    return render(request, "linkage/region.html", {"rows": selectors.regional_picture(request.user)})
