"""A frame's columns without making a Series: what the model build and the sweep's base-case read-back
use to read the network's and the balances' tables.

A GeoDataFrame's ``__getitem__`` costs ~40 µs a column and building the bundled network's LP reads
about twenty (a tenth of the build); iterating an Arrow string column in Python costs ~0.5 µs a
value. These read the frame's blocks (as :func:`corridors.model.cache._column_arrays` does) and give
the same values, in the same types, as the Series would.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", None]})
>>> to_numpy(frame, "a", float).tolist(), values(frame, "b")[0], missing(values(frame, "b")[1])
([1.0, 2.0], 'x', True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = ["column", "values", "to_numpy", "missing"]


def column(frame: pd.DataFrame, name: str) -> Any:
    """The values of ``frame[name]`` (its numpy or pandas array) without making a Series: a
    GeoDataFrame's ``__getitem__`` costs ~40 µs a column and a model reads about twenty (a tenth of
    building the bundled network's LP). Through the frame's blocks where this pandas has
    ``_mgr.iget_values`` (as :func:`corridors.model.cache._column_arrays`), else the Series' array."""
    get = getattr(getattr(frame, "_mgr", None), "iget_values", None)
    if get is not None:
        loc = frame.columns.get_loc(name)
        if isinstance(loc, int):
            try:
                return get(loc)
            except Exception:  # pragma: no cover - another pandas' internals: the public path
                pass
    return frame[name].array


def values(frame: pd.DataFrame, name: str) -> list:
    """``frame[name]`` as a list of Python values, as iterating the column gives them. A pandas
    string column in Arrow is listed by Arrow, its nulls then set to the dtype's missing value
    (pandas' own ``tolist`` fills each gap one value at a time: 15 times slower with gaps)."""
    arr = column(frame, name)
    chunked = getattr(arr, "_pa_array", None)
    if chunked is not None and type(arr.dtype).__name__ == "StringDtype":
        try:
            out = chunked.to_pylist()
        except Exception:  # pragma: no cover - another pandas' internals: the public path
            return arr.tolist()
        if chunked.null_count:
            na = arr.dtype.na_value
            out = [na if v is None else v for v in out]
        return out
    return arr.tolist()


def to_numpy(frame: pd.DataFrame, name: str, dtype: Any = None) -> np.ndarray:
    """``frame[name].to_numpy(dtype=dtype)`` without making a Series."""
    import numpy as np

    arr = column(frame, name)
    return np.asarray(arr, dtype=dtype) if isinstance(arr, np.ndarray) else arr.to_numpy(dtype=dtype)


def missing(value: Any) -> bool:
    """What ``Series.dropna`` drops: None, NaN, NA, NaT."""
    if isinstance(value, str):
        return False
    import pandas as pd

    return value is None or bool(pd.isna(value))
