"""Loading a blueprint again in one process skips checks it passed, never ones it did not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from notion_setup.blueprint import checked, load_blueprint, loader
from notion_setup.blueprint.schema import validate_schema
from notion_setup.errors import BlueprintInvalid, Problem

from .conftest import STUDIO


def _copy(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    document = json.loads(STUDIO.read_text(encoding="utf-8"))
    path = tmp_path / "studio.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, document


def _schema_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the schema is applied to from now on, in order."""
    calls: list[str] = []
    real = validate_schema

    def counting(document: Any, *, file: str | None = None) -> list[Problem]:
        calls.append(str(file))
        return real(document, file=file)

    monkeypatch.setattr(loader, "validate_schema", counting)
    return calls


def test_a_second_load_of_the_same_document_does_not_run_the_schema_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _copy(tmp_path)
    first = load_blueprint(path)
    calls = _schema_calls(monkeypatch)
    again = load_blueprint(path)
    assert calls == []
    assert again.document == first.document


def test_a_file_edited_after_a_valid_load_is_checked_again_and_its_problem_named(
    tmp_path: Path,
) -> None:
    path, document = _copy(tmp_path)
    load_blueprint(path)
    document["version"] = "two"
    # Written again at once: the check keys on what the file says, not on its name or time.
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(BlueprintInvalid) as caught:
        load_blueprint(path)
    assert [p.path for p in caught.value.problems] == ["version"]
    assert caught.value.problems[0].file == str(path)


def test_an_invalid_file_reports_its_problems_on_every_load(tmp_path: Path) -> None:
    path, document = _copy(tmp_path)
    document["version"] = "two"
    path.write_text(json.dumps(document), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BlueprintInvalid) as caught:
            load_blueprint(path)
        assert [p.path for p in caught.value.problems] == ["version"]


def test_a_released_version_edited_after_a_valid_load_is_checked_again(tmp_path: Path) -> None:
    bundled = Path(load_blueprint("av").source)
    path = tmp_path / "av.json"
    path.write_bytes(bundled.read_bytes())
    (tmp_path / "history").mkdir()
    old = tmp_path / "history" / "av-1.0.0.json"
    released = json.loads((bundled.parent / "history" / "av-1.0.0.json").read_text("utf-8"))
    old.write_text(json.dumps(released), encoding="utf-8")
    load_blueprint(path)
    # Version 1.0.0 gains a property that 2.0.0 lacks and the migration does not list.
    released["databases"]["time_entries"]["properties"]["notes"] = {
        "type": "rich_text",
        "name": {"en": "Notes", "fr": "Notes"},
    }
    old.write_text(json.dumps(released, indent=1), encoding="utf-8")
    with pytest.raises(BlueprintInvalid) as caught:
        load_blueprint(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "migrations[0]",
            'property "time_entries.notes" of version 1.0.0 is not in version 2.0.0: '
            'list it under "renamed" or "removed"',
        )
    ]


def test_a_document_loaded_again_shares_its_frozen_copy(tmp_path: Path) -> None:
    path, _ = _copy(tmp_path)
    assert load_blueprint(path).document is load_blueprint(path).document


# --- across runs: the user's cache folder -------------------------------------------------------


@pytest.fixture
def new_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A cache folder of the test's own, and a way to start a new run (a process's memory gone)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def start() -> None:
        monkeypatch.setattr(loader, "_PASSED", set())
        monkeypatch.setattr(loader, "_FROZEN", {})

    start()
    return start


def test_a_new_run_on_an_unchanged_file_skips_the_checks_it_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_run: Any
) -> None:
    path, _ = _copy(tmp_path)
    first = load_blueprint(path)
    assert [p.name for p in checked.cache_folder().iterdir()] != []
    new_run()
    calls = _schema_calls(monkeypatch)
    assert load_blueprint(path).document == first.document
    assert calls == []


def test_a_file_that_failed_is_checked_again_in_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_run: Any
) -> None:
    path, document = _copy(tmp_path)
    document["version"] = "two"
    path.write_text(json.dumps(document), encoding="utf-8")
    for _ in range(2):
        new_run()
        with pytest.raises(BlueprintInvalid) as caught:
            load_blueprint(path)
        assert [p.path for p in caught.value.problems] == ["version"]
    assert not checked.cache_folder().exists()


def test_a_change_to_the_checking_code_checks_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_run: Any
) -> None:
    path, _ = _copy(tmp_path)
    load_blueprint(path)
    new_run()
    monkeypatch.setattr(checked, "_checker_state", lambda: b"another release of the checks")
    calls = _schema_calls(monkeypatch)
    load_blueprint(path)
    assert calls == [str(path)]


def test_a_cache_folder_that_cannot_be_written_only_means_checking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_run: Any
) -> None:
    path, _ = _copy(tmp_path)
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    load_blueprint(path)
    new_run()
    calls = _schema_calls(monkeypatch)
    load_blueprint(path)
    assert calls == [str(path)]


def test_the_cache_keeps_the_newest_entries_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_run: Any
) -> None:
    monkeypatch.setattr(checked, "KEPT", 2)
    path, document = _copy(tmp_path)
    for version in ("1.0.0", "1.0.1", "1.0.2"):
        document["version"] = version
        path.write_text(json.dumps(document), encoding="utf-8")
        load_blueprint(path)
    assert len(list(checked.cache_folder().iterdir())) == 2
    new_run()
    calls = _schema_calls(monkeypatch)
    load_blueprint(path)  # the newest, 1.0.2, is still known
    assert calls == []
