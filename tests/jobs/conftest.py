import pytest

from schakel.jobs import registry


@pytest.fixture
def project_jobs(monkeypatch):
    """The project registry holding only the jobs app's own job (other apps' jobs are theirs to test);
    test jobs registered on it disappear after the test."""
    monkeypatch.setattr(registry, "_jobs", {name: job for name, job in registry._jobs.items()
                                            if name.startswith("jobs.")})
    return registry
