"""What becomes of notion-client's own log records: redacted, and shown only at DEBUG (-vv)."""

from __future__ import annotations

import logging

from notion_setup.redact import RedactingFilter


class QuietClient(logging.Filter):
    """Makes notion-client's records DEBUG (-vv).

    notion-client logs every request at INFO and every error at WARNING; with our retries that
    is noise (and a WARNING for each retried 429).
    """

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self._logger = logger

    def filter(self, record: logging.LogRecord) -> bool:
        """Lower the record to DEBUG; keep it only when DEBUG is shown."""
        record.levelno = logging.DEBUG
        record.levelname = "DEBUG"
        return self._logger.isEnabledFor(logging.DEBUG)


def add_filter_once(logger: logging.Logger, filt: logging.Filter) -> None:
    """Add ``filt`` unless the logger has a filter of its type already."""
    if not any(type(f) is type(filt) for f in logger.filters):
        logger.addFilter(filt)


def client_logger(log: logging.Logger) -> logging.Logger:
    """``log`` redacted, and its ``client`` child (notion-client's logger) redacted and quiet."""
    add_filter_once(log, RedactingFilter())
    client_log = log.getChild("client")
    add_filter_once(client_log, RedactingFilter())
    add_filter_once(client_log, QuietClient(client_log))
    return client_log
