"""Scenarios: target grammar, apply (derate, projects, balance changes), TOML files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from corridors.errors import ScenarioError
from corridors.model.scenario import (
    BalanceChange,
    Disruption,
    OriginExclusion,
    Scenario,
    dump_scenario,
    list_scenarios,
    load_bundled,
    load_scenario,
    scenarios_dir,
)

HERE = Path(__file__).parent / "scenarios"


# -- records ----------------------------------------------------------------------------------
@pytest.mark.parametrize("remaining", [1.5, -0.1, float("nan")])
def test_remaining_outside_unit_interval_is_an_error(remaining):
    with pytest.raises(ScenarioError, match=r"country:GE.*outside \[0, 1\]"):
        Disruption(target="country:GE", remaining=remaining)
    with pytest.raises(ScenarioError, match=r"scenario 'x': disruption #1 \(country:GE\)"):
        Scenario(name="x", disruptions=[{"target": "country:GE", "remaining": remaining}])


def test_bad_target_kind_fails_when_the_scenario_is_built():
    with pytest.raises(ScenarioError, match="disruption #2 .*unknown kind 'contry'"):
        Scenario(name="x", disruptions=[{"target": "mode:ferry"}, {"target": "contry:GE"}])


def test_disruption_parse_cli_forms():
    assert Disruption.parse("country:GE") == Disruption(target="country:GE", remaining=0.0)
    assert Disruption.parse('corridor:"Middle Corridor"=0.5').remaining == 0.5
    with pytest.raises(ScenarioError, match="not a fraction"):
        Disruption.parse("mode:ferry=half")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"node": "kars", "commodity": "gass", "factor": 1.2}, "did you mean 'gas'"),
        ({"node": "kars", "commodity": "gas", "value": "5 Mt/y"}, "does not fit gas"),
        ({"node": "kars", "commodity": "gas"}, "either value"),
        ({"node": "kars", "commodity": "gas", "value": "5 bcm/y", "factor": 2}, "either value"),
        ({"node": "kars", "commodity": "gas", "factor": -1}, "factor"),
        ({"node": "kars", "commodity": "gas", "value": "-5 bcm/y"}, "zero or more"),
    ],
)
def test_bad_balance_change(change, needle):
    with pytest.raises(ScenarioError, match="demand change #1") as info:
        Scenario(name="x", demand_changes=[change])
    assert needle in str(info.value)


def test_scenario_is_frozen():
    s = Scenario.cut("country:GE")
    with pytest.raises(Exception):
        s.year = 2030  # type: ignore[misc]
    assert hash(s) == hash(Scenario.cut("country:GE"))


def test_unknown_field_suggests():
    with pytest.raises(ScenarioError, match="unknown key 'yaer'.*did you mean 'year'"):
        Scenario(name="x", yaer=2024)


# -- apply ------------------------------------------------------------------------------------
def test_cut_and_derate_values(demo_network):
    s = Scenario(name="mixed", year=2024, disruptions=[
        {"target": "country:GE", "remaining": 0.0},
        {"target": "mode:ferry", "remaining": 0.5},
        {"target": 'corridor:"Middle Corridor"', "remaining": 0.7},
    ])
    out = s.apply(demo_network)
    derate = out.links["derate"].to_dict()
    assert derate == {"pipe-a": 0.0, "pipe-b": 0.0, "pipe-c": 0.0, "ferry-east-west": 0.5, "rail-alat-kars": 0.0}
    assert out.nodes["derate"].to_dict() == {
        "sangachal": 1.0, "border-az-ge": 0.0, "supsa": 0.0, "ceyhan": 1.0, "aktau": 1.0, "alat": 1.0, "kars": 1.0,
    }
    assert out.links["derate"].dtype == float and out.nodes["derate"].dtype == float
    # effective capacity the LP sees
    eff = (out.links["capacity_value"] * out.links["derate"]).to_dict()
    assert eff["ferry-east-west"] == pytest.approx(2.5)


def test_no_disruption_means_derate_one(demo_network):
    out = Scenario(name="base", year=2024).apply(demo_network)
    assert (out.links["derate"] == 1.0).all() and (out.nodes["derate"] == 1.0).all()
    assert out.year == 2024


def test_node_disruption_derates_incident_links_and_supply(demo_network):
    out = Scenario.cut("node:sangachal", remaining=0.25, year=2024).apply(demo_network)
    assert out.links.loc["pipe-a", "derate"] == 0.25
    assert out.links.loc["pipe-b", "derate"] == 1.0
    supply = out.balances.set_index(["node", "commodity"])["supply"]
    assert supply[("sangachal", "oil")] == pytest.approx(10.0)  # 40 Mt/y × 0.25
    assert supply[("aktau", "freight")] == pytest.approx(4.0)


def test_input_network_unchanged_after_apply(demo_network):
    before = (demo_network.links.copy(), demo_network.nodes.copy(), demo_network.balances.copy())
    s = Scenario(name="all", year=2024, projects=["rail-new"],
                 disruptions=[{"target": "country:GE"}, {"target": "node:sangachal", "remaining": 0.5}],
                 demand_changes=[{"node": "kars", "commodity": "freight", "factor": 2.0}])
    out = s.apply(demo_network)
    assert "derate" not in demo_network.links.columns and "derate" not in demo_network.nodes.columns
    assert demo_network.links.equals(before[0])
    assert demo_network.nodes.equals(before[1])
    assert demo_network.balances.equals(before[2])
    assert demo_network.year is None and demo_network.projects == ()
    assert out.links is not demo_network.links
    # applying to an already filtered network leaves that one unchanged too
    n2024 = demo_network.at(2024)
    Scenario.cut("mode:ferry", year=2024).apply(n2024)
    assert "derate" not in n2024.links.columns


def test_projects_switch_on_planned_link(demo_network):
    base = Scenario(name="base", year=2024).apply(demo_network)
    assert "rail-new" not in base.links.index
    for project in ("rail-new", "DEMO-NEW"):
        out = Scenario(name="tripp", year=2024, projects=[project]).apply(demo_network)
        assert "rail-new" in out.links.index
        assert out.links.loc["rail-new", "derate"] == 1.0
        assert out.projects == (project,)


def test_projects_survive_a_georgia_closure(demo_network):
    out = load_scenario(HERE / "tripp-open-georgia-closed.toml").apply(demo_network)
    derate = out.links["derate"]
    assert derate["rail-new"] == 1.0  # the TRIPP demo link avoids Georgia
    assert derate["rail-alat-kars"] == 0.0
    kars = out.balances.set_index(["node", "commodity"]).loc[("kars", "freight"), "demand"]
    assert kars == pytest.approx(3.6)  # 3 Mt/y × 1.2


def test_unknown_project_suggests(demo_network):
    with pytest.raises(ScenarioError, match="unknown project 'rail-nwe'; did you mean 'rail-new'"):
        Scenario(name="x", year=2024, projects=["rail-nwe"]).apply(demo_network)


def test_project_missing_from_filtered_network_asks_for_full_network(demo_network):
    with pytest.raises(ScenarioError, match="full network"):
        Scenario(name="x", year=2024, projects=["rail-new"]).apply(demo_network.at(2024))
    # ...but works when the filtered network already has it
    n = demo_network.at(2024, projects=["rail-new"])
    assert "rail-new" in Scenario(name="x", year=2024, projects=["rail-new"]).apply(n).links.index


def test_year_mismatch_is_an_error(demo_network):
    with pytest.raises(ScenarioError, match="for 2030 but the network was filtered to 2024"):
        Scenario.cut("mode:ferry", year=2030).apply(demo_network.at(2024))


def test_scenario_without_a_year_applies_in_the_default_year(demo_network):
    out = Scenario(name="x", projects=["rail-new"]).apply(demo_network)
    assert out.year == 2024 and "rail-new" in out.links.index


def test_scenario_without_year_on_filtered_network(demo_network):
    out = Scenario.cut("mode:ferry").apply(demo_network.at(2024))
    assert out.year == 2024 and out.links.loc["ferry-east-west", "derate"] == 0.0


def test_target_not_built_that_year_says_how_to_switch_it_on(demo_network):
    with pytest.raises(ScenarioError, match="'rail-new' is planned, from 2030.*projects"):
        Scenario.cut("link:rail-new", year=2024).apply(demo_network)


def test_year_picks_that_years_balances(demo_network):
    b = Scenario(name="x", year=2031).apply(demo_network).balances.set_index(["node", "commodity"])
    assert b.loc[("kars", "freight"), "demand"] == 6.0


def test_balance_changes(demo_network):
    s = Scenario(name="changes", year=2024,
                 demand_changes=[BalanceChange(node="ceyhan", commodity="oil", factor=1.5),
                                 BalanceChange(node="kars", commodity="oil", value="100 kb/d")],
                 supply_changes=[BalanceChange(node="sangachal", commodity="oil", value="600 kb/d")])
    b = s.apply(demo_network).balances.set_index(["node", "commodity"])
    assert b.loc[("ceyhan", "oil"), "demand"] == pytest.approx(45.0)
    assert b.loc[("kars", "oil"), "demand"] == pytest.approx(100e3 * 365 / 7.33 / 1e6)  # a new row
    assert b.loc[("kars", "oil"), "supply"] == 0.0
    assert b.loc[("sangachal", "oil"), "supply"] == pytest.approx(600e3 * 365 / 7.33 / 1e6)
    assert b.loc[("ceyhan", "oil"), "source"] == "scenario changes"
    assert b.loc[("kars", "freight"), "demand"] == 3.0  # untouched


def test_balance_change_errors_at_apply(demo_network):
    with pytest.raises(ScenarioError, match="unknown node 'karz'; did you mean 'kars'"):
        Scenario(name="x", demand_changes=[{"node": "karz", "commodity": "oil", "factor": 2}]).apply(demo_network)
    with pytest.raises(ScenarioError, match="no gas demand to scale"):
        Scenario(name="x", demand_changes=[{"node": "kars", "commodity": "gas", "factor": 2}]).apply(demo_network)


def test_scenarios_stack_without_compounding(demo_network):
    once = Scenario.cut("node:sangachal", remaining=0.5, year=2024).apply(demo_network)
    twice = Scenario.cut("node:sangachal", remaining=0.5, year=2024).apply(once)
    deeper = Scenario.cut("node:sangachal", remaining=0.25, year=2024).apply(once)
    supply = lambda n: n.balances.set_index("node").loc["sangachal", "supply"]  # noqa: E731
    assert supply(twice) == pytest.approx(20.0) and twice.links.loc["pipe-a", "derate"] == 0.5
    assert supply(deeper) == pytest.approx(10.0) and deeper.links.loc["pipe-a", "derate"] == 0.25


def test_targets_resolved_table(demo_network):
    t = Scenario.cut("country:GE", "mode:ferry", year=2024).targets_resolved(demo_network)
    assert list(t.columns) == ["target", "remaining", "element", "id", "name", "corridor", "country", "via"]
    ge = t[t["target"] == "country:GE"]
    assert set(ge.loc[ge["element"] == "node", "id"]) == {"border-az-ge", "supsa"}
    assert set(ge.loc[ge["element"] == "link", "id"]) == {"pipe-a", "pipe-b", "pipe-c", "rail-alat-kars"}
    assert t[t["target"] == "mode:ferry"]["id"].tolist() == ["ferry-east-west"]
    via = Scenario.cut("node:kars", year=2024).targets_resolved(demo_network).set_index("id")["via"]
    assert via["rail-alat-kars"] == "node kars"


def test_combine(demo_network):
    s = Scenario.cut("country:GE", year=2024).combine(Scenario(name="p", projects=["rail-new"]))
    out = s.apply(demo_network)
    assert "rail-new" in out.links.index and out.links.loc["pipe-a", "derate"] == 0.0


# -- TOML -------------------------------------------------------------------------------------
def _full_scenario() -> Scenario:
    return Scenario(
        name="Everything", year=2030, description='Quotes " and ünïcode',
        disruptions=[Disruption(target='corridor:"Middle Corridor"', remaining=0.5, note="low water"),
                     Disruption(target="country:GE")],
        demand_changes=[BalanceChange(node="kars", commodity="freight", factor=1.2)],
        supply_changes=[BalanceChange(node="aktau", commodity="freight", value="500000 TEU/y")],
        projects=["rail-new"],
        exclude_origins=[OriginExclusion(market="kars", origins=["KZ"], commodity="freight", note="an embargo"),
                         OriginExclusion(market="country:TR", origins=("AZ", "KZ"))],
    )


def test_toml_round_trip(tmp_path):
    s = _full_scenario()
    assert Scenario.from_toml(s.to_toml()) == s
    path = dump_scenario(s, tmp_path / "s.toml")
    assert load_scenario(path) == s
    assert Scenario.from_toml(Scenario(name="minimal").to_toml()) == Scenario(name="minimal")


def test_toml_shape():
    text = """
name = "Georgia transit closed"
year = 2024
projects = ["rail-new"]
[[disruption]]
target = "country:GE"
remaining = 0.0
[[demand]]
node = "kars"
commodity = "freight"
factor = 1.2
"""
    s = Scenario.from_toml(text)
    assert s.disruptions == (Disruption(target="country:GE"),)
    assert s.demand_changes[0].factor == 1.2
    assert s.projects == ("rail-new",)


def test_bad_toml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\n[[disruption]]\ntarget = country:GE\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value) and "line 3" in str(info.value)


def test_bad_value_in_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n\n[[disruption]]\ntarget = "country:GE"\n\n'
                    '[[disruption]]\ntarget = "mode:ferry"\nremaining = 1.5\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: line 8: [[disruption]] #2 (mode:ferry)")
    assert "outside [0, 1]" in msg


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('name = "x"\n[[disruptions]]\ntarget = "country:GE"\n', "line 2: unknown key 'disruptions'; "),
        ('name = "x"\n[[disruption]]\ntarget = "country:GE"\nremainig = 0\n', "line 4: [[disruption]] #1"),
        ('year = 2024\n', "no name"),
        ('name = "x"\nyear = "soon"\n', "line 2: field 'year'"),
        ('name = "x"\n[[supply]]\nnode = "aktau"\ncommodity = "freight"\nvalue = "5 bcm/y"\n', "line 5: [[supply]] #1"),
    ],
)
def test_toml_content_errors(text, needle):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_toml(text, source="s.toml")
    assert str(info.value).startswith("s.toml: ")
    assert needle in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(tmp_path / "nope.toml")


# -- bundled scenarios ------------------------------------------------------------------------
def test_scenarios_dir_is_in_the_package():
    assert scenarios_dir().parts[-2:] == ("seeds", "scenarios")
    assert all(isinstance(n, str) for n in list_scenarios())


def test_list_and_load_from_a_directory():
    names = list_scenarios(directory=HERE)
    assert names == ["ferry-halved", "georgia-closed", "tripp-open-georgia-closed"]
    assert load_bundled("georgia-closed", directory=HERE).name == "Georgia transit closed"
    with pytest.raises(ScenarioError, match="did you mean 'georgia-closed'"):
        load_bundled("georgia-closd", directory=HERE)


@pytest.mark.parametrize("name", ["ferry-halved", "georgia-closed", "tripp-open-georgia-closed"])
def test_demo_scenarios_apply(demo_network, name):
    s = load_bundled(name, directory=HERE)
    out = s.apply(demo_network)
    assert out.year == s.year
    assert (out.links["derate"] < 1).any()
    assert Scenario.from_toml(s.to_toml()) == s
    assert isinstance(s.targets_resolved(demo_network), pd.DataFrame)


def test_ferry_scenario_values(demo_network):
    out = load_bundled("ferry-halved", directory=HERE).apply(demo_network)
    assert out.links.loc["ferry-east-west", "derate"] == 0.5
    assert out.links.loc["rail-alat-kars", "derate"] == 0.8
    supply = out.balances.set_index(["node", "commodity"]).loc[("aktau", "freight"), "supply"]
    assert supply == pytest.approx(7.0)  # 500 000 TEU × 14 t


# -- origin exclusions ([[exclude_origins]]) --------------------------------------------------
def _two_suppliers(demand: str = "4 Mt/y"):
    """Two oil fields, a (AZ) and k (KZ, cheaper), 5 Mt/y each, feed market m (TR) through junction j."""
    from test_flow import make_network

    return make_network({"a": (49.0, 40.0), "k": (51.0, 43.0), "j": (47.0, 41.0), "m": (44.0, 41.5)},
                        [("az-j", "a", "j", "10 Mt/y", 2.0), ("kz-j", "k", "j", "10 Mt/y", 1.0),
                         ("j-m", "j", "m", "10 Mt/y", 1.0)],
                        [("a", "oil", "5 Mt/y", None), ("k", "oil", "5 Mt/y", None), ("m", "oil", None, demand)],
                        countries={"a": "AZ", "k": "KZ", "j": "GE", "m": "TR"})


def _embargo(*origins: str, market: str = "m", commodity: str | None = "oil") -> Scenario:
    return Scenario(name="embargo", year=2024,
                    exclude_origins=[{"market": market, "origins": list(origins), "commodity": commodity}])


def test_excluding_an_origin_changes_who_supplies_the_market():
    from corridors.model.flow import solve

    net = _two_suppliers()
    base = solve(net, year=2024)
    assert base.deliveries_by_origin.set_index("origin")["delivered"].to_dict() == pytest.approx({"KZ": 4.0})
    hit = solve(net, scenario=_embargo("KZ"))
    assert hit.deliveries_by_origin.set_index("origin")["delivered"].to_dict() == pytest.approx({"AZ": 4.0})
    assert float(hit.deliveries["unmet"].sum()) == pytest.approx(0.0)
    row = base.compare(hit).origins.set_index("origin").loc["KZ"]
    assert (row["base"], row["substituted"], row["lost"]) == pytest.approx((4.0, 4.0, 0.0))
    assert net.balances["exclude_origins"].isna().all()  # the input is unchanged


def test_a_market_refusing_every_origin_it_can_reach_is_unmet_not_infeasible():
    from corridors.model.flow import solve

    hit = solve(_two_suppliers(), scenario=_embargo("KZ", "AZ", market="country:TR"))
    assert hit.status == "optimal"
    assert float(hit.deliveries.set_index("node").loc["m", "unmet"]) == pytest.approx(4.0)
    # half the supply left: the other origin serves what it can, the rest is unmet
    hit = solve(_two_suppliers("8 Mt/y"), scenario=_embargo("KZ"))
    assert float(hit.deliveries.set_index("node").loc["m", "served"]) == pytest.approx(5.0)


def test_exclusions_add_to_the_balances_and_keep_to_their_commodity():
    net = _two_suppliers()
    net.balances["exclude_origins"] = ["", "", "AZ"]
    out = _embargo("KZ").apply(net)
    assert out.balances.set_index("node").loc["m", "exclude_origins"] == "AZ;KZ"
    gas_only = _embargo("KZ", commodity="gas")
    with pytest.raises(ScenarioError, match=r"\[\[exclude_origins\]\] #1 \(m\): market 'm': node 'm' has no gas demand"):
        gas_only.apply(net)
    every = _embargo("KZ", commodity=None).apply(net)
    assert every.balances.set_index("node").loc["m", "exclude_origins"] == "AZ;KZ"


def test_exclusions_survive_combine_and_compose(tmp_path):
    path = tmp_path / "embargo.toml"
    dump_scenario(_embargo("KZ"), path)
    s = Scenario.compose(base=path, cut=["link:az-j"])
    assert s.exclude_origins == _embargo("KZ").exclude_origins
    assert "m refuses KZ (oil)" in s.describe()
    out = s.apply(_two_suppliers())
    assert out.balances.set_index("node").loc["m", "exclude_origins"] == "KZ"


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ('market = "m"\norigins = []\n', "line 4: [[exclude_origins]] #1 (m): field 'origins': [] is not a list of origins"),
        ('market = "m"\n', "line 2: [[exclude_origins]] #1 (m): field 'origins': missing; add it"),
        ('market = "m"\norigin = ["KZ"]\n', "unknown key 'origin'; use market, origins, commodity, note; did you mean 'origins'"),
        ('market = "m"\norigins = ["KZ"]\ncommodity = "crude"\n', "line 5: [[exclude_origins]] #1 (m/crude): field 'commodity': unknown commodity 'crude'"),
        ('market = "asset:BTC"\norigins = ["KZ"]\n', "field 'market': 'asset:BTC' is an asset target; name a market"),
        ('market = "planet:x"\norigins = ["KZ"]\n', "unknown kind 'planet'"),
        ('market = "m"\norigins = "KZ;AZ"\n', "origin 'KZ;AZ' is not an origin name"),
    ],
)
def test_bad_exclusion_entries_name_file_line_entry_and_fix(entry, needle, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(f'name = "x"\n[[exclude_origins]]\n{entry}', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    assert needle in msg, msg


@pytest.mark.parametrize(
    ("market", "origins", "needle"),
    [
        ("mm", ["KZ"], "market 'mm': no node 'mm'; did you mean 'm'"),
        ("a", ["KZ"], "market 'a': node 'a' has no oil demand in 2024; markets with oil demand: m"),
        ("country:GE", ["KZ"], "market 'country:GE': no node in GE has no oil demand"),
        ("m", ["KZZ"], "origin 'KZZ' supplies nothing in this network; did you mean 'KZ'?; use one of AZ, KZ"),
    ],
)
def test_exclusions_the_network_does_not_have_name_the_file_and_entry(market, origins, needle, tmp_path):
    path = tmp_path / "embargo.toml"
    path.write_text(f'name = "embargo"\nyear = 2024\n[[exclude_origins]]\nmarket = "{market}"\n'
                    f'origins = {origins!r}\ncommodity = "oil"\n'.replace("'", '"'), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path).apply(_two_suppliers())
    msg = str(info.value)
    assert msg.startswith(f"scenario 'embargo' ({path}): [[exclude_origins]] #1 ({market}): "), msg
    assert needle in msg, msg


def test_balance_changes_on_float_columns_write_what_loc_writes(demo_network):
    """A float supply or demand column changes as an array; a column of another dtype through .loc:
    the same numbers, the same sources, the input unchanged."""
    import pandas as pd

    s = Scenario(name="changes", year=2024,
                 demand_changes=[{"node": "kars", "commodity": "freight", "factor": 1.5},
                                 {"node": "kars", "commodity": "freight", "value": "7 Mt/y"},
                                 {"node": "ceyhan", "commodity": "oil", "factor": 0.5}],
                 supply_changes=[{"node": "sangachal", "commodity": "oil", "value": "12 Mt/y"}],
                 disruptions=[{"target": "node:sangachal", "remaining": 0.5}])
    as_objects = demo_network.copy()
    as_objects.balances = as_objects.balances.astype({"supply": object, "demand": object})
    before = as_objects.balances.copy()
    fast, slow = s.apply(demo_network).balances, s.apply(as_objects).balances
    assert fast["supply"].dtype == "float64" and fast["demand"].dtype == "float64"
    for col in ("supply", "demand"):
        assert fast[col].tolist() == pd.to_numeric(slow[col]).tolist()
    assert fast["source"].tolist() == slow["source"].tolist() and as_objects.balances.equals(before)
    demand = fast.set_index(["node", "commodity"])["demand"]
    assert demand[("kars", "freight")] == pytest.approx(7.0) and fast["source"].str.startswith("scenario").sum() == 3
