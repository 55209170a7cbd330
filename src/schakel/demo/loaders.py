"""Registry of demo-record loaders: how other apps add synthetic records to the demo region.

Put the loader in a module called ``demo_data.py`` inside your app; `load_demo_data` imports every
app's ``demo_data`` module before it runs the loaders (never in production)::

    # src/schakel/signalling/demo_data.py
    from schakel.demo import DemoContext, register_demo_loader


    def load_signals(context: DemoContext) -> str:
        officer = context.user("focal_officer")
        for index in range(30):
            ...  # get_or_create on a stable key, e.g. a reference "DEMO-0001"
        return "30 signalen"


    register_demo_loader("signalling.signals", load_signals, order=20)

- ``name``: unique; a second registration of the same name raises ``DemoLoaderAlreadyRegistered``.
- ``order``: loaders run by ascending order, then registration order (default 100). Give a loader
  that needs another app's demo records a higher order than that app's loader.
- ``func(context)`` must be **idempotent**: running ``load_demo_data`` twice must not create
  duplicates, so key every record on something stable. Use ``context.random`` (seeded per loader
  name) for any randomness and ``context.now`` for dates, so the records are plausible relative to
  today and the same on every machine. Return a short summary text or None.
- Everything is synthetic: fictional people and companies, e-mail addresses on ``example.org``
  and telephone numbers from fictional ranges. Never copy real records.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules


class DemoLoaderAlreadyRegistered(ImproperlyConfigured):
    """Two demo loaders claim the same name."""


@dataclass
class DemoContext:
    """What a demo loader gets: the demo region and everything in it.

    ``organisations`` is keyed by ``"region_office"``, ``"police"``, ``"labour_inspectorate"``,
    ``"veilig_thuis"``, ``"shelter"`` and by each municipality's CBS code (its municipal
    organisation). ``users`` lists the demo users per role value (``"focal_officer"``, ...), in the
    order of ``schakel.demo.people.DEMO_USERS``; ``users_by_username`` gives each one by name.
    """

    region: Any
    municipalities: list[Any]
    organisations: dict[str, Any]
    users: dict[str, list[Any]]
    users_by_username: dict[str, Any]
    now: datetime.datetime
    random: random.Random = field(default_factory=lambda: random.Random(0))

    def user(self, role: str, index: int = 0):
        """The `index`-th demo user with `role` (a Role or its value)."""
        return self.users[str(role)][index]

    def municipal_organisation(self, municipality):
        return self.organisations[municipality.cbs_code]

    def for_loader(self, name: str) -> DemoContext:
        """A copy with its own random generator, seeded by the loader's name."""
        return DemoContext(region=self.region, municipalities=self.municipalities, organisations=self.organisations,
                           users=self.users, users_by_username=self.users_by_username, now=self.now,
                           random=random.Random(f"schakel-demo:{name}"))


@dataclass(frozen=True)
class DemoLoader:
    name: str
    func: Callable[[DemoContext], str | None]
    order: int
    position: int


class DemoLoaderRegistry:
    def __init__(self) -> None:
        self._loaders: dict[str, DemoLoader] = {}

    def register(self, name: str, func: Callable[[DemoContext], str | None], *, order: int = 100) -> DemoLoader:
        if name in self._loaders:
            raise DemoLoaderAlreadyRegistered(f"a demo loader named {name!r} is already registered")
        if not callable(func):
            raise ImproperlyConfigured(f"demo loader {name!r}: func must be callable")
        loader = DemoLoader(name=name, func=func, order=order, position=len(self._loaders))
        self._loaders[name] = loader
        return loader

    def loaders(self) -> list[DemoLoader]:
        return sorted(self._loaders.values(), key=lambda loader: (loader.order, loader.position))

    def names(self) -> list[str]:
        return [loader.name for loader in self.loaders()]

    def autodiscover(self) -> None:
        """Import every installed app's `demo_data` module, where apps register their loaders."""
        autodiscover_modules("demo_data")


registry = DemoLoaderRegistry()


def register_demo_loader(name: str, func: Callable[[DemoContext], str | None], *, order: int = 100) -> DemoLoader:
    """Register a demo-record loader in the project's registry (see the module docstring)."""
    return registry.register(name, func, order=order)
