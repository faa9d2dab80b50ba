"""The seed article's claims (seeds/claims.toml), checked against the bundled network.

One test per claim that the data or a bundled scenario (seeds/scenarios/) can test. Each
asserts what the MODEL finds, with the numbers it finds; where that differs from the article, the
test asserts the model's answer and the claim's ``model_finding`` in claims.toml says why.

Units are canonical: gas bcm/y, oil and freight Mt/y.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from corridors.data.files import seeds_path

import networkx as nx
import pytest

from corridors import solve
from corridors.analysis.bypasses import bypass, decompose_paths
from corridors.cli import main
from corridors.model.scenario import list_scenarios, load_bundled, scenarios_dir
from corridors.analysis.sweeps import sweep

EU = ("IT", "GR", "BG", "RO")                                   # countries of the EU gas market nodes
EU_GAS = ("market-it", "market-gr", "market-bg", "market-eu-southeast")
MIDDLE_CORRIDOR = ("market-tr", "market-ro", "market-eu", "market-med")   # freight markets west of the Caspian
NAMED_OIL = ("market-it-oil", "market-il", "market-hr", "market-eu-central")
BLACK_SEA_OIL_OUTLETS = ("wrep-ge", "nrep-ru", "oil-rail-sangachal")
TOL = 0.05


# -- helpers ------------------------------------------------------------------------------------

def _claims() -> list[dict]:
    with seeds_path("claims.toml").open("rb") as fh:
        return tomllib.load(fh)["claim"]


def _unmet(result, commodity: str, nodes=None) -> float:
    d = result.deliveries
    d = d[d["commodity"] == commodity]
    if nodes is not None:
        d = d[d["node"].isin(list(nodes))]
    return float(d["unmet"].sum())


def _served(result, node: str, commodity: str) -> float:
    d = result.deliveries
    return float(d.loc[(d["node"] == node) & (d["commodity"] == commodity), "served"].sum())


def _demand(result, node: str, commodity: str) -> float:
    d = result.deliveries
    return float(d.loc[(d["node"] == node) & (d["commodity"] == commodity), "demand"].sum())


def _flow(result, link: str) -> float:
    return float(result.flows.at[link, "flow"]) if link in result.flows.index else 0.0


def _used(result, node: str, commodity: str) -> float:
    s = result.supplies
    return float(s.loc[(s["node"] == node) & (s["commodity"] == commodity), "used"].sum())


@pytest.fixture(scope="module")
def net(bundled_network):
    return bundled_network


@pytest.fixture(scope="module")
def run(net):
    """``run(2024)`` solves a base year, ``run("georgia-closed")`` a bundled scenario; cached."""
    cache: dict = {}

    def _run(what):
        if what not in cache:
            cache[what] = solve(net, year=what) if isinstance(what, int) else solve(net, scenario=load_bundled(what))
        assert cache[what].status == "optimal", what
        return cache[what]

    return _run


# -- the register and the bundled files -----------------------------------------------------------

def test_every_claim_names_its_scenarios_and_says_what_the_model_finds():
    claims, bundled = _claims(), set(list_scenarios())
    named: set[str] = set()
    for claim in claims:
        assert isinstance(claim.get("scenarios"), list), f"{claim['id']}: add scenarios = [...]"
        assert isinstance(claim.get("model_finding"), str) and len(claim["model_finding"]) > 40, claim["id"]
        assert set(claim["scenarios"]) <= bundled, (claim["id"], set(claim["scenarios"]) - bundled)
        named |= set(claim["scenarios"])
    assert named == bundled, f"bundled scenarios no claim names: {bundled - named}"
    # a scenario file names (in its comments and description) exactly the claims that list it, so
    # the report (which links a claim to every file mentioning its id) agrees with the register
    for stem in bundled:
        text = (scenarios_dir() / f"{stem}.toml").read_text(encoding="utf-8")
        mentioned = {c["id"] for c in claims if re.search(rf"(?<![\w-]){re.escape(c['id'])}(?![\w-])", text)}
        listing = {c["id"] for c in claims if stem in c["scenarios"]}
        assert mentioned == listing, stem


@pytest.mark.parametrize("stem", list_scenarios())
def test_bundled_scenario_solves(run, stem):
    scenario = load_bundled(stem)
    assert scenario.year is not None and "claim" in (scenario.description or "")
    assert run(stem).status == "optimal"


def test_scenarios_list_and_run_from_the_cli(capsys):
    assert main(["scenarios", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(row["id"] for row in listed) == list_scenarios()
    assert main(["scenarios", "run", "btc-outage", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "optimal" and doc["year"] == 2024


# -- Azerbaijan and the EU: gas ----------------------------------------------------------------------

def test_eu_gas_2024_is_12_9_bcm(run):
    r = run(2024)
    assert r.delivered("gas", EU) == pytest.approx(12.9, abs=0.3)
    assert _unmet(r, "gas", EU_GAS) == pytest.approx(0.0, abs=1e-6)


def test_eu_gas_growth_since_2021_is_nearly_60_percent(run):
    # 8.2 bcm in 2021 (corridor_facts GAS_EXPORTS-010); the article rounds it to 8
    eu_2024 = run(2024).delivered("gas", EU)
    assert 100 * (eu_2024 / 8.2 - 1) == pytest.approx(57, abs=1)
    assert 100 * (eu_2024 / 8.0 - 1) == pytest.approx(61, abs=1)


IMPORTED_TR = {2024: 5.4, 2025: 6.7}   # Iranian (GAS_TURKIYE-002) and, in 2025, Turkmen (SWAP-006) gas at market-tr


def _az_exports(r, year: int) -> float:
    """Azerbaijani gas exports: all gas served less domestic use (Hajigabul, Nakhchivan) and Türkiye's imports from Iran."""
    domestic = _served(r, "hajigabul", "gas") + _served(r, "market-nakhchivan", "gas")
    return r.delivered("gas") - domestic - IMPORTED_TR[year]


def test_eu_share_of_gas_exports(run):
    # exports = the EU markets + Türkiye + Georgia (+ Syria from 2025); domestic use and Iranian gas are not
    r24 = run(2024)
    exports_24 = _az_exports(r24, 2024)
    assert exports_24 == pytest.approx(25.2, abs=TOL)                    # GAS_EXPORTS-001
    assert 100 * r24.delivered("gas", EU) / exports_24 == pytest.approx(51.2, abs=0.1)
    # 2025 with Syria as it flowed (0.5 bcm): 12.8 of 25.2 bcm, just over half
    r25 = run(2025)
    exports_25 = _az_exports(r25, 2025)
    assert exports_25 == pytest.approx(25.2, abs=TOL)                    # GAS_EXPORTS-012
    assert 100 * r25.delivered("gas", EU) / exports_25 == pytest.approx(50.8, abs=0.1)


def _max_eu(net, scenario) -> float:
    """The most gas the EU markets can take with every other gas market (Türkiye, Georgia, Syria,
    Nakhchivan) served first: EU demand set beyond reach, other gas demand at 100 times the priority.
    (Max-throughput mode takes one target node or country, and the EU markets lie in four countries.)"""
    network = scenario.apply(net)
    balances = network.balances.copy()
    gas, eu = balances["commodity"] == "gas", balances["node"].isin(EU_GAS)
    balances.loc[gas & eu, "demand"] = 100.0
    balances.loc[gas & ~eu, "priority"] = 100.0
    network.balances = balances
    r = solve(network)
    assert r.status == "optimal"
    d = r.deliveries
    others = d[(d["commodity"] == "gas") & ~d["node"].isin(EU_GAS)]
    assert float(others["unmet"].sum()) == pytest.approx(0.0, abs=1e-6)
    return r.delivered("gas", EU)


def test_eu_gas_20_bcm_by_2027_is_out_of_reach(net, run):
    dated, expanded = load_bundled("eu-gas-2027-dated"), load_bundled("eu-gas-2027")
    reach = {projects: _max_eu(net, expanded.model_copy(update={"projects": projects}))
             for k in range(4) for projects in itertools.combinations(("TAP", "TANAP", "SCP"), k)}
    assert _max_eu(net, dated) == pytest.approx(12.15, abs=TOL)
    # no expansion helps: with domestic use served first, production binds before any pipeline does
    assert all(value == pytest.approx(12.15, abs=TOL) for value in reach.values()), reach
    assert max(reach.values()) < 20
    # why: commercial production 38.6 bcm/y (2025 rows) less domestic use (13.0 + Nakhchivan 0.35), Türkiye's
    # Azerbaijani 9.6, Georgia 2.3 and Syria 1.2 leaves 12.15 bcm/y for the EU
    full = run("eu-gas-2027")
    az_supply = sum(float(_used(full, n, "gas")) for n in ("sangachal", "hajigabul"))
    assert az_supply == pytest.approx(38.6, abs=1e-6)
    first = 13.0 + 0.35 + 9.6 + 2.3 + 1.2
    assert az_supply - first == pytest.approx(12.15, abs=1e-6)
    assert full.flows.at["scp-ge", "utilisation"] < 1.0             # the pipe is not the limit
    # the min-cost runs of the two files (20 bcm/y asked of the EU) leave the same shortfall unmet
    assert _unmet(run("eu-gas-2027-dated"), "gas") == pytest.approx(20 - 12.15, abs=TOL)
    assert _unmet(full, "gas") == pytest.approx(20 - 12.15, abs=TOL)
    # Italy alone: TAP fully expanded reaches 20 bcm/y (max of demonstrated 11.5 and 20, never their sum)
    alone = solve(net, scenario=expanded, commodity="gas", max_to="market-it", hold_other_demand=False)
    assert alone.throughput == pytest.approx(20.0, abs=TOL)


def test_year_packs_2027_and_2030(run):
    y27, y30 = run("year-2027"), run("year-2030")
    # 2027: the EU gets what production leaves (20 asked, 11.55 served with the 2026 budget's 38.0 bcm/y);
    # the 6 Mt/y Middle Corridor target and the Astara terminal's 4 Mt/y fit
    assert y27.delivered("gas", EU) == pytest.approx(20 - 8.45, abs=TOL)
    # the Caspian ferry fleet's shared 4.5 Mt/y (capacity group, FERRIES_CASPIAN-001) now binds: what
    # crosses by ferry is capped and the rest of the 6 Mt/y target is lost
    ferries = [lid for lid, g in y27.flows["capacity_group"].items() if g == "caspian-ferry-fleet"] \
        if "capacity_group" in y27.flows.columns else []
    assert _unmet(y27, "freight") == pytest.approx(1.31385, abs=1e-4)
    assert ("group", "caspian-ferry-fleet") in set(zip(y27.bottlenecks["kind"], y27.bottlenecks["id"]))
    assert not ferries or float(y27.flows.loc[ferries, "flow"].sum()) <= 4.5 + 1e-6
    # 2030: with 10 bcm/y more gas, SCP in Georgia becomes the limit; of 11 Mt/y of Middle Corridor freight
    # 5 is lost (Kazakh rail, 6 Mt/y, FREIGHT-004); the 5 Mt/y North–South target is served
    assert _unmet(y30, "gas") == pytest.approx(7.75, abs=TOL)
    assert y30.flows.at["scp-ge", "utilisation"] == pytest.approx(1.0, abs=1e-6)
    # with the shared ferry fleet (4.5 Mt/y) the Caspian crossing, not Kazakh rail (6), is the limit: 11 − 4.5
    assert _unmet(y30, "freight", MIDDLE_CORRIDOR) == pytest.approx(11.0 - 4.5, abs=TOL)
    assert _unmet(y30, "freight", ["market-ir"]) == pytest.approx(0.0, abs=1e-6)


# -- oil buyers ------------------------------------------------------------------------------------

def test_italy_is_the_first_oil_buyer(run):
    r = run(2024)
    served = {node: _served(r, node, "oil") for node in NAMED_OIL}
    assert max(served, key=served.get) == "market-it-oil"
    assert served["market-it-oil"] == pytest.approx(11.3, abs=TOL)
    # Israel (2.4) comes after Central Europe (3.7: Czechia 2.0 + Germany 1.2 + Austria 0.5 in one node)
    order = sorted(served, key=served.get, reverse=True)
    assert order == ["market-it-oil", "market-eu-central", "market-il", "market-hr"]


def test_israel_oil_comes_through_btc_and_ceyhan(net, run):
    base, cut = run(2024), run("btc-outage")
    israel = _demand(base, "market-il", "oil")
    assert israel == pytest.approx(2.4, abs=TOL)
    assert _flow(base, "sea-ceyhan-haifa") == pytest.approx(israel, abs=1e-6)   # 100 % from Ceyhan
    assert _flow(base, "sea-dardanelles-haifa") == pytest.approx(0.0, abs=1e-6)
    # BTC out: nothing leaves Ceyhan; whatever reaches Haifa comes through the Turkish Straits
    for link in ("sea-ceyhan-haifa", "sea-ceyhan-ionian"):
        assert _flow(cut, link) == pytest.approx(0.0, abs=1e-6)
    assert _served(cut, "market-il", "oil") == pytest.approx(_flow(cut, "sea-dardanelles-haifa"), abs=1e-6)
    # the Black Sea outlets (WREP 7.22 + NREP 5.23 + rail to Batumi 2.0 Mt/y) run full, the rest is lost
    outlets = sum(_flow(cut, link) for link in BLACK_SEA_OIL_OUTLETS)
    assert outlets == pytest.approx(14.45, abs=TOL)
    assert _unmet(cut, "oil") == pytest.approx(_flow(base, "btc-tr") - outlets, abs=TOL)
    assert _unmet(cut, "oil") == pytest.approx(16.13, abs=TOL)
    report = bypass(net, "asset:BTC", year=2024, projects=False)
    # "(local)": the refinery at Sangachal is then fed with local crude instead of Caspian tanker crude
    routes = [route for route in report.routes["route"] if route != "(local)"]
    assert len(routes) and all("sea via Turkish Straits" in route for route in routes)


# -- Syria -------------------------------------------------------------------------------------------

def test_syria_gets_0_5_bcm_in_2025_and_a_rise_competes(net):
    base24, base25 = solve(net, year=2024), solve(net, year=2025)
    assert "kilis-aleppo-sy" not in base24.flows.index             # the line opened in August 2025
    assert _served(base24, "market-sy", "gas") == 0.0
    assert _served(base25, "market-sy", "gas") == pytest.approx(0.5, abs=TOL)     # as it flowed (GAS_EXPORTS-012)
    assert _flow(base25, "kilis-aleppo-sy") == pytest.approx(0.5, abs=TOL)
    assert base25.flows.at["scp-ge", "utilisation"] > 0.9           # SCP close to full
    # a rise to the line's 2 bcm/y is served, but production binds: 1.45 bcm/y goes short elsewhere
    rise = solve(net, scenario=load_bundled("syria-gas-2025"))
    assert _served(rise, "market-sy", "gas") == pytest.approx(2.0, abs=TOL)
    assert _unmet(rise, "gas") == pytest.approx(1.45, abs=TOL)
    most = solve(net, year=2025, commodity="gas", max_to="market-sy")
    assert most.throughput == pytest.approx(0.55, abs=TOL)          # with everyone else served, 0.05 bcm/y spare


# -- North–South: Astara, Zangezur, Julfa ------------------------------------------------------------

def test_astara_gap_is_about_150_km_and_the_terminal_binds(net, run):
    link = net.links.loc["rasht-astara"]
    assert link["status"] == "planned" and int(link["start_year"]) == 2028
    assert "rasht-astara" not in net.at(2024).links.index
    assert 140 < float(link["length_km"]) < 170                    # 162 km in the sources, not 250
    base = run(2024)
    assert _served(base, "market-ir", "freight") == pytest.approx(0.814, abs=1e-6)
    assert _flow(base, "ns-road-astara-rasht") == pytest.approx(0.814, abs=1e-6)   # the road bridges the gap
    # building Rasht–Astara moves the traffic onto rail; with the terminal's phase 2 (4 Mt/y from 2027) it adds
    # capacity: 4 Mt/y reach Iran instead of the 2 Mt/y the road carries
    built = run("rasht-astara-built")
    assert _flow(built, "rasht-astara") == pytest.approx(0.814, abs=1e-6)
    assert _flow(built, "ns-road-astara-rasht") == pytest.approx(0.0, abs=1e-6)
    scenario = load_bundled("rasht-astara-built")
    without = solve(net, year=2027, commodity="freight", max_to="market-ir", hold_other_demand=False)
    with_link = solve(net, scenario=scenario, commodity="freight", max_to="market-ir", hold_other_demand=False)
    assert without.throughput == pytest.approx(2.0, abs=1e-6)
    assert with_link.throughput == pytest.approx(4.0, abs=1e-6)
    assert {"ns-rail-astara-ir", "ns-rail-astara-ir-phase2"} <= set(with_link.bottlenecks["id"])
    # in 2024 the terminal's first phase (1 Mt/y) is the cap
    assert solve(net, year=2024, commodity="freight", max_to="market-ir", hold_other_demand=False).throughput == \
        pytest.approx(1.0, abs=1e-6)


def test_zangezur_nakhchivan_julfa_replaces_astara_from_2030(net, run):
    assert _unmet(run("astara-cut-2024"), "freight", ["market-ir"]) == pytest.approx(0.814, abs=1e-6)
    r = run("astara-cut-2030")
    assert _unmet(r, "freight", ["market-ir"]) == pytest.approx(0.0, abs=1e-6)
    assert _flow(r, "julfa-jolfa-ir") == pytest.approx(0.814, abs=1e-6)
    assert _flow(r, "tripp-meghri") > 0.814 - 1e-6
    paths = decompose_paths(r)
    to_iran = paths[(paths["commodity"] == "freight") & (paths["destination"] == "market-ir")]
    assert len(to_iran) and all("TRIPP" in route and "JULFA-JOLFA" in route for route in to_iran["route"])
    # the estimated 2 Mt/y Julfa–Jolfa link, not TRIPP's 15 Mt/y, caps this route
    cap = solve(net, scenario=load_bundled("astara-cut-2030"), commodity="freight", max_to="market-ir",
                hold_other_demand=False)
    assert cap.throughput == pytest.approx(2.0, abs=1e-6)


def _rail_path(network, source: str, target: str):
    graph = network.graph()
    rail = nx.MultiDiGraph()
    rail.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d["mode"] == "rail")
    if source not in rail or target not in rail or not nx.has_path(rail, source, target):
        return None
    nodes = nx.shortest_path(rail, source, target, weight="length_km")
    return [min(rail[u][v], key=lambda k: rail[u][v][k]["length_km"]) for u, v in zip(nodes, nodes[1:])]


def test_tripp_links_mainland_with_nakhchivan_through_armenia(net, run):
    assert _rail_path(net.at(2024), "horadiz", "sadarak") is None
    path = _rail_path(net.at(2030), "horadiz", "sadarak")
    assert path is not None and "tripp-meghri" in path
    assert sorted({c for link in path for c in net.links.at[link, "countries"]}) == ["AM", "AZ"]
    assert net.links.at["tripp-meghri", "country"] == "AM"
    # with Georgia closed in 2030, Middle Corridor freight for Türkiye and the EU takes it
    # (now including the freight for the Mediterranean, through Türkiye to Mersin)
    assert _flow(run("tripp-kid-open-georgia-closed"), "tripp-meghri") == pytest.approx(4.2, abs=TOL)


# -- Georgia, the single transit point ----------------------------------------------------------------

def test_georgia_closed_cuts_westbound_gas_freight_and_most_oil(run):
    base, hit = run(2024), run("georgia-closed")
    gas_eu_tr = lambda r: r.delivered("gas", EU + ("TR",))  # noqa: E731
    assert gas_eu_tr(base) == pytest.approx(22.8 + 5.4, abs=TOL)   # incl. Türkiye's 5.4 bcm/y of Iranian gas
    assert gas_eu_tr(hit) == pytest.approx(5.4, abs=TOL)            # only the Iranian gas is left
    assert gas_eu_tr(base) - gas_eu_tr(hit) == pytest.approx(22.8, abs=TOL)   # all Azerbaijani gas west of Georgia
    assert hit.delivered("gas", EU) == pytest.approx(0.0, abs=1e-6)
    paths = decompose_paths(hit)
    west_gas = paths[(paths["commodity"] == "gas") & paths["destination"].isin(["market-tr", *EU_GAS])]
    assert set(west_gas["route"]) == {"TABRIZ-ANKARA"}
    # all Middle Corridor freight lost
    assert _unmet(hit, "freight", MIDDLE_CORRIDOR) == pytest.approx(4.5, abs=1e-6)
    # Azerbaijani crude leaves only through NREP (5.23 Mt/y); CPC crude is redirected to Italy
    assert _used(hit, "sangachal", "oil") == pytest.approx(4.7 + 5.2285, abs=TOL)   # refinery + NREP
    assert _flow(hit, "nrep-ru") == pytest.approx(5.2285, abs=TOL)
    assert _served(hit, "market-it-oil", "oil") == pytest.approx(11.3, abs=1e-6)
    assert _unmet(hit, "oil") == pytest.approx(25.35, abs=TOL)


def test_spof_country_ranking_puts_georgia_and_turkiye_first(net):
    # transit rankings leave out each country's own supply and demand (own_* columns) and keep the
    # producers: Azerbaijan leads as the transit country of all Middle Corridor and North-South freight
    every = sweep(net, level="country", year=2024, transit=True)
    assert list(every.table.index[:3]) == ["AZ", "TR", "GE"]
    az = every.table.loc["AZ"]
    assert az["lost_transit_freight"] == pytest.approx(5.314, abs=TOL) and az["own_supply_gas"] > 0
    oil = sweep(net, level="country", year=2024, transit=True, commodity="oil")
    gas = sweep(net, level="country", year=2024, transit=True, commodity="gas")
    assert list(oil.table.index[:3]) == ["TR", "RU", "GE"]   # Ceyhan and the Straits; Russia for the CPC
    assert list(gas.table.index[:2]) == ["GE", "TR"]        # Türkiye's own 15.3 bcm/y no longer counts
    assert gas.table.loc["TR", "lost_gas"] == pytest.approx(28.2, abs=TOL)
    assert gas.table.loc["TR", "lost_transit_gas"] == pytest.approx(12.9, abs=TOL)   # the EU's gas
    ge = every.table.loc["GE"]
    assert ge["lost_gas"] == pytest.approx(25.2, abs=TOL)   # every Azerbaijani export, incl. Georgia's own 2.4
    assert ge["own_demand_gas"] == pytest.approx(2.4, abs=TOL)
    assert ge["lost_freight"] == pytest.approx(4.5, abs=TOL)
    assert ge["lost_oil"] == pytest.approx(25.35, abs=TOL)
    assert every.table.loc["TR", "lost_oil"] == pytest.approx(93.59, abs=TOL)
    it = every.table.loc["IT"]                               # Italy: only the TAL oil to Austria is transit
    assert it["lost_transit_oil"] == pytest.approx(3.7, abs=TOL) and it["loss_pct"] < 5


def test_spof_country_ranking_from_the_cli(capsys):
    args = ["spof", "--level", "country", "--year", "2024", "--transit", "--top", "3", "--format", "json"]
    assert main(args) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["element"] for e in doc["elements"]] == ["AZ", "TR", "GE"]
    assert doc["elements"][2]["lost_freight"] == pytest.approx(4.5, abs=TOL)


def test_whatif_georgia_names_the_bypasses_and_what_cannot_be_bypassed(capsys):
    assert main(["whatif", "--cut", "country:GE", "--year", "2024", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    routes = doc["bypass_routes"]
    # what bypasses remain (rerouted = the same origin by another route): Azerbaijani oil by NREP round the
    # Black Sea through the Turkish Straits. Kazakh CPC oil that never crossed Georgia and now goes to Italy
    # substitutes Azerbaijani oil there, and Iranian gas for Türkiye flowed already: neither is a bypass
    oil = [r for r in routes if r["commodity"] == "oil" and r["route"] != "(local)"]
    assert {r["commodity"] for r in routes} == {"oil"}
    assert all("sea via Turkish Straits" in r["route"] for r in oil)
    assert {r["route"].split(" → ")[0] for r in oil} == {"NREP"}
    assert {r["stream"] for r in oil} == {"AZ"}
    rerouted = sum(m["rerouted"] for m in doc["markets"] if m["commodity"] == "oil")
    assert sum(r["rerouted"] for r in oil) == pytest.approx(rerouted, abs=1e-4)
    assert sum(m["rerouted"] for m in doc["markets"] if m["origin"] == "KZ") == pytest.approx(0.0, abs=1e-9)
    # how much Kazakh oil substitutes in Italy is a tie between equal-cost solutions (HiGHS through PuLP 3
    # and PuLP 4 pick differently); whatever it is, it is counted as substituted, never as rerouted
    assert all(m["substituted"] >= -1e-9 for m in doc["markets"])
    # what cannot be bypassed: every EU gas market, most of Türkiye's gas, all Middle Corridor freight
    lost: dict = {}
    for m in doc["markets"]:  # one row per market, commodity and origin
        lost[(m["market"], m["commodity"])] = lost.get((m["market"], m["commodity"]), 0.0) + m["lost"]
    for m in doc["markets"]:
        assert m["kept"] + m["rerouted"] + m["substituted"] + m["lost"] == pytest.approx(m["base"], abs=1e-5)
    for node in EU_GAS:
        assert lost[(node, "gas")] > 0.79
    assert lost[("market-tr", "gas")] == pytest.approx(9.9, abs=TOL)       # all its Azerbaijani gas
    assert sum(v for (n, k), v in lost.items() if k == "freight") == pytest.approx(4.5, abs=TOL)
    assert sum(v for (n, k), v in lost.items() if k == "oil") == pytest.approx(25.35, abs=TOL)


def test_georgia_bypass_projects_recover_little_one_at_a_time(net):
    report = bypass(net, "country:GE", year=2024)
    assert report.lost["gas"] == pytest.approx(25.2, abs=TOL)
    assert report.lost["freight"] == pytest.approx(4.5, abs=TOL)
    # each project is valued alone: only Kars–Iğdır–Nakhchivan recovers anything (0.19 Mt/y via Iran)
    assert list(report.projects["project"]) == ["KARS-IGDIR-NAKHCHIVAN"]
    assert report.projects.at[0, "recovered_freight"] == pytest.approx(0.186, abs=TOL)


# -- Russia ---------------------------------------------------------------------------------------

def test_westbound_pipelines_bypass_russia(run):
    base, hit = run(2024), run("russia-closed")
    assert _unmet(hit, "gas") == pytest.approx(0.0, abs=1e-6)
    assert _flow(hit, "btc-tr") >= _flow(base, "btc-tr") - 1e-6
    # BTC already carries every Caspian barrel there is (Azerbaijani exports after refining, Kazakh, Turkmen)
    assert _flow(hit, "btc-tr") == pytest.approx(30.6, abs=TOL)
    btc_gain = _flow(hit, "btc-tr") - _flow(base, "btc-tr")
    assert _unmet(hit, "oil") == pytest.approx(_flow(base, "cpc-ru") - btc_gain, abs=1e-3)
    assert _unmet(hit, "oil") == pytest.approx(62.99, abs=TOL)


def test_middle_corridor_runs_round_russia(net, run):
    hit = run("russia-closed")
    # Kazakh freight would replace Samur's 0.814 Mt/y for Iran, but the Caspian ferry fleet (4.5 Mt/y shared
    # by every ferry leg, capacity group) is already full: that much is lost, west of the Caspian or for Iran
    assert _unmet(hit, "freight", (*MIDDLE_CORRIDOR, "market-ir")) == pytest.approx(0.814, abs=1e-6)
    assert _unmet(hit, "freight") == pytest.approx(0.814, abs=1e-6)
    assert ("group", "caspian-ferry-fleet") in set(zip(hit.bottlenecks["kind"], hit.bottlenecks["id"]))
    paths = decompose_paths(hit)
    freight = paths[paths["commodity"] == "freight"]
    russian = {lid for lid, cs in net.links["countries"].items() if "RU" in cs}
    assert not any(set(links) & russian for links in freight["links"])
    # door to door (corridors routes): the Middle Corridor with border and port dwell, the Northern route as context
    from corridors.analysis.routes import context_door_to_door, door_to_door

    middle = door_to_door(net, "altynkol", "market-ro").iloc[0]
    assert middle["days"] == pytest.approx(15.8, abs=0.1) and middle["usd_per_t"] == pytest.approx(356.6, abs=0.5)
    northern = context_door_to_door(net, "altynkol", "market-eu").iloc[0]
    assert northern["days"] == pytest.approx(15.5, abs=0.1) and northern["usd_per_t"] == pytest.approx(169.9, abs=0.5)
    assert door_to_door(net, "altynkol", "market-eu").iloc[0]["days"] == pytest.approx(13.6, abs=0.1)
    # the context route is in no run unless switched on, and a Russia closure cuts it with the rest
    assert "ctx-northern" not in hit.flows.index
    on = solve(net, scenario=load_bundled("russia-closed").model_copy(update={"projects": ("NORTHERN-ROUTE",)}))
    assert float(on.flows.at["ctx-northern", "flow"]) == pytest.approx(0.0, abs=1e-9)
    assert _unmet(on, "freight") == pytest.approx(0.814, abs=1e-6)
    # with the Caspian ferries halted, the switched-on Northern route takes all that crossed the Caspian
    fallback = run("caspian-halted-northern-route")
    assert _flow(fallback, "ctx-northern") == pytest.approx(4.314, abs=1e-6)
    assert _unmet(fallback, "freight") == pytest.approx(0.0, abs=1e-6)


def test_rail_freight_still_crosses_the_closed_russian_border(run):
    # Yalama–Samur: the model carries Samur's full 1 Mt/y (0.814 Mt in 2024, INSTC-006)
    yalama = _flow(run(2024), "ns-rail-az-1")
    assert yalama == pytest.approx(1.0, abs=1e-6)
    assert yalama == pytest.approx(0.814, abs=0.2)


# -- Middle Corridor: BTK and Alat ----------------------------------------------------------------

def test_alat_and_btk_carry_the_middle_corridor(net, run):
    assert _unmet(run("alat-port-closed"), "freight", MIDDLE_CORRIDOR) == pytest.approx(4.314, abs=1e-6)
    assert _unmet(run("alat-port-closed"), "freight", MIDDLE_CORRIDOR) == pytest.approx(4.5, abs=0.5)
    halted = run("caspian-crossing-halted")
    assert _unmet(halted, "freight", MIDDLE_CORRIDOR) == pytest.approx(4.314, abs=1e-6)
    assert _unmet(halted, "oil") == pytest.approx(6.18, abs=TOL)      # Kazakh and Turkmen crude for BTC (2.2 + 4)
    assert _served(halted, "market-ir", "freight") == pytest.approx(0.814, abs=1e-6)
    assets = sweep(net, level="asset", year=2024, commodity="freight", elements=["BTK", "PORT-ALAT", "KZ-RAIL"])
    assert assets.table.at["BTK", "lost_freight"] == pytest.approx(4.5, abs=1e-6)
    assert assets.table.at["PORT-ALAT", "lost_freight"] == pytest.approx(4.314, abs=1e-6)


# -- diversify transit corridors -------------------------------------------------------------------

def _freight_spofs(net, year: int) -> set[str]:
    table = sweep(net, level="asset", year=year, commodity="freight", transit=True).table
    return set(table.index[table["lost_freight"] > 1.0])


def test_diversifying_round_georgia_helps_a_little_by_2030(net, run):
    y24, y30 = run("georgia-closed"), run("tripp-kid-open-georgia-closed")
    lost24, lost30 = _unmet(y24, "freight", MIDDLE_CORRIDOR), _unmet(y30, "freight", MIDDLE_CORRIDOR)
    assert lost30 < lost24
    assert (lost24, lost30) == (pytest.approx(4.5, abs=1e-6), pytest.approx(0.3, abs=1e-6))
    # 2030 saves Türkiye's, the EU gateway's and the Mediterranean's freight (through Kars–Kayseri–Mersin);
    # only Constanța's 0.3 Mt/y, which sails from Poti, is still lost
    assert _unmet(y30, "freight", ["market-tr", "market-eu", "market-med"]) == pytest.approx(0.0, abs=1e-6)
    assert _unmet(y30, "freight", ["market-ro"]) == pytest.approx(0.3, abs=1e-6)
    assert _flow(y30, "tr-rail-adana-mersin") == pytest.approx(3.5, abs=TOL)
    # gas still depends on Georgia: all Azerbaijani gas west of it is lost (Syria added by 2030)
    assert _unmet(y30, "gas") >= _unmet(y24, "gas")
    assert _unmet(y30, "gas") == pytest.approx(26.25, abs=TOL)
    # the single assets whose loss costs more than 1 Mt/y of freight: the Georgian line, the Straits and the
    # Dardanelles lane drop out (Mersin is an alternative); Kazakh rail, Alat, BTK and the lane to Sicily stay
    spofs24, spofs30 = _freight_spofs(net, 2024), _freight_spofs(net, 2030)
    assert spofs24 == spofs30 == {"BTK", "KZ-RAIL", "PORT-ALAT", "SEA-IONIAN-SICILY"}
