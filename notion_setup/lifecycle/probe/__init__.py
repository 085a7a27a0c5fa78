"""``doctor --probe``: a live conformance suite against whatever API the tool points at.

``fixture`` (what the probe creates, as model objects), ``world`` (made on first use),
``checks`` (``CHECKS``: the behaviours checked, as data), ``runner`` (``run_probe``: the scratch
page, the checks, the cleanup) and ``report`` (the human lines).
"""

from notion_setup.lifecycle.probe.checks import CHECKS, Check, Diff
from notion_setup.lifecycle.probe.report import probe_lines, probe_summary
from notion_setup.lifecycle.probe.runner import Outcome, ProbeReport, run_probe

__all__ = [
    "CHECKS",
    "Check",
    "Diff",
    "Outcome",
    "ProbeReport",
    "probe_lines",
    "probe_summary",
    "run_probe",
]
