"""The README's generated parts stay in step with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_columns_are_generated_from_schema():
    proc = subprocess.run([sys.executable, "-m", "tools.readme_columns", "--check"], cwd=ROOT)
    assert proc.returncode == 0, "README column tables are stale: run python -m tools.readme_columns"


def test_ci_runs_the_readme_test_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "python -m pytest" in x)
    command = line[line.index("pip install"):]
    assert "pip install -q -e '.[test]'" in command, "the README's test command is an editable install"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert any(x.strip() == command for x in ci.splitlines()), f".ci/run does not run the README's {command!r}"


def test_readme_quickstart_has_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in quick.split("```sh")[1:]]
    assert len(blocks) == 2
    assert "corridors map" in blocks[0] and "pytest" in blocks[1]


def test_readme_command_options_are_generated_from_the_cli():
    proc = subprocess.run([sys.executable, "-m", "tools.readme_commands", "--check"], cwd=ROOT)
    assert proc.returncode == 0, "README command options are stale: run python -m tools.readme_commands"
