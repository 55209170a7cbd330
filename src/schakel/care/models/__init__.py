"""The care app's models, split by topic (case; what happens in it; the CoMensha registration)."""

from .case import (
    CareCase,
    CaseEvent,
    CaseStatus,
    ClientNumberCounter,
    CloseReason,
    Form,
    Gender,
    Guardian,
    MunicipalityBasis,
    Referrer,
    Residence,
)
from .capacity import ShelterCapacity
from .comensha import AgeGroup, ComenshaExport, ComenshaRecord, age_broad, age_group
from .hours import ContractedHours
from .work import (
    B8Outcome,
    CareReferral,
    Consent,
    ConsentPurpose,
    Contact,
    ContactKind,
    FailureReason,
    Need,
    NeedKind,
    NeedStatus,
    ReferralStatus,
    ReflectionDecision,
    ReflectionPeriod,
    ShelterKind,
    ShelterPlacement,
    reflection_end,
)

__all__ = [
    "AgeGroup", "B8Outcome", "CareCase", "CareReferral", "CaseEvent", "CaseStatus", "ClientNumberCounter",
    "CloseReason", "ComenshaExport", "ComenshaRecord", "Consent", "ConsentPurpose", "Contact", "ContactKind",
    "ContractedHours", "FailureReason", "Form", "Gender", "Guardian", "MunicipalityBasis", "Need", "NeedKind",
    "NeedStatus", "ReferralStatus", "Referrer", "ReflectionDecision", "ReflectionPeriod", "Residence",
    "ShelterCapacity", "ShelterKind", "ShelterPlacement", "age_broad", "age_group", "reflection_end",
]
