"""The route registry: eight built-in kinds in order, replaceable by a plugin, never silently."""

import pytest

from schakel.organisations.models import OrganisationKind
from schakel.screening import routes


def test_the_eight_built_in_route_kinds_come_in_order():
    assert [k.key for k in routes.route_kinds()][:8] == [
        "care", "criminal", "administrative", "riec", "labour_inspectorate", "veilig_thuis", "monitor", "none"]


def test_owner_kinds_are_existing_organisation_kinds():
    for kind in routes.route_kinds():
        assert kind.owner_kinds <= set(OrganisationKind.values), kind.key


def test_monitor_and_none_need_no_owner_and_criminal_goes_to_police_kmar_or_prosecution():
    assert not routes.get_route("monitor").needs_owner
    assert not routes.get_route("none").needs_owner
    assert routes.get_route("criminal").owner_kinds == {"police", "kmar", "prosecution"}
    assert routes.get_route("labour_inspectorate").owner_kinds == {"labour_inspectorate"}


def test_registering_an_existing_key_without_replace_is_refused():
    with pytest.raises(routes.RouteAlreadyRegistered):
        routes.register_route(routes.get_route("care"))


def test_a_plugin_replaces_a_built_in_route():
    original = routes.get_route("care")
    started = []
    plugin = routes.RouteKind(key="care", label="Zorg (plugin)", order=10, owner_kinds=original.owner_kinds,
                              default_due_working_days=5, start=started.append)
    routes.register_route(plugin, replace=True)
    try:
        assert routes.get_route("care") is plugin
    finally:
        routes.register_route(original, replace=True)
    assert routes.get_route("care") is original


def test_an_unknown_route_key_raises():
    with pytest.raises(routes.UnknownRoute):
        routes.get_route("nonsense")
