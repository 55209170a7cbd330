"""The main menu: each app registers its menu items for the roles that use them.

`register_nav_item("signalling.inbox", label=_("Signalen"), url_name="signalling:inbox",
roles={Role.FOCAL_OFFICER}, order=20)` in an app's `AppConfig.ready()`. The page frame shows the
items whose roles the user holds, sorted by `order` (Start is always first), and marks the item
whose URL the current page is under with aria-current. A duplicate key fails at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from schakel.accounts.tenancy import Scope


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset[str]
    order: int


_ITEMS: dict[str, NavItem] = {}


def register_nav_item(key: str, *, label, url_name: str, roles: set[str], order: int = 100) -> None:
    if key in _ITEMS:
        raise ValueError(f"menu item {key!r} registered twice")
    _ITEMS[key] = NavItem(key=key, label=label, url_name=url_name, roles=frozenset(roles), order=order)


def unregister_nav_item(key: str) -> None:
    """For tests that register their own items."""
    _ITEMS.pop(key, None)


def nav_items_for(request, scope: Scope) -> list[dict]:
    items = []
    for item in sorted(_ITEMS.values(), key=lambda item: (item.order, item.key)):
        if not item.roles & scope.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # an app's URLs not mounted (e.g. switched off): no dead link in the menu
        items.append({"key": item.key, "label": item.label, "url": url, "current": False})
    # The current item is the one whose address is the longest prefix of the page's path, so
    # /signalen/melden marks "Signaal melden" and not also "Signalen" (/signalen/).
    matching = [entry for entry in items if request.path == entry["url"]
                or (entry["url"] != "/" and request.path.startswith(entry["url"]))]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["current"] = True
    return items
