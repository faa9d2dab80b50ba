"""Open an HTML page in headless Debian chromium (Playwright), with no network.

Nothing outside this machine is reachable, and the pages must not need it: every request other
than the page itself is aborted and listed in ``Page.blocked`` (tests fail on any). The page is
served from ``http://corridors.test/<name>``. For ``--cdn`` pages (benchmarks), ``serve_cdn=True``
answers the Leaflet CDN links from the copies vendored in ``corridors/render/static/``.

No browser is downloaded and no npm is needed: chromium comes from apt (``/usr/bin/chromium``).

Usage::

    with launch() as browser:
        with open_page(browser, "map.html") as page:
            assert not page.errors
            page.page.click("path.cx-link")
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("CORRIDORS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ORIGIN = "http://corridors.test"
STATIC = Path(__file__).resolve().parents[1] / "corridors" / "render" / "static"
_TYPES = {".js": "application/javascript", ".css": "text/css", ".html": "text/html; charset=utf-8"}


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here (None when they can)."""
    # only the browser itself may be absent; playwright is in the [test] extra, so its absence fails
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    return None


def _static_copy(url: str) -> Path | None:
    """The vendored file that answers a CDN url of Leaflet or Leaflet.Sync, if any."""
    path = url.split("?", 1)[0]
    m = re.match(r"https://cdn\.jsdelivr\.net/npm/(leaflet|leaflet\.sync)@[^/]+/(?:dist/)?([\w.]+)$", path)
    if m and (STATIC / m.group(1) / m.group(2)).is_file():
        return STATIC / m.group(1) / m.group(2)
    return None


@dataclass
class Page:
    """An open page and what happened while it loaded."""

    page: Any
    errors: list[str] = field(default_factory=list)          # uncaught exceptions (pageerror)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)         # alert/confirm/prompt messages
    served: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    load_ms: float = float("nan")


@contextlib.contextmanager
def launch(*, headless: bool = True) -> Iterator[Any]:
    """A Playwright chromium browser (Debian's binary, no sandbox, no network services)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=headless)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def open_page(browser: Any, html_path: str | os.PathLike, *, width: int = 1200, height: int = 800,
              wait_until: str = "load", timeout_ms: float = 20000, serve_cdn: bool = False) -> Iterator[Page]:
    """Open ``html_path`` at ``http://corridors.test/<name>`` with every other request blocked.

    Pages next to ``html_path`` (links of a gallery) are served too when the page navigates to them.
    """
    html_path = Path(html_path)
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    state = Page(page)
    page_url = f"{ORIGIN}/{html_path.name}"

    def on_dialog(dialog):
        state.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("pageerror", lambda exc: state.errors.append(str(exc)))
    page.on("console", lambda msg: state.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", on_dialog)

    def handle(route):
        url = route.request.url
        bare = url.split("?", 1)[0].split("#", 1)[0]
        sibling = html_path.parent / bare.rsplit("/", 1)[-1]
        if bare == page_url or (bare.startswith(f"{ORIGIN}/") and route.request.is_navigation_request()
                                and sibling.suffix == ".html" and sibling.is_file()):
            state.served.append(url)
            return route.fulfill(status=200, body=sibling.read_bytes(), content_type=_TYPES[".html"])
        copy = _static_copy(url) if serve_cdn else None
        if copy is not None:
            state.served.append(url)
            return route.fulfill(status=200, body=copy.read_bytes(), content_type=_TYPES[copy.suffix],
                                 headers={"Access-Control-Allow-Origin": "*"})
        state.blocked.append(url)
        return route.abort("blockedbyclient")

    page.route("**/*", handle)
    try:
        start = time.perf_counter()
        page.goto(page_url, wait_until=wait_until)
        state.load_ms = (time.perf_counter() - start) * 1000.0
        yield state
    finally:
        context.close()


def pixel_stats(png: bytes) -> tuple[int, float]:
    """(number of distinct colours, grey-level standard deviation) of a PNG screenshot."""
    import io

    from PIL import Image, ImageStat

    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20)
    return (len(colours) if colours else 1 << 20), ImageStat.Stat(img.convert("L")).stddev[0]
