"""Tokens are masked by exact value and by shape, in messages, arguments and tracebacks."""

from __future__ import annotations

import io
import logging

from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.redact import MASK, RedactingFilter, protect_handlers, redact, register_secret


def test_exact_registered_value_is_removed():
    register_secret("plainvalue-not-token-shaped-42")
    assert redact("auth=plainvalue-not-token-shaped-42;") == f"auth={MASK};"


def test_token_shapes_are_removed_even_unregistered():
    text = "Bearer secret_abcDEF123 and ntn_XYZ_789-q, not ntnx_1 nor a_secret"
    assert redact(text) == f"Bearer {MASK} and {MASK}, not ntnx_1 nor a_secret"


def test_explicit_secrets_and_empty_strings():
    assert redact("a b c", secrets=["b", ""]) == f"a {MASK} c"
    register_secret("")
    assert redact("nothing") == "nothing"


@settings(deadline=None)
@given(body=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF0123456789", min_size=1))
def test_any_ntn_token_is_masked(body: str):
    assert "ntn_" + body not in redact(f"token=ntn_{body} end")


def test_filter_masks_arguments_and_traceback():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.redact.filter")
    logger.addHandler(handler)
    logger.propagate = False
    protect_handlers(logger)
    protect_handlers(logger)  # idempotent
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    try:
        raise RuntimeError("failed with ntn_traceback123")
    except RuntimeError:
        logger.exception("token %s", "secret_arg456")
    output = stream.getvalue()
    assert "ntn_traceback123" not in output and "secret_arg456" not in output
    # The message, the source line of the traceback and the exception text.
    assert output.count(MASK) == 3
