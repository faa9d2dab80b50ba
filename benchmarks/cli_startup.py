"""Start-up time of ``corridors --help`` against a bare ``python -c pass`` baseline, side by side.

Run: ``python benchmarks/cli_startup.py [--runs 15]``. Prints medians and the ratio; the goal is
``corridors --help`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _time(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    baseline, cli = [], []
    for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
        baseline.append(_time([sys.executable, "-c", "pass"], 1))
        cli.append(_time([sys.executable, "-m", "corridors", "--help"], 1))
    b, c = statistics.median(baseline), statistics.median(cli)
    print(f"python -c pass        median {b * 1000:7.1f} ms")
    print(f"corridors --help      median {c * 1000:7.1f} ms   ({c / b:.1f}x the bare interpreter)")
    print(f"goal < 500 ms: {'met' if c < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
