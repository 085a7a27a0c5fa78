"""The composite GitHub Action's script, run locally against the sandbox (state in tmp_path)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import V1, V2

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts" / "action.sh"


def run(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "NS_SANDBOX": "1",
        "NOTION_SETUP_BIN": str(Path(sys.executable).parent / "notion-setup"),
        **env,
    }
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env=full,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_action_declares_its_inputs_and_runs_the_script() -> None:
    text = (ROOT / "action.yml").read_text()  # no YAML parser in the dev tools: read its lines
    inputs = [
        line.strip().rstrip(":")
        for line in text.splitlines()
        if line.startswith("  ") and not line.startswith("   ") and line.endswith(":")
    ]
    assert {"command", "blueprint", "parent", "manifest", "shard", "token-env"} <= set(inputs)
    assert "  using: composite" in text.splitlines()
    assert 'run: bash "$ACTION_PATH/scripts/action.sh"' in text


def test_the_action_applies_then_upgrades_a_fleet_on_the_sandbox(tmp_path: Path) -> None:
    shutil.copy(V1, tmp_path / "fleetbp.json")
    applied = run(
        {"NS_COMMAND": "apply", "NS_BLUEPRINT": "fleetbp.json", "NS_CLIENT": "Ana"}, tmp_path
    )
    assert applied.returncode == 0, applied.stderr
    assert "+ " in applied.stderr and "apply fleetbp.json --client Ana --sandbox" in applied.stderr
    shutil.copy(V2, tmp_path / "fleetbp.json")
    planned = run({"NS_COMMAND": "upgrade", "NS_PLAN": "true"}, tmp_path)
    assert planned.returncode == 3, planned.stderr
    assert "Ana: fleetbp" in planned.stdout
    upgraded = run({"NS_COMMAND": "batch", "NS_UPGRADE": "true", "NS_SHARD": "1/1"}, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    clean = run({"NS_COMMAND": "upgrade", "NS_PLAN": "true"}, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = run({"NS_COMMAND": "destroy"}, tmp_path)
    assert bad.returncode == 2 and "must be plan, apply, batch or upgrade" in bad.stderr
