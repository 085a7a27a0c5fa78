"""``--report FILE.xml``: the batch as a JUnit XML report, the format CI dashboards read.

One ``<testcase>`` per client (``classname`` = ``notion-setup.<blueprint>``, ``name`` = client):
a failed client has a ``<failure>`` with its error class and full message, an unexpected internal
error an ``<error>``, an interrupted or never-started client a ``<skipped>``. With ``--plan``,
pending changes are listed in the test case's ``<system-out>``.

Test cases are streamed to a temporary file next to the report as clients finish; ``close``
writes the report with the final counts in one ``os.replace``, so a reader never sees half a
file and memory does not grow with the batch.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

from notion_setup.batch.results import ClientResult
from notion_setup.errors import UsageError

#: Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUITE_NAME = "notion-setup batch"


def _clean(text: str) -> str:
    return _NOT_XML.sub("?", text)


def _open_tag(tag: str, attributes: dict[str, str]) -> str:
    """``<tag a="1" b="x">``, attribute values escaped."""
    pairs = "".join(f" {name}={quoteattr(_clean(value))}" for name, value in attributes.items())
    return f"<{tag}{pairs}>"


def _blueprint_label(blueprint: str) -> str:
    """``av`` for a bundled name, the file's stem for a path."""
    return Path(blueprint).stem if ("/" in blueprint or "\\" in blueprint) else blueprint


def testcase(result: ClientResult) -> ET.Element:
    """The ``<testcase>`` element of one client."""
    case = ET.Element(
        "testcase",
        {
            "classname": _clean(f"notion-setup.{_blueprint_label(result.blueprint)}"),
            "name": _clean(result.name),
            "time": f"{result.elapsed_s:.3f}",
        },
    )
    error = result.error
    if result.status == "failed" and error is not None:
        tag = "error" if error.type == "InternalError" else "failure"
        first = error.message.splitlines()[0] if error.message else error.type
        node = ET.SubElement(case, tag, {"message": _clean(first), "type": error.type})
        node.text = _clean(error.message)
    elif result.status in ("interrupted", "skipped"):
        message = error.message.splitlines()[0] if error is not None else result.status
        ET.SubElement(case, "skipped", {"message": _clean(message)})
    lines = []
    if result.root_url:
        lines.append(f"workspace: {result.root_url}")
    lines.append(
        f"created {result.created}, updated {result.updated}, removed {result.removed}, "
        f"unchanged {result.unchanged}, pending {result.pending}; "
        f"{result.api_calls} API calls, {result.writes} writes, {result.retries} retries"
    )
    for change in result.changes:
        detail = f" ({change['detail']})" if change.get("detail") else ""
        lines.append(f"  {change['verb']} {change['kind']} {change['name']}{detail}")
    out = ET.SubElement(case, "system-out")
    out.text = _clean("\n".join(lines))
    return case


class JUnitWriter:
    """Streams test cases to a temporary file; ``close`` writes the report atomically."""

    def __init__(self, path: str | Path, *, suite: str = SUITE_NAME) -> None:
        """Prepare to write the report at ``path``.

        Raises:
            UsageError: the report's folder does not exist or is not writable.
        """
        self.path = Path(path)
        self.suite = suite
        self.counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        self.started = datetime.now(UTC)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            self._body: IO[str] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open
                "w+", encoding="utf-8", dir=folder, prefix=f".{self.path.name}.", delete=False
            )
        except OSError as err:
            raise UsageError(
                f"--report {self.path}: cannot write there: {err.strerror}",
                hint="give a path in an existing, writable folder (e.g. --report report.xml)",
            ) from err

    def add(self, result: ClientResult) -> None:
        """Append one client's test case."""
        self.counts["tests"] += 1
        if result.status == "failed":
            internal = result.error is not None and result.error.type == "InternalError"
            self.counts["errors" if internal else "failures"] += 1
        elif result.status in ("interrupted", "skipped"):
            self.counts["skipped"] += 1
        element = testcase(result)
        ET.indent(element, space="  ", level=2)
        self._body.write("    " + ET.tostring(element, encoding="unicode") + "\n")
        self._body.flush()

    __call__ = add

    def close(self, elapsed_s: float) -> None:
        """Write the report (counts, then every test case) and remove the temporary file."""
        counts = {name: str(value) for name, value in self.counts.items()}
        attributes = {"name": self.suite, **counts, "time": f"{elapsed_s:.3f}"}
        suite = {
            **attributes,
            "timestamp": self.started.strftime("%Y-%m-%dT%H:%M:%S"),
            "hostname": socket.gethostname(),
        }
        final = self.path.with_name(f".{self.path.name}.final")
        self._body.seek(0)
        with final.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(_open_tag("testsuites", attributes) + "\n")
            out.write("  " + _open_tag("testsuite", suite) + "\n")
            shutil.copyfileobj(self._body, out)
            out.write("  </testsuite>\n</testsuites>\n")
        os.replace(final, self.path)
        self.discard()

    def discard(self) -> None:
        """Remove the temporary file (the report is not written)."""
        name = self._body.name
        self._body.close()
        Path(name).unlink(missing_ok=True)
