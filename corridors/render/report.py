"""One self-contained HTML report: the map, deliveries, criticality, bypasses, the seed claims, sources.

:func:`render_report` solves the base case (and a scenario, when given), runs an N-1 sweep, checks
the claims of ``seeds/claims.toml`` and returns a single HTML page. The folium map sits
in an ``<iframe srcdoc="…">`` (its whole page, escaped), the criticality chart is an inline SVG, and
nothing else is written next to the page (the map's Leaflet scripts come from folium's CDN, as in
every folium map). Every string that comes from data (names, ids, claims, sources) is
HTML-escaped.

The building blocks are shared with :mod:`corridors.render.gallery` and ``corridors map``:
:func:`run_case` (base case, scenario, comparison and bypass routes for one year) and
:func:`case_map` (the folium map of a case).
"""

from __future__ import annotations

import html
import math
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.data.files import bundled_path, seeds_path
from corridors.errors import CorridorsError, DataError, ScenarioError, suggest

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.results import Comparison, FlowResult
    from corridors.model.scenario import Scenario

__all__ = ["Case", "run_case", "case_map", "as_scenario", "load_claims", "claim_scenarios", "bar_chart_svg",
           "render_report", "write_report"]

#: Rows of the criticality ranking drawn in the bar chart (and listed in its table).
TOP = 15
_TOL = 1e-6


def _esc(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


# -- running a case ----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Case:
    """The base case of one year and, optionally, a scenario solved against it.

    Attributes
    ----------
    network
        The network drawn: the year's network, with the scenario applied (derates, projects).
    year
        The year modelled.
    base
        The base-case :class:`~corridors.model.results.FlowResult`.
    scenario
        The :class:`~corridors.model.scenario.Scenario` (its year set), or None.
    result
        The scenario's FlowResult (the base case when there is no scenario).
    comparison
        ``base.compare(result)``, or None.
    routes, lost
        Bypass routes and the routes that carry less (:func:`corridors.analysis.bypasses.bypass_routes`), or None.
    """

    network: Network
    year: int
    base: FlowResult
    scenario: Scenario | None = None
    result: FlowResult | None = None
    comparison: Comparison | None = None
    routes: pd.DataFrame | None = None
    lost: pd.DataFrame | None = None

    @property
    def title(self) -> str:
        """A one-line title: the scenario against the base case, or the base case."""
        if self.scenario is None:
            return f"Caspian–Black Sea corridors {self.year}: base case flows"
        return f"{self.scenario.name} ({self.year}) against the base case"


def as_scenario(scenario: Any) -> Scenario | None:
    """A Scenario from a Scenario, a TOML path or a bundled scenario name (None stays None).

    Examples
    --------
    >>> from corridors.model.scenario import Scenario
    >>> as_scenario(Scenario.cut("country:GE")).name
    'cut country:GE'
    >>> as_scenario(None) is None
    True
    """
    from corridors.model.scenario import Scenario, load_bundled, load_scenario

    if scenario is None or isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, os.PathLike) or (isinstance(scenario, str) and (
            scenario.endswith(".toml") or os.sep in scenario or "/" in scenario or Path(scenario).is_file())):
        return load_scenario(scenario)
    if isinstance(scenario, str):
        return load_bundled(scenario)
    raise ScenarioError(f"scenario {scenario!r} is not a Scenario, a TOML file or a bundled scenario name; "
                        "see `corridors scenarios list`")


def run_case(network: Network, *, year: int | None = 2024, scenario: Any = None,
             _bases: dict[int, Any] | None = None) -> Case:
    """Solve the base case of ``year`` and, if given, ``scenario`` against it.

    Parameters
    ----------
    network
        The full network (e.g. :func:`corridors.load_network`).
    year
        The year; a scenario's own year wins when it has one (default 2024).
    scenario
        A :class:`~corridors.model.scenario.Scenario`, a TOML path or a bundled scenario name.

    Returns
    -------
    Case

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.scenario import Scenario
    >>> case = run_case(load_demo_network(), scenario=Scenario.cut("country:GE"))
    >>> case.year, case.base.status, case.result.status
    (2024, 'optimal', 'optimal')
    >>> float(case.comparison.markets["unmet_change"].sum()) > 0
    True
    """
    from corridors.analysis.bypasses import bypass_routes
    from corridors.model.flow import prepare_network, quiet_stdout, solve

    scen = as_scenario(scenario)
    y = scen.year if scen is not None and scen.year is not None else (year if year is not None else 2024)
    if isinstance(y, bool) or not isinstance(y, int):
        raise DataError(f"year {y!r} is not a year; give a whole year such as 2024")
    cache = _bases if _bases is not None else {}
    with quiet_stdout():
        if y not in cache:
            cache[y] = solve(network, year=y)
        base = cache[y]
        if scen is None:
            return Case(network=prepare_network(network, year=y), year=y, base=base, result=base)
        scen = scen.model_copy(update={"year": y})
        hit = solve(network, scenario=scen)
    routes, lost = bypass_routes(base, hit, network)
    return Case(network=prepare_network(network, scenario=scen), year=y, base=base, scenario=scen, result=hit,
                comparison=base.compare(hit), routes=routes, lost=lost)


def case_map(case: Case, *, sweep: Any = None, title: str | None = None, tiles: Any = None) -> folium.Map:
    """The folium map of a :class:`Case`: flows, or the scenario against the base case, or criticality.

    The scenario view marks the disrupted elements and highlights the bypass routes; with ``sweep``
    (a :class:`~corridors.analysis.sweeps.SweepResult`) elements are coloured by what their loss costs.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> m = case_map(run_case(load_demo_network()))
    >>> "base case flows" in m.get_root().render()
    True
    """
    from corridors.render.maps import render_map

    if title is None:
        title = case.title if sweep is None else f"{case.title} — criticality of each {getattr(sweep, 'level', 'element')}"
    if case.scenario is None:
        return render_map(case.network, case.result, sweep=sweep, title=title, tiles=tiles)
    return render_map(case.network, case.result, comparison=case.comparison, sweep=sweep, title=title,
                      disrupted=case.scenario, bypass=case.routes if case.routes is not None and len(case.routes) else None,
                      tiles=tiles)


# -- claims ------------------------------------------------------------------------------------
def load_claims(path: str | os.PathLike | None = None) -> list[dict]:
    """The claims register (default the bundled ``seeds/claims.toml``), one dict per claim.

    Examples
    --------
    >>> claims = load_claims()
    >>> all("id" in c and "says" in c for c in claims)
    True
    """
    import tomllib

    source = Path(path) if path is not None else seeds_path("claims.toml")
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{source}: no claims register; give the path of a claims.toml") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: malformed TOML: {exc}; fix the syntax at that line") from None
    claims = doc.get("claim", [])
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        raise DataError(f"{source}: 'claim' must be an array of tables ([[claim]])")
    return claims


def claim_scenarios(claim: dict, *, directory: str | os.PathLike | None = None) -> list[str]:
    """The bundled scenarios (file stems) that test ``claim``: its ``scenarios = [...]`` list.

    That list in seeds/claims.toml is the one way a claim points at scenarios. A name that is not
    a scenario file in ``directory`` (default the bundled ones) is an error naming the claim.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ge.toml").write_text('name = "Georgia closed"\\n')
    >>> claim_scenarios({"id": "georgia-transit-spof", "scenarios": ["ge"]}, directory=d)
    ['ge']
    >>> claim_scenarios({"id": "x"}, directory=d)
    []
    """
    from corridors.model.scenario import list_scenarios, scenarios_dir

    folder = Path(directory) if directory is not None else scenarios_dir()
    names = list_scenarios(directory=folder)
    wanted = claim.get("scenarios", [])
    if not isinstance(wanted, list):
        raise DataError(f"claim {claim.get('id')!r}: scenarios must be a list of scenario names, not {wanted!r}")
    for stem in wanted:
        if stem not in names:
            raise DataError(f"claim {claim.get('id')!r} names scenario {stem!r}, which is not in {folder}"
                            f"{suggest(str(stem), names)}")
    return list(dict.fromkeys(wanted))


def _test_scenario(claim: dict) -> Scenario | None:
    """The scenario a claim's ``[claim.test]`` spells out (its year, disruptions, projects), if any."""
    from corridors.model.scenario import Disruption, Scenario

    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    disruptions = [Disruption.parse(str(t), default=0.0) for t in test.get("disruptions") or []]
    projects = tuple(str(p) for p in test.get("projects") or [])
    if not disruptions and not projects:
        return None
    label = " + ".join([*(d.target for d in disruptions), *(f"build {p}" for p in projects)])
    return Scenario(name=f"{claim.get('id', 'claim')}: {label}", year=test.get("year") or claim.get("year"),
                    disruptions=disruptions, projects=projects)


# -- HTML pieces -------------------------------------------------------------------------------
def bar_chart_svg(labels: Sequence[Any], values: Sequence[float], *, colours: Sequence[str] | None = None,
                  unit: str = "%", max_value: float | None = None, width: int = 680, title: str | None = None) -> str:
    """A horizontal bar chart as inline SVG (one ``<rect class="bar">`` per value; labels escaped).

    Examples
    --------
    >>> svg = bar_chart_svg(["Georgia", "<b>x</b>"], [84.7, 12.0])
    >>> svg.count('class="bar"'), "&lt;b&gt;x&lt;/b&gt;" in svg, "<b>" in svg
    (2, True, False)
    """
    values = [0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
    top = max_value if max_value is not None else max([*values, 0.0])
    top = top if top > 0 else 1.0
    label_w, value_w, bar_h, gap, pad = 230, 70, 18, 6, 4
    plot_w = max(60, width - label_w - value_w)
    height = pad * 2 + len(values) * (bar_h + gap) + (18 if title else 0)
    y0 = pad + (18 if title else 0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">']
    if title:
        parts.append(f'<text x="{label_w}" y="{pad + 12}" font-weight="600">{_esc(title)}</text>')
    for i, (label, v) in enumerate(zip(labels, values)):
        y = y0 + i * (bar_h + gap)
        w = max(0.0, min(v, top)) / top * plot_w
        colour = colours[i] if colours is not None and i < len(colours) else "#bd0026"
        text = str(label)
        short = text if len(text) <= 34 else text[:33] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end"><title>{_esc(text)}</title>'
                     f'{_esc(short)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{_esc(colour)}">'
                     f'<title>{_esc(text)}: {v:.3g}{_esc(unit)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}">{v:.3g}{_esc(unit)}</text>')
    parts.append(f'<line x1="{label_w}" y1="{y0 - 2}" x2="{label_w}" y2="{height - pad}" stroke="#555"/></svg>')
    return "".join(parts)


def _table(frame: pd.DataFrame, *, max_rows: int = 60, caption: str | None = None, digits: int = 3) -> str:
    from corridors.data.formats import html_table

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (tuple, list)) else v)
    return html_table(out, max_rows=max_rows, caption=caption)


def _md_inline(text: str) -> str:
    """Escape, then render the few inline Markdown forms SOURCES.md uses (bold, code, links)."""
    out = _esc(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"(https?://[^\s)&;<]+)", r'<a href="\1">\1</a>', out)


def _credits() -> tuple[list[list[str]], str | None]:
    """The rows of the credits table of ``geodata/SOURCES.md`` and the seed article line of ``seeds/README.md``."""
    rows: list[list[str]] = []
    try:
        text = bundled_path("SOURCES.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    section = re.search(r"^## Credits[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    for line in (section.group(1) if section else "").splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"\|[\s|:-]+\|?", line):
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if cells and cells[0].lower() != "source":
            rows.append(cells)
    article = None
    try:
        readme = seeds_path("README.md").read_text(encoding="utf-8")
        quote = re.search(r"^> (.+?)(?:\n(?!>)|\Z)", readme, flags=re.M | re.S)
        if quote:
            article = " ".join(part.lstrip("> ").strip() for part in quote.group(0).splitlines())
    except FileNotFoundError:
        pass
    return rows, article


_CSS = """
body {font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; color: #222}
h1 {font-size: 24px; margin: 24px 0 4px} h2 {font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd}
h3 {font-size: 15px; margin: 18px 0 4px}
.meta {color: #555} iframe.map {width: 100%; height: 640px; border: 1px solid #bbb; border-radius: 4px}
table {border-collapse: collapse; margin: 6px 0 12px; font-size: 13px}
th, td {padding: 2px 10px 2px 0; text-align: left; vertical-align: top; border-bottom: 1px solid #eee}
caption {text-align: left; font-weight: 600; padding: 4px 0}
.claim {border-left: 4px solid #1f78b4; padding: 4px 12px; margin: 12px 0; background: #f8fafc}
.claim .id {font-family: monospace; color: #555} .error {color: #b30000}
.legend span {display: inline-block; margin-right: 14px} .legend i {display: inline-block; width: 12px; height: 12px; margin-right: 4px}
code {font-size: 12px}
"""


def _summary(result: FlowResult, base: FlowResult | None = None) -> pd.DataFrame:
    """Per commodity: demand, served and unmet (and, against ``base``, what is lost)."""
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS

    d = result.deliveries
    if not len(d):
        return pd.DataFrame(columns=["commodity", "unit", "demand", "served", "unmet"])
    t = d.groupby("commodity", sort=True)[["demand", "served", "unmet"]].sum()
    if base is not None:
        b = base.deliveries.groupby("commodity")[["served", "unmet"]].sum()
        t.insert(1, "served_base", b["served"].reindex(t.index).fillna(0.0))
        t["lost"] = t["unmet"] - b["unmet"].reindex(t.index).fillna(0.0)
    t = t[t["demand"] > _TOL]
    t.insert(0, "unit", [CANONICAL_UNITS.get(k, "") for k in t.index])
    return t.reset_index()


def _deliveries(case: Case) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(deliveries per market, the markets left short)."""
    from corridors.data.units import CANONICAL_UNITS

    if case.comparison is not None:
        m = case.comparison.markets.rename(columns={"demand_other": "demand", "served_other": "served",
                                                    "unmet_other": "unmet", "unmet_change": "lost"})
        cols = ["node", "name", "country", "commodity", "demand", "served_base", "served", "unmet", "lost"]
    else:
        m = case.base.deliveries
        cols = ["node", "name", "country", "commodity", "demand", "served", "unmet"]
    m = m[[c for c in cols if c in m.columns]].copy()
    m.insert(m.columns.get_loc("commodity") + 1, "unit", m["commodity"].map(CANONICAL_UNITS))
    m = m.sort_values(["commodity", "country", "node"], kind="stable").reset_index(drop=True)
    return m, m[m["unmet"] > _TOL].sort_values("unmet", ascending=False, kind="stable")


def _ranking(result: Any) -> tuple[str, str]:
    """The criticality section body: the SVG chart and the table of the top elements."""
    from corridors.render.style import COMMODITY_COLOURS

    frame = result.to_frame().head(TOP)
    if not len(frame):
        return "<p>No element to rank.</p>", ""
    commodities = list(result.commodities)
    colours, labels = [], []
    for rec in frame.to_dict("records"):
        pcts = {k: rec.get(f"lost_pct_{k}", 0.0) or 0.0 for k in commodities}
        top_k = max(pcts, key=lambda k: pcts[k]) if pcts else None
        colours.append(COMMODITY_COLOURS.get(top_k, "#bd0026") if top_k and pcts[top_k] > _TOL else "#9e9e9e")
        name = rec.get("name")
        labels.append(str(rec["element"]) if not name or name == rec["element"] else f"{name} ({rec['element']})")
    svg = bar_chart_svg(labels, frame["loss_pct"].tolist(), colours=colours, unit="%",
                        max_value=max(100.0, float(frame["loss_pct"].max() or 0)))
    legend = "".join(f'<span><i style="background:{c}"></i>{_esc(k)}</span>'
                     for k, c in COMMODITY_COLOURS.items() if k in commodities)
    cols = ["element", "name", "loss_pct", *[f"lost_{k}" for k in commodities], "bypass_share", "extra_cost"]
    table = _table(frame[[c for c in cols if c in frame.columns]])
    chart = (f'<p class="legend">Bar: the largest share of one commodity\'s demand lost (colour: that commodity). '
             f'{legend}<span><i style="background:#9e9e9e"></i>nothing lost</span></p>{svg}')
    return chart, table


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]")


def _named(claim: dict, ids: Any) -> list[str]:
    """Ids of ``ids`` that the claim's data, test or note mention, in order of first mention."""
    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    data = claim.get("data") or []
    texts = [*(data if isinstance(data, list) else [data]), *(test.get(k) for k in ("scenario", "quantity", "expected")),
             claim.get("note")]
    valid = set(ids)
    found: list[str] = []
    for text in texts:
        for token in _TOKEN.findall(str(text or "")):
            if token in valid and token not in found:
                found.append(token)
    return found


def _named_markets(claim: dict, case: Case) -> pd.DataFrame | None:
    """Demand, served and unmet at the market nodes the claim names (a total row per commodity)."""
    import pandas as pd

    d = case.comparison.markets.rename(columns={"demand_other": "demand", "served_other": "served",
                                                "unmet_other": "unmet", "unmet_change": "lost"}) \
        if case.comparison is not None else case.base.deliveries
    names = _named(claim, d["node"])
    if not names:
        return None
    cols = [c for c in ("node", "name", "commodity", "demand", "served_base", "served", "unmet", "lost") if c in d.columns]
    rows = d[d["node"].isin(names)][cols].copy()
    rows["order"] = rows["node"].map(names.index)
    rows = rows.sort_values(["commodity", "order"], kind="stable").drop(columns="order")
    totals = []
    for k, g in rows.groupby("commodity", sort=True):
        if len(g) > 1:
            t = g.select_dtypes("number").sum()
            totals.append({"node": "total", "name": f"{len(g)} markets", "commodity": k, **t.to_dict()})
    return pd.concat([rows, pd.DataFrame(totals)], ignore_index=True) if totals else rows.reset_index(drop=True)


def _named_links(claim: dict, case: Case, network: Network) -> pd.DataFrame | None:
    """Whether the links the claim names exist in the case's year, and their flows."""
    import pandas as pd

    names = _named(claim, network.links.index)
    if not names:
        return None
    flows, base = case.result.flows, case.base.flows
    rows = []
    for lid in names:
        row = network.links.loc[lid]
        present = lid in case.network.links.index
        rec = {"link": lid, "name": row["name"], "status": row["status"],
               f"in {case.year}": "yes" if present else "no", "length_km": float(row["length_km"]),
               "capacity": row["capacity"]}
        if case.scenario is not None:
            rec["flow_base"] = float(base.at[lid, "flow"]) if lid in base.index else math.nan
        rec["flow"] = float(flows.at[lid, "flow"]) if lid in flows.index else math.nan
        rec["unit"] = row["capacity_unit"]
        rows.append(rec)
    return pd.DataFrame(rows)


def _claim_html(claim: dict, runs: list[tuple[str, Case]], error: str | None, network: Network) -> str:
    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    figure = claim.get("figure")
    fig = (f"{figure:g}" if isinstance(figure, (int, float)) else str(figure)) if figure is not None else None
    facts = []
    if fig is not None:
        facts.append(f"<b>Figure:</b> {_esc(fig)} {_esc(claim.get('unit', ''))}"
                     + (f" ({_esc(claim.get('year'))})" if claim.get("year") else ""))
    for key, label in (("scenario", "Test"), ("quantity", "Measured"), ("expected", "Expected")):
        if test.get(key) not in (None, ""):
            facts.append(f"<b>{label}:</b> {_esc(test.get(key))}")
    parts = [f'<div class="claim" id="claim-{_esc(claim.get("id"))}"><h3>{_esc(claim.get("says", ""))}</h3>',
             f'<div class="meta"><span class="id">{_esc(claim.get("id"))}</span> · {_esc(claim.get("section", ""))}</div>',
             "<p>" + "<br>".join(facts) + "</p>" if facts else ""]
    for label, case in runs:
        if case.scenario is None:
            total = _summary(case.base)
            line = "; ".join(f"{r.commodity} {r.served:.4g} of {r.demand:.4g} {r.unit} served"
                             for r in total.itertuples(index=False))
            parts.append(f"<p><b>The model</b>, {case.year} base case ({_esc(label)}, {_esc(case.base.status)}): "
                         f"{_esc(line) or 'no demand'}.</p>")
        else:
            caption = f"The model: {case.scenario.name} ({case.year}; {label}): {case.result.status}"
            parts.append(_table(_summary(case.result, case.base), caption=caption))
        markets = _named_markets(claim, case)
        if markets is not None:
            parts.append(_table(markets, caption=f"Markets the claim names ({case.year})"))
        links = _named_links(claim, case, network)
        if links is not None:
            parts.append(_table(links, caption=f"Links the claim names ({case.year})"))
    if error:
        parts.append(f'<p class="error">The model could not run this claim: {_esc(error)}</p>')
    if claim.get("note"):
        parts.append(f"<p><b>Note:</b> {_esc(claim['note'])}</p>")
    return "".join(parts) + "</div>"


def _claims_section(network: Network, claims: list[dict], bases: dict) -> str:
    from corridors.model.scenario import load_bundled, scenarios_dir

    out = ["<h2 id=\"claims\">The seed article's claims, and what the model says</h2>",
           "<p>Each claim of <code>seeds/claims.toml</code>, with the run that tests it: a bundled "
           "scenario when one names the claim, else the disruptions of the claim's test, else the base case of its "
           "year. Totals are per commodity over every market, in canonical units; the markets and links a claim "
           "names are listed with their figures.</p>"]
    cache: dict[str, Case] = {}
    folder = scenarios_dir()

    def run(scen: Any, year: int | None) -> Case:
        key = scen.to_toml() if scen is not None else f"base {year}"
        if key not in cache:
            cache[key] = run_case(network, year=year, scenario=scen, _bases=bases)
        return cache[key]

    for claim in claims:
        test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
        year = test.get("year") or claim.get("year") or 2024
        runs: list[tuple[str, Case]] = []
        error = None
        try:
            names = claim_scenarios(claim, directory=folder)
            for name in names:
                runs.append((f"bundled scenario {name}", run(load_bundled(name, directory=folder), year)))
            if not names:
                spec = _test_scenario(claim)
                runs.append(("from the claim's test", run(spec, year)) if spec is not None
                            else ("no disruption", run(None, int(year))))
        except CorridorsError as exc:
            error = str(exc)
        out.append(_claim_html(claim, runs, error, network))
    return "".join(out)


def _sources_section() -> str:
    rows, article = _credits()
    parts = ['<h2 id="sources">Sources</h2>']
    if article:
        parts.append(f"<p><b>Seed article:</b> {_md_inline(article.replace('**', ''))}</p>")
    if rows:
        body = "".join("<tr>" + "".join(f"<td>{_md_inline(c)}</td>" for c in r[:3]) + "</tr>" for r in rows)
        parts.append(f"<table><thead><tr><th>source</th><th>used for</th><th>licence / credit</th></tr></thead>"
                     f"<tbody>{body}</tbody></table>")
    parts.append("<p>Every node, link and balance row names its own source (in the map's popups); the method "
                 "and the estimates are described in <code>geodata/SOURCES.md</code>.</p>")
    return "".join(parts)


# -- the report --------------------------------------------------------------------------------
def render_report(network: Network, *, year: int = 2024, scenario: Any = None, level: str = "asset",
                  claims: bool = True, title: str | None = None) -> str:
    """The HTML report of a year (and a scenario): map, deliveries, unmet, criticality, bypasses, claims, sources.

    Parameters
    ----------
    network
        The full network (e.g. :func:`corridors.load_network`).
    year
        The year modelled; a scenario's own year wins.
    scenario
        A :class:`~corridors.model.scenario.Scenario`, a TOML path or a bundled scenario name; the
        report then compares it with the base case and lists the bypass routes.
    level
        The level of the N-1 criticality sweep: ``link``, ``node``, ``asset``, ``country``,
        ``corridor`` or ``mode``.
    claims
        Include the claims of ``seeds/claims.toml``, each run through the model.
    title
        The page title (escaped); a default names the year and the scenario.

    Returns
    -------
    str
        One self-contained HTML page (the map inside an ``<iframe srcdoc>``).

    Raises
    ------
    ScenarioError
        An unknown sweep level, or a scenario target that names nothing in the network.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> page = render_report(load_demo_network(), level="link", claims=False)
    >>> page.startswith("<!DOCTYPE html>"), 'class="bar"' in page, "<iframe" in page
    (True, True, True)
    """
    from corridors._version import __version__
    from corridors.model.flow import quiet_stdout
    from corridors.analysis.sweeps import sweep

    started = time.perf_counter()
    bases: dict[int, Any] = {}
    case = run_case(network, year=year, scenario=scenario, _bases=bases)
    with quiet_stdout():
        ranking = sweep(network, level=level, year=case.year, scenario=case.scenario)
    m = case_map(case)
    map_doc = m.get_root().render()
    heading = title if title is not None else (f"Corridors report {case.year}" + (f": {case.scenario.name}" if case.scenario else ""))

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_esc(heading)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_esc(heading)}</h1>"]
    meta = f"Year {case.year} · corridors {_esc(__version__)} · {len(case.network.links)} links, {len(case.network.nodes)} nodes"
    parts.append(f'<p class="meta">{meta}</p>')
    if case.scenario is not None:
        desc = case.scenario.describe().splitlines()
        parts.append("<p><b>Scenario:</b> " + "<br>".join(_esc(line.strip()) for line in desc) + "</p>")
    nav = [("map", "Map"), ("deliveries", "Deliveries"), ("unmet", "Unmet demand"), ("criticality", "Criticality")]
    nav += [("bypass", "Bypass routes")] if case.scenario is not None else []
    nav += [("claims", "Claims")] if claims else []
    nav += [("sources", "Sources")]
    parts.append("<p>" + " · ".join(f'<a href="#{a}">{t}</a>' for a, t in nav) + "</p>")
    parts.append(_table(_summary(case.result, case.base if case.scenario is not None else None),
                        caption=f"Totals per commodity ({case.result.status})"))

    parts.append(f'<h2 id="map">Map</h2><iframe class="map" title="{_esc(case.title)}" '
                 f'srcdoc="{html.escape(map_doc, quote=True)}"></iframe>')
    deliveries, short = _deliveries(case)
    parts.append('<h2 id="deliveries">Deliveries per market</h2>' + _table(deliveries, max_rows=200))
    parts.append('<h2 id="unmet">Unmet demand</h2>'
                 + (_table(short, max_rows=200) if len(short) else "<p>Every market is served in full.</p>"))
    chart, table = _ranking(ranking)
    under = f" under {_esc(case.scenario.name)}" if case.scenario is not None else ""
    parts.append(f'<h2 id="criticality">Criticality: N-1 over {len(ranking.table)} {_esc(level)} elements{under}</h2>'
                 f"<p>Each element lost on its own; ranked by the largest share of one commodity's demand that goes "
                 f"unmet ({ranking.solves} solves, {ranking.pruned} pruned, {ranking.seconds:.2f} s).</p>{chart}{table}")
    if case.scenario is not None:
        routes = case.routes.drop(columns=["links"]) if case.routes is not None else None
        lost = case.lost.drop(columns=["links"]) if case.lost is not None else None
        parts.append('<h2 id="bypass">Bypass routes</h2><p>Paths that carry more than in the base case '
                     "(rerouted flow; spare: room left on the path's tightest link).</p>"
                     + (_table(routes, caption="Bypass routes") if routes is not None and len(routes) else "<p>No flow is rerouted.</p>")
                     + (_table(lost, caption="Routes that carry less") if lost is not None and len(lost) else ""))
    if claims:
        parts.append(_claims_section(network, load_claims(), bases))
    parts.append(_sources_section())
    parts.append(f'<p class="meta">Generated in {time.perf_counter() - started:.1f} s.</p></body></html>')
    return "\n".join(parts)


def write_report(network: Network, path: str | os.PathLike, *, year: int = 2024, scenario: Any = None,
                 level: str = "asset", claims: bool = True, title: str | None = None) -> Path:
    """Render the report (see :func:`render_report` for the options) and write it to ``path`` atomically.

    Nothing is written when rendering fails, and the folder of ``path`` must exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from corridors.data.io import load_demo_network
    >>> out = write_report(load_demo_network(), pathlib.Path(tempfile.mkdtemp()) / "r.html", claims=False)
    >>> out.stat().st_size > 10_000
    True
    """
    from corridors.data.files import atomic_path

    path = Path(path)
    if path.parent and not path.parent.is_dir():
        raise DataError(f"{path.parent}: no such directory; create it first or choose another --out")
    text = render_report(network, year=year, scenario=scenario, level=level, claims=claims, title=title)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
