"""Region profiles: the administrator sees the shipped profiles and applies one to a region."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schakel.accounts.permissions import permission_required
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.organisations.models import Region

from .. import templates_data
from ..models import RegionPolicySettings
from ..services import PolicyError
from ..services import profiles as service


def _regions(user):
    return Region.objects.filter(pk__in=scope_for(user).regions_for(Role.ADMINISTRATOR)).order_by("name")


@require_GET
@permission_required("policy.apply_profiles")
def profile_list(request):
    regions = list(_regions(request.user))
    settings = {s.region_id: s for s in RegionPolicySettings.objects.filter(region__in=regions)}
    for region in regions:
        region.policy = settings.get(region.pk)
        if region.policy:
            profile = templates_data.region_profile(region.policy.profile_key)
            region.profile_name = profile["name"] if profile else ""
    return render(request, "policy/profile_list.html", {"profiles": templates_data.region_profiles(),
                                                        "regions": regions})


@require_POST
@permission_required("policy.apply_profiles")
def profile_apply(request, key: str):
    region = _regions(request.user).filter(pk=request.POST.get("region") or 0).first()
    if region is None or templates_data.region_profile(key) is None:
        raise Http404
    try:
        for line in service.apply_profile(actor=request.user, region=region, key=key):
            messages.success(request, line)
    except PolicyError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("policy:profile-list"))


@require_POST
@permission_required("policy.apply_profiles")
def region_settings(request, region_pk: int):
    region = _regions(request.user).filter(pk=region_pk).first()
    if region is None:
        raise Http404
    try:
        months = int(request.POST.get("refresher_months", ""))
        service.set_refresher_months(region=region, months=months)
    except ValueError:
        messages.error(request, _("Vul de termijn in hele maanden in."))
    except PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De termijn voor opfriscursussen van %(region)s is opgeslagen.")
                         % {"region": region.name})
    return HttpResponseRedirect(reverse("policy:profile-list"))
