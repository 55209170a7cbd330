"""Periodic jobs, run exactly once per period. The API is documented in `schakel.jobs.registry`.

    from schakel.jobs import JobContext, register_job
"""

from .registry import JobAlreadyRegistered, JobContext, JobRegistry, UnknownJob, register_job, registry

__all__ = ["JobAlreadyRegistered", "JobContext", "JobRegistry", "UnknownJob", "register_job", "registry"]
