"""Bench-only settings: the product's settings as they are, plus the floor views' URLs.

Served by the harness's gunicorn (`DJANGO_SETTINGS_MODULE=bench.settings`). Nothing else
changes: same middleware, same database options, same templates.
"""

from schakel.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.floor_urls"
