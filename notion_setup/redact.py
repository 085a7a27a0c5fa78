"""Keep Notion tokens out of every log line, message and traceback.

A token is removed two ways: by exact value (every token a gateway was built with is registered
here, in memory only) and by pattern (``secret_...`` and ``ntn_...``, the two shapes of Notion
integration secrets), so a token that was never registered is still hidden.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

#: Notion internal-integration secrets: legacy ``secret_`` and current ``ntn_`` prefixes.
TOKEN_PATTERN = re.compile(r"\b(?:secret|ntn)_[A-Za-z0-9_\-]+")
#: What a removed token is replaced with.
MASK = "[redacted]"

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(secret: str) -> None:
    """Remember ``secret`` so that ``redact`` removes it by exact value from now on.

    Args:
        secret: a token; empty strings are ignored (they would match everywhere).
    """
    if secret:
        with _lock:
            _secrets.add(secret)


def redact(text: str, *, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with every known token and every token-shaped string masked.

    Args:
        text: any text that may end up on a screen, in a log or in a file.
        secrets: extra exact values to remove besides the registered ones.
    """
    with _lock:
        known = set(_secrets)
    known.update(s for s in secrets if s)
    # Longest first, so a token that contains another one is removed whole.
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return TOKEN_PATTERN.sub(MASK, text)


class RedactingFilter(logging.Filter):
    """A logging filter that masks tokens in the message, its arguments and any traceback.

    Attach it to a logger (it then sees that logger's own records) or to a handler (it sees
    everything the handler writes, propagated records included).
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._extra = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        record.msg = redact(record.getMessage(), secrets=self._extra)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, so the handler prints our redacted copy.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets=self._extra)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets=self._extra)
        return True


def protect_handlers(logger: logging.Logger | None = None) -> None:
    """Add a ``RedactingFilter`` to every handler of ``logger`` (the root logger by default).

    The CLI calls this once logging is configured, so records from any library (httpx,
    notion-client, tenacity) are masked before they are written.
    """
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def is_secret(value: str) -> bool:
    """True when ``value`` holds a registered token or anything shaped like a Notion secret.

    The CLI refuses such values in options that never take a token (``--parent``,
    ``--token-env``, ``--base-url``), without repeating them.
    """
    with _lock:
        known = set(_secrets)
    return any(secret in value for secret in known) or bool(TOKEN_PATTERN.search(value))
