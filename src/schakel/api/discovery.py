"""Each Schakel app adds its API routes by defining `schakel.<app>.api_urls`.

That module holds `urlpatterns` (paths relative to /api/v1/ (written without it), no trailing slash, plural nouns) and
optionally `ROOT_LINKS = {"signals": "api:signal-list"}`: collections listed at the API root.
Apps are found through INSTALLED_APPS, so adding an app never means editing this package.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def api_url_modules() -> list:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("schakel.") or config.name == "schakel.api":
            continue
        name = f"{config.name}.api_urls"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def root_links() -> dict[str, str]:
    links: dict[str, str] = {}
    for module in api_url_modules():
        links.update(getattr(module, "ROOT_LINKS", {}))
    return dict(sorted(links.items()))
