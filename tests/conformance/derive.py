"""Derive conformance expectations from recorded Notion traffic (VCR cassettes).

The recordings are the test suite cassettes of ``ramnes/notion-sdk-py`` (``tests/cassettes/*.yaml``,
recorded against the live API with ``Notion-Version: 2025-09-03``). This script reads them from a
local checkout or mirror and writes, per exchange, only facts about the API: method, path
template, request body (ids replaced by placeholders), status, and the key paths of the response
with the format of each value. The committed ``expectations.json`` is what
``test_recorded_traffic.py`` replays; the test never needs the recordings or the network.

Usage (PyYAML is needed here only, not by the test)::

    python tests/conformance/derive.py /path/to/notion-sdk-py > tests/conformance/expectations.json

The argument is a work tree, or a bare git directory (the script then reads the cassettes with
``git show HEAD:...``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

CASSETTES = "tests/cassettes"
HEX32 = r"[0-9a-f]{32}"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ANY_ID = re.compile(rf"{UUID}|(?<![0-9a-f]){HEX32}(?![0-9a-f])")
#: Keys whose literal value is part of the shape (object kinds, union tags, error codes).
LITERAL_KEYS = ("object", "type", "code")

_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("uuid", re.compile(rf"^{UUID}$")),
    ("id32", re.compile(rf"^{HEX32}$")),
    ("time_ms_z", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")),
    ("time_ms_offset", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")),
    ("date", re.compile(r"^\d{4}-\d\d-\d\d$")),
    ("url_view", re.compile(rf"^https://app\.notion\.com/p/{HEX32}\?v={HEX32}$")),
    ("url_id", re.compile(rf"^https://app\.notion\.com/p/{HEX32}$")),
    ("url_page", re.compile(rf"^https://app\.notion\.com/p/[0-9A-Za-z-]+-{HEX32}$")),
    ("url", re.compile(r"^https?://")),
    ("task_id", re.compile(rf"^task_{UUID}$")),
)


def value_format(key: str, value: Any) -> str:
    """The format of one response value (shared with the test through expectations.json)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    text = str(value)
    if key in LITERAL_KEYS:
        return f"={text}"
    for name, pattern in _FORMATS:
        if pattern.match(text):
            return name
    return "empty_string" if text == "" else "string"


def shape(
    value: Any, path: str = "", out: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """Key path -> formats seen there; list items share the path ``<list>[]``."""
    result: dict[str, set[str]] = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            result.setdefault(where, set()).add(value_format(key, item))
            shape(item, where, result)
    elif isinstance(value, list):
        for item in value:
            where = f"{path}[]"
            result.setdefault(where, set()).add(value_format("", item))
            shape(item, where, result)
    return result


class Ids:
    """Placeholders ``<id:N>`` for the ids of one cassette, numbered by first appearance."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def label(self, raw: str) -> str:
        compact = raw.replace("-", "").lower()
        if compact not in self.numbers:
            self.numbers[compact] = len(self.numbers)
        return f"<id:{self.numbers[compact]}>"

    def known(self, raw: str) -> bool:
        return raw.replace("-", "").lower() in self.numbers

    def sub(self, text: str) -> str:
        return ANY_ID.sub(lambda m: self.label(m.group(0)), text)

    def sub_json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.sub(value)
        if isinstance(value, list):
            return [self.sub_json(v) for v in value]
        if isinstance(value, dict):
            return {self.sub(k): self.sub_json(v) for k, v in value.items()}
        return value


def new_ids(
    ids: Ids, value: Any, path: str = "", out: dict[str, str] | None = None
) -> dict[str, str]:
    """Ids a response shows for the first time -> the key path where they first appear."""
    result: dict[str, str] = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key == "id" and isinstance(item, str) and ANY_ID.fullmatch(item):
                if not ids.known(item):
                    result[ids.label(item)] = where
            else:
                new_ids(ids, item, where, result)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            new_ids(ids, item, f"{path}[{index}]", result)
    return result


def read_cassettes(root: Path) -> list[tuple[str, str]]:
    """(name, YAML text) of every cassette, from a work tree or a bare git directory."""
    folder = root / CASSETTES
    if folder.is_dir():
        return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    names = subprocess.run(
        ["git", "--git-dir", str(root), "ls-tree", "--name-only", "HEAD", f"{CASSETTES}/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    found = []
    for name in sorted(n for n in names if n.endswith(".yaml")):
        text = subprocess.run(
            ["git", "--git-dir", str(root), "show", f"HEAD:{name}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found.append((Path(name).stem, text))
    return found


def derive(root: Path) -> dict[str, Any]:
    """Every exchange of every cassette, as facts."""
    import yaml  # type: ignore[import-untyped]  # only this script needs PyYAML

    exchanges: list[dict[str, Any]] = []
    for name, text in read_cassettes(root):
        ids = Ids()
        data = yaml.safe_load(text)
        for index, item in enumerate(data.get("interactions", [])):
            request, response = item["request"], item["response"]
            parts = urlsplit(request["uri"])
            raw_body = request.get("body") or ""
            try:
                body = json.loads(raw_body) if raw_body else None
            except ValueError:
                body = {"<non-json>": True}
            headers = {k.lower(): v for k, v in (request.get("headers") or {}).items()}
            version = (headers.get("notion-version") or [None])[0]
            answer_text = (response.get("body") or {}).get("string") or ""
            try:
                answer = json.loads(answer_text) if answer_text else None
            except ValueError:
                answer = None
            entry: dict[str, Any] = {
                "cassette": name,
                "index": index,
                "method": request["method"],
                "host": parts.netloc,
                "path": ids.sub(parts.path),
                "query": {k: [ids.sub(v) for v in vs] for k, vs in parse_qs(parts.query).items()},
                "notion_version": version,
                "body": ids.sub_json(body),
                "status": response["status"]["code"],
            }
            if answer is not None:
                entry["binds"] = new_ids(ids, answer)
                entry["shape"] = {k: "|".join(sorted(v)) for k, v in sorted(shape(answer).items())}
            exchanges.append(entry)
    return {
        "source": "ramnes/notion-sdk-py tests/cassettes (VCR, live Notion API)",
        "exchanges": exchanges,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    result = derive(Path(argv[1]))
    # One exchange per line: small diffs when the recordings change.
    out = sys.stdout
    out.write('{"source": ' + json.dumps(result["source"]) + ',\n "exchanges": [\n')
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in result["exchanges"]]
    out.write(",\n".join(lines))
    out.write("\n]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
