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


def _pure_domain_caches() -> None:
    """The lazily loaded parts of intake and search that need no database: the holiday calendar
    of the deadline rules (its import alone is ~130 ms) and phone-number metadata."""
    from schakel.clock import today
    from schakel.signalling import normalise, rules

    year = today().year
    for each in (year, year + 1):
        rules.termijnenwet_days(each)
    normalise.classify_query("06 12345678 1234 AB 5 XX-123-Y naam@voorbeeld.nl www.voorbeeld.nl woord")


def warm_up() -> dict[str, int]:
    """Load the URLconf and its reverse look-up per language, every product template (into the
    cached loader), each language's translations and the pure domain caches; returns what was
    loaded, for the log line."""
    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
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
            reverse("web:home")  # the resolver builds its reverse look-up per language (~40 ms)
    _pure_domain_caches()
    connections.close_all()
    return {"templates": templates, "languages": len(settings.LANGUAGES)}
