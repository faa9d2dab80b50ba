"""Start-up and end-to-end CLI times against their floors, side by side in one run.

Run: ``python benchmarks/cli_startup.py [--runs 15] [--whatif-runs 3]``. Interleaved so that load on the
machine hits each alike; prints min/median/max:

* ``corridors --help`` against a bare ``python -c pass`` (goal: under 0.5 s);
* ``corridors whatif --cut country:GE`` end to end against ``python -c "import geopandas, pulp"``,
  the floor of any command that solved before whatif loaded its network without geometry (goal:
  whatif ≤ 0.65 s), and against ``python -c "import pandas"``, what whatif cannot do without.

Beside each wall time, the CPU time of the process (user + system, min/median/max): on a loaded machine
the wall time counts the waiting for a core, the CPU time much less so.

Bytecode: corridors' modules are byte-compiled first (``compileall``, into their ``__pycache__``), as
``pip install`` does for a wheel and as the floor's packages in site-packages are. Without it, an
environment with ``PYTHONDONTWRITEBYTECODE=1`` (this one sets it) compiles the ~40 modules whatif
imports from source on every run, ~50-100 ms that no installed copy pays; ``--no-compile`` times that.

``--against COMMIT`` adds that commit's whatif to the interleaved runs (its tree exported with
``git archive`` to a temporary folder, byte-compiled alike, run through ``PYTHONPATH`` from a folder
outside the worktree), checks that both print the same JSON byte for byte, and prints both.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time


def _time(cmd: list[str], cpu: list[float] | None = None, **run) -> float:
    """Wall seconds of ``cmd``; its CPU seconds (user + system) appended to ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, **run)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _spread(samples: list[float]) -> str:
    return f"{min(samples) * 1000:7.1f} / {statistics.median(samples) * 1000:7.1f} / {max(samples) * 1000:7.1f} ms"


def _tree(commit: str, package: str, *, compile_it: bool) -> tempfile.TemporaryDirectory:
    """A temporary folder holding ``commit``'s tree under ``tree/`` (byte-compiled when ``compile_it``)."""
    folder = tempfile.TemporaryDirectory(prefix="cli-startup-")
    archive = subprocess.run(["git", "-C", os.path.dirname(package), "archive", "--format=tar", commit],
                             capture_output=True, check=True).stdout
    tar = os.path.join(folder.name, "tree.tar")
    with open(tar, "wb") as fh:
        fh.write(archive)
    with tarfile.open(tar) as tf:
        tf.extractall(os.path.join(folder.name, "tree"), filter="data")
    if compile_it:
        compileall.compile_dir(os.path.join(folder.name, "tree", "corridors"), quiet=1)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15, help="runs of --help and its baseline")
    parser.add_argument("--whatif-runs", type=int, default=3, help="runs of whatif and its floor")
    parser.add_argument("--against", metavar="COMMIT", help="also time whatif at this commit, interleaved")
    parser.add_argument("--no-compile", action="store_true",
                        help="leave corridors' bytecode as it is (by default compiled first, as an installed wheel's)")
    args = parser.parse_args()
    py = sys.executable
    import corridors

    package = os.path.dirname(corridors.__file__)
    if not args.no_compile:
        compileall.compile_dir(package, quiet=1)
    written = os.environ.get("PYTHONDONTWRITEBYTECODE") and "not written by the runs (PYTHONDONTWRITEBYTECODE)" or "written on first import"
    print(f"corridors bytecode: {'as found' if args.no_compile else 'compiled first'}, {written}")
    print(f"load average {' / '.join(f'{v:.2f}' for v in os.getloadavg())} (1 / 5 / 15 min), {os.cpu_count()} cores")
    baseline, cli = [], []
    for _ in range(args.runs):
        baseline.append(_time([py, "-c", "pass"]))
        cli.append(_time([py, "-m", "corridors", "--help"]))
    b, c = statistics.median(baseline), statistics.median(cli)
    print(f"python -c pass                       min/median/max {_spread(baseline)}")
    print(f"corridors --help                     min/median/max {_spread(cli)}   ({c / b:.1f}x the bare interpreter)")
    print(f"  goal < 500 ms: {'met' if c < 0.5 else 'NOT met'}")
    floor, pandas, whatif, then = [], [], [], []
    cpu: dict[str, list[float]] = {"floor": [], "pandas": [], "whatif": [], "then": []}
    whatif_cmd = [py, "-m", "corridors", "whatif", "--cut", "country:GE", "--format", "json"]
    _time(whatif_cmd)  # the network cache filled (a first run after an edit reads the files)
    other = _tree(args.against, package, compile_it=not args.no_compile) if args.against else None
    if other is not None:
        outside = {"cwd": other.name, "env": dict(os.environ, PYTHONPATH=os.path.join(other.name, "tree"))}
        ours = {"cwd": other.name, "env": dict(os.environ, PYTHONPATH=os.path.dirname(package))}
        texts = [subprocess.run(whatif_cmd, capture_output=True, check=True, **run).stdout for run in (outside, ours)]
        same = "the same JSON, byte for byte" if texts[0] == texts[1] else "DIFFERENT output"
        print(f"whatif at {args.against} and here: {same}")
    for _ in range(args.whatif_runs):
        floor.append(_time([py, "-c", "import geopandas, pulp"], cpu["floor"]))
        pandas.append(_time([py, "-c", "import pandas"], cpu["pandas"]))
        whatif.append(_time(whatif_cmd, cpu["whatif"]))
        if other is not None:
            then.append(_time(whatif_cmd, cpu["then"], **outside))
    f, w = statistics.median(floor), statistics.median(whatif)
    print(f'python -c "import geopandas, pulp"   min/median/max {_spread(floor)}   (the floor)')
    print(f'python -c "import pandas"            min/median/max {_spread(pandas)}')
    print(f"corridors whatif --cut country:GE    min/median/max {_spread(whatif)}   ({w - f:+.3f} s from the floor)")
    if then:
        print(f"  the same at {args.against:10s}        min/median/max {_spread(then)}   "
              f"({statistics.median(then) - f:+.3f} s from the floor)")
    print("  CPU time (user + system):")
    print(f'    python -c "import geopandas, pulp" min/median/max {_spread(cpu["floor"])}')
    print(f'    python -c "import pandas"          min/median/max {_spread(cpu["pandas"])}')
    cf, cw = statistics.median(cpu["floor"]), statistics.median(cpu["whatif"])
    print(f"    corridors whatif                   min/median/max {_spread(cpu['whatif'])}   "
          f"({cw / cf:.2f}x the floor's)")
    if then:
        print(f"      the same at {args.against:10s}       min/median/max {_spread(cpu['then'])}")
    print(f"  goal <= 650 ms: {'met' if w <= 0.65 else 'NOT met'} (wall, median)")


if __name__ == "__main__":
    main()
