"""Reads of the policy instruments, always limited to what the user keeps or sees."""

from __future__ import annotations

from django.db.models import Q

from schakel.organisations.models import Municipality, Region

from . import permissions
from .models import ActionPlan, FundingScheme, SelfAssessment, Training


def regions(user):
    return Region.objects.filter(pk__in=permissions.region_ids(user)).order_by("name")


def municipalities(user):
    return Municipality.objects.filter(pk__in=permissions.municipality_ids(user)).order_by("name")


def region_municipalities(user):
    """Every municipality of the user's regions (for the regional matrix)."""
    return Municipality.objects.filter(region_membership__region_id__in=permissions.region_ids(user)).order_by("name")


def funding_schemes(user):
    return FundingScheme.objects.filter(region_id__in=permissions.region_ids(user)).select_related("region")


def plans(user):
    return ActionPlan.objects.filter(
        Q(municipality_id__in=permissions.municipality_ids(user)) | Q(region_id__in=permissions.region_ids(user))
    ).select_related("municipality", "region")


def trainings(user):
    return Training.objects.filter(municipality_id__in=permissions.municipality_ids(user)).select_related(
        "municipality").prefetch_related("attendances")


def assessments(user):
    """The user's own municipalities' assessments (the regional matrix reads more, as aggregates)."""
    return SelfAssessment.objects.filter(municipality_id__in=permissions.municipality_ids(user)).select_related(
        "municipality")
