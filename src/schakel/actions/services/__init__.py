"""The only place that changes actions (decision 0072): create, accept, report back, overdue notices."""

from .core import (
    MAX_TEXT,
    ActionError,
    StaleAction,
    accept,
    create_action,
    report_back,
)

__all__ = ["MAX_TEXT", "ActionError", "StaleAction", "accept", "create_action", "report_back"]
