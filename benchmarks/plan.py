"""Planning and worst-case speed, each beside its baseline in the same run (min / median / max of 3).

Run from the repository root::

    python benchmarks/plan.py

1. ``plan`` (contingencies added as violated, checked with the warm engine) against the extensive
   form (one MILP with every contingency at once) on the bundled network, transit-country N-1 in
   2030 (goal: plan < 10 s).
2. ``worst_case(k=2, level="link")`` (the interdiction MILP) against the exhaustive N-2 sweep over
   every pair of bundled links (pruned and unpruned), with the two answers compared.
"""

from __future__ import annotations

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
              f"{len(r.contingencies)} contingencies modelled, {r.rounds} rounds, build {', '.join(r.projects) or 'nothing'})")
        print(f"  {'':26s} extensive form {_fmt(te)} ({status}, build {', '.join(sorted(built)) or 'nothing'})")
    print("\n2. worst case k = 2, link level, bundled network, 2024")
    tw, w = _times(lambda: worst_case(net, k=2, level="link", year=2024))
    tn, n2 = _times(lambda: sweep(net, level="link", k=2, year=2024))
    tu, n2u = _times(lambda: sweep(net, level="link", k=2, year=2024, prune=False), runs=1)
    top = n2.table["objective"].idxmax()
    print(f"  worst_case MILP          {_fmt(tw)}  {' + '.join(w.elements)}  objective {w.objective:.6g}, gap {w.gap:g}")
    print(f"  N-2 sweep (pruned)       {_fmt(tn)}  {top}  objective {n2.table['objective'].max():.6g} "
          f"({n2.solves} solves over {len(n2.table)} pairs)")
    print(f"  N-2 sweep (exhaustive)   {tu[0]:7.3f} s (1 run)  objective {n2u.table['objective'].max():.6g}")
    print(f"  ranking top row (loss_pct): {n2.table.index[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
