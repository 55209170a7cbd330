"""The register per address and company, the deadlines list, and counts without content."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.clock import today
from schakel.privacy.audit import record_access
from schakel.signalling.normalise import normalise_kvk

from . import forms, selectors
from .catalogue import measure_types
from .models import SubjectKind
from .services.subjects import address_key, register_token

KINDS = {"adres": SubjectKind.ADDRESS, "bedrijf": SubjectKind.COMPANY}
SLUGS = {value: key for key, value in KINDS.items()}


def register_url(kind: str, token: str) -> str:
    return reverse("measures:register-subject", kwargs={"kind": SLUGS[kind], "token": token})


@require_http_methods(["GET", "POST"])
@permission_required("measures.work_on_measures")
def register(request):
    """Search by postcode + house number or KvK number. POST, so the identifier stays out of URLs and logs."""
    form = forms.RegisterSearchForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        kind, query = form.cleaned_data["kind"], form.cleaned_data["query"]
        normalised = address_key(query) if kind == SubjectKind.ADDRESS else normalise_kvk(query)
        if normalised:
            return HttpResponseRedirect(register_url(kind, register_token(kind, normalised)))
        error = (_("Dit is geen postcode met huisnummer, bijvoorbeeld ‘1234 AB 12’.") if kind == SubjectKind.ADDRESS
                 else _("Een KvK-nummer heeft acht cijfers, bijvoorbeeld ‘12345678’."))
        form.add_error("query", error)
    return render(request, "measures/register.html", {"form": form, "error": error},
                  status=400 if request.method == "POST" else 200)


@require_GET
@permission_required("measures.edit_measure")
def register_subject(request, kind: str, token: str):
    """Every measure on one address or company that the user may read (404 when there is none)."""
    if kind not in KINDS or len(token) > 32:
        raise Http404
    rows = selectors.register_rows(user=request.user, kind=KINDS[kind], token=token)
    if not rows:
        raise Http404
    record_access(user=request.user, action="search", record_type="measures.measuresubject",
                  reason=f"register per {kind}: {len(rows)} maatregelen")
    for row in rows:
        if row.measure.secret:
            record_access(user=request.user, action="view", record=row.measure,
                          reason="Bibob-maatregel in het register gezien (art. 28 Wet Bibob)")
    return render(request, "measures/register_subject.html", {
        "rows": rows, "kind": KINDS[kind], "shown": rows[0].display(), "today": today()})


@require_GET
@permission_required("measures.edit_measure")
def deadlines(request):
    overdue_only = request.GET.get("alleen") == "te-laat"
    steps = selectors.open_steps(user=request.user, today=today(), overdue_only=overdue_only)
    from .presenters import step_state

    for step in steps:
        step.state = step_state(step, today())
    return render(request, "measures/deadlines.html", {"steps": steps, "overdue_only": overdue_only})


@require_GET
@permission_required("measures.view_measure_counts")
def counts(request):
    municipalities = selectors.countable_municipalities(request.user)
    ids = [m.pk for m in municipalities]
    return render(request, "measures/counts.html", {
        "types": list(measure_types().values()),
        "rows": selectors.counts_per_municipality(ids),
        "years": selectors.counts_per_year(ids),
    })
