"""Allow ``python -m notion_setup``."""

from notion_setup.cli import main

main()
