"""Benchmark: build, HiGHS solve and read-back of the LP; end to end before/after; warm re-solve vs rebuild.

Run from the repository root::

    python benchmarks/solve.py            # demo, bundled and a synthetic ~900-link network
    python benchmarks/solve.py --quick    # fewer repetitions
    python benchmarks/solve.py --claims   # only the report's claims section: its time beside its HiGHS time

Figures are min/median/max over repetitions (wall clock, one process). "Read-back" is
``read_solution`` (solution out of PuLP, then the FlowResult tables); goal: ≤ 1.5 × the HiGHS
solve (``solve_problem``). "Before" runs the same end-to-end solve at commit 577f9fc (the LP as
``_Spec`` lists → PuLP → arrays read back out of PuLP) in a subprocess (benchmarks/_before.py). A "scenario" is one link cut
(derate 0): the rebuild path copies the network, sets the derate, builds the PuLP model and solves it
with CBC; the warm path changes that link's capacity row bound in a kept highspy model and
re-solves from the previous basis (:class:`corridors.model.warm.WarmSolver`).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
from shapely.geometry import LineString, Point  # noqa: E402

from corridors.model.flow import build_problem, read_solution, solve, solve_problem  # noqa: E402
from corridors.data.files import bundled_path  # noqa: E402
from corridors.data.io import load_demo_network, load_network  # noqa: E402
from corridors.model.warm import WarmSolver  # noqa: E402
from benchmarks._before import BASE_COMMIT, run_at, run_at_here  # noqa: E402
from corridors.data.network import network_from_frames  # noqa: E402



def synthetic_network(rows: int = 18, cols: int = 18, *, seed: int = 1):
    """A grid: oil+freight and gas links eastwards, bidirectional oil+freight links north-south.

    18 × 18 gives 918 links and 3 commodities; supplies in the west column, demand in the east.
    """
    rng = random.Random(seed)
    ids = [f"n{r}-{c}" for r in range(rows) for c in range(cols)]
    pts = {f"n{r}-{c}": Point(30.0 + 0.5 * c, 36.5 + 0.25 * r) for r in range(rows) for c in range(cols)}
    nodes = gpd.GeoDataFrame({"id": ids, "name": ids, "kind": "junction", "source": "synthetic", "country": "TR",
                              "capacity": [("40 Mt/y" if rng.random() < 0.05 else None) for _ in ids]},
                             geometry=[pts[i] for i in ids], crs="EPSG:4326")
    links = []

    def add(lid, a, b, cap, commodities, bidirectional=False):
        links.append({"id": lid, "name": lid, "corridor": "synthetic", "mode": "pipeline", "commodities": commodities,
                      "from": a, "to": b, "bidirectional": bidirectional, "capacity": cap,
                      "cost": round(rng.uniform(0.5, 3.0), 3), "status": "operating", "source": "synthetic",
                      "route_accuracy": "straight", "geometry": LineString([pts[a], pts[b]])})

    for r in range(rows):
        for c in range(cols):
            here = f"n{r}-{c}"
            if c + 1 < cols:
                add(f"h{r}-{c}-o", here, f"n{r}-{c + 1}", f"{rng.randint(5, 30)} Mt/y", "oil;freight")
                add(f"h{r}-{c}-g", here, f"n{r}-{c + 1}", f"{rng.randint(2, 12)} bcm/y", "gas")
            if r + 1 < rows:
                add(f"v{r}-{c}", here, f"n{r + 1}-{c}", f"{rng.randint(3, 15)} Mt/y", "oil;freight", True)
    links = gpd.GeoDataFrame(links, geometry="geometry", crs="EPSG:4326")
    bal = []
    for r in range(rows):
        west, east = f"n{r}-0", f"n{r}-{cols - 1}"
        bal += [(west, "oil", f"{rng.randint(10, 25)} Mt/y", None), (west, "freight", f"{rng.randint(3, 10)} Mt/y", None),
                (west, "gas", f"{rng.randint(4, 10)} bcm/y", None), (east, "oil", None, f"{rng.randint(8, 20)} Mt/y"),
                (east, "freight", None, f"{rng.randint(2, 8)} Mt/y"), (east, "gas", None, f"{rng.randint(3, 8)} bcm/y")]
    balances = pd.DataFrame([{"node": n, "commodity": k, "year": 2024, "supply": s, "demand": d, "priority": 1,
                              "source": "synthetic"} for n, k, s, d in bal])
    return network_from_frames(nodes, links, balances).at(2024)


def timed(fn, reps: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def spread(times: list[float]) -> str:
    return f"{min(times) * 1e3:8.2f} / {statistics.median(times) * 1e3:8.2f} / {max(times) * 1e3:8.2f} ms"


def build_vs_solve(name: str, net, reps: int) -> None:
    t_build, problem = timed(lambda: build_problem(net), reps)
    t_pulp, _ = timed(lambda: build_problem(net).lp, reps)
    t_highs, t_read, t_cbc = [], [], []
    result = None
    for _ in range(reps):  # solve and read back in turn, so both see the same machine load
        t_highs += timed(lambda: solve_problem(problem, solver="highs"), 1)[0]
        times, result = timed(lambda: read_solution(problem), 1)
        t_read += times
    t_cbc, _ = timed(lambda: solve_problem(problem, solver="cbc"), reps)
    read_solution(solve_problem(problem, solver="highs"))
    p = problem.program
    print(f"\n{name}: {len(net.links)} links, {p.num_col} columns, {p.num_row} rows "
          f"(status {result.status}, unmet {float(result.deliveries['unmet'].sum()):.6g})      min / median / max")
    print(f"  build_problem (network → arrays)         {spread(t_build)}")
    print(f"  … and the PuLP model from the arrays     {spread(t_pulp)}")
    print(f"  solve_problem HiGHS (through PuLP)       {spread(t_highs)}")
    print(f"  solve_problem CBC (through PuLP)         {spread(t_cbc)}")
    print(f"  read_solution (read-back)                {spread(t_read)}")
    ratio = statistics.median(t_read) / statistics.median(t_highs)
    print(f"  read-back / HiGHS solve (medians)        {ratio:8.2f}×   goal ≤ 1.5×  {'met' if ratio <= 1.5 else 'NOT met'}")


_END_TO_END = """
import json, time
from corridors.data.io import load_network
from corridors.model.flow import solve
full = load_network()
solve(full, year=2024)  # warm-up: imports, first HiGHS run
times = []
for _ in range({reps}):
    t0 = time.perf_counter(); r = solve(full, year=2024); times.append(time.perf_counter() - t0)
print(json.dumps({{"times": times, "objective": r.objective}}))
"""


def end_to_end(reps: int) -> None:
    after = run_at_here(_END_TO_END.format(reps=reps))
    before = run_at(_END_TO_END.format(reps=reps))
    print(f"\nsolve(load_network(), year=2024) end to end (year filter + build + HiGHS + read), min / median / max:")
    print(f"  before (commit {BASE_COMMIT})                 {spread(before['times'])}   objective {before['objective']:.9g}")
    print(f"  after  (this tree)                       {spread(after['times'])}   objective {after['objective']:.9g}")
    print(f"  speed-up (medians)                       {statistics.median(before['times']) / statistics.median(after['times']):8.2f}×")


def warm_vs_rebuild(name: str, net, *, rebuilds: int, warm_cuts: int) -> None:
    t0 = time.perf_counter()
    problem = build_problem(net)
    t_build = time.perf_counter() - t0
    lp = problem.program
    t0 = time.perf_counter()
    engine = WarmSolver(lp)
    base = engine.solve()
    t_first = time.perf_counter() - t0
    ids = list(lp.link_ids)
    carrying = [lid for lid, f in zip(ids, base.flows) if f > 1e-9]
    rng = random.Random(0)

    def rebuild_cbc(lid: str) -> None:
        cut = net.copy()
        cut.links["derate"] = [0.0 if i == lid else 1.0 for i in cut.links.index]
        solve_problem(build_problem(cut), solver="cbc")

    def rebuild_highs(lid: str) -> None:
        cut = net.copy()
        cut.links["derate"] = [0.0 if i == lid else 1.0 for i in cut.links.index]
        solve_problem(build_problem(cut), solver="highs")

    sample = rng.sample(carrying or ids, k=min(rebuilds, len(carrying or ids)))
    t_cbc = statistics.median([_time(rebuild_cbc, lid) for lid in sample])
    t_hi = statistics.median([_time(rebuild_highs, lid) for lid in sample])
    sweep = (carrying * (warm_cuts // max(len(carrying), 1) + 1))[:warm_cuts] if carrying else ids[:warm_cuts]
    warm_times = [_time(lambda lid=lid: engine.solve(links={lid: 0.0})) for lid in sweep]
    all_times = [_time(lambda lid=lid: engine.solve(links={lid: 0.0})) for lid in ids]
    t_warm = statistics.median(warm_times)
    t_all = statistics.median(all_times)
    print(f"\n{name}: warm re-solve engine ({lp.num_col} columns, {lp.num_row} rows, {lp.matrix.nnz} non-zeros; "
          f"{len(carrying)} of {len(ids)} links carry flow)")
    print(f"  once: build the arrays {ms(t_build)} (nothing exported from PuLP), first highspy solve {ms(t_first)}")
    print(f"  per scenario (one link cut), medians:")
    print(f"    rebuild PuLP model + CBC            {ms(t_cbc)}   ({len(sample)} scenarios)")
    print(f"    rebuild PuLP model + HiGHS          {ms(t_hi)}   ({len(sample)} scenarios)")
    print(f"    warm highspy, links carrying flow   {ms(t_warm)}   ({len(sweep)} scenarios)")
    print(f"    warm highspy, every link (N-1)      {ms(t_all)}   ({len(ids)} scenarios)")
    print(f"  ratio rebuild+CBC / warm: {t_cbc / t_warm:,.0f}×   (every link: {t_cbc / t_all:,.0f}×)")


def _time(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def _highs_clock() -> list[float]:
    """Time every ``highspy.Highs.run`` (PuLP's HiGHS and the warm engine both call it): the seconds
    spent inside HiGHS go into the returned list."""
    import highspy

    spent: list[float] = []
    run = highspy.Highs.run

    def timed(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return run(self, *args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)

    highspy.Highs.run = timed
    return spent


def claims_section(reps: int) -> None:
    """The report's claims section (every claim of seeds/claims.toml on the bundled network, fresh
    caches each run) beside the time HiGHS spends in it; then the same with one cold solve per case
    (the path before the model cache), and the section at :data:`CLAIMS_MAIN` (whole FlowResults and
    pandas tables), at :data:`CLAIMS_PREPARED` (every scenario's network prepared) and at
    :data:`CLAIMS_BEFORE` (main before its non-solver cost was cut) in subprocesses. Goal (issue 16):
    section ≤ 2 × its HiGHS time."""
    import inspect

    import corridors.model.cache as model_cache
    import corridors.model.readouts as readouts
    from corridors.model.delivered import Readout
    from corridors.model.flow import solve
    from corridors.render.report import load_claims

    spent = _highs_clock()
    shared = readouts.shared_readout
    print(f"\nreport claims section: {len(load_claims())} claims, bundled network")
    bases: dict = {}  # the cold path's base case of each year, solved once per section (as run_case kept them)

    def cold(network, *, year=None, scenario=None):
        if scenario is not None:
            return Readout.of(solve(network, scenario=scenario))
        if year not in bases:
            bases[year] = Readout.of(solve(network, year=year))
        return bases[year]

    clear = model_cache.clear
    for label, reader in (("model cache + warm re-solves", shared), ("one cold solve per case (before)", cold)):
        readouts.shared_readout = reader
        model_cache.clear = lambda: (clear(), bases.clear())  # each run starts afresh
        try:
            _claims_row(label, **_claims_runs(reps, spent))
        finally:
            readouts.shared_readout, model_cache.clear = shared, clear
    # the same measurement (this file's functions) with the code of earlier commits, in a subprocess
    snippet = "\n".join(["import json, time", inspect.getsource(_highs_clock), inspect.getsource(_claims_runs),
                         f"print(json.dumps(_claims_runs({reps}, _highs_clock())))"])
    _claims_row(f"code at {CLAIMS_PREPARED} (prepared)", **run_at(snippet, commit=CLAIMS_PREPARED))
    _claims_row(f"code at {CLAIMS_MAIN} (FlowResults)", **run_at(snippet, commit=CLAIMS_MAIN))
    _claims_row(f"code at {CLAIMS_BEFORE} (before the cuts)", **run_at(snippet, commit=CLAIMS_BEFORE))


#: main before the claims section's non-solver cost was cut (issue 16)
CLAIMS_BEFORE = "e89be67"
#: main before the claims section read plain readouts rather than FlowResult tables (issue 16, item 4)
CLAIMS_MAIN = "e69e991"
#: the claims section before its scenarios were read off the base models (each scenario's network
#: prepared, each balance change built as a model of its own)
CLAIMS_PREPARED = "108a31b"


def _claims_runs(reps: int, spent: list[float]) -> dict:
    """``reps`` timed runs of the claims section after a warm-up (imports, first HiGHS run), each with
    the model cache cleared: ``walls``, ``cpus`` (process CPU time) and ``highs`` (seconds, ``spent``
    from :func:`_highs_clock`) and ``solves`` (HiGHS runs in one section)."""
    import corridors.model.cache as model_cache
    from corridors.data.io import load_network
    from corridors.render.report import _claims_section, load_claims

    net, claims = load_network(), load_claims()
    _claims_section(net, claims, {})
    walls, cpus, highs, solves = [], [], [], []
    for _ in range(reps):
        model_cache.clear()
        spent.clear()
        t, c = time.perf_counter(), time.process_time()
        _claims_section(net, claims, {})
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        highs.append(sum(spent))
        solves.append(len(spent))
    return {"walls": walls, "cpus": cpus, "highs": highs, "solves": solves[0]}


def _claims_row(label: str, walls: list[float], highs: list[float], solves: int, cpus: list[float]) -> None:
    w, h = statistics.median(walls), statistics.median(highs)
    print(f"  {label:34s} section {_spread_s(walls)} (CPU {_spread_s(cpus)})   HiGHS {_spread_s(highs)}"
          f"   ({solves} HiGHS runs; section / HiGHS {w / h:.1f}x, goal ≤ 2x)")


def _spread_s(samples: list[float]) -> str:
    return f"{min(samples) * 1e3:6.0f} / {statistics.median(samples) * 1e3:6.0f} / {max(samples) * 1e3:6.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--claims", action="store_true", help="only the report's claims section against its HiGHS time")
    args = parser.parse_args(argv)
    reps = 3 if args.quick else 7
    if args.claims:
        claims_section(3)
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    rebuilds = 5 if args.quick else 15
    from importlib.metadata import version

    print(f"python {platform.python_version()}, PuLP {version('pulp')}, highspy {version('highspy')}, "
          f"{platform.machine()}")
    demo = load_demo_network().at(2024)
    build_vs_solve("demo network", demo, reps)
    bundled = None
    if bundled_path("links.geojson").exists():
        full = load_network()
        bundled = full.at(2024)
        build_vs_solve("bundled network 2024", bundled, reps)
        end_to_end(reps)
    else:
        print("\nbundled network: not built yet (geodata/links.geojson missing)")
    t0 = time.perf_counter()
    synth = synthetic_network()
    print(f"\n(synthetic network built in {time.perf_counter() - t0:.1f} s)")
    build_vs_solve("synthetic grid", synth, reps)
    if bundled is not None:
        warm_vs_rebuild("bundled network 2024", bundled, rebuilds=rebuilds, warm_cuts=200)
    warm_vs_rebuild("synthetic grid", synth, rebuilds=rebuilds, warm_cuts=200)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
