"""What a solve delivers, read back alone: :class:`Delivered` (status, deliveries, flow per link).

:func:`corridors.model.results.assemble_result` builds every table of a
:class:`~corridors.model.results.FlowResult` (flows with their geometry, arcs, bottlenecks, totals,
supplies, the splits by origin). A caller that shows only what each market gets and what some
links carry (the report's claims section) reads :func:`read_delivered` instead: the same
``deliveries`` table and ``flow`` column, made by the same functions (:func:`balance_table`,
:func:`link_totals`), so they are those of the FlowResult to the last bit.

Examples
--------
>>> import numpy as np
>>> from corridors.data.io import load_demo_network
>>> from corridors.model.flow import build_problem, read_solution, solve_problem
>>> problem = solve_problem(build_problem(load_demo_network()))
>>> full = read_solution(problem)
>>> light = read_delivered(problem, np.where(np.abs(problem.solution[0]) < 1e-9, 0.0, problem.solution[0]))
>>> light.deliveries.equals(full.deliveries), light.flows["flow"].equals(full.flows["flow"])
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from corridors.model.lp import Problem

__all__ = ["Delivered", "balance_table", "link_totals", "read_delivered", "table_rows"]

DELIVERY_COLUMNS = ["node", "name", "country", "commodity", "unit", "demand", "served", "unmet", "priority", "role"]
"""The columns of ``FlowResult.deliveries``."""


@dataclass(frozen=True, eq=False)
class Delivered:
    """A solve's status, ``deliveries`` (as :attr:`FlowResult.deliveries`) and ``flows`` (a frame
    indexed by link id with the one column ``flow``, as in :attr:`FlowResult.flows`)."""

    status: str
    deliveries: pd.DataFrame
    flows: pd.DataFrame

    @classmethod
    def of(cls, result: Any) -> Delivered:
        """The part of a FlowResult that a Delivered holds."""
        return cls(status=result.status, deliveries=result.deliveries, flows=result.flows[["flow"]])


def link_totals(problem: Problem, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flow per link and commodity (``len(links) × len(commodities)``) and per link (their sum, in
    commodity order)."""
    import numpy as np

    per = problem.program.link_flows(x)
    total = np.zeros(len(problem.network.links))
    for j in range(len(problem.commodities)):
        total = total + per[:, j]
    return per, total


def balance_table(problem: Problem, x: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """The balances with their node's ``name`` and ``country``, ``unit``, and ``served``, ``unmet``
    and ``used`` from ``x`` (NaN unless optimal); and the units (per balance row)."""
    import numpy as np

    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.lp import SUPPLY, TARGET, UNMET

    p, bal, nodes = problem.program, problem.balances, problem.network.nodes
    B, nan = len(bal), math.nan

    def per_balance(kind: int) -> np.ndarray:
        cols = np.flatnonzero(p.col_kind == kind)
        return np.bincount(problem.col_balance[cols], weights=x[cols], minlength=B)

    unmet_v, supply_v, target_v = per_balance(UNMET), per_balance(SUPPLY), per_balance(TARGET)
    demand = bal["demand"].to_numpy(dtype=float)
    role = bal["role"].to_numpy()
    if problem.status == "optimal":
        served = np.where(role == "target", target_v, np.where(role == "released", 0.0,
                                                             np.where(demand > 0, np.maximum(0.0, demand - unmet_v), 0.0)))
        unmet = np.where((role == "target") | (role == "released"), nan, unmet_v)
        used = supply_v
    else:
        served = unmet = used = np.full(B, nan)
    at = nodes.index.get_indexer(bal["node"])  # what bal["node"].map(nodes[column]) looks up, once
    units = bal["commodity"].map(CANONICAL_UNITS)
    table = bal.assign(name=nodes["name"].array.take(at, allow_fill=True),
                       country=nodes["country"].array.take(at, allow_fill=True),
                       unit=units, served=served, unmet=unmet, used=used)
    return table, units


def table_rows(table: pd.DataFrame, mask: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """``table.loc[mask, columns].reset_index(drop=True)``, from the columns' arrays."""
    import pandas as pd

    return pd.DataFrame({c: table[c].array[mask] for c in columns})


def deliveries_of(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`balance_table` with demand, or a max-throughput target: ``FlowResult.deliveries``."""
    role = table["role"].to_numpy()
    return table_rows(table, (table["demand"].to_numpy(dtype=float) > 0) | (role == "target"), DELIVERY_COLUMNS)


def read_delivered(problem: Problem, x: np.ndarray) -> Delivered:
    """The :class:`Delivered` of a solved problem and its column values ``x`` (small values zeroed,
    as :func:`corridors.model.flow.read_solution` passes them on)."""
    import numpy as np
    import pandas as pd

    table, _ = balance_table(problem, x)
    total = link_totals(problem, x)[1] if problem.status == "optimal" else np.full(len(problem.network.links), math.nan)
    flows = pd.DataFrame({"flow": total}, index=pd.Index(problem.network.links.index, name="id"))
    return Delivered(status=problem.status, deliveries=deliveries_of(table), flows=flows)
