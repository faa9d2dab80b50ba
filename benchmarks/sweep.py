"""N-1 / N-2 sweep speed against the baseline of rebuilding the PuLP model and calling CBC per scenario.

Run from the repository root::

    python benchmarks/sweep.py                 # bundled network, synthetic ~1k and ~10k arcs
    python benchmarks/sweep.py --quick         # bundled + ~1k only
    python benchmarks/sweep.py --jobs 2        # also time two processes (this one and a worker)
    python benchmarks/sweep.py --origins       # origins: bundled ≥ 100x, 9k links × 3 origins < 30 s, cost vs origin-free
    python benchmarks/sweep.py --scaling       # synthetic N-1 at 3k, 10k, 30k links: time, exponent, local share
    python benchmarks/sweep.py --scaling --sizes 10000 --before d8424e9   # the 10k sweep here and at a commit, in one run

For each network it prints the sweep's wall time (warm highspy re-solves with exact pruning), the
baseline's median time per scenario (``solve(network, scenario=cut, solver="cbc")``: build the PuLP
model, solve with CBC, read back), measured side by side on a sample of the same scenarios, and the
ratio ``baseline per scenario × scenarios ÷ sweep time`` (min/median/max over 3 sweep runs); on the
bundled network the baseline is timed over every element and summed, not extrapolated from a sample.
Goals (issue 16): ≥ 150× on the bundled links, ≥ 60× on the bundled countries; exhaustive N-2 over every pair of bundled links < 10 s; the
9,000-link synthetic N-1 no slower than at commit 577f9fc (timed in a subprocess on that commit's
code, benchmarks/_before.py, in the same run; ``--no-before`` skips it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._before import BASE_COMMIT, run_at, run_at_here  # noqa: E402

_SYNTHETIC_N1 = """
import json, time
from corridors.analysis.sweeps import sweep
from corridors.data.synthetic import synthetic_network
net = synthetic_network(n_nodes=3000, n_links=9000, seed=0)
sweep(net, level="link", year=2024, elements=list(net.links.index[:50]))  # warm-up: imports, first HiGHS run
times = []
for _ in range(3):
    t0 = time.perf_counter(); r = sweep(net, level="link", year=2024); times.append(time.perf_counter() - t0)
print(json.dumps({"times": times, "solves": r.solves, "top": str(r.table.index[0])}))
"""


_BASELINE_BUNDLED = """
import json, statistics, time
from corridors import load_network, solve
from corridors.model.scenario import Scenario
net = load_network().at(2024)
ids = list(net.links.index)
times = []
for lid in ids[::max(1, len(ids) // {sample})][:{sample} + 1]:
    t0 = time.perf_counter(); solve(net, scenario=Scenario.cut(f"link:{{lid}}", year=2024), solver="cbc")
    times.append(time.perf_counter() - t0)
print(json.dumps({{"median": statistics.median(times[1:])}}))
"""


_SKIP_BEFORE = False


def _spread(times: list[float]) -> str:
    return f"{min(times):8.3f} / {statistics.median(times):8.3f} / {max(times):8.3f} s"


def _baseline_times(net, elements: list[str], level: str, sample: int | None) -> list[float]:
    """Seconds of ``solve(net, scenario=cut, solver="cbc")`` per element: every element (``sample=None``)
    or ``sample`` of them spread over the list."""
    from corridors import solve
    from corridors.model.scenario import Scenario

    times = []
    chosen = elements if sample is None else elements[::max(1, len(elements) // sample)][:sample]
    for e in chosen:
        quoted = f'"{e}"' if level in ("asset", "corridor") else e
        scenario = Scenario.cut(f"{level}:{quoted}", year=2024)
        t = time.perf_counter()
        solve(net, scenario=scenario, solver="cbc")
        times.append(time.perf_counter() - t)
    return times


def _baseline(net, elements: list[str], level: str, sample: int) -> float:
    return statistics.median(_baseline_times(net, elements, level, sample))


def _report(name: str, net, *, level: str = "link", sample: int = 10, jobs: int = 1, n2: bool = False) -> None:
    from corridors.analysis.sweeps import sweep

    sweep(net, level=level, year=2024)  # warm-up: imports and caches, as the baseline gets below
    runs, cpus = [], []
    for _ in range(3):
        c, t = time.process_time(), time.perf_counter()
        result = sweep(net, level=level, year=2024)
        runs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    serial = statistics.median(runs)
    n = len(result.table)
    cpu0 = time.process_time()
    t = time.perf_counter()
    sweep(net, level=level, year=2024)
    cpu_ratio = (time.process_time() - cpu0) / (time.perf_counter() - t)
    _baseline(net, list(result.table.index), level, 1)  # warm-up
    exhaustive = name.startswith("bundled")  # the bundled baseline is timed over every element (issue 16)
    if exhaustive:
        every = _baseline_times(net, list(result.table.index), level, None)
        base, total = statistics.median(every), sum(every)
    else:
        base = _baseline(net, list(result.table.index), level, sample)
        total = base * n
    print(f"\n{name}: {len(net.links)} links, N-1 over {n} {level} elements "
          f"({result.solves} solved, {result.pruned} pruned)")
    print(f"  sweep (build once, warm highspy, pruned) : {_spread(runs)}  min/median/max of 3"
          f" ({serial / n * 1e3:.2f} ms per element, build {result.timings['build'] * 1e3:.0f} ms;"
          f" CPU/wall {cpu_ratio:.2f})")
    print(f"  the same sweeps' CPU time (process_time)  : {_spread(cpus)}  (wall above includes waiting on a loaded machine)")
    if exhaustive:
        print(f"  baseline rebuild PuLP + CBC per scenario : {total:8.3f} s timed over all {n} elements"
              f" (median {base * 1e3:.1f} ms, min {min(every) * 1e3:.1f}, max {max(every) * 1e3:.1f})")
    else:
        print(f"  baseline rebuild PuLP + CBC per scenario : {base * 1e3:8.1f} ms median over {sample} scenarios"
              f" -> {total:.1f} s for all {n}")
    ratios = sorted(total / r for r in runs)
    print(f"  ratio (min / median / max)               : {ratios[0]:8.0f}x / {ratios[1]:.0f}x / {ratios[2]:.0f}x"
          f"   goal ≥ 150x (links) / 60x (countries) on the bundled network")
    if level == "link" and name.startswith("bundled") and not _SKIP_BEFORE:
        old = run_at(_BASELINE_BUNDLED.format(sample=sample))["median"]
        print(f"  the same baseline at commit {BASE_COMMIT}   : {old * 1e3:8.1f} ms per scenario"
              f" -> ratio {old * n / max(runs):.0f}x / {old * n / serial:.0f}x / {old * n / min(runs):.0f}x")
    if jobs > 1:
        t = time.perf_counter()
        sweep(net, level=level, year=2024, jobs=jobs)
        par = time.perf_counter() - t
        print(f"  sweep on {jobs} processes               : {par:8.3f} s  ({serial / par:.2f}x serial)")
    if n2:
        t = time.perf_counter()
        r2 = sweep(net, level=level, year=2024, k=2)
        t2 = time.perf_counter() - t
        print(f"  N-2 over all {len(r2.table)} pairs (pruned)       : {t2:8.3f} s  ({r2.solves} solved)  goal < 10 s")


def _with_origins(net, per_commodity: int):
    """``net`` with its supplies spread over ``per_commodity`` origins per commodity (0: one origin, ``ANY``)."""
    out = net.copy()
    bal = out.balances
    if per_commodity <= 0:
        bal["origin"] = ["ANY" if s > 0 else None for s in bal["supply"]]
    else:
        rank = bal[bal["supply"] > 0].groupby("commodity").cumcount()
        bal["origin"] = None
        bal.loc[rank.index, "origin"] = [f"O{r % per_commodity}" for r in rank]
    return out


def _origins_report(name: str, net, *, per_commodity: int | None, jobs: int = 1) -> None:
    """N-1 sweep time with origins (as the data gives them, or ``per_commodity`` per commodity) against
    the same network with one origin per commodity: what origins cost."""
    from corridors.analysis.sweeps import sweep
    from corridors.model.flow import build_problem

    cases = [("origin-free (one origin per commodity)", _with_origins(net, 0)),
             ("with origins" + (f" ({per_commodity} per commodity)" if per_commodity else " (as in the data)"),
              _with_origins(net, per_commodity) if per_commodity else net)]
    print(f"\n{name}: origins against the origin-free model, N-1 over links (median of 3)")
    times = []
    for label, case in cases:
        lp = build_problem(case, year=2024).program
        sweep(case, level="link", year=2024)  # warm-up
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            r = sweep(case, level="link", year=2024)
            runs.append(time.perf_counter() - t)
        med = statistics.median(runs)
        times.append(med)
        print(f"  {label:44s}: {med:8.3f} s  (min {min(runs):.3f}, max {max(runs):.3f}; {lp.num_col} columns, "
              f"{lp.num_row} rows; {r.solves} solved, {r.pruned} pruned; {r.paths})")
    print(f"  cost of origins                              : {times[1] / times[0]:8.2f}x the origin-free sweep")
    if jobs > 1:  # the origin-aware sweep on every core (worker processes; the first run starts the pool)
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            r = sweep(case, level="link", year=2024, jobs=jobs)
            runs.append(time.perf_counter() - t)
        print(f"  with origins, jobs {jobs}                              : {statistics.median(runs):8.3f} s  (min "
              f"{min(runs):.3f}, max {max(runs):.3f}; {times[1] / statistics.median(runs):.2f}x jobs 1; {r.paths})")


_SWEEP_10K = """
import json, time
from corridors.analysis.sweeps import sweep
from corridors.data.synthetic import synthetic_network
net = synthetic_network(n_nodes=10000 // 3, n_links=10000, seed=0)
sweep(net, level="link", year=2024, elements=list(net.links.index[:50]))  # warm-up: imports, model, first runs
c, t = time.process_time(), time.perf_counter()
r = sweep(net, level="link", year=2024)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "paths": r.paths,
                  "objective": float(r.table["objective"].sum())}))
"""


def _scaling_before(commit: str, runs: int) -> None:
    """The 10k-link N-1 sweep (one process) with ``commit``'s code beside this tree's: each run a fresh
    subprocess (the same process costs on both sides), the two interleaved so both see the same load."""
    here, then = [], []
    for _ in range(runs):
        here.append(run_at_here(_SWEEP_10K))
        then.append(run_at(_SWEEP_10K, commit=commit))
    for label, got in ((f"at {commit}", then), ("this tree", here)):
        print(f"  10000 links, jobs 1, {label:>12s}: {_spread([g['wall'] for g in got])}  CPU "
              f"{_spread([g['cpu'] for g in got])}  {got[-1]['paths']}")
    ratio = statistics.median([g["wall"] for g in then]) / statistics.median([g["wall"] for g in here])
    diff = abs(here[-1]["objective"] - then[-1]["objective"]) / max(1.0, abs(then[-1]["objective"]))
    print(f"  {commit} / this tree (medians): {ratio:.2f}x; the tables' objectives sum to the same within "
          f"{diff:.1e} relative")


def _scaling(sizes: list[int], runs: int, jobs: int, dask: bool) -> None:
    """Synthetic N-1 over every link at each size: wall and CPU time, solves, how they were answered."""
    import math
    import os

    from corridors.analysis.sweeps import sweep
    from corridors.data.synthetic import synthetic_network

    print(f"\nsynthetic N-1 scaling (machine load {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f}"
          f" / {os.getloadavg()[2]:.2f} over 1 / 5 / 15 min, {os.cpu_count()} cores); goals: 10k <= 5 s, 30k <= 60 s,"
          f" exponent 3k->30k <= 1.4; baseline (last session, 1-4 load, old generator above 3,000 nodes):"
          f" 10k 13.2 s, 30k 71.5 s, exponent 1.64, jobs 2 0.74x, Dask 1.22x jobs 2")
    medians = {}
    for n in sizes:
        net = synthetic_network(n_nodes=n // 3, n_links=n, seed=0)
        sweep(net, level="link", year=2024, elements=list(net.links.index[:50]))  # warm-up
        # at 10k, one process, jobs "auto" (`corridors spof`'s default), `jobs` processes and the Dask
        # clusters take turns in each run: the machine's speed drifts by ±15 % within minutes, and the
        # ratios then compare like with like
        variants = {"jobs 1": lambda: sweep(net, level="link", year=2024)}
        cluster = None
        if n == 10_000:
            variants["auto"] = lambda: sweep(net, level="link", year=2024, jobs="auto")
            if jobs > 1:
                variants[f"jobs {jobs}"] = lambda: sweep(net, level="link", year=2024, jobs=jobs)
                if dask:
                    # a planner's long-lived cluster, reached by its address: its start-up is paid once,
                    # not per sweep; "local" starts and stops a cluster of its own in each sweep
                    from dask.distributed import LocalCluster

                    from corridors.analysis.workers import one_thread_per_worker, quiet_workers
                    with one_thread_per_worker(), quiet_workers():
                        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                               dashboard_address=None)
                    sweep(net, level="link", year=2024, dask=cluster.scheduler_address,
                          elements=list(net.links.index[:50]))  # warm-up: the workers import corridors
                    variants["dask local"] = lambda: sweep(net, level="link", year=2024, jobs=jobs, dask="local")
                    variants["dask running"] = lambda: sweep(net, level="link", year=2024, dask=cluster.scheduler_address)
        walls: dict[str, list[float]] = {v: [] for v in variants}
        cpus, used = [], set()
        try:
            for _ in range(runs):
                for name, run in variants.items():
                    c, t = time.process_time(), time.perf_counter()
                    r = run()
                    walls[name].append(time.perf_counter() - t)
                    if name == "jobs 1":
                        cpus.append(time.process_time() - c)
                        one = r
                    elif name == "auto":
                        used.add(r.processes)
        finally:
            if cluster is not None:
                cluster.close()
        r = one
        medians[n] = statistics.median(walls["jobs 1"])
        local = r.paths.get("local", 0) + r.paths.get("grown", 0)
        print(f"  {n:6d} links, jobs 1: {_spread(walls['jobs 1'])}  CPU {min(cpus):.2f} s min of {runs}"
              f" (CPU/wall {statistics.median(cpus) / medians[n]:.2f}; load {os.getloadavg()[0]:.2f});"
              f" {r.solves} solves ({100 * local / max(1, r.solves):.0f} % local: {r.paths}), {r.pruned} pruned")
        if "auto" in walls:  # serial until a second's work is seen to be left, then every core
            auto = walls["auto"]
            print(f"  {n:6d} links, jobs auto: {_spread(auto)}  -> {medians[n] / statistics.median(auto):.2f}x jobs 1"
                  f" ({'/'.join(map(str, sorted(used)))} processes; `corridors spof`'s default)   goal <= 5 s")
        if jobs > 1 and f"jobs {jobs}" in walls:
            par = walls[f"jobs {jobs}"]
            print(f"  {n:6d} links, jobs {jobs}: {_spread(par)}  -> {medians[n] / statistics.median(par):.2f}x jobs 1"
                  f" (this process and {jobs - 1} worker{'s' if jobs > 2 else ''})   goal >= 1.6x")
            for name, label in (("dask local", f"Dask LocalCluster of {jobs} started by each sweep"),
                                ("dask running", f"Dask cluster of {jobs} already running")):
                if name in walls:
                    print(f"  {n:6d} links, {label}: {_spread(walls[name])}  ({statistics.median(walls[name]) / statistics.median(par):.2f}x"
                          f" the jobs {jobs} time; goal within 1.10)")
    if len(medians) >= 2:
        lo, hi = min(medians), max(medians)
        print(f"  fitted exponent {lo}->{hi}: {math.log(medians[hi] / medians[lo]) / math.log(hi / lo):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 10k-arc network")
    parser.add_argument("--bundled", action="store_true", help="only the bundled network (links with N-2, countries)")
    parser.add_argument("--jobs", type=int, default=1, help="also time this many processes (this one and jobs - 1 workers)")
    parser.add_argument("--sample", type=int, default=10, help="baseline scenarios to time per network")
    parser.add_argument("--no-before", action="store_true", help=f"skip the 9k N-1 at commit {BASE_COMMIT}")
    parser.add_argument("--origins", action="store_true",
                        help="only the origin cases: bundled (its origins) and 9,000-link synthetic (3 origins per commodity) "
                             "against their origin-free models")
    parser.add_argument("--scaling", action="store_true", help="only the synthetic N-1 scaling (3k, 10k, 30k links)")
    parser.add_argument("--sizes", default="3000,10000,30000", help="link counts for --scaling")
    parser.add_argument("--runs", type=int, default=3, help="runs per size for --scaling")
    parser.add_argument("--dask", action="store_true", help="with --scaling and --jobs: also a Dask LocalCluster")
    parser.add_argument("--before", metavar="COMMIT", help="with --scaling: also the 10k-link sweep with this "
                        "commit's code and with this tree's, each in a fresh subprocess, interleaved")
    args = parser.parse_args()
    if args.scaling:
        _scaling([int(v) for v in args.sizes.split(",")], args.runs, args.jobs, args.dask)
        if args.before:
            _scaling_before(args.before, args.runs)
        return
    global _SKIP_BEFORE
    _SKIP_BEFORE = args.no_before
    if args.origins:
        from corridors import load_network
        from corridors.data.synthetic import synthetic_network

        bundled = load_network().at(2024)
        _report("bundled network (2024), with origins", bundled, sample=args.sample, jobs=args.jobs)
        _origins_report("bundled network (2024)", bundled, per_commodity=None)
        if not args.quick:
            big = synthetic_network(n_nodes=3000, n_links=9000, seed=0)
            _origins_report("synthetic ~9k links", big, per_commodity=3, jobs=max(args.jobs, 2))
            print("  goal: N-1 over 9k links with 3 origins per commodity < 30 s")
        return

    from corridors import load_network
    from corridors.data.synthetic import synthetic_network

    print(f"load average {' / '.join(f'{v:.2f}' for v in __import__('os').getloadavg())} (1 / 5 / 15 min)")
    _report("bundled network (2024)", load_network().at(2024), sample=args.sample, jobs=args.jobs, n2=True)
    _report("bundled network (2024), countries", load_network().at(2024), level="country", sample=args.sample)
    if args.bundled:
        return
    _report("synthetic ~1k arcs", synthetic_network(n_nodes=300, n_links=900, seed=0), sample=args.sample, jobs=args.jobs)
    if not args.quick:
        t = time.perf_counter()
        big = synthetic_network(n_nodes=3000, n_links=9000, seed=0)
        print(f"\n(synthetic 10k network built in {time.perf_counter() - t:.1f} s)")
        _report("synthetic ~10k arcs", big, sample=max(3, args.sample // 3), jobs=args.jobs)
        print("  goal: N-1 over 10k arcs < 30 s")
        if not args.no_before:
            here = run_at_here(_SYNTHETIC_N1)
            before = run_at(_SYNTHETIC_N1)
            print(f"\nsynthetic 9,000-link N-1, each in a fresh process (min / median / max of 3):")
            print(f"  before (commit {BASE_COMMIT}) : {_spread(before['times'])}  ({before['solves']} solves, top {before['top']})")
            print(f"  after  (this tree)      : {_spread(here['times'])}  ({here['solves']} solves, top {here['top']})")
            print(f"  after / before (medians): {statistics.median(here['times']) / statistics.median(before['times']):.2f}"
                  "   goal ≤ 1 (no slower)")


if __name__ == "__main__":
    main()
