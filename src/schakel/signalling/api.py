"""Signals API: intake for partners (POST), the focal officer's list and detail (GET).

Thin: the serializer validates, the intake service does the work. Idempotent POST with an
`Idempotency-Key` header: the same key and body give the same signal and the same answer;
the same key with another body is a 409 problem.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, scope_for
from schakel.api.pagination import LinkedPagination
from schakel.api.parsers import StrictJSONParser
from schakel.api.problems import Conflict, RequestTooLarge
from schakel.privacy.audit import record_access
from schakel.privacy.files import removed_if_not_saved

from .forms import MAX_FILES
from .api_filters import filtered
from .models import ENTITY_BOOKKEEPING_KEYS, Channel, Signal, SignalStatus
from .serializers import (
    SERVICE_TO_API,
    SignalCreatedOut,
    SignalDetailOut,
    SignalIn,
    SignalListOut,
    api_errors,
    max_attachments_bytes,
)
from .services.intake import IdempotencyConflict, IntakeValidationError, submit_signal

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


class CanSubmitSignals(permissions.BasePermission):
    """Partner members and focal officers may send signals through the API."""

    def has_permission(self, request, view) -> bool:
        if request.method != "POST":
            return True
        roles = scope_for(request.user).roles
        return bool(roles & {Role.PARTNER_MEMBER, Role.FOCAL_OFFICER})


class IsFocalOfficerForReads(permissions.BasePermission):
    """Only focal officers read signals through the API, and only their municipalities' (scope)."""

    def has_permission(self, request, view) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            return True
        return bool(scope_for(request.user).municipalities_for(Role.FOCAL_OFFICER))


def _signal_url(request, reference: str) -> str:
    return reverse("api:signal-detail", kwargs={"reference": reference}, request=request)


def _camel(data):
    if isinstance(data, dict):
        return {SERVICE_TO_API.get(k, k): _camel(v) for k, v in data.items() if k not in ENTITY_BOOKKEEPING_KEYS}
    return data


def max_body_bytes() -> int:
    """A signal's JSON body: its files in base64 (4/3, plus line breaks) and 1 MB for the rest.

    settings/security.py lets Django read a body this large (DATA_UPLOAD_MAX_MEMORY_SIZE).
    """
    return max_attachments_bytes() * 3 // 2 + 1024 * 1024


def _refuse_oversized_body(request) -> None:
    """Before the body is read: a declared length beyond what a valid signal can need is a 413."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_body_bytes():
        raise RequestTooLarge(_("Het verzoek is groter dan %(max)s MB. Bijlagen mogen samen hoogstens %(total)s MB "
                                "zijn.") % {"max": max_body_bytes() // (1024 * 1024),
                                            "total": settings.API_MAX_ATTACHMENTS_MB})


# The plain columns of a signal as the API names them (SignalListOut; the detail adds to them),
# with the path the list reads each from. The reference comes first: a list row's URL takes it from there.
LIST_COLUMNS = (
    ("reference", "reference"), ("municipality", "municipality__cbs_code"), ("channel", "channel"),
    ("status", "status"), ("acuteDanger", "acute_danger"), ("forms", "forms"), ("sector", "sector"),
    ("locationType", "location_type"), ("receivedAt", "received_at"), ("firstReactionDue", "first_reaction_due"),
    ("triageDue", "triage_due"), ("waitingForReporter", "waiting_for_reporter"),
    ("assignedTo", "assigned_to__username"),
)
LIST_VALUES = tuple(path for _name, path in LIST_COLUMNS)


def _list_row(values: tuple, url: str) -> dict:
    """A row of the list from the values of LIST_VALUES, in that order."""
    return {"url": url, **{name: value for (name, _path), value in zip(LIST_COLUMNS, values)}}


def _path_value(instance, path: str):
    for part in path.split("__"):
        if instance is None:
            return None
        instance = getattr(instance, part)
    return instance


def _list_fields(signal, *, url: str) -> dict:
    """The list row of one loaded signal (the detail's plain columns)."""
    return _list_row(tuple(_path_value(signal, path) for path in LIST_VALUES), url)


class _CountedRows:
    """What the paginator pages: rows from one queryset, the count from another (without its joins)."""

    ordered = True  # the rows' queryset is ordered; Paginator asks

    def __init__(self, counted, rows):
        self.counted, self.rows = counted, rows

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, index):
        return self.rows[index]


def _attachments(signal) -> list[dict]:
    rows = signal.attachments.filter(discarded=False, stored_file__isnull=False).select_related("stored_file")
    return [{"filename": row.stored_file.original_name, "contentType": row.stored_file.content_type,
             "size": row.stored_file.size} for row in rows]


PNG_PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
ATTACHMENT_REFUSED = {
    "type": "about:blank", "title": "Ongeldige invoer", "status": 400,
    "detail": "Een of meer velden zijn niet goed ingevuld.",
    "invalidParams": [{"name": "attachments.1.content", "code": "not_allowed",
                       "reason": "Dit soort bestand kunnen we niet aannemen. Toegestaan zijn: PDF, foto's (JPEG, "
                                 "PNG, HEIC), platte tekst (UTF-8) en Word-, Excel- en OpenDocument-bestanden "
                                 "(.docx, .xlsx, .odt, .ods)."}],
}


STATUS_PARAMETER = OpenApiParameter("status", str, enum=SignalStatus.values, required=False,
                                    description="Alleen signalen met deze status.")
CHANNEL_PARAMETER = OpenApiParameter("channel", str, enum=Channel.values, required=False,
                                     description="Alleen signalen uit dit kanaal.")


class SignalCollection(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSubmitSignals, IsFocalOfficerForReads]
    pagination_class = LinkedPagination
    # One body format, files included (decision 0036): a form or multipart body is a 415, and
    # no multipart upload spills plaintext to a temporary file.
    parser_classes = [StrictJSONParser]

    @extend_schema(
        operation_id="signals_create",
        summary="Een signaal melden",
        description=(
            "Meldt een signaal bij de aandachtsfunctionaris van de gemeente. Voor ketenpartners en "
            "aandachtsfunctionarissen. Stuur een `Idempotency-Key`-header mee: dezelfde sleutel met "
            "dezelfde inhoud geeft hetzelfde signaal terug (200), dezelfde sleutel met andere inhoud "
            "geeft 409; de bijlagen horen bij de inhoud en worden bij een herhaling niet nog eens opgeslagen.\n\n"
            "**Bijlagen** gaan mee in `attachments`, elk met `filename` en `content` (base64). Het soort "
            "bestand volgt uit de inhoud (niet uit de naam): PDF, JPEG, PNG, HEIC, platte tekst (UTF-8), "
            ".docx, .xlsx, .odt, .ods; geen macro's, geen wachtwoordbeveiliging, geen malware. Hoogstens "
            f"{MAX_FILES} bestanden, elk hoogstens SCHAKEL_MAX_UPLOAD_MB (standaard 20 MB), samen hoogstens "
            "SCHAKEL_API_MAX_ATTACHMENTS_MB (standaard 30 MB). Een geweigerd bestand geeft 400 met het veld "
            "in `invalidParams` (bijvoorbeeld `attachments.1.content`) en er wordt niets opgeslagen: geen "
            "signaal en geen bestand. Een body groter dan 1,5 × de totale limiet + 1 MB geeft 413."),
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False,
                                     description="Eigen unieke sleutel per melding (bijv. een UUID).")],
        request=SignalIn,
        responses={
            201: SignalCreatedOut,
            200: OpenApiResponse(SignalCreatedOut, description="Herhaald verzoek"),
            (400, "application/problem+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Ongeldige invoer, ook een geweigerde of onleesbare bijlage: `invalidParams` noemt "
                            "het veld (`attachments.1.content`, `attachments`), met een code als `base64`, "
                            "`not_allowed`, `macros`, `encrypted`, `malware`, `too_large`, `max_files`.",
                examples=[OpenApiExample("Geweigerde bijlage", value=ATTACHMENT_REFUSED)]),
            (413, "application/problem+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Verzoek te groot: de body is groter dan bijlagen tot de "
                                                 "totale limiet nodig hebben; niet gelezen."),
        },
        examples=[
            OpenApiExample("Nagelsalon", request_only=True, value={
                "municipality": "GM0988", "description": "Jonge vrouwen werken tot laat, slapen in de salon.",
                "acuteDanger": False, "forms": ["labour"], "locationType": "nail_salon",
                "address": {"postcode": "6001 AB", "houseNumber": "12"},
                "phones": [{"number": "+31 6 12345678"}]}),
            OpenApiExample("Met een bijlage", request_only=True, value={
                "municipality": "GM0988", "description": "Advertentie voor massage, 24 uur per dag, nieuwe meisjes.",
                "websites": [{"url": "www.voorbeeld.nl/advertentie"}],
                "attachments": [{"filename": "advertentie.png", "content": PNG_PIXEL}]}),
        ],
    )
    def post(self, request):
        _refuse_oversized_body(request)
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError({IDEMPOTENCY_HEADER: ["Hoogstens 200 tekens."]})
        try:
            data = request.data
        except exceptions.UnsupportedMediaType:
            raise exceptions.UnsupportedMediaType(
                request.content_type, detail=_("Stuur het signaal als application/json; bestanden gaan in base64 "
                                               "mee in het veld attachments.")) from None
        serializer = SignalIn(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            # The files are checked already (serializer); should the intake still fail after
            # storing some, their bytes leave the disk with the rolled-back rows.
            with removed_if_not_saved():
                organisation = _reporting_organisation(request.user)
                signal = submit_signal(
                    channel=Channel.PARTNER_API,
                    municipality=serializer.validated_data["municipality"],
                    # The id stays in the payload for the fingerprint of a replay (a client may retry
                    # a key much later); the service takes the organisation itself, without a query.
                    payload={**serializer.payload(),
                             "reporter_organisation": organisation.pk if organisation else None},
                    reporter_organisation=organisation,
                    reporter=request.user,
                    files=serializer.files(),
                    idempotency_key=f"api:{request.user.pk}:{key}" if key else None,
                )
        except IntakeValidationError as exc:
            raise exceptions.ValidationError(api_errors(exc.errors)) from None
        except IdempotencyConflict:
            raise Conflict("Deze Idempotency-Key is al gebruikt voor een andere melding.") from None
        body = SignalCreatedOut({
            "reference": signal.reference, "url": _signal_url(request, signal.reference),
            "status": signal.status, "receivedAt": signal.received_at,
            "firstReactionDue": signal.first_reaction_due, "triageDue": signal.triage_due,
            # Without files in this body the first one had none either (same fingerprint): no query.
            "attachments": _attachments(signal) if serializer.validated_data.get("attachments") else [],
        }).data
        code = status.HTTP_201_CREATED if signal.created_now else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["url"]})

    @extend_schema(
        operation_id="signals_list",
        summary="Signalen van mijn gemeente(n)",
        description="Voor aandachtsfunctionarissen: de signalen van de gemeenten waarvoor zij werken, "
                    "op volgorde van de triagetermijn. Zonder vrije tekst of persoonsgegevens.",
        parameters=[STATUS_PARAMETER, CHANNEL_PARAMETER,
                    OpenApiParameter("page", int, required=False), OpenApiParameter("pageSize", int, required=False)],
        responses=SignalListOut(many=True),
    )
    def get(self, request):
        queryset = filtered(Signal.objects.handled_by_focal_officer(request.user), request.query_params)
        # The page's rows as plain values with municipality and assignee joined (no model instances:
        # three per row cost more CPU than the rest of the page); the count runs on the bare scoped
        # queryset, without the joins.
        rows = queryset.order_by("triage_due", "id").values_list(*LIST_VALUES)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_CountedRows(queryset, rows), request, view=self)
        base = reverse("api:signal-collection", request=request)
        data = [_list_row(row, f"{base}/{row[0]}") for row in page]
        return paginator.get_paginated_response(SignalListOut.represent(data))


def _reporting_organisation(user):
    """The organisation of the user's first partner or focal-officer membership (the request's memberships)."""
    for membership in active_memberships(user):  # in id order
        if membership.role in (Role.PARTNER_MEMBER, Role.FOCAL_OFFICER) and membership.organisation.active:
            return membership.organisation
    return None


class SignalItem(APIView):
    permission_classes = [permissions.IsAuthenticated, IsFocalOfficerForReads]

    @extend_schema(
        operation_id="signals_retrieve",
        summary="Eén signaal",
        description="Voor de aandachtsfunctionaris van de gemeente van het signaal; elke opvraging komt in "
                    "het toegangslog. Andermans signaal geeft 404.",
        responses=SignalDetailOut,
        parameters=[OpenApiParameter("reference", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     description="Kenmerk, bijvoorbeeld 2026-000123")],
    )
    def get(self, request, reference: str):
        signal = (Signal.objects.handled_by_focal_officer(request.user)
                  .select_related("municipality", "assigned_to").filter(reference=reference).first())
        if signal is None:
            raise exceptions.NotFound()
        record_access(user=request.user, action="view", record=signal, reason="API: signaal opgevraagd")
        entities = [{"kind": e.kind, "personRole": e.person_role, "data": _camel(e.data or {})}
                    for e in signal.entities.all()]
        body = SignalDetailOut({
            **_list_fields(signal, url=_signal_url(request, signal.reference)),
            "description": signal.description, "observedOn": signal.observed_on,
            "address": _camel(signal.location_address) if signal.location_address else None,
            "minorsInvolved": signal.minors_involved,
            "indicators": sorted(signal.indicators.values_list("code", flat=True)),
            "reporterDepartment": signal.reporter_department,
            "reporterContact": signal.reporter_contact or None,
            "closeReason": signal.close_reason, "entities": entities,
        }).data
        return Response(body)
