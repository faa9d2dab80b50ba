"""CLI command ``routes``: door-to-door days and dollars of a freight route, with the alternatives the sources time."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from corridors.cli.options import CommodityOpt, FormatOpt, Format, NetworkOpt, OutOpt, YearOpt, emit, load

commands = typer.Typer()


@commands.command("routes")
def routes_command(
    origin: Annotated[str, typer.Option("--from", help="Start node id, e.g. altynkol.")],
    destination: Annotated[str, typer.Option("--to", help="End node id, e.g. market-eu or mersin.")],
    commodity: CommodityOpt = "freight",
    year: YearOpt = None,
    avoid: Annotated[Optional[list[str]], typer.Option("--avoid", help="Node or link id to leave out; repeatable.")] = None,
    network: NetworkOpt = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
) -> None:
    """Door-to-door hours, days and USD per tonne: fastest modelled route, fastest through each context route, sourced timings.

    Context routes (Northern rail via Russia, sea via Suez) are not in the optimiser unless switched on with
    --project; the sourced timings are the Middle Corridor as its operators time it and the alternatives."""
    import pandas as pd

    from corridors.analysis.routes import context_door_to_door, context_routes, door_to_door

    from corridors.errors import DataError

    net, kw = load(network), dict(year=year, commodity=commodity or "freight", cut=tuple(avoid or ()))
    try:
        fastest, missing = door_to_door(net, origin, destination, **kw), None
    except DataError as exc:   # no bundled route: a context route may still connect the two
        fastest, missing = None, exc
    through_context = context_door_to_door(net, origin, destination, **kw)
    if missing is not None and through_context.empty:
        raise missing
    modelled = pd.concat([f for f in (fastest, through_context) if f is not None and not f.empty], ignore_index=True)
    modelled = modelled.assign(links=modelled["links"].map(", ".join))
    frame = pd.concat([modelled, context_routes()], ignore_index=True)
    cols = ["route", "kind", "from", "to", "km", "hours", "days", "days_low", "days_high", "border_crossings",
            "usd_per_t", "usd_per_t_complete", "usd_per_feu", "source"]
    emit(frame[[c for c in cols if c in frame.columns]], fmt, title=f"Freight routes {origin} → {destination}", out=out)
