"""Start-up and end-to-end CLI times against their floors, side by side in one run.

Run: ``python benchmarks/cli_startup.py [--runs 15] [--whatif-runs 3]``. Interleaved so that load on the
machine hits each alike; prints min/median/max:

* ``corridors --help`` against a bare ``python -c pass`` (goal: under 0.5 s);
* ``corridors whatif --cut country:GE`` end to end against ``python -c "import geopandas, pulp"``,
  the floor of any command that solves (goal: whatif ≤ 0.65 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _spread(samples: list[float]) -> str:
    return f"{min(samples) * 1000:7.1f} / {statistics.median(samples) * 1000:7.1f} / {max(samples) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15, help="runs of --help and its baseline")
    parser.add_argument("--whatif-runs", type=int, default=3, help="runs of whatif and its floor")
    args = parser.parse_args()
    py = sys.executable
    print(f"load average {' / '.join(f'{v:.2f}' for v in os.getloadavg())} (1 / 5 / 15 min), {os.cpu_count()} cores")
    baseline, cli = [], []
    for _ in range(args.runs):
        baseline.append(_time([py, "-c", "pass"]))
        cli.append(_time([py, "-m", "corridors", "--help"]))
    b, c = statistics.median(baseline), statistics.median(cli)
    print(f"python -c pass                       min/median/max {_spread(baseline)}")
    print(f"corridors --help                     min/median/max {_spread(cli)}   ({c / b:.1f}x the bare interpreter)")
    print(f"  goal < 500 ms: {'met' if c < 0.5 else 'NOT met'}")
    floor, whatif = [], []
    for _ in range(args.whatif_runs):
        floor.append(_time([py, "-c", "import geopandas, pulp"]))
        whatif.append(_time([py, "-m", "corridors", "whatif", "--cut", "country:GE", "--format", "json"]))
    f, w = statistics.median(floor), statistics.median(whatif)
    print(f'python -c "import geopandas, pulp"   min/median/max {_spread(floor)}   (the floor)')
    print(f"corridors whatif --cut country:GE    min/median/max {_spread(whatif)}   ({w - f:.3f} s above the floor)")
    print(f"  goal <= 650 ms: {'met' if w <= 0.65 else 'NOT met'}")


if __name__ == "__main__":
    main()
