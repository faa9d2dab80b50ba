"""``corridors data``: list and validate network data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from corridors.cli.options import Format, FormatOpt, NetworkOpt, What, YearOpt, emit, load
from corridors.errors import CorridorsError

data_app = typer.Typer(help="List and validate network data.", no_args_is_help=True)


@data_app.command("list")
def data_list(
    year: YearOpt = None,
    what: Annotated[What, typer.Option("--what", help="Which table to list.")] = What.links,
    fmt: FormatOpt = Format.table,
    network: NetworkOpt = None,
    project: Annotated[Optional[list[str]], typer.Option("--project", help="Switch on a planned project (link id or asset); repeatable.")] = None,
) -> None:
    """List the links (or nodes, balances) of the network."""
    net = load(network)
    if year is not None:
        net = net.at(year, projects=project or ())
    elif project:
        raise CorridorsError("--project needs --year: projects are switched on for a given year")
    if what is What.links:
        frame = net.links.reset_index()[
            ["id", "name", "asset", "corridor", "mode", "commodities", "capacity", "status", "start_year", "country", "length_km"]
        ].copy()
        if fmt is Format.table:
            frame = frame.drop(columns=["name", "asset"])
        frame["commodities"] = frame["commodities"].map(lambda c: ";".join(c))
        frame["length_km"] = frame["length_km"].round(1)
        frame["start_year"] = frame["start_year"].astype(object).where(frame["start_year"].notna(), None)
    elif what is What.nodes:
        frame = net.nodes.reset_index()[["id", "name", "kind", "country", "capacity"]].copy()
        frame["lon"] = net.nodes.geometry.x.round(5).to_numpy()
        frame["lat"] = net.nodes.geometry.y.round(5).to_numpy()
    else:
        frame = net.balances.copy()
    label = f"{len(frame)} {what.value}" + (f" in {year}" if year is not None else "")
    emit(frame, fmt, title=label)


@data_app.command("validate")
def data_validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Network folders or .gpkg files (default: the bundled network).")] = None,
) -> None:
    """Check network files: geometry, ids, references, units, statuses and years."""
    from corridors.data.io import load_network

    targets = paths or [None]
    for path in targets:
        net = load_network(path)
        where = str(path.resolve()) if path is not None else "bundled network"
        typer.echo(f"ok: {where}: {len(net.nodes)} nodes, {len(net.links)} links, {len(net.balances)} balances")
