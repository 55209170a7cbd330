"""docs/operations.md lists every environment variable Schakel reads (generated, checked here)."""

import pytest
from django.core.management import CommandError, call_command

from schakel.settings.environment import REGISTRY, Declared
from schakel.web.management.commands import document_settings


def test_operations_guide_lists_every_setting_as_generated():
    document = document_settings.operations_doc().read_text(encoding="utf-8")
    expected = document_settings.updated(document, document_settings.render(document_settings.load_all_declarations()))
    assert document == expected, "docs/operations.md is out of date: run `make docs-settings` and commit it"


def test_check_command_passes_on_the_committed_guide(capsys):
    call_command("document_settings", "--check")
    assert "up to date" in capsys.readouterr().out


def test_an_undocumented_setting_fails_the_check(monkeypatch):
    monkeypatch.setitem(REGISTRY, "SCHAKEL_NEW_THING", Declared(
        name="SCHAKEL_NEW_THING", group="General", help="Something new.", default="", kind="str"))
    with pytest.raises(CommandError, match="out of date"):
        call_command("document_settings", "--check")


def test_every_declared_setting_appears_with_group_default_and_help():
    declarations = document_settings.load_all_declarations()
    section = document_settings.render(declarations)
    for name, declared in declarations.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
        assert declared.kind in row
        assert " ".join(declared.help.split())[:40].replace("|", "\\|") in row
    assert "### Web server (gunicorn)" in section and "`PORT`" in section
    assert "/work/" not in section and "<project>/var" in section  # no machine-specific paths
