"""CLI command ``depend``: how captive each market and each supplier is to each transit element."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from corridors.cli.options import CommodityOpt, Format, FormatOpt, NetworkOpt, OutOpt, YearOpt, emit, load

commands = typer.Typer()


@commands.command("depend")
def depend_command(
    by: Annotated[str, typer.Option("--by", help="Transit elements: country, asset or corridor.")] = "country",
    market: Annotated[Optional[str], typer.Option("--market", help="Only this market (node id), e.g. market-it.")] = None,
    supplier: Annotated[Optional[str], typer.Option("--supplier", help="Only this supplier (origin), e.g. AZ.")] = None,
    commodity: CommodityOpt = None,
    year: YearOpt = None,
    network: NetworkOpt = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    map_out: Annotated[Optional[Path], typer.Option("--map", help="Also draw an HTML map of the --market's (or --supplier's) dependence on each element.")] = None,
) -> None:
    """Share of each market's supply crossing each transit element (and lost without it), each supplier's
    exports through each element, and the element each is most captive to."""
    from corridors.analysis.dependences import dependence
    from corridors.cli.analysis import _round
    from corridors.data.formats import to_stable_json
    from corridors.errors import CorridorsError
    from corridors.model.flow import quiet_stdout

    net = load(network)
    with quiet_stdout():
        d = dependence(net, year=year, by=by, commodity=commodity)
    if map_out is not None:
        from corridors.render.dependence import dependence_map
        from corridors.render.overlay import write_map

        typer.echo(write_map(dependence_map(net, d, market=market, supplier=supplier, commodity=commodity), map_out,
                             "dependence map"), err=True)
    markets, suppliers, captive = d.markets, d.suppliers, d.captive_to
    if market is not None:
        if market not in set(markets["market"]):
            raise CorridorsError(f"no market {market!r} with supply crossing a {by}; markets: {', '.join(sorted(set(markets['market'])))}")
        markets = markets[markets["market"] == market]
        captive = captive[(captive["kind"] == "market") & (captive["id"] == market)]
    if supplier is not None:
        if supplier not in set(suppliers["origin"]):
            raise CorridorsError(f"no supplier {supplier!r} with exports; suppliers: {', '.join(sorted(set(suppliers['origin'])))}")
        suppliers = suppliers[suppliers["origin"] == supplier]
        captive = captive[(captive["kind"] == "supplier") & (captive["id"] == supplier)]
    markets = markets.sort_values(["market", "commodity", "share_crossing", "via"], ascending=[True, True, False, True], kind="stable")
    suppliers = suppliers.sort_values(["origin", "commodity", "share", "via"], ascending=[True, True, False, True], kind="stable")
    if fmt is Format.json:
        doc = {"by": d.by, "year": d.year, "rows": _round(markets).to_dict("records"),
               "suppliers": _round(suppliers).to_dict("records"), "captive_to": _round(captive).to_dict("records")}
        emit(markets, fmt, out=out, json_text=to_stable_json(doc))
        return
    if fmt is Format.csv or out is not None:
        emit(_round(markets), fmt, out=out, title=f"Dependence by {by} ({d.year})")
        return
    # a terminal: via_kind is the --by of the title; shares are fractions (1 = all of it)
    if supplier is None:
        emit(_round(markets.drop(columns=["via_kind", "country"], errors="ignore")).rename(columns={"share_crossing": "share"}),
             fmt, title=f"Markets: base supply crossing each {by}, and lost if it fails ({d.year}; share 1 = all)")
    if market is None:
        emit(_round(suppliers.drop(columns=["via_kind"], errors="ignore")), fmt,
             title=f"Suppliers: exports through each {by} ({d.year}; share 1 = all of it)")
    emit(_round(captive.drop(columns=["via_kind"], errors="ignore")), fmt,
         title=f"Captive to: the largest share through one {by}")
