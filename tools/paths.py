"""Where the data build reads and writes: ``../shared/data`` in, ``geodata/`` (or a scratch folder) out.

The build modules ask for :func:`shared` and :func:`out` when they open a file, so that
``python -m tools.build --shared PATH`` and ``--check`` (which builds into a temporary folder)
redirect every read and write from one place.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding pyproject.toml).
REPO = Path(__file__).resolve().parents[1]
#: The read-only source data: a copy of shared/ sits beside the repository (/work/shared beside
#: /work/main; in CI beside the clone).
DEFAULT_SHARED = REPO.parent / "shared" / "data"
#: The bundled network the package ships (corridors.geodata).
GEODATA = REPO / "geodata"

_current = {"shared": DEFAULT_SHARED, "out": GEODATA}


def shared() -> Path:
    """The source-data folder this build reads (``../shared/data`` unless configured)."""
    return _current["shared"]


def out() -> Path:
    """The folder this build writes the bundled files to (``geodata/`` unless configured)."""
    return _current["out"]


def configure(*, shared: Path | None = None, out: Path | None = None) -> None:
    """Point the build at another source folder and/or output folder (before building)."""
    if shared is not None:
        _current["shared"] = Path(shared).resolve()
    if out is not None:
        _current["out"] = Path(out).resolve()
