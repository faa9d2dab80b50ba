"""Dependence (issue 13, item 3) on a hand-drawn network whose shares are known by hand."""

from __future__ import annotations

import json

import pytest

from corridors.analysis.dependences import dependence
from corridors.cli.app import main
from corridors.errors import DataError
from test_flow import make_network


def _two_transits():
    """Azerbaijani oil (8 Mt/y wanted at a Turkish market) through Georgia (5 Mt/y, cheap) or Russia (6, dear).

    Base: 5 via GE, 3 via RU. Without GE, RU carries 6: 2 lost. Without RU, GE carries 5: 3 lost.
    """
    net = make_network({"a": (49.87, 40.41), "g": (44.79, 41.72), "r": (48.29, 42.06), "m": (43.1, 40.6)},
                       [("a-g", "a", "g", "5 Mt/y", 1.0), ("g-m", "g", "m", "10 Mt/y", 1.0),
                        ("a-r", "a", "r", "6 Mt/y", 3.0), ("r-m", "r", "m", "10 Mt/y", 3.0)],
                       [("a", "oil", "10 Mt/y", None), ("m", "oil", None, "8 Mt/y")],
                       countries={"a": "AZ", "g": "GE", "r": "RU", "m": "TR"})
    net.links["countries"] = [("AZ", "GE"), ("GE", "TR"), ("AZ", "RU"), ("RU", "TR")]
    return net


def test_market_shares_crossing_and_lost_match_the_hand_count():
    d = dependence(_two_transits(), year=2024)
    m = d.markets.set_index("via")
    assert set(m.index) == {"GE", "RU"}      # neither the market's country (TR) nor the origin's (AZ) is transit
    assert m.loc["GE", "share_crossing"] == pytest.approx(5 / 8)
    assert m.loc["RU", "share_crossing"] == pytest.approx(3 / 8)
    assert m.loc["GE", "share_lost"] == pytest.approx(2 / 8)
    assert m.loc["RU", "share_lost"] == pytest.approx(3 / 8)
    s = d.suppliers.set_index("via")
    assert s.loc["GE", "share"] == pytest.approx(5 / 8) and s.loc["GE", "exports"] == pytest.approx(8.0)
    captive = {(r.kind, r.id): (r.via, r.share) for r in d.captive_to.itertuples()}
    assert captive[("market", "m")] == ("GE", pytest.approx(5 / 8))
    assert captive[("supplier", "AZ")] == ("GE", pytest.approx(5 / 8))


def test_one_route_means_captive_to_one_country():
    net = _two_transits()
    net.links = net.links.drop(index=["a-r", "r-m"])
    d = dependence(net, year=2024)
    row = d.captive_to[d.captive_to["kind"] == "market"].iloc[0]
    assert (row["via"], row["share"]) == ("GE", pytest.approx(1.0))
    assert float(d.markets.set_index("via").loc["GE", "share_lost"]) == pytest.approx(1.0)


def test_unknown_level_is_one_clear_error():
    with pytest.raises(DataError, match="country, asset, corridor"):
        dependence(_two_transits(), by="planet")


def test_depend_json_on_the_bundled_network(bundled_network, capsys):
    assert main(["depend", "--market", "market-it", "--commodity", "gas", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    shares = {r["via"]: r["share_crossing"] for r in doc["rows"]}
    assert shares["GE"] == pytest.approx(1.0, abs=0.01) and shares["TR"] == pytest.approx(1.0, abs=0.01)
    assert {"market", "commodity", "via_kind", "via", "share_crossing", "share_lost"} <= set(doc["rows"][0])
    assert doc["captive_to"][0]["share"] == pytest.approx(1.0, abs=0.01)


def test_azerbaijani_oil_exports_cross_georgia_at_the_btc_plus_supsa_share(bundled_network):
    """The refinery at Sangachal is fed by Azerbaijani oil (home origin first), not by Kazakh or Turkmen
    oil by an LP tie, so Azerbaijan's exports through Georgia are its flow on BTC and WREP (Supsa)."""
    from corridors.model.flow import solve

    base = solve(bundled_network, year=2024)
    by = base.deliveries_by_origin
    refinery = by[(by["node"] == "sangachal") & (by["commodity"] == "oil")]
    assert set(refinery["origin"]) == {"AZ"} and refinery["delivered"].sum() == pytest.approx(4.7, abs=1e-6)
    fo = base.flows_by_origin
    az = fo[(fo["origin"] == "AZ") & (fo["commodity"] == "oil")].set_index("link")["flow"]
    via_ge = float(az.get("btc-ge", 0.0) + az.get("wrep-ge", 0.0))
    exports = float(by[(by["commodity"] == "oil") & (by["origin"] == "AZ") & (by["country"] != "AZ")]["delivered"].sum())
    assert exports == pytest.approx(29.1 - 4.7, abs=1e-6)               # output less the home refinery
    d = dependence(bundled_network, year=2024, commodity="oil")
    row = d.suppliers[(d.suppliers["origin"] == "AZ") & (d.suppliers["via"] == "GE")].iloc[0]
    assert row["exports"] == pytest.approx(exports, abs=1e-6)
    assert row["share"] == pytest.approx(via_ge / exports, abs=1e-6)


def test_cbc_and_highs_split_the_bundled_oil_by_origin_alike(bundled_network):
    """The delivery tie-break (home origin first, then a fixed order) leaves one optimum: both solvers find it."""
    from corridors.model.flow import solve

    def split(solver):
        by = solve(bundled_network, year=2024, solver=solver).deliveries_by_origin
        by = by[by["commodity"] == "oil"]
        return {(n, o): round(float(v), 6) for n, o, v in zip(by["node"], by["origin"], by["delivered"])}

    assert split("highs") == split("cbc")
