"""Tests of corridors.analysis.planning: the planning MILP against brute force over candidate subsets."""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridors.analysis.planning import annuity, plan, plan_curve
from corridors.data.network import network_from_frames
from corridors.model.flow import solve
from corridors.model.scenario import Scenario


def _network(links, balances, countries, leads=None):
    """Nodes at made-up points with the given countries; links ``(id, from, to, capacity, cost, project, capex)``;
    ``leads`` the lead time in years of some projects (the others have none)."""
    leads = leads or {}
    ids = list(countries)
    pts = {n: Point(-30.0 + i, -30.0 + (i % 3)) for i, n in enumerate(ids)}  # open ocean: countries come from the nodes
    ndf = gpd.GeoDataFrame({"id": ids, "name": ids, "kind": ["junction"] * len(ids), "source": ["test"] * len(ids),
                            "country": [countries[n] for n in ids]}, geometry=[pts[n] for n in ids], crs="EPSG:4326")
    rows = []
    for lid, a, b, cap, cost, project, capex, *rest in links:
        rows.append({"id": lid, "name": lid, "corridor": "T", "mode": "pipeline", "commodities": rest[0] if rest else "gas",
                     "from": a, "to": b, "bidirectional": False, "capacity": cap, "cost": cost,
                     "status": "proposed" if project else "operating", "source": "test", "route_accuracy": "straight",
                     "project": project, "capex": capex, "lead_time_years": leads.get(project)})
    ldf = gpd.GeoDataFrame(rows, geometry=[LineString([pts[r["from"]], pts[r["to"]]]) for r in rows], crs="EPSG:4326")
    bdf = pd.DataFrame([{"node": n, "commodity": k, "year": 2024, "supply": s, "demand": d, "priority": 1, "source": "test"}
                        for n, k, s, d in balances])
    return network_from_frames(ndf, ldf, bdf)


def corridor_network(leads=None):
    """Gas from AZ to IT through GE and then TR; oil from AZ to a TR market through GE.

    ::

        src(AZ) ─10─▶ g(GE) ─10─▶ h(TR) ─10─▶ it(IT)        demand it 10 bcm/y
           │                       ▲
           ├──BYPASS 10 bcm/y, €1bn (via am in AM)─┘
           ├──SMALL 4 bcm/y, €0.3bn (via ir in IR) to h
           └──DIRECT 8 bcm/y, €0.9bn [K] to it (sea, no transit country)
    """
    countries = {"src": "AZ", "g": "GE", "h": "TR", "it": "IT", "am": "AM", "ir": "IR"}
    links = [("sg", "src", "g", "10 bcm/y", 1.0, None, None), ("gh", "g", "h", "10 bcm/y", 1.0, None, None),
             ("hi", "h", "it", "10 bcm/y", 1.0, None, None),
             ("sa", "src", "am", "10 bcm/y", 2.0, "BYPASS", "1 bn EUR"), ("ah", "am", "h", "10 bcm/y", 2.0, "BYPASS", "1 bn EUR"),
             ("sr", "src", "ir", "4 bcm/y", 2.0, "SMALL", "300 million EUR"),
             ("rh", "ir", "h", "4 bcm/y", 2.0, "SMALL", "300 million EUR"),
             ("si", "src", "it", "8 bcm/y", 3.0, "DIRECT", "0.9 bn EUR [K]")]
    return _network(links, [("src", "gas", "12 bcm/y", None), ("it", "gas", None, "10 bcm/y")], countries, leads)


def _brute_force(net, limit, countries=("GE", "TR", "AM", "IR")):
    """Cheapest subset of candidates whose independent what-ifs keep every market outside X within the limit."""
    cands = {"BYPASS": (["sa", "ah"], 1e9), "SMALL": (["sr", "rh"], 3e8), "DIRECT": (["si"], 9e8)}
    best = None
    for r in range(len(cands) + 1):
        for subset in itertools.combinations(cands, r):
            links = [l for p in subset for l in cands[p][0]]
            ok = True
            for x in countries:
                res = solve(net, scenario=Scenario.compose(cut=[f"country:{x}"], projects=links, year=2024))
                d = res.deliveries
                d = d[(d["country"] != x) & (d["demand"] > 0)]
                if ((d["unmet"] / d["demand"]) > limit + 1e-9).any():
                    ok = False
                    break
            cost = sum(cands[p][1] for p in subset)
            if ok and (best is None or cost < best[0] - 1):
                best = (cost, set(subset))
    return best


@pytest.mark.parametrize(("limit", "countries"), [(1.0, ("GE", "TR", "AM", "IR")), (0.6, ("GE", "TR", "AM", "IR")),
                                                  (0.25, ("GE", "TR", "AM", "IR")), (0.0, ("GE", "TR", "AM", "IR")),
                                                  (0.15, ("GE", "AM", "IR")), (0.6, ("GE", "AM")), (0.0, ("GE",))])
def test_plan_equals_brute_force(limit, countries):
    net = corridor_network()
    expected = _brute_force(net, limit, countries)
    r = plan(net, level="country", max_loss=limit, year=2024, contingencies=list(countries))
    if expected is None:
        assert r.status == "infeasible" and r.binding
    else:
        assert r.status == "optimal"
        assert r.capex == pytest.approx(expected[0])
        assert set(r.projects) == expected[1]
        # every chosen plan passes an independent N-1 check with the projects built
        links = [l for l, p in zip(net.links.index, net.links["project"]) if p in r.projects]
        for x in countries:
            d = solve(net, scenario=Scenario.compose(cut=[f"country:{x}"], projects=links, year=2024)).deliveries
            d = d[(d["country"] != x) & (d["demand"] > 0)]
            assert ((d["unmet"] / d["demand"]) <= limit + 1e-6).all()


def test_infeasible_names_the_binding_contingency():
    net = corridor_network()
    # TR fails: every route but DIRECT (8 of 10) passes Türkiye, so IT loses at least 20 %
    r = plan(net, level="country", max_loss=0.1, year=2024, transit=True)
    assert r.status == "infeasible"
    assert r.binding == {"contingency": "country:TR", "market": "IT", "commodity": "gas",
                         "loss_share": pytest.approx(0.2), "alone": True}
    data = json.loads(r.to_json())
    assert data["status"] == "infeasible" and data["binding"]["contingency"] == "country:TR"


def test_unsourced_capex_is_marked_and_annualised(tmp_path, capsys):
    r = plan(corridor_network(), level="country", max_loss=0.25, year=2024, transit=True)
    assert r.unsourced == ["DIRECT"] and r.projects == ["DIRECT"]
    assert r.annualised == pytest.approx(sum(annuity(r.capex_eur[p]) for p in r.projects))
    frame = r.to_frame()
    assert frame.loc[frame["project"] == "DIRECT", "sourced"].item() == "[K] estimate"
    data = json.loads(r.to_json())
    assert set(data) >= {"status", "projects", "candidates", "capex", "capex_unit", "contingencies", "excluded"}
    assert data["capex_unsourced"] == pytest.approx(9e8) and data["projects_marked"] == ["DIRECT [K]"]
    from corridors.cli.app import main
    from corridors.data.io import write_network

    folder = write_network(corridor_network(), tmp_path / "net")
    assert main(["plan", "--level", "country", "--transit", "--max-loss", "0.25", "--year", "2024",
                 "--network", str(folder)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "build DIRECT [K]" in text and "0.9 bn EUR [K] estimates without a source" in text


def test_a_candidate_too_late_for_the_year_is_excluded_with_the_reason(tmp_path, capsys):
    contingencies = ["GE", "AM", "IR"]
    chosen = plan(corridor_network(), level="country", max_loss=0.6, year=2024, contingencies=contingencies)
    assert chosen.projects == ["SMALL"] and chosen.excluded == []
    net = corridor_network({"SMALL": 5.0, "BYPASS": 2.0})  # decided in 2021: SMALL is in service in 2026
    r = plan(net, level="country", max_loss=0.6, year=2024, contingencies=contingencies, from_year=2021)
    assert "SMALL" not in r.projects and "SMALL" not in r.candidates
    assert r.excluded == [{"project": "SMALL", "lead_time_years": 5.0, "in_service": 2026, "capex": pytest.approx(3e8),
                           "unsourced": False, "reason": "lead time 5 years from 2021: in service 2026, after 2024"}]
    # the next cheapest plan of those in service in time, as brute force over them finds it
    expected = _brute_force(net, 0.6, contingencies)
    alternatives = [(c, p) for c, p in [_brute_force_without(net, 0.6, contingencies, "SMALL")] if p is not None]
    assert r.capex == pytest.approx(alternatives[0][0]) and set(r.projects) == alternatives[0][1]
    assert r.capex > chosen.capex and expected[1] == {"SMALL"}
    # in 2022 SMALL would still be too late from 2021; from 2019 it is in service in 2024 again
    assert plan(net, level="country", max_loss=0.6, year=2024, contingencies=contingencies,
                from_year=2019).projects == ["SMALL"]
    data = json.loads(r.to_json())
    assert data["excluded"][0]["project"] == "SMALL" and data["from_year"] == 2021
    frame = r.to_frame()
    assert frame.loc[frame["project"] == "SMALL", "excluded"].item().startswith("lead time 5 years")
    from corridors.cli.app import main
    from corridors.data.io import write_network

    folder = write_network(net, tmp_path / "net")
    args = ["plan", "--level", "country", "--max-loss", "0.6", "--year", "2024", "--contingency", "GE",
            "--contingency", "AM", "--contingency", "IR", "--network", str(folder)]
    assert main([*args, "--from-year", "2021", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert "SMALL" in text and "in service 2026, after 2024" in text
    assert main([*args, "--from-year", "2025"]) == 2
    assert "from_year=2025 is after the plan's year 2024" in capsys.readouterr().err


def _brute_force_without(net, limit, countries, left_out):
    """Brute force over the candidates other than ``left_out``: (capex, projects) or (None, None)."""
    cands = {"BYPASS": (["sa", "ah"], 1e9), "SMALL": (["sr", "rh"], 3e8), "DIRECT": (["si"], 9e8)}
    cands.pop(left_out)
    best = (None, None)
    for r in range(len(cands) + 1):
        for subset in itertools.combinations(cands, r):
            links = [l for p in subset for l in cands[p][0]]
            ok = all(_within(net, x, links, limit) for x in countries)
            cost = sum(cands[p][1] for p in subset)
            if ok and (best[0] is None or cost < best[0] - 1):
                best = (cost, set(subset))
    return best


def _within(net, x, links, limit):
    d = solve(net, scenario=Scenario.compose(cut=[f"country:{x}"], projects=links, year=2024)).deliveries
    d = d[(d["country"] != x) & (d["demand"] > 0)]
    return bool(((d["unmet"] / d["demand"]) <= limit + 1e-9).all())


@pytest.mark.parametrize("limit", [0.6, 0.15, 0.0])
def test_cbc_gives_the_same_plan_as_highs(limit):
    net = corridor_network()
    kw = dict(level="country", max_loss=limit, year=2024, contingencies=["GE", "AM", "IR"])
    highs, cbc = plan(net, solver="highs", **kw), plan(net, solver="cbc", **kw)
    assert (highs.solver, cbc.solver) == ("highs", "cbc")
    assert (cbc.status, cbc.projects) == (highs.status, highs.projects)
    assert cbc.capex == pytest.approx(highs.capex)


def test_budget_maximises_the_worst_served_share():
    net = corridor_network()
    none = plan(net, level="country", budget=0.0, year=2024, contingencies=["GE"])
    some = plan(net, level="country", budget=1e9, year=2024, contingencies=["GE"])
    assert none.projects == [] and none.worst_share == pytest.approx(0.0)
    assert some.worst_share == pytest.approx(1.0) and some.capex <= 1e9


def test_curve_costs_more_as_the_limit_tightens():
    c = plan_curve(corridor_network(), limits=[1.0, 0.6, 0.25], level="country", year=2024,
                   contingencies=["GE", "AM", "IR"])
    assert c["capex"].is_monotonic_increasing and c["capex"].iloc[0] == 0.0 and c["capex"].iloc[-1] > 0


def _outside_loss_shares(net, x, links, year):
    """An independent what-if (``whatif --cut country:X --project ...``): per market outside X and commodity, the
    lost share; and per commodity, the share lost over all markets outside X."""
    d = solve(net, scenario=Scenario.compose(cut=[f"country:{x}"], projects=links, year=year)).deliveries
    d = d[d["demand"] > 0].copy()
    d["market"] = [c if isinstance(c, str) else n for c, n in zip(d["country"], d["node"])]
    d = d[d["market"] != x]
    per_market = d.groupby(["market", "commodity"])[["unmet", "demand"]].sum()
    per_commodity = d.groupby("commodity")[["unmet", "demand"]].sum()
    return per_market["unmet"] / per_market["demand"], per_commodity["unmet"] / per_commodity["demand"]


def test_bundled_transit_countries_2030(bundled_network, capsys):
    """Done when: the command returns a portfolio or names the contingency, market and commodity."""
    r = plan(bundled_network, level="country", transit=True, max_loss=0.25, year=2030)
    assert "country:GE" in r.contingencies and "country:AZ" not in r.contingencies
    # TAP crosses Greece and Albania: either failing costs Italy all its gas, whatever is built
    assert r.status == "infeasible" and r.projects == []
    assert (r.binding["market"], r.binding["commodity"]) == ("IT", "gas")
    assert r.binding["contingency"] in ("country:GR", "country:AL")
    assert r.binding["loss_share"] == pytest.approx(1.0)
    every = [l for l, p in zip(bundled_network.links.index, bundled_network.links["project"]) if p in r.candidates]
    per_market, _ = _outside_loss_shares(bundled_network, r.binding["contingency"].split(":")[1], every, 2030)
    assert per_market[("IT", "gas")] == pytest.approx(1.0)
    # lead times from 2026: the TANAP steps (5 years) and the Black Sea cable (7) cannot serve 2030
    assert {e["project"] for e in r.excluded} == {"TANAP-X24", "TANAP-X31", "BLACK-SEA-CABLE"}
    from corridors.cli.app import main

    assert main(["plan", "--level", "country", "--transit", "--max-loss", "0.25", "--year", "2030"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "infeasible even with every candidate built" in text and "IT 100.0 % of its gas" in text
    assert "BLACK-SEA-CABLE" in text and "too late for 2030 from 2026" in text


def test_bundled_tightest_feasible_limit_passes_independent_what_ifs(bundled_network):
    """The tightest limits the 2030 plan can meet (found with the curve), checked by an independent what-if per
    transit country with the portfolio built: no market outside it (per market: 100 %; per commodity: 55 %) loses more."""
    per_market = plan_curve(bundled_network, limits=[1.0, 0.99], level="country", transit=True, year=2030)
    assert per_market["status"].tolist() == ["optimal", "infeasible"]
    per_commodity = plan_curve(bundled_network, limits=[0.55, 0.5], level="country", transit=True, year=2030,
                               by="commodity")
    assert per_commodity["status"].tolist() == ["optimal", "infeasible"]
    r = plan(bundled_network, level="country", transit=True, max_loss=0.55, year=2030, by="commodity")
    links = [l for l, p in zip(bundled_network.links.index, bundled_network.links["project"]) if p in r.projects]
    worst = 0.0
    for target in r.contingencies[1:]:
        _, shares = _outside_loss_shares(bundled_network, target.split(":")[1], links, 2030)
        assert (shares <= 0.55 + 1e-6).all(), (target, shares.to_dict())
        worst = max(worst, float(shares.max()))
    assert worst == pytest.approx(r.worst_after["loss_share"], abs=1e-6)


def test_cli_plan_json_and_curve(tmp_path, capsys):
    from corridors.cli.app import main
    from corridors.data.io import write_network

    folder = write_network(corridor_network(), tmp_path / "net")
    assert main(["plan", "--level", "country", "--transit", "--max-loss", "0.25", "--year", "2024",
                 "--format", "json", "--network", str(folder)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and data["projects"] == ["DIRECT"] and data["capex_unit"] == "EUR"
    assert data["capex"] == pytest.approx(9e8) and "country:TR" in data["contingencies"]
    assert main(["plan", "--level", "country", "--transit", "--curve", "1,0.6,0.25", "--year", "2024",
                 "--format", "csv", "--network", str(folder)]) == 0
    text = capsys.readouterr().out
    assert "DIRECT [K]" in text
    assert main(["plan", "--max-loss", "2", "--network", str(folder)]) == 2
    assert "max_loss" in capsys.readouterr().err


def test_claim_diversify_transit_corridors_2030(bundled_network):
    """seeds/claims.toml diversify-transit-corridors-plan: no candidate routes round Georgia's gas."""
    met = plan(bundled_network, level="country", transit=True, max_loss=0.55, year=2030, by="commodity")
    assert met.status == "optimal" and met.projects == []
    short = plan(bundled_network, level="country", transit=True, max_loss=0.5, year=2030, by="commodity")
    assert short.status == "infeasible"
    assert (short.binding["contingency"], short.binding["commodity"]) == ("country:GE", "gas")
    assert short.binding["loss_share"] == pytest.approx(0.5487, abs=5e-4)
    per_market = plan(bundled_network, level="country", transit=True, max_loss=0.25, year=2030)
    assert (per_market.binding["market"], per_market.binding["commodity"]) == ("IT", "gas")
    # the same answer with every candidate allowed (decided in 2023: TANAP and the cable in service by 2030)
    early = plan(bundled_network, level="country", transit=True, max_loss=0.5, year=2030, by="commodity",
                 from_year=2023)
    assert early.excluded == [] and early.status == "infeasible"
    assert early.binding["loss_share"] == pytest.approx(0.5487, abs=5e-4)


# -- the commodity filter: the limit holds for one commodity's markets only ------------------------

def mixed_network():
    """The corridor network's gas plus freight on rails beside it, with two freight candidates::

        src(AZ) ─rail 8 Mt/y─▶ g(GE) ─▶ h(TR) ─▶ it(IT)          freight demand at it 6 Mt/y
           ├── RAIL 10 Mt/y, 2 bn EUR (via am in AM) to h
           └── FERRY 3 Mt/y, 0.5 bn EUR straight to it (no transit country)
    """
    net = corridor_network()
    from corridors.data.network import network_to_frames

    nodes, links, balances = network_to_frames(net)
    pts = {n: g for n, g in zip(nodes.index, nodes.geometry)}
    extra = [("fsg", "src", "g", "8 Mt/y", 1.0, None, None), ("fgh", "g", "h", "8 Mt/y", 1.0, None, None),
             ("fhi", "h", "it", "8 Mt/y", 1.0, None, None),
             ("fsa", "src", "am", "10 Mt/y", 2.0, "RAIL", "2 bn EUR"), ("fah", "am", "h", "10 Mt/y", 2.0, "RAIL", "2 bn EUR"),
             ("fsi", "src", "it", "3 Mt/y", 3.0, "FERRY", "0.5 bn EUR")]
    rows = [{**links.iloc[0].drop("geometry").to_dict(), "id": lid, "name": lid, "mode": "rail", "commodities": "freight",
             "from": a, "to": b, "capacity": cap, "cost": cost, "status": "proposed" if project else "operating",
             "project": project, "capex": capex, "lead_time_years": None}
            for lid, a, b, cap, cost, project, capex in extra]
    new = gpd.GeoDataFrame(rows, geometry=[LineString([pts[r["from"]], pts[r["to"]]]) for r in rows], crs="EPSG:4326")
    links = pd.concat([links.reset_index(), new], ignore_index=True)
    more = pd.DataFrame([{"node": "src", "commodity": "freight", "year": 2024, "supply": "8 Mt/y", "demand": None,
                          "priority": 1, "source": "test"},
                         {"node": "it", "commodity": "freight", "year": 2024, "supply": None, "demand": "6 Mt/y",
                          "priority": 1, "source": "test"}])
    return network_from_frames(nodes.reset_index(), gpd.GeoDataFrame(links, crs="EPSG:4326"),
                               pd.concat([balances, more], ignore_index=True))


MIXED = {"BYPASS": (["sa", "ah"], 1e9), "SMALL": (["sr", "rh"], 3e8), "DIRECT": (["si"], 9e8),
         "RAIL": (["fsa", "fah"], 2e9), "FERRY": (["fsi"], 5e8)}


def _brute_force_commodity(net, limit, commodity, countries=("GE", "TR", "AM", "IR")):
    """Cheapest subset of the mixed candidates whose independent what-ifs keep every ``commodity`` market outside X
    within the limit (the other commodities unconstrained). Returns (capex, projects) or None."""
    best = None
    for r in range(len(MIXED) + 1):
        for subset in itertools.combinations(MIXED, r):
            cost = sum(MIXED[p][1] for p in subset)
            if best is not None and cost >= best[0] - 1:
                continue
            links = [l for p in subset for l in MIXED[p][0]]
            if all((_outside_loss_shares(net, x, links, 2024)[0].xs(commodity, level="commodity") <= limit + 1e-9).all()
                   for x in countries):
                best = (cost, set(subset))
    return best


@pytest.mark.parametrize(("limit", "countries"), [(1.0, ("GE", "TR", "AM", "IR")), (0.5, ("GE", "TR", "AM", "IR")),
                                                  (0.25, ("GE", "TR", "AM", "IR")), (0.25, ("GE",)), (0.0, ("GE", "AM"))])
def test_commodity_filter_equals_brute_force(limit, countries):
    net = mixed_network()
    countries = list(countries)
    expected = _brute_force_commodity(net, limit, "freight", countries)
    r = plan(net, level="country", max_loss=limit, year=2024, contingencies=countries, commodity="freight")
    if expected is None:
        assert r.status == "infeasible" and r.binding["commodity"] == "freight"
        return
    assert r.status == "optimal" and r.capex == pytest.approx(expected[0]) and set(r.projects) == expected[1]
    assert not set(r.projects) & {"BYPASS", "SMALL", "DIRECT"}      # gas is not held to the limit: no gas project
    links = [l for p in r.projects for l in MIXED[p][0]]
    for x in countries:                                              # the independent check, freight only
        assert (_outside_loss_shares(net, x, links, 2024)[0].xs("freight", level="commodity") <= limit + 1e-6).all()


def test_commodity_filter_reports_the_others_and_says_what_was_limited():
    net = mixed_network()
    r = plan(net, level="country", max_loss=0.5, year=2024, contingencies=["GE", "AM", "IR"], commodity="freight")
    assert r.status == "optimal" and r.projects == ["FERRY"]         # FERRY alone keeps half of IT's freight
    m = r.markets.set_index(["market", "commodity"])
    assert m.loc[("IT", "gas"), "loss_share_after"] == pytest.approx(1.0) and not m.loc[("IT", "gas"), "limited"]
    assert m.loc[("IT", "freight"), "loss_share_after"] == pytest.approx(0.5) and m.loc[("IT", "freight"), "limited"]
    assert r.worst_after["commodity"] == "freight"
    data = json.loads(r.to_json())
    assert data["commodity"] == "freight"
    unfiltered = plan(net, level="country", max_loss=0.5, year=2024, contingencies=["GE", "AM", "IR"])
    assert unfiltered.commodity is None and json.loads(unfiltered.to_json())["commodity"] is None
    assert set(unfiltered.projects) - {"FERRY"}                       # gas held too: a gas project is needed
    frame = plan_curve(net, limits=[1.0, 0.5], level="country", year=2024, contingencies=["GE"], commodity="freight")
    assert frame["commodity"].tolist() == ["freight", "freight"] and frame["projects"].tolist() == ["", "FERRY"]


def test_cli_commodity_filter(tmp_path, capsys):
    from corridors.cli.app import main
    from corridors.data.io import write_network

    folder = write_network(mixed_network(), tmp_path / "net")
    assert main(["plan", "--level", "country", "--contingency", "GE", "--max-loss", "0.5", "--commodity", "freight",
                 "--year", "2024", "--format", "json", "--network", str(folder)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["commodity"] == "freight" and data["projects"] == ["FERRY"]
    assert main(["plan", "--level", "country", "--contingency", "GE", "--curve", "1,0.5", "--commodity", "freight",
                 "--year", "2024", "--network", str(folder)]) == 0
    assert "limit on freight markets only" in " ".join(capsys.readouterr().out.split())
    assert main(["plan", "--commodity", "coal", "--year", "2024", "--network", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "coal" in err[0] and "freight, gas" in err[0]


def test_dated_projects_become_candidates():
    """--dated: a project dated after the decision year is a decision too, in service on its date if built."""
    net = mixed_network()
    links = net.links.copy()
    links.loc[["fsa", "fah"], "status"] = "planned"
    links.loc[["fsa", "fah"], "start_year"] = 2024.0      # RAIL dated 2024: in the network on its date
    from corridors.data.network import network_to_frames

    nodes, _, balances = network_to_frames(net)
    dated = network_from_frames(nodes.reset_index(), gpd.GeoDataFrame(links.reset_index(), crs="EPSG:4326"), balances)
    given = plan(dated, level="country", max_loss=0.0, year=2024, contingencies=["GE"], commodity="freight",
                 from_year=2023)
    assert "RAIL" not in given.candidates and given.status == "optimal" and given.projects == []
    chosen = plan(dated, level="country", max_loss=0.0, year=2024, contingencies=["GE"], commodity="freight",
                  from_year=2023, dated=True)
    assert chosen.dated and "RAIL" in chosen.candidates and chosen.projects == ["RAIL"]
    assert chosen.worst_before["loss_share"] == pytest.approx(1.0) and chosen.worst_after["loss_share"] == 0.0


def test_bundled_freight_frontier_2030(bundled_network):
    """The freight frontier on the bundled network: Georgia failing costs the freight markets outside it 84.7 %
    without the dated bypass round Georgia; TRIPP + Kars–Iğdır bring it to 5.6 % (Romania's ferry freight)."""
    kw = dict(level="country", transit=True, year=2030, commodity="freight")
    # per market: Romania's freight crosses Georgia whatever is built, so only 100 % can be met
    per_market = plan(bundled_network, max_loss=0.99, dated=True, **kw)
    assert per_market.status == "infeasible"
    assert per_market.binding == {"contingency": "country:GE", "market": "RO", "commodity": "freight",
                                  "loss_share": pytest.approx(1.0), "alone": True}
    # without --dated the bypass is in the network on its dates: nothing to choose
    assert plan(bundled_network, max_loss=0.1, by="commodity", **kw).projects == []
    curve = plan_curve(bundled_network, limits=[1.0, 0.8, 0.5, 0.05], by="commodity", dated=True, **kw)
    assert curve["status"].tolist() == ["optimal", "optimal", "optimal", "infeasible"]
    assert curve["projects"].tolist()[:3] == ["", "KARS-IGDIR + ASTARA-IR-PHASE2 [K]", "TRIPP [K] + KARS-IGDIR"]
    assert curve["capex"].iloc[0] < curve["capex"].iloc[1] < curve["capex"].iloc[2]
    assert curve["binding"].iloc[3] == "country:GE all markets freight"
    r = plan(bundled_network, max_loss=0.5, by="commodity", dated=True, **kw)
    assert r.worst_before == {"contingency": "country:GE", "market": "all markets", "commodity": "freight",
                              "loss_share": pytest.approx(4.5 / 5.314, abs=2e-3)}
    assert r.worst_after["loss_share"] == pytest.approx(0.3 / 5.314, abs=2e-3)
    # independent what-ifs per transit country: the chosen projects built, the other dated candidates cut
    links = bundled_network.links
    built = [l for l, p in zip(links.index, links["project"]) if p in r.projects]
    unbuilt = [f"link:{l}" for l, p, y in zip(links.index, links["project"], links["start_year"])
               if p in r.candidates and p not in r.projects and pd.notna(y)]
    worst = 0.0
    for target in r.contingencies[1:]:
        x = target.split(":")[1]
        d = solve(bundled_network, scenario=Scenario.compose(cut=[target, *unbuilt], projects=built, year=2030)).deliveries
        d = d[(d["commodity"] == "freight") & (d["demand"] > 0)]
        d = d[[(c if isinstance(c, str) else n) != x for c, n in zip(d["country"], d["node"])]]
        share = float(d["unmet"].sum() / d["demand"].sum())
        assert share <= 0.5 + 1e-6, (target, share)
        worst = max(worst, share)
    assert worst == pytest.approx(r.worst_after["loss_share"], abs=1e-6)
