"""The dependence map and the portfolio map (no browser): what is shaded and highlighted, and the CLI's --map."""

from __future__ import annotations

import pytest

import corridors as cx
from corridors.analysis.dependences import dependence
from corridors.analysis.planning import plan
from corridors.cli import main
from corridors.errors import DataError
from corridors.render.dependence import dependence_map
from corridors.render.layers import popup_html
from corridors.render.portfolio import portfolio_map, project_fixes
from plannet import plan_frames, plan_network


def _features(m, class_name: str) -> list[dict]:
    """Features of the map's GeoJson layers drawn with ``class_name``."""
    out, stack, seen = [], [m], set()
    while stack:
        el = stack.pop()
        if id(el) in seen:
            continue
        seen.add(id(el))
        if getattr(el, "cx_features", None) is not None and class_name in str(getattr(el, "options", "")):
            out += el.cx_features
        stack += list(el._children.values())
    return out


def _popups(m) -> dict:
    from corridors.render.overlay import map_data

    return map_data(m).popups


@pytest.fixture(scope="module")
def bundled_dep(bundled_network):
    return dependence(bundled_network, year=2024)


def test_italy_gas_map_shades_the_transit_countries(bundled_network, bundled_dep):
    m = dependence_map(bundled_network, bundled_dep, market="market-it", commodity="gas")
    shares = {f["properties"]["id"]: f["properties"]["share"] for f in _features(m, "cx-dep")}
    assert shares["GE"] == pytest.approx(1.0, abs=1e-3) and shares["TR"] == pytest.approx(1.0, abs=1e-3)
    assert "IT" not in shares  # the market's own country is not transit
    popup = popup_html(_popups(m)["d:GE"])
    assert "Lost if it fails (N-1)" in popup and "bcm/y" in popup and "100.0 %" in popup
    html = m.get_root().render()
    assert "Share of gas supply crossing (%)" in html and "Captive to" in html


def test_supplier_map_uses_the_supplier_shares(bundled_network, bundled_dep):
    m = dependence_map(bundled_network, bundled_dep, supplier="AZ", commodity="oil")
    shares = {f["properties"]["id"]: f["properties"]["share"] for f in _features(m, "cx-dep")}
    s = bundled_dep.suppliers
    ge = float(s[(s["origin"] == "AZ") & (s["commodity"] == "oil") & (s["via"] == "GE")]["share"].iloc[0])
    assert shares["GE"] == pytest.approx(ge, abs=1e-6) and 0 < ge <= 1
    assert "Lost if it fails" not in popup_html(_popups(m)["d:GE"])  # no N-1 loss for a supplier's exports


def test_asset_level_colours_the_links(demo_network):
    m = dependence_map(demo_network, market="ceyhan", by="asset", year=2024)
    feats = _features(m, "cx-dep")
    assert {f["properties"]["id"] for f in feats} >= {"pipe-a", "pipe-b"}
    assert all(f["geometry"]["type"] == "LineString" for f in feats)


def test_bad_choices_name_the_culprit(bundled_network, bundled_dep):
    with pytest.raises(DataError, match="one market or one supplier"):
        dependence_map(bundled_network, bundled_dep)
    with pytest.raises(DataError, match="choose one commodity"):
        dependence_map(bundled_network, bundled_dep, supplier="AZ")
    with pytest.raises(DataError, match="market-it"):
        dependence_map(bundled_network, bundled_dep, market="market-itt")


def test_fixes_are_the_contingencies_over_the_limit_without_the_project():
    net = plan_network()
    r = plan(net, level="country", max_loss=0.0, year=2024, contingencies=["GE"], from_year=2020)
    assert r.projects == ["BYPASS"]
    assert project_fixes(net, r) == {"BYPASS": [{"contingency": "country:GE", "market": "IT", "commodity": "gas",
                                                 "loss_share": pytest.approx(1.0)}]}


def test_portfolio_map_highlights_the_built_project():
    net = plan_network()
    r = plan(net, level="country", max_loss=0.25, year=2024, contingencies=["GE"], from_year=2020)
    assert r.projects == ["DIRECT"] and r.unsourced == ["DIRECT"]
    m = portfolio_map(net, r)
    assert {f["properties"]["id"] for f in _features(m, "cx-built")} == {"si"}
    popup = popup_html(_popups(m)["p:DIRECT"])
    assert "900 M EUR [K]" in popup and "M EUR/y" in popup and "3 years" in popup
    assert "country:GE: IT gas would lose 100.0 % without it (limit 25 %)" in popup
    html = m.get_root().render()
    assert "Projects not built in 2024" in html  # BYPASS and SMALL: candidates, drawn dashed apart
    assert cx.explore(r, net).get_root().render().count("cx-built") >= 1


def test_infeasible_plan_map_says_why(bundled_network):
    r = plan(bundled_network, level="country", transit=True, max_loss=0.25, year=2030)
    if r.status == "optimal":
        pytest.skip("the bundled plan is feasible now: covered by the optimal case")
    html = portfolio_map(bundled_network, r).get_root().render()
    assert "Infeasible even with every candidate built" in html and r.binding["contingency"] in html


def test_cli_depend_and_plan_write_maps(tmp_path, capsys):
    from corridors.data.files import write_frames

    out = tmp_path / "dep.html"
    assert main(["depend", "--market", "market-it", "--commodity", "gas", "--map", str(out), "--format", "json"]) == 0
    assert "cx-dep" in out.read_text(encoding="utf-8")
    assert capsys.readouterr().out.lstrip().startswith("{")  # the map's line goes to stderr: JSON stays JSON
    folder = write_frames(*plan_frames(), tmp_path / "net")
    out = tmp_path / "plan.html"
    assert main(["plan", "--network", str(folder), "--level", "country", "--contingency", "GE", "--max-loss", "0",
                 "--year", "2024", "--from-year", "2020", "--map", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "cx-built" in text and "BYPASS" in text


def test_cli_map_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    assert main(["depend", "--supplier", "AZ", "--commodity", "oil", "--map", str(tmp_path / "no" / "d.html")]) == 2
    assert main(["depend", "--commodity", "gas", "--map", str(tmp_path / "d.html")]) == 2
    assert main(["plan", "--curve", "1,0.5", "--map", str(tmp_path / "p.html")]) == 2
    err = capsys.readouterr().err
    assert "no such directory" in err and "one market or one supplier" in err and "--curve" in err
    assert list(tmp_path.iterdir()) == []
