"""Batch runs: many clients from a manifest, in parallel where Notion allows it, for CI.

``run_manifest`` is the whole job (``notion-setup batch``); its parts are public for tests, the
bench and other callers:

- ``manifest``: ``load_manifest(path) -> Manifest`` (JSON with ``blueprints/manifest.schema.json``,
  or CSV), ``ClientSpec``;
- ``shard``: ``parse_shard("2/4")``, ``select(clients, shard)`` (token groups stay together);
- ``preflight``: ``BlueprintCache``, ``preflight(...)`` (every client resolves before any request);
- ``runner``: ``run_batch(clients, connect=..., jobs=..., plan=..., fail_fast=...)``;
- ``sinks`` and ``junit``: progress lines, JSON lines, the JUnit XML report.
"""

from notion_setup.batch.junit import JUnitWriter
from notion_setup.batch.lanes import Connect
from notion_setup.batch.manifest import ClientSpec, Manifest, load_manifest
from notion_setup.batch.preflight import BlueprintCache, preflight
from notion_setup.batch.results import BatchSummary, ClientResult, ErrorInfo
from notion_setup.batch.runner import by_token, one_lane, run_batch
from notion_setup.batch.session import raise_for_outcome, run_manifest
from notion_setup.batch.shard import Shard, assign, parse_shard, select
from notion_setup.batch.sinks import JsonLinesSink, ProgressSink

__all__ = [
    "BatchSummary",
    "BlueprintCache",
    "ClientResult",
    "ClientSpec",
    "Connect",
    "ErrorInfo",
    "JUnitWriter",
    "JsonLinesSink",
    "Manifest",
    "ProgressSink",
    "Shard",
    "assign",
    "by_token",
    "load_manifest",
    "one_lane",
    "parse_shard",
    "preflight",
    "raise_for_outcome",
    "run_batch",
    "run_manifest",
    "select",
]
