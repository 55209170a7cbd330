"""Domain errors of measures: each carries a Dutch message for the page and, where known, the fields."""

from __future__ import annotations


class MeasureError(Exception):
    """Refused: `message` says why (Dutch); `errors` maps form fields to their messages."""

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class StaleMeasure(MeasureError):
    """Someone else saved the measure after the form was opened; nothing was overwritten."""

    def __init__(self):
        super().__init__("Iemand anders heeft deze maatregel intussen gewijzigd. Uw invoer staat nog in het "
                         "formulier; bekijk de nieuwe gegevens en sla opnieuw op.")
