from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from schakel.accounts.tenancy import scope_for


@login_required
def home(request):
    """Each role's start page: what needs my attention. Apps contribute panels per role."""
    from .home import panels_for

    scope = scope_for(request.user)
    return render(request, "web/home.html", {"panels": panels_for(request, scope)})


def _error(request, template: str, status: int):
    if request.path.startswith("/api/"):
        from schakel.api.problems import problem_response

        return problem_response(status=status)
    return render(request, template, status=status)


def not_found(request, exception=None):
    return _error(request, "404.html", 404)


def forbidden(request, exception=None):
    return _error(request, "403.html", 403)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def server_error(request):
    return _error(request, "500.html", 500)
