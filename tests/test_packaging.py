"""The wheel ships every subpackage: pyproject.toml lists packages by hand (``notion_setup.bundled``
is mapped from ``blueprints/``), so a new subpackage missing from the list would install a tool
that fails on import. CI also builds and runs the wheel; this catches it at ``make test``."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "notion_setup").rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add them to [tool.setuptools] packages in pyproject.toml"


def test_the_bundled_blueprints_and_their_history_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    folder = ROOT / "blueprints"
    # notion_setup.bundled is blueprints/ (package-dir); its subpackages are its subfolders.
    shipped = set()
    for package, patterns in setuptools["package-data"].items():
        if package == "notion_setup.bundled" or package.startswith("notion_setup.bundled."):
            assert package in setuptools["packages"], package
            where = folder.joinpath(*package.split(".")[2:])
            shipped |= {path for pattern in patterns for path in where.glob(pattern)}
    wanted = {path for path in folder.rglob("*.json")}
    assert wanted - shipped == set()
