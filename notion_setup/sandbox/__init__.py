"""A strict local emulator of the Notion API (version 2026-03-11, also 2025-09-03).

>>> from notion_setup.sandbox import Sandbox, serve
>>> sb = Sandbox()                      # in memory; Sandbox(state_path=...) persists
>>> transport = sb.transport()          # in-process httpx transport
>>> with serve(sb) as server: ...       # loopback HTTP at server.base_url  # doctest: +SKIP

See docs/sandbox.md for what is emulated and how strictly.
"""

from notion_setup.sandbox.core import LoggedRequest, Sandbox
from notion_setup.sandbox.faults import KINDS as FAULT_KINDS
from notion_setup.sandbox.faults import FaultPlan, FaultSpecError
from notion_setup.sandbox.server import RunningServer, serve

__all__ = [
    "FAULT_KINDS",
    "FaultPlan",
    "FaultSpecError",
    "LoggedRequest",
    "RunningServer",
    "Sandbox",
    "serve",
]
