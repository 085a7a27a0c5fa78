"""Shell completion offers what a user types: blueprints, modules, templates, languages."""

from __future__ import annotations

import pytest
from click.shell_completion import ShellComplete

from notion_setup.blueprint import load_blueprint
from notion_setup.cli import cli


def complete(line: str, monkeypatch: pytest.MonkeyPatch | None = None) -> list[str]:
    words = line.split(" ")
    if monkeypatch is not None:  # what bash, zsh and fish pass to the program
        monkeypatch.setenv("COMP_WORDS", f"notion-setup {line}")
    shell = ShellComplete(cli, {}, "notion-setup", "_NOTION_SETUP_COMPLETE")
    return [item.value for item in shell.get_completions(words[:-1], words[-1])]


@pytest.mark.parametrize("command", ["apply", "plan", "show", "preview", "validate"])
def test_bundled_blueprint_names(command: str) -> None:
    assert complete(f"{command} ") == ["av", "obm"]
    assert complete(f"{command} o") == ["obm"]


def test_init_from_completes_bundled_names() -> None:
    assert complete("init my.json --from a") == ["av"]


def test_module_names_of_the_blueprint_given(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = list(load_blueprint("obm").module_keys)
    assert complete("apply obm --only ", monkeypatch) == modules
    assert complete("plan av --without bil", monkeypatch) == ["billing"]
    assert complete("plan av --only core,bil", monkeypatch) == ["core,billing"]


def test_template_names() -> None:
    templates = complete("new ")
    assert "new_invoice" in templates and "monthly_report" in templates
    assert complete("new new_inv") == ["new_invoice"]


def test_lang_values() -> None:
    assert complete("apply av --lang ") == ["en", "fr"]
    assert complete("blueprints --lang f") == ["fr"]
