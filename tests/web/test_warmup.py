"""The master's warm-up before gunicorn forks its workers (deploy/gunicorn.conf.py when_ready)."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

from django.template import engines

from schakel.web.warmup import product_templates, warm_up

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_warm_up_compiles_every_product_template_without_touching_the_database():
    # No django_db mark: any query here would fail the test (pytest-django blocks the database).
    loaded = warm_up()
    assert loaded["templates"] == len(product_templates())
    assert "base.html" in product_templates() and "signalling/triage/inbox.html" in product_templates()
    cached = engines["django"].engine.template_loaders[0]
    assert hasattr(cached, "get_template_cache")  # the cached loader, shared with the forked workers
    assert {"base.html", "signalling/triage/inbox.html"} <= set(cached.get_template_cache)


def test_gunicorn_master_freezes_its_objects_before_each_fork(monkeypatch):
    conf = runpy.run_path(str(GUNICORN_CONF))
    try:
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
