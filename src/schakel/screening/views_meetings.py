"""The screening pages around a meeting: calendar, settings, extra meeting, the agenda page,
sending, attendance, closing, and the minutes (page and PDF).

Thin: parse, call a selector or service, render. Not your role: 403; a meeting of another region
or one your organisation does not take part in: 404. Every change is a POST that redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.accounts.permissions import has_permission, permission_required
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now
from schakel.organisations.models import Region
from schakel.privacy.audit import record_access, record_accesses
from schakel.signalling.permissions import can_triage

from . import forms, selectors, services
from .errors import ScreeningError
from .models import MeetingStatus
from .permissions import can_chair, can_read_minutes, chaired_regions
from .services.decisions import attendance_choices
from .services.meetings import series_for

# Every screening page is for the table's people (403 for other roles); what each sees is scoped.
attending = permission_required("screening.attend")


def _chaired_region(request) -> Region:
    regions = sorted(chaired_regions(request.user))
    if not regions:
        raise PermissionDenied
    return Region.objects.get(pk=regions[0])


def _meeting_or_404(request, pk: int):
    meeting = selectors.meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    return meeting


@attending
@require_http_methods(["GET"])
def calendar(request):
    coming, past = selectors.calendar(request.user, now=now(), past_page=request.GET.get("pagina") or 1)
    return render(request, "screening/calendar.html", {
        "coming": coming, "past": past, "is_chair": bool(chaired_regions(request.user)),
        "partner_items": (list(selectors.partner_items(request.user)[:50])
                          if scope_for(request.user).has_role(Role.PARTNER_MEMBER) else []),
    })


@attending
@require_http_methods(["GET", "POST"])
def series_settings(request):
    region = _chaired_region(request)
    series = series_for(region)
    form = forms.SeriesForm(request.POST or None, region_id=region.pk, initial={
        "version": series.version, "weekday": series.weekday, "start_time": series.start_time,
        "duration_minutes": series.duration_minutes, "interval_weeks": series.interval_weeks,
        "place": series.place, "video_link": series.video_link,
        "agenda_notice_working_days": series.agenda_notice_working_days,
        "participants": list(series.participants.values_list("pk", flat=True))})
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.configure_series(
                    actor=request.user, region=region, expected_version=data["version"], weekday=data["weekday"],
                    start_time=data["start_time"], duration_minutes=data["duration_minutes"],
                    interval_weeks=data["interval_weeks"], place=data["place"], video_link=data["video_link"],
                    agenda_notice_working_days=data["agenda_notice_working_days"], participants=data["participants"])
            except ScreeningError as refused:
                error, status = str(refused.message), 409 if refused.field is None else 400
                if refused.field in form.fields:
                    form.add_error(refused.field, error)
            else:
                messages.success(request, _("Het overleg is ingesteld; de komende overleggen zijn gepland."))
                return HttpResponseRedirect(reverse("screening:calendar"))
        else:
            error, status = _("Controleer de invoer: niet alles is goed ingevuld."), 400
    return render(request, "screening/series.html", {"form": form, "region": region, "error": error}, status=status)


@attending
@require_http_methods(["GET", "POST"])
def extra_meeting(request):
    region = _chaired_region(request)
    form = forms.ExtraMeetingForm(request.POST or None, region_id=region.pk)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.schedule_extra(
                    actor=request.user, region=region, starts_at=form.starts_at(), reason=data["reason"],
                    place=data["place"], video_link=data["video_link"], participants=data["participants"])
            except ScreeningError as refused:
                error, status = str(refused.message), 400
                if refused.field in ("starts_at",):
                    form.add_error("day", error)
                elif refused.field in form.fields:
                    form.add_error(refused.field, error)
            else:
                messages.success(request, _("Het spoedoverleg is gepland. Zet de signalen op de agenda."))
                return HttpResponseRedirect(meeting.get_absolute_url())
        else:
            error, status = _("Controleer de invoer: niet alles is goed ingevuld."), 400
    return render(request, "screening/extra.html", {"form": form, "error": error}, status=status)


@attending
@require_http_methods(["GET"])
def meeting(request, pk: int):
    current = _meeting_or_404(request, pk)
    chair = can_chair(request.user, current)
    rows = selectors.agenda(request.user, current, with_texts=True)
    # One row per signal read, written in one statement (make bench: one insert and commit per item
    # was a third of the page's time).
    record_accesses(user=request.user, action="view", records=[row.item.signal for row in rows],
                    reason="screeningsoverleg: agendapunt gelezen")
    for row in rows:
        proposer = can_triage(request.user, row.item.signal)
        row.can_edit = proposer and current.is_open_for_agenda
        row.can_withdraw = row.can_edit and row.item.status == "pending"
    return render(request, "screening/meeting.html", {
        "meeting": current, "rows": rows, "is_chair": chair,
        "can_minutes": current.status == MeetingStatus.CLOSED and can_read_minutes(request.user, current),
        "attendance": selectors.attendance(current),
        "pending_count": sum(1 for row in rows if row.item.status == "pending"),
        "first_pending": next((row.item for row in rows if row.item.status == "pending"), None),
    })


def _chair_meeting_or_404(request, pk: int):
    current = _meeting_or_404(request, pk)
    if not can_chair(request.user, current):
        raise PermissionDenied
    return current


def posted_version(request) -> int:
    """The version the form was built on; junk reads as 0, which every service refuses as stale."""
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0


def _refusal(request, refused: ScreeningError, pk: int):
    messages.error(request, str(refused.message))
    return HttpResponseRedirect(reverse("screening:meeting", kwargs={"pk": pk}))


def _chair_act(request, pk: int, act, *, success, next_url: str = ""):
    """A chair's button on the meeting page: do it, say what happened (or why not), go back."""
    current = _chair_meeting_or_404(request, pk)
    try:
        result = act(current)
    except ScreeningError as refused:
        return _refusal(request, refused, pk)
    messages.success(request, success(result) if callable(success) else success)
    return HttpResponseRedirect(next_url or current.get_absolute_url())


@require_POST
@attending
def build(request, pk: int):
    return _chair_act(request, pk, lambda meeting: services.build_agenda(actor=request.user, meeting=meeting),
                      success=lambda added: _("Agenda bijgewerkt: %(count)s punten toegevoegd.") % {"count": added})


@require_POST
@attending
def send(request, pk: int):
    return _chair_act(request, pk, lambda meeting: services.send_agenda(
        actor=request.user, meeting=meeting, expected_version=posted_version(request)),
        success=_("De agenda is verstuurd: de deelnemers krijgen een e-mail met een link."))


@require_POST
@attending
def cancel(request, pk: int):
    return _chair_act(request, pk, lambda meeting: services.cancel_meeting(
        actor=request.user, meeting=meeting, expected_version=posted_version(request)),
        success=_("Het overleg vervalt."), next_url=reverse("screening:calendar"))


@attending
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    current = _chair_meeting_or_404(request, pk)
    memberships = list(attendance_choices(current))
    present_users = {a.user_id for a in selectors.attendance(current)}
    form = forms.AttendanceForm(request.POST or None, memberships=memberships, initial={
        "version": current.version, "present": [str(m.pk) for m in memberships if m.user_id in present_users]})
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_attendance(actor=request.user, meeting=current,
                                           membership_ids=[int(v) for v in form.cleaned_data["present"]],
                                           expected_version=form.cleaned_data["version"])
            except ScreeningError as refused:
                error, status = str(refused.message), 409
            else:
                messages.success(request, _("De aanwezigheid is vastgelegd."))
                return HttpResponseRedirect(current.get_absolute_url())
        else:
            error, status = _("Controleer de invoer: niet alles is goed ingevuld."), 400
    return render(request, "screening/attendance.html", {"meeting": current, "form": form, "error": error},
                  status=status)


@require_POST
@attending
def close(request, pk: int):
    return _chair_act(request, pk, lambda meeting: services.close_meeting(
        actor=request.user, meeting=meeting, expected_version=posted_version(request)),
        success=_("Het overleg is afgesloten. De notulen staan klaar."),
        next_url=reverse("screening:minutes", kwargs={"pk": pk}))


def _minutes_context(request, pk: int):
    current = _meeting_or_404(request, pk)
    if not has_permission(request.user, "screening.read_minutes", current) or current.status != MeetingStatus.CLOSED:
        raise Http404
    return current, {"meeting": current, "items": selectors.minutes(current),
                     "attendance": selectors.attendance(current)}


@attending
@require_http_methods(["GET"])
def minutes(request, pk: int):
    current, context = _minutes_context(request, pk)
    record_access(user=request.user, action="view", record=current, reason="notulen screeningsoverleg bekeken")
    return render(request, "screening/minutes.html", context)


@attending
@require_http_methods(["GET"])
def minutes_pdf(request, pk: int):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    current, context = _minutes_context(request, pk)
    record_access(user=request.user, action="download", record=current, reason="notulen screeningsoverleg (PDF)")
    html = render_to_string("screening/minutes_pdf.html", context, request=request)
    stylesheet = CSS(filename=finders.find("screening/minutes-pdf.css"))
    # No base_url: the document loads nothing from anywhere (fonts are the system's DejaVu, embedded).
    pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-screeningsoverleg-{current.starts_at:%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
