"""notion-setup: provision a client's Notion workspace from a blueprint.

The library is usable without the CLI; see ``docs/architecture.md``.
"""

__version__ = "0.1.0"
