"""Planning and worst-case speed, each beside its baseline in the same run (min / median / max of 3).

Run from the repository root::

    python benchmarks/plan.py

1. ``plan`` (contingencies added as violated, checked with the warm engine) against the extensive
   form (one MILP with every contingency at once) on the bundled network, transit-country N-1 in
   2030 (goal: plan < 10 s).
2. ``worst_case(k=2, level="link")`` (the interdiction MILP, HiGHS and CBC) against the N-2 sweep
   over every pair of bundled links (pruned and exhaustive), both ranked by the objective
   (``rank="loss"``), with the answers compared.
3. ``worst_case(k=3, level="asset")``: the proven worst triple.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _times(fn, runs: int = 3):
    out, value = [], None
    for _ in range(runs):
        t = time.perf_counter()
        value = fn()
        out.append(time.perf_counter() - t)
    return out, value


def _fmt(ts) -> str:
    return f"{min(ts):7.3f} / {statistics.median(ts):7.3f} / {max(ts):7.3f} s"


def _extensive(net, **kw):
    """Every contingency in one MILP (the baseline the violated-contingency loop avoids)."""
    from corridors.analysis.planning import _milp, _setup

    limit = kw.pop("max_loss")
    s = _setup(net, contingencies=None, candidates=None, scenario=None, **kw)
    return _milp(s, list(range(len(s.ids))), limit=limit, budget=None, min_share=None, time_limit=None)


def main() -> int:
    from corridors import load_network
    from corridors.analysis.planning import plan
    from corridors.analysis.sweeps import sweep
    from corridors.analysis.worst import worst_case

    net = load_network()
    plan(net, level="country", transit=True, max_loss=0.25, year=2030)  # warm-up
    print("1. plan: transit-country N-1, bundled network, 2030")
    for by, limit in (("market", 0.25), ("commodity", 0.55), ("commodity", 0.5)):
        kw = dict(level="country", transit=True, year=2030, by=by, max_loss=limit)
        tp, r = _times(lambda: plan(net, **kw))
        te, (status, built, _, _) = _times(lambda: _extensive(net, **dict(kw)))
        print(f"  by {by:9s} limit {limit:4.2f}: plan {_fmt(tp)} ({r.status}, {len(r.modelled)} of "
              f"{len(r.contingencies)} contingencies modelled, {r.rounds} rounds, build {', '.join(r.projects) or 'nothing'}; "
              f"{len(r.candidates)} candidates, {len(r.excluded)} too late for 2030 from {r.from_year})")
        print(f"  {'':26s} extensive form {_fmt(te)} ({status}, build {', '.join(sorted(built)) or 'nothing'})")
    print("\n2. worst case k = 2, link level, bundled network, 2024 (both ranked by the objective: rank='loss')")
    tw, w = _times(lambda: worst_case(net, k=2, level="link", year=2024))
    tc, wc = _times(lambda: worst_case(net, k=2, level="link", year=2024, solver="cbc"), runs=1)
    tn, n2 = _times(lambda: sweep(net, level="link", k=2, year=2024, rank="loss"))
    tu, n2u = _times(lambda: sweep(net, level="link", k=2, year=2024, prune=False, rank="loss"))
    print(f"  worst_case MILP (HiGHS)  {_fmt(tw)}  {' + '.join(w.elements)}  objective {w.objective:.6g}, gap {w.gap:g}")
    print(f"  worst_case MILP (CBC)    {tc[0]:7.3f} s (1 run)  {' + '.join(wc.elements)}  objective {wc.objective:.6g}, "
          f"gap {wc.gap:g}")
    print(f"  N-2 sweep (pruned)       {_fmt(tn)}  top row {n2.table.index[0]}  objective "
          f"{n2.table['objective'].iloc[0]:.6g} ({n2.solves} solves over {len(n2.table)} pairs)")
    print(f"  N-2 sweep (exhaustive)   {_fmt(tu)}  top row {n2u.table.index[0]}  objective "
          f"{n2u.table['objective'].iloc[0]:.6g} ({n2u.solves} solves)")
    same = set(n2u.table.index[0].split(" + ")) == set(w.elements)
    print(f"  worst == top row of the exhaustive sweep: {same}; top row by the default ranking (loss_pct): "
          f"{sweep(net, level='link', k=2, year=2024).table.index[0]}")
    print("\n3. worst case k = 3, asset level, bundled network, 2024")
    t3, w3 = _times(lambda: worst_case(net, k=3, level="asset", year=2024))
    print(f"  worst_case MILP (HiGHS)  {_fmt(t3)}  {' + '.join(w3.elements)}  objective {w3.objective:.6g}, "
          f"gap {w3.gap:g} ({w3.candidates} assets: {math.comb(w3.candidates, 3):,} triples)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
