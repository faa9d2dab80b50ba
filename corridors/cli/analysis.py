"""CLI commands that optimise: ``solve``, ``whatif``, ``spof``, ``bypass`` and ``scenarios``.

Thin: each parses its options, calls the library and prints through :func:`corridors.cli.options.emit`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from corridors.cli.options import (CommodityOpt, CutOpt, DerateOpt, Format, FormatOpt, NetworkOpt, OutOpt, ProjectOpt,
                                   ScenarioOpt, TableOpt, TopOpt, YearOpt, emit, emit_tables, limit, load, no_cycle_gc,
                                   with_units)
from corridors.errors import CorridorsError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

commands = typer.Typer()
scenarios_app = typer.Typer(help="The bundled scenarios: one per claim of the seed article.", no_args_is_help=True)



def _round(frame: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
    return out


def _quiet_solve(**kwargs):
    """Solve with the solver's chatter kept off stdout (JSON output stays clean)."""
    from corridors.model.flow import quiet_stdout, solve

    with quiet_stdout():
        return solve(**kwargs)


def _base_scenario(year: int | None, scenario: Path | None):
    """The scenario file of a command (or None), composed with ``--year`` (they must agree)."""
    from corridors.model.scenario import Scenario

    return Scenario.compose(base=scenario, year=year) if scenario else None


def _deliveries_table(result) -> pd.DataFrame:
    from corridors.data.units import CANONICAL_UNITS

    d = result.deliveries.copy()
    d["unit"] = d["commodity"].map(CANONICAL_UNITS)
    cols = [c for c in ("node", "name", "country", "commodity", "demand", "served", "unmet", "unit") if c in d.columns]
    return _round(d[cols].sort_values(["commodity", "country", "node"], kind="stable"))


@commands.command("solve")
def solve_cmd(
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    commodity: CommodityOpt = None,
    max_to: Annotated[Optional[str], typer.Option("--max-to", help="Max throughput of --commodity to a node or country:XX.")] = None,
    release: Annotated[bool, typer.Option("--release-other-demand", help="With --max-to: drop other demand instead of serving it first.")] = False,
    solver: Annotated[Optional[str], typer.Option("--solver", help="highs (default) or cbc.")] = None,
    top: TopOpt = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """Optimise flows: deliveries per market, unmet demand, bottlenecks with their dual values."""

    net = load(network)
    scen = _base_scenario(year, scenario)
    result = _quiet_solve(network=net, year=year, scenario=scen, solver=solver,
                          commodity=commodity, max_to=max_to, hold_other_demand=not release)
    if fmt is Format.json:
        emit(result.deliveries, fmt, out=out, json_text=result.to_json())
        return
    table = _deliveries_table(result)
    if fmt is Format.csv:
        emit(table, fmt, out=out)
        return
    title = f"Deliveries {result.year} ({result.status}, {result.solver})"
    if result.mode == "max-throughput":
        title += f" — max {commodity} to {max_to}: {result.throughput:.4g}"
    emit(table, fmt, title=title, out=out)
    if out is None and len(result.bottlenecks):
        b = _round(limit(result.bottlenecks, top, fmt, out, default=10))
        emit(b, fmt, title="Bottlenecks (dual: value of one more unit of capacity)")


@commands.command("whatif")
def whatif_cmd(
    cut: CutOpt = None,
    derate: DerateOpt = None,
    project: ProjectOpt = None,
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    table: TableOpt = None,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """Base case vs a disruption: served and unmet per market, links whose flow changed, bypass routes.

    JSON holds every table in one object; CSV one table (--table NAME) or a folder of CSVs (--out DIR).
    """
    if not (cut or derate or project or scenario):
        raise CorridorsError("nothing to change: give --cut TARGET, --derate TARGET=F, --project ID or --scenario FILE")
    with no_cycle_gc():
        net = load(network, geometry=False)  # text and JSON only: no GeoPandas, Shapely or pyproj
        from corridors.model.scenario import Scenario

        scen = Scenario.compose(base=scenario, year=year, cut=cut or (), derate=derate or (), projects=project or ())
        _whatif(net, scen, fmt=fmt, table=table, out=out)


def _title(name: str, year: int) -> str:
    """``name (year)``, once: bundled scenario names often carry their year already."""
    return name if name.rstrip().endswith(f"({year})") else f"{name} ({year})"


def _whatif_tables(net, scen):
    """``(scenario, year, meta, tables)``: every table of a what-if, each volume with its unit."""
    from corridors.analysis.bypasses import bypass_routes
    from corridors.model.years import resolve_year

    y = resolve_year(None, scenario=scen, network=net)
    scen = scen.model_copy(update={"year": y})
    base = _quiet_solve(network=net, year=y)
    hit = _quiet_solve(network=net, year=y, scenario=scen, prefer=base)
    comparison = base.compare(hit)
    routes, lost_routes = bypass_routes(base, hit, net)
    markets = comparison.markets
    changed = markets[(markets["served_change"].abs() > 1e-6) | (markets["unmet_change"].abs() > 1e-6)]
    mcols = [c for c in ("node", "name", "country", "commodity", "demand_other", "served_base", "served_other", "unmet_other", "unmet_change") if c in changed.columns]
    mtable = _round(changed[mcols].rename(columns={"demand_other": "demand", "served_other": "served", "unmet_other": "unmet", "unmet_change": "lost"}))
    links = comparison.links
    ltable = links[links["change"].abs() > 1e-6].copy()
    if "unit" not in ltable.columns:  # a link's flow is in its capacity's unit (gas bcm/y, oil Mt/y …)
        ltable["unit"] = ltable["id"].map(net.links["capacity_unit"])
    lcols = [c for c in ("id", "name", "corridor", "mode", "unit", "flow_base", "flow_other", "change") if c in ltable.columns]
    ltable = _round(ltable[lcols].sort_values("change", key=abs, ascending=False))
    # exports: one row per market, commodity and origin (base = kept + rerouted + substituted + lost);
    # the terminal shows the markets whose service changed
    tables = {"markets": with_units(_round(comparison.origins)), "changed_markets": with_units(mtable), "links": ltable,
              "bypass_routes": with_units(_round(routes.drop(columns=["links"]))),
              "lost_routes": with_units(_round(lost_routes.drop(columns=["links"])))}
    meta = {"scenario": scen.name, "year": y, "base_status": base.status, "status": hit.status,
            "cost_change": comparison.cost_change, "transport_cost_change": comparison.transport_cost_change,
            "unmet_change": comparison.unmet_change()}
    return scen, y, meta, tables


def _whatif(net, scen, *, fmt: Format, table: str | None, out: Path | None) -> None:
    scen, y, meta, tables = _whatif_tables(net, scen)
    title = f"What if: {_title(scen.name, y)}"
    titles = {"markets": f"{title} — markets by origin", "changed_markets": f"{title} — markets that change",
              "bypass_routes": "Bypass routes (rerouted flow, spare room on the tightest link)",
              "lost_routes": "Routes that carry less", "links": "Links whose flow changed (largest first)"}
    if fmt is not Format.table or out is not None or table is not None:
        emit_tables(tables, fmt, meta=meta, titles=titles, table=table, out=out)
        return
    origins = tables["markets"]
    _emit_totals(origins, fmt, title=f"{title}, per commodity")
    changed, substitutes = _by_origin(origins)
    if len(changed):
        emit(changed, fmt, title="Markets whose supply changed, per origin (in the row's unit)")
    else:
        typer.echo("every market keeps its supply, origin and route")
    if len(substitutes):
        emit(substitutes, fmt, title="Substitutes: origins serving in another's place")
    _emit_routes(tables["bypass_routes"], fmt)
    _echo_unmet(meta["unmet_change"])
    links = tables["links"].rename(columns={"flow_base": "base", "flow_other": "scenario"})
    emit(links[[c for c in links.columns if c != "name"]].head(25), fmt, title=titles["links"] + ", in the unit shown")


def _echo_unmet(change: dict[str, str]) -> None:
    """One line: the extra unmet demand per commodity (``{"oil": "25.3515 Mt/y"}``), 3 significant digits."""
    parts = []
    for k, text in change.items():
        value, _, unit = text.partition(" ")
        try:
            amount = float(value)
        except ValueError:
            continue
        if amount > 1e-6:
            parts.append(f"{k} {amount:,.3g} {unit}".rstrip())
    if parts:
        typer.echo("cannot be bypassed or substituted (unmet): " + ", ".join(parts))


_SPLIT = ["base", "kept", "rerouted", "substituted", "lost"]


def _emit_totals(origins: pd.DataFrame, fmt: Format, *, title: str) -> None:
    """Per commodity (never summed across them): base served = kept + rerouted + substituted + lost."""
    cols = ["commodity", "unit", *_SPLIT]
    if not len(origins):
        return
    emit(_round(origins.groupby(["commodity", "unit"], as_index=False, sort=True)[_SPLIT].sum()[cols]), fmt, title=title)
    typer.echo("base = kept (same origin, same route) + rerouted (same origin, another route) + substituted "
               "(another origin) + lost")


def _by_origin(origins: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For a terminal: ``(changed, substitutes)`` — the market × commodity × origin rows not fully kept
    (``market, commodity, unit, origin, priority, base, kept, rerouted, substituted, lost``), and the
    origins serving more than their own kept and rerouted flow (``substituting``: in another's place)."""
    tol = 1e-6
    o = origins.sort_values(["commodity", "market", "origin"], kind="stable")
    changed = o[(o["base"] - o["kept"]) > tol][["market", "commodity", "unit", "origin", "priority", *_SPLIT]]
    extra = o["scenario"] - o["kept"] - o["rerouted"]
    subs = o.assign(substituting=extra)[extra > tol][["market", "commodity", "unit", "origin", "substituting"]]
    return _round(changed), _round(subs)


def _emit_routes(routes: pd.DataFrame, fmt: Format) -> None:
    """Bypass routes for a terminal: rerouted flow only, each with its origin (the stream) and market."""
    if not len(routes):
        typer.echo("no bypass route: no origin reaches its market by another route")
        return
    show = routes.drop(columns=["origin"]).rename(columns={"stream": "origin", "destination": "market"})
    show = show.sort_values("rerouted", ascending=False, kind="stable")
    cols = ["origin", "commodity", "unit", "market", "rerouted", "spare", "added_km", "route"]
    emit(show[[c for c in cols if c in show.columns]], fmt,
         title="Bypass routes: the same origin to the same market by another route")


def _jobs(value: str) -> str | int:
    """``--jobs``: ``auto`` or a whole number of processes, 1 or more."""
    if value == "auto":
        return value
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise typer.BadParameter(f"{value!r} is not a number of processes: give 1 or more, or auto")
    return number


@commands.command("spof")
def spof_cmd(
    level: Annotated[str, typer.Option("--level", "-l", help="link, node, asset, country, corridor or mode.")] = "asset",
    k: Annotated[int, typer.Option("--k", help="1: each element; 2: every pair.")] = 1,
    commodity: CommodityOpt = None,
    transit: Annotated[bool, typer.Option("--transit", help="Rank by what only passes through: leave out each element's own supply and demand (own_* columns).")] = False,
    rank: Annotated[str, typer.Option("--rank", help="share: by the largest lost share of one commodity; loss: by the objective's priority-weighted unmet demand (as worst).")] = "share",
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    top: TopOpt = None,
    jobs: Annotated[str, typer.Option("--jobs", "-j", callback=_jobs, metavar="N|auto",
                                      help="Processes that solve: N (this one and N-1 workers), or auto: one "
                                           "per core once the solves so far show over a second left.")] = "auto",
    dask: Annotated[Optional[str], typer.Option("--dask", help="'local' or a Dask scheduler address.")] = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """Single points of failure: lose each element (or pair) and rank by what is lost."""
    from corridors.analysis.sweeps import sweep

    net = load(network)
    scen = _base_scenario(year, scenario)
    progress = None
    bar = None
    if fmt is Format.table and out is None and sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task(f"N-{k} over {level} elements", total=None)
        bar.start()

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

    try:
        result = sweep(net, level=level, k=k, year=year, scenario=scen, commodity=commodity, transit=transit,
                       jobs=jobs, dask=dask, progress=progress, rank=rank)
    finally:
        if bar is not None:
            bar.stop()
    frame = result.to_frame()
    show = limit(frame, top, fmt, out, default=15)
    if fmt is Format.json:
        import json

        from corridors.data.formats import to_stable_json

        doc = json.loads(result.to_json(top=len(show)))
        doc["units"] = _volume_units(list(show.columns))
        emit(show, fmt, out=out, json_text=to_stable_json(doc))
        return
    cols = ["element", "name", "loss_pct", *[f"lost_{c}" for c in result.commodities], "bypass_share", "extra_cost", "origin"]
    if commodity:
        cols = ["element", "name", "loss_pct", f"lost_{commodity}", f"carried_{commodity}", "bypass_share", "extra_cost"]
    if transit:  # the ranking key is the loss of what only passes through: show that, and the own demand apart
        cols = [c for c in cols if c != "origin"]
        cols = [f"lost_transit_{c.removeprefix('lost_')}" if c.startswith("lost_") and not c.startswith("lost_pct")
                else c for c in cols]
        cols[3:3] = [f"own_demand_{c}" for c in ([commodity] if commodity else result.commodities)]
    if rank == "loss":  # the ranking key: the model's objective (penalty × priority × unmet + transport cost)
        cols.insert(2, "objective")
    table = _round(show[[c for c in cols if c in show.columns]], 3)
    table = table.rename(columns={c: f"{c} ({u})" for c, u in _volume_units(list(table.columns)).items()}
                         | {"extra_cost": "extra_cost (cost units)", "bypass_share": "bypass_share (0–1)"})
    title = (f"N-{k} over {len(frame)} {level} elements, {result.year}: {result.solves} solves, "
             f"{result.pruned} pruned, {result.seconds:.2f} s"
             f"{f' on {result.processes} processes' if result.processes > 1 else ''} (loss_pct: % of that commodity's demand lost"
             f"{' of the flow only passing through' if transit else ''}"
             + ("; ranked by the objective, model cost units: priority-weighted unmet demand × penalty + transport cost"
                if rank == "loss" else "") + ")")
    emit(table, fmt, title=title, out=out)


def _volume_units(columns: list[str]) -> dict[str, str]:
    """``{column: unit}`` for per-commodity volume columns such as ``lost_gas`` or ``carried_oil``."""
    from corridors.data.units import CANONICAL_UNITS

    units = {}
    for col in columns:
        head, _, commodity = str(col).rpartition("_")
        if head in ("lost", "carried", "lost_transit", "own_demand", "own_supply", "crossed", "rerouted",
                    "substituted") and commodity in CANONICAL_UNITS:
            units[str(col)] = CANONICAL_UNITS[commodity]
    return units


@commands.command("bypass")
def bypass_cmd(
    target: Annotated[list[str], typer.Argument(help="The failing element(s), e.g. country:GE or asset:BTC.")],
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    no_projects: Annotated[bool, typer.Option("--no-projects", help="Skip ranking projects by bypass value.")] = False,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """The routes that carry a failing element's flow, what stays unmet, and which projects would help."""
    from corridors.analysis.bypasses import bypass
    from corridors.model.flow import quiet_stdout

    net = load(network)
    scen = _base_scenario(year, scenario)
    with quiet_stdout():
        report = bypass(net, target, year=year, scenario=scen, projects=not no_projects)
    if fmt is Format.json:
        emit(report.routes, fmt, out=out, json_text=report.to_json())
        return
    from corridors.data.units import CANONICAL_UNITS

    routes = with_units(_round(report.routes.drop(columns=["links"])))
    lost = ", ".join(f"{k} {v:.3g} {CANONICAL_UNITS.get(k, '')}".strip() for k, v in report.lost.items() if v > 1e-6) or "nothing"
    if fmt is Format.csv or out is not None:
        emit(routes, fmt, out=out, title=f"Bypass of {report.target} ({report.year}); lost: {lost}")
        return
    origins = report.comparison.origins if report.comparison.origins is not None else report.routes.iloc[0:0]
    _emit_totals(origins, fmt, title=f"Bypass of {report.target} ({report.year}), per commodity")
    _emit_routes(routes, fmt)
    _, substitutes = _by_origin(origins) if len(origins) else (None, origins)
    if len(substitutes):
        emit(substitutes, fmt, title="Substitution (not a bypass): another origin serves")
    unmet = with_units(_round(report.unmet))
    if len(unmet):
        emit(unmet[[c for c in unmet.columns if c != "name"]], fmt, title=f"What stays unmet (lost: {lost})")
    if len(report.projects):
        emit(_projects_table(report.projects), fmt,
             title="Projects ranked by what they would recover (%: the largest share of one commodity's loss)")


def _projects_table(projects: pd.DataFrame) -> pd.DataFrame:
    """The projects of a bypass for a terminal: ``recovered_<k>`` as ``<k> (unit)``, no long names."""
    from corridors.data.units import CANONICAL_UNITS

    names = {"recovered_pct": "recovered %", "start_year": "year"}
    for col in projects.columns:
        head, _, k = str(col).rpartition("_")
        if head == "recovered" and k in CANONICAL_UNITS:
            names[col] = f"{k} ({CANONICAL_UNITS[k]})"
    return _round(projects.drop(columns=["name"], errors="ignore").rename(columns=names), 3)


@scenarios_app.command("list")
def scenarios_list(fmt: FormatOpt = Format.table) -> None:
    """List the bundled scenarios."""
    import pandas as pd

    from corridors.model.scenario import list_scenarios, load_bundled

    rows = []
    for name in list_scenarios():
        s = load_bundled(name)
        rows.append({"id": name, "name": s.name, "year": s.year, "disruptions": len(s.disruptions),
                     "projects": ";".join(s.projects), "description": s.description or ""})
    emit(pd.DataFrame(rows, columns=["id", "name", "year", "disruptions", "projects", "description"]), fmt,
         title="Bundled scenarios (corridors scenarios run ID)")


@scenarios_app.command("show")
def scenarios_show(name: Annotated[str, typer.Argument(help="Scenario id (see `corridors scenarios list`).")]) -> None:
    """Show one bundled scenario: its TOML and what it disrupts."""
    from corridors.model.scenario import load_bundled

    s = load_bundled(name)
    typer.echo(s.describe())
    typer.echo("")
    typer.echo(s.to_toml())


@scenarios_app.command("run")
def scenarios_run(
    name: Annotated[str, typer.Argument(help="Scenario id, or 'all'.")],
    fmt: FormatOpt = Format.table,
    table: TableOpt = None,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """Run a bundled scenario (base vs scenario per market) in the scenario's own year."""
    from corridors.model.scenario import Scenario, list_scenarios, scenarios_dir

    names = list_scenarios() if name == "all" else [name]
    if len(names) > 1 and out is not None:
        raise CorridorsError("--out with 'all' would write every scenario to one path; run them one at a time")
    paths = []
    for n in names:
        path = scenarios_dir() / f"{n}.toml"
        if not path.exists():
            from corridors.errors import ScenarioError, suggest

            raise ScenarioError(f"unknown scenario {n!r}{suggest(n, list_scenarios())}; see `corridors scenarios list`")
        paths.append(path)
    net = load(network, geometry=False)
    for path in paths:
        _whatif(net, Scenario.compose(base=path), fmt=fmt, table=table, out=out)
