"""The pages of the people who carry out actions: 'Mijn acties' and one action.

Thin: parse the input, call a selector or a service, render. A page that is not for your role
is a 403 (permission_required); an action of another organisation is a 404 (tenancy scope plus
the owner organisation). Every change is a POST that redirects (a reload does not repeat it);
a stale version is refused with an explanation and the typed input kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schakel.accounts.permissions import permission_required
from schakel.clock import today
from schakel.privacy.audit import record_access

from . import forms, selectors, services
from .models import ActionStatus
from .sources import source_label


@require_GET
@permission_required("actions.work_on")
def my_actions(request):
    form = forms.ActionListForm(request.GET or None)
    form.is_valid()
    data = form.cleaned_data if request.GET else {}
    filters = selectors.ListFilters(status=data.get("status") or forms.ListFilter.UNFINISHED,
                                    query=data.get("q") or "", sort=data.get("sort") or forms.SortOrder.DUE)
    page = selectors.my_actions(user=request.user, filters=filters, today=today(),
                                page_number=request.GET.get("pagina") or 1)
    # What each row shows, computed once here rather than per row in the template (make bench:
    # a reversed URL, an include and a lazy status label per row were most of the page's time).
    detail_prefix = reverse("actions:detail", kwargs={"pk": 0})[:-2]
    labels = {value: str(label) for value, label in ActionStatus.choices}
    day = today()
    for action in page.object_list:
        action.url = f"{detail_prefix}{action.pk}/"
        action.status_label = labels.get(action.status, action.status)
        action.overdue = action.is_overdue(day)
    if filters.query.strip():
        # The query may be a reference: log that a search happened, not what.
        record_access(user=request.user, action="search", record_type="actions.action",
                      reason="mijn acties: zoeken")
    keep = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    statuses = [{"value": value, "label": label, "current": value == filters.status,
                 "url": "?" + urlencode({**keep, "status": value})} for value, label in forms.ListFilter.choices]
    return render(request, "actions/mine.html", {
        "form": form if request.GET else forms.ActionListForm(initial={"sort": filters.sort}),
        "filters": filters,
        "page": page,
        "statuses": statuses,
        "status_label": dict(forms.ListFilter.choices)[filters.status],
        "page_query": urlencode(keep),
        "today": today(),
        "overdue_label": _("Te laat"),
    })


def _action_or_404(request, pk: int):
    action = (selectors.organisation_actions(request.user)
              .select_related("signal", "owner_organisation", "municipality", "responsible", "accepted_by",
                              "finished_by")
              .filter(pk=pk).first())
    if action is None:
        raise Http404
    return action


def _render_detail(request, action, *, accept_form=None, report_form=None, error: str = "", status: int = 200):
    record_access(user=request.user, action="view", record=action, reason="actie bekeken")
    initial = {"version": action.version}
    return render(request, "actions/detail.html", {
        "action": action,
        "source_label": source_label(action.source),
        "overdue": action.is_overdue(today()),
        "history": selectors.history(action),
        "accept_form": accept_form or forms.AcceptForm(initial=initial, prefix="accept"),
        "report_form": report_form or forms.ReportBackForm(initial=initial, prefix="report"),
        "can_accept": action.status == ActionStatus.OPEN,
        "can_report": not action.is_finished,
        "error": error,
    }, status=status)


@require_GET
@permission_required("actions.work_on")
def detail(request, pk: int):
    return _render_detail(request, _action_or_404(request, pk))


def _kept(form_class, data, prefix: str, version: int):
    """What the person typed, with the version they have now seen."""
    refreshed = data.copy()
    refreshed[f"{prefix}-version"] = str(version)
    kept = form_class(refreshed, prefix=prefix)
    kept.is_valid()
    return kept


@require_POST
@permission_required("actions.work_on")
def accept_action(request, pk: int):
    action = _action_or_404(request, pk)
    form = forms.AcceptForm(request.POST, prefix="accept")
    if not form.is_valid():
        return _render_detail(request, action, accept_form=form, status=400,
                              error=_("Controleer de invoer: niet alles is goed ingevuld."))
    try:
        services.accept(actor=request.user, action=action, expected_version=form.cleaned_data["version"])
    except PermissionDenied:
        raise Http404 from None
    except services.StaleAction as refused:
        current = _action_or_404(request, pk)
        return _render_detail(request, current, error=str(refused.message), status=409,
                              accept_form=_kept(forms.AcceptForm, request.POST, "accept", current.version))
    except services.ActionError as refused:
        return _render_detail(request, _action_or_404(request, pk), error=str(refused.message), status=409)
    messages.success(request, _("U hebt de actie opgepakt. Meld terug wanneer die is uitgevoerd."))
    return HttpResponseRedirect(reverse("actions:detail", kwargs={"pk": action.pk}))


@require_POST
@permission_required("actions.work_on")
def report_action(request, pk: int):
    action = _action_or_404(request, pk)
    form = forms.ReportBackForm(request.POST, prefix="report")
    if not form.is_valid():
        return _render_detail(request, action, report_form=form, status=400,
                              error=_("Controleer de invoer: niet alles is goed ingevuld."))
    data = form.cleaned_data
    try:
        services.report_back(actor=request.user, action=action, status=data["status"], text=data["text"],
                             expected_version=data["version"])
    except PermissionDenied:
        raise Http404 from None
    except services.StaleAction as refused:
        current = _action_or_404(request, pk)
        return _render_detail(request, current, error=str(refused.message), status=409,
                              report_form=_kept(forms.ReportBackForm, request.POST, "report", current.version))
    except services.ActionError as refused:
        if refused.field in form.fields:
            form.add_error(refused.field, str(refused.message))
        return _render_detail(request, _action_or_404(request, pk), report_form=form, error=str(refused.message),
                              status=409 if refused.field is None else 400)
    messages.success(request, _("Uw terugmelding is opgeslagen. De aandachtsfunctionaris ziet de uitkomst."))
    return HttpResponseRedirect(reverse("actions:detail", kwargs={"pk": action.pk}))
