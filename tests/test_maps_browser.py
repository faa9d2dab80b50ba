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
