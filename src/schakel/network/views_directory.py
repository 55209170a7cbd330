"""The partner directory (sociale kaart) and the signal guides per department.

Everyone with a role in the region reads them; the chain director (and, for the directory, the
administrator) keeps them. An entry of another region is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.permissions import has_permission, permission_required
from schakel.clock import today

from . import forms, selectors
from .models import Department, Partner, RegionNetworkSettings
from .services import NetworkError
from .services.directory import (
    confirm_partner,
    current_guide,
    editable_regions,
    guide_regions,
    publish_guide,
    save_partner,
)

PAGE_SIZE = 20


def _review_days(region_id: int) -> int:
    value = RegionNetworkSettings.objects.filter(region_id=region_id).values_list(
        "partner_review_days", flat=True).first()
    return value or 365


@permission_required("network.read")
def partners(request):
    form = forms.PartnerSearchForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) if request.GET else {}
    queryset = Partner.objects.visible_to(request.user)
    query = (data.get("q") or "").strip()
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(contact_for__icontains=query)
                                   | Q(languages__icontains=query) | Q(shelter_types__icontains=query))
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    page = Paginator(queryset.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("pagina") or 1)
    keep = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "pagina" and v)
    return render(request, "network/partners.html", {
        "form": form if request.GET else forms.PartnerSearchForm(), "page": page, "query": query,
        "page_query": keep, "can_edit": has_permission(request.user, "network.edit_partners")
        and bool(editable_regions(request.user))})


@permission_required("network.edit_partners")
def partners_review(request):
    rows = []
    for partner in Partner.objects.filter(region_id__in=editable_regions(request.user)).order_by(
            "last_confirmed_on", "name"):
        limit = today() - datetime.timedelta(days=_review_days(partner.region_id))
        if partner.last_confirmed_on < limit:
            rows.append(partner)
    return render(request, "network/partners_review.html", {"rows": rows})


def _editable_partner(request, pk: int) -> Partner:
    partner = Partner.objects.visible_to(request.user).filter(pk=pk).first()
    if partner is None or partner.region_id not in editable_regions(request.user):
        raise Http404
    return partner


@require_http_methods(["GET", "POST"])
@permission_required("network.edit_partners")
def partner_edit(request, pk: int | None = None):
    partner = _editable_partner(request, pk) if pk else None
    regions = sorted(editable_regions(request.user))
    if not regions:
        raise Http404
    initial = {name: getattr(partner, name) for name in forms.PartnerForm.base_fields if partner} if partner else {}
    form = forms.PartnerForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = save_partner(actor=request.user, region_id=partner.region_id if partner else regions[0],
                                     data=form.cleaned_data, partner=partner,
                                     expected_version=form.cleaned_data.get("version"))
            except NetworkError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("De vermelding ‘%(name)s’ is opgeslagen.") % {"name": saved.name})
                return HttpResponseRedirect(reverse("network:partners") + "?q=" + saved.name)
    return render(request, "network/partner_form.html", {"form": form, "partner": partner}, status=status)


@require_POST
@permission_required("network.edit_partners")
def partner_confirm(request, pk: int):
    partner = _editable_partner(request, pk)
    confirm_partner(actor=request.user, partner=partner)
    messages.success(request, _("‘%(name)s’ is bevestigd: de gegevens kloppen nog.") % {"name": partner.name})
    return HttpResponseRedirect(reverse("network:partners-review"))


def _region_for_reading(request) -> int | None:
    regions = sorted(selectors.user_regions(request.user))
    return regions[0] if regions else None


@permission_required("network.read")
def guides(request):
    region_id = _region_for_reading(request)
    rows = [{"key": key, "label": label, "guide": current_guide(region_id, key) if region_id else None}
            for key, label in Department.choices]
    return render(request, "network/guides.html", {"rows": rows})


def _department(key: str) -> str:
    if key not in Department.values:
        raise Http404
    return key


def _indicator_choices():
    from schakel.signalling.models import Indicator

    return [(i.code, i.label_nl) for i in Indicator.objects.filter(active=True).order_by("order", "code")]


@permission_required("network.read")
def guide(request, department: str):
    department = _department(department)
    region_id = _region_for_reading(request)
    current = current_guide(region_id, department) if region_id else None
    labels = dict(_indicator_choices())
    return render(request, "network/guide.html", {
        "department": department, "label": Department(department).label, "guide": current,
        "indicators": [labels[code] for code in (current.indicators if current else []) if code in labels],
        "can_edit": bool(guide_regions(request.user)) and has_permission(request.user, "network.edit_guides"),
        "staff_form_url": _staff_form_url()})


def _staff_form_url() -> str:
    try:
        return reverse("signalling:intake-report")
    except NoReverseMatch:
        return ""


@require_http_methods(["GET", "POST"])
@permission_required("network.edit_guides")
def guide_edit(request, department: str):
    department = _department(department)
    regions = sorted(guide_regions(request.user))
    if not regions:
        raise Http404
    current = current_guide(regions[0], department)
    initial = {"version": current.number if current else 0, "look_for": current.look_for if current else "",
               "what_to_do": current.what_to_do if current else "", "indicators": current.indicators if current else []}
    form = forms.GuideForm(request.POST or None, initial=initial, indicator_choices=_indicator_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                publish_guide(actor=request.user, region_id=regions[0], department=department,
                              look_for=data["look_for"], what_to_do=data["what_to_do"],
                              indicators=data["indicators"], expected_number=data.get("version") or 0)
            except NetworkError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("De nieuwe versie van de signaalwijzer is gepubliceerd."))
                return HttpResponseRedirect(reverse("network:guide", kwargs={"department": department}))
    return render(request, "network/guide_form.html", {
        "form": form, "department": department, "label": Department(department).label, "current": current},
        status=status)
