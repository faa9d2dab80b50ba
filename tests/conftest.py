"""Shared fixtures: the demo network (tiny, hand-drawn) and the bundled network."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from corridors.data.files import bundled_path

DEMO_DIR = bundled_path("demo")
# read networks are cached (corridors.data.loadcache): the tests' own folder, not the user's
os.environ.setdefault("CORRIDORS_CACHE_DIR", tempfile.mkdtemp(prefix="corridors-test-cache-"))


@pytest.fixture(scope="session")
def demo_network():
    from corridors.data.io import load_demo_network

    return load_demo_network()


@pytest.fixture(scope="session")
def bundled_network():
    # no skip: a missing geodata/ file is a broken install or checkout, and the tests say so by failing
    from corridors import load_network

    return load_network()


@pytest.fixture()
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo network folder."""
    dest = tmp_path / "net"
    shutil.copytree(DEMO_DIR, dest)
    return dest
