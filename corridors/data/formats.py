"""Stable JSON and escaped HTML tables: how every layer shows a frame.

Floats are rounded to 6 significant digits and keys sorted, so the same input gives the same bytes;
every header and value of an HTML table is escaped.
"""

from __future__ import annotations

import html
import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["to_stable_json", "html_table"]


def _plain(value: Any) -> Any:
    """A JSON-ready copy: floats to 6 significant digits, NaN/inf/NA to null, tuples to lists."""
    import numpy as np
    import pandas as pd

    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            return None
        r = float(f"{v:.6g}")
        return 0.0 if r == 0 else r
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [c for c in frame.columns if c != "geometry"]
    return [_plain(r) for r in frame[cols].to_dict("records")]


def to_stable_json(obj: Any, *, indent: int | None = 2) -> str:
    """Serialise ``obj`` with sorted keys and floats rounded to 6 significant digits.

    Examples
    --------
    >>> to_stable_json({"b": 1 / 3, "a": float("nan")}, indent=None)
    '{"a": null, "b": 0.333333}'
    """
    return json.dumps(_plain(obj), sort_keys=True, indent=indent, ensure_ascii=False, allow_nan=False)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    if isinstance(value, (tuple, list)):
        value = ", ".join(str(v) for v in value)
    if value is None:
        return ""
    try:
        import pandas as pd

        if value is pd.NA:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, *, max_rows: int = 30, caption: str | None = None) -> str:
    """A frame as an HTML ``<table>`` (no geometry), every header and value escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> html_table(pd.DataFrame({"id": ["<a>"], "flow": [1 / 3]}))
    '<table><thead><tr><th>id</th><th>flow</th></tr></thead><tbody><tr><td>&lt;a&gt;</td><td>0.333333</td></tr></tbody></table>'
    """
    cols = [c for c in frame.columns if c != "geometry"]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = []
    for rec in frame[cols].head(max_rows).itertuples(index=False, name=None):
        body.append("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in rec) + "</tr>")
    more = f"<p>… {len(frame) - max_rows} more rows</p>" if len(frame) > max_rows else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"
