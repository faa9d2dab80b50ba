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


def test_a_year_and_a_copy_share_nothing_an_edit_reaches(demo_network):
    """at() and copy() may share columns with the source until one is edited (pandas' copy-on-write),
    never after: an edit to the result leaves the source as it was, and the other way round."""
    from shapely.geometry import Point

    source = demo_network.copy()
    frozen = {f: getattr(source, f).copy(deep=True) for f in ("nodes", "links", "balances")}
    lo, hi = source.year_range
    for make in (source.copy, lambda: source.at(lo), lambda: source.at(hi, projects=source.project_ids)):
        out = make()
        out.nodes.loc[out.nodes.index[0], "country"] = "XX"
        out.nodes.loc[out.nodes.index[0], "geometry"] = Point(0, 0)
        out.links.loc[out.links.index[0], "cost"] = -1.0
        out.links["derate"] = 0.5
        out.balances.loc[0, "demand"] = 99.0
        out.links.attrs["edited"] = True
        for f, before in frozen.items():
            assert getattr(source, f).equals(before) and "edited" not in getattr(source, f).attrs, f
    later = source.at(hi)
    kept = later.nodes.copy(deep=True)
    source.nodes.loc[source.nodes.index[0], "name"] = "renamed"
    assert later.nodes.equals(kept)


def test_exists_mask_reads_missing_years_and_statuses_as_before(demo_network):
    """No start year: exists when operating or idle; retired without an end year: gone; a missing
    status is none of these; a project switched on exists whatever its years."""
    import pandas as pd

    net = demo_network.copy()
    ids = list(net.links.index[:5])
    year = net.year_range[0]
    net.links["start_year"] = pd.array([pd.NA] * 4 + [year] + list(net.links["start_year"].iloc[5:]), dtype="Int64")
    net.links["end_year"] = pd.array([pd.NA] * 4 + [year] + list(net.links["end_year"].iloc[5:]), dtype="Int64")
    net.links["status"] = ["idle", "retired", None, "planned", "retired"] + list(net.links["status"].iloc[5:])
    mask = net.exists_mask(year)  # a retired link with an end year exists until then
    assert mask.dtype == bool and list(mask.index) == list(net.links.index)
    assert mask[ids].tolist() == [True, False, False, False, True]
    assert not net.exists_mask(year + 1)[ids[4]]
    assert net.exists_mask(year, [ids[3]])[ids[3]]
    assert list(net.at(year).links.index) == list(net.links.index[mask.to_numpy()])
    assert net.at(year).balances.index.equals(pd.RangeIndex(len(net.at(year).balances)))
