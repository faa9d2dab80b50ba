"""What a solve delivers, read back alone: :class:`Delivered` (status, deliveries, flow per link).

:func:`corridors.model.results.assemble_result` builds every table of a
:class:`~corridors.model.results.FlowResult` (flows with their geometry, arcs, bottlenecks, totals,
supplies, the splits by origin). A caller that shows only what each market gets and what some
links carry reads :func:`read_delivered` instead: the same ``deliveries`` table and ``flow``
column, made by the same functions (:func:`balance_table`, :func:`link_totals`), so they are those
of the FlowResult to the last bit. The report's claims section reads less still: a
:class:`Readout` (the same numbers as plain lists; solved by :mod:`corridors.model.readouts`).

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
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from corridors.model.lp import Problem

__all__ = ["Delivered", "Readout", "balance_table", "balance_values", "link_totals", "read_delivered", "readout",
           "same_unmet", "share_rows", "table_rows"]


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


def balance_values(problem: Problem, x: np.ndarray, status: str, demand: np.ndarray,
                   role: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``served``, ``unmet`` and ``used`` per row of ``problem.balances`` (its ``demand`` and ``role``
    given as arrays) from the column values ``x`` of a solve that ended ``status`` (NaN unless optimal)."""
    import numpy as np

    from corridors.model.lp import SUPPLY, TARGET, UNMET

    p, B, nan = problem.program, len(problem.balances), math.nan
    if status != "optimal":
        return np.full(B, nan), np.full(B, nan), np.full(B, nan)

    def per_balance(kind: int) -> np.ndarray:
        cols = np.flatnonzero(p.col_kind == kind)
        return np.bincount(problem.col_balance[cols], weights=x[cols], minlength=B)

    unmet_v, supply_v, target_v = per_balance(UNMET), per_balance(SUPPLY), per_balance(TARGET)
    served = np.where(role == "target", target_v, np.where(role == "released", 0.0,
                                                         np.where(demand > 0, np.maximum(0.0, demand - unmet_v), 0.0)))
    unmet = np.where((role == "target") | (role == "released"), nan, unmet_v)
    return served, unmet, supply_v


def balance_table(problem: Problem, x: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """The balances with their node's ``name`` and ``country``, ``unit``, and ``served``, ``unmet``
    and ``used`` from ``x`` (NaN unless optimal); and the units (per balance row)."""
    from corridors.data.units import CANONICAL_UNITS

    bal, nodes = problem.balances, problem.network.nodes
    served, unmet, used = balance_values(problem, x, problem.status,
                                         bal["demand"].to_numpy(dtype=float), bal["role"].to_numpy())
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


# -- plain readouts: what the report's claims section reads of a solve ---------------------------------

@dataclass(frozen=True, eq=False)
class Readout:
    """What one solve delivers, as plain Python lists: ``status``; per row of ``FlowResult.deliveries``
    its ``node``, ``name``, ``commodity``, ``demand``, ``served`` and ``unmet``; and ``flows``, the
    total flow per link id (``FlowResult.flows["flow"]``). The same values as those tables hold, to
    the last bit, without building them (the claims section of a report sums and shows a few).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.flow import solve
    >>> r = solve(load_demo_network(), year=2024)
    >>> out = Readout.of(r)
    >>> out.served == r.deliveries["served"].tolist(), out.flows["pipe-b"] == float(r.flows.at["pipe-b", "flow"])
    (True, True)
    """

    status: str
    node: list
    name: list
    commodity: list
    demand: list
    served: list
    unmet: list
    flows: dict

    @classmethod
    def of(cls, result: Any) -> Readout:
        """The readout of a :class:`~corridors.model.results.FlowResult` (or a :class:`Delivered`)."""
        d = result.deliveries
        return cls(status=result.status, **{c: d[c].tolist() for c in ("node", "name", "commodity", "demand",
                                                                         "served", "unmet")},
                   flows=dict(zip(result.flows.index.tolist(), result.flows["flow"].tolist())))


#: problem -> its delivery rows and link ids (:func:`_rows`)
_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _rows(problem: Problem) -> tuple:
    """The balances rows that are deliveries (:func:`deliveries_of`) of ``problem``, their columns as
    lists and arrays, and its link ids: once per problem (a warm re-solve reads its base's)."""
    import numpy as np

    hit = _ROWS.get(problem)
    if hit is None:
        bal, nodes = problem.balances, problem.network.nodes
        demand, role = bal["demand"].to_numpy(dtype=float), bal["role"].to_numpy()
        mask = (demand > 0) | (role == "target")
        at = nodes.index.get_indexer(bal["node"])[mask]
        name = nodes["name"].array.take(at, allow_fill=True)  # as balance_table looks it up
        hit = _ROWS[problem] = (demand, role, np.flatnonzero(mask), bal["node"].array[mask].tolist(),
                                list(name.tolist()), bal["commodity"].array[mask].tolist(),
                                demand[mask].tolist(), problem.network.links.index.tolist())
    return hit


def share_rows(problem: Problem, base: Problem) -> None:
    """Let ``problem`` — ``base`` with other demand values (the same balances rows, nodes and links,
    as :func:`corridors.model.readouts.balance_problem` makes it) — read its delivery rows off
    those of ``base`` (:func:`_rows`): only the demand differs. Nothing is shared when the rows
    that are deliveries differ."""
    import numpy as np

    demand_b, role, rows, node, name, commodity, _, link_ids = _rows(base)
    demand = problem.balances["demand"].to_numpy(dtype=float)
    if len(demand) == len(demand_b) and np.array_equal(np.flatnonzero((demand > 0) | (role == "target")), rows):
        _ROWS[problem] = (demand, role, rows, node, name, commodity, demand[rows].tolist(), link_ids)


def readout(problem: Problem, x: np.ndarray | None, status: str) -> Readout:
    """The :class:`Readout` of column values ``x`` of ``problem`` (small values zeroed, as
    :func:`corridors.model.flow.read_solution` passes them on) in a solve that ended ``status``;
    ``problem`` may be the base model of a warm re-solve (its balances and links are the scenario's)."""
    import numpy as np

    demand, role, rows, node, name, commodity, wanted, link_ids = _rows(problem)
    ok = status == "optimal"
    served, unmet, _ = balance_values(problem, x, status, demand, role)
    total = link_totals(problem, x)[1] if ok else np.full(len(link_ids), math.nan)
    return Readout(status=status, node=node, name=name, commodity=commodity, demand=wanted,
                   served=served[rows].tolist(), unmet=unmet[rows].tolist(), flows=dict(zip(link_ids, total.tolist())))


def _missing(value: Any) -> bool:
    """Whether a cell read from a text column is missing (None, NaN or pd.NA)."""
    return value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType"


def market_rows(base: Readout, other: Readout) -> dict[str, list] | None:
    """:func:`corridors.model.results.market_changes` of two readouts, as lists by column: per
    (node, commodity) of either, sorted, the ``name`` (the other's, else the base's), and
    ``demand``, ``served``, ``unmet`` of both (``_base``, ``_other``; 0.0 where a side has none or
    NaN) and ``served_change``, ``unmet_change`` (other − base). None when a key is there twice
    (market_changes's own path then says what is wrong).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.flow import solve
    >>> from corridors.model.results import market_changes
    >>> from corridors.model.scenario import Scenario
    >>> net = load_demo_network()
    >>> base, cut = solve(net, year=2024), solve(net, scenario=Scenario.cut("link:pipe-b", year=2024))
    >>> market_rows(Readout.of(base), Readout.of(cut))["unmet_change"] == market_changes(base, cut)["unmet_change"].tolist()
    True
    """
    at_b = {k: i for i, k in enumerate(zip(base.node, base.commodity))}
    at_o = {k: i for i, k in enumerate(zip(other.node, other.commodity))}
    if len(at_b) != len(base.node) or len(at_o) != len(other.node):
        return None
    keys = sorted(at_b.keys() | at_o.keys())
    out: dict[str, list] = {"node": [k[0] for k in keys], "commodity": [k[1] for k in keys], "name": []}
    for k in keys:
        i, j = at_b.get(k), at_o.get(k)
        mine = other.name[j] if j is not None else None
        out["name"].append(base.name[i] if _missing(mine) and i is not None else mine)
    for col in ("demand", "served", "unmet"):
        for side, read, at in (("base", base, at_b), ("other", other, at_o)):
            values = getattr(read, col)
            column = out[f"{col}_{side}"] = []
            for k in keys:
                i = at.get(k)
                v = values[i] if i is not None else 0.0
                column.append(0.0 if v != v else v)
    out["served_change"] = [o - b for o, b in zip(out["served_other"], out["served_base"])]
    out["unmet_change"] = [o - b for o, b in zip(out["unmet_other"], out["unmet_base"])]
    return out


def same_unmet(base: Readout, result: Readout, commodity: str) -> bool:
    """Whether pandas sums the unmet demand for ``commodity`` of both readouts to the very same float
    (so what is lost is 0.0 exactly): the same finite values in the same order, added the same way —
    the same commodity on each row, and NaN in both or neither of the blocks a per-commodity summary
    sums (``served`` and ``unmet`` of the base; ``demand``, ``served`` and ``unmet`` of the result),
    since pandas picks how it adds by that."""
    if base.commodity != result.commodity:
        return False
    mine = [u for u, k in zip(result.unmet, result.commodity) if k == commodity]
    if mine != [u for u, k in zip(base.unmet, base.commodity) if k == commodity] or not all(math.isfinite(u) for u in mine):
        return False

    def nan(*columns: list) -> bool:
        return any(v != v for column in columns for v in column)

    return nan(base.served, base.unmet) == nan(result.demand, result.served, result.unmet)
