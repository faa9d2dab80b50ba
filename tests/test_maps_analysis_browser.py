"""The dependence map and the portfolio map in headless chromium, offline, with hostile names in the data."""

from __future__ import annotations

import pytest

from browser import chromium_missing_reason, launch, open_page
from hostile import PAYLOAD, VISIBLE, hostile_network

_REASON = chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]

_STYLES = """(cls) => Array.from(document.querySelectorAll('path.' + cls)).map(p => ({
  fill: p.getAttribute('fill'), stroke: p.getAttribute('stroke'), dash: p.getAttribute('stroke-dasharray')}))"""
_OPEN = """(cls) => {
  const texts = [];
  for (const k of Object.keys(window)) { let m; try { m = window[k]; } catch (e) { continue; }
    if (!(m instanceof L.Map)) continue;
    m.eachLayer(l => { if (!l._path || !(l.options.className || '').includes(cls) || !l.getPopup()) return;
      l.openPopup(l.getCenter ? l.getCenter() : l.getLatLng()); texts.push(l.getPopup().getElement().innerText);
      l.openTooltip(l.getCenter()); texts.push(l.getTooltip().getElement().innerText); l.closePopup(); }); }
  return texts;
}"""


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


def _loaded(p, cls: str):
    p.page.wait_for_selector(f"path.{cls}", state="attached")
    p.page.wait_for_timeout(200)
    assert p.errors == [] and p.console_errors == [] and p.blocked == [] and p.dialogs == []


def test_dependence_map_shades_the_countries(browser, bundled_network, tmp_path):
    from corridors.analysis.dependences import dependence
    from corridors.render.dependence import DEPENDENCE_COLOURS, dependence_map
    from corridors.render.overlay import write_map

    path = tmp_path / "dep.html"
    write_map(dependence_map(bundled_network, dependence(bundled_network, year=2024), market="market-it", commodity="gas"), path)
    with open_page(browser, path) as p:
        _loaded(p, "cx-dep")
        styles = p.page.evaluate(_STYLES, "cx-dep")
        assert len(styles) >= 2 and {s["fill"][:7] for s in styles} == {DEPENDENCE_COLOURS[-1]}  # ~100 %: the darkest shade
        texts = p.page.evaluate(_OPEN, "cx-dep")
        assert any("Lost if it fails (N-1)" in t and "bcm/y" in t and "%" in t for t in texts)
        assert "Share of gas supply crossing (%)" in p.page.locator(".cx-dep-legend").inner_text()
        assert p.errors == [] and p.dialogs == []


def test_hostile_names_show_as_text(browser, demo_network, tmp_path):
    from corridors.analysis.dependences import dependence
    from corridors.render.dependence import dependence_map
    from corridors.render.overlay import write_map

    net = hostile_network(demo_network)
    path = tmp_path / "dep.html"
    write_map(dependence_map(net, dependence(net, year=2024), market="ceyhan"), path)
    with open_page(browser, path) as p:
        _loaded(p, "cx-dep")
        heading = p.page.locator(".cx-title").inner_text()
        for payload in VISIBLE:
            assert payload in heading
        p.page.evaluate(_OPEN, "cx-dep")
        p.page.wait_for_timeout(200)
        assert p.dialogs == [] and p.errors == []
        assert p.page.evaluate("() => document.querySelectorAll('img').length") == 0


def test_portfolio_map_highlights_what_is_built(browser, tmp_path):
    from corridors.analysis.planning import plan
    from corridors.render.overlay import write_map
    from corridors.render.portfolio import PLAN_COLOUR, portfolio_map
    from plannet import plan_network

    net = plan_network(names={"sa": f"Bypass {PAYLOAD}", "ah": f"Bypass east {PAYLOAD}"})
    r = plan(net, level="country", max_loss=0.0, year=2024, contingencies=["GE"], from_year=2020)
    path = tmp_path / "plan.html"
    write_map(portfolio_map(net, r), path)
    with open_page(browser, path) as p:
        _loaded(p, "cx-built")
        styles = p.page.evaluate(_STYLES, "cx-built")
        assert len(styles) == 2 and {s["stroke"] for s in styles} == {PLAN_COLOUR}   # BYPASS: its two links
        # the built links themselves are drawn dashed (planned), the existing ones solid
        dashes = p.page.evaluate(_STYLES, "cx-link")
        assert any(d["dash"] for d in dashes) and any(not d["dash"] for d in dashes)
        texts = p.page.evaluate(_OPEN, "cx-built")
        popup = next(t for t in texts if "Fixes" in t)
        assert "country:GE: IT gas would lose 100.0 % without it (limit 0 %)" in popup and "1 bn EUR" in popup
        for payload in VISIBLE:
            assert payload in popup
        p.page.wait_for_timeout(200)
        assert p.dialogs == [] and p.errors == []
        assert p.page.evaluate("() => document.querySelectorAll('img').length") == 0
