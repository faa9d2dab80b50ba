"""The data build as one command: the bundled network (geodata/) from ../shared/data.

Usage, from the repository root::

    python -m tools.build                  # rebuild geodata/ and name the files that changed
    python -m tools.build --check          # exit 1 naming the files that would change, 0 when equal
    python -m tools.build --shared PATH    # read the source data from PATH, not ../shared/data

``../shared/data`` is resolved against the repository root (``/work/shared/data`` for
``/work/main``; in CI the copy of shared/ beside the clone). Every run builds into a temporary
folder first — countries.geojson (tools/build_countries.py), then the network, its balances and
SOURCES.md (tools/build_geodata.py) — and checks it; geodata/ is touched only when the whole
build passed, one file at a time through an atomic rename. The build is deterministic: the same
inputs give byte-identical files, whatever the hash seed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from corridors.data.files import atomic_path
from tools import build_countries, build_geodata, paths

# Only the files the build writes are compared and replaced; everything else in geodata/ (demo/,
# __init__.py) is kept by hand.


def build_into(out: Path, *, shared: Path) -> int:
    """Build every generated file into ``out`` from ``shared``; return 1 when a check failed, else 0."""
    paths.configure(shared=shared, out=out)
    build_countries.run()
    return build_geodata.run()


def changed_files(built: Path, target: Path) -> list[str]:
    """Names of the files the build wrote into ``built`` whose bytes differ in ``target`` (or are missing there)."""
    names = sorted(p.name for p in built.iterdir() if p.is_file())
    return [name for name in names
            if not (target / name).is_file() or (built / name).read_bytes() != (target / name).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary folder, compare with geodata/; exit 1 naming what would change")
    parser.add_argument("--shared", type=Path, default=paths.DEFAULT_SHARED, metavar="PATH",
                        help=f"the source data folder (default: {paths.DEFAULT_SHARED})")
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    if not (shared / "naturalearth").is_dir():
        print(f"{shared}: not the shared source data (no naturalearth/ folder); pass --shared PATH "
              "to the folder holding gem/, osm_rail/, naturalearth/ ...", file=sys.stderr)
        return 2
    target = paths.GEODATA
    with tempfile.TemporaryDirectory(prefix="corridors-build-") as tmp:
        built = Path(tmp)
        print(f"building from {shared} into a scratch folder")
        if build_into(built, shared=shared):
            print("the build failed its checks (see FAIL/INVALID above); geodata/ is unchanged", file=sys.stderr)
            return 1
        changed = changed_files(built, target)
        if args.check:
            if changed:
                print(f"geodata/ is out of date: `python -m tools.build` would change {', '.join(changed)}",
                      file=sys.stderr)
                return 1
            print(f"geodata/ is up to date ({sum(p.is_file() for p in built.iterdir())} generated files identical)")
            return 0
        for name in changed:
            with atomic_path(target / name) as dest:
                shutil.copyfile(built / name, dest)
    print(f"geodata/: {', '.join(changed)} rewritten" if changed else "geodata/: nothing changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
