"""Run a timing snippet against an earlier commit of corridors, in a subprocess (for before/after figures).

The commit's tree is unpacked with ``git archive`` into a temporary folder (its bundled data
linked in as ``corridors.geodata`` / ``corridors.seeds``) and put first on ``PYTHONPATH``; the
snippet prints one JSON line, which is returned.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_COMMIT = "577f9fc"
ROOT = Path(__file__).resolve().parents[1]


def base_tree(commit: str = BASE_COMMIT) -> Path:
    """The source tree of ``commit``, unpacked once per machine."""
    out = Path(tempfile.gettempdir()) / f"corridors-{commit}"
    if not (out / "corridors").is_dir():
        out.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
        for name in ("geodata", "seeds"):
            link = out / "corridors" / name
            if not link.exists():
                link.symlink_to(out / name)
            (out / name / "__init__.py").touch()
    return out


def run_at(snippet: str, commit: str = BASE_COMMIT) -> dict:
    """Run ``snippet`` (Python printing one JSON line last) with ``commit``'s corridors; its JSON."""
    env = {**os.environ, "PYTHONPATH": str(base_tree(commit))}
    done = subprocess.run([sys.executable, "-c", snippet], env=env, cwd=tempfile.gettempdir(), check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_at_here(snippet: str) -> dict:
    """Run ``snippet`` the same way with this tree's corridors (so both sides pay the same process costs)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", snippet], env=env, cwd=tempfile.gettempdir(), check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
