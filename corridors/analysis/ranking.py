"""How a sweep's table is ordered: by the largest lost share (the default) or by the objective.

Kept apart from :mod:`corridors.analysis.sweeps` so the worst-case search and the sweep share one
definition of "most critical" (:func:`rank_order`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["rank_order", "rank_positions"]


def rank_order(table: pd.DataFrame, rank: str = "share"):
    """Row positions of a sweep's table, most critical first.

    ``share`` (the default): the largest lost share of one commodity (``loss_pct``), then the sum
    of the shares over commodities, the larger ``extra_cost``, the element id. ``loss``: the
    follower's objective, i.e. the priority-weighted unmet demand (× ``settings.UNMET_PENALTY``)
    plus the transport cost — what :func:`corridors.analysis.worst.worst_case` maximises — with
    ties (to 1e-6) going to the alphabetically first set of element ids, as ``worst_case`` breaks them.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"loss_pct": [50.0, 10.0], "loss_pct_sum": [50.0, 10.0], "extra_cost": [0.0, 0.0],
    ...                   "objective": [1.0e4, 9.0e4]}, index=["small", "big"])
    >>> list(t.index[rank_order(t, "share")]), list(t.index[rank_order(t, "loss")])
    (['small', 'big'], ['big', 'small'])
    """
    return rank_positions(table.index.to_numpy(dtype=str), lambda c: table[c].to_numpy(), rank)


def rank_positions(names, column, rank: str = "share"):
    """:func:`rank_order` of rows given as arrays: ``names`` the element ids, ``column(name)`` a
    column's values as a float array (a sweep ranks its rows before it builds the table).

    Examples
    --------
    >>> import numpy as np
    >>> cols = {"loss_pct": np.array([50.0, 10.0]), "loss_pct_sum": np.array([50.0, 10.0]),
    ...         "extra_cost": np.array([0.0, np.nan]), "objective": np.array([1.0e4, 9.0e4])}
    >>> rank_positions(np.array(["small", "big"]), cols.__getitem__).tolist()
    [0, 1]
    """
    import numpy as np

    names = np.asarray(names, dtype=str)
    if rank == "loss":
        sets = np.asarray([" + ".join(sorted(n.split(" + "))) for n in names], dtype=str)
        return np.lexsort((sets, -np.round(column("objective"), 6)))
    extra = column("extra_cost")
    return np.lexsort((names, -np.where(np.isnan(extra), 0.0, extra),
                       -np.round(column("loss_pct_sum"), 9), -np.round(column("loss_pct"), 9)))
