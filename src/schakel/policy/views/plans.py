"""The action plan pages: list and create, overview with progress per line, activities, round trip."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from .. import exports, plan_overview, selectors, templates_data
from ..forms.plans import ActivityForm, ImportForm, LineForm, NoteForm, PlanForm
from ..models import Activity
from ..services import PolicyError, VersionConflict
from ..services import plan_import
from ..services import plans as service
from ..spreadsheets import XLSX_CONTENT_TYPE

MAX_UPLOAD = 5 * 1024 * 1024


def _owners(user) -> list[tuple[str, str]]:
    owners = [(f"m:{m.pk}", m.name) for m in selectors.municipalities(user)]
    owners += [(f"r:{r.pk}", _("Regio %(name)s") % {"name": r.name}) for r in selectors.regions(user)]
    return owners


def _plan_or_404(request, pk: int):
    plan = selectors.plans(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def _activity_or_404(request, pk: int):
    activity = Activity.objects.filter(pk=pk, line__plan__in=selectors.plans(request.user)).select_related(
        "line__plan").first()
    if activity is None:
        raise Http404
    return activity


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def plan_list(request):
    plans = list(selectors.plans(request.user).order_by("-first_year", "title"))
    owners = _owners(request.user)
    templates = templates_data.plan_templates()
    year = today().year
    form = PlanForm(request.POST or None, owners=owners, templates=templates,
                    initial={"template": templates[0]["key"], "first_year": year, "last_year": year + 3})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, pk = data["owner"].partition(":")
        owner = {"municipality": None, "region": None}
        if kind == "m":
            owner["municipality"] = selectors.municipalities(request.user).get(pk=pk)
        else:
            owner["region"] = selectors.regions(request.user).get(pk=pk)
        template = templates_data.plan_template(data["template"]) if data["template"] else None
        try:
            plan = service.create_plan(actor=request.user, title=data["title"] or (template or {}).get(
                "title") or _("Uitvoeringsplan"), first_year=data["first_year"], last_year=data["last_year"],
                template_key=data["template"] or "", **owner)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het uitvoeringsplan is aangemaakt."))
            return HttpResponseRedirect(reverse("policy:plan-detail", args=[plan.pk]))
    return render(request, "policy/plan_list.html", {"plans": plans, "form": form, "has_owners": bool(owners)},
                  status=400 if request.method == "POST" else 200)


@require_GET
@permission_required("policy.use")
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    return render(request, "policy/plan_detail.html", {
        "plan": plan, "overview": plan_overview.build(plan, today()), "line_form": LineForm(),
    })


@require_POST
@permission_required("policy.use")
def line_create(request, pk: int):
    plan = _plan_or_404(request, pk)
    form = LineForm(request.POST)
    if form.is_valid():
        service.add_line(plan=plan, title=form.cleaned_data["title"])
        messages.success(request, _("De actielijn is toegevoegd."))
    else:
        messages.error(request, _("Vul de naam van de actielijn in."))
    return HttpResponseRedirect(reverse("policy:plan-detail", args=[plan.pk]))


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def activity_create(request, pk: int):
    plan = _plan_or_404(request, pk)
    lines = list(plan.lines.all())
    initial = {"line": request.GET.get("actielijn") or (lines[0].pk if lines else None)}
    form = ActivityForm(request.POST or None, lines=lines, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        line = next(line for line in lines if line.pk == data.pop("line"))
        data.pop("version")
        try:
            service.add_activity(line=line, data=data)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De activiteit is toegevoegd."))
            return HttpResponseRedirect(reverse("policy:plan-detail", args=[plan.pk]))
    return render(request, "policy/activity_form.html", {"plan": plan, "form": form, "activity": None},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def activity_edit(request, pk: int):
    activity = _activity_or_404(request, pk)
    plan = activity.line.plan
    lines = list(plan.lines.all())
    initial = {f: getattr(activity, f) for f in service.ACTIVITY_FIELDS}
    initial.update(line=activity.line_id, version=activity.version)
    form = ActivityForm(request.POST or None, lines=lines, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        line = next(line for line in lines if line.pk == data.pop("line"))
        version = data.pop("version")
        try:
            service.change_activity(activity=activity, data=data, version=version, line=line)
        except VersionConflict as exc:
            error = str(exc)
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De activiteit is opgeslagen."))
            return HttpResponseRedirect(reverse("policy:activity-edit", args=[activity.pk]))
    return render(request, "policy/activity_form.html", {
        "plan": plan, "form": form, "activity": activity, "error": error, "notes": activity.notes.all(),
        "note_form": NoteForm(initial={"noted_on": today()}),
    }, status=409 if error else (400 if request.method == "POST" else 200))


@require_POST
@permission_required("policy.use")
def note_create(request, pk: int):
    activity = _activity_or_404(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            service.add_note(actor=request.user, activity=activity, **form.cleaned_data)
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("De voortgang is vastgelegd."))
    else:
        messages.error(request, _("Vul een datum en de voortgang in."))
    return HttpResponseRedirect(reverse("policy:activity-edit", args=[activity.pk]) + "#voortgang")


@require_GET
@permission_required("policy.use")
def plan_export(request, pk: int):
    plan = _plan_or_404(request, pk)
    response = HttpResponse(exports.plan_xlsx(plan), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="uitvoeringsplan-{plan.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("policy.use")
def plan_import_view(request, pk: int):
    plan = _plan_or_404(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("Het bestand is groter dan 5 MB."))
        else:
            result = plan_import.import_plan(actor=request.user, plan=plan, data=upload.read())
            if result.ok:
                messages.success(request, _("Het plan is bijgewerkt: %(created)s nieuwe en %(updated)s gewijzigde "
                                            "activiteiten, %(lines)s nieuwe actielijnen.")
                                 % {"created": result.created, "updated": result.updated,
                                    "lines": result.lines_created})
                return HttpResponseRedirect(reverse("policy:plan-detail", args=[plan.pk]))
    failed = request.method == "POST"
    return render(request, "policy/plan_import.html", {"plan": plan, "form": form, "result": result},
                  status=400 if failed else 200)
