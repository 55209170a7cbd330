"""Administration pages for organisations and regions (/beheer/organisaties, /beheer/regios).

Thin views: parse the form, call administration.py, render. Outside the administrator's scope
is 404. Every POST ends in a redirect, so a double submit cannot act twice.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.permissions import permission_required
from schakel.accounts.selectors import (
    administration_scope,
    municipalities_administered_by,
    organisations_administered_by,
    regions_administered_by,
)
from schakel.web.form_errors import add_validation_errors, posted_data

from . import administration
from .forms import ClosingDayForm, OrganisationForm, OrganisationSearchForm, PlaceMunicipalityForm, RegionForm
from .models import ClosingDay, Municipality

PAGE_SIZE = 25


def _organisation_form(request, *, initial=None) -> OrganisationForm:
    return OrganisationForm(posted_data(request), initial=initial,
                            municipalities=municipalities_administered_by(request.user).order_by("name"),
                            regions=regions_administered_by(request.user).order_by("name"))


@permission_required("organisations.manage_organisations")
def organisation_list(request):
    search = OrganisationSearchForm(request.GET or None)
    organisations = (organisations_administered_by(request.user).select_related("municipality", "region")
                     .annotate(member_count=Count("memberships", filter=Q(memberships__active=True)))
                     .order_by("name"))
    if search.is_valid() and search.cleaned_data["q"]:
        organisations = organisations.filter(name__icontains=search.cleaned_data["q"])
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "organisations/organisation_list.html", {"search": search, "page": page})


@permission_required("organisations.manage_organisations")
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = _organisation_form(request, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            organisation = administration.create_organisation(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        except administration.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Organisatie %(name)s is aangemaakt.") % {"name": organisation.name})
            return redirect("administration:organisation_list")
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": None})


@permission_required("organisations.manage_organisations")
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(organisations_administered_by(request.user), pk=pk)
    initial = {field: getattr(organisation, field) for field in administration.ORGANISATION_FIELDS}
    form = _organisation_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            administration.update_organisation(actor=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        except administration.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De organisatie is opgeslagen."))
            return redirect("administration:organisation_list")
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": organisation})


@permission_required("organisations.manage_regions")
def region_list(request):
    regions = (regions_administered_by(request.user)
               .annotate(municipality_count=Count("members", distinct=True),
                         closing_day_count=Count("closing_days", distinct=True))
               .order_by("name"))
    return render(request, "organisations/region_list.html", {"regions": regions})


@permission_required("organisations.manage_regions")
@require_http_methods(["GET", "POST"])
def region_detail(request, pk: int):
    region = get_object_or_404(regions_administered_by(request.user), pk=pk)
    initial = {"name": region.name, "first_reaction_days": region.first_reaction_days,
               "triage_days": region.triage_days, "acute_first_reaction_hours": region.acute_first_reaction_hours}
    form = RegionForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            administration.update_region(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        except administration.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De regio is opgeslagen."))
            return redirect("administration:region_detail", pk=region.pk)
    return _render_region(request, region, form=form)


def _render_region(request, region, *, form=None, closing_day_form=None, place_form=None):
    national = administration_scope(request.user).national
    return render(request, "organisations/region_detail.html", {
        "region": region,
        "form": form or RegionForm(initial={"name": region.name, "first_reaction_days": region.first_reaction_days,
                                            "triage_days": region.triage_days,
                                            "acute_first_reaction_hours": region.acute_first_reaction_hours}),
        "closing_days": region.closing_days.order_by("date"),
        "closing_day_form": closing_day_form or ClosingDayForm(prefix="day"),
        "members": Municipality.objects.filter(region_membership__region=region).order_by("name"),
        "place_form": (place_form or PlaceMunicipalityForm(
            prefix="place", municipalities=Municipality.objects.exclude(region_membership__region=region)
            .order_by("name"))) if national else None,
    })


@permission_required("organisations.manage_regions")
@require_POST
def closing_day_add(request, pk: int):
    region = get_object_or_404(regions_administered_by(request.user), pk=pk)
    form = ClosingDayForm(request.POST, prefix="day")
    if form.is_valid():
        try:
            administration.add_closing_day(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        except administration.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De sluitingsdag is toegevoegd."))
            return redirect("administration:region_detail", pk=region.pk)
    return _render_region(request, region, closing_day_form=form)


@permission_required("organisations.manage_regions")
@require_POST
def closing_day_remove(request, pk: int, day_pk: int):
    region = get_object_or_404(regions_administered_by(request.user), pk=pk)
    day = ClosingDay.objects.filter(region=region, pk=day_pk).first()
    if day is None:
        messages.info(request, _("Deze sluitingsdag was al verwijderd."))
    else:
        try:
            administration.remove_closing_day(actor=request.user, day=day)
        except administration.AdministrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De sluitingsdag is verwijderd."))
    return redirect("administration:region_detail", pk=region.pk)


@permission_required("organisations.manage_regions")
@require_POST
def region_place_municipality(request, pk: int):
    region = get_object_or_404(regions_administered_by(request.user), pk=pk)
    form = PlaceMunicipalityForm(request.POST, prefix="place",
                                 municipalities=Municipality.objects.order_by("name"))
    if form.is_valid():
        try:
            administration.place_municipality(actor=request.user, region=region,
                                              municipality=form.cleaned_data["municipality"])
        except ValidationError as error:
            add_validation_errors(form, error)
        except administration.AdministrationError as error:
            messages.error(request, str(error))
            return redirect("administration:region_detail", pk=region.pk)
        else:
            messages.success(request, _("De gemeente is ingedeeld bij deze regio."))
            return redirect("administration:region_detail", pk=region.pk)
    return _render_region(request, region, place_form=form)

