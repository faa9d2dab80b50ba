"""The report's claims section from plain readouts (corridors.render.report._claims_section) against
the path it replaced: whole FlowResults (run_case with drawing) and pandas tables, byte for byte.

The reference below is the section as it was built from frames (corridors.render.report before the
readouts): every claim's cases solved by ``run_case``, its sums by ``groupby().sum()``, its tables by
``table_html``. The section must give the same HTML, on the bundled claims and on hand-made ones,
also when every sum is left to pandas (the path a sum takes when its digits could depend on how it
is added)."""

from __future__ import annotations

import contextlib
import math
import random

import pytest

import corridors.model.cache as model_cache
from corridors.errors import CorridorsError
from corridors.model.scenario import Scenario
from corridors.render import report, sections
from corridors.render.report import _claims_section, load_claims


# -- the reference: the section built from whole tables -------------------------------------------
def _ref_named_markets(claim, case, compared):
    import pandas as pd

    markets = None
    if case.scenario is not None:
        if not report._named(claim, {*case.base.deliveries["node"].tolist(), *case.result.deliveries["node"].tolist()}):
            return None
        markets = compared(case)
    d = markets if markets is not None else case.base.deliveries
    nodes = d["node"].tolist()
    names = report._named(claim, nodes)
    if not names:
        return None
    rank, commodity = {n: i for i, n in enumerate(names)}, d["commodity"].tolist()
    picked = sorted((i for i, n in enumerate(nodes) if n in rank), key=lambda i: (commodity[i], rank[nodes[i]]))
    d = d.iloc[picked]
    if markets is not None:
        d = d.rename(columns={"demand_other": "demand", "served_other": "served", "unmet_other": "unmet",
                              "unmet_change": "lost"})
    cols = [c for c in ("node", "name", "commodity", "demand", "served_base", "served", "unmet", "lost") if c in d.columns]
    rows = d[cols]
    totals = []
    several = len({commodity[i] for i in picked}) < len(picked)
    for k, g in rows.groupby("commodity", sort=True) if several else ():
        if len(g) > 1:
            t = g.select_dtypes("number").sum()
            totals.append({"node": "total", "name": f"{len(g)} markets", "commodity": k, **t.to_dict()})
    return pd.concat([rows, pd.DataFrame(totals)], ignore_index=True) if totals else rows.reset_index(drop=True)


def _ref_named_links(claim, case, network):
    import pandas as pd

    links = network.links
    names = report._named(claim, links.index.tolist())
    if not names:
        return None
    flows, base = case.result.flows, case.base.flows
    rows = []
    for lid in names:
        row = links.loc[lid]
        rec = {"link": lid, "name": row["name"], "status": row["status"],
               f"in {case.year}": "yes" if lid in case.network.links.index else "no",
               "length_km": float(row["length_km"]), "capacity": row["capacity"]}
        if case.scenario is not None:
            rec["flow_base"] = float(base.at[lid, "flow"]) if lid in base.index else math.nan
        rec["flow"] = float(flows.at[lid, "flow"]) if lid in flows.index else math.nan
        rec["unit"] = row["capacity_unit"]
        rows.append(rec)
    return pd.DataFrame(rows)


def _ref_claim_html(claim, runs, error, network):
    from corridors.model.results import market_changes
    from corridors.render.pages import render_template, table_html

    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    facts = [(label, str(test.get(key))) for key, label in (("scenario", "Test"), ("quantity", "Measured"),
                                                              ("expected", "Expected"))
             if test.get(key) not in (None, "")]
    blocks = []
    for label, case in runs:
        named = ((_ref_named_markets(claim, case, lambda c: market_changes(c.base, c.result)),
                  f"Markets the claim names ({case.year})"),
                 (_ref_named_links(claim, case, network), f"Links the claim names ({case.year})"))
        extra = [table_html(t, caption=c) for t, c in named if t is not None]
        if case.scenario is None:
            total = report._summary(case.base)
            line = "; ".join(f"{r.commodity} {r.served:.4g} of {r.demand:.4g} {r.unit} served"
                             for r in total.itertuples(index=False))
            blocks.append({"line": line, "year": case.year, "label": label, "status": case.base.status, "extra": extra})
        else:
            caption = f"The model: {case.scenario.name} ({case.year}; {label}): {case.result.status}"
            blocks.append({"table": table_html(report._summary(case.result, case.base), caption=caption),
                           "extra": extra})
    return render_template("claim.html.j2", claim_id=str(claim.get("id", "")), says=claim.get("says", ""),
                           section=claim.get("section", ""), verdict=report.claim_verdict(claim), facts=facts,
                           runs=blocks, error=error, note=claim.get("note"))


def _reference(network, claims) -> str:
    """The section from whole FlowResults (run_case with drawing, no reuse of prepared networks)."""
    from corridors.model.scenario import load_bundled, scenarios_dir

    folder, bases, cache, out = scenarios_dir(), {}, {}, []

    def run(scen, year):
        key = scen.to_toml() if scen is not None else f"base {year}"
        if key not in cache:
            cache[key] = report.run_case(network, year=year, scenario=scen, _bases=bases)
        return cache[key]

    for claim in claims:
        test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
        year = test.get("year") or claim.get("year")
        runs, error = [], None
        try:
            names = report.claim_scenarios(claim, directory=folder)
            for name in names:
                scen = load_bundled(name, directory=folder)
                runs.append((f"bundled scenario {name}", run(scen, None if scen.year is not None else year)))
            if not names:
                spec = report._test_scenario(claim)
                runs.append(("from the claim's test", run(spec, year)) if spec is not None
                            else ("no disruption", run(None, year)))
        except CorridorsError as exc:
            error = str(exc)
        out.append(_ref_claim_html(claim, runs, error, network))
    return "".join(out)


def _both(network, claims) -> tuple[str, str]:
    model_cache.clear()
    fast = "".join(_claims_section(network, claims, {}))
    model_cache.clear()
    full = _reference(network, claims)
    return fast, full


# -- the section against it ------------------------------------------------------------------------
def test_bundled_claims_section_is_the_full_path_byte_for_byte(bundled_network):
    claims = load_claims()
    fast, full = _both(bundled_network, claims)
    assert fast == full and fast.count('class="claim') == len(claims)
    assert "Markets the claim names" in fast and "Links the claim names" in fast and "<caption><bdi>The model" in fast


def test_sums_left_to_pandas_give_the_same_section(bundled_network, monkeypatch):
    """Every sum flagged unstable: each claim is summed by pandas (the fallback), and still the same."""
    calls = []
    real = sections.pandas_sums
    monkeypatch.setattr(sections, "num_sum", lambda values: sections.Num(math.fsum(v for v in values if v == v), math.inf))
    monkeypatch.setattr(sections, "pandas_sums", lambda *a, **k: calls.append(1) or real(*a, **k))
    fast, full = _both(bundled_network, load_claims())
    assert fast == full and len(calls) > 10


DEMO_CLAIMS = [
    {"id": "two-markets", "says": "Both oil markets are served.", "year": 2024,
     "data": ["balances rows at ceyhan and supsa", "link pipe-b and rail-new"], "test": {"quantity": "oil at ceyhan, supsa"}},
    {"id": "cut-b", "says": "Cutting pipe-b loses oil.", "year": 2024, "note": "compare ceyhan supsa pipe-b pipe-a",
     "test": {"year": 2024, "disruptions": ["link:pipe-b"], "expected": "ceyhan short", "scenario": "cut <pipe-b>"}},
    {"id": "georgia", "says": "Georgia closed.", "test": {"year": 2024, "disruptions": ["country:GE"]},
     "data": "ceyhan, supsa, alat"},
    {"id": "half-ferry", "says": "Ferries at half.", "test": {"year": 2024, "disruptions": ["mode:ferry=0.5"]},
     "note": "alat"},
    {"id": "bad", "says": "A target that is not there.", "test": {"year": 2024, "disruptions": ["country:XX"]}},
    {"id": "plain", "says": "No figure, no test."},
]


def test_demo_claims_section_is_the_full_path_byte_for_byte(demo_network):
    fast, full = _both(demo_network, DEMO_CLAIMS)
    assert fast == full and fast.count('class="claim') == len(DEMO_CLAIMS)
    assert 'class="error"' in fast and "Markets the claim names" in fast and "Links the claim names" in fast


def test_demo_claims_with_every_sum_left_to_pandas(demo_network, monkeypatch):
    monkeypatch.setattr(sections, "num_sum", lambda values: sections.Num(math.fsum(v for v in values if v == v), math.inf))
    fast, full = _both(demo_network, DEMO_CLAIMS)
    assert fast == full


# -- the pieces ------------------------------------------------------------------------------------
def test_pandas_sums_lie_within_the_bound(monkeypatch):
    """The bound holds for every way pandas adds a group: compensated (unsorted keys, or NaN) and
    ufunc.reduceat (sorted keys, no NaN), for a wide spread of magnitudes."""
    import pandas as pd

    rng = random.Random(7)
    for trial in range(400):
        n = rng.randint(1, 30)
        values = [rng.uniform(0, 1) * 10.0 ** rng.randint(-8, 12) for _ in range(n)]
        if trial % 3 == 0:
            values[rng.randrange(n)] = math.nan
        keys = sorted(rng.choice("ab") for _ in range(n)) if trial % 2 else [rng.choice("ab") for _ in range(n)]
        got = pd.DataFrame({"k": keys, "v": values}).groupby("k", sort=True)["v"].sum()
        for k, v in got.items():
            s = sections.num_sum([x for kk, x in zip(keys, values) if kk == k])
            assert abs(float(v) - s.value) <= s.bound


def test_a_number_near_a_boundary_is_left_to_pandas():
    num = sections.Num(0.0005, 1e-12)  # 0.0005 ± 1e-12 shows as 0 or 0.001 (3 decimals)
    with pytest.raises(sections.Unstable):
        sections.shown(num, sections.cell)
    assert sections.shown(sections.Num(12.9, 1e-12), sections.cell) == "12.9"
    assert sections.shown(sections.Num(0.0005), sections.cell) == sections.cell(0.0005)  # exact: as it is
    with pytest.raises(sections.Unstable):
        sections.Num(1e-6, 1e-15).above(1e-6)
    assert sections.Num(2e-6, 1e-15).above(1e-6) and not sections.Num(0.0, 0.0).above(1e-6)
    assert sections.num_sum([-0.0, 0.0]).bound == math.inf  # the sign of a zero sum: pandas' own


def test_readouts_are_the_cached_solves(demo_network):
    """shared_readout: the numbers of cached_solve / cached_delivered (base, warm re-solve, a cold
    build), with the same HiGHS runs."""
    import highspy

    from corridors.model.delivered import Readout
    from corridors.model.readouts import shared_readout
    from corridors.model.reuse import reusing

    cases = [None, Scenario.cut("country:GE", year=2024), Scenario.cut("link:pipe-b", year=2024),
             Scenario(name="TRIPP", year=2024, projects=["rail-new"])]
    runs, run = [], highspy.Highs.run

    def counted(self, *a, **k):
        runs.append(1)
        return run(self, *a, **k)

    def solve_all(fast: bool) -> list:
        model_cache.clear()
        runs.clear()
        with reusing():
            if fast:
                out = [shared_readout(demo_network, year=2024, scenario=s) for s in cases]
            else:
                out = [Readout.of(model_cache.cached_solve(demo_network, year=2024) if s is None
                                  else model_cache.cached_delivered(demo_network, scenario=s)) for s in cases]
        return out, len(runs)

    highspy.Highs.run = counted
    try:
        (fast, n_fast), (full, n_full) = solve_all(True), solve_all(False)
    finally:
        highspy.Highs.run = run
    assert n_fast == n_full == len(cases)
    for a, b in zip(fast, full):
        assert a.status == b.status == "optimal"
        assert (a.node, a.name, a.commodity, a.demand, a.served, a.unmet) == (b.node, b.name, b.commodity, b.demand,
                                                                              b.served, b.unmet)
        assert list(a.flows.items()) == list(b.flows.items())
    assert sum(u for u, k in zip(fast[1].unmet, fast[1].commodity) if k == "oil") > 0  # Georgia closed: oil unmet


def test_rows_table_is_table_html(demo_network):
    import pandas as pd

    from corridors.render.pages import table_html

    frame = pd.DataFrame({"link": ["a<b", "c"], "name": ["x", math.nan], "flow": [1 / 3, math.nan],
                          "length_km": [12.3456, 1e7], "unit": ["Mt/y", "Mt/y"], "lost_oil": [0.5, -0.0]})
    rows = [list(r) for r in frame.itertuples(index=False, name=None)]
    assert sections.rows_table(list(frame.columns), rows, units=frame["unit"].tolist(), caption="c <i>") == \
        table_html(frame, caption="c <i>")
    mixed = frame.assign(unit=["Mt/y", "bcm/y"])
    assert sections.rows_table(list(mixed.columns), rows, units=mixed["unit"].tolist(), max_rows=1) == \
        table_html(mixed, max_rows=1)
    assert sections.rows_table(["flow"], [[1.0]]) == table_html(pd.DataFrame({"flow": [1.0]}))


def test_nothing_lost_where_the_unmet_rows_are_the_same():
    from corridors.model.delivered import Readout, same_unmet

    def read(unmet, served=(1.0, 2.0, 3.0)):
        return Readout(status="optimal", node=["a", "b", "c"], name=["A", "B", "C"], commodity=["oil", "gas", "oil"],
                       demand=[1.0, 2.0, 3.0], served=list(served), unmet=list(unmet), flows={})

    base = read([0.1, 0.2, 0.7])
    assert same_unmet(base, read([0.1, 5.0, 0.7]), "oil")        # gas changed: oil's rows are the same
    assert not same_unmet(base, read([0.1, 0.2, 0.70001]), "oil")
    assert not same_unmet(base, read([0.1, 0.2, 0.7], served=(1.0, math.nan, 3.0)), "oil")  # summed another way


def test_a_warm_change_is_found_for_derates_only(bundled_network):
    """cache.warm_change (the claims section's and cached_solve's one check) rules out projects and
    balance changes early and finds the bound changes of scenarios that only derate."""
    from corridors.model.scenario import list_scenarios, load_bundled

    seen = set()
    for name in list_scenarios():
        scen = load_bundled(name)
        year = scen.year or 2024
        problem = model_cache.cached_problem(bundled_network, year=year)
        found = model_cache.warm_change(problem, bundled_network, year, scen)
        if found is not None:
            other, change = found
            assert model_cache._derate_only(problem.network, other) is not None and len(other.links) == len(problem.network.links)
        seen.add(found is None)
    assert seen == {True, False}  # both kinds among the bundled scenarios
