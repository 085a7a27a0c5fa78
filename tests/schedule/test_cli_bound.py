"""``apply -v`` tells the dependency bound of the plan on stderr, in the workspace's language."""

from __future__ import annotations

from click.testing import CliRunner

from notion_setup.apply_schedule import describe_bound, plan_bound
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.observe import Observed
from notion_setup.plan import make_plan


def test_apply_verbose_prints_the_critical_path_and_the_bound_with_its_workers() -> None:
    workspace = resolve(load_blueprint("av"), lang="fr", client="Bound")
    steps = make_plan(workspace, Observed(parent_id="parent")).steps
    expected = describe_bound(plan_bound(steps, workspace, 4), "fr")
    result = CliRunner().invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Bound", "--lang", "fr", "-v", "--jobs", "4"]
    )
    assert result.exit_code == 0, result.output
    assert expected.startswith("ordonnancement : ") and " avec 4 simultanés, au mieux " in expected
    assert f"INFO notion_setup.apply_schedule: {expected}\n" in result.stderr
    assert "ordonnancement" not in result.stdout
