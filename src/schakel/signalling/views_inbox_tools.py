"""The focal officer's tools around the inbox: export, 'Mijn filters', standard texts and messages.

Thin: parse, call a service or selector, render or redirect. Every page is for the focal officer
(permission signalling.triage, 403 otherwise); a signal, filter or text that is not theirs is 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.accounts.permissions import permission_required
from schakel.accounts.tenancy import get_visible_or_404
from schakel.clock import now, today
from schakel.privacy.audit import record_access

from . import exports
from . import forms_triage
from . import permissions  # noqa: F401  (registers the permissions used below)
from . import selectors
from .forms_inbox import SavedFilterForm, StandardMessageForm, StandardTextForm
from .models import SavedFilter, StandardText
from .services import saved_filters
from .services import standard_texts as texts_service
from .transitions import SignalDomainError


def inbox_filters(query) -> selectors.InboxFilters:
    """The inbox's filters as the inbox page reads them from its GET parameters."""
    from .views_triage import _filters

    return _filters(forms_triage.InboxForm(query)) if query else selectors.InboxFilters()


@never_cache
@require_GET
@permission_required("signalling.triage")
def inbox_export(request):
    """/signalen/export?formaat=csv|xlsx&<the inbox's filters>: the current list as a spreadsheet."""
    file_format = request.GET.get("formaat", "csv")
    if file_format not in exports.FORMATS:
        raise Http404
    query = request.GET.copy()
    query.pop("formaat", None)
    query.pop("pagina", None)
    asked = query.pop("omschrijving", None) is not None
    if asked and not exports.free_text_allowed():
        raise PermissionDenied
    filters = inbox_filters(query)
    rows, cut = exports.export_rows(user=request.user, filters=filters, today=today(), now=now(),
                                    with_description=asked)
    record_access(user=request.user, action="export", record_type="signalling.signal", flagged=asked,
                  reason=f"inbox: export {file_format} van {len(rows)} signalen"
                         + (" met omschrijving (vrije tekst)" if asked else "")
                         + (" (afgekapt)" if cut else "") + (" met zoekopdracht" if filters.query.strip() else ""))
    content = (exports.as_csv(rows, with_description=asked) if file_format == "csv"
               else exports.as_xlsx(rows, with_description=asked))
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    stamp = now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="signalen-{stamp}.{file_format}"'
    return response


@require_POST
@permission_required("signalling.triage")
def saved_filter_create(request):
    """Keep the inbox's current filters (sent along as hidden fields) under a name."""
    form = SavedFilterForm(request.POST)
    back = reverse("signalling:inbox") + "?" + urlencode(saved_filters.filter_params(request.POST))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["name"]))
        return HttpResponseRedirect(back)
    try:
        saved = saved_filters.save_filter(actor=request.user, name=form.cleaned_data["name"], query=request.POST)
    except saved_filters.SavedFilterError as refused:
        messages.error(request, refused.message)
        return HttpResponseRedirect(back)
    messages.success(request, _("Het filter ‘%(name)s’ is bewaard bij Mijn filters.") % {"name": saved.name})
    return HttpResponseRedirect(back)


@require_POST
@permission_required("signalling.triage")
def saved_filter_delete(request, pk: int):
    saved = get_visible_or_404(SavedFilter.objects.all(), request.user, pk=pk)
    name = saved.name
    saved_filters.delete_filter(actor=request.user, saved_filter=saved)
    messages.success(request, _("Het filter ‘%(name)s’ is verwijderd.") % {"name": name})
    return HttpResponseRedirect(reverse("signalling:inbox"))


@require_POST
@permission_required("signalling.triage")
def standard_message(request, reference: str):
    """Send a standard text of the region to the signal's reporter (the signal page's section)."""
    signal = selectors.signal_for_triage(user=request.user, reference=reference)
    texts = texts_service.texts_for_signal(signal)
    form = StandardMessageForm(request.POST, texts=texts, prefix="standard")
    detail = reverse("signalling:signal-detail", kwargs={"reference": signal.reference})
    if not form.is_valid():
        messages.error(request, _("Kies een standaardtekst."))
        return HttpResponseRedirect(detail + "#standaardbericht")
    try:
        with transaction.atomic():
            texts_service.send_standard_message(actor=request.user, signal=signal,
                                                standard_text_id=form.cleaned_data["standard_text"],
                                                expected_version=form.cleaned_data["version"])
    except SignalDomainError as refused:
        messages.error(request, str(refused.message))
        return HttpResponseRedirect(detail + "#standaardbericht")
    messages.success(request, _("Het standaardbericht is verstuurd naar de melder."))
    return HttpResponseRedirect(detail)


def _text_form(regions, data=None, text: StandardText | None = None) -> StandardTextForm:
    initial = {"region": regions[0].pk if len(regions) == 1 else None, "active": True, "order": 0}
    if text is not None:
        initial = {"region": text.region_id, "title": text.title, "order": text.order, "active": text.active,
                   "version": text.version, **{f"text_{code}": value for code, value in (text.texts or {}).items()}}
    return StandardTextForm(data, regions=regions, initial=initial)


def _save_text(request, form, regions, text: StandardText | None):
    """Validate and save; None when saved, else the status of the page that shows the errors."""
    if not form.is_valid():
        return 400
    region = next(r for r in regions if r.pk == form.cleaned_data["region"])
    try:
        texts_service.save_standard_text(
            actor=request.user, region=region, title=form.cleaned_data["title"], texts=form.texts(),
            active=form.cleaned_data["active"], order=form.cleaned_data.get("order") or 0, standard_text=text,
            expected_version=form.cleaned_data.get("version") if text is not None else None)
    except texts_service.StaleStandardText as refused:
        form.add_error(None, refused.message)
        return 409
    except texts_service.StandardTextError as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return 400
    return None


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("signalling.triage")
def standard_texts(request):
    """/signalen/standaardteksten: the region's texts, and a form to add one."""
    regions = texts_service.regions_kept_by(request.user)
    if not regions:
        raise PermissionDenied
    form = _text_form(regions, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = _save_text(request, form, regions, None)
        if status is None:
            messages.success(request, _("De standaardtekst is toegevoegd."))
            return HttpResponseRedirect(reverse("signalling:standard-texts"))
    texts = list(StandardText.objects.visible_to(request.user).distinct().select_related("region")
                 .order_by("region__name", "order", "title", "id"))
    return render(request, "signalling/inbox/standard_texts.html",
                  {"texts": texts, "form": form, "regions": regions}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("signalling.triage")
def standard_text_edit(request, pk: int):
    regions = texts_service.regions_kept_by(request.user)
    text = get_visible_or_404(StandardText.objects.distinct(), request.user, pk=pk)
    form = _text_form(regions, request.POST if request.method == "POST" else None, text)
    status = 200
    if request.method == "POST":
        status = _save_text(request, form, regions, text)
        if status is None:
            messages.success(request, _("De standaardtekst is opgeslagen."))
            return HttpResponseRedirect(reverse("signalling:standard-texts"))
        if status == 409:
            text.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(text.version)
            kept = _text_form(regions, data, text)
            kept.is_valid()
            kept.add_error(None, form.non_field_errors()[0])
            form = kept
    return render(request, "signalling/inbox/standard_text_edit.html", {"text": text, "form": form},
                  status=status)


# The inbox's columns: (label, sort value ascending, sort value descending), in inbox.html's order.
COLUMNS = (
    ("Kenmerk", selectors.SortOrder.REFERENCE, selectors.SortOrder.REFERENCE_DESC),
    ("Ontvangen", selectors.SortOrder.RECEIVED_OLDEST, selectors.SortOrder.RECEIVED),
    ("Dagen open", selectors.SortOrder.RECEIVED, selectors.SortOrder.RECEIVED_OLDEST),
    ("Kanaal", selectors.SortOrder.CHANNEL, selectors.SortOrder.CHANNEL_DESC),
    ("Vorm", selectors.SortOrder.FORM, selectors.SortOrder.FORM_DESC),
    ("Gemeente", selectors.SortOrder.MUNICIPALITY, selectors.SortOrder.MUNICIPALITY_DESC),
    ("Status", selectors.SortOrder.STATUS, selectors.SortOrder.STATUS_DESC),
    ("Behandelaar", selectors.SortOrder.ASSIGNEE, selectors.SortOrder.ASSIGNEE_DESC),
    ("Termijn", selectors.SortOrder.DEADLINE, selectors.SortOrder.DEADLINE_DESC),
)


def _column_labels() -> dict:
    # Literal gettext calls, so the catalogue has them.
    return {"Kenmerk": _("Kenmerk"), "Ontvangen": _("Ontvangen"), "Dagen open": _("Dagen open"),
            "Kanaal": _("Kanaal"), "Vorm": _("Vorm"), "Gemeente": _("Gemeente"), "Status": _("Status"),
            "Behandelaar": _("Behandelaar"), "Termijn": _("Termijn")}


def inbox_extras(request, filters: selectors.InboxFilters) -> dict:
    """What the inbox shows around its table: sortable headers, 'Mijn filters', export links."""
    keep = {key: value for key, value in request.GET.items() if key not in ("pagina", "sort") and value}
    keep.setdefault("tab", filters.tab)
    labels = _column_labels()
    columns = []
    for key, ascending, descending in COLUMNS:
        sorted_here = filters.sort in (ascending, descending)
        # Sorted on this column already: the link turns the direction round.
        target = descending if filters.sort == ascending else ascending
        aria = ("ascending" if filters.sort == ascending else "descending") if sorted_here else ""
        if key == "Dagen open" and sorted_here:
            aria = "ascending" if filters.sort == selectors.SortOrder.RECEIVED else "descending"
        columns.append({"label": labels[key], "url": "?" + urlencode({**keep, "sort": target}), "aria_sort": aria})
    params = saved_filters.filter_params({**keep, "sort": filters.sort})
    export_query = urlencode(params)
    return {
        "columns": columns,
        "saved_filters": [{"filter": saved, "url": "?" + urlencode(saved.params or {})}
                          for saved in saved_filters.filters_of(request.user)],
        "save_filter_form": SavedFilterForm(),
        "filter_params": sorted(params.items()),
        "export_csv_url": reverse("signalling:inbox-export") + f"?formaat=csv&{export_query}",
        "export_xlsx_url": reverse("signalling:inbox-export") + f"?formaat=xlsx&{export_query}",
        "export_free_text_url": (reverse("signalling:inbox-export") + f"?formaat=xlsx&omschrijving=ja&{export_query}"
                                 if exports.free_text_allowed() else ""),
        "export_limit": exports.EXPORT_LIMIT,
    }
