"""One self-contained HTML report: the map, deliveries, criticality, bypasses, dependence, planning, the seed claims, sources.

:func:`render_report` solves the base case (and a scenario, when given), runs an N-1 sweep, checks
the claims of ``seeds/claims.toml`` and returns a single HTML page. The folium map sits
in a sandboxed ``<iframe srcdoc="…">`` (its whole page, escaped; scripts allowed, no same origin) with
Leaflet inlined, the criticality chart is an inline SVG, and nothing else is written next to the page:
it draws with no network. The page is the Jinja2 template ``templates/report.html.j2`` (autoescaped):
every string that comes from data (names, ids, claims, sources) reaches it as a variable.

The building blocks are shared with :mod:`corridors.render.gallery` and ``corridors map``:
:func:`run_case` (base case, scenario, comparison and bypass routes for one year) and
:func:`case_map` (the folium map of a case).
"""

from __future__ import annotations

import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from corridors.data.files import seeds_path
from corridors.errors import CorridorsError, DataError, ScenarioError, suggest
from corridors.render.projects import later_projects
from corridors.render.pages import REPORT_CSS, bar_chart_svg, credits, md_inline, render_template, table_html
from corridors.render.sections import dependence_section, planning_section

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.delivered import Delivered, Readout
    from corridors.model.results import Comparison, FlowResult
    from corridors.model.scenario import Scenario

__all__ = ["Case", "run_case", "case_map", "as_scenario", "load_claims", "claim_scenarios", "bar_chart_svg",
           "render_report", "write_report"]

#: Rows of the criticality ranking drawn in the bar chart (and listed in its table).
TOP = 15
_TOL = 1e-6


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
        The scenario's FlowResult (the base case when there is no scenario); in a case run without
        drawing, the scenario's :class:`~corridors.model.delivered.Delivered`.
    comparison
        ``base.compare(result)``, or None (no scenario, or a case run without drawing).
    later
        Links of projects (planned, proposed, construction) not built in the year, drawn dashed.
    routes, lost
        Bypass routes and the routes that carry less (:func:`corridors.analysis.bypasses.bypass_routes`), or None.
    """

    network: Network
    year: int
    base: FlowResult
    scenario: Scenario | None = None
    result: FlowResult | Delivered | None = None
    comparison: Comparison | None = None
    routes: pd.DataFrame | None = None
    lost: pd.DataFrame | None = None
    later: pd.DataFrame | None = None

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


def run_case(network: Network, *, year: int | None = None, scenario: Any = None,
             _bases: dict[int, Any] | None = None, _drawing: bool = True) -> Case:
    """Solve the base case of ``year`` and, if given, ``scenario`` against it.

    Parameters
    ----------
    network
        The full network (e.g. :func:`corridors.load_network`).
    year
        The year; it must agree with the scenario's, and defaults to it, else
        ``settings.DEFAULT_YEAR`` (:func:`corridors.model.years.resolve_year`).
    scenario
        A :class:`~corridors.model.scenario.Scenario`, a TOML path or a bundled scenario name.
    _drawing
        Also compare the scenario with the base case and find the bypass routes and the later
        projects (what a map draws); a caller that shows none of them leaves them None,
        and its scenario's result is a :class:`~corridors.model.delivered.Delivered` (status,
        deliveries and flow per link: the numbers of the FlowResult, without its other tables).

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
    from corridors.model.cache import cached_delivered, cached_solve, year_network
    from corridors.model.flow import prepare_network, quiet_stdout
    from corridors.model.reuse import reading
    from corridors.model.years import resolve_year

    scen = as_scenario(scenario)
    y = resolve_year(year, scenario=scen, network=network)
    cache = _bases if _bases is not None else {}
    with quiet_stdout():
        if y not in cache:
            cache[y] = cached_solve(network, year=y)  # one model per year; a cut of it is a warm re-solve
        base = cache[y]
        if scen is None:
            drawn = year_network(network, y)
            return Case(network=drawn, year=y, base=base, result=base,
                        later=later_projects(network, drawn) if _drawing else None)
        scen = scen.model_copy(update={"year": y})
        # without drawing: what each market gets and what links carry, no whole FlowResult
        hit = cached_solve(network, scenario=scen) if _drawing else cached_delivered(network, scenario=scen)
    if not _drawing:  # the caller compares the markets it shows itself (market_changes)
        with reading():  # and only reads its network: inside reusing(), the one kept
            drawn = prepare_network(network, scenario=scen)
        return Case(network=drawn, year=y, base=base, scenario=scen, result=hit)
    drawn = prepare_network(network, scenario=scen)
    comparison = base.compare(hit)
    # the comparison's origins are split_by_origin(base, hit): the rerouted volume bypass_routes attributes
    origins = comparison.origins
    rerouted = {(m, k, o or ""): float(r) for m, k, o, r in zip(origins["market"], origins["commodity"],
                                                                origins["origin"].fillna(""), origins["rerouted"])}
    routes, lost = bypass_routes(base, hit, network, rerouted=rerouted)
    return Case(network=drawn, year=y, base=base, scenario=scen, result=hit, later=later_projects(network, drawn),
                comparison=comparison, routes=routes, lost=lost)


def case_map(case: Case, *, sweep: Any = None, title: str | None = None, tiles: Any = None,
             cdn: bool = False) -> folium.Map:
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
    from corridors.render.titles import scenario_title

    if title is None:
        title = case.title if sweep is None else f"{case.title} — criticality of each {getattr(sweep, 'level', 'element')}"
        if case.scenario is not None and sweep is None:
            title = scenario_title(case.scenario, case.network, case.year)
    if case.scenario is None:
        return render_map(case.network, case.result, sweep=sweep, title=title, tiles=tiles, cdn=cdn, later=case.later)
    return render_map(case.network, case.result, comparison=case.comparison, sweep=sweep, title=title,
                      disrupted=case.scenario, bypass=case.routes if case.routes is not None and len(case.routes) else None,
                      tiles=tiles, cdn=cdn, summary=case_summary(case), later=case.later)


def case_summary(case: Case, *, routes: int = 3) -> list[str]:
    """What a scenario loses per commodity (with units) and its main bypass routes, as lines of text.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.scenario import Scenario
    >>> case_summary(run_case(load_demo_network(), scenario=Scenario.cut("link:pipe-b")))[0]
    'Lost: oil 30 Mt/y'
    """
    from corridors.data.units import CANONICAL_UNITS
    from corridors.render.layers import fmt_number

    if case.comparison is None:
        return []
    lost = case.comparison.markets.groupby("commodity", sort=True)["unmet_change"].sum()
    parts = [f"{k} {fmt_number(v)} {CANONICAL_UNITS.get(k, '')}".rstrip() for k, v in lost.items() if v > _TOL]
    lines = ["Lost: " + ", ".join(parts) if parts else "Nothing lost: every market still served"]
    if case.routes is not None and len(case.routes):
        top = case.routes.sort_values("rerouted", ascending=False, kind="stable").head(routes)
        for r in top.itertuples(index=False):
            unit = CANONICAL_UNITS.get(r.commodity, "")
            lines.append(f"Bypass: {r.route} ({r.commodity} {fmt_number(r.rerouted)} {unit})")
    return lines


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


# -- HTML pieces (templates in corridors/render/templates/, see corridors.render.pages) -------------
_table = table_html


def _base_sums(base: FlowResult) -> pd.DataFrame:
    """Served and unmet per commodity of a base case (what :func:`_summary` sets a result against)."""
    return base.deliveries.groupby("commodity")[["served", "unmet"]].sum()


def _summary(result: FlowResult, base: FlowResult | None = None, *, sums: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per commodity: demand, served and unmet (and, against ``base``, what is lost; ``sums``: its
    :func:`_base_sums`, when known)."""
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS

    d = result.deliveries
    if not len(d):
        return pd.DataFrame(columns=["commodity", "unit", "demand", "served", "unmet"])
    t = d.groupby("commodity", sort=True)[["demand", "served", "unmet"]].sum()
    if base is not None:
        b = sums if sums is not None else _base_sums(base)
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
        return Markup("<p>No element to rank.</p>"), Markup("")
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
    legend = Markup("").join(Markup('<span><i style="background:{}"></i>{}</span>').format(c, k)
                             for k, c in COMMODITY_COLOURS.items() if k in commodities)
    cols = ["element", "name", "loss_pct", *[f"lost_{k}" for k in commodities], "bypass_share", "extra_cost"]
    table = _table(frame[[c for c in cols if c in frame.columns]])
    chart = Markup('<p class="legend">Bar: the largest share of one commodity\'s demand lost (colour: that commodity). '
                   '{}<span><i style="background:#9e9e9e"></i>nothing lost</span></p>{}').format(legend, svg)
    return chart, table


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]")


def _tokens(claim: dict) -> list[str]:
    """The words of a claim's data, test and note that may be ids, each once, in order of first mention."""
    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    data = claim.get("data") or []
    texts = [*(data if isinstance(data, list) else [data]), *(test.get(k) for k in ("scenario", "quantity", "expected")),
             claim.get("note")]
    return list(dict.fromkeys(token for text in texts for token in _TOKEN.findall(str(text or ""))))


def _named(claim: dict | list[str], ids: Any) -> list[str]:
    """Ids of ``ids`` that the claim's data, test or note mention (``claim``: or its :func:`_tokens`), in
    order of first mention."""
    valid = set(ids)
    return [t for t in (claim if isinstance(claim, list) else _tokens(claim)) if t in valid]


@dataclass(frozen=True, eq=False)
class _Run:
    """One case of the claims section: its ``year``, ``scenario`` (None: the year's base case), what
    the base case and the scenario deliver (:class:`~corridors.model.delivered.Readout`; ``result`` is
    ``base`` without a scenario) and ``links``, the link ids of the case's network."""

    year: int
    scenario: Scenario | None
    base: Readout
    result: Readout
    links: Any


def _claim_run(network: Network, year: int | None, scenario: Any, bases: dict) -> _Run:
    """Solve a case of the claims section as ``run_case(network, year=, scenario=)`` does — the same
    model, warm engine and solves (:func:`corridors.model.readouts.shared_readout`) — reading only
    what the section shows; ``bases``: base FlowResults by year, already solved."""
    from corridors.model.cache import keeps_links, year_network
    from corridors.model.delivered import Readout
    from corridors.model.readouts import shared_readout
    from corridors.model.flow import prepare_network, quiet_stdout
    from corridors.model.reuse import reading
    from corridors.model.years import resolve_year

    scen = as_scenario(scenario)
    y = resolve_year(year, scenario=scen, network=network)
    with quiet_stdout():
        base = Readout.of(bases[y]) if y in bases else shared_readout(network, year=y)
        if scen is not None:
            scen = scen.model_copy(update={"year": y})
            result = shared_readout(network, scenario=scen)
    with reading():  # only read: inside reusing(), the one kept; a scenario keeps its year's links (apply adds none)
        same = scen is None or keeps_links(network, y, scen.projects)
        drawn = year_network(network, y) if same else prepare_network(network, scenario=scen)
    return _Run(year=y, scenario=scen, base=base, result=base if scen is None else result, links=drawn.links.index)


def _once(memo: dict, key: tuple, held: Any, make: Any) -> Any:
    """``make()`` once per ``key`` (which names ``held`` by identity: it is kept with the value)."""
    if key not in memo:
        memo[key] = (held, make())
    return memo[key][1]


def _sums(read: Readout, columns: tuple[str, ...], exact: bool, memo: dict) -> dict[str, dict[str, Any]]:
    """Per commodity (sorted), the sums of ``columns`` of a readout's deliveries (:class:`Num`; with
    ``exact``, added by pandas as a report built from whole tables adds them)."""
    from corridors.render.sections import num_sum, pandas_sums

    def make() -> dict[str, dict[str, Any]]:
        if exact:
            return pandas_sums(read.commodity, {c: getattr(read, c) for c in columns})
        rows: dict[str, list[int]] = {}
        for i, k in enumerate(read.commodity):
            if isinstance(k, str):  # pandas leaves a missing key out
                rows.setdefault(k, []).append(i)
        return {k: {c: num_sum([getattr(read, c)[i] for i in rows[k]]) for c in columns} for k in sorted(rows)}

    return _once(memo, ("sums", id(read), columns, exact), read, make)


def _summary_rows(run: _Run, exact: bool, memo: dict) -> tuple[list[str], list[list[Any]]]:
    """:func:`_summary` of a run's result against its base (of the base alone without a scenario), as
    columns and rows."""
    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.delivered import same_unmet
    from corridors.render.sections import Num

    def make() -> tuple[list[str], list[list[Any]]]:
        result = run.result if run.scenario is not None else run.base
        if not result.node:
            return ["commodity", "unit", "demand", "served", "unmet"], []
        sums = _sums(result, ("demand", "served", "unmet"), exact, memo)
        base = _sums(run.base, ("served", "unmet"), exact, memo) if run.scenario is not None else None
        rows = []
        for k, s in sums.items():
            if not s["demand"].above(_TOL):
                continue
            unit = CANONICAL_UNITS.get(k, "")
            if base is None:
                rows.append([k, unit, s["demand"], s["served"], s["unmet"]])
            else:
                b = base.get(k, {"served": Num(0.0), "unmet": Num(0.0)})
                lost = Num(0.0) if not exact and same_unmet(run.base, result, k) else s["unmet"] - b["unmet"]
                rows.append([k, unit, s["demand"], b["served"], s["served"], s["unmet"], lost])
        columns = ["commodity", "unit", "demand", "served", "unmet"] if base is None else \
            ["commodity", "unit", "demand", "served_base", "served", "unmet", "lost"]
        return columns, rows

    return _once(memo, ("summary", id(run), exact), run, make)


def _named_markets(tokens: list[str], run: _Run, exact: bool, memo: dict) -> Markup | None:
    """The table of demand, served and unmet at the market nodes the claim names (a total row per
    commodity; against the base case in a scenario's run), or None."""
    from corridors.model.delivered import market_rows
    from corridors.render.sections import num_sum, pandas_column_sums, rows_table

    if run.scenario is not None:
        if not _named(tokens, {*run.base.node, *run.result.node}):
            return None
        m = _once(memo, ("markets", id(run)), run, lambda: market_rows(run.base, run.result))
        if m is None:
            raise DataError("a market is in the deliveries twice (node and commodity); keep one balance row each")
        columns = ["node", "name", "commodity", "demand", "served_base", "served", "unmet", "lost"]
        values = [m["node"], m["name"], m["commodity"], m["demand_other"], m["served_base"], m["served_other"],
                  m["unmet_other"], m["unmet_change"]]
    else:
        d = run.base
        columns = ["node", "name", "commodity", "demand", "served", "unmet"]
        values = [d.node, d.name, d.commodity, d.demand, d.served, d.unmet]
    nodes, commodity = values[0], values[2]
    names = _named(tokens, nodes)
    if not names:
        return None
    rank = {n: i for i, n in enumerate(names)}
    # the rows named, by commodity and then in the claim's order (a stable sort, as sort_values would)
    picked = sorted((i for i, n in enumerate(nodes) if n in rank), key=lambda i: (commodity[i], rank[nodes[i]]))
    rows = [[column[i] for column in values] for i in picked]
    if len({commodity[i] for i in picked}) < len(picked):  # else every commodity has one row: no total
        groups: dict[str, list[list[Any]]] = {}
        for row in rows:
            groups.setdefault(row[2], []).append(row)
        for k in sorted(groups):
            g = groups[k]
            if len(g) < 2:
                continue
            if exact:
                sums = pandas_column_sums({c: [r[j] for r in g] for j, c in enumerate(columns)}, texts=columns[:3])
                total = [sums[c] for c in columns[3:]]
            else:
                total = [num_sum([r[j] for r in g]) for j in range(3, len(columns))]
            rows.append(["total", f"{len(g)} markets", k, *total])
    return rows_table(columns, rows, caption=f"Markets the claim names ({run.year})")


def _named_links(tokens: list[str], run: _Run, network: Network, memo: dict) -> Markup | None:
    """The table of the links the claim names: whether they exist in the run's year, and their flows."""
    from corridors.render.sections import rows_table

    links = network.links

    def make() -> tuple[list, dict, dict]:  # the full network's link ids and the columns shown, once
        ids = links.index.tolist()
        return ids, {lid: i for i, lid in enumerate(ids)}, {
            c: links[c].array for c in ("name", "status", "length_km", "capacity", "capacity_unit")}

    ids, at, columns = _once(memo, ("links", id(network)), network, make)
    names = _named(tokens, ids)
    if not names:
        return None
    rows = []
    for lid in names:
        i = at[lid]
        flows = [run.base.flows.get(lid, math.nan)] if run.scenario is not None else []
        rows.append([lid, columns["name"][i], columns["status"][i], "yes" if lid in run.links else "no",
                     float(columns["length_km"][i]), columns["capacity"][i], *flows,
                     run.result.flows.get(lid, math.nan), columns["capacity_unit"][i]])
    heads = ["link", "name", "status", f"in {run.year}", "length_km", "capacity",
             *(["flow_base"] if run.scenario is not None else []), "flow", "unit"]
    return rows_table(heads, rows, units=[r[-1] for r in rows], caption=f"Links the claim names ({run.year})")


#: Verdicts by the first words of a claim's ``model_finding`` (asserted by tests/test_claims.py).
_VERDICTS = (("confirmed for", "partly", "reproduced in part"), ("confirmed from", "partly", "reproduced in part"),
             ("structure confirmed", "partly", "reproduced in part"), ("confirmed", "reproduced", "reproduced"),
             ("consistent", "reproduced", "reproduced"), ("disagrees", "differs", "differs"),
             ("partly", "partly", "reproduced in part"), ("neither", "untested", "not measured"))


def claim_verdict(claim: dict) -> dict:
    """The claim's verdict (reproduced / differs / …) with the article's figure beside the model's finding.

    Examples
    --------
    >>> v = claim_verdict({"figure": 12.9, "unit": "bcm", "year": 2024, "model_finding": "Confirmed. 12.9 bcm/y served."})
    >>> v["text"], v["detail"]
    ('Verdict: reproduced', 'Article: 12.9 bcm (2024). Model: Confirmed. 12.9 bcm/y served.')
    """
    finding = str(claim.get("model_finding") or "").strip()
    low = finding.lower()
    css, text = next(((c, t) for start, c, t in _VERDICTS if low.startswith(start)), ("untested", "not measured"))
    figure = claim.get("figure")
    fig = (f"{figure:g}" if isinstance(figure, (int, float)) else str(figure)) if figure is not None else None
    article = f"Article: {fig} {claim.get('unit', '')}".rstrip() + (f" ({claim['year']})" if claim.get("year") else "") \
        if fig is not None else "Article: no figure (a qualitative claim)"
    detail = f"{article}. Model: {finding}" if finding else f"{article}."
    return {"css": css, "text": f"Verdict: {text}", "detail": detail}


def _claim_html(claim: dict, runs: list[tuple[str, _Run]], error: str | None, network: Network,
                memo: dict | None = None) -> Markup:
    """One claim's block; ``memo`` keeps what each run shows (by run identity) for the other claims
    that run the same case. A sum whose digits would depend on how pandas adds it is added by pandas."""
    from corridors.render.sections import Unstable

    memo = {} if memo is None else memo
    test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
    facts = [(label, str(test.get(key))) for key, label in (("scenario", "Test"), ("quantity", "Measured"),
                                                              ("expected", "Expected"))
             if test.get(key) not in (None, "")]
    try:
        blocks = _claim_blocks(claim, runs, network, memo, exact=False)
    except Unstable:
        blocks = _claim_blocks(claim, runs, network, memo, exact=True)
    return render_template("claim.html.j2", claim_id=str(claim.get("id", "")), says=claim.get("says", ""),
                           section=claim.get("section", ""), verdict=claim_verdict(claim), facts=facts, runs=blocks,
                           error=error, note=claim.get("note"))


def _claim_blocks(claim: dict, runs: list[tuple[str, _Run]], network: Network, memo: dict, *, exact: bool) -> list[dict]:
    """What the claim template shows of each run: its totals (a line, or against the base case a
    table) and the tables of the markets and links the claim names."""
    from corridors.render.sections import rows_table, shown

    tokens = _tokens(claim)
    blocks = []
    for label, run in runs:
        extra = [t for t in (_named_markets(tokens, run, exact, memo), _named_links(tokens, run, network, memo))
                 if t is not None]
        columns, rows = _summary_rows(run, exact, memo)
        if run.scenario is None:
            g4 = "{:.4g}".format
            line = "; ".join(f"{k} {shown(served, g4)} of {shown(demand, g4)} {unit} served"
                             for k, unit, demand, served, _ in rows)
            blocks.append({"line": line, "year": run.year, "label": label, "status": run.base.status, "extra": extra})
        else:
            caption = f"The model: {run.scenario.name} ({run.year}; {label}): {run.result.status}"
            blocks.append({"table": rows_table(columns, rows, units=[r[1] for r in rows], caption=caption),
                           "extra": extra})
    return blocks


def _claims_section(network: Network, claims: list[dict], bases: dict) -> list[Markup]:
    """The claims section: each claim run through the model (its bundled scenarios, else its test's
    scenario, else its year's base case), one HTML block per claim. ``bases``: base FlowResults by
    year already solved (they are read, not solved again)."""
    from corridors.model.reuse import reusing
    from corridors.model.scenario import load_bundled, scenarios_dir

    loaded: dict[str, Any] = {}  # a scenario file several claims cite, read once per section

    def load(name: str, *, directory: Path) -> Any:
        if name not in loaded:
            loaded[name] = load_bundled(name, directory=directory)
        return loaded[name]

    with reusing():  # a scenario the claims share is applied to the network once
        return _claims(network, claims, bases, folder=scenarios_dir(), load_bundled=load)


def _claims(network: Network, claims: list[dict], bases: dict, *, folder: Path, load_bundled: Any) -> list[Markup]:

    out: list[Markup] = []
    cache: dict[str, _Run] = {}
    memo: dict[tuple, tuple[Any, Any]] = {}

    def run(scen: Any, year: int | None) -> _Run:
        key = scen.to_toml() if scen is not None else f"base {year}"
        if key not in cache:
            cache[key] = _claim_run(network, year, scen, bases)
        return cache[key]

    for claim in claims:
        test = claim.get("test") if isinstance(claim.get("test"), dict) else {}
        year = test.get("year") or claim.get("year")
        runs: list[tuple[str, _Run]] = []
        error = None
        try:
            names = claim_scenarios(claim, directory=folder)
            for name in names:  # a bundled scenario runs in its own year (a claim may cite several years)
                scen = load_bundled(name, directory=folder)
                runs.append((f"bundled scenario {name}", run(scen, None if scen.year is not None else year)))
            if not names:
                spec = _test_scenario(claim)
                runs.append(("from the claim's test", run(spec, year)) if spec is not None
                            else ("no disruption", run(None, year)))
        except CorridorsError as exc:
            error = str(exc)
        out.append(_claim_html(claim, runs, error, network, memo))
    return out


# -- the report --------------------------------------------------------------------------------
def render_report(network: Network, *, year: int | None = None, scenario: Any = None, level: str = "asset",
                  claims: bool = True, title: str | None = None, cdn: bool = False, analysis: bool = True) -> str:
    """The HTML report of a year (and a scenario): map, deliveries, unmet, criticality, bypasses, claims, sources.

    Parameters
    ----------
    network
        The full network (e.g. :func:`corridors.load_network`).
    year
        The year modelled; it must agree with the scenario's, and defaults to it, else
        ``settings.DEFAULT_YEAR``.
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
    cdn
        Link the map's Leaflet from a CDN instead of inlining it (a lighter page that needs the internet).
    analysis
        Include the sections "Dependence" (:func:`corridors.render.sections.dependence_section`) and
        "Planning against failure" (the frontier over
        :data:`corridors.render.sections.PLAN_LIMITS`, :func:`corridors.render.sections.planning_section`).

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
    map_doc = case_map(case, cdn=cdn).get_root().render()
    heading = title if title is not None else (f"Corridors report {case.year}" + (f": {case.scenario.name}" if case.scenario else ""))
    nav = [("map", "Map"), ("deliveries", "Deliveries"), ("unmet", "Unmet demand"), ("criticality", "Criticality")]
    nav += [("bypass", "Bypass routes")] if case.scenario is not None else []
    nav += [("dependence", "Dependence"), ("planning", "Planning against failure")] if analysis else []
    nav += [("claims", "Claims")] if claims else []
    nav += [("sources", "Sources")]
    deliveries, short = _deliveries(case)
    chart, table = _ranking(ranking)
    bypass = None
    if case.scenario is not None:
        routes = case.routes.drop(columns=["links"]) if case.routes is not None else None
        lost = case.lost.drop(columns=["links"]) if case.lost is not None else None
        bypass = {"routes": _table(routes, caption="Bypass routes") if routes is not None and len(routes) else None,
                  "lost": _table(lost, caption="Routes that carry less") if lost is not None and len(lost) else None}
    rows, article = credits()
    depend = dependence_section(network, year=case.year) if analysis else None
    planning = planning_section(network, year=case.year) if analysis else None
    return str(render_template(
        "report.html.j2", css=Markup(REPORT_CSS), heading=heading, year=case.year, version=__version__,
        n_links=len(case.network.links), n_nodes=len(case.network.nodes),
        scenario_lines=[line.strip() for line in case.scenario.describe().splitlines()] if case.scenario else [],
        nav=nav, totals=_table(_summary(case.result, case.base if case.scenario is not None else None),
                               caption=f"Totals per commodity ({case.result.status})"),
        map_title=case.title, map_doc=map_doc, deliveries=_table(deliveries, max_rows=200),
        short=_table(short, max_rows=200) if len(short) else None, ranked=len(ranking.table), level=level,
        scenario_name=case.scenario.name if case.scenario is not None else None, solves=ranking.solves,
        pruned=ranking.pruned, seconds=ranking.seconds, chart=chart, ranking=table, bypass=bypass,
        claims=_claims_section(network, load_claims(), bases) if claims else None, depend=depend, planning=planning,
        article=md_inline(article.replace("**", "")) if article else None,
        credits=[[md_inline(c) for c in r[:3]] for r in rows], elapsed=time.perf_counter() - started))


def write_report(network: Network, path: str | os.PathLike, *, year: int | None = None, scenario: Any = None,
                 level: str = "asset", claims: bool = True, title: str | None = None, cdn: bool = False) -> Path:
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
    text = render_report(network, year=year, scenario=scenario, level=level, claims=claims, title=title, cdn=cdn)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
