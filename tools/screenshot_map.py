"""Screenshot of the bundled map for the README: the 2024 flows, drawn by ``render_map``.

Solves the bundled network for a year, renders the map to HTML (no tile server), opens it in
Debian's headless chromium through the browser test helper (``tests/browser.py``: Leaflet and the
Leaflet is inlined in the page and every other request is blocked) and
writes a PNG (quantised to a palette when it would be over 400 kB, so it stays small in the
repository).

Usage::

    python -m tools.screenshot_map                       # maps/corridors.png, 1280×800, 2024
    python -m tools.screenshot_map --out /tmp/map.png --year 2030 --width 1600 --height 1000
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_OUT = ROOT / "maps" / "corridors.png"
#: The README embeds the picture: keep it small.
MAX_BYTES = 400_000


def _browser_helper():
    """``tests/browser.py``, imported by path (the tests folder is not a package)."""
    spec = importlib.util.spec_from_file_location("corridors_test_browser", ROOT / "tests" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def render_html(path: Path, *, year: int) -> Path:
    """Solve the bundled network for ``year`` and write its flow map to ``path``."""
    import corridors as cx
    from corridors.model.flow import quiet_stdout

    net = cx.load_network()
    with quiet_stdout():
        result = cx.solve(net, year=year)
    if not result.ok:
        raise SystemExit(f"the {year} solve ended {result.status!r}; no screenshot")
    m = cx.explore(result, net, title=f"Caspian–Black Sea corridors {year}: flows and utilisation")
    m.options["zoom_snap"] = 0.1  # fit the network to the picture, not to a whole zoom level
    return cx.save_map(m, path)


def screenshot(html: Path, *, width: int, height: int) -> bytes:
    """A PNG of ``html`` at ``width`` × ``height``, after the map has drawn."""
    browser_py = _browser_helper()
    reason = browser_py.chromium_missing_reason()
    if reason:
        raise SystemExit(reason)
    with browser_py.launch() as browser:
        with browser_py.open_page(browser, html, width=width, height=height) as page:
            page.page.wait_for_selector("path.cx-link")
            page.page.wait_for_timeout(500)  # let the legend and the last layers settle
            if page.errors:
                raise SystemExit(f"the map page raised: {page.errors[0]}")
            png = page.page.screenshot(full_page=False)
    colours, spread = browser_py.pixel_stats(png)
    if colours < 50 or spread < 5:
        raise SystemExit(f"the screenshot looks blank ({colours} colours, grey spread {spread:.1f})")
    return png


def shrink(png: bytes, *, colours: int = 256) -> bytes:
    """The PNG quantised to a palette of ``colours`` (a map has few colours: it reads the same)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    small = img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=True)
    return buf.getvalue() if len(buf.getvalue()) < len(png) else png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG to write (default maps/corridors.png)")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        html = render_html(Path(tmp) / "corridors-map.html", year=args.year)
        png = screenshot(html, width=args.width, height=args.height)
    if len(png) > MAX_BYTES:  # a palette keeps the picture small (small swatches may shift colour)
        png = shrink(png)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png)
    size = len(png)
    print(f"wrote {args.out} ({args.width}×{args.height}, {size / 1000:.0f} kB)")
    if size > MAX_BYTES:
        print(f"warning: {size} bytes is more than {MAX_BYTES}; the README should embed a smaller picture",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
