from django.conf import settings

from schakel.accounts.tenancy import scope_for


def shell(request):
    """What the page frame needs: demo banner, the user's organisations and roles, the menu."""
    user = getattr(request, "user", None)
    memberships = []
    nav = []
    scope = scope_for(user) if user is not None else None
    if user is not None and user.is_authenticated:
        from .navigation import nav_items_for

        nav = nav_items_for(request, scope)
        memberships = list(
            user.memberships.filter(active=True).select_related("organisation").order_by("organisation__name")
        )
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "shell_memberships": memberships,
        "shell_scope": scope,
        "shell_nav": nav,
        "STAFF_LANGUAGES": settings.STAFF_LANGUAGES,
    }
