"""``run_probe``: every check as expected on the sandbox; a misbehaving API is reported with the
difference; the scratch page ends in the trash whatever happens (unless kept)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from notion_setup.connect import open_connection
from notion_setup.errors import AccessError
from notion_setup.lifecycle.probe import CHECKS, Check, Diff, ProbeReport, run_probe
from notion_setup.lifecycle.probe.runner import scratch_title
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.sandbox import Sandbox

from .conftest import (
    Failing,
    Refusing,
    Rewriting,
    api_on,
    drop_status_groups,
    is_chart_create,
    is_data_source_read,
    is_view_create,
)

DOCS = Path(__file__).parents[2] / "docs" / "sandbox.md"
NOON = datetime(2026, 12, 2, 12, 0, 0, tzinfo=UTC)

#: The check ids are stable: bug reports and docs/sandbox.md name them.
IDS = [
    "api.request_id",
    "workspace.limits",
    "errors.not_found",
    "url.page",
    "url.database",
    "url.view",
    "time.forms",
    "status.groups_as_sent",
    "status.added_to_do",
    "schema.as_sent",
    "relation.two_way",
    "rollup.config",
    "formula.number",
    "unique_id.prefix",
    "row.values_as_sent",
    "relation.synced_value",
    "query.filter_properties",
    "views.default_listed",
    "view.table",
    "view.board",
    "view.calendar",
    "view.timeline",
    "view.list",
    "view.gallery",
    "view.chart",
    "view.filter_sorts_as_sent",
    "view.filter_by_name",
    "view.unsorted_null",
    "view.group_by_needs_sort",
    "view.board_needs_configuration",
    "markdown.round_trip",
]


def _probe(api: NotionAPI, box: Sandbox, **options: Any) -> ProbeReport:
    return run_probe(
        api,
        box.root_page_id,
        target="sandbox (test)",
        base_url="http://sandbox.invalid",
        now=lambda: NOON,
        **options,
    )


def _trashed(box: Sandbox) -> list[tuple[str, bool]]:
    """(title, in trash now) of every page the run asked to move to the trash."""
    api = api_on(box)
    paths = [
        e.path
        for e in box.request_log
        if e.method == "PATCH"
        and e.path.startswith("/v1/pages/")
        and e.body_json == {"in_trash": True}
    ]
    pages = [api.pages.retrieve(path.rsplit("/", 1)[-1]) for path in paths]
    return [(page.title, page.in_trash) for page in pages]


def test_the_check_ids_are_stable_and_unique() -> None:
    assert [c.id for c in CHECKS] == IDS
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", c.id) for c in CHECKS)
    assert all(c.description and c.settles for c in CHECKS)


def test_the_sandbox_doc_names_every_check_with_the_choice_it_settles() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## The live probe", 1)[1].split("\n## ", 1)[0]
    missing = [c.id for c in CHECKS if f"`{c.id}`" not in section]
    assert missing == []


@pytest.mark.parametrize("version", ["2026-03-11", "2026-12-01"])
def test_every_check_is_as_expected_on_the_sandbox(version: str, state: Path) -> None:
    conn = open_connection(sandbox=True, sandbox_state=state, notion_version=version)
    with conn:
        assert conn.default_parent is not None
        report = run_probe(
            as_api(conn.gateway),
            conn.default_parent,
            target=conn.label,
            base_url=conn.gateway.base_url,
        )
        scratch = as_api(conn.gateway).pages.retrieve(str(report.scratch_id))

    assert [(o.check.id, o.diffs) for o in report.outcomes] == [(i, ()) for i in IDS]
    assert (report.ok, report.exit_code, report.notion_version) == (True, 0, version)
    assert (scratch.in_trash, report.scratch_trashed) == (True, True)
    limits = next(o for o in report.outcomes if o.check.id == "workspace.limits")
    assert dict(limits.facts) == {"max_file_upload_size_in_bytes": 5 << 30, "plan_guess": "paid"}


def test_a_free_looking_workspace_is_reported_as_such(tmp_path: Path) -> None:
    box = Sandbox(state_path=tmp_path / "free.sqlite", rate_limit=0, plan="free", members=2)
    checks = [c for c in CHECKS if c.id == "workspace.limits"]

    report = _probe(api_on(box), box, checks=checks)

    assert dict(report.outcomes[0].facts) == {
        "max_file_upload_size_in_bytes": 5 << 20,
        "plan_guess": "free",
    }
    box.close()


def test_status_groups_dropped_from_the_answers_are_reported_with_the_difference(
    box: Sandbox,
) -> None:
    wrapper: list[Rewriting] = []

    def wrap(inner: httpx.BaseTransport) -> Rewriting:
        wrapper.append(Rewriting(inner, is_data_source_read, drop_status_groups))
        return wrapper[0]

    report = _probe(api_on(box, wrap=wrap), box)

    differing = {o.check.id: o.diffs for o in report.differing}
    assert sorted(differing) == ["status.added_to_do", "status.groups_as_sent"]
    assert differing["status.groups_as_sent"] == (
        Diff("Stage: Backlog", "To-do", "[]"),
        Diff("Stage: Doing", "In progress", "[]"),
        Diff("Stage: Blocked", "In progress", "[]"),
        Diff("Stage: Shipped", "Complete", "[]"),
    )
    assert report.exit_code == 1
    assert wrapper[0].rewritten >= 2


def test_a_refused_request_fails_the_checks_that_need_it_and_no_other(box: Sandbox) -> None:
    report = _probe(api_on(box, wrap=lambda inner: Refusing(inner, is_chart_create)), box)

    differing = report.differing
    assert [(o.check.id, o.diffs) for o in differing] == [
        (
            "view.chart",
            (
                Diff(
                    "creating the view “Chart”",
                    "accepted",
                    "Notion rejected POST /v1/views (400 validation_error): "
                    "body failed validation: body.type should be one of `table`.",
                ),
            ),
        )
    ]
    assert report.scratch_trashed


def _raising(exception: BaseException) -> Check:
    def run(world: object, expect: object) -> None:
        raise exception

    return Check("test.raises", "raises", "nothing", run)


@pytest.mark.parametrize("exception", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_the_scratch_page_is_trashed_even_when_a_check_raises(
    box: Sandbox, exception: BaseException
) -> None:
    checks = [CHECKS[0], _raising(exception), CHECKS[1]]

    with pytest.raises(type(exception)):
        _probe(api_on(box), box, checks=checks)

    assert _trashed(box) == [(scratch_title(NOON), True)]


def test_keep_leaves_the_scratch_page_with_everything_under_it(box: Sandbox) -> None:
    report = _probe(api_on(box), box, keep=True)

    api = api_on(box)
    scratch = api.pages.retrieve(str(report.scratch_id))
    titles = sorted(b.title for b in api.blocks.children(scratch.id))
    assert (scratch.title, scratch.in_trash) == (
        "notion-setup probe 2026-12-02 12:00:00 UTC",
        False,
    )
    assert titles == ["Probe clients", "Probe page", "Probe tasks"]
    assert report.scratch_trashed is False


def test_a_parent_the_integration_cannot_see_stops_before_anything_is_made(box: Sandbox) -> None:
    hidden = box.add_unshared_page("Private")

    with pytest.raises(AccessError):
        run_probe(api_on(box), hidden, target="sandbox (test)", base_url="http://sandbox.invalid")

    assert [e.method for e in box.request_log] == ["POST"]


def test_F22_notion_failing_mid_run_stops_the_probe_with_exit_8_naming_what_did_not_run(
    box: Sandbox,
) -> None:
    failing: list[Failing] = []

    def wrap(inner: httpx.BaseTransport) -> Failing:
        failing.append(Failing(inner, is_view_create, 503))
        return failing[0]

    report = _probe(api_on(box, wrap=wrap), box)

    assert (report.ok, report.exit_code) == (False, 8)
    assert report.not_run == IDS  # the first check needs a view already
    assert report.outcomes == []
    assert report.stopped is not None and "503" in report.stopped
    assert report.scratch_trashed is False and report.cleanup_error is not None
    assert failing[0].refused <= 2 * 3  # the view create and the trash, 3 attempts at most each


def test_F17_a_token_revoked_mid_run_stops_the_probe_with_exit_4(box: Sandbox) -> None:
    def revoke_at_the_page(request: httpx.Request) -> bool:
        return request.method == "POST" and b"Probe page" in request.content

    report = _probe(api_on(box, wrap=lambda inner: Failing(inner, revoke_at_the_page, 401)), box)

    assert report.exit_code == 4
    assert report.not_run == ["time.forms", *IDS[IDS.index("time.forms") + 1 :]]
    assert [o.check.id for o in report.outcomes] == IDS[: IDS.index("time.forms")]
    assert all(o.ok for o in report.outcomes)


def test_the_probe_spends_few_blocks_of_a_free_workspace(tmp_path: Path) -> None:
    box = Sandbox(state_path=tmp_path / "free.sqlite", rate_limit=0, plan="free", members=2)

    report = _probe(api_on(box), box)

    assert report.ok
    assert box.blocks_created == 23  # docs/sandbox.md, "The live probe", says so
    box.close()
