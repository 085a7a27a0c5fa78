"""``apply -v`` tells the dependency bound of the plan on stderr, in the workspace's language."""

from __future__ import annotations

from click.testing import CliRunner

from notion_setup.cli import cli


def test_apply_verbose_prints_the_critical_path_and_the_bound_with_its_workers() -> None:
    result = CliRunner().invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Bound", "--lang", "fr", "-v", "--jobs", "4"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "ordonnancement : 179 appels, chemin critique 31 appels ; avec 4 simultanés, au mieux "
        "45 durées d'appel (0,25 du temps séquentiel)"
    ) in result.stderr
    assert "ordonnancement" not in result.stdout
