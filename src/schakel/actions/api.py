"""Actions API for partners' systems: their organisation's actions, picking up and reporting back.

The same permission as 'Mijn acties' (`actions.work_on`): a role that never works on actions
gets 403; an action of another organisation is 404, on read and on every write. Changes go
through `schakel.actions.services` (accept, report_back), which lock the row, refuse a stale
version and write the history and the access log; a repeated request (a double submit, a retry
after a lost answer) returns the action as it is. A stale `version` is a 409 problem. Picking up
and reporting back are one PATCH of the action's status (decision 0080). See
decision 0080 for what is exposed and why.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from schakel.accounts.permissions import has_permission
from schakel.api.pagination import LinkedPagination
from schakel.api.parsers import StrictJSONParser
from schakel.api.problems import Conflict
from schakel.clock import today
from schakel.privacy.audit import record_access

from . import selectors, services
from .models import UNFINISHED_STATUSES, Action, ActionStatus
from .serializers import ActionChangeIn, ActionDetailOut, ActionListOut
from .sources import source_label


class WorksOnActions(permissions.BasePermission):
    """The roles of 'Mijn acties' (partner members, and focal officers and care coordinators for
    their own organisation's actions). A method the API does not offer stays a 405 for anyone."""

    def has_permission(self, request, view) -> bool:
        if not hasattr(view, request.method.lower()):
            return True
        return has_permission(request.user, "actions.work_on")


PROBLEM = "application/problem+json"
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Nummer van de actie.")
STATUS_PARAMETER = OpenApiParameter("status", str, enum=ActionStatus.values, required=False,
                                    description="Alleen acties met deze status.")
OVERDUE_PARAMETER = OpenApiParameter("overdue", bool, required=False,
                                     description="true: alleen acties die niet op tijd zijn afgerond (nog open of "
                                                 "opgepakt, datum voorbij); false: alleen de andere.")
SIGNAL_PARAMETER = OpenApiParameter("signal", str, required=False, pattern=r"^[0-9]{4}-[0-9]{6,7}$",
                                    description="Alleen acties bij dit signaal (kenmerk, bijvoorbeeld 2026-000123).")
PAGING_PARAMETERS = [OpenApiParameter("page", int, required=False), OpenApiParameter("pageSize", int, required=False)]

LIST_FIELDS = ("id", "title", "status", "due_on", "route_kind", "source", "created_at", "accepted_at",
               "finished_at", "version", "signal__reference", "municipality__cbs_code",
               "owner_organisation__name")

EXAMPLE_ROW = {
    "id": 41, "url": "https://schakel.example.nl/api/v1/actions/41", "title": "Doorverwijzing oppakken (Politie)",
    "status": "open", "dueOn": "2026-03-16", "overdue": False, "signal": "2026-000123", "municipality": "GM0988",
    "ownerOrganisation": "Politie Limburg", "source": "signalling.referral", "routeKind": "police",
    "createdAt": "2026-03-02T09:00:00Z", "acceptedAt": None, "finishedAt": None, "version": 1,
}
STALE = {"type": "about:blank", "title": "Conflict", "status": 409,
         "detail": "Iemand anders heeft deze actie intussen gewijzigd (nu versie 3). Er is niets opgeslagen; haal "
                   "de actie opnieuw op en probeer het opnieuw."}
NO_OUTCOME = {"type": "about:blank", "title": "Ongeldige invoer", "status": 400,
              "detail": "Een of meer velden zijn niet goed ingevuld.",
              "invalidParams": [{"name": "text", "code": "invalid",
                                 "reason": "Vul de uitkomst in: wat is er gedaan en wat kwam eruit?"}]}


def _action_url(request, pk: int) -> str:
    return reverse("api:action-detail", kwargs={"pk": pk}, request=request)


def _list_row(row: dict, *, url: str, now_today) -> dict:
    return {
        "id": row["id"], "url": url, "title": row["title"], "status": row["status"], "dueOn": row["due_on"],
        "overdue": row["status"] in UNFINISHED_STATUSES and row["due_on"] < now_today,
        "signal": row["signal__reference"], "municipality": row["municipality__cbs_code"],
        "ownerOrganisation": row["owner_organisation__name"], "source": row["source"],
        "routeKind": row["route_kind"], "createdAt": row["created_at"], "acceptedAt": row["accepted_at"],
        "finishedAt": row["finished_at"], "version": row["version"],
    }


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _detail(request, action: Action) -> dict:
    row = {name: _value(action, name) for name in LIST_FIELDS}
    history = [{"at": event.at, "kind": event.kind, "actor": _username(event.actor),
                "organisation": event.organisation_name} for event in selectors.history(action)]
    return ActionDetailOut({
        **_list_row(row, url=_action_url(request, action.pk), now_today=today()),
        "sourceLabel": source_label(action.source), "instructions": action.instructions,
        "outcome": action.outcome, "responsible": _username(action.responsible),
        "acceptedBy": _username(action.accepted_by), "finishedBy": _username(action.finished_by),
        "history": history,
    }).data


def _value(instance, path: str):
    for part in path.split("__"):
        instance = getattr(instance, part)
    return instance


def _action_or_404(request, pk: int) -> Action:
    """One action of the caller's organisations; any other is 'not there'."""
    action = (selectors.organisation_actions(request.user)
              .select_related("signal", "owner_organisation", "municipality", "responsible", "accepted_by",
                              "finished_by")
              .filter(pk=pk).first())
    if action is None:
        raise exceptions.NotFound()
    return action


def _truthy(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value not in {"true", "false"}:
        raise exceptions.ValidationError({name: [_("Geef true of false.")]})
    return value == "true"


class ActionCollection(APIView):
    permission_classes = [permissions.IsAuthenticated, WorksOnActions]
    pagination_class = LinkedPagination

    @extend_schema(
        operation_id="actions_list",
        summary="Acties van mijn organisatie",
        description="De acties van de organisatie(s) waarvoor u werkt, zoals 'Mijn acties' ze toont, op volgorde "
                    "van de uiterste datum. Zonder toelichting of uitkomst (die staan in de actie zelf). Voor "
                    "ketenpartners, en voor aandachtsfunctionarissen en zorgcoördinatoren wat hun eigen organisatie "
                    "uitvoert.",
        parameters=[STATUS_PARAMETER, OVERDUE_PARAMETER, SIGNAL_PARAMETER, *PAGING_PARAMETERS],
        responses={200: ActionListOut(many=True)},
        examples=[OpenApiExample("Eén open actie", response_only=True, value={
            "count": 1, "next": None, "previous": None, "results": [EXAMPLE_ROW]})],
    )
    def get(self, request):
        queryset = selectors.organisation_actions(request.user)
        wanted_status = request.query_params.get("status")
        if wanted_status:
            if wanted_status not in ActionStatus.values:
                raise exceptions.ValidationError({"status": [_("Onbekende status. Kies uit: %(values)s.")
                                                             % {"values": ", ".join(ActionStatus.values)}]})
            queryset = queryset.filter(status=wanted_status)
        now_today = today()
        overdue = request.query_params.get("overdue")
        if overdue is not None:
            late = Q(status__in=UNFINISHED_STATUSES, due_on__lt=now_today)  # as ActionQuerySet.overdue
            queryset = queryset.filter(late) if _truthy("overdue", overdue) else queryset.exclude(late)
        reference = request.query_params.get("signal")
        if reference:
            queryset = queryset.filter(signal__reference=reference.strip())
        rows = queryset.order_by("due_on", "id").values(*LIST_FIELDS)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        base = reverse("api:action-collection", request=request)
        data = [_list_row(row, url=f"{base}/{row['id']}", now_today=now_today) for row in page]
        return paginator.get_paginated_response(ActionListOut(data, many=True).data)


def _stale(action_pk: int) -> Conflict:
    current = Action.objects.filter(pk=action_pk).values_list("version", flat=True).first()
    return Conflict(_("Iemand anders heeft deze actie intussen gewijzigd (nu versie %(version)s). Er is niets "
                      "opgeslagen; haal de actie opnieuw op en probeer het opnieuw.") % {"version": current})


def _refused(error: services.ActionError, action_pk: int) -> exceptions.APIException:
    """A refusal of the service as a problem: stale as 409 with the current version, a field's as 400
    naming it, the action's state (already picked up or finished) as 409."""
    if isinstance(error, services.StaleAction):
        return _stale(action_pk)
    if error.field:
        return exceptions.ValidationError({error.field: [str(error.message)]})
    return Conflict(str(error.message))


def _change(request, action: Action, data: dict) -> None:
    if data["status"] == ActionStatus.IN_PROGRESS:
        services.accept(actor=request.user, action=action, expected_version=data["version"])
    else:
        services.report_back(actor=request.user, action=action, status=data["status"], text=data.get("text", ""),
                             expected_version=data["version"])


class ActionItem(APIView):
    permission_classes = [permissions.IsAuthenticated, WorksOnActions]
    parser_classes = [StrictJSONParser]

    @extend_schema(
        operation_id="actions_retrieve",
        summary="Eén actie",
        description="Een actie van uw organisatie met toelichting, uitkomst en geschiedenis; elke opvraging komt "
                    "in het toegangslog. Een actie van een andere organisatie geeft 404.",
        parameters=[ID_PARAMETER],
        responses={200: ActionDetailOut},
    )
    def get(self, request, pk: int):
        action = _action_or_404(request, pk)
        record_access(user=request.user, action="view", record=action, reason="API: actie opgevraagd")
        return Response(_detail(request, action))

    @extend_schema(
        operation_id="actions_change_status",
        summary="Een actie oppakken of terugmelden",
        description=(
            "Zet de status van een actie van uw organisatie, met de `version` die u het laatst ophaalde:\n\n"
            "- `in_progress`: **oppakken**. Uw organisatie voert de actie uit; u wordt verantwoordelijke als er "
            "nog niemand was.\n"
            "- `done` met de uitkomst in `text`: **uitgevoerd**.\n"
            "- `not_done` met de reden in `text`: **niet uitgevoerd**.\n\n"
            "Terugmelden op een actie die nog niet was opgepakt, pakt die ook op. De aandachtsfunctionaris ziet de "
            "uitkomst bij het signaal. Hetzelfde verzoek nog eens (een dubbele verzending, een herhaling na een "
            "verloren antwoord) geeft de actie terug zoals die is (200), zonder iets dubbel op te slaan. Een "
            "verouderde `version` geeft 409, net als een andere terugmelding op een afgeronde actie; er is dan "
            "niets opgeslagen. Een actie van een andere organisatie geeft 404."),
        parameters=[ID_PARAMETER],
        request=ActionChangeIn,
        responses={
            200: OpenApiResponse(ActionDetailOut, description="De actie zoals die nu is (ook bij een herhaling)."),
            (400, PROBLEM): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Ongeldige invoer, bijvoorbeeld geen uitkomst of reden.",
                examples=[OpenApiExample("Uitkomst ontbreekt", value=NO_OUTCOME)]),
            (409, PROBLEM): OpenApiResponse(
                OpenApiTypes.OBJECT, description="De versie is verouderd (iemand anders wijzigde de actie), of de "
                                                 "actie is al opgepakt of afgerond. Er is niets opgeslagen.",
                examples=[OpenApiExample("Verouderde versie", value=STALE)]),
        },
        examples=[
            OpenApiExample("Oppakken", request_only=True, value={"status": "in_progress", "version": 1}),
            OpenApiExample("Uitgevoerd", request_only=True, value={
                "status": "done", "text": "Pand bezocht met de wijkagent; geen aanwijzingen voor uitbuiting.",
                "version": 2}),
            OpenApiExample("Niet uitgevoerd", request_only=True, value={
                "status": "not_done", "text": "Het bedrijf is verhuisd; nieuw adres onbekend.", "version": 2}),
        ],
    )
    def patch(self, request, pk: int):
        action = _action_or_404(request, pk)  # not yours: 404 before the body is read
        serializer = ActionChangeIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            _change(request, action, serializer.validated_data)
        except PermissionDenied:
            raise exceptions.NotFound() from None
        except services.ActionError as error:
            raise _refused(error, action.pk) from None
        return Response(_detail(request, _action_or_404(request, pk)))
