"""What every web worker would otherwise do on its first requests, done once in gunicorn's master.

With `preload_app` the master imports Django before it forks the workers. Without this, each
worker still imports the URLconf, compiles every template it renders and reads the translation
catalogues on its first requests (400-870 ms for a worker's first page in `make bench`), and
again after every recycling (`max_requests`). Done in the master, the forked workers share the
result. Nothing here touches the database: a connection opened before the fork would be shared
by every worker.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def product_templates() -> list[str]:
    """Names of the templates in Schakel's own apps (`<app>/templates/<name>`), sorted."""
    root = Path(__file__).resolve().parents[1]
    names = set()
    for folder in root.glob("*/templates"):
        names.update(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return sorted(names)


def warm_up() -> dict[str, int]:
    """Load the URLconf, every product template (into the cached loader) and each language's
    translations; returns what was loaded, for the log line."""
    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  (imports every app's urls module)
    templates = 0
    for name in product_templates():
        try:
            get_template(name)
            templates += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # e.g. a template of a backend we do not use
            logger.warning("warm-up: template %s not loaded", name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Signalen")
    connections.close_all()
    return {"templates": templates, "languages": len(settings.LANGUAGES)}
