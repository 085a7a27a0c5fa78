"""Every example shown to users runs: each ``--help`` example and each ``$ notion-setup`` line of
the README and docs/*.md, against the sandbox.

Examples written for real Notion are moved to the sandbox the way a user would try them:
``--parent <id>`` becomes ``--sandbox``, a placeholder id becomes a real page of the sandbox, an
environment prefix (``NOTION_TOKEN=...``) and a shell redirection are dropped. The examples of
one help text or one document run in order in one folder on one sandbox, as a reader would
follow them. Synopsis lines (``[--json]``, ``PAGE_ID``) are not examples.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.connect import SANDBOX_STATE_ENV
from notion_setup.sandbox import Sandbox

from ..conftest import Prebuilt

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: A truncated or made-up page id in an example ("1f2e...", "1f2e3d4c5b6a...", "9a8b...").
PLACEHOLDER_ID = re.compile(r"^[0-9a-f]{4,}\.\.\.$|^[0-9a-f]{4}\.\.\.$")
#: Long-running commands: shown, but a test cannot wait for Ctrl-C.
SERVERS = ("sandbox serve",)
#: What each command exits with when all is well (plan: changes pending on a fresh sandbox).
OK_CODES = {"plan": {0, 3}, "batch": {0, 3}}


def _help_examples(command: click.Command, path: str = "") -> Iterator[tuple[str, list[str]]]:
    lines = [
        line.strip()
        for line in (command.help or "").splitlines()
        if line.strip().startswith(("notion-setup ", "NOTION_TOKEN="))
    ]
    if lines:
        yield f"help of '{path or 'notion-setup'}'", lines
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _help_examples(sub, f"{path} {name}".strip())


def _doc_examples(doc: Path) -> Iterator[tuple[str, list[str]]]:
    lines, inside = [], False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
            continue
        text = line.strip()
        if inside and text.startswith("$ ") and "notion-setup " in text.split("#")[0]:
            lines.append(text[2:])
    if lines:
        yield doc.name, lines


SEQUENCES = [*_help_examples(cli), *(s for doc in DOCS for s in _doc_examples(doc))]


def _is_synopsis(args: list[str]) -> bool:
    return any(a.startswith("[") for a in args) or any(
        a.isupper() and a not in ("CI",) and not a.startswith("-") for a in args[1:]
    )


def _to_sandbox(args: list[str], top: str) -> list[str]:
    out: list[str] = []
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--parent":
            skip = True
            continue
        if PLACEHOLDER_ID.match(arg):
            out.append(top)
            continue
        out.append(arg)
        connects = (
            "plan",
            "apply",
            "destroy",
            "doctor",
            "new",
            "export",
            "batch",
            "clients",
            "upgrade",
        )
        if index == 0 and arg in connects and "--sandbox" not in args:
            out.append("--sandbox")
    return out


def _command(line: str) -> list[str] | None:
    words = shlex.split(line, comments=True)
    while words and re.match(r"^[A-Z_]+=", words[0]):
        words.pop(0)  # NOTION_TOKEN=... prefix: the sandbox needs none
    if not words or not words[0].endswith("notion-setup"):
        return None
    words = words[1:]
    for stop in (">", "|", "\\"):
        if stop in words:
            words = words[: words.index(stop)]
    return words or None  # a line that only pipes the program somewhere (completion set-up)


def _fixtures(folder: Path) -> None:
    """What the examples expect to find in the reader's folder: manifests and a blueprint."""
    clients = {"format": 1, "defaults": {"blueprint": "av", "lang": "fr"},
               "clients": [{"name": "Acme"}, {"name": "Beta", "blueprint": "obm"}]}  # fmt: skip
    (folder / "clients.json").write_text(json.dumps(clients))
    (folder / "clients.csv").write_text("name,blueprint,lang\nAcme,av,fr\n")
    assert CliRunner().invoke(cli, ["init", "my.json", "--from", "av", "-q"]).exit_code == 0


def _first_use(lines: list[str], client: str) -> list[str] | None:
    """The first example of a sequence that names ``client``, as arguments."""
    for line in lines:
        args = _command(line)
        if args and "--client" in args and args[args.index("--client") + 1] == client:
            return args
    return None


def _workspaces(lines: list[str]) -> tuple[tuple[str, ...], ...]:
    """The runs that provision the clients the examples name, as a reader of the docs has them.

    A sequence that starts by planning or applying a client builds that client itself (with its
    own blueprint and language); any other use of it assumes an AV workspace already there.
    """
    runs = []
    for client in ("Demo", "Acme"):
        first = _first_use(lines, client)
        if first is not None and first[0] in ("plan", "apply"):
            continue
        runs.append(("apply", "av", "--sandbox", "--client", client, "-q", "--lang", "en"))
    return tuple(runs)


@pytest.mark.parametrize(("where", "lines"), SEQUENCES, ids=[s[0] for s in SEQUENCES])
def test_every_example_runs(
    where: str,
    lines: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prebuilt: Prebuilt,
) -> None:
    monkeypatch.chdir(tmp_path)
    _fixtures(tmp_path)
    runs = _workspaces(lines)
    if runs:
        prebuilt.restore(*runs)
    top = Sandbox(state_path=Path(os.environ[SANDBOX_STATE_ENV])).root_page_id
    ran = 0
    for line in lines:
        args = _command(line)
        if args is None or _is_synopsis(args) or " ".join(args[:2]) in SERVERS:
            continue
        if args[:1] == ["new"] and "--notion-template" in args:
            _add_notion_template(args)
        result = CliRunner().invoke(cli, _to_sandbox(args, top))
        expected = OK_CODES.get(args[0], {0})
        assert result.exit_code in expected, f"{where}: `{line}`\n{result.output}"
        ran += 1
    assert ran or all(
        (a := _command(line)) is None or _is_synopsis(a) or " ".join(a[:2]) in SERVERS
        for line in lines
    )


def _add_notion_template(args: list[str]) -> None:
    """``new DB --notion-template NAME`` needs a template made in the Notion app: add it."""
    from notion_setup.connect import open_connection
    from notion_setup.lifecycle.workspace import open_client_workspace

    client = args[args.index("--client") + 1]
    name = args[args.index("--notion-template") + 1]
    with open_connection(sandbox=True) as conn:
        assert conn.default_parent is not None
        _, registry = open_client_workspace(
            conn.gateway, conn.default_parent, client, blueprint=None, lang=None, variables={}
        )
    box = Sandbox(state_path=Path(os.environ[SANDBOX_STATE_ENV]))
    # With content, as a template made in the app has: `new` waits until the page shows it,
    # which an empty template never does (the example would wait out --wait, 60 s).
    box.add_template(registry.get(f"db:{args[1]}")["ds"], name, markdown="Made in the app.")


def test_the_examples_are_found() -> None:
    where = {w for w, _ in SEQUENCES}
    assert {"help of 'new'", "help of 'apply'", "README.md", "lifecycle.md"} <= where
