"""Blueprints: JSON files that describe a client workspace, and their resolution into the model.

``load_blueprint`` reads a bundled blueprint or a file, merges what it ``extends``, validates it
against ``blueprints/schema.json`` (with ``jsonschema``) and the semantic checks, and returns an
immutable ``Blueprint``. ``resolve`` turns it into a ``model.Workspace`` for one client, language,
set of variables and modules. See ``docs/blueprints.md`` for the format.
"""

from notion_setup.blueprint.loader import Blueprint, bundled_blueprints, load_blueprint
from notion_setup.blueprint.resolver import resolve
from notion_setup.blueprint.source import BundledBlueprint, bundled_dir
from notion_setup.blueprint.variables import load_vars_file, parse_var_assignments

__all__ = [
    "Blueprint",
    "BundledBlueprint",
    "bundled_blueprints",
    "bundled_dir",
    "load_blueprint",
    "load_vars_file",
    "parse_var_assignments",
    "resolve",
]
