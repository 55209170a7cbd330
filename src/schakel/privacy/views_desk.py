"""The privacy officer's desk: grants, unusual access, retention, legal holds, processing register.

Thin: parse, call a selector or service, render. Like the other privacy pages, these answer 404
to every other role; a record outside the officer's area is 404 too.
"""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.clock import AMSTERDAM, now
from schakel.organisations.models import Region

from . import processing_register, retention, selectors_desk
from .area import officer_area
from .audit import record_access
from .desk import DeskError, revoke_grant, set_retention_period
from .flags import FlagError, detect_unusual_access, review_flag
from .forms_desk import FlagReviewForm, HoldForm, ReasonForm, RetentionPeriodForm
from .holds import HoldError, lift_hold, place_hold
from .models import AccessAction, AccessFlag, LegalHold, PurgeTrigger
from .permissions import permission_or_404
from .purge import apply_retention
from .views import _no_store

DESK = "privacy.desk"
DETECT_DAYS = 7
HOLDS_PER_PAGE = 50


def _with_forms(rows, form_class, *, bound=None, bound_pk=None):
    """One form per row, with the row's prefix (unique field ids); the refused one keeps its input."""
    for row in rows:
        row.form = bound if bound is not None and row.pk == bound_pk else form_class(prefix=f"r{row.pk}")
    return rows


def _page(request, template, context, status=200):
    return _no_store(render(request, template, context, status=status))


@require_GET
@permission_or_404(DESK)
def desk(request):
    upcoming = list(selectors_desk.open_requests_for_officer(request.user).only(
        "id", "kind", "received_on", "due_on", "extended_to")[:5])
    return _page(request, "privacy/desk/index.html", {"counts": selectors_desk.desk_counts(request.user),
                                                      "upcoming": upcoming,
                                                      "today": now().astimezone(AMSTERDAM).date()})


@require_GET
@permission_or_404(DESK)
def grants(request):
    rows = selectors_desk.grants_for_officer(request.user)
    record_access(user=request.user, action=AccessAction.SEARCH, record_type="privacy.emergencyaccess",
                  detail=f"noodtoegangen bekeken ({len(rows)})")
    return _page(request, "privacy/desk/grants.html", {"grants": _with_forms(rows, ReasonForm)})


@require_POST
@permission_or_404(DESK)
def grant_revoke(request, grant_id: int):
    grant = selectors_desk.running_grant_for_officer(request.user, grant_id)
    if grant is None:
        raise Http404
    form = ReasonForm(request.POST, prefix=f"r{grant.pk}")
    error = ""
    if form.is_valid():
        try:
            revoke_grant(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
        except DeskError as refused:
            error = refused.message
        else:
            messages.success(request, _("De noodtoegang is beëindigd. De houder krijgt hierover een e-mail."))
            return HttpResponseRedirect(reverse("privacy:grants"))
    rows = selectors_desk.grants_for_officer(request.user)
    return _page(request, "privacy/desk/grants.html", {
        "grants": _with_forms(rows, ReasonForm, bound=form, bound_pk=grant.pk), "form": form, "error": error},
        status=400)


@require_GET
@permission_or_404(DESK)
def flags(request):
    show = request.GET.get("toon", "open")
    rows = selectors_desk.flags_for_officer(request.user, open_only=show != "alle")
    return _page(request, "privacy/desk/flags.html", {"flags": _with_forms(list(rows[:200]), FlagReviewForm),
                                                      "show": show})


@require_POST
@permission_or_404(DESK)
def flags_detect(request):
    moment = now()
    found = detect_unusual_access(now=moment, since=moment - datetime.timedelta(days=DETECT_DAYS))
    messages.success(request, _("Het toegangslog van de laatste %(days)d dagen is nagelopen: %(count)d nieuwe "
                                "meldingen.") % {"days": DETECT_DAYS, "count": found})
    return HttpResponseRedirect(reverse("privacy:flags"))


@require_POST
@permission_or_404(DESK)
def flag_review(request, flag_id: int):
    flag = AccessFlag.objects.visible_to(request.user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    form = FlagReviewForm(request.POST, prefix=f"r{flag.pk}")
    error = ""
    if form.is_valid():
        try:
            review_flag(actor=request.user, flag=flag, note=form.cleaned_data["note"])
        except FlagError as refused:
            error = refused.message
        else:
            messages.success(request, _("De melding is als gecontroleerd gemarkeerd."))
            return HttpResponseRedirect(reverse("privacy:flags"))
    rows = selectors_desk.flags_for_officer(request.user, open_only=True)
    return _page(request, "privacy/desk/flags.html", {
        "flags": _with_forms(list(rows[:200]), FlagReviewForm, bound=form, bound_pk=flag.pk), "show": "open",
        "form": form, "error": error}, status=400)


def _rule_rows(user):
    area = officer_area(user)
    region_id = min(area.region_ids) if area.region_ids else None
    rows = []
    for rule in retention.rules():
        rows.append({"key": rule.key, "label": rule.label, "noun": rule.noun, "basis": rule.basis,
                     "source": rule.source, "default": rule.default_months,
                     "months": retention.period_months(rule.key, region_id)})
    rows.append({"key": retention.ACCESS_LOG_RULE, "label": _("Toegangslog"), "noun": _("toegangslogregel"),
                 "basis": retention.default_periods().get(retention.ACCESS_LOG_RULE, {}).get("basis", ""),
                 "source": "", "default": retention.access_log_default_months(),
                 "months": retention.period_months(retention.ACCESS_LOG_RULE)})
    return rows


def _skipped_for_holds(user, dry_run) -> list[dict]:
    """What the dry run skips for a legal hold: the record, and the hold's reason, holder and review date."""
    record_types = {rule.key: rule.record_type for rule in retention.rules()}
    skipped = []
    for result in dry_run.results:
        for reference, held_ids in result.held_sample:
            holds = (LegalHold.objects.visible_to(user).filter(
                record_type=record_types.get(result.key, ""), record_id__in=held_ids, lifted_at__isnull=True)
                .select_related("placed_by").order_by("pk"))
            for hold in holds:
                skipped.append({"reference": reference, "hold": hold, "via": hold.reference != reference})
    return skipped


def _retention_page(request, *, form=None, status=200, error="", purge_form=None):
    dry_run, skipped = None, []
    if request.GET.get("proefdraai"):
        dry_run = apply_retention(now=now(), dry_run=True, area=officer_area(request.user),
                                  trigger=PurgeTrigger.OFFICER)
        record_access(user=request.user, action=AccessAction.SEARCH, record_type="privacy.purgelogentry",
                      detail=f"proefdraai bewaartermijnen: {dry_run.total} zouden worden verwijderd")
        skipped = _skipped_for_holds(request.user, dry_run)
    log = selectors_desk.purge_log_for_officer(request.user).select_related("municipality", "region")[:100]
    area = officer_area(request.user)
    return _page(request, "privacy/desk/retention.html", {
        "rules": _rule_rows(request.user), "dry_run": dry_run, "skipped": skipped, "purge_log": list(log),
        "form": form or RetentionPeriodForm(), "may_change": bool(area.region_ids), "error": error,
        "purge_form": purge_form or ReasonForm(prefix="opschonen"),
    }, status=status)


@require_GET
@permission_or_404(DESK)
def retention_page(request):
    return _retention_page(request)


@require_POST
@permission_or_404(DESK)
def retention_period(request):
    form = RetentionPeriodForm(request.POST)
    error = ""
    if form.is_valid():
        area = officer_area(request.user)
        region = Region.objects.filter(pk__in=area.region_ids).order_by("pk").first()
        try:
            set_retention_period(actor=request.user, rule_key=form.cleaned_data["rule_key"],
                                 months=form.cleaned_data["months"], reason=form.cleaned_data["reason"],
                                 region=region)
        except DeskError as refused:
            error = refused.message
        else:
            messages.success(request, _("De bewaartermijn is gewijzigd."))
            return HttpResponseRedirect(reverse("privacy:retention"))
    return _retention_page(request, form=form, status=400, error=error)


@require_POST
@permission_or_404(DESK)
def retention_purge(request):
    """Purge the officer's area now, after an explicit yes; the daily job does the same every night."""
    form = ReasonForm(request.POST, prefix="opschonen")
    if not form.is_valid():
        return _retention_page(request, purge_form=form, status=400)
    report = apply_retention(now=now(), dry_run=False, area=officer_area(request.user), trigger=PurgeTrigger.OFFICER,
                             actor=request.user)
    record_access(user=request.user, action=AccessAction.DELETE, record_type="privacy.purgelogentry",
                  reason=form.cleaned_data["reason"],
                  detail=f"opgeschoond door de privacyfunctionaris: {report.total} verwijderd"[:200])
    held = sum(result.held for result in report.results)
    blocked = sum(result.blocked for result in report.results)
    text = _("Opgeschoond: %(count)d gegevens verwijderd, %(held)d overgeslagen wegens bewaarplicht.") % {
        "count": report.total, "held": held}
    if blocked:
        text += " " + _("%(blocked)d konden nog niet worden verwijderd omdat andere onderdelen van Schakel ernaar "
                        "verwijzen; de beheerder ziet welke in het logboek van de server.") % {"blocked": blocked}
    messages.success(request, text)
    return HttpResponseRedirect(reverse("privacy:retention"))


def _holds_page(request, *, form=None, status=200, error="", lift_form=None, lift_pk=None):
    rows = selectors_desk.holds_for_officer(request.user)
    reference = request.GET.get("kenmerk", "").strip()[:40]
    if reference:
        rows = rows.filter(reference__icontains=reference)
    page = Paginator(rows, HOLDS_PER_PAGE).get_page(request.GET.get("pagina"))
    holds = _with_forms(list(page.object_list), ReasonForm, bound=lift_form, bound_pk=lift_pk)
    today = now().astimezone(AMSTERDAM).date()
    for hold in holds:
        hold.review_due = hold.active and hold.review_on <= today
    return _page(request, "privacy/desk/holds.html", {
        "holds": holds, "page": page, "reference": reference, "form": form or HoldForm(), "error": error},
        status=status)


@require_http_methods(["GET", "POST"])
@permission_or_404(DESK)
def holds(request):
    if request.method == "GET":
        return _holds_page(request)
    form = HoldForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            place_hold(actor=request.user, record_type=data["record_type"], reference=data["reference"],
                       reason=data["reason"], review_on=data["review_on"])
        except HoldError as refused:
            if refused.field in form.fields:
                form.add_error(refused.field, refused.message)
            else:
                error = refused.message
        else:
            messages.success(request, _("De bewaarplicht is geplaatst: dit gegeven wordt niet opgeschoond."))
            return HttpResponseRedirect(reverse("privacy:holds"))
    return _holds_page(request, form=form, status=400, error=error)


@require_POST
@permission_or_404(DESK)
def hold_lift(request, hold_id: int):
    hold = LegalHold.objects.visible_to(request.user).filter(pk=hold_id).first()
    if hold is None:
        raise Http404
    form = ReasonForm(request.POST, prefix=f"r{hold.pk}")
    if form.is_valid():
        try:
            lift_hold(actor=request.user, hold=hold, reason=form.cleaned_data["reason"])
        except HoldError as refused:
            messages.info(request, refused.message)
        else:
            messages.success(request, _("De bewaarplicht is opgeheven."))
        return HttpResponseRedirect(reverse("privacy:holds"))
    return _holds_page(request, status=400, lift_form=form, lift_pk=hold.pk,
                       error=_("Opheffen: geef een reden van minstens 10 tekens en bevestig."))


@require_GET
@permission_or_404(DESK)
def register(request):
    area = officer_area(request.user)
    region_id = min(area.region_ids) if area.region_ids else None
    return _page(request, "privacy/desk/register.html", {
        "controller": processing_register.controller(), "entries": processing_register.entries(region_id)})


@require_GET
@permission_or_404(DESK)
def register_export(request):
    area = officer_area(request.user)
    region_id = min(area.region_ids) if area.region_ids else None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([label for _attribute, label in processing_register.COLUMNS])
    writer.writerows(processing_register.as_rows(region_id))
    stamp = now().astimezone(AMSTERDAM).strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(True, f"verwerkingsregister-{stamp}.csv")
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


