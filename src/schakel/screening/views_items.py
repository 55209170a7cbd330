"""The screening pages of one agenda item: putting a signal forward, meeting mode (the chair walks
the agenda and records a decision per item), editing, ordering, moving on and withdrawing.

Each item saves on its own: a dropped connection loses at most the item being typed. A stale
version is refused with an explanation and the typed input kept (409).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.permissions import permission_required
from schakel.privacy.audit import record_access
from schakel.signalling.permissions import can_triage
from schakel.signalling.selectors import signal_for_triage
from schakel.web.templatetags.schakel_shell import datum

from . import forms, selectors, services
from .errors import ScreeningError, StaleRecord
from .models import ItemStatus
from .permissions import can_chair
from .views_meetings import attending, posted_version


@require_http_methods(["GET", "POST"])
@permission_required("screening.put_forward")
def put_forward(request, reference: str):
    signal = signal_for_triage(user=request.user, reference=reference)
    form = forms.PutForwardForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.put_forward(actor=request.user, signal=signal, question=form.cleaned_data["question"],
                                            summary=form.cleaned_data["summary"])
            except PermissionDenied:
                raise Http404 from None
            except ScreeningError as refused:
                error, status = str(refused.message), 400 if refused.field else 409
                if refused.field in form.fields:
                    form.add_error(refused.field, error)
            else:
                messages.success(request, _("Het signaal staat op de agenda van het overleg van %(date)s.")
                                 % {"date": datum(item.meeting.starts_at)})
                return HttpResponseRedirect(reverse("signalling:signal-detail", kwargs={"reference": reference}))
        else:
            error, status = _("Controleer de invoer: niet alles is goed ingevuld."), 400
    return render(request, "screening/put_forward.html", {"signal": signal, "form": form, "error": error},
                  status=status)


def _item_or_404(request, pk: int):
    item = selectors.item_for(request.user, pk)
    if item is None:
        raise Http404
    return item


def _chair_item_or_404(request, pk: int):
    item = _item_or_404(request, pk)
    if not can_chair(request.user, item.meeting):
        raise PermissionDenied
    return item


def _render_item(request, item, *, form=None, error: str = "", status: int = 200):
    """Meeting mode: one item on one screen with the decision form."""
    row = next(r for r in selectors.agenda(request.user, item.meeting, with_texts=True) if r.item.pk == item.pk)
    previous, following = selectors.neighbours(item)
    record_access(user=request.user, action="view", record=item.signal, reason="screeningsoverleg: vergadermodus")
    form = form or forms.DecisionForm(region_id=item.region_id, initial={"version": item.version, "monitor_weeks": 4})
    return render(request, "screening/item.html", {
        "meeting": item.meeting, "item": item, "row": row, "form": form, "error": error,
        "previous": previous, "following": following,
    }, status=status)


@attending
@require_http_methods(["GET"])
def item(request, pk: int):
    return _render_item(request, _chair_item_or_404(request, pk))


def _kept(form_class, data, version: int, **kwargs):
    refreshed = data.copy()
    refreshed["version"] = str(version)
    kept = form_class(refreshed, **kwargs)
    kept.is_valid()
    return kept


@require_POST
@attending
def decide(request, pk: int):
    current = _chair_item_or_404(request, pk)
    form = forms.DecisionForm(request.POST, region_id=current.region_id)
    if not form.is_valid():
        return _render_item(request, current, form=form, status=400,
                            error=_("Controleer de invoer: niet alles is goed ingevuld."))
    data = form.cleaned_data
    try:
        services.decide(actor=request.user, item=current, table_summary=data["table_summary"],
                        routes=form.route_choices(), close_reason=data.get("close_reason") or "",
                        expected_version=data["version"])
    except StaleRecord as refused:
        fresh = _item_or_404(request, pk)
        return _render_item(request, fresh, error=str(refused.message), status=409,
                            form=_kept(forms.DecisionForm, request.POST, fresh.version, region_id=fresh.region_id))
    except ScreeningError as refused:
        if refused.field in form.fields:
            form.add_error(refused.field, str(refused.message))
        return _render_item(request, current, form=form, error=str(refused.message),
                            status=400 if refused.field else 409)
    messages.success(request, _("Het besluit is opgeslagen en de routes zijn gestart."))
    _previous, following = selectors.neighbours(current)
    target = (reverse("screening:item", kwargs={"pk": following.pk}) if following is not None
              else current.meeting.get_absolute_url())
    return HttpResponseRedirect(target)


@attending
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    current = _item_or_404(request, pk)
    if not (can_chair(request.user, current.meeting) or can_triage(request.user, current.signal)):
        raise PermissionDenied
    if current.status != ItemStatus.PENDING:
        raise Http404
    form = forms.EditItemForm(request.POST or None, initial={
        "version": current.version, "question": current.question, "summary": current.summary})
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_item(actor=request.user, item=current, question=data["question"],
                                   summary=data["summary"], expected_version=data["version"])
            except PermissionDenied:
                raise Http404 from None
            except StaleRecord as refused:
                current = _item_or_404(request, pk)
                error, status = str(refused.message), 409
                form = _kept(forms.EditItemForm, request.POST, current.version)
            except ScreeningError as refused:
                error, status = str(refused.message), 409
            else:
                messages.success(request, _("Het agendapunt is bijgewerkt."))
                return HttpResponseRedirect(current.meeting.get_absolute_url())
        else:
            error, status = _("Controleer de invoer: niet alles is goed ingevuld."), 400
    record_access(user=request.user, action="view", record=current.signal, reason="agendapunt bewerken")
    return render(request, "screening/edit_item.html", {"item": current, "form": form, "error": error},
                  status=status)


def _back(current):
    return HttpResponseRedirect(current.meeting.get_absolute_url() + f"#punt-{current.pk}")


@require_POST
@attending
def order(request, pk: int):
    """The agenda's one form for the chair: which button was pressed says what to do with which item
    (omhoog / omlaag: the item's id; doorschuiven: id and version)."""
    meeting = selectors.meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    if not can_chair(request.user, meeting):
        raise PermissionDenied
    pressed = next(((name, request.POST[name]) for name in ("omhoog", "omlaag", "doorschuiven")
                    if request.POST.get(name)), None)
    if pressed is None:
        messages.error(request, _("Kies wat er met een punt moet gebeuren."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    name, value = pressed
    item_id, _sep, version = value.partition(":")
    current = meeting.items.filter(pk=int(item_id) if item_id.isdigit() else 0).first()
    if current is None:
        raise Http404
    try:
        if name == "doorschuiven":
            services.move_to_next(actor=request.user, item=current,
                                  expected_version=int(version) if version.isdigit() else 0)
            messages.success(request, _("Het punt is doorgeschoven naar het volgende overleg."))
        else:
            services.move(actor=request.user, item=current, direction="up" if name == "omhoog" else "down")
    except ScreeningError as refused:
        messages.error(request, str(refused.message))
    return _back(current)


@require_POST
@attending
def move_to_next(request, pk: int):
    current = _chair_item_or_404(request, pk)
    try:
        services.move_to_next(actor=request.user, item=current, expected_version=posted_version(request))
    except ScreeningError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Het punt is doorgeschoven naar het volgende overleg."))
    return _back(current)


@require_POST
@attending
def withdraw(request, pk: int):
    current = _item_or_404(request, pk)
    try:
        services.withdraw(actor=request.user, item=current, expected_version=posted_version(request))
    except PermissionDenied:
        raise Http404 from None
    except ScreeningError as refused:
        messages.error(request, str(refused.message))
        return _back(current)
    messages.success(request, _("Het signaal is van de agenda gehaald en staat weer bij u in behandeling."))
    return HttpResponseRedirect(reverse("signalling:signal-detail", kwargs={"reference": current.signal.reference}))
