from __future__ import annotations

import pytest

from corridors.errors import DataError


def test_year_filter_adds_planned_projects(demo_network):
    n2024, n2035 = demo_network.at(2024), demo_network.at(2035)
    assert "rail-new" not in n2024.links.index
    assert "rail-new" in n2035.links.index
    assert set(n2035.links.index) - set(n2024.links.index) == {"rail-new"}


def test_project_switched_on_by_id_and_asset(demo_network):
    assert "rail-new" in demo_network.at(2024, projects=["rail-new"]).links.index
    assert "rail-new" in demo_network.at(2024, projects=["DEMO-NEW"]).links.index


def test_unknown_project_suggests(demo_network):
    with pytest.raises(DataError, match="did you mean 'rail-new'"):
        demo_network.at(2024, projects=["rail-nwe"])


def test_balances_take_latest_year_not_after(demo_network):
    b = demo_network.at(2031).balances.set_index(["node", "commodity"])
    assert b.loc[("kars", "freight"), "demand"] == 6.0
    b = demo_network.at(2024).balances.set_index(["node", "commodity"])
    assert b.loc[("kars", "freight"), "demand"] == 3.0


def test_at_does_not_mutate(demo_network):
    before = demo_network.links.copy()
    demo_network.at(2024)
    assert demo_network.links.equals(before)


def test_countries_from_natural_earth(demo_network):
    assert demo_network.nodes.loc["supsa", "country"] == "GE"
    assert demo_network.nodes.loc["ceyhan", "country"] == "TR"
    assert demo_network.nodes.loc["aktau", "country"] == "KZ"
    assert demo_network.links.loc["pipe-b", "countries"] == ("GE", "TR")


def test_geodesic_length_and_default_cost(demo_network):
    from corridors import settings

    link = demo_network.links.loc["ferry-east-west"]
    assert 400 < link["length_km"] < 600
    assert link["cost"] == pytest.approx(settings.COST_PER_KM["ferry"] * link["length_km"])


def test_graph_view_bidirectional(demo_network):
    g = demo_network.graph()
    assert g.has_edge("aktau", "alat", key="ferry-east-west")
    assert g.has_edge("alat", "aktau", key="ferry-east-west")
    assert not g.has_edge("ceyhan", "border-az-ge")
    assert g.nodes["ceyhan"]["kind"] == "terminal"


def test_mixed_unit_commodities_rejected(demo_network):
    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, bal = network_to_frames(demo_network)
    links = links.copy()
    links.at["pipe-a", "commodities"] = ("oil", "gas")
    with pytest.raises(DataError, match="'pipe-a': field 'commodities'"):
        network_from_frames(nodes, links, bal)
