"""The HTML report (corridors.render.report): sections, escaping, claims, atomic writes."""

from __future__ import annotations

import html
import re

import pytest

from corridors.errors import DataError, ScenarioError
from corridors.render.report import (_claims_section, bar_chart_svg, claim_scenarios, load_claims, render_report, run_case,
                              write_report)
from corridors.model.scenario import Scenario

HOSTILE = "<img src=x onerror=alert(1)>"


def _outside_map(page: str) -> str:
    """The report without the map's srcdoc (the map page is checked by test_maps)."""
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


@pytest.fixture(scope="module")
def bundled_report(bundled_network):
    return render_report(bundled_network, year=2024, level="asset", claims=True)


@pytest.fixture(scope="module")
def hostile_network(demo_network):
    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, balances = network_to_frames(demo_network)
    links = links.copy()
    nodes = nodes.copy()
    links.loc[links.index[0], "name"] = HOSTILE
    nodes.loc[nodes.index[0], "name"] = "<script>alert(2)</script>"
    return network_from_frames(nodes, links, balances)


def test_bundled_report_has_every_section(bundled_report):
    page = bundled_report
    assert page.startswith("<!DOCTYPE html>")
    assert len(page.encode("utf-8")) < 2_000_000
    for anchor in ("map", "deliveries", "unmet", "criticality", "claims", "sources"):
        assert f'id="{anchor}"' in page, anchor
    # the map is embedded, escaped, in an iframe: no second document, no local files
    assert page.count("<iframe") == 1 and 'srcdoc="&lt;!DOCTYPE html&gt;' in page
    body = _outside_map(page)
    assert "<script" not in body
    assert re.findall(r'(?:src|href)="(?!https?://|#)', body) == []
    # the map inside the srcdoc is the real one
    doc = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert "Corridor: BTC" in doc and "L.map(" in doc


def test_bundled_report_ranking_chart(bundled_report):
    svg = re.search(r'<svg[^>]*class="chart".*?</svg>', bundled_report, flags=re.S).group(0)
    widths = [float(w) for w in re.findall(r'<rect class="bar"[^>]*width="([0-9.]+)"', svg)]
    assert len(widths) == 15
    assert widths == sorted(widths, reverse=True) and widths[0] > 0     # ranked, largest first
    assert "%" in svg and "<title>" in svg


def test_bundled_report_claims(bundled_report):
    claims = load_claims()
    assert len(claims) >= 10
    section = bundled_report[bundled_report.index('id="claims"'):bundled_report.index('id="sources"')]
    for claim in claims:
        assert f'id="claim-{html.escape(claim["id"])}"' in section
        assert claim["says"] in html.unescape(section)
    # the claim with a figure shows it, and the model's answer for the markets it names
    eu = section[section.index('id="claim-eu-gas-2024"'):section.index('id="claim-eu-gas-2021"')]
    assert "12.9 bcm" in eu and "Markets the claim names" in eu and "<td>total</td>" in eu
    # a claim whose test cuts something is run: Georgia closed loses all 4.5 Mt/y of Middle Corridor freight
    ge = section[section.index('id="claim-georgia-transit-spof"'):]
    ge = ge[:ge.index('<section class="claim', 10)]
    assert "country:GE" in ge and "<td>freight</td><td>Mt/y</td><td>5.314</td><td>5.314</td><td>0.814</td><td>4.5</td>" in ge
    assert 'class="error"' not in section


def test_bundled_report_sources(bundled_report):
    sources = bundled_report[bundled_report.index('id="sources"'):]
    assert "OpenStreetMap contributors" in sources and "Global Energy Monitor" in sources
    assert "Gordadze" in sources


def test_claims_run_the_bundled_scenario_that_names_them(bundled_network, tmp_path, monkeypatch):
    (tmp_path / "ge-closed.toml").write_text(
        'name = "Georgia <closed>"\nyear = 2024\n'
        '[[disruption]]\ntarget = "country:GE"\n', encoding="utf-8")
    monkeypatch.setattr("corridors.model.scenario.scenarios_dir", lambda: tmp_path)
    claim = {**next(c for c in load_claims() if c["id"] == "georgia-transit-spof"), "scenarios": ["ge-closed"]}
    assert claim_scenarios(claim, directory=tmp_path) == ["ge-closed"]
    out = "".join(_claims_section(bundled_network, [claim], {}))
    assert "bundled scenario ge-closed" in out and "Georgia &lt;closed&gt;" in out
    # gas demand incl. domestic use (13.45) and Türkiye's Iranian gas (5.4): 44.05; Georgia closed loses 25.2
    assert "<td>gas</td><td>bcm/y</td><td>44.05</td><td>44.05</td><td>18.85</td><td>25.2</td><td>25.2</td>" in out


def test_claim_that_fails_to_run_says_why(demo_network):
    claim = {"id": "x", "says": "s", "test": {"year": 2024, "disruptions": ["country:XX"]}}
    out = "".join(_claims_section(demo_network, [claim], {}))
    assert 'class="error"' in out and "XX" in out


def test_names_are_escaped_everywhere(hostile_network):
    page = render_report(hostile_network, level="link", claims=False, title="<b>My</b> report",
                         scenario=Scenario.cut("country:GE", name="<i>cut</i>"))
    assert HOSTILE not in page and "<script>alert(2)" not in page
    body = _outside_map(page)
    assert html.escape(HOSTILE) in body                     # in the tables
    svg = re.search(r'<svg[^>]*class="chart".*?</svg>', body, flags=re.S).group(0)
    assert html.escape(HOSTILE) in svg                      # and as a bar label
    assert "<title>&lt;b&gt;My&lt;/b&gt; report</title>" in body and "&lt;b&gt;My&lt;/b&gt; report</bdi></h1>" in body and "&lt;i&gt;cut&lt;/i&gt;" in body
    # inside the map page, the name is still text once the srcdoc is unescaped
    doc = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert HOSTILE not in doc


def test_scenario_report_lists_bypass_routes(demo_network):
    page = render_report(demo_network, scenario=Scenario.cut("link:pipe-b", year=2024), level="asset", claims=False)
    section = page[page.index('id="bypass"'):page.index('id="sources"')]
    assert "Bypass routes" in section and "<td>oil</td>" in section
    assert 'id="claims"' not in page


def test_run_case_does_not_mutate_and_uses_the_scenario_year(demo_network):
    before = demo_network.links.copy()
    with pytest.raises(ScenarioError, match="year 2024 disagrees with scenario 'cut mode:ferry', which is for 2030"):
        run_case(demo_network, year=2024, scenario=Scenario.cut("mode:ferry", year=2030))
    case = run_case(demo_network, scenario=Scenario.cut("mode:ferry", year=2030))
    assert case.year == 2030 and case.scenario.year == 2030
    assert case.network.links["derate"].min() == 0.0
    assert demo_network.links.equals(before)


def test_write_report_is_atomic(demo_network, tmp_path):
    with pytest.raises(DataError, match="no such directory"):
        write_report(demo_network, tmp_path / "missing" / "r.html", claims=False)
    with pytest.raises(ScenarioError, match="sweep level"):
        write_report(demo_network, tmp_path / "r.html", level="galaxy", claims=False)
    assert list(tmp_path.iterdir()) == []
    out = write_report(demo_network, tmp_path / "r.html", claims=False)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_bar_chart_svg_scales_and_escapes():
    svg = bar_chart_svg(["a", "b", "<c>"], [50.0, float("nan"), 100.0], max_value=100.0, width=430)
    widths = [float(w) for w in re.findall(r'class="bar"[^>]*width="([0-9.]+)"', svg)]
    assert widths[1] == 0.0 and widths[2] == pytest.approx(2 * widths[0])
    assert "&lt;c&gt;" in svg and "<c>" not in svg


def test_load_claims_rejects_bad_files(tmp_path):
    bad = tmp_path / "claims.toml"
    bad.write_text("[[claim]\nid = 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="malformed TOML"):
        load_claims(bad)
    with pytest.raises(DataError, match="no claims register"):
        load_claims(tmp_path / "none.toml")


# -- the analysis sections ------------------------------------------------------------------------
def _table_rows(page: str, caption_start: str) -> list[list[str]]:
    table = re.search(r"<table><caption><bdi>" + re.escape(caption_start) + r".*?</table>", page, flags=re.S).group(0)
    rows = [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)] for row in re.findall(r"<tr>(.*?)</tr>", table)]
    return [r for r in rows if r]


def test_bundled_report_dependence_section(bundled_report):
    page = bundled_report
    assert 'id="dependence"' in page and 'href="#dependence"' in page
    header = re.search(r"<caption><bdi>Captive to.*?</thead>", page, flags=re.S).group(0)
    assert "share_pct (%)" in header
    rows = _table_rows(page, "Captive to")
    italy = [r for r in rows if r[:4] == ["market", "market-it", r[2], "gas"]]
    assert italy and float(italy[0][-1]) == pytest.approx(100.0, abs=0.1)   # Italy's gas: everything through one country
    assert any(r[0] == "supplier" and r[1] == "AZ" and r[3] == "oil" for r in rows)
    top = html.unescape(re.search(r"<caption><bdi>The main markets.*?</thead>", page, flags=re.S).group(0))
    for col in ("served (in the row's unit)", "crossing (in the row's unit)", "share_crossing_pct (%)", "share_lost_pct (%)"):
        assert col in top, col


def test_bundled_report_planning_section(bundled_report):
    page = bundled_report
    assert 'id="planning"' in page
    svg = re.search(r'<svg[^>]*class="chart frontier".*?</svg>', page, flags=re.S).group(0)
    assert "Capex annualised (M EUR/y)" in svg and "Worst-case loss share (%)" in svg
    # the freight frontier (2030, per commodity, dated projects as candidates): three plans, dearer ones lose less
    assert svg.count('class="point"') == 3
    assert re.findall(r'<text class="point-label"[^>]*>(.*?)</text>', html.unescape(svg)) == [
        "nothing built", "+KARS-IGDIR +ASTARA-IR-PHASE2 [K]", "+TRIPP [K]"]
    rows = _table_rows(page, "Cost–resilience frontier (country N-1, 2030, freight limited")
    assert [r[0] for r in rows] == ["100", "80", "50", "5"]
    assert [r[2] for r in rows[:3]] == ["", "KARS-IGDIR + ASTARA-IR-PHASE2 [K]", "TRIPP [K] + KARS-IGDIR"]
    losses = [float(r[5]) for r in rows[:3]]
    assert losses[0] == pytest.approx(84.7, abs=0.1) and losses[2] == pytest.approx(5.6, abs=0.1)
    assert rows[3][1] == "infeasible" and rows[3][-1] == "country:GE all markets freight"
    assert "5 %: country:GE all markets freight" in html.unescape(page)


def test_frontier_points_follow_the_plans():
    from corridors.analysis.planning import plan_curve
    from corridors.render.sections import frontier_svg
    from plannet import plan_network

    # plannet's projects take 3 years: decided in 2020 they serve 2024 (from the default 2024 every one is too late)
    frame = plan_curve(plan_network(), limits=[1.0, 0.25, 0.0], level="country", year=2024, contingencies=["GE"],
                       from_year=2020)
    assert frame["projects"].tolist() == ["", "DIRECT [K]", "BYPASS"]
    svg = str(frontier_svg(frame))
    xs = [float(x) for x in re.findall(r'<circle class="point" cx="([0-9.]+)"', svg)]
    ys = [float(y) for y in re.findall(r'<circle class="point" cx="[0-9.]+" cy="([0-9.]+)"', svg)]
    assert xs == sorted(xs) and len(set(xs)) == 3          # dearer plans to the right
    assert ys[0] < ys[1] < ys[2]                           # and lower losses (SVG y grows downwards)
    labels = re.findall(r'<text class="point-label"[^>]*>(.*?)</text>', svg)
    assert labels == ["nothing built", "+DIRECT [K]", "+BYPASS"]


def test_analysis_sections_escape_names(demo_network):
    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, balances = network_to_frames(demo_network)
    nodes = nodes.copy()
    nodes.loc["ceyhan", "name"] = "<script>alert(2)</script>"   # a market: named in the dependence tables
    page = render_report(network_from_frames(nodes, links, balances), level="link", claims=False)
    body = _outside_map(page)
    section = body[body.index('id="dependence"'):body.index('id="sources"')]
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in section and "<script" not in body


def test_run_case_without_drawing_solves_and_compares_the_same(bundled_network):
    from corridors.model.results import market_changes

    scen = Scenario.cut("country:GE", year=2024)
    light, full = run_case(bundled_network, scenario=scen, _drawing=False), run_case(bundled_network, scenario=scen)
    assert light.routes is None and light.later is None and light.comparison is None
    assert full.routes is not None and full.comparison.origins is not None
    # the claims section's result: what the markets get and the links carry, the FlowResult's numbers
    assert light.result.status == full.result.status == "optimal"
    assert light.result.deliveries.equals(full.result.deliveries)
    assert light.result.flows["flow"].equals(full.result.flows["flow"]) and list(light.result.flows.columns) == ["flow"]
    assert market_changes(light.base, light.result).equals(full.comparison.markets)  # what the claims section shows
    markets_only = full.base.compare(full.result, origins=False)
    assert markets_only.origins is None and full.comparison.origins is not None
    for table in ("links", "markets", "totals"):
        assert getattr(markets_only, table).equals(getattr(full.comparison, table))
    assert light.network.links.equals(full.network.links) and light.network.balances.equals(full.network.balances)


def test_reusing_applies_a_scenario_once_and_hands_out_copies(demo_network, monkeypatch):
    from corridors.model import reuse

    calls = []
    at = type(demo_network).at
    monkeypatch.setattr(type(demo_network), "at", lambda self, *a, **kw: calls.append(a) or at(self, *a, **kw))
    cut, other = Scenario.cut("country:GE", year=2024), Scenario.cut("link:pipe-b", year=2024)
    plain = cut.apply(demo_network)
    assert len(calls) == 1
    with reuse.reusing():
        first = cut.apply(demo_network)
        first.links.loc[first.links.index[0], "derate"] = 0.25  # a caller changing its copy
        second, third = cut.apply(demo_network), other.apply(demo_network)
        with reuse.reusing():  # a nested block shares the outer one
            fourth = cut.apply(demo_network)
    assert len(calls) == 2  # one year filter for both scenarios, inside the block
    for net in (second, fourth):
        assert net is not first and net.links.equals(plain.links) and net.balances.equals(plain.balances)
    assert third.links.equals(other.apply(demo_network).links)
    assert cut.apply(demo_network).links.equals(plain.links) and len(calls) == 4  # outside: nothing kept
