"""The trend bulletin: the archive, one bulletin, and the chain director's draft and sending."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schakel.accounts.permissions import has_permission, permission_required
from schakel.clock import today

from . import forms
from .models import Bulletin
from .services import NetworkError
from .services.bulletin import drafts_regions, open_draft, previous_month, publish


@permission_required("network.read_bulletins")
def bulletins(request):
    archive = Bulletin.objects.visible_to(request.user).filter(published_at__isnull=False).order_by("-month")
    return render(request, "network/bulletins.html", {
        "archive": archive[:60], "can_publish": has_permission(request.user, "network.publish_bulletins")
        and bool(drafts_regions(request.user))})


@permission_required("network.read_bulletins")
def bulletin(request, pk: int):
    item = Bulletin.objects.visible_to(request.user).filter(pk=pk).first()
    if item is None or (item.published_at is None and item.region_id not in drafts_regions(request.user)):
        raise Http404
    return render(request, "network/bulletin.html", {"bulletin": item})


def _month(value: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return previous_month(today().replace(day=1))


@require_http_methods(["GET", "POST"])
@permission_required("network.publish_bulletins")
def bulletin_draft(request):
    regions = sorted(drafts_regions(request.user))
    if not regions:
        raise Http404
    month = _month(request.GET.get("maand") or request.POST.get("maand"))
    draft = open_draft(actor=request.user, region_id=regions[0], month=month)
    if draft.published_at is not None:
        return HttpResponseRedirect(reverse("network:bulletin", kwargs={"pk": draft.pk}))
    form = forms.BulletinForm(request.POST or None, initial={"version": draft.version, "text": draft.text})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                sent = publish(actor=request.user, bulletin=draft, text=form.cleaned_data["text"],
                               expected_version=form.cleaned_data.get("version") or 0)
            except NetworkError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("Het trendbulletin is gepubliceerd en als link gemaild aan %(count)s "
                                            "ontvangers.") % {"count": sent.mailed})
                return HttpResponseRedirect(reverse("network:bulletin", kwargs={"pk": sent.pk}))
    return render(request, "network/bulletin_form.html", {"form": form, "bulletin": draft,
                                                           "month_value": draft.month.strftime("%Y-%m")},
                  status=status)
