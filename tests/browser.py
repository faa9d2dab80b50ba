"""Open an HTML page in headless Debian chromium (Playwright), with no network.

Nothing outside this machine is reachable, so every request the page makes is intercepted:

* the page itself is served from ``http://corridors.test/<name>``;
* the CDN scripts and stylesheets folium links (Leaflet, jQuery, Bootstrap, Font Awesome,
  Leaflet.awesome-markers, Leaflet fullscreen, leaflet-measure, Leaflet.Sync, d3 for branca
  legends) are answered from npm packages installed on first use into a cache directory
  (``$CORRIDORS_JS_CACHE``, default ``~/.cache/corridors/js``), with Debian's ``libjs-leaflet`` /
  ``libjs-jquery`` as a fallback for Leaflet and jQuery;
* two tiny stylesheets with no npm package (folium's awesome-rotate CSS, the Bootstrap 3
  glyphicons CSS, both icon-only) are answered with an empty stylesheet;
* everything else (tile servers, …) is aborted and listed in ``Page.blocked``.

No third-party JavaScript is stored in the repository, and no browser is downloaded: chromium comes
from apt (``/usr/bin/chromium``).

Usage::

    with launch() as browser:
        with open_page(browser, "map.html") as page:
            assert not page.errors
            page.page.click("path.cx-link")
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
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
#: npm packages (pinned to the versions folium 0.20 / branca 0.8 link) served in place of the CDNs.
NPM_PACKAGES = (
    "leaflet@1.9.3",
    "jquery@3.7.1",
    "bootstrap@5.2.2",
    "@fortawesome/fontawesome-free@6.2.0",
    "leaflet.awesome-markers@2.0.5",
    "leaflet.fullscreen@3.0.0",
    "leaflet-measure@2.1.7",
    "leaflet.sync@0.2.4",
    "d3@3.5.5",
)
DEBIAN_JS = Path("/usr/share/javascript")
ORIGIN = "http://corridors.test"
_EMPTY_CSS = ("/folium/templates/leaflet.awesome.rotate", "bootstrap-glyphicons.css")
_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
          ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
          ".html": "text/html; charset=utf-8", ".json": "application/json", ".map": "application/json",
          ".gif": "image/gif"}


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here (None when they can)."""
    # only the browser itself may be absent; playwright is in the [test] extra, so its absence fails
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    return None


def cache_dir() -> Path:
    return Path(os.environ.get("CORRIDORS_JS_CACHE", Path.home() / ".cache" / "corridors" / "js"))


def ensure_assets(cache: Path | None = None) -> Path:
    """Install :data:`NPM_PACKAGES` into ``cache`` (once) and return its ``node_modules``.

    Raises RuntimeError with the npm output when npm is missing or fails.
    """
    import fcntl

    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:  # parallel test workers install once
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install(cache)


def _install(cache: Path) -> Path:
    modules = cache / "node_modules"
    stamp = cache / "corridors-packages.json"
    if stamp.exists() and json.loads(stamp.read_text()) == list(NPM_PACKAGES) and modules.exists():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed; the browser tests serve Leaflet & co. from npm packages "
                           "(apt-get install npm)")
    cmd = [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--no-save", "--ignore-scripts",
           "--loglevel=error", *NPM_PACKAGES]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed:\n{proc.stdout}\n{proc.stderr}")
    stamp.write_text(json.dumps(list(NPM_PACKAGES)))
    return modules


def _candidates(url: str, modules: Path) -> list[Path]:
    """Local files that can answer a CDN url (first existing wins)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    out: list[Path] = []
    m = re.match(r"https?://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^/@]+)(?:@[^/]+)?/(.+)$", path)
    if m:
        out.append(modules / m.group(1) / m.group(2))
    m = re.match(r"https?://cdn\.jsdelivr\.net/gh/ljagis/leaflet-measure@[^/]+/(.+)$", path)
    if m:
        out.append(modules / "leaflet-measure" / m.group(1))
    if re.match(r"https?://cdn\.jsdelivr\.net/gh/jieter/Leaflet\.Sync", path):
        out.append(modules / "leaflet.sync" / "L.Map.Sync.js")
    m = re.match(r"https?://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/[^/]+/(.+)$", path)
    if m:
        out.append(modules / "leaflet.awesome-markers" / "dist" / m.group(1))
    m = re.match(r"https?://cdnjs\.cloudflare\.com/ajax/libs/d3/[^/]+/(.+)$", path)
    if m:
        out.append(modules / "d3" / m.group(1))
    m = re.match(r"https?://code\.jquery\.com/(jquery-[\d.]+(?:\.min)?\.js)$", path)
    if m:
        out.append(modules / "jquery" / "dist" / ("jquery.min.js" if ".min." in m.group(1) else "jquery.js"))
        out.append(DEBIAN_JS / "jquery" / "jquery.min.js")
    m = re.match(r"https?://[^/]+/(?:npm/)?leaflet@[^/]+/dist/(.+)$", path)
    if m:
        out.append(DEBIAN_JS / "leaflet" / m.group(1))
    # npm ships some files only unminified (leaflet.fullscreen, leaflet-measure's CSS)
    out += [p.with_name(p.name.replace(".min.", ".")) for p in list(out) if ".min." in p.name]
    return out


@dataclass
class Page:
    """An open page and what happened while it loaded."""

    page: Any
    errors: list[str] = field(default_factory=list)          # uncaught exceptions (pageerror)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)         # alert/confirm/prompt messages
    served: list[str] = field(default_factory=list)
    stubbed: list[str] = field(default_factory=list)
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
              wait_until: str = "load", timeout_ms: float = 20000) -> Iterator[Page]:
    """Open ``html_path`` at ``http://corridors.test/<name>`` with every request intercepted."""
    html_path = Path(html_path)
    modules = ensure_assets()
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
        if url.split("?", 1)[0] == page_url:
            state.served.append(url)
            return route.fulfill(status=200, body=html_path.read_bytes(), content_type=_TYPES[".html"])
        if any(s in url for s in _EMPTY_CSS):
            state.stubbed.append(url)
            return route.fulfill(status=200, body="/* stub: icon-only stylesheet */", content_type="text/css")
        for candidate in _candidates(url, modules):
            if candidate.is_file():
                state.served.append(url)
                return route.fulfill(status=200, body=candidate.read_bytes(),
                                     content_type=_TYPES.get(candidate.suffix, "application/octet-stream"),
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
