"""--report FILE.xml: JUnit XML that CI dashboards read, written atomically."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notion_setup.batch import ClientResult, ErrorInfo, JUnitWriter
from notion_setup.errors import UsageError


def result(name: str, status: str, **extra: object) -> ClientResult:
    base: dict[str, object] = {
        "name": name,
        "status": status,
        "blueprint": "av",
        "lang": "fr",
        "token_env": "NOTION_TOKEN",
        "parent": None,
    }
    base.update(extra)
    return ClientResult(**base)  # type: ignore[arg-type]


def write(path: Path, *results: ClientResult) -> ET.Element:
    writer = JUnitWriter(path)
    for item in results:
        writer.add(item)
    writer.close(12.5)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary left
    return ET.parse(path).getroot()


def test_one_test_case_per_client_with_failures_and_skips_counted(tmp_path: Path) -> None:
    failure = ErrorInfo("AccessError", "Notion cannot see page 1f2e\n  fix: share it", 4)
    root = write(
        tmp_path / "report.xml",
        result("Acme", "ok", root_url="https://www.notion.so/x", created=42, elapsed_s=3.25),
        result("Beta", "failed", error=failure, blueprint="/ci/blueprints/custom.json"),
        result("Gamma", "skipped", error=ErrorInfo("Skipped", "not started: stop", 0)),
        result("Delta", "failed", error=ErrorInfo("InternalError", "internal error: boom", 1)),
    )
    assert root.tag == "testsuites"
    (suite,) = root
    for element in (root, suite):
        counts = {k: element.get(k) for k in ("tests", "failures", "errors", "skipped", "time")}
        assert counts == {
            "tests": "4",
            "failures": "1",
            "errors": "1",
            "skipped": "1",
            "time": "12.500",
        }
    acme, beta, gamma, delta = suite
    assert (acme.get("classname"), acme.get("name"), acme.get("time")) == (
        "notion-setup.av",
        "Acme",
        "3.250",
    )
    assert [child.tag for child in acme] == ["system-out"]
    assert acme[0].text is not None and "workspace: https://www.notion.so/x" in acme[0].text
    assert beta.get("classname") == "notion-setup.custom"
    failure_node = beta.find("failure")
    assert failure_node is not None
    assert failure_node.get("type") == "AccessError"
    assert failure_node.get("message") == "Notion cannot see page 1f2e"
    assert failure_node.text == "Notion cannot see page 1f2e\n  fix: share it"
    skipped = gamma.find("skipped")
    assert skipped is not None and skipped.get("message") == "not started: stop"
    assert delta.find("error") is not None and delta.find("failure") is None


def test_pending_changes_are_listed_in_system_out(tmp_path: Path) -> None:
    change = {"verb": "create", "kind": "database", "key": "tasks", "name": "Tâches", "detail": ""}
    root = write(tmp_path / "r.xml", result("Acme", "changes", pending=1, changes=(change,)))
    out = root[0][0].find("system-out")
    assert out is not None and out.text is not None
    assert out.text.splitlines()[-1] == "  create database Tâches"


def test_text_xml_cannot_hold_is_replaced_and_markup_is_escaped(tmp_path: Path) -> None:
    error = ErrorInfo("NotionRejected", 'bad <tag> & "quote"\x00\x1b[31m', 1)
    root = write(tmp_path / "r.xml", result("A & <B>", "failed", error=error))
    case = root[0][0]
    assert case.get("name") == "A & <B>"
    node = case.find("failure")
    assert node is not None and node.text == 'bad <tag> & "quote"??[31m'


def test_an_empty_shard_still_writes_a_valid_report(tmp_path: Path) -> None:
    root = write(tmp_path / "r.xml")
    assert root.get("tests") == "0" and len(root[0]) == 0


def test_discard_leaves_nothing_behind(tmp_path: Path) -> None:
    writer = JUnitWriter(tmp_path / "r.xml")
    writer.add(result("Acme", "ok"))
    writer.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_report_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        JUnitWriter(tmp_path / "missing" / "r.xml")
    assert info.value.message.startswith(f"--report {tmp_path / 'missing' / 'r.xml'}: cannot write")
