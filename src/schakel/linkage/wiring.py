"""How linkage hooks itself into the other apps (sections, menus, entity changes)."""


def register() -> None:
    """Filled in as the pieces land; kept callable from the app config."""
