"""The workspace's records: an in-memory dict, written through to SQLite when a state file is set.

Every record is a JSON object with a ``kind`` (page, block, database, data_source, view). Handlers
change records only inside a transaction: ``edit`` snapshots a record before its first change and
``insert`` remembers new ids, so a request that fails half-way leaves nothing behind; ``commit``
writes the changed records to SQLite in one SQLite transaction (the hot path stays in memory).
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from notion_setup.errors import UsageError

Json = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Store:
    """Records by id, with undo for the current transaction and optional SQLite persistence."""

    def __init__(self, path: Path | None = None) -> None:
        self.objects: dict[str, Json] = {}
        self.meta: dict[str, str] = {}
        self._undo: dict[str, Json | None] = {}
        self._meta_undo: dict[str, str | None] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        try:
            # check_same_thread=False: the HTTP server's threads share this connection, always
            # under the sandbox's state lock.
            db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            for object_id, data in db.execute("SELECT id, data FROM objects ORDER BY rowid"):
                self.objects[object_id] = json.loads(data)
            for key, value in db.execute("SELECT key, value FROM meta"):
                self.meta[key] = value
        except (sqlite3.Error, ValueError) as err:
            raise UsageError(
                f"{path}: cannot use this file as sandbox state ({err})",
                hint="pass a new --state file, or delete this one to start an empty workspace",
            ) from err
        self._db = db

    @property
    def persistent(self) -> bool:
        """Whether records are written to a state file."""
        return self._db is not None

    def get(self, object_id: str) -> Json | None:
        """The record with that id, or None."""
        return self.objects.get(object_id)

    def of_kind(self, kind: str) -> Iterator[Json]:
        """Every record of one kind, in creation order."""
        return (rec for rec in self.objects.values() if rec["kind"] == kind)

    def insert(self, record: Json) -> Json:
        """Add a new record (its ``id`` must be new)."""
        object_id = record["id"]
        if object_id not in self._undo:
            self._undo[object_id] = None
        self.objects[object_id] = record
        return record

    def edit(self, object_id: str) -> Json:
        """The record with that id, snapshotted so the transaction can undo changes to it."""
        record = self.objects[object_id]
        if object_id not in self._undo:
            self._undo[object_id] = snapshot(record)
        return record

    def remove(self, object_id: str) -> None:
        """Delete a record for good (undone by ``rollback``, like any change)."""
        if object_id not in self._undo:
            self._undo[object_id] = snapshot(self.objects[object_id])
        del self.objects[object_id]

    def set_meta(self, key: str, value: str) -> None:
        """Set a workspace-level value (token, root page id, counters)."""
        if key not in self._meta_undo:
            self._meta_undo[key] = self.meta.get(key)
        self.meta[key] = value

    def rollback(self) -> None:
        """Undo every change since the last commit."""
        for object_id, before in self._undo.items():
            if before is None:
                self.objects.pop(object_id, None)
            else:
                self.objects[object_id] = before
        for key, old in self._meta_undo.items():
            if old is None:
                self.meta.pop(key, None)
            else:
                self.meta[key] = old
        self._undo.clear()
        self._meta_undo.clear()

    @property
    def revision(self) -> int:
        """How many commits changed the workspace: what a rendering of it is a rendering of."""
        return int(self.meta.get("revision", "0"))

    def commit(self) -> None:
        """Keep every change since the last commit, writing them to the state file if any."""
        if self._undo or self._meta_undo:
            self.set_meta("revision", str(self.revision + 1))
        if self._db is not None and (self._undo or self._meta_undo):
            rows = [
                (oid, self.objects[oid]["kind"], json.dumps(self.objects[oid]))
                for oid in self._undo
                if oid in self.objects
            ]
            gone = [(oid,) for oid in self._undo if oid not in self.objects]
            metas = [(key, self.meta[key]) for key in self._meta_undo if key in self.meta]
            db = self._db
            db.execute("BEGIN")
            try:
                # ON CONFLICT keeps the rowid, hence the creation order used when loading.
                db.executemany(
                    "INSERT INTO objects (id, kind, data) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                    rows,
                )
                db.executemany("DELETE FROM objects WHERE id = ?", gone)
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    metas,
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._undo.clear()
        self._meta_undo.clear()

    def close(self) -> None:
        """Close the state file."""
        if self._db is not None:
            self._db.close()
            self._db = None


def snapshot(record: Json) -> Json:
    """A deep copy of a record; marshal is far faster than copy.deepcopy for JSON-like data."""
    copied: Json = marshal.loads(marshal.dumps(record))
    return copied
