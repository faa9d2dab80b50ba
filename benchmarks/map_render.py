"""Benchmark: the offline map and report against the ``--cdn`` page, size and time to draw in chromium.

For the bundled network's 2024 base-case map (what ``corridors map`` writes) and report
(``corridors report --no-claims``), prints side by side in one run:

* the HTML size of the offline page (Leaflet inlined) and of the ``--cdn`` page;
* the time from navigation until every link of the map is drawn, in headless Debian chromium,
  min/median/max of ``--repeat`` runs; the ``--cdn`` page's Leaflet is served from the local
  vendored copies (tests/browser.py, nothing leaves the machine), so the comparison is the cost of
  inlining, not of the network.

Goals (issue 11): offline map < 2 MB, report < 3 MB, drawn in < 1 s.

Run::

    python benchmarks/map_render.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

_DRAWN = """(n) => document.querySelectorAll('path.cx-link').length >= n"""


def _links_drawn(path: Path) -> int:
    from browser import launch, open_page

    with launch() as b, open_page(b, path, serve_cdn=True) as p:
        p.page.wait_for_selector("path.cx-link", state="attached")
        return p.page.locator("path.cx-link").count()


def _draw_ms(browser, path: Path, links: int, *, frame: bool) -> float:
    from browser import open_page

    start = time.perf_counter()
    with open_page(browser, path, serve_cdn=True, wait_until="commit") as p:
        target = p.page.frame_locator("iframe.map").locator("body") if frame else None
        if frame:
            target.locator("path.cx-link").first.wait_for(state="attached")
            p.page.frames[1].wait_for_function(_DRAWN, arg=links)
        else:
            p.page.wait_for_function(_DRAWN, arg=links)
        ms = (time.perf_counter() - start) * 1000.0
        assert p.blocked == [] and p.errors == [], (p.blocked, p.errors)
    return ms


def _stats(values: list[float]) -> str:
    return f"{min(values):6.0f} / {statistics.median(values):6.0f} / {max(values):6.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from browser import launch

    from corridors.data.io import load_network
    from corridors.render.maps import save_map
    from corridors.render.report import case_map, run_case, write_report

    net = load_network()
    out = Path(tempfile.mkdtemp(prefix="map-render-"))
    case = run_case(net, year=2024)
    pages = {}
    for cdn in (False, True):
        tag = "cdn" if cdn else "offline"
        t0 = time.perf_counter()
        pages[f"map {tag}"] = save_map(case_map(case, cdn=cdn), out / f"map-{tag}.html")
        map_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages[f"report {tag}"] = write_report(net, out / f"report-{tag}.html", year=2024, claims=False, cdn=cdn)
        print(f"built {tag}: map {map_s:.2f} s, report {time.perf_counter() - t0:.2f} s (Python)")
    links = _links_drawn(pages["map offline"])
    print(f"bundled network 2024: {links} link paths drawn per map; {args.repeat} runs each, min / median / max\n")
    print(f"{'page':16} {'size':>10}   {'time to draw every link in chromium':>36}")
    with launch() as browser:
        for name, path in pages.items():
            size = path.stat().st_size / 1e6
            if name == "report cdn":  # the sandboxed frame's CDN requests do not reach Playwright's router
                print(f"{name:16} {size:7.2f} MB   {'not timed: frame needs the internet':>36}")
                continue
            times = [_draw_ms(browser, path, links, frame=name.startswith("report")) for _ in range(args.repeat)]
            print(f"{name:16} {size:7.2f} MB   {_stats(times):>36}")
    print("\ngoals: map offline < 2 MB, report offline < 3 MB, drawn < 1000 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
