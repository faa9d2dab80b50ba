"""The HTML report in a real browser (Debian's headless chromium via Playwright), fully offline:
no page or console errors, the sandboxed map frame draws its lines, readable on a phone."""

from __future__ import annotations

import pytest

from browser import chromium_missing_reason, launch, open_page
from corridors.cli.app import main

_REASON = chromium_missing_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The bundled network's Georgia-closed report, written by the CLI."""
    import os

    work = tmp_path_factory.mktemp("report")
    cwd = os.getcwd()
    os.chdir(work)
    try:
        assert main(["report", "--cut", "country:GE", "--level", "country", "--out", "report.html"]) == 0
    finally:
        os.chdir(cwd)
    return work / "report.html"


@pytest.fixture(scope="module")
def browser():
    with launch() as b:
        yield b


def _map_frame(p):
    frame = next(f for f in p.page.frames if f != p.page.main_frame)
    frame.wait_for_selector("path.cx-link", state="attached")
    return frame


def test_report_offline_without_errors_and_its_map_draws(browser, report):
    with open_page(browser, report, width=1280, height=900) as p:
        assert p.page.locator("iframe.map").get_attribute("sandbox") == "allow-scripts"
        frame = _map_frame(p)
        laid_out = ("() => Array.from(document.querySelectorAll('path.cx-link'))"
                    ".filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 || b.height > 0; }).length")
        # the frame fits its view once it has a size: wait for that (a loaded machine is slow), then count
        try:
            frame.wait_for_function(f"({laid_out})() >= 50", timeout=20_000)
        except Exception:  # playwright's TimeoutError: fall through to the count, which says how many drew
            pass
        drawn = frame.evaluate(laid_out)
        assert drawn >= 50  # the bundled network's lines, laid out in the frame (not an empty frame)
        assert frame.locator(".cx-title").inner_text().startswith("Georgia closed, 2024")
        assert p.errors == [] and p.console_errors == [], (p.errors, p.console_errors)
        assert p.blocked == [], p.blocked
        assert p.served == [p.page.url]
        text = p.page.locator("body").inner_text()
        assert "Mt/y" in text and "bcm/y" in text  # units in the tables' headers


def test_report_readable_on_a_phone(browser, report):
    with open_page(browser, report, width=390, height=844) as p:
        _map_frame(p)
        widths = p.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"horizontal scroll: page {widths[0]} px wide in a {widths[1]} px window"
        box = p.page.locator("iframe.map").bounding_box()
        assert box["width"] <= 390 and box["height"] >= 250
        size = p.page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 14
        assert p.errors == [] and p.console_errors == [], (p.errors, p.console_errors)
