"""One way out: commands return or raise, the root group maps, Click's main exits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.errors import ExitCode

PACKAGE = Path(__file__).resolve().parents[2] / "notion_setup"
README = PACKAGE.parent / "README.md"


def _exit_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if (owner == "sys" and name == "exit") or (owner == "os" and name == "_exit"):
                lines.append(node.lineno)
    return lines


def test_no_module_of_the_package_calls_sys_exit() -> None:
    # The sandbox server is a separate program entry (`sandbox serve` still exits through Click).
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := _exit_calls(path))
    }
    assert found == {}


def test_the_readme_exit_code_table_is_errors_exit_code() -> None:
    table = re.findall(r"^\| (\d+) \| ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert [int(code) for code in table] == sorted(int(code) for code in ExitCode)


def test_a_command_that_returns_a_code_exits_with_it() -> None:
    pending = CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "Exit", "-q"])
    assert pending.exit_code == ExitCode.CHANGES_PENDING


def test_doctor_exits_with_the_first_failed_check_code_from_the_one_mapping() -> None:
    result = CliRunner().invoke(cli, ["doctor", "--json"])  # no token: TokenMissing
    assert result.exit_code == ExitCode.USAGE
    assert '"exit_code": 2' in result.stdout
