"""Synthetic demo data: `manage.py load_demo_data`, the demo logins, and the demo-loader registry.

    from schakel.demo import logins, register_demo_loader, registry, DemoContext

`logins()` gives (username, password, role label, organisation name) for every demo account;
other apps add demo records through `register_demo_loader` (see `schakel.demo.loaders`).
"""

from .loaders import DemoContext, DemoLoaderAlreadyRegistered, register_demo_loader, registry


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role label, organisation name) of every demo account; [] before loading."""
    from .services import logins as _logins

    return _logins()


__all__ = ["DemoContext", "DemoLoaderAlreadyRegistered", "logins", "register_demo_loader", "registry"]
