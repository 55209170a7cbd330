"""`{{ route.kind|route_label }}`: a route kind's label from the registry (the model stores the key)."""

from django import template

from ..routes import UnknownRoute, get_route

register = template.Library()


@register.filter
def route_label(key: str) -> str:
    try:
        return str(get_route(key).label)
    except UnknownRoute:
        return key
