"""The identity registry kept inside the client's root page.

``model`` holds the registry itself (blueprint key -> Notion id, and the run's answers); ``codec``
splits its JSON across code blocks and reads it back whole or reports the damage; ``store`` reads
it from its toggle and writes it back in place.
"""

from notion_setup.registry.model import CAPTIONS, FORMAT, TOGGLE_TITLE, Place, Registry

__all__ = ["CAPTIONS", "FORMAT", "TOGGLE_TITLE", "Place", "Registry"]
