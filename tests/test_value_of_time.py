"""Value of time (settings.VALUE_OF_TIME, USD per tonne-day) in the optimiser's freight costs."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridors import settings, solve
from corridors.data.network import network_from_frames
from corridors.errors import DataError


def _two_routes(*, usd: bool = True):
    """1 Mt/y of freight from Baku to Tbilisi: a slow cheap railway (200 h) or a fast dearer road (20 h)."""
    pts = {"baku": Point(49.87, 40.41), "tbilisi": Point(44.79, 41.72)}
    nodes = gpd.GeoDataFrame({"id": list(pts), "name": list(pts), "kind": ["city", "city"], "source": ["test"] * 2},
                             geometry=list(pts.values()), crs="EPSG:4326")
    rows = [{"id": "slow-rail", "mode": "rail", "cost": 4.0, "transit_h": 200.0, "cost_usd_per_t": 80.0 if usd else None},
            {"id": "fast-road", "mode": "road", "cost": 6.0, "transit_h": 20.0, "cost_usd_per_t": 90.0 if usd else None}]
    for r in rows:
        r.update(name=r["id"], corridor="T", commodities="freight", **{"from": "baku", "to": "tbilisi"},
                 capacity="5 Mt/y", status="operating", source="test", route_accuracy="straight")
    links = gpd.GeoDataFrame(rows, geometry=[LineString([pts["baku"], pts["tbilisi"]])] * 2, crs="EPSG:4326")
    balances = pd.DataFrame([{"node": "baku", "commodity": "freight", "year": 2024, "supply": "1 Mt/y", "source": "test"},
                             {"node": "tbilisi", "commodity": "freight", "year": 2024, "demand": "1 Mt/y", "source": "test"}])
    return network_from_frames(nodes, links, balances)


@pytest.fixture
def value_of_time(monkeypatch):
    def set_to(value: float) -> None:
        monkeypatch.setattr(settings, "VALUE_OF_TIME", value)
    return set_to


def test_default_is_zero_and_freight_takes_the_cheap_slow_route():
    assert settings.VALUE_OF_TIME == 0.0          # no value of time is cited in the data
    r = solve(_two_routes())
    assert r.flows.at["slow-rail", "flow"] == pytest.approx(1.0)
    assert r.flows.at["fast-road", "flow"] == pytest.approx(0.0, abs=1e-9)


def test_a_positive_value_of_time_moves_freight_to_the_faster_route(value_of_time):
    # rail rate: 4 cost units for 80 USD/t, 0.05 per USD/t; 180 h saved = 7.5 days: the road pays from
    # 2 / 0.05 / 7.5 = 5.33 USD per tonne-day
    value_of_time(5.0)
    assert solve(_two_routes()).flows.at["slow-rail", "flow"] == pytest.approx(1.0)
    value_of_time(6.0)
    r = solve(_two_routes())
    assert r.flows.at["fast-road", "flow"] == pytest.approx(1.0)
    assert r.flows.at["slow-rail", "flow"] == pytest.approx(0.0, abs=1e-9)


def test_value_of_time_leaves_other_commodities_alone(value_of_time):
    value_of_time(1000.0)
    net = _two_routes()
    links = net.links.copy()
    links["commodities"] = [("oil",)] * len(links)
    net.links = links
    balances = net.balances.copy()
    balances["commodity"] = "oil"
    net.balances = balances
    assert solve(net).flows.at["slow-rail", "flow"] == pytest.approx(1.0)


def test_value_of_time_without_a_dollar_rate_is_a_clear_error(value_of_time):
    value_of_time(10.0)
    with pytest.raises(DataError, match="cost_usd_per_t"):
        solve(_two_routes(usd=False))
