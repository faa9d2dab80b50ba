"""The one target grammar and resolver, and the one year rule.

What a user would notice: the map marks exactly what the LP cuts, unknown targets say what to
write instead, and two different years are an error, never settled silently.
"""

from __future__ import annotations

import dataclasses

import pytest

import corridors as cx
from corridors import settings
from corridors.analysis.bypasses import bypass
from corridors.analysis.sweeps import level_elements
from corridors.cli.app import main
from corridors.errors import DataError, ScenarioError
from corridors.model.flow import prepare_network, solve, target_nodes
from corridors.model.scenario import Scenario, list_scenarios, load_bundled, scenarios_dir
from corridors.model.targets import TargetId, parse_target, resolve_level, resolve_target
from corridors.model.years import resolve_year
from corridors.render.layers import resolve_targets
from corridors.render.maps import render_map


def _lp_disrupted(network) -> tuple[set[str], set[str]]:
    """Links and nodes whose capacity the LP reads as reduced (``derate < 1``)."""
    return ({i for i, d in network.links["derate"].items() if d < 1},
            {i for i, d in network.nodes["derate"].items() if d < 1})


def _map_disrupted(m) -> tuple[set[str], set[str]]:
    """Links and nodes drawn in the map's "Disrupted" layer."""
    import folium

    group = next(fg for fg in m._children.values() if isinstance(fg, folium.FeatureGroup)
                 and fg.layer_name.endswith("Disrupted"))
    feats = [f for child in group._children.values() if isinstance(child, folium.GeoJson)
             for f in (getattr(child, "cx_features", None) or child.data["features"])]
    lines = {f["properties"]["id"] for f in feats if f["geometry"]["type"] == "LineString"}
    points = {f["properties"]["id"] for f in feats if f["geometry"]["type"] == "Point"}
    return lines, points - lines


# -- grammar ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "links", "nodes"),
    [
        ("link:pipe-a", ("pipe-a",), ()),
        ("node:ceyhan", ("pipe-b",), ("ceyhan",)),  # a closed terminal closes the link into it
        ("node:alat", ("ferry-east-west", "rail-alat-kars"), ("alat",)),
        ("asset:DEMO-OIL", ("pipe-a", "pipe-b"), ()),
        ("asset:demo-oil", ("pipe-a", "pipe-b"), ()),
        ('corridor:"Middle Corridor"', ("ferry-east-west", "rail-alat-kars"), ()),
        ("corridor:middle corridor", ("ferry-east-west", "rail-alat-kars"), ()),
        ("corridor:BTC", ("pipe-a", "pipe-b"), ()),
        ("mode:ferry", ("ferry-east-west",), ()),
        ("mode:pipeline", ("pipe-a", "pipe-b", "pipe-c"), ()),
        # country: links crossing GE and links at GE nodes (border-az-ge, supsa)
        ("country:GE", ("pipe-a", "pipe-b", "pipe-c", "rail-alat-kars"), ("border-az-ge", "supsa")),
        ("country:ge", ("pipe-a", "pipe-b", "pipe-c", "rail-alat-kars"), ("border-az-ge", "supsa")),
    ],
)
def test_each_target_kind_resolves(demo_network, target, links, nodes):
    hit = resolve_target(demo_network.at(2024), target)
    assert (hit.links, hit.nodes) == (links, nodes)


def test_resolved_target_is_typed_and_immutable(demo_network):
    hit = cx.resolve_target(demo_network.at(2024), "country:ge")
    assert (hit.kind, hit.id, str(hit)) == ("country", "GE", "country:GE")
    assert resolve_target(demo_network.at(2024), "node:kars").named_links == ()
    assert dict(hit.capacities) == {}  # neither GE node has a throughput capacity
    assert dict(resolve_target(demo_network.at(2024), "node:alat").capacities) == {"alat": 15.0}
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.links = ()
    with pytest.raises(TypeError):
        hit.capacities["alat"] = 0.0  # type: ignore[index]
    assert hash(hit) == hash(resolve_target(demo_network.at(2024), "country:GE"))
    sangachal = resolve_target(demo_network.at(2024), "node:sangachal")
    assert dict(sangachal.supply) == {("sangachal", "oil"): 40.0} and not sangachal.demand
    assert resolve_target(demo_network.at(2024), 'corridor:"middle corridor"').id == "Middle Corridor"


def test_parse_target():
    assert parse_target("CORRIDOR:'Middle Corridor'") == TargetId("corridor", "Middle Corridor")
    assert str(parse_target('corridor:"Middle Corridor"')) == 'corridor:"Middle Corridor"'
    assert parse_target("ceyhan", kind="node") == TargetId("node", "ceyhan")


def test_country_includes_links_at_its_nodes_even_outside_it(demo_network):
    hit = resolve_target(demo_network.at(2024), "country:KZ")
    assert hit.nodes == ("aktau",)
    assert hit.links == ("ferry-east-west",)  # the ferry's geometry lies in AZ, but it starts at Aktau


def test_planned_links_resolve_only_when_present(demo_network):
    assert "rail-new" in resolve_target(demo_network.at(2035), "country:AM").links
    with pytest.raises(ScenarioError, match="country 'AM'"):
        resolve_target(demo_network.at(2024), "country:AM")


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("link:pipe-z", "'pipe-a'"),
        ("node:ceyhn", "did you mean 'ceyhan'"),
        ("corridor:Midle Corridor", "did you mean 'Middle Corridor'"),
        ("asset:DEMO-OIIL", "'DEMO-OIL'"),
        ("mode:cable", "use one of ferry, pipeline, rail"),
        ("country:XX", "use one of AM, AZ, GE, IR, KZ, TR"),
        ("link:ceyhan", "write 'node:ceyhan'"),
        ("contry:GE", "did you mean 'country'"),
        ("GE", "write 'country:GE'"),
        ("pipe-c", "write 'link:pipe-c'"),
        ("nothing-here", "write kind:id"),
        ("node:", "no id after 'node:'"),
    ],
)
def test_unknown_target_names_it_and_suggests(demo_network, target, needle):
    with pytest.raises(ScenarioError) as info:
        resolve_target(demo_network, target)
    assert needle in str(info.value)
    assert repr(target.strip()) in str(info.value) or target == "node:"


def test_bare_ids_on_the_bundled_network(bundled_network):
    net = bundled_network.at(2024)
    with pytest.raises(ScenarioError, match="write 'asset:BTC' or 'corridor:BTC'"):
        resolve_target(net, "BTC")
    with pytest.raises(ScenarioError, match="'asset:BTC' or 'corridor:BTC' in this network"):
        resolve_target(net, "BTC", bare="any")  # the map does not guess between two kinds
    assert resolve_target(net, "btc-ge", bare="any") == resolve_target(net, "link:btc-ge")


def test_max_throughput_targets_go_through_the_resolver(demo_network):
    assert target_nodes(demo_network, "ceyhan") == ("ceyhan",)
    assert target_nodes(demo_network, "country:GE") == ("supsa",)
    with pytest.raises(ScenarioError, match="is a mode; give a node"):
        target_nodes(demo_network, "mode:ferry")


# -- one resolver: the map marks what the LP cuts ---------------------------------------------
def test_georgia_map_marks_what_the_lp_cuts(bundled_network):
    scenario = load_bundled("georgia-closed")
    net = prepare_network(bundled_network, scenario=scenario)
    links, nodes = _lp_disrupted(net)
    assert len(links) == 20 and len(nodes) == 13
    # the sea and ferry lanes out of Georgian ports, and Azerbaijani segments ending at its border
    assert {"sea-poti-straits", "sea-batumi-straits", "sea-supsa-straits", "ferry-poti-constanta",
            "ferry-batumi-burgas", "btc-az", "scp-az-2", "btk-az-5"} <= links
    ge = resolve_target(net, "country:GE")
    assert set(ge.links) == links and "sea-poti-straits" not in ge.named_links  # reached through Poti
    assert ge.via("sea-poti-straits", net) == "node poti"
    assert _map_disrupted(render_map(net, disrupted=scenario)) == (links, nodes)


@pytest.mark.parametrize("name", list_scenarios())
def test_map_and_lp_agree_for_every_bundled_scenario(bundled_network, name):
    scenario = load_bundled(name)
    net = prepare_network(bundled_network, scenario=scenario)
    lp_links, lp_nodes = _lp_disrupted(net)
    map_links, map_nodes, _ = resolve_targets(net, scenario)
    assert (map_links, map_nodes) == (lp_links, lp_nodes)
    if scenario.disruptions:
        assert lp_links or lp_nodes
        assert _map_disrupted(render_map(net, disrupted=scenario)) == (lp_links, lp_nodes)


@pytest.mark.parametrize("level", ["country", "asset", "corridor"])
def test_map_and_lp_agree_for_every_element(bundled_network, level):
    net = bundled_network.at(settings.DEFAULT_YEAR)
    elements = level_elements(net, level)
    assert len(elements) >= 5
    for ident, (links, nodes) in elements.items():
        target = str(TargetId(level, ident))
        lp_links, lp_nodes = _lp_disrupted(prepare_network(net, scenario=Scenario.cut(target)))
        map_links, map_nodes, countries = resolve_targets(net, [target])
        assert (map_links, map_nodes) == (lp_links, lp_nodes) == (set(links), set(nodes)), target
        assert countries == ({ident} if level == "country" else set())


@pytest.mark.parametrize("level", ["link", "node", "country", "asset", "corridor", "mode"])
def test_fast_paths_match_the_resolver(bundled_network, demo_network, level):
    for net in (bundled_network.at(settings.DEFAULT_YEAR), bundled_network.at(2035), demo_network.at(2024)):
        fast = resolve_level(net, level)
        if level in ("link", "node"):
            assert list(fast) == list(net.links.index if level == "link" else net.nodes.index)
        else:
            assert len(fast) >= 3
        for ident, hit in fast.items():
            assert hit == resolve_target(net, TargetId(level, ident)), ident


# -- one year rule ----------------------------------------------------------------------------
def test_default_year_is_the_setting(demo_network, monkeypatch):
    assert resolve_year() == settings.DEFAULT_YEAR == 2024
    monkeypatch.setattr(settings, "DEFAULT_YEAR", 2030)
    assert solve(demo_network).year == 2030
    assert Scenario.cut("mode:ferry").apply(demo_network).year == 2030
    assert solve(demo_network, scenario=Scenario.cut("mode:ferry")).year == 2030


def test_years_that_disagree_are_an_error():
    with pytest.raises(ScenarioError, match=r"year 2030 disagrees with scenario 'base 2024', which is for 2024"):
        resolve_year(2030, scenario=Scenario(name="base 2024", year=2024))
    with pytest.raises(ScenarioError, match="scenario 'a' 2024 disagrees with scenario 'b', which is for 2030"):
        Scenario.cut("mode:ferry", name="a", year=2024).combine(Scenario.cut("country:GE", name="b", year=2030))
    with pytest.raises(ScenarioError, match="year 2030 disagrees with scenario 'Georgia transit closed"):
        Scenario.compose(base=scenarios_dir() / "georgia-closed.toml", year=2030, cut=["mode:ferry"])
    with pytest.raises(ScenarioError, match="year 2030 disagrees"):
        Scenario.compose(base=scenarios_dir() / "georgia-closed.toml", year=2030)
    assert Scenario.compose(base=scenarios_dir() / "georgia-closed.toml", year=2024).year == 2024
    assert Scenario.compose(cut=["mode:ferry"], year=2030).year == 2030


def test_network_year_and_explicit_year_must_agree(demo_network):
    with pytest.raises(DataError, match="already at 2024"):
        solve(demo_network.at(2024), year=2030)
    with pytest.raises(DataError, match="scenario 'cut mode:ferry' is for 2030: the network is already at 2024"):
        solve(demo_network.at(2024), scenario=Scenario.cut("mode:ferry", year=2030))
    assert solve(demo_network.at(2030), scenario=Scenario.cut("mode:ferry")).year == 2030


def test_bypass_with_two_years_is_an_error(bundled_network):
    with pytest.raises(ScenarioError, match="year 2030 disagrees with scenario 'base 2024', which is for 2024"):
        bypass(bundled_network, "asset:BTC", year=2030, scenario=Scenario(name="base 2024", year=2024))


def test_bypass_with_the_same_year_twice(bundled_network):
    report = bypass(bundled_network, "asset:BTC", year=2030, scenario=Scenario(name="base 2030", year=2030),
                    projects=False)
    alone = bypass(bundled_network, "asset:BTC", year=2030, projects=False)
    assert report.year == alone.year == report.base.year == report.disrupted.year == 2030
    assert report.lost == pytest.approx(alone.lost)
    assert report.lost["oil"] > 1.0  # losing BTC loses oil


def test_cli_names_both_years_and_exits_2(capsys):
    code = main(["bypass", "asset:BTC", "--year", "2030", "--no-projects",
                 "--scenario", str(scenarios_dir() / "georgia-closed.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert "2030" in err and "2024" in err and "Georgia transit closed" in err and "Traceback" not in err
