"""The ``corridors`` command line: thin wrappers that parse, call the library and print.

Exit codes: 0 success, 2 bad input (one line on stderr, no traceback), 1 internal error.
Heavy libraries are imported inside the commands, so ``corridors --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from corridors._version import __version__
from corridors.errors import CorridorsError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["app", "main", "run"]

app = typer.Typer(
    name="corridors",
    help="Caspian–Black Sea–Mediterranean corridors: network data, flow optimisation, what-ifs and maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
data_app = typer.Typer(help="List and validate network data.", no_args_is_help=True)
app.add_typer(data_app, name="data")


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class What(str, Enum):
    links = "links"
    nodes = "nodes"
    balances = "balances"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corridors {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Caspian–Black Sea–Mediterranean corridors."""


# -- output helpers ---------------------------------------------------------------------------

def emit(frame: pd.DataFrame, fmt: Format, *, title: str | None = None, out: Path | None = None,
         json_text: str | None = None) -> None:
    """Print (or write atomically to ``out``) a frame as a rich table, JSON or CSV."""
    from corridors.io import atomic_path

    if fmt is Format.json:
        text = json_text if json_text is not None else frame_to_json(frame)
    elif fmt is Format.csv:
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        text = None
    if out is not None:
        if text is None:
            text = _table_text(frame, title)
        with atomic_path(out) as tmp:
            tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        return
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped: do not squeeze the table into 80 columns
        console = Console(width=max(console.width, 160))
    console.print(_rich_table(frame, title))


def frame_to_json(frame: pd.DataFrame) -> str:
    """Stable JSON for a frame: records with sorted keys, floats rounded to 6 significant digits."""
    import json
    import math

    def clean(v):
        if isinstance(v, float):
            return None if math.isnan(v) else float(f"{v:.6g}")
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if hasattr(v, "item"):
            return clean(v.item())
        try:
            import pandas as pd

            if v is pd.NA:
                return None
        except ImportError:  # pragma: no cover
            pass
        return v

    records = [{str(k): clean(v) for k, v in rec.items()} for rec in frame.to_dict("records")]
    return json.dumps(records, sort_keys=True, indent=1, ensure_ascii=False)


def _rich_table(frame: pd.DataFrame, title: str | None):
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        # one line per row: long names are cut with an ellipsis (JSON and CSV keep them whole)
        wide = str(col) in ("name", "route", "description")
        numeric = frame[col].dtype.kind in "if"
        cells = [_cell(v) for v in frame[col]]
        longest = max([len(str(col)), *map(len, cells)]) if cells else len(str(col))
        table.add_column(str(col), no_wrap=True, overflow="ellipsis", max_width=40 if wide else None,
                         min_width=None if wide else min(longest, 30), justify="right" if numeric else "left")
    for rec in frame.itertuples(index=False):
        table.add_row(*[_cell(v) for v in rec])
    return table


def _cell(v) -> str:
    import math

    if v is None:
        return ""
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:,.3g}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    s = str(v)
    return "" if s in ("<NA>", "nan") else s


def _table_text(frame: pd.DataFrame, title: str | None) -> str:
    from rich.console import Console

    console = Console(record=True, width=200, file=open(os.devnull, "w"))
    console.print(_rich_table(frame, title))
    return console.export_text()


def _load(path: Path | None):
    from corridors.io import load_network

    return load_network(path)


# -- data ---------------------------------------------------------------------------------------

YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="Keep what exists in this year (planned projects from their start year).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NetworkOpt = Annotated[Optional[Path], typer.Option("--network", help="A network folder or .gpkg instead of the bundled one.")]


@data_app.command("list")
def data_list(
    year: YearOpt = None,
    what: Annotated[What, typer.Option("--what", help="Which table to list.")] = What.links,
    fmt: FormatOpt = Format.table,
    network: NetworkOpt = None,
    project: Annotated[Optional[list[str]], typer.Option("--project", help="Switch on a planned project (link id or asset); repeatable.")] = None,
) -> None:
    """List the links (or nodes, balances) of the network."""
    net = _load(network)
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
    from corridors.io import load_network

    targets = paths or [None]
    for path in targets:
        net = load_network(path)
        where = str(path) if path is not None else "bundled network"
        typer.echo(f"ok: {where}: {len(net.nodes)} nodes, {len(net.links)} links, {len(net.balances)} balances")


# -- the other commands register themselves on ``app`` ----------------------------------------
from corridors import cli_analysis  # noqa: E402,F401
from corridors import cli_maps  # noqa: E402,F401

# -- entry points -------------------------------------------------------------------------------

# typer ≥ 0.20 vendors click as ``typer._click``; older releases use click itself.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="corridors", standalone_mode=False)
    except CorridorsError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except _ClickException as exc:
        exc.show()
        return 2
    except (BrokenPipeError, KeyboardInterrupt):
        return 1
    except Exception as exc:  # an internal error: say so, keep the traceback for debugging
        if os.environ.get("CORRIDORS_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set CORRIDORS_DEBUG=1 for the traceback)", err=True)
        return 1
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
