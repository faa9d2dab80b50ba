"""Hostile data in every page, in real headless chromium with every request but the page blocked.

Every free-text field of nodes, links and balances, the scenario's name and description and
``--title`` carry HTML, script, ``javascript:`` and Jinja payloads (tests/hostile.py). Each page
(map, what-if map, sweep map, comparison view, report, gallery) must be written with exit 0,
create no file, fire no dialog with every popup and tooltip opened, raise no page or console
error, request nothing, and show the payloads as literal text.
"""

from __future__ import annotations

import pytest

from browser import chromium_missing_reason, launch, open_page
from hostile import PWNED, TITLE, VISIBLE, write_hostile

_REASON = chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]

#: Opens every popup and tooltip of every Leaflet map in the document; returns their text and the maps' count.
_OPEN_ALL = """() => {
  const maps = [];
  for (const k of Object.keys(window)) { try { if (window[k] instanceof L.Map) maps.push(window[k]); } catch (e) {} }
  const texts = [];
  for (const map of maps) {
    map.eachLayer(l => {
      if (l.getTooltip && l.getTooltip()) { l.openTooltip(l.getCenter ? l.getCenter() : l.getLatLng());
        const t = l.getTooltip().getElement(); if (t) texts.push(t.innerText); }
      if (l.getPopup && l.getPopup()) { l.openPopup(l.getCenter ? l.getCenter() : l.getLatLng());
        const p = l.getPopup().getElement(); if (p) texts.push(p.innerText); l.closePopup(); }
    });
  }
  document.querySelectorAll('.leaflet-control-layers').forEach(c => c.classList.add('leaflet-control-layers-expanded'));
  return {maps: maps.length, texts: texts, body: document.body.innerText};
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory, demo_network):
    """Every page written from the hostile network (CLI in-process, run in an empty folder)."""
    import os

    import corridors as cx
    from corridors.cli.app import main
    from corridors.render.maps import save_map
    from corridors.model.scenario import load_scenario

    work = tmp_path_factory.mktemp("hostile")
    net, scen, folder = write_hostile(demo_network, work / "input")
    cwd = os.getcwd()
    os.chdir(work)
    try:
        runs = {
            "map": ["map", "--network", str(net), "--title", TITLE, "--out", "map.html"],
            "whatif": ["map", "--network", str(net), "--scenario", str(scen), "--out", "whatif.html"],
            "sweep": ["map", "--network", str(net), "--sweep", "link", "--title", TITLE, "--out", "sweep.html"],
            "compare": ["map", "--network", str(net), "--compare", "--scenario", str(scen), "--out", "compare.html"],
            "report": ["report", "--network", str(net), "--scenario", str(scen), "--title", TITLE, "--no-claims",
                       "--level", "link", "--out", "report.html"],
            "gallery": ["gallery", "gallery", "--network", str(net), "--scenarios", str(folder)],
        }
        codes = {name: main(argv) for name, argv in runs.items()}
        hostile = cx.load_network(net)
        base = cx.solve(hostile, year=2024)
        result = cx.solve(hostile, scenario=load_scenario(scen))
        save_map(cx.explore(base.compare(result), hostile, title=TITLE), work / "comparison.html")
        codes["comparison"] = 0
    finally:
        os.chdir(cwd)
    return work, codes


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


def _check(p, frame=None) -> dict:
    target = frame or p.page
    target.wait_for_selector("path.cx-link", state="attached")
    seen = target.evaluate(_OPEN_ALL)
    p.page.wait_for_timeout(200)  # any injected handler would fire now
    assert seen["maps"] >= 1
    assert p.dialogs == [], p.dialogs
    assert p.errors == [] and p.console_errors == [], (p.errors, p.console_errors)
    assert p.blocked == [], p.blocked
    assert target.evaluate("() => document.querySelectorAll('img').length") == 0
    return seen


@pytest.mark.parametrize("name", ["map", "whatif", "sweep", "comparison", "compare"])
def test_hostile_map_pages(browser, pages, name):
    work, codes = pages
    assert codes[name] == 0
    assert not (work / PWNED).exists()
    with open_page(browser, work / f"{name}.html") as p:
        seen = _check(p)
        text = "\n".join(seen["texts"]) + seen["body"]
        for payload in VISIBLE:
            assert payload in text, (name, payload)
        assert "49" not in seen["body"]
        if name in ("map", "sweep", "comparison"):
            assert p.page.title() == TITLE + "\u202c"  # the override is closed where the title ends


def test_hostile_report(browser, pages):
    work, codes = pages
    assert codes["report"] == 0 and not (work / PWNED).exists()
    with open_page(browser, work / "report.html") as p:
        assert p.page.locator("iframe.map").get_attribute("sandbox") == "allow-scripts"
        frame = p.page.frame_locator("iframe.map")
        frame.locator("path.cx-link").first.wait_for(state="attached")
        inner = p.page.frames[1]
        seen = _check(p, inner)
        body = p.page.locator("body").inner_text()
        for payload in VISIBLE:
            assert payload in body, payload
            assert payload in "\n".join(seen["texts"]), payload
        assert p.page.title() == TITLE
        assert p.page.evaluate("() => document.querySelectorAll('img, script').length") == 0


def test_hostile_gallery(browser, pages):
    work, codes = pages
    assert codes["gallery"] == 0 and not (work / PWNED).exists()
    with open_page(browser, work / "gallery" / "index.html") as p:
        body = p.page.locator("body").inner_text()
        assert "Scenario <img src=x onerror=alert(1)>" in body and "{{7*7}}" in body
        assert p.page.evaluate("() => document.querySelectorAll('img, script').length") == 0
        p.page.locator("a", has_text="Scenario").click()
        p.page.wait_for_url("**/hostile.html")
        seen = _check(p)
        assert any("{% if 1 %}x{% endif %}" in t for t in seen["texts"])
        assert p.dialogs == [] and p.errors == []
