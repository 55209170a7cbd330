"""How linkage hooks itself into the other apps (entity changes, signal page, menu)."""


def register() -> None:
    from schakel.signalling.entity_hooks import register_entity_listener

    from . import home_panel, navigation, signal_section
    from .services.indexing import on_entities_changed

    register_entity_listener("linkage", on_entities_changed)
    signal_section.register()
    navigation.register()
    home_panel.register()
