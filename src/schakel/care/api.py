"""Care cases API (issue 15): the care coordinator's cases, read-only, with the caseload's permissions.

`care.work_on_cases` as on the caseload page (403 for other roles), the cases of the
coordinator's region through the app's selectors (`visible_to`); a case of another region is
404. Without the client's name, date of birth or any note: a case is known to other systems by
its client number (decision 0080). Each case read is in the access log. Changes stay on the
pages, which own the consent checks.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from schakel.accounts.permissions import has_permission
from schakel.api.pagination import LinkedPagination
from schakel.clock import today
from schakel.privacy.audit import record_access

from . import permissions as care_permissions  # noqa: F401  (registers care.work_on_cases)
from . import selectors
from .models import CaseStatus
from .models.work import OPEN_REFERRAL_STATUSES

CLIENT_NUMBER = r"ZC-[0-9]{4}-[0-9]{4,6}"


class CoordinatesCases(permissions.BasePermission):
    """The care coordinator's permission; a method the API does not offer stays a 405 for anyone."""

    def has_permission(self, request, view) -> bool:
        if not hasattr(view, request.method.lower()):
            return True
        return has_permission(request.user, "care.work_on_cases")


class CareCaseListOut(serializers.Serializer):
    """A caseload row: plain columns only, nothing encrypted."""

    clientNumber = serializers.CharField(help_text="Pseudoniem cliëntnummer, bijvoorbeeld ZC-2026-0001.")
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    municipality = serializers.CharField(help_text="CBS-code van de verantwoordelijke gemeente.")
    municipalityBasis = serializers.CharField(help_text="registered (ingeschreven) of found (aangetroffen).")
    referrer = serializers.CharField(help_text="Wie de cliënt aanmeldde (soort organisatie).")
    coordinator = serializers.CharField(allow_null=True, help_text="Gebruikersnaam van de zorgcoördinator.")
    openedOn = serializers.DateField()
    firstContactOn = serializers.DateField(allow_null=True)
    closedOn = serializers.DateField(allow_null=True)
    closeReason = serializers.CharField(allow_blank=True)
    gender = serializers.CharField()
    nationality = serializers.CharField(help_text="ISO 3166-1 alpha-2, of XX als onbekend.")
    residence = serializers.CharField(help_text="Verblijfssituatie.")
    minor = serializers.BooleanField()
    forms = serializers.ListField(child=serializers.CharField(), help_text="Vormen van uitbuiting.")
    reflectionEndsOn = serializers.DateField(allow_null=True, help_text="Einde van een lopende bedenktijd.")
    openNeeds = serializers.IntegerField(help_text="Hulpvragen die nog niet zijn voorzien.")
    openReferrals = serializers.IntegerField()
    version = serializers.IntegerField()


class NeedOut(serializers.Serializer):
    kind = serializers.CharField(help_text="safety, shelter, medical, ...")
    status = serializers.CharField(allow_null=True, help_text="asked, arranged, met, not_needed; leeg: nog niet "
                                                              "besproken.")
    open = serializers.BooleanField()


class PlacementOut(serializers.Serializer):
    kind = serializers.CharField(help_text="cosm, women, social, specialised, jeugdzorg, nidos, azc.")
    provider = serializers.CharField()
    startsOn = serializers.DateField()
    endsOn = serializers.DateField(allow_null=True)


class ReflectionOut(serializers.Serializer):
    startsOn = serializers.DateField()
    endsOn = serializers.DateField(help_text="Drie maanden na het begin, of verlengd tot.")
    decision = serializers.CharField(allow_blank=True, help_text="Leeg: nog geen besluit.")
    decidedOn = serializers.DateField(allow_null=True)
    b8AppliedOn = serializers.DateField(allow_null=True)
    b8Outcome = serializers.CharField(allow_blank=True)


class CareCaseDetailOut(CareCaseListOut):
    languages = serializers.CharField(allow_blank=True)
    interpreterNeeded = serializers.BooleanField()
    guardian = serializers.CharField(allow_blank=True)
    needs = NeedOut(many=True)
    placements = PlacementOut(many=True)
    reflection = ReflectionOut(allow_null=True)


def _case_url(request, number: str) -> str:
    return reverse("api:care-case-detail", kwargs={"number": number}, request=request)


def _row(request, case, *, reflection_end, open_needs: int, open_referrals: int) -> dict:
    return {
        "clientNumber": case.client_number, "url": _case_url(request, case.client_number), "status": case.status,
        "municipality": case.municipality.cbs_code, "municipalityBasis": case.municipality_basis,
        "referrer": case.referrer, "coordinator": case.coordinator.get_username() if case.coordinator else None,
        "openedOn": case.opened_on, "firstContactOn": case.first_contact_on, "closedOn": case.closed_on,
        "closeReason": case.close_reason, "gender": case.gender, "nationality": case.nationality,
        "residence": case.residence, "minor": case.minor, "forms": list(case.forms or []),
        "reflectionEndsOn": reflection_end, "openNeeds": open_needs, "openReferrals": open_referrals,
        "version": case.version,
    }


STATUS_PARAMETER = OpenApiParameter("status", str, enum=CaseStatus.values, required=False,
                                    description="Alleen lopende (open) of afgesloten (closed) zorgtrajecten.")
NUMBER_PARAMETER = OpenApiParameter("number", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=f"^{CLIENT_NUMBER}$",
                                    description="Cliëntnummer, bijvoorbeeld ZC-2026-0001.")


class CareCaseCollection(APIView):
    permission_classes = [permissions.IsAuthenticated, CoordinatesCases]
    pagination_class = LinkedPagination

    @extend_schema(
        operation_id="care_cases_list",
        summary="Zorgtrajecten van mijn regio",
        description="Voor zorgcoördinatoren: de zorgtrajecten van hun regio, nieuwste aanmelding eerst, zoals de "
                    "caseload ze toont. Zonder naam, geboortedatum of notities.",
        parameters=[STATUS_PARAMETER, OpenApiParameter("page", int, required=False),
                    OpenApiParameter("pageSize", int, required=False)],
        responses=CareCaseListOut(many=True),
    )
    def get(self, request):
        wanted = request.query_params.get("status") or ""
        if wanted and wanted not in CaseStatus.values:
            raise exceptions.ValidationError({"status": [_("Onbekende status. Kies open of closed.")]})
        filters = selectors.CaseloadFilters(status=wanted, sort=selectors.Sort.OPENED)
        cases = (selectors.caseload_queryset(request.user, filters=filters, today=today())
                 .select_related("coordinator"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        data = [_row(request, case, reflection_end=case.reflection_end, open_needs=case.open_needs,
                     open_referrals=case.open_referrals) for case in page]
        return paginator.get_paginated_response(CareCaseListOut(data, many=True).data)


def _reflection_period(case):
    from .models import ReflectionPeriod

    return ReflectionPeriod.objects.filter(case=case).first()


def _reflection(period) -> dict | None:
    if period is None:
        return None
    return {"startsOn": period.starts_on, "endsOn": period.effective_end, "decision": period.decision,
            "decidedOn": period.decided_on, "b8AppliedOn": period.b8_applied_on, "b8Outcome": period.b8_outcome}


class CareCaseItem(APIView):
    permission_classes = [permissions.IsAuthenticated, CoordinatesCases]

    @extend_schema(
        operation_id="care_cases_retrieve",
        summary="Eén zorgtraject",
        description="Voor de zorgcoördinator van de regio van het zorgtraject: de gegevens van de caseload met de "
                    "hulpvragen, opvangplaatsingen en bedenktijd. Elke opvraging komt in het toegangslog. Een "
                    "zorgtraject van een andere regio geeft 404.",
        parameters=[NUMBER_PARAMETER],
        responses=CareCaseDetailOut,
        examples=[OpenApiExample("Lopend zorgtraject", response_only=True, value={
            "clientNumber": "ZC-2026-0007", "url": "https://schakel.example.nl/api/v1/care-cases/ZC-2026-0007",
            "status": "open", "municipality": "GM0988", "municipalityBasis": "found", "referrer": "police",
            "coordinator": "e.wijnbergen", "openedOn": "2026-03-02", "firstContactOn": "2026-03-03",
            "closedOn": None, "closeReason": "", "gender": "female", "nationality": "NG",
            "residence": "third_country_unlawful", "minor": False, "forms": ["sexual"],
            "reflectionEndsOn": "2026-06-02", "openNeeds": 2, "openReferrals": 1, "version": 6,
            "languages": "Engels", "interpreterNeeded": True, "guardian": "",
            "needs": [{"kind": "shelter", "status": "met", "open": False},
                      {"kind": "legal_aid", "status": "asked", "open": True}],
            "placements": [{"kind": "cosm", "provider": "Opvang De Schuilhaven", "startsOn": "2026-03-03",
                            "endsOn": None}],
            "reflection": {"startsOn": "2026-03-02", "endsOn": "2026-06-02", "decision": "", "decidedOn": None,
                           "b8AppliedOn": None, "b8Outcome": ""}})],
    )
    def get(self, request, number: str):
        case = selectors.case_for_coordinator(request.user, number)  # Http404: a 404 problem
        record_access(user=request.user, action="view", record=case, reason="API: zorgtraject opgevraagd")
        needs = [{"kind": row["kind"], "status": row["need"].status if row["need"] else None, "open": row["open"]}
                 for row in selectors.needs_overview(case)]
        placements = [{"kind": p.kind, "provider": p.provider_label, "startsOn": p.starts_on, "endsOn": p.ends_on}
                      for p in case.placements.select_related("provider").order_by("starts_on", "id")]
        period = _reflection_period(case)
        running = period is not None and period.is_running
        open_referrals = case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).count()
        body = {
            **_row(request, case, reflection_end=period.effective_end if running else None,
                   open_needs=sum(1 for need in needs if need["open"]), open_referrals=open_referrals),
            "languages": case.languages, "interpreterNeeded": case.interpreter_needed, "guardian": case.guardian,
            "needs": needs, "placements": placements, "reflection": _reflection(period),
        }
        return Response(CareCaseDetailOut(body).data)
