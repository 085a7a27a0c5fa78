"""An ambiguous view create is recognised once: the view read to recognise it is the one adopted.

Notion lists a database's views by id only, so the lookup after a dropped create reads each view
it does not know to compare names (lookup-before-retry, reliability-notes §2.5). That read is
the answer the tool keeps: the view is not read a second time to learn its database.
"""

from __future__ import annotations

from typing import Any

from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

from .test_faults import converged


def test_F8_a_view_create_dropped_after_commit_is_adopted_after_one_read_of_it(
    gateway_for: Any, small: Any
) -> None:
    box = Sandbox(rate_limit=0)
    box.faults.inject("drop_committed", method="POST", path="/v1/views", count=1)
    apply_workspace(gateway_for(box), small, box.root_page_id)

    dropped = [i for i, r in enumerate(box.request_log) if r.status == 0]
    assert len(dropped) == 1 and box.request_log[dropped[0]].path == "/v1/views"
    reads = [
        r.path for r in box.request_log if r.method == "GET" and r.path.startswith("/v1/views/")
    ]
    assert len(reads) == len(set(reads)), reads  # no view is read twice
    converged(box, gateway_for, small)
