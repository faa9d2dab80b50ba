"""CLI commands that plan against failure: ``worst`` (the worst k failures, proven) and ``plan``.

Thin: each parses its options, calls the library and prints through :func:`corridors.cli.options.emit`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from corridors.cli.options import Format, FormatOpt, NetworkOpt, OutOpt, ScenarioOpt, YearOpt, emit, load

commands = typer.Typer()

LevelOpt = Annotated[str, typer.Option("--level", "-l", help="link, node, asset, country, corridor or mode.")]
TransitOpt = Annotated[bool, typer.Option("--transit", help="Only elements that supply nothing (as spof --transit).")]
SolverOpt = Annotated[Optional[str], typer.Option("--solver", help="MILP solver: highs (default) or cbc.")]


def _scenario(year: int | None, scenario):
    from corridors.model.scenario import Scenario

    scen = Scenario.compose(base=scenario, year=year) if scenario else None
    return scen, (year if year is not None else (scen.year if scen is not None and scen.year else None))


@commands.command("worst")
def worst_cmd(
    k: Annotated[int, typer.Option("--k", help="How many elements fail together.")] = 2,
    level: LevelOpt = "link",
    transit: TransitOpt = False,
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    time_limit: Annotated[Optional[float], typer.Option("--time-limit", help="Seconds for the MILP (gap > 0 if it stops early).")] = None,
    solver: SolverOpt = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    network: NetworkOpt = None,
) -> None:
    """Worst case N-k: the k elements whose joint failure costs the most, with a proven bound."""
    from corridors.analysis.worst import worst_case
    from corridors.model.flow import quiet_stdout

    net = load(network)
    scen, y = _scenario(year, scenario)
    with quiet_stdout():
        result = worst_case(net, k=k, level=level, year=y, scenario=scen, transit=transit, time_limit=time_limit,
                            solver=solver)
    frame = result.to_frame()
    if fmt is Format.json:
        emit(frame, fmt, out=out, json_text=result.to_json())
        return
    frame.insert(0, "elements", " + ".join(result.elements))
    title = (f"Worst N-{result.k} {result.level} set ({result.year}): {' + '.join(result.elements)} — "
             f"objective {result.objective:.6g}, bound {result.bound:.6g}, gap {result.gap:.3g} "
             f"({result.solver}; ranked by the objective, as spof --rank loss; loss = priority-weighted "
             f"unmet demand beyond the base case)")
    emit(frame, fmt, out=out, title=title)


@commands.command("plan")
def plan_cmd(
    level: LevelOpt = "country",
    max_loss: Annotated[float, typer.Option("--max-loss", help="Limit on each market's lost share of each commodity (0..1).")] = 0.1,
    budget: Annotated[Optional[float], typer.Option("--budget", help="Spend at most this (EUR) and maximise the worst-case served share instead.")] = None,
    by: Annotated[str, typer.Option("--by", help="Hold the limit per 'market' (country) or per 'commodity'.")] = "market",
    curve: Annotated[Optional[str], typer.Option("--curve", help="Comma-separated limits: the cost–resilience frontier, e.g. 1,0.5,0.25.")] = None,
    commodity: Annotated[Optional[str], typer.Option("--commodity", help="Hold the limit only for this commodity's markets (e.g. freight); the others flow and are reported but do not constrain.")] = None,
    dated: Annotated[bool, typer.Option("--dated", help="Also plan the projects dated after --from-year (planned or under construction, e.g. TRIPP, Kars–Iğdır), in service on their date if built.")] = False,
    transit: TransitOpt = False,
    contingency: Annotated[Optional[list[str]], typer.Option("--contingency", help="Only this element of the level (repeatable).")] = None,
    candidate: Annotated[Optional[list[str]], typer.Option("--candidate", help="Only this project (repeatable).")] = None,
    from_year: Annotated[Optional[int], typer.Option("--from-year", help="Year build decisions are taken (default 2026): candidates whose lead time ends after --year are excluded.")] = None,
    solver: SolverOpt = None,
    year: YearOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    network: NetworkOpt = None,
    map_out: Annotated[Optional[Path], typer.Option("--map", help="Also draw the portfolio as an HTML map (built projects highlighted, what each fixes).")] = None,
) -> None:
    """Plan against failure: the cheapest projects keeping every market's loss under a limit in every contingency."""
    from corridors.analysis.planning import plan, plan_curve
    from corridors.errors import ScenarioError
    from corridors.model.flow import quiet_stdout

    net = load(network)
    scen, y = _scenario(year, scenario)
    kwargs = dict(level=level, year=y, scenario=scen, transit=transit, by=by, contingencies=contingency or None,
                  candidates=candidate or None, from_year=from_year, solver=solver, commodity=commodity, dated=dated)
    if curve is not None:
        if map_out is not None:
            raise ScenarioError("--map draws one plan, --curve a series of them; drop one of the two")
        try:
            limits = [float(x) for x in curve.split(",") if x.strip()]
        except ValueError:
            raise ScenarioError(f"--curve {curve!r}: give comma-separated shares, e.g. 1,0.5,0.25") from None
        with quiet_stdout():
            frame = plan_curve(net, limits=limits, **kwargs)
        only = f"{commodity} markets only" if commodity else "every commodity"
        emit(frame, fmt, out=out, title=f"Cost–resilience frontier, limit on {only} (capex in EUR; [K]-marked capex "
                                        "are estimates without a source; excluded: candidates too late for the year)")
        return
    with quiet_stdout():
        result = plan(net, max_loss=max_loss, budget=budget, **kwargs)
    if map_out is not None:
        from corridors.render.overlay import write_map
        from corridors.render.portfolio import portfolio_map

        typer.echo(write_map(portfolio_map(net, result), map_out, "portfolio map"), err=True)
    if fmt is Format.json:
        emit(result.to_frame(), fmt, out=out, json_text=result.to_json())
        return
    frame = result.to_frame()
    if result.status == "infeasible":
        b = result.binding or {}
        title = (f"infeasible even with every candidate built: {b.get('contingency')} costs {b.get('market')} "
                 f"{100 * b.get('loss_share', float('nan')):.1f} % of its {b.get('commodity')} (limit {100 * max_loss:.0f} %)")
    else:
        w = result.worst_after
        limit = f"limit {100 * result.max_loss:.0f} %" if result.max_loss is not None else \
            f"budget {result.budget / 1e9:.3g} bn EUR, worst served share {100 * (result.worst_share or 0):.1f} %"
        estimate = (f", of it {result.capex_unsourced / 1e9:.3g} bn EUR [K] estimates without a source"
                    if result.capex_unsourced else "")
        if result.commodity:
            limit += f" on {result.commodity} only"
        title = (f"Plan {result.year} ({limit}): build {', '.join(result.marked(result.projects)) or 'nothing'} — capex "
                 f"{result.capex / 1e9:.3g} bn EUR{estimate} ({result.annualised / 1e6:.3g} M EUR/y); worst after: "
                 f"{w.get('contingency')} → {w.get('market')} {w.get('commodity')} {100 * w.get('loss_share', 0):.1f} %; "
                 f"{len(result.modelled)} of {len(result.contingencies)} contingencies modelled")
    if result.excluded:
        title += (f"; {len(result.excluded)} candidate(s) excluded, too late for {result.year} from "
                  f"{result.from_year}: {', '.join(result.marked(e['project'] for e in result.excluded))}")
    emit(frame, fmt, out=out, title=title)
