from django.conf import settings

from schakel.accounts.tenancy import scope_for


def shell(request):
    """What the page frame needs: demo banner, the user's organisations and roles."""
    user = getattr(request, "user", None)
    memberships = []
    if user is not None and user.is_authenticated:
        memberships = list(
            user.memberships.filter(active=True).select_related("organisation").order_by("organisation__name")
        )
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "shell_memberships": memberships,
        "shell_scope": scope_for(user) if user is not None else None,
        "STAFF_LANGUAGES": settings.STAFF_LANGUAGES,
    }
