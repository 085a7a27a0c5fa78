"""``doctor``: is everything in place to provision? Each check says ``ok`` or what to fix.

Checks, in order (a failed check skips the ones that need it):

1. ``connection``: a token is configured (or the sandbox is used);
2. ``api``: Notion answers the request for the token's bot user (latency measured);
3. ``token``: the token is accepted, and whose bot it is;
4. ``parent``: the parent page can be read;
5. ``read_content``: its content can be listed;
6. ``insert_content``: a probe page can be created under it;
7. ``update_content``: the probe can be renamed, then it is moved to the trash (cleanup).

Last, when every other check passed, ``limits`` reports what the API shows of the workspace's plan
(``blocklimit``: plan inferred or given by ``--workspace-plan``, members, upload limit;
UNCONFIRMED inferences said so): ``warn`` on a Free workspace with more than one member
(1,000 blocks), else ``ok``.

The probe is the only write, and it is trashed at once; if it cannot be trashed the report says
so, with its id, so nothing is left behind unannounced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from notion_setup.connect import Connection
from notion_setup.errors import (
    AccessError,
    AuthError,
    ExitCode,
    NotionError,
    NotionSetupError,
    NotionUnavailable,
    UnexpectedResponse,
    exit_code_for,
)
from notion_setup.messages import N_, _
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import as_api
from notion_setup.notion.results import User

JSON = dict[str, Any]
Status = Literal["ok", "fail", "skip", "warn"]

#: Title of the page the capability checks create and trash.
PROBE_TITLE = "notion-setup doctor probe (safe to delete)"
#: Above this, the API is reachable but slow enough to say so.
SLOW_MS = 2000.0

SHARE_HINT = N_(
    "open the page in Notion, ••• → Connections → add your integration{bot} "
    "(the integration needs access to the page, not just the workspace)"
)
CAPABILITY_HINT = N_(
    "in https://www.notion.so/profile/integrations open your integration → Capabilities and "
    "tick “{what}”, then save"
)


@dataclass(frozen=True)
class Check:
    """One check's outcome."""

    name: str
    status: Status
    detail: str
    fix: str | None = None
    exit_code: int = 0

    def to_json(self) -> JSON:
        """Machine-readable form."""
        return {
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "fix": self.fix,
            "exit_code": self.exit_code,
        }


@dataclass
class DoctorReport:
    """Every check, in order."""

    target: str  # what was checked: "Notion (https://api.notion.com)" or "sandbox (...)"
    checks: list[Check] = field(default_factory=list)
    latency_ms: float | None = None

    @property
    def ok(self) -> bool:
        """No check failed."""
        return all(c.status != "fail" for c in self.checks)

    @property
    def exit_code(self) -> int:
        """0 when everything passed, else the exit code of the first failure."""
        return next((c.exit_code for c in self.checks if c.status == "fail"), int(ExitCode.OK))

    def add(self, check: Check) -> Check:
        """Record a check."""
        self.checks.append(check)
        return check

    def skip(self, names: tuple[str, ...], why: str) -> None:
        """Record checks that could not run."""
        for name in names:
            self.add(Check(name, "skip", why))

    def to_json(self) -> JSON:
        """Machine-readable form (stable keys)."""
        return {
            "ok": self.ok,
            "exit_code": self.exit_code,
            "target": self.target,
            "latency_ms": self.latency_ms,
            "checks": [c.to_json() for c in self.checks],
        }


def _failed(name: str, error: NotionSetupError, detail: str, fix: str | None = None) -> Check:
    return Check(name, "fail", detail, fix or error.hint, int(exit_code_for(error)))


def _bot_label(me: User) -> tuple[str, str]:
    """(description for the report, the integration's name) of the token's bot user."""
    name = me.name or ""
    workspace = me.workspace_name or ""
    owner = me.owner_type
    parts = [_('integration "{name}"').format(name=name) if name else _("an integration")]
    if workspace:
        parts.append(_('in workspace "{workspace}"').format(workspace=workspace))
    if owner:
        parts.append(_("(owner: {owner})").format(owner=owner))
    return " ".join(parts), name


_AFTER_PARENT = ("read_content", "insert_content", "update_content")


def run_doctor(
    connect: Callable[[], Connection],
    parent_id: str | None,
    *,
    clock: Callable[[], float] = time.perf_counter,
    workspace_plan: str | None = None,
) -> DoctorReport:
    """Run every check and return the report; never raises for a failed check.

    Args:
        connect: opens the connection (raises ``TokenMissing`` when no token is configured).
        parent_id: the page to check access to; None skips the page and capability checks
            (with the sandbox, pass its top-level page).
        clock: seconds, for the latency measurement (tests inject one).
        workspace_plan: ``--workspace-plan`` (``free``/``paid``), instead of the inferred plan.
    """
    try:
        conn = connect()
    except NotionSetupError as error:
        report = DoctorReport(target="Notion")
        report.add(_failed("connection", error, error.message))
        report.skip(("api", "token", "parent", *_AFTER_PARENT), _("no connection"))
        return report
    with conn:
        report = DoctorReport(target=conn.label)
        report.add(Check("connection", "ok", conn.label))
        me = _check_api_and_token(conn, report, clock)
        if me is None:
            report.skip(("parent", *_AFTER_PARENT), _("the token check failed"))
            return report
        _label, bot_name = _bot_label(me)
        parent = parent_id or conn.default_parent
        if not parent:
            report.skip(("parent", *_AFTER_PARENT), _("pass --parent PAGE_ID to check a page"))
            _add_limits(report, conn, workspace_plan)
            return report
        _check_parent(conn, report, parent, bot_name)
        _add_limits(report, conn, workspace_plan)
    return report


def _add_limits(report: DoctorReport, conn: Connection, workspace_plan: str | None) -> None:
    """The limits line, once every other check passed (a failure says what to fix first)."""
    if report.ok:
        report.add(limits_check(conn, workspace_plan))


def limits_check(conn: Connection, workspace_plan: str | None) -> Check:
    """What the API shows of the workspace's plan and the Free plan's block limit."""
    from notion_setup.blocklimit import read_limits
    from notion_setup.messages import _

    try:
        limits = read_limits(conn.gateway, workspace_plan)
    except NotionError as error:
        return Check("limits", "warn", _("could not read the limits: {error}").format(error=error))
    if limits.block_limit is None:
        return Check("limits", "ok", limits.describe())
    return Check(
        "limits",
        "warn",
        _("{limits}; block limit: {limit} blocks for the workspace's whole life").format(
            limits=limits.describe(), limit=limits.block_limit
        ),
        _(
            "`notion-setup plan` shows the blocks a run adds (Blocks added); keep under the "
            "limit with --only/--without, or pass --workspace-plan paid if the plan is paid"
        ),
    )


def _check_api_and_token(
    conn: Connection, report: DoctorReport, clock: Callable[[], float]
) -> User | None:
    start = clock()
    try:
        me = as_api(conn.gateway).users.me()
    except NotionUnavailable as error:
        report.add(
            _failed(
                "api",
                error,
                _("{label} did not answer: {message}").format(
                    label=conn.label, message=error.message
                ),
                _(
                    "check your internet connection and proxy settings (HTTPS_PROXY), or "
                    "https://status.notion.so; with --base-url, check that address"
                ),
            )
        )
        report.skip(("token",), _("the API did not answer"))
        return None
    except UnexpectedResponse as error:
        # An answer that is not Notion's (a proxy's page, a wrong --base-url): the API check
        # fails, not the token's.
        report.add(_failed("api", error, error.message))
        report.skip(("token",), _("the API's answer could not be read"))
        return None
    except NotionError as error:
        # Notion answered, with a refusal: the API is fine (however slow), the token is not.
        _api_answered(report, clock() - start, slow_warns=False)
        if isinstance(error, AuthError):
            detail = _("Notion refused the token (401 unauthorized)")
        else:
            detail = _("the token check failed: {message}").format(message=error.message)
        report.add(_failed("token", error, detail))
        return None
    _api_answered(report, clock() - start, slow_warns=True)
    label, _name = _bot_label(me)
    if me.type not in ("", "bot"):
        report.add(
            Check(
                "token",
                "warn",
                _("the token belongs to a {type}, not an integration").format(type=me.type),
                _("use an internal integration's secret"),
            )
        )
    else:
        report.add(Check("token", "ok", _("valid: {label}").format(label=label)))
    return me


def _api_answered(report: DoctorReport, elapsed_s: float, *, slow_warns: bool) -> None:
    """The ``api`` check of an answer that took ``elapsed_s``: ok, or a warning when slow."""
    report.latency_ms = round(elapsed_s * 1000, 1)
    if slow_warns and report.latency_ms > SLOW_MS:
        report.add(
            Check(
                "api",
                "warn",
                _("answered, but slowly: {latency_ms:.0f} ms").format(latency_ms=report.latency_ms),
                _("runs will be slow; check your network, or retry later"),
            )
        )
    else:
        report.add(
            Check(
                "api",
                "ok",
                _("answered in {latency_ms:.0f} ms").format(latency_ms=report.latency_ms),
            )
        )


def _capability_failed(name: str, error: NotionError, detail: str, capability: str) -> Check:
    """A failed content check; a 403 names the integration capability to switch on."""
    fix = _(CAPABILITY_HINT).format(what=capability) if error.status == 403 else None
    return _failed(name, error, detail, fix)


def _check_parent(conn: Connection, report: DoctorReport, parent: str, bot_name: str) -> None:
    api = as_api(conn.gateway)
    share = _(SHARE_HINT).format(bot=f" “{bot_name}”" if bot_name else "")
    try:
        page = api.pages.retrieve(parent)
    except NotionError as error:
        fix = share if isinstance(error, AccessError) else None
        report.add(
            _failed(
                "parent",
                error,
                _("cannot read page {parent}: {message}").format(
                    parent=parent, message=error.message
                ),
                fix,
            )
        )
        report.skip(_AFTER_PARENT, _("the parent page cannot be read"))
        return
    if page.in_trash:
        trashed = AccessError(
            _("page {parent} is in the trash").format(parent=parent),
            hint=_("restore it from Notion's trash, or pick another page"),
        )
        report.add(_failed("parent", trashed, trashed.message))
        report.skip(_AFTER_PARENT, _("the parent page is in the trash"))
        return
    title = page.title
    report.add(
        Check(
            "parent",
            "ok",
            _('page "{title}" ({parent}) is shared with the integration').format(
                title=title, parent=parent
            ),
        )
    )
    try:
        api.blocks.first_child(parent)
        report.add(Check("read_content", "ok", _("can read the page's content")))
    except NotionError as error:
        report.add(
            _capability_failed(
                "read_content",
                error,
                _("cannot list the page: {message}").format(message=error.message),
                "Read content",
            )
        )
    _check_writes(conn, report, parent)


def _check_writes(conn: Connection, report: DoctorReport, parent: str) -> None:
    api = as_api(conn.gateway)
    try:
        # Not resent after an ambiguous failure (no find_existing): a probe is not worth a
        # duplicate, and the failure is reported.
        probe = api.pages.create(
            parent=payloads.page_parent(parent), properties=payloads.title_properties(PROBE_TITLE)
        )
    except NotionError as error:
        report.add(
            _capability_failed(
                "insert_content",
                error,
                _("cannot create a page: {message}").format(message=error.message),
                "Insert content",
            )
        )
        report.skip(("update_content",), _("no probe page to update"))
        return
    probe_id = probe.id
    report.add(Check("insert_content", "ok", _("created a probe page")))
    try:
        api.pages.update(probe_id, properties=payloads.title_properties(PROBE_TITLE + " ✓"))
    except NotionError as error:
        report.add(
            _capability_failed(
                "update_content",
                error,
                _("cannot edit a page: {message}").format(message=error.message),
                "Update content",
            )
        )
        report.add(
            Check(
                "cleanup",
                "warn",
                _(
                    'the probe page "{PROBE_TITLE}" ({probe_id}) could not be moved to the trash'
                ).format(PROBE_TITLE=PROBE_TITLE, probe_id=probe_id),
                _("delete it by hand in Notion"),
            )
        )
        return
    try:
        api.pages.trash(probe_id)
    except NotionError as error:
        report.add(Check("update_content", "ok", _("can edit pages")))
        report.add(
            Check(
                "cleanup",
                "warn",
                _("the probe page ({probe_id}) could not be moved to the trash: {message}").format(
                    probe_id=probe_id, message=error.message
                ),
                _("delete it by hand in Notion"),
            )
        )
        return
    report.add(Check("update_content", "ok", _("can edit pages (probe page moved to the trash)")))
