"""The maps in a real browser: Debian's headless chromium driven by Playwright, fully offline.

Leaflet is inlined in the page; every other request is blocked (tests/browser.py).
"""

from __future__ import annotations

import re

import pytest

from browser import chromium_missing_reason, launch, open_page, pixel_stats
from corridors.render.maps import PROJECT_STATUSES, render_map, save_map
from test_maps import HOSTILE, HOSTILE_SCRIPT, demo_flows, hostile_network

_REASON = chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]

_POINT_ON_LINK = """([mapName, id]) => {
  const map = window[mapName];
  let pt = null, path = null;
  map.eachLayer(l => {
    if (pt || !l.feature || l.feature.properties.id !== id || !l.getLatLngs) return;
    if (!(l.options.className || '').includes('cx-link')) return;
    const ll = l.getLatLngs(), i = Math.floor((ll.length - 1) / 2);
    const a = map.latLngToContainerPoint(ll[i]), b = map.latLngToContainerPoint(ll[i + 1]);
    pt = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
    path = l._path;
  });
  if (!pt) return null;
  const r = map.getContainer().getBoundingClientRect();
  const x = pt.x + r.left, y = pt.y + r.top, hit = document.elementFromPoint(x, y);
  return {x, y, own: hit === path, hit: hit ? hit.getAttribute('class') : null};
}"""


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


def shown_links(net) -> int:
    """Links drawn at load: everything but (unbuilt) projects and retired links."""
    status = net.links["status"]
    if net.year is not None:
        return len(net.links)
    return int((~status.isin([*PROJECT_STATUSES, "retired"])).sum())


def corridor_count(net) -> int:
    links = net.links
    if net.year is None:
        links = links[~links["status"].isin([*PROJECT_STATUSES, "retired"])]
    return links["corridor"].nunique()


def overlay_labels(page) -> list[str]:
    """Overlay names in the layer control, without the colour swatch some of them start with."""
    texts = page.locator(".leaflet-control-layers-overlays label").all_text_contents()
    return [re.sub(r"^[^\w<]+", "", t.strip()) for t in texts]


def assert_clean(p) -> None:
    assert p.errors == [], p.errors
    assert p.dialogs == [], p.dialogs
    assert p.blocked == [], f"requests that had no local copy: {p.blocked}"


def click_link(p, m, link_id: str) -> None:
    spot = p.page.evaluate(_POINT_ON_LINK, [m.get_name(), link_id])
    assert spot is not None, f"link {link_id} not drawn"
    assert spot["own"], f"link {link_id} is covered there by {spot['hit']!r}"
    p.page.mouse.click(spot["x"], spot["y"])


def test_demo_map_loads_with_layers_lines_and_popup(browser, tmp_path, demo_network):
    m = render_map(demo_network)
    html = save_map(m, tmp_path / "demo.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        assert_clean(p)
        labels = overlay_labels(p.page)
        assert sum(label.startswith("Corridor: ") for label in labels) == corridor_count(demo_network) == 3
        assert p.page.locator("path.cx-link.leaflet-interactive").count() == shown_links(demo_network) == 5
        assert p.page.locator("path.cx-node").count() == len(demo_network.nodes)
        assert p.served == [p.page.url]  # Leaflet is inlined: the page asks for nothing else
        click_link(p, m, "pipe-b")
        popup = p.page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        for part in ("Demo oil pipeline, Georgia-Türkiye section", "DEMO-OIL", "BTC", "1200 kb/d", "operating, since 2006"):
            assert part in text, part


def test_projects_layer_toggles_on(browser, tmp_path, demo_network):
    html = save_map(render_map(demo_network), tmp_path / "demo.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        before = p.page.locator("path.cx-link").count()
        p.page.locator(".leaflet-control-layers").hover()
        p.page.locator(".leaflet-control-layers-overlays label", has_text="Projects: TRIPP").locator("input").check()
        assert p.page.locator("path.cx-link").count() == before + 1
        assert p.page.locator("path.cx-link[stroke-dasharray='8 6']").count() == 1
        assert_clean(p)


def test_hostile_names_stay_text(browser, tmp_path):
    net = hostile_network()
    m = render_map(net, demo_flows(), title=f"Title {HOSTILE}")
    html = save_map(m, tmp_path / "hostile.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        spot = p.page.evaluate(_POINT_ON_LINK, [m.get_name(), "pipe-b"])
        assert spot["own"], spot
        p.page.mouse.move(spot["x"], spot["y"])
        tooltip = p.page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert HOSTILE in tooltip.inner_text()
        p.page.mouse.click(spot["x"], spot["y"])
        popup = p.page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert HOSTILE in text and HOSTILE_SCRIPT in text and '"><svg onload=alert(2)>' in text
        assert any(f"Corridor: Evil {HOSTILE}" == label for label in overlay_labels(p.page))
        assert f"Title {HOSTILE}" in p.page.locator(".cx-title").inner_text()
        assert p.page.title() == f"Title {HOSTILE}"
        p.page.wait_for_timeout(300)  # give any injected handler time to fire
        assert p.page.evaluate("() => window.__xss") is None
        assert p.page.locator("img[src='x'], .leaflet-popup-content svg, .leaflet-popup-content script").count() == 0
        assert_clean(p)


def test_screenshot_not_blank(browser, tmp_path, demo_network):
    html = save_map(render_map(demo_network.at(2024), demo_flows()), tmp_path / "flows.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        colours, spread = pixel_stats(p.page.screenshot())
        assert colours > 50 and spread > 10, (colours, spread)
        assert_clean(p)


@pytest.mark.parametrize("view", ["flows", "comparison", "sweep", "disrupted"])
def test_views_load(browser, tmp_path, demo_network, view):
    import pandas as pd

    kwargs = {
        "flows": {"result": demo_flows()},
        "comparison": {"comparison": pd.DataFrame({"base": [40.0, 40.0, 0.0], "scenario": [0.0, 0.0, 5.7]},
                                                   index=["pipe-a", "pipe-b", "pipe-c"])},
        "sweep": {"sweep": pd.DataFrame({"criticality": [9.0, 2.0, 1.0]}, index=["pipe-a", "supsa", "TR"])},
        "disrupted": {"disrupted": ["pipe-a", "node:supsa", "country:GE"], "bypass": ["rail-alat-kars"]},
    }[view]
    html = save_map(render_map(demo_network.at(2024), **kwargs), tmp_path / f"{view}.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        assert_clean(p)
        if view != "disrupted":
            assert p.page.locator(".cx-legend .cx-scale .cx-bar").count() == 1  # colour scale drawn without d3
        else:
            from corridors.render.layers import resolve_targets

            links, nodes, _ = resolve_targets(demo_network.at(2024), kwargs["disrupted"])
            assert p.page.locator("path.cx-disrupted").count() == len(links) + len(nodes) == 6
            assert p.page.locator("path.cx-bypass").count() == 1


def test_bundled_map_in_browser(browser, tmp_path, bundled_network):
    m = render_map(bundled_network)
    html = save_map(m, tmp_path / "corridors.html")
    with open_page(browser, html) as p:
        p.page.wait_for_selector("path.cx-link")
        assert_clean(p)
        labels = overlay_labels(p.page)
        assert sum(label.startswith("Corridor: ") for label in labels) == corridor_count(bundled_network)
        assert p.page.locator("path.cx-link").count() == shown_links(bundled_network)


def _boxes(page) -> dict:
    return page.evaluate("""() => {
      const out = {};
      for (const [name, sel] of [['title', '.cx-title'], ['legend', '.cx-legend'], ['zoom', '.leaflet-control-zoom'],
                                 ['layers', '.leaflet-control-layers'], ['scale', '.leaflet-control-scale']]) {
        const el = document.querySelector(sel);
        if (el) { const r = el.getBoundingClientRect(); out[name] = [r.left, r.top, r.right, r.bottom]; }
      }
      return out;
    }""")


@pytest.mark.parametrize("size", [(390, 844), (1600, 1000)])
def test_controls_do_not_overlap(browser, tmp_path, bundled_network, size):
    """At phone and desktop size the title, legend, zoom, layer control and scale bar do not overlap,
    all lie inside the window, and the network fills the view (no half-empty screen)."""
    import corridors as cx

    net = bundled_network.at(2024)
    html = save_map(render_map(net, cx.solve(bundled_network, year=2024)), tmp_path / "phone.html")
    w, h = size
    with open_page(browser, html, width=w, height=h) as p:
        p.page.wait_for_selector("path.cx-link", state="attached")
        # the view is fitted once the map has a size (and may animate): wait for the fitted view, not a fixed
        # time; if it never comes the spread asserted below says how far it got
        try:
            p.page.wait_for_function(_SPREAD + f".some((v, i) => v > 0.6 * [{w}, {h}][i])", timeout=20_000)
        except Exception:  # playwright's TimeoutError
            pass
        boxes = _boxes(p.page)
        assert set(boxes) == {"title", "legend", "zoom", "layers", "scale"}
        names = sorted(boxes)
        for i, a in enumerate(names):
            ax0, ay0, ax1, ay1 = boxes[a]
            assert ax0 >= 0 and ay0 >= 0 and ax1 <= w and ay1 <= h, (a, boxes[a])
            for b in names[i + 1:]:
                bx0, by0, bx1, by1 = boxes[b]
                assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, f"{a} {boxes[a]} overlaps {b} {boxes[b]}"
        spread = p.page.evaluate(f"() => {_SPREAD}")
        assert spread[0] > 0.6 * w or spread[1] > 0.6 * h, spread  # fitted to the network
        p.page.screenshot(path=str(tmp_path / f"map-{w}x{h}.png"))
        assert_clean(p)


_SPREAD = """(() => { let x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
  document.querySelectorAll('path.cx-link').forEach(e => { const r = e.getBoundingClientRect();
    x0 = Math.min(x0, r.left); x1 = Math.max(x1, r.right); y0 = Math.min(y0, r.top); y1 = Math.max(y1, r.bottom); });
  return [x1 - x0, y1 - y0]; })()"""


def test_commodity_view_corridor_legend_and_direction(browser, tmp_path, demo_network):
    from corridors.model.flow import solve

    net = demo_network.at(2024)
    m = render_map(net, solve(demo_network, year=2024))
    html = save_map(m, tmp_path / "flows.html")
    with open_page(browser, html) as p:
        page = p.page
        page.wait_for_selector("path.cx-link")
        links = page.locator("path.cx-link").count()
        # flow direction: a running dash on lines that carry flow, drawn by CSS (no script, no CDN)
        assert page.locator("path.cx-dir").count() >= 1
        assert page.eval_on_selector("path.cx-dir", "e => getComputedStyle(e).animationName") == "cx-run"
        # reference widths in the legend, in the flow's unit
        assert "Line width ∝ flow" in page.inner_text(".cx-legend") and "Mt/y" in page.inner_text(".cx-legend")
        # by commodity: commodity lines replace the utilisation lines, the legend follows
        page.click("button[data-cx-view=commodity]")
        assert page.locator("path.cx-link").count() == 0
        assert page.locator("path.cx-commodity").count() >= 1
        assert page.locator(".cx-lg-comm").is_visible() and not page.locator(".cx-lg-main").is_visible()
        page.click("button[data-cx-view=main]")
        assert page.locator("path.cx-link").count() == links and page.locator("path.cx-commodity").count() == 0
        # the corridor legend hides and shows its corridor
        btc = (net.links["corridor"] == "BTC").sum()
        page.click(".cx-corr:has-text('BTC')")
        assert page.locator("path.cx-link").count() == links - btc
        page.click(".cx-corr:has-text('BTC')")
        assert page.locator("path.cx-link").count() == links
        assert_clean(p)
        assert p.console_errors == []


def test_compare_panes_are_synchronised_with_one_legend(browser, tmp_path, demo_network):
    from corridors.model.scenario import Scenario
    from corridors.render.compare import compare_map
    from corridors.render.report import run_case

    case = run_case(demo_network, scenario=Scenario.compose(cut=["country:GE"]))
    html = save_map(compare_map(case, demo_network), tmp_path / "compare.html")
    with open_page(browser, html, width=1400, height=800) as p:
        page = p.page
        page.wait_for_selector("#map_cy0 path.cx-link")
        assert_clean(p)
        assert p.console_errors == []
        left = page.locator("#map_cx0 path.cx-link").count()
        right = page.locator("#map_cy0 path.cx-link").count()
        assert left >= 5 and right >= 5
        assert page.locator(".cx-legend").count() == 1  # shared
        boxes = [page.locator(f"#map_{k}").bounding_box() for k in ("cx0", "cy0")]
        assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] + 1  # side by side
        assert "Base case, 2024" in page.inner_text("body") and "Georgia closed, 2024" in page.inner_text("body")
        assert page.locator("#map_cy0 path.cx-disrupted").count() >= 1
        # panning the left pane moves the right one
        page.evaluate("() => { const c = map_cx0.getCenter(); map_cx0.setView([c.lat + 0.3, c.lng + 0.4], map_cx0.getZoom() + 1, {animate: false}); }")
        page.wait_for_timeout(100)
        views = page.evaluate("() => [map_cx0.getCenter(), map_cy0.getCenter(), map_cx0.getZoom(), map_cy0.getZoom()]")
        assert views[2] == views[3]
        assert abs(views[0]["lat"] - views[1]["lat"]) < 1e-6 and abs(views[0]["lng"] - views[1]["lng"]) < 1e-6
        # the shared view switch acts on both panes
        page.click("button[data-cx-view=commodity]")
        assert page.locator("#map_cx0 path.cx-link:not(.cx-project)").count() == 0
        assert page.locator("#map_cy0 path.cx-link:not(.cx-project)").count() == 0
        assert page.locator("#map_cy0 path.cx-commodity").count() >= 1
