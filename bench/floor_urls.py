"""The framework floors: the same queries as the product's pages, answered by minimal Django and DRF.

No tenancy, no access log, no decryption, no base template, no login: what Django itself
costs for the same rows. Mounted under /_bench/floor/ next to the product's own URLs, only in
bench.settings (never in the product).

Each floor runs the product's bare query and nothing less: the same filter, order, columns and
count. It reads only the columns its page shows, as the product does; a floor that loaded whole
Signal rows would decrypt three encrypted columns per row that neither shows (the API floor did
until 25 November 2026: about half of its time for 100 rows).
"""

from __future__ import annotations

import datetime
import itertools
import os

from django.db import models
from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import Cast
from django.http import HttpResponse, JsonResponse
from django.template import Context, Engine
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics, pagination, serializers
from rest_framework.permissions import AllowAny

from schakel.signalling.models import SearchToken, Signal
from schakel.urls import handler400, handler403, handler404, handler500  # noqa: F401
from schakel.urls import urlpatterns as product_urlpatterns

LIST_COLUMNS = ("id", "reference", "status", "channel", "received_at", "first_reaction_due", "triage_due", "forms",
                "sector", "assigned_to_id", "acute_danger")

_ROWS = Engine(debug=False).from_string(
    "<!doctype html><html lang=\"nl\"><title>floor</title><table>"
    "{% for s in rows %}<tr><td>{{ s.reference }}</td><td>{{ s.status }}</td><td>{{ s.channel }}</td>"
    "<td>{{ s.received_at|date:'j-n-Y H:i' }}</td><td>{{ s.triage_due|date:'j-n-Y' }}</td>"
    "<td>{{ s.forms|join:', ' }}</td><td>{{ s.sector }}</td></tr>{% endfor %}</table></html>")


def _filtered(request):
    params = request.GET
    rows = Signal.objects.filter(municipality_id=int(params["municipality"]))
    if params.get("open"):
        rows = rows.exclude(status="closed")
    if params.get("status"):
        rows = rows.filter(status=params["status"])
    if params.get("channel"):
        rows = rows.filter(channel=params["channel"])
    if params.get("sector"):
        rows = rows.filter(sector=params["sector"])
    if params.get("form"):
        rows = rows.annotate(forms_text=Cast("forms", models.TextField())).filter(
            forms_text__contains=f'"{params["form"]}"')
    return rows


def _running_deadline():
    """The deadline that runs, as the product's inbox sorts on it (first reaction, then triage)."""
    in_triage = Q(status__in=["received", "in_triage"])
    return Case(When(in_triage & Q(first_reaction_at__isnull=True), then=F("first_reaction_due")),
                When(in_triage, then=F("triage_due")), default=None, output_field=models.DateField())


def inbox(request):
    """The inbox's first page with its count: 25 rows, a bare template.

    Sorted by the running deadline the product counts in the page query (COUNT(*) OVER ()), since
    that order reads every match anyway; the floor does the same (one query).
    """
    rows = list(_filtered(request).annotate(deadline=_running_deadline(), total=Window(Count("*")))
                .order_by(F("deadline").asc(nulls_last=True), "received_at", "id").values(*LIST_COLUMNS, "total")[:25])
    count = rows[0]["total"] if rows else 0
    return HttpResponse(_ROWS.render(Context({"rows": rows, "count": count})))


def search(request):
    """Signals of one municipality holding one token (identifier or word), newest first, with the count."""
    params = request.GET
    tokens = SearchToken.objects.filter(kind=params["kind"], token=params["token"])
    capped = any(f.attname == "municipality_id" for f in SearchToken._meta.concrete_fields)
    if capped:  # since signalling 0004: tokens of the municipality only, the count stops at 500 (as the product)
        kinds, values = [params["kind"]], [params["token"]]
        if params.get("name_token"):  # a word is also found as a name part, as the product does
            kinds, values = [params["kind"], "name"], [params["token"], params["name_token"]]
        tokens = SearchToken.objects.filter(kind__in=kinds, token__in=values, municipality_id=params["municipality"])
    rows = (_filtered(request).filter(id__in=tokens.values("signal_id")).order_by("-received_at", "-id")
            .values(*LIST_COLUMNS))
    page = list(rows[:25])
    count = rows.order_by()[:501].count() if capped else rows.count()  # unordered, as the product counts
    return HttpResponse(_ROWS.render(Context({"rows": page, "count": count})))


class FloorSerializer(serializers.ModelSerializer):
    """The product's list row (SignalListOut) as a plain ModelSerializer: the same 14 values."""

    municipality = serializers.CharField(source="municipality.cbs_code")
    assigned_to = serializers.CharField(source="assigned_to.username", default=None)

    class Meta:
        model = Signal
        fields = ("reference", "municipality", "channel", "status", "acute_danger", "forms", "sector",
                  "location_type", "received_at", "first_reaction_due", "triage_due", "waiting_for_reporter",
                  "assigned_to")


class FloorPagination(pagination.PageNumberPagination):
    page_size = 100


class FloorSignalList(generics.ListAPIView):
    """A plain DRF list of 100 signals of one municipality with a count, as the product's first page."""

    serializer_class = FloorSerializer
    pagination_class = FloorPagination
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []
    filter_backends: list = []

    def get_queryset(self):
        # The product's page query: its columns, municipality and assignee joined, its order.
        return (Signal.objects.filter(municipality_id=int(self.request.GET["municipality"]))
                .select_related("municipality", "assigned_to")
                .only("reference", "channel", "status", "acute_danger", "forms", "sector", "location_type",
                      "received_at", "first_reaction_due", "triage_due", "waiting_for_reporter",
                      "municipality__cbs_code", "assigned_to__username")
                .order_by(self.request.GET.get("sort", "-received_at"), "id"))


# --- the screening figures (issue 13) ----------------------------------------------------------

_AGENDA = Engine(debug=False).from_string(
    "<!doctype html><html lang=\"nl\"><title>floor</title><h1>{{ meeting.starts_at|date:'j-n-Y H:i' }} "
    "{{ meeting.region.name }}</h1><p>{% for o in participants %}{{ o.name }} {% endfor %}</p>"
    "<p>{% for a in attendance %}{{ a.user.first_name }} {{ a.user.last_name }} ({{ a.organisation.name }}) "
    "{% endfor %}</p><ol>{% for row in rows %}<li><h3>{{ row.item.signal.reference }} "
    "({{ row.item.municipality.name }})</h3><p>{{ row.item.origin }} {{ row.item.status }} {{ row.persons }} "
    "{{ row.related|join:', ' }}</p><p>{{ row.item.question_text }}</p><p>{{ row.item.summary_text }}</p>"
    "<ul>{% for e in row.earlier %}<li>{{ e.meeting.starts_at|date:'j-n-Y' }}: {% for r in e.routes.all %}"
    "{{ r.kind }} {% endfor %}</li>{% endfor %}</ul><ul>{% for a in row.actions %}<li>{{ a.title }} "
    "{{ a.owner_organisation.name }} {{ a.due_on|date:'j-n-Y' }} {{ a.status }}</li>{% endfor %}</ul>"
    "<ul>{% for r in row.routes %}<li>{{ r.kind }} {{ r.owner_organisation.name }} {{ r.due_on|date:'j-n-Y' }} "
    "{{ r.status }}</li>{% endfor %}</ul></li>{% endfor %}</ol></html>")


def agenda(request):
    """One meeting's agenda with what the table reads, as the product's agenda page queries it.

    The same rows and columns (the item's question and summary read as stored, not decrypted):
    the meeting, its live and moved items with signal reference and municipality, the persons by
    role, earlier decisions with their routes, open actions, the items' routes, merged duplicates,
    attendance and participants. No tenancy, access log, permissions or page frame.
    """
    from collections import defaultdict

    from django.db.models import Prefetch

    from schakel.actions.models import UNFINISHED_STATUSES, Action
    from schakel.screening.models import AgendaItem, Attendance, Meeting, Route
    from schakel.signalling.models import SignalEntity

    meeting = Meeting.objects.select_related("region").get(pk=int(request.GET["meeting"]))
    items = list(AgendaItem.objects.filter(meeting=meeting, status__in=("pending", "decided", "moved"))
                 .select_related("signal", "municipality", "decided_by")
                 .only("id", "signal_id", "municipality_id", "origin", "position", "status", "decided_at", "version",
                       "decided_by__first_name", "decided_by__last_name", "signal__reference", "municipality__name")
                 .annotate(question_text=Cast("question", models.TextField()),
                           summary_text=Cast("summary", models.TextField()),
                           table_summary_text=Cast("table_summary", models.TextField()))
                 .order_by("position", "id"))
    ids = [item.signal_id for item in items]
    persons = defaultdict(list)
    for signal_id, kind, role in SignalEntity.objects.filter(signal_id__in=ids).values_list(
            "signal_id", "kind", "person_role"):
        persons[signal_id].append(role or kind)
    earlier = defaultdict(list)
    for previous in (AgendaItem.objects.filter(signal_id__in=ids, status="decided").exclude(meeting=meeting)
                     .select_related("meeting").only("id", "signal_id", "decided_at", "meeting__starts_at")
                     .prefetch_related(Prefetch("routes", Route.objects.only("id", "item_id", "kind")))
                     .order_by("-decided_at")):
        earlier[previous.signal_id].append(previous)
    actions = defaultdict(list)
    for action in (Action.objects.filter(signal_id__in=ids, status__in=UNFINISHED_STATUSES)
                   .select_related("owner_organisation")
                   .only("id", "signal_id", "title", "due_on", "status", "owner_organisation__name")
                   .order_by("due_on")):
        actions[action.signal_id].append(action)
    routes = defaultdict(list)
    for route in (Route.objects.filter(item_id__in=[item.pk for item in items]).select_related("owner_organisation")
                  .only("id", "item_id", "kind", "due_on", "status", "owner_organisation__name").order_by("id")):
        routes[route.item_id].append(route)
    related = defaultdict(list)
    for duplicate in Signal.objects.filter(merged_into_id__in=ids).only("reference", "merged_into_id"):
        related[duplicate.merged_into_id].append(duplicate.reference)
    rows = [{"item": item, "persons": " ".join(persons[item.signal_id]), "earlier": earlier[item.signal_id],
             "actions": actions[item.signal_id], "routes": routes[item.pk], "related": related[item.signal_id]}
            for item in items]
    attendance = list(Attendance.objects.filter(meeting=meeting).select_related("user", "organisation")
                      .only("id", "user__first_name", "user__last_name", "organisation__name"))
    participants = list(meeting.participants.only("name"))
    return HttpResponse(_AGENDA.render(Context({"meeting": meeting, "rows": rows, "attendance": attendance,
                                                "participants": participants})))


_ACTIONS = Engine(debug=False).from_string(
    "<!doctype html><html lang=\"nl\"><title>floor</title><p>{{ page.paginator.count }}</p><table>"
    "{% for a in page %}<tr><td>{{ a.signal.reference }}</td><td>{{ a.title }}</td><td>{{ a.owner_organisation.name }}"
    "</td><td>{{ a.status }}</td><td>{{ a.due_on|date:'j-n-Y' }}</td><td>{{ a.created_at|date:'j-n-Y' }}</td>"
    "</tr>{% endfor %}</table></html>")


def my_actions(request):
    """'Mijn acties' of one organisation: its unfinished actions by due date, a page of 25 with the count."""
    from django.core.paginator import Paginator

    from schakel.actions.models import UNFINISHED_STATUSES, Action

    rows = (Action.objects.filter(owner_organisation_id=int(request.GET["organisation"]),
                                  status__in=UNFINISHED_STATUSES)
            .select_related("signal", "owner_organisation")
            .only("id", "title", "status", "due_on", "created_at", "accepted_at", "route_kind", "source",
                  "owner_organisation__id", "owner_organisation__name", "signal__id", "signal__reference")
            .order_by("due_on", "id"))
    page = Paginator(rows, 25).get_page(1)
    return HttpResponse(_ACTIONS.render(Context({"page": page})))


_numbers = itertools.count(1)


@csrf_exempt
def intake(request):
    """Insert one signal row from a POST: no validation, encryption, tokens, audit or deadlines."""
    from django.utils import timezone

    today = datetime.date.today()
    # A reference in the product's format, unique per worker process (year part 1000-9999 from the pid).
    reference = f"{1000 + os.getpid() % 9000}-{next(_numbers) % 1_000_000:06d}"
    signal = Signal.objects.create(
        reference=reference,
        municipality_id=int(request.POST["municipality"]), region_id=int(request.POST["region"]),
        channel="staff", received_at=timezone.now(), first_reaction_due=today, triage_due=today,
        forms=request.POST.getlist("forms"), sector=request.POST.get("sector", ""))
    return JsonResponse({"id": signal.pk}, status=201)


def ping(request):
    return HttpResponse("ok")


urlpatterns = [
    path("_bench/floor/ping", ping),
    path("_bench/floor/inbox", inbox),
    path("_bench/floor/search", search),
    path("_bench/floor/api/signals", FloorSignalList.as_view()),
    path("_bench/floor/intake", intake),
    path("_bench/floor/agenda", agenda),
    path("_bench/floor/actions", my_actions),
    *product_urlpatterns,
]
