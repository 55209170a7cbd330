"""The care app's services: the only place that changes care data (split by topic)."""

from .common import CareError, CaseClosed, StaleCase

__all__ = ["CareError", "CaseClosed", "StaleCase"]
