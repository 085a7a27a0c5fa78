"""Notion's error answers: one exception type carrying status, code, message and extras.

Handlers raise ``ApiError``; the request pipeline turns it into Notion's error body
``{object: "error", status, code, message, request_id, additional_data?}``.
"""

from __future__ import annotations

import json
from typing import Any

#: The integration's name, as Notion quotes it in "share with your integration" hints.
INTEGRATION_NAME = "Sandbox"


class ApiError(Exception):
    """An error answer of the emulated API."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        additional_data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.additional_data = additional_data
        self.headers = headers or {}

    def body(self, request_id: str) -> dict[str, Any]:
        """Notion's JSON error body for this error."""
        body: dict[str, Any] = {
            "object": "error",
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }
        if self.additional_data is not None:
            body["additional_data"] = self.additional_data
        body["request_id"] = request_id
        return body


def show(value: Any) -> str:
    """Render a value the way Notion quotes it in validation messages (JSON, cut at 30 chars)."""
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 30 else text[:30] + "..."


def invalid(message: str) -> ApiError:
    """A 400 validation_error with a ready message."""
    return ApiError(400, "validation_error", message)


def body_invalid(path: str, rule: str) -> ApiError:
    """A 400 ``body failed validation: <path> <rule>.`` error."""
    return invalid(f"body failed validation: {path} {rule}.")


def missing(path: str) -> ApiError:
    """The field at ``path`` is required."""
    return body_invalid(path, "should be defined, instead was `undefined`")


def not_present(path: str, value: Any) -> ApiError:
    """The field at ``path`` is not allowed here."""
    return body_invalid(path, f"should be not present, instead was `{show(value)}`")


def wrong_type(path: str, expected: str, value: Any) -> ApiError:
    """The field at ``path`` has the wrong JSON type (e.g. ``expected`` 'a string')."""
    return body_invalid(path, f"should be {expected}, instead was `{show(value)}`")


def not_one_of(path: str, allowed: list[str] | tuple[str, ...], value: Any) -> ApiError:
    """The field at ``path`` is not one of the allowed values."""
    names = ", ".join(f"`{a}`" for a in allowed)
    return body_invalid(path, f"should be one of {names}, instead was `{show(value)}`")


def too_long(path: str, limit: int, actual: int) -> ApiError:
    """A string or array at ``path`` is longer than Notion allows."""
    return body_invalid(f"{path}.length", f"should be ≤ `{limit}`, instead was `{actual}`")


def not_found(kind: str, object_id: str) -> ApiError:
    """404 object_not_found with Notion's hint to share the object with the integration."""
    return ApiError(
        404,
        "object_not_found",
        f"Could not find {kind} with ID: {object_id}. Make sure the relevant pages and "
        f'databases are shared with your integration "{INTEGRATION_NAME}".',
    )


def archived_parent() -> ApiError:
    """Writes under a trashed block are refused, as Notion does."""
    return invalid(
        "Can't edit block that is archived. You must unarchive the block before editing."
    )
