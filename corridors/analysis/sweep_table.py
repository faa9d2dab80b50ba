"""A sweep's table: its rows' columns assembled once, ranked, as one frame.

:func:`corridors.analysis.sweeps.sweep` computes one set of metrics per distinct outcome (rows with
the same outcome and chain share theirs, see :func:`corridors.analysis.sweep_rows.metrics`); this
module spreads them over the rows, adds each row's own columns, ranks the rows
(:func:`corridors.analysis.ranking.rank_positions`) and builds the frame column by column with the
rows already in order — the same columns, dtypes, index and values as a frame made from one dict
per row and then reordered, in a fraction of the time (a dict per row and a reorder of every
column took about a tenth of a bundled link sweep).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ranked_table"]


def ranked_table(keys: Sequence[str], shared: Sequence[Mapping[str, Any]], share_of: Sequence[int],
                 own: Mapping[str, Sequence[Any]], overrides: Mapping[str, Sequence[Any]], rank: str) -> pd.DataFrame:
    """The table indexed by ``keys`` (named ``element``), ranked by ``rank``.

    ``shared`` holds the metrics dicts (their keys in column order), ``share_of[r]`` the position of
    row ``r``'s; ``overrides`` columns of ``shared`` whose value is each row's own (``carried_k``);
    ``own`` the columns that follow (one value per row), in order. A column whose values are all
    floats is kept as a float array (pandas would infer float64 for it too); any other stays a list,
    for pandas to infer its dtype as from a list of dicts.
    """
    import numpy as np
    import pandas as pd

    from corridors.analysis.ranking import rank_positions

    n = len(keys)
    if not n:  # no rows: no columns (as a frame from no dicts)
        return pd.DataFrame({}, index=pd.Index([], name="element"))
    share_of = np.asarray(share_of, dtype=np.int64)
    columns: dict[str, Any] = {"name": own["name"]} if "name" in own else {}
    metric_cols = list(shared[0]) if shared else []
    layouts = {tuple(m) for m in shared}
    kinds = {tuple(map(type, m.values())) for m in shared}  # the distinct value types, dict by dict: a few
    if len(layouts) == 1:  # the same keys in every dict: a column is float where every distinct layout says so
        floats = [c for j, c in enumerate(metric_cols)
                  if c not in overrides and all(issubclass(t[j], float) for t in kinds)]
    else:
        floats = [c for c in metric_cols if c not in overrides and all(isinstance(m[c], float) for m in shared)]
    block = np.array([[m[c] for c in floats] for m in shared], dtype=float).reshape(len(shared), len(floats))[share_of]
    at = {c: j for j, c in enumerate(floats)}
    for c in metric_cols:
        if c in overrides:
            columns[c] = _column(overrides[c])
        elif c in at:
            columns[c] = block[:, at[c]]
        else:
            columns[c] = [shared[s][c] for s in share_of.tolist()]
    for c, values in own.items():
        if c != "name":
            columns[c] = _column(values)
    names = np.asarray(keys, dtype=object)
    order = rank_positions(names.astype(str), lambda c: np.asarray(columns[c], dtype=float), rank)
    positions = order.tolist()
    ranked = {c: v[order] if isinstance(v, np.ndarray) else [v[i] for i in positions] for c, v in columns.items()}
    index = pd.Index([names[i] for i in positions], name="element")
    return _frame(ranked, index)


def _frame(columns: dict[str, Any], index) -> pd.DataFrame:
    """``pd.DataFrame(columns, index=index)``, its float and bool columns handed over as blocks.

    The frame a dict makes holds the float columns in one block too, after checking each column on
    its own (about 4 µs a column; a bundled country sweep's table has 45); pandas' block constructor
    (``pandas.api.internals``, pandas ≥ 3.0) takes the block as it is. A list of Python bools becomes
    a bool array and one of Python ints and floats a float array (what pandas infers for them); any
    other column gets its dtype from pandas (a Series each, as the dict constructor infers it).
    Without that constructor the frame is made from the dict.
    """
    import numpy as np
    import pandas as pd

    try:
        from pandas.api.internals import create_dataframe_from_blocks
    except ImportError:  # pragma: no cover - pandas < 3.0
        return pd.DataFrame(columns, index=index)
    values = list(columns.values())
    floats, bools, blocks = [], [], []
    for j, v in enumerate(values):
        kinds = None if isinstance(v, np.ndarray) else {type(x) for x in v}
        if kinds is None and v.dtype == np.float64:
            floats.append(j)
        elif kinds is not None and float in kinds and kinds <= {int, float}:  # as pandas infers: float64
            values[j] = np.array(v, dtype=float)
            floats.append(j)
        elif kinds == {bool}:
            bools.append(j)
        else:
            series = pd.Series(v, index=index, copy=False)
            # a numpy dtype: a 2-D block; any other (Arrow or Python strings, …): its extension array
            block = series.to_numpy().reshape(1, -1) if isinstance(series.dtype, np.dtype) else series.array
            blocks.append((block, np.asarray([j], dtype=np.intp)))
    if floats:
        blocks.append((np.vstack([values[j] for j in floats]), np.asarray(floats, dtype=np.intp)))
    if bools:
        blocks.append((np.array([values[j] for j in bools], dtype=bool), np.asarray(bools, dtype=np.intp)))
    names = tuple(columns)
    labels = _LABELS.get(names)
    if labels is None:  # an Index is immutable: frames with the same columns share one
        if len(_LABELS) >= 64:
            _LABELS.clear()
        labels = _LABELS[names] = pd.Index(list(names))
    return create_dataframe_from_blocks(blocks, index=index, columns=labels)


_LABELS: dict[tuple[str, ...], Any] = {}


def _column(values: Sequence[Any]):
    """A float array when every value is a float (as pandas infers from a list), else the list."""
    import numpy as np

    values = list(values)
    return np.array(values, dtype=float) if values and all(isinstance(v, float) for v in values) else values
