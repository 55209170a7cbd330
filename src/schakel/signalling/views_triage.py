"""The focal officer's pages: the inbox and one signal with its triage actions.

Thin: parse the input, call a selector or a service, render. A page that is not for your role
is a 403 (permission_required); a signal that is not yours is a 404 (tenancy scope). Someone
with an active break-the-glass grant on a signal sees its page read-only, without actions.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schakel.accounts.permissions import permission_required
from schakel.clock import now, today
from schakel.privacy.audit import record_access
from schakel.privacy.emergency import current_grant
from schakel.privacy.permissions import can_break_glass
from schakel.privacy.views import emergency_offer

from . import forms_triage as forms
from . import permissions  # noqa: F401  (registers the permissions used below)
from . import selectors
from .extensions import signal_sections
from .history_sentences import describe
from .models import EntityKind, MailboxMessage, SignalStatus
from .permissions import can_see_reporter, can_triage
from .services import triage
from .services.mailbox import mark_read_by_officer
from .transitions import SignalDomainError, allowed_targets
from .views_inbox_tools import inbox_extras

ACTIONS = ("oppakken", "toewijzen", "status", "doorverwijzen", "samenvoegen", "notitie", "betrokkene", "vraag")


def _filters(form: forms.InboxForm) -> selectors.InboxFilters:
    form.is_valid()
    data = form.cleaned_data  # the valid fields only: one wrong date does not drop the other filters
    return selectors.InboxFilters(
        tab=data.get("tab") or selectors.Tab.OPEN,
        query=data.get("q") or "",
        form=data.get("form") or "",
        sector=data.get("sector") or "",
        channel=data.get("channel") or "",
        status=data.get("status") or "",
        received_from=data.get("received_from"),
        received_until=data.get("received_until"),
        sort=data.get("sort") or (selectors.SortOrder.RECEIVED if data.get("tab") == selectors.Tab.CLOSED
                                  else selectors.SortOrder.DEADLINE),
    )


@require_GET
@permission_required("signalling.triage")
def inbox(request):
    form = forms.InboxForm(request.GET or None)
    filters = _filters(form) if request.GET else selectors.InboxFilters()
    result = selectors.inbox(user=request.user, filters=filters, today=today(), now=now(),
                             page_number=request.GET.get("pagina") or 1)
    if filters.query.strip():
        kinds = ",".join(sorted({term.kind for term in result.search_terms})) or "geen"
        # The query itself may be a name or a phone number: log that a search happened, not what.
        record_access(user=request.user, action="search", record_type="signalling.signal",
                      reason=f"inbox: zoeken op {kinds}")
    keep = {key: value for key, value in request.GET.items() if key not in ("pagina", "tab") and value}
    tabs = [{"value": value, "label": label, "current": value == filters.tab,
             "url": "?" + urlencode({**keep, "tab": value})} for value, label in selectors.Tab.choices]
    return render(request, "signalling/triage/inbox.html", {
        "form": form if request.GET else forms.InboxForm(initial={"sort": filters.sort}),
        "filters": filters,
        "result": result,
        "tabs": tabs,
        "current_tab_label": dict(selectors.Tab.choices)[filters.tab],
        "page_query": urlencode({**keep, "tab": filters.tab}),
        # Sortable headers, 'Mijn filters' and the export links (views_inbox_tools.py).
        **inbox_extras(request, filters),
    })


def _action_forms(signal, officers, *, bound: dict | None = None) -> dict:
    """Every action form of the detail page, unbound with the current version, or the one bound."""
    initial = {"version": signal.version}
    built = {
        "pick_up": forms.PickUpForm(initial=initial, prefix="pick_up"),
        "assign": forms.AssignForm(initial={**initial, "assignee": signal.assigned_to_id}, officers=officers,
                                   prefix="assign"),
        "to_triage": forms.StatusForm(initial={**initial, "target": SignalStatus.IN_TRIAGE}, prefix="to_triage"),
        "to_agenda": forms.StatusForm(initial={**initial, "target": SignalStatus.ON_AGENDA}, prefix="to_agenda"),
        "close": forms.CloseForm(initial={**initial, "target": SignalStatus.CLOSED}, prefix="close"),
        "reopen": forms.ReopenForm(initial={**initial, "target": SignalStatus.IN_TRIAGE}, prefix="reopen"),
        "refer": forms.ReferForm(initial=initial, prefix="refer",
                                 organisations=selectors.referral_organisations(signal)),
        "merge": forms.MergeForm(initial=initial, prefix="merge"),
        "note": forms.NoteForm(initial=initial, prefix="note"),
        "question": forms.QuestionForm(initial=initial, prefix="question"),
    }
    entity_forms = {kind: forms.EntityForm(initial={**initial, "kind": kind}, prefix=f"entity_{kind}")
                    for kind in forms.ENTITY_FIELDS}
    if bound:
        for key, form in bound.items():
            if key.startswith("entity_"):
                entity_forms[key.removeprefix("entity_")] = form
            else:
                built[key] = form
    built["entities"] = [(kind, label, entity_forms[kind]) for kind, label in EntityKind.choices
                         if kind in entity_forms]
    return built


def _render_detail(request, signal, *, bound: dict | None = None, error: str = "", status: int = 200):
    handles = can_triage(request.user, signal)
    # Someone opening it through break the glass: logged (and flagged by the access log itself).
    record_access(user=request.user, action="view", record=signal,
                  reason="triage: signaal bekeken" if handles else "signaal bekeken met noodtoegang")
    if handles:
        mark_read_by_officer(signal=signal, user=request.user)  # clears the inbox's 'nieuw bericht'
    officers = selectors.focal_officers_for(signal.municipality_id)
    targets = allowed_targets(signal.status, role="focal_officer")
    show_reporter = can_see_reporter(request.user, signal)
    context = {
        "signal": signal,
        "deadline": selectors.running_deadline(signal),
        "deadline_state": selectors.running_deadline_state(signal, today()),
        "handles": handles,
        "emergency": not handles,
        # Only the signal's own focal officers see who reported it, emergency access or not.
        "show_reporter": show_reporter,
        "grant": None if handles else current_grant(request.user, signal),
        # Each row a sentence ("Ruben Hoekstra heeft het signaal opgepakt."), history_sentences.py.
        "history": describe(selectors.history(signal), signal=signal, show_reporter=show_reporter),
        "entity_rows": _entity_rows(signal),
        "mailbox": list(MailboxMessage.objects.filter(signal=signal).select_related("sender").order_by("at", "id")),
        "referrals": list(signal.referrals.all().select_related("by", "to_organisation")),
        "attachments": _attachments(signal),
        "merged_signals": list(signal.merged_signals.all().only("reference", "status", "merged_into")),
        "indicators": list(signal.indicators.all()),
        "forms": _action_forms(signal, officers, bound=bound),
        "can": {
            "pick_up": signal.status != SignalStatus.CLOSED and (
                signal.assigned_to_id != request.user.pk or signal.status == SignalStatus.RECEIVED),
            "assign": signal.status != SignalStatus.CLOSED,
            "to_triage": SignalStatus.IN_TRIAGE in targets and signal.status == SignalStatus.RECEIVED,
            "to_agenda": SignalStatus.ON_AGENDA in targets,
            "close": SignalStatus.CLOSED in targets,
            "reopen": signal.status == SignalStatus.CLOSED,
            "refer": SignalStatus.REFERRED in targets or signal.status == SignalStatus.REFERRED,
            "merge": SignalStatus.CLOSED in targets,
            "enrich": signal.status != SignalStatus.CLOSED,
        },
        "error": error,
        # Sections other apps add (screening, actions): registered in signalling.extensions.
        "extra_sections": signal_sections(request, signal),
    }
    return render(request, "signalling/triage/detail.html", context, status=status)


ENTITY_LABELS = {name: field.label for name, field in forms.EntityForm.base_fields.items()}


def _entity_rows(signal) -> list[dict]:
    return [{"entity": entity, "fields": [(ENTITY_LABELS.get(key, key), value)
                                          for key, value in entity.shown_data().items()]}
            for entity in signal.entities.all().select_related("created_by")]


def _attachments(signal) -> list:
    """The stored files sent with the signal (downloads go through the privacy file view, logged)."""
    return [attachment.stored_file for attachment in
            signal.attachments.filter(discarded=False, stored_file__isnull=False).select_related("stored_file")]


@require_GET
@login_required
def detail(request, reference: str):
    """The focal officer's page of one signal; read-only for someone holding an emergency grant on it."""
    may_triage = can_triage(request.user)
    if not (may_triage or can_break_glass(request.user)):
        raise PermissionDenied
    try:
        signal = selectors.signal_for_triage(user=request.user, reference=reference, emergency=True)
    except Http404:
        if can_break_glass(request.user):
            # Met a signal they may not open (or that does not exist): the same page either way.
            return emergency_offer(request, "signalling.signal", reference)
        raise
    return _render_detail(request, signal)


def _bound_form(action: str, data, signal, officers):
    if action == "oppakken":
        return "pick_up", forms.PickUpForm(data, prefix="pick_up")
    if action == "toewijzen":
        return "assign", forms.AssignForm(data, prefix="assign", officers=officers)
    if action == "status":
        for key, form_class in (("to_triage", forms.StatusForm), ("to_agenda", forms.StatusForm),
                                ("close", forms.CloseForm), ("reopen", forms.ReopenForm)):
            if f"{key}-version" in data:
                return key, form_class(data, prefix=key)
    if action == "doorverwijzen":
        return "refer", forms.ReferForm(data, prefix="refer", organisations=selectors.referral_organisations(signal))
    if action == "samenvoegen":
        return "merge", forms.MergeForm(data, prefix="merge")
    if action == "notitie":
        return "note", forms.NoteForm(data, prefix="note")
    if action == "vraag":
        return "question", forms.QuestionForm(data, prefix="question")
    if action == "betrokkene":
        for kind in forms.ENTITY_FIELDS:
            if f"entity_{kind}-version" in data:
                return f"entity_{kind}", forms.EntityForm(data, prefix=f"entity_{kind}")
    raise Http404


def _perform(key: str, form, *, user, signal) -> str:
    data = form.cleaned_data
    version = data["version"]
    if key == "pick_up":
        triage.pick_up(actor=user, signal=signal, expected_version=version)
        return _("U hebt het signaal opgepakt.")
    if key == "assign":
        updated = triage.assign(actor=user, signal=signal, assignee=data["assignee"], expected_version=version)
        if updated.assigned_to_id != data["assignee"].pk:
            return _("%(requested)s is afwezig; het signaal is toegewezen aan de vervanger, %(backup)s.") % {
                "requested": data["assignee"], "backup": updated.assigned_to}
        return _("Het signaal is toegewezen aan %(name)s.") % {"name": updated.assigned_to}
    if key in ("to_triage", "to_agenda", "close", "reopen"):
        triage.change_status(actor=user, signal=signal, target=data["target"], expected_version=version,
                             reason=data.get("reason", ""), close_reason=data.get("close_reason", ""))
        return {
            "to_triage": _("Het signaal is in behandeling."),
            "to_agenda": _("Het signaal staat op de agenda van het screeningsoverleg."),
            "close": _("Het signaal is afgesloten."),
            "reopen": _("Het signaal is heropend."),
        }[key]
    if key == "refer":
        triage.refer(actor=user, signal=signal, to_kind=data["to_kind"], to_organisation=data["to_organisation"],
                     to_description=data["to_description"], note=data["note"], expected_version=version)
        return _("De doorverwijzing is vastgelegd.")
    if key == "merge":
        into = triage.merge(actor=user, duplicate=signal, into_reference=data["into_reference"],
                            reason=data["reason"], expected_version=version)
        return _("Dit signaal is samengevoegd met %(reference)s en afgesloten als dubbel.") % {
            "reference": into.reference}
    if key == "note":
        triage.add_note(actor=user, signal=signal, text=data["text"], expected_version=version)
        return _("De notitie is opgeslagen.")
    if key == "question":
        triage.ask_reporter(actor=user, signal=signal, text=data["text"], expected_version=version)
        return _("Uw vraag is verstuurd. Het signaal staat op ‘wacht op melder’.")
    if key.startswith("entity_"):
        triage.add_entity(actor=user, signal=signal, kind=data["kind"], data=form.entity_data(),
                          person_role=data.get("person_role", ""), expected_version=version)
        return _("De gegevens zijn toegevoegd.")
    raise Http404


def _with_current_version(data, key: str, version: int):
    """Keep everything the officer typed, with the version they have now seen."""
    refreshed = data.copy()
    refreshed[f"{key}-version"] = str(version)
    return refreshed


@require_POST
@permission_required("signalling.triage")
def action(request, reference: str, action: str):
    if action not in ACTIONS:
        raise Http404
    signal = selectors.signal_for_triage(user=request.user, reference=reference)
    officers = selectors.focal_officers_for(signal.municipality_id)
    key, form = _bound_form(action, request.POST, signal, officers)
    if not form.is_valid():
        return _render_detail(request, signal, bound={key: form}, status=400,
                              error=_("Controleer de invoer: niet alles is goed ingevuld."))
    try:
        with transaction.atomic():
            message = _perform(key, form, user=request.user, signal=signal)
    except triage.StaleVersion as refused:
        current = selectors.signal_for_triage(user=request.user, reference=reference)
        form_class = type(form)
        kwargs = {forms.AssignForm: {"officers": officers},
                  forms.ReferForm: {"organisations": selectors.referral_organisations(current)}}.get(form_class, {})
        kept = form_class(_with_current_version(request.POST, key, current.version), prefix=key, **kwargs)
        kept.is_valid()
        return _render_detail(request, current, bound={key: kept}, error=str(refused.message), status=409)
    except triage.InvalidEntity as refused:
        for field, text in refused.errors.items():
            form.add_error(None if field in ("__all__", "kind") or field not in form.fields else field, text)
        return _render_detail(request, signal, bound={key: form}, error=str(refused.message), status=400)
    except SignalDomainError as refused:
        field = getattr(refused, "field", None)
        if field in form.fields:
            form.add_error(field, str(refused.message))
        return _render_detail(request, signal, bound={key: form}, error=str(refused.message), status=400)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("signalling:signal-detail", kwargs={"reference": signal.reference}))
