from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.templatetags.static import static
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from schakel.accounts.tenancy import scope_for


@login_required
def home(request):
    """Each role's start page: what needs my attention. Apps contribute panels per role."""
    from .home import panels_for, roles_without_work

    scope = scope_for(request.user)
    return render(request, "web/home.html", {"panels": panels_for(request, scope),
                                             "roles_not_built": roles_without_work(scope)})


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (e.g. the browsable API)."""
    return HttpResponsePermanentRedirect(static("schakel/favicon.svg"))


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, template: str, status: int):
    if _is_api(request):
        from schakel.api.problems import problem_response

        return problem_response(status=status)
    return render(request, template, status=status)


def not_found(request, exception=None):
    return _error(request, "404.html", 404)


@requires_csrf_token
def forbidden(request, exception=None):
    return _error(request, "403.html", 403)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def csrf_failure(request, reason=""):
    """An expired or missing form token: explain it in Dutch instead of Django's English page."""
    if _is_api(request):
        from schakel.api.problems import problem_response

        return problem_response(status=403)
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """A Dutch error page with no stack trace and no data.

    Rendered without context processors and without the user: the failure may be the database
    itself, and nothing about the request or the record may end up on the page.
    """
    if _is_api(request):
        from schakel.api.problems import problem_response

        return problem_response(status=500)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({
        "DEMO_MODE": settings.DEMO_MODE,
        "STAFF_LANGUAGES": settings.STAFF_LANGUAGES,
        "error_page": True,
    }))
