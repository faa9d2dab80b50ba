"""What the commands share: output formats, the common options, and how tables, JSON and CSV are written.

Imports only from the library's lower layers; every command module imports from here, never from
another command module.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class What(str, Enum):
    links = "links"
    nodes = "nodes"
    balances = "balances"



YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="Keep what exists in this year (planned projects from their start year).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
NetworkOpt = Annotated[Optional[Path], typer.Option("--network", help="A network folder or .gpkg instead of the bundled one.")]
ScenarioOpt = Annotated[Optional[Path], typer.Option("--scenario", "-s", help="A scenario TOML file.")]
CommodityOpt = Annotated[Optional[str], typer.Option("--commodity", "-c", help="oil, gas, freight or power.")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the output to this file (atomically).")]
CutOpt = Annotated[Optional[list[str]], typer.Option("--cut", help="Target to cut, e.g. country:GE, link:btc-ge, asset:BTC; repeatable.")]
DerateOpt = Annotated[Optional[list[str]], typer.Option("--derate", help="TARGET=FRACTION left, e.g. mode:ferry=0.5; repeatable.")]
ProjectOpt = Annotated[Optional[list[str]], typer.Option("--project", help="Build a planned/proposed project (link id or asset); repeatable.")]


TopOpt = Annotated[Optional[int], typer.Option(
    "--top", min=1, help="Rows to show (a positive whole number). Default: a few in a table, all in JSON/CSV/--out.")]
TableOpt = Annotated[Optional[str], typer.Option(
    "--table", help="With --format csv: the one table to write (CSV holds one table; or give --out DIR for all).")]


def limit(frame: pd.DataFrame, top: int | None, fmt: Format, out: Path | None, *, default: int) -> pd.DataFrame:
    """``--top``: the first ``top`` rows; when not given, a terminal table shows ``default`` rows and exports all."""
    if top is not None:
        return frame.head(top)
    if fmt is Format.table and out is None:
        return frame.head(default)
    return frame


def with_units(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``unit`` column beside ``commodity`` (rows that mix commodities mix units)."""
    from corridors.data.units import CANONICAL_UNITS

    if "commodity" not in frame.columns or "unit" in frame.columns:
        return frame
    out = frame.copy()
    out.insert(list(out.columns).index("commodity") + 1, "unit", out["commodity"].map(CANONICAL_UNITS))
    return out


def write_text(out: Path, text: str) -> None:
    """Write ``text`` to ``out`` atomically (a failure is a DataError naming the path)."""
    from corridors.data.files import atomic_path

    with atomic_path(out) as tmp:
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def emit(frame: pd.DataFrame, fmt: Format, *, title: str | None = None, out: Path | None = None,
         json_text: str | None = None) -> None:
    """Print (or write atomically to ``out``) a frame as a rich table, JSON or CSV."""
    if fmt is Format.json:
        text = json_text if json_text is not None else frame_to_json(frame)
    elif fmt is Format.csv:
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        text = None
    if out is not None:
        write_text(out, text if text is not None else _table_text(frame, title))
        return
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from rich.console import Console

    console = Console()
    terminal = console.is_terminal
    if not terminal:  # piped: never squeeze (or cut) the table to fit 80 columns
        console = Console(width=_UNCUT_WIDTH)
    console.print(_rich_table(frame, title, cut=terminal))


def emit_tables(tables: dict[str, pd.DataFrame], fmt: Format, *, meta: dict | None = None,
                titles: dict[str, str] | None = None, table: str | None = None, out: Path | None = None) -> None:
    """Several named tables: JSON one object (``meta`` + each table), CSV one ``--table`` or a folder
    of CSVs (``--out DIR``), a table view one rich table each.

    Everything is rendered before anything is written; each file is written atomically.
    """
    from corridors.errors import CorridorsError, suggest

    names = list(tables)
    if table is not None:
        if table not in tables:
            raise CorridorsError(f"--table {table!r}: no such table{suggest(table, names)}; use one of {', '.join(names)}")
        if fmt is not Format.csv:
            raise CorridorsError("--table picks one table for --format csv; JSON and the table view hold them all")
        emit(tables[table], fmt, out=out)
        return
    titles = titles or {}
    if fmt is Format.json:
        from corridors.data.formats import to_stable_json

        doc = {**(meta or {}), **{k: v.to_dict("records") for k, v in tables.items()}}
        emit(next(iter(tables.values())), fmt, out=out, json_text=to_stable_json(doc))
        return
    if fmt is Format.csv:
        if out is None:
            raise CorridorsError(f"--format csv holds one table; add --table NAME ({', '.join(names)}) "
                                 "or --out DIR for a folder with one CSV each")
        if out.exists() and not out.is_dir():
            raise CorridorsError(f"--out {_abs(out)}: is a file; with several tables --out names a folder "
                                 "(or add --table NAME for one CSV)")
        texts = {f"{k}.csv": v.to_csv(index=False, lineterminator="\n") for k, v in tables.items()}
        if not out.parent.is_dir():
            raise CorridorsError(f"--out {_abs(out)}: no such folder {_abs(out.parent)}; create it first")
        try:
            out.mkdir(exist_ok=True)
        except OSError as exc:
            raise CorridorsError(f"--out {_abs(out)}: cannot create the folder ({exc.strerror}); choose another --out") from None
        for name, text in texts.items():
            write_text(out / name, text)
        return
    if out is not None:
        text = "\n".join(_table_text(v, titles.get(k, k)) for k, v in tables.items())
        write_text(out, text)
        return
    for k, v in tables.items():
        if len(v):
            emit(v, fmt, title=titles.get(k, k))


def _abs(path: Path) -> str:
    return os.path.abspath(path)


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


_UNCUT_WIDTH = 10_000  # wide enough that rich never shortens a cell outside a terminal


def _rich_table(frame: pd.DataFrame, title: str | None, *, cut: bool = False):
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        # in a terminal one line per row: long names are cut with an ellipsis (piped tables, files,
        # JSON and CSV keep them whole)
        wide = cut and str(col) in ("name", "route", "description")
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

    console = Console(record=True, width=_UNCUT_WIDTH, file=open(os.devnull, "w"))
    console.print(_rich_table(frame, title))
    return console.export_text()


@contextmanager
def no_cycle_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a short command (imports and two solves make many objects
    and no garbage worth a pass: about a tenth of ``whatif``'s time); back on, as it was, afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(path: Path | None, *, geometry: bool = True):
    """The network of ``--network`` (default the bundled one); ``geometry=False`` for a command that
    only solves and prints: the network without geometry, which loads without importing GeoPandas."""
    from corridors.data.io import load_network

    return load_network(path, geometry=geometry)
