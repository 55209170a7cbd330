"""Use cases of the regional network (each module one area)."""


class NetworkError(Exception):
    """A refusal the page shows as it is, optionally for one field."""

    def __init__(self, message, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))
