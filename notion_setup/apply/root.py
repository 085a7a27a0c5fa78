"""The client's root page: created once, by one run, which then holds the workspace's lease.

Notion has no atomic operation to build a lock on, so two first runs for one client can both find
nothing and both create a root page. One listing after the create settles it: the root that
comes first among the parent's children (Notion lists children in the order they were created;
``created_time`` is only precise to the minute) wins for every run, and a run whose root lost
trashes it before it holds anything. It then goes on as a run that found the winner's root
(``provision`` observes again and tries the winner's lease). A page titled like this client's
root whose registry names another client is not a rival: someone renamed it by hand (F31).
"""

from __future__ import annotations

from notion_setup.apply.base import ExecutorBase
from notion_setup.errors import ConcurrentRun
from notion_setup.messages import _
from notion_setup.notion import payloads
from notion_setup.notion.results import object_url
from notion_setup.observe import list_children, read_registry
from notion_setup.plan import Step
from notion_setup.registry import TOGGLE_TITLE


class RootSteps(ExecutorBase):
    """The create-root step: the root race (F15), then the lease on the new root."""

    def _create_root(self, step: Step) -> None:
        ws = self.ws
        parent_id = self.observed.parent_id
        page = self._create_page(
            parent=payloads.page_parent(parent_id),
            properties=payloads.title_properties(ws.title, "root.title"),
            markdown=ws.body,
            icon=ws.icon,
            find_existing=lambda: self._child_by_title(parent_id, "child_page", ws.title),
            blueprint_path="root",
        )
        self.root_id = page.id
        self.root_url = object_url(page.id, page.url)
        self.result.root_page_id = self.root_id
        self.result.root_url = self.root_url
        self._record("root", "root", ws.title, page.id, page.url)
        self._yield_to_a_concurrent_run(parent_id, self.root_id)
        self._claim_new_root(page.id)

    def _yield_to_a_concurrent_run(self, parent_id: str, mine: str) -> None:
        """Stand down if another run created this client's root page at the same time (F15)."""
        rivals = [
            child
            for child in list_children(self.api, parent_id)
            if child.type == "child_page" and child.title == self.ws.title
        ]
        if len(rivals) < 2:
            return
        for rival in rivals:
            if rival.id == mine:
                return  # this run's root comes first among the real rivals
            owner = self._client_of(rival.id)
            if owner is not None and owner != self.ws.client:
                self.reporter.warn(
                    _(
                        "the page “{title}” ({url}) belongs to the client {owner} (its registry "
                        "says so), not to {client}: it was renamed by hand; rename it back so "
                        "that the two workspaces are told apart"
                    ).format(
                        title=rival.title,
                        url=object_url(rival.id),
                        owner=owner,
                        client=self.ws.client,
                    )
                )
                continue
            self.api.pages.trash(mine, lock=parent_id, blueprint_path="root")
            self.root_id = None
            raise ConcurrentRun(
                _(
                    "another run is creating the workspace of {client} under this parent page "
                    "({url}); this run removed its own copy"
                ).format(client=self.ws.client, url=object_url(rival.id)),
                hint=_("run the same command again: it goes on in the other run's workspace"),
            )

    def _client_of(self, page_id: str) -> str | None:
        """The client a page's registry names (None: no registry, such as a fresh root)."""
        found = read_registry(self.api, list_children(self.api, page_id))
        return found[0].client if found else None

    def _claim_new_root(self, root_id: str) -> None:
        """Take the lease of the root this run just created, before anything is written in it.

        A run that lost the root race and came over may hold it already (``WorkspaceBusy``), or
        may even have finished in between: then the root holds pages, and this run plans again.
        """
        if self.lease is None:
            return
        try:
            listed = self.lease.claim(root_id)
        except BaseException:
            self.root_id = None  # nothing of this run is saved into a root it does not hold
            raise
        built = [
            b
            for b in listed
            if b.type in ("child_page", "child_database")
            or (b.type == "toggle" and b.text == TOGGLE_TITLE)
        ]
        if built:
            self.root_id = None
            raise ConcurrentRun(
                _("another run built the workspace of {client} meanwhile").format(
                    client=self.ws.client
                ),
                hint=_("run the same command again: it completes what is missing"),
            )
