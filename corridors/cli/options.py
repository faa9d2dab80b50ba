"""What the commands share: output formats, the common options, and how tables, JSON and CSV are written.

Imports only from the library's lower layers; every command module imports from here, never from
another command module.
"""

from __future__ import annotations

import os
import sys
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


def emit(frame: pd.DataFrame, fmt: Format, *, title: str | None = None, out: Path | None = None,
         json_text: str | None = None) -> None:
    """Print (or write atomically to ``out``) a frame as a rich table, JSON or CSV."""
    from corridors.data.files import atomic_path

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


def load(path: Path | None):
    from corridors.data.io import load_network

    return load_network(path)
