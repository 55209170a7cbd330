"""The policy instruments' data: funding schemes, action plans, trainings, self-assessments, profiles.

Aggregates only: nothing here is about a victim, a suspect or a signal. The free texts are the
policy officers' own (intended results, progress notes, evidence).
"""

from .assessment import AssessmentScore, KaderComponent, Plateau, SelfAssessment
from .funding import FundingBasis, FundingScheme
from .plans import ActionLine, ActionPlan, Activity, ActivityStatus, ProgressNote
from .settings import RegionPolicySettings
from .trainings import Department, FRONT_LINE_DEPARTMENTS, Training, TrainingAttendance, TrainingKind, TrainingProvider

__all__ = [
    "ActionLine", "ActionPlan", "Activity", "ActivityStatus", "AssessmentScore", "Department",
    "FRONT_LINE_DEPARTMENTS", "FundingBasis", "FundingScheme", "KaderComponent", "Plateau", "ProgressNote",
    "RegionPolicySettings", "SelfAssessment", "Training", "TrainingAttendance", "TrainingKind", "TrainingProvider",
]
