"""Use cases of the policy instruments: the only place that changes their data."""


class PolicyError(Exception):
    """A refused change, with a Dutch message for the page."""


class VersionConflict(PolicyError):
    pass
