"""Settings for a plain `pytest` run: the test environment unless the caller chose another.

pytest-django imports DJANGO_SETTINGS_MODULE (pyproject.toml) before any conftest runs, so the
default must be set here, before `schakel.settings` reads SCHAKEL_ENVIRONMENT (issue 11).
"""

import os

os.environ.setdefault("SCHAKEL_ENVIRONMENT", "test")

from schakel.settings import *  # noqa: E402,F401,F403
