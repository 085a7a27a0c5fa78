"""The rest of a workspace's life after ``apply``: destroy, export, new, doctor.

Each module is a library function the CLI (``notion_setup.commands.lifecycle``) calls once:

- ``destroy``: list, then trash, what the tool created for one client, and nothing else;
- ``export``: read any workspace back into a blueprint document;
- ``new``: create one page from a blueprint template or a Notion database template;
- ``doctor``: check the token, the API, access to a parent page and the capabilities.
"""
