from django.conf import settings

from schakel.accounts.tenancy import active_memberships, scope_for


def shell(request):
    """What the page frame needs: demo banner, the user's organisations and roles, the menu."""
    user = getattr(request, "user", None)
    memberships = []
    nav = []
    scope = scope_for(user) if user is not None else None
    if user is not None and user.is_authenticated:
        from .navigation import nav_items_for

        nav = nav_items_for(request, scope)
        # The request's memberships, already loaded for the scope: no query of its own.
        memberships = sorted(active_memberships(user), key=lambda m: (m.organisation.name, m.pk))
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "shell_memberships": memberships,
        "shell_scope": scope,
        "shell_nav": nav,
        "STAFF_LANGUAGES": settings.STAFF_LANGUAGES,
    }
