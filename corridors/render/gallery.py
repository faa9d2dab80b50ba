"""A gallery of maps: the base network and every bundled scenario, with an index page.

:func:`render_gallery` solves the base case and each scenario of ``seeds/scenarios/``
(or another folder), draws each as a folium map (the scenario against its base case, with the
disrupted elements marked and the bypass routes highlighted), and writes them with an
``index.html`` that links them, giving each one's title, description and what it loses. Every
page is rendered before anything is written, and each file is written atomically, so a bad
scenario leaves the folder as it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.errors import DataError
from corridors.render.titles import disruption_label

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network
    from corridors.render.report import Case

__all__ = ["render_gallery"]

#: File name of the base-case map in the gallery.
BASE_PAGE = "base.html"
_RESERVED = {"base", "index"}

def _page_name(stem: str) -> str:
    return f"scenario-{stem}.html" if stem.lower() in _RESERVED else f"{stem}.html"


def _lost_text(case: Case) -> str:
    """What the scenario loses, per commodity (or that every market is still served)."""
    from corridors.data.units import CANONICAL_UNITS

    if case.comparison is None:
        d = case.base.deliveries
        short = d.groupby("commodity")["unmet"].sum() if len(d) else {}
        parts = [f"{k} {v:.3g} {CANONICAL_UNITS.get(k, '')}" for k, v in dict(short).items() if v > 1e-6]
        return ("unmet in the base case: " + ", ".join(parts)) if parts else "every market served"
    lost = case.comparison.markets.groupby("commodity")["unmet_change"].sum()
    parts = [f"{k} {v:.3g} {CANONICAL_UNITS.get(k, '')}" for k, v in lost.items() if v > 1e-6]
    return ("lost: " + ", ".join(parts)) if parts else "nothing lost: every market still served"


def _index_html(entries: list[dict], title: str) -> str:
    from markupsafe import Markup

    from corridors.render.pages import GALLERY_CSS, render_template

    return str(render_template("gallery.html.j2", css=Markup(GALLERY_CSS), title=title, entries=entries))


def render_gallery(directory: str | os.PathLike = "maps", *, network: Network | None = None, year: int | None = None,
                   scenarios: str | os.PathLike | None = None, title: str | None = None, cdn: bool = False) -> Path:
    """Write a map of the base network and of every scenario into ``directory``, with ``index.html``.

    Parameters
    ----------
    directory
        The folder to write into (created if missing); default ``maps``.
    network
        The full network; default the bundled one (:func:`corridors.load_network`).
    year
        The base-case year (default ``settings.DEFAULT_YEAR``); scenarios are drawn in their own
        year, and those without one in this year.
    scenarios
        A folder of scenario TOML files; default the bundled ones (:func:`corridors.model.scenario.scenarios_dir`).
    title
        The index page's title (escaped).
    cdn
        Link Leaflet from a CDN instead of inlining it (lighter pages that need the internet).

    Returns
    -------
    Path
        The path of ``index.html``.

    Raises
    ------
    ScenarioError
        A scenario that does not load or names nothing in the network; nothing is written then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from corridors.data.io import load_demo_network
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ge.toml").write_text('name = "Georgia <closed>"\\n[[disruption]]\\ntarget = "country:GE"\\n')
    >>> index = render_gallery(d / "maps", network=load_demo_network(), scenarios=d)
    >>> sorted(p.name for p in index.parent.iterdir())
    ['base.html', 'ge.html', 'index.html']
    >>> "Georgia &lt;closed&gt;" in index.read_text(encoding="utf-8")
    True
    """
    from corridors.data.files import atomic_path
    from corridors.data.io import load_network
    from corridors.render.report import case_map, run_case
    from corridors.model.scenario import list_scenarios, load_bundled, scenarios_dir

    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise DataError(f"{out}: exists and is not a folder; give a folder for the gallery")
    net = network if network is not None else load_network()
    folder = Path(scenarios) if scenarios is not None else scenarios_dir()
    if scenarios is not None and not folder.is_dir():
        raise DataError(f"{folder}: no such folder of scenarios; give a folder of .toml files")
    bases: dict[int, Any] = {}
    pages: list[tuple[str, str]] = []
    entries: list[dict] = []

    base = run_case(net, year=year, _bases=bases)
    pages.append((BASE_PAGE, case_map(base, cdn=cdn).get_root().render()))
    entries.append({"file": BASE_PAGE, "title": base.title, "id": "", "year": base.year, "targets": [],
                    "description": "The network of the year with its min-cost flows, coloured by utilisation.",
                    "lost": _lost_text(base)})
    for stem in list_scenarios(directory=folder):
        scen = load_bundled(stem, directory=folder)
        case = run_case(net, year=None if scen.year is not None else year, scenario=scen, _bases=bases)
        name = _page_name(stem)
        pages.append((name, case_map(case, cdn=cdn).get_root().render()))
        # plain words, the target beside them for those who write scenario files
        targets = [f"{disruption_label(d.target, d.remaining, net)} ({d.target})" for d in scen.disruptions]
        targets += [f"build {p}" for p in scen.projects]
        entries.append({"file": name, "title": scen.name, "id": stem, "year": case.year, "targets": targets,
                        "description": scen.description or "", "lost": _lost_text(case)})

    out.mkdir(parents=True, exist_ok=True)
    for name, text in pages:
        with atomic_path(out / name, suffix=".html") as tmp:
            tmp.write_text(text, encoding="utf-8")
    index = out / "index.html"
    with atomic_path(index, suffix=".html") as tmp:
        tmp.write_text(_index_html(entries, title or "Caspian–Black Sea corridors: map gallery"), encoding="utf-8")
    return index
