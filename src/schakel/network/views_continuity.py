"""Continuity pages: my absence and who covers, handover of open work, staffing per municipality.

Thin: parse the input, call a selector or a service, render. A page not for the role is a 403;
an officer the administrator does not manage, or an absence that is not yours, is a 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import today
from schakel.privacy.audit import record_access

from . import forms, selectors
from .permissions import permission_or_user_admin
from .models import Absence, RegionNetworkSettings
from .services import NetworkError
from .services.absence import eligible_backups, end_absence, officer_municipalities, record_absence
from .services.handover import DEFAULT_MINIMUM, check_staffing, hand_over, save_region_settings


def _subject_officer(request):
    """The officer the page is about: ?officer= for an administrator (404 when not managed), else oneself."""
    wanted = request.GET.get("officer") or request.POST.get("officer")
    if wanted and str(wanted) != str(request.user.pk):
        if not str(wanted).isdigit():
            raise Http404
        officer = next((u for u in selectors.administered_officers(request.user) if u.pk == int(wanted)), None)
        if officer is None:
            raise Http404
        return officer
    if not officer_municipalities(request.user):
        return None
    return request.user


def _officer_picker(request, officer):
    officers = selectors.administered_officers(request.user)
    if not officers:
        return None
    return forms.OfficerChoiceForm(initial={"officer": officer.pk if officer else ""}, officers=officers)


def _pick(choices, value):
    return next((u for u in choices if str(u.pk) == str(value)), None)


@require_http_methods(["GET", "POST"])
@permission_or_user_admin("network.record_absence")
def absence(request):
    officer = _subject_officer(request)
    backups = eligible_backups(officer) if officer else []
    form = forms.AbsenceForm(request.POST or None, backups=backups)
    status = 200
    if request.method == "POST" and officer is not None and form.is_valid():
        data = form.cleaned_data
        try:
            record_absence(actor=request.user, officer=officer, starts_on=data["starts_on"], ends_on=data["ends_on"],
                           backup=_pick(backups, data["backup"]))
        except NetworkError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("De afwezigheid is vastgelegd. Tijdens de afwezigheid krijgt de vervanger "
                                        "de nieuwe signalen, berichten en herinneringen, en ziet het open werk in "
                                        "‘Mijn signalen’."))
            query = f"?officer={officer.pk}" if officer.pk != request.user.pk else ""
            return HttpResponseRedirect(reverse("network:absence") + query)
    if request.method == "POST":
        status = 400
    if officer is not None:
        record_access(user=request.user, action="view", record_type="network.absence", record_id=officer.pk,
                      reason="afwezigheid bekeken")
    return render(request, "network/absence.html", {
        "officer": officer,
        "is_self": officer is not None and officer.pk == request.user.pk,
        "form": form,
        "picker": _officer_picker(request, officer),
        "absences": selectors.absences_of(officer) if officer else [],
        "covering": selectors.covering_now(request.user, today()),
        "today": today(),
    }, status=status)


@require_POST
@permission_or_user_admin("network.record_absence")
def absence_end(request, pk: int):
    managed = {u.pk for u in selectors.administered_officers(request.user)}
    absence = Absence.objects.filter(pk=pk).select_related("officer").first()
    if absence is None or (absence.officer_id != request.user.pk and absence.officer_id not in managed):
        raise Http404
    try:
        end_absence(actor=request.user, absence=absence)
    except NetworkError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De afwezigheid is beëindigd: alles gaat weer naar %(name)s.") % {
            "name": absence.officer.get_full_name()})
    query = f"?officer={absence.officer_id}" if absence.officer_id != request.user.pk else ""
    return HttpResponseRedirect(reverse("network:absence") + query)


@require_http_methods(["GET", "POST"])
@permission_or_user_admin("network.hand_over")
def handover(request):
    officer = _subject_officer(request)
    successors = eligible_backups(officer) if officer else []
    form = forms.HandoverForm(request.POST or None, successors=successors,
                              initial={"token": secrets.token_urlsafe(16)})
    status = 200
    if request.method == "POST" and officer is not None and form.is_valid():
        data = form.cleaned_data
        try:
            done = hand_over(actor=request.user, from_user=officer, to_user=_pick(successors, data["to_user"]),
                             token=data["token"], end_role=data["end_role"])
        except NetworkError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Overgedragen aan %(name)s: %(signals)s signalen, %(actions)s acties en "
                                        "%(reminders)s maatregelen met herinneringen.") % {
                "name": done[0].to_user.get_full_name() if done else "",
                "signals": sum(h.signals for h in done), "actions": sum(h.actions for h in done),
                "reminders": sum(h.reminders for h in done)})
            return HttpResponseRedirect(reverse("network:handover")
                                        + (f"?officer={officer.pk}" if officer.pk != request.user.pk else ""))
    if request.method == "POST":
        status = 400
    return render(request, "network/handover.html", {
        "officer": officer,
        "is_self": officer is not None and officer.pk == request.user.pk,
        "form": form,
        "picker": _officer_picker(request, officer),
        "is_admin": scope_for(request.user).has_role(Role.ADMINISTRATOR),
        "handovers": selectors.handovers_visible_to(request.user),
    }, status=status)


@permission_or_user_admin("network.view_staffing")
def staffing_page(request):
    rows = selectors.staffing_rows(selectors.staffing_municipalities(request.user))
    from schakel.accounts.selectors import regions_administered_by

    return render(request, "network/staffing.html", {
        "rows": rows, "short": [r for r in rows if r["short"]],
        "can_configure": regions_administered_by(request.user).exists()})



@require_http_methods(["GET", "POST"])
@permission_or_user_admin("network.view_staffing")
def region_settings(request):
    from schakel.accounts.selectors import regions_administered_by

    regions = list(regions_administered_by(request.user).order_by("name"))
    if not regions:
        raise Http404
    region = regions[0]
    current = RegionNetworkSettings.objects.filter(region=region).first()
    initial = {"minimum_officers": current.minimum_officers if current else DEFAULT_MINIMUM,
               "partner_review_days": current.partner_review_days if current else 365}
    form = forms.RegionSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save_region_settings(actor=request.user, region_id=region.pk, **form.cleaned_data)
            except NetworkError as error:
                form.add_error(None, error.message)
            else:
                for member in region.members.values_list("municipality_id", flat=True):
                    check_staffing(municipality_id=member)
                messages.success(request, _("De instellingen van regio %(name)s zijn opgeslagen.") % {
                    "name": region.name})
                return HttpResponseRedirect(reverse("network:staffing"))
    return render(request, "network/region_settings.html", {"form": form, "region": region}, status=status)
