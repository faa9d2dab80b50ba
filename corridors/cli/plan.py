"""CLI commands that plan against failure: ``worst`` (the worst k failures, proven) and ``plan``.

Thin: each parses its options, calls the library and prints through :func:`corridors.cli.options.emit`.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from corridors.cli.options import Format, FormatOpt, NetworkOpt, OutOpt, ScenarioOpt, YearOpt, emit, load

commands = typer.Typer()

LevelOpt = Annotated[str, typer.Option("--level", "-l", help="link, node, asset, country, corridor or mode.")]
TransitOpt = Annotated[bool, typer.Option("--transit", help="Only elements that supply nothing (as spof --transit).")]


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
        result = worst_case(net, k=k, level=level, year=y, scenario=scen, transit=transit, time_limit=time_limit)
    frame = result.to_frame()
    if fmt is Format.json:
        emit(frame, fmt, out=out, json_text=result.to_json())
        return
    frame.insert(0, "elements", " + ".join(result.elements))
    title = (f"Worst N-{result.k} {result.level} set ({result.year}): {' + '.join(result.elements)} — "
             f"objective {result.objective:.6g}, bound {result.bound:.6g}, gap {result.gap:.3g} "
             f"(loss = priority-weighted unmet demand beyond the base case)")
    emit(frame, fmt, out=out, title=title)
