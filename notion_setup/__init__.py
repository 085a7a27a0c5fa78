"""notion-setup: provision a client's Notion workspace from a blueprint.

The library is usable without the CLI; see ``docs/architecture.md``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # The version is written once, in pyproject.toml; the installed metadata carries it.
    __version__ = version("notion-setup")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"
