"""What becomes of notion-client's own log records: redacted, and shown only at DEBUG (-vv)."""

from __future__ import annotations

import logging

from notion_setup.redact import RedactingFilter


class QuietClient(logging.Filter):
    """notion-client logs every request at INFO and every error at WARNING; with our retries
    that is noise (and a WARNING for each retried 429). Its records become DEBUG (-vv)."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self._logger = logger

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno = logging.DEBUG
        record.levelname = "DEBUG"
        return self._logger.isEnabledFor(logging.DEBUG)


def add_filter_once(logger: logging.Logger, filt: logging.Filter) -> None:
    if not any(type(f) is type(filt) for f in logger.filters):
        logger.addFilter(filt)


def client_logger(log: logging.Logger) -> logging.Logger:
    """``log`` redacted, and its ``client`` child (notion-client's logger) redacted and quiet."""
    add_filter_once(log, RedactingFilter())
    client_log = log.getChild("client")
    add_filter_once(client_log, RedactingFilter())
    add_filter_once(client_log, QuietClient(client_log))
    return client_log
