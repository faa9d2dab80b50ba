"""The LP of a network, built once as sparse arrays: :class:`LinearProgram`; :class:`Problem` wraps it.

One source of truth (DESIGN.md, "Optimisation"): :func:`linear_program` turns a prepared network
into costs, column bounds, a CSC matrix (:class:`corridors.model.sparse.CSC`: numpy arrays that
become a ``scipy.sparse`` matrix on demand) and row bounds, with the meaning of every
column and row as integer arrays. Everything else is generated from it or reads it:

* the PuLP model a user meets (:attr:`Problem.lp`, built on first use by :func:`to_pulp`), which
  :func:`corridors.model.flow.solve_problem` solves with HiGHS or CBC;
* the read-back (:func:`corridors.model.results.assemble_result`): link flows, activities and
  totals are sparse products and ``bincount`` over these arrays;
* the warm engine (:class:`corridors.model.warm.WarmSolver`, :class:`corridors.model.blocks.BlockSolver`),
  which passes the same arrays to highspy and changes bounds by row and column index
  (:meth:`LinearProgram.derate` turns link and node ids into a :class:`Change`).

Column key: ``(kind, link, direction, commodity, origin, node)``. A flow column is one link, one
direction (+1 ``from → to``, -1 the reverse of a bidirectional link) and one *slot*; a slot is a
(commodity, origin) pair. Today every commodity has one slot with origin -1 ("any origin"), so
slots and commodities coincide; origin-aware flows add slots (``col_origin ≥ 0``) and their
balance rows (keyed by node and slot) without changing how capacity rows are made: a link's
capacity row sums every flow column of that link, whatever its commodity or origin.

Examples
--------
>>> from corridors.model.flow import build_problem
>>> from corridors.data.io import load_demo_network
>>> program = build_problem(load_demo_network()).program
>>> program.num_col, program.num_row, program.matrix.nnz
(15, 18, 33)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from corridors import settings
from corridors.errors import DataError, ScenarioError, suggest
from corridors.model.columns import missing, to_numpy, values
from corridors.model.pulp_model import _linear, to_pulp  # noqa: F401 - their home was here

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    import scipy.sparse

    from corridors.model.sparse import CSC
    from corridors.data.network import Network

__all__ = ["COL_KINDS", "ROW_KINDS", "Change", "LinearProgram", "Problem", "linear_program", "to_pulp"]

COL_KINDS: tuple[str, ...] = ("flow", "supply", "unmet", "target", "delivery")
"""Column kinds; ``LinearProgram.col_kind`` holds their positions."""
ROW_KINDS: tuple[str, ...] = ("balance", "link", "node", "demand", "group")
"""Row kinds; ``LinearProgram.row_kind`` holds their positions."""
FLOW, SUPPLY, UNMET, TARGET, DELIVERY = range(5)
BALANCE, LINK, NODE, DEMAND, GROUP = range(5)
_COL_PREFIX = ("f", "s", "u", "t", "d")
_ROW_PREFIX = ("b", "cap", "thr", "dem", "grp")
ORIGIN_TIE: float = 1e-7
"""Cost per unit and origin rank added to supply columns: a deterministic tie-break between origins."""
HOME_TIE: float = 1e-4
"""Cost per unit of a delivery from an origin other than the market's own country: home supply first,
then (up to as much again, :func:`_delivery_tie`) a fixed order of the other origins per market. A
deterministic tie-break where origins reach markets at the same transport cost (oil merging at
Sangachal or the Straits), a tenth of the cheapest link's cost (2.4e-3 per unit) at most, and large
enough above the solvers' tolerances that HiGHS via PuLP 3 or 4, CBC and the warm engine find the
same split."""


@dataclass(frozen=True, eq=False)
class Change:
    """New upper bounds for some rows and columns (the rest keep their base bounds)."""

    rows: np.ndarray
    row_upper: np.ndarray
    cols: np.ndarray
    col_upper: np.ndarray

    def __bool__(self) -> bool:
        return bool(len(self.rows) or len(self.cols))

    def merge(self, other: Change) -> Change:
        """Both changes at once; where both set a bound, the tighter one."""
        return _change(*(_tightest(a, b, va, vb) for a, b, va, vb in (
            (self.rows, other.rows, self.row_upper, other.row_upper),
            (self.cols, other.cols, self.col_upper, other.col_upper))))


def _union(parts: list) -> np.ndarray:
    """The sorted distinct int32 indices in ``parts`` (slices of :attr:`LinearProgram._maps`, each
    already sorted and distinct: one part is returned as it is)."""
    import numpy as np

    if len(parts) == 1:
        return parts[0].copy()  # not a view of the maps
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)


def _tightest(a, b, va, vb):
    import numpy as np

    idx = np.concatenate([a, b])
    val = np.concatenate([va, vb])
    order = np.lexsort((val, idx))
    idx, val = idx[order], val[order]
    keep = np.r_[True, idx[1:] != idx[:-1]] if len(idx) else np.zeros(0, dtype=bool)
    return idx[keep], val[keep]


def _change(rows_pair, cols_pair) -> Change:
    import numpy as np

    return Change(np.asarray(rows_pair[0], dtype=np.int32), np.asarray(rows_pair[1], dtype=float),
                  np.asarray(cols_pair[0], dtype=np.int32), np.asarray(cols_pair[1], dtype=float))


@dataclass(frozen=True, eq=False)
class LinearProgram:
    """``min cost·x  s.t.  row_lower ≤ matrix x ≤ row_upper, col_lower ≤ x ≤ col_upper`` as arrays.

    ``matrix`` is a CSC matrix (rows × columns): a :class:`~corridors.model.sparse.CSC` (numpy
    arrays; for anything beyond them, the ``scipy.sparse.csc_matrix`` it turns into) or a
    ``scipy.sparse`` one; infinite bounds are ``±inf``.
    Columns: ``col_kind`` (position in :data:`COL_KINDS`), ``col_link`` (position in ``link_ids``,
    -1 unless a flow), ``col_direction`` (+1, -1, 0), ``col_commodity`` (position in
    ``commodities``), ``col_origin`` (-1: any origin), ``col_node`` (supply, unmet and target
    columns), ``col_tail`` / ``col_head`` (flows). Rows: ``row_kind`` (position in
    :data:`ROW_KINDS`), ``row_ref`` (a node position for balance and node rows, a link position
    for link rows), ``row_commodity`` (-1 for capacity rows), ``row_unit`` and ``row_nominal``
    (undamaged capacity of capacity rows, NaN otherwise). Plain numpy and scipy: picklable.
    """

    col_cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    matrix: CSC | scipy.sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_kind: np.ndarray
    col_link: np.ndarray
    col_direction: np.ndarray
    col_commodity: np.ndarray
    col_origin: np.ndarray
    col_node: np.ndarray
    col_tail: np.ndarray
    col_head: np.ndarray
    row_kind: np.ndarray
    row_ref: np.ndarray
    row_commodity: np.ndarray
    row_unit: np.ndarray
    row_nominal: np.ndarray
    link_ids: tuple[str, ...]
    node_ids: tuple[str, ...]
    commodities: tuple[str, ...]
    origins: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    offset: float = 0.0
    year: int | None = None

    @property
    def num_col(self) -> int:
        """Number of columns (variables)."""
        return len(self.col_cost)

    @property
    def num_row(self) -> int:
        """Number of rows (constraints)."""
        return len(self.row_lower)

    def __repr__(self) -> str:
        return f"<LinearProgram {self.num_col} columns, {self.num_row} rows, {self.matrix.nnz} non-zeros>"

    # -- names and CSC parts (for highspy and PuLP) -------------------------------------------------
    @property
    def a_start(self) -> np.ndarray:
        """CSC column starts (int32)."""
        return self.matrix.indptr.astype("int32", copy=False)

    @property
    def a_index(self) -> np.ndarray:
        """CSC row indices (int32)."""
        return self.matrix.indices.astype("int32", copy=False)

    @property
    def a_value(self) -> np.ndarray:
        """CSC values."""
        return self.matrix.data

    @cached_property
    def col_names(self) -> list[str]:
        """PuLP names of the columns: ``f<i>``, ``s<i>``, ``u<i>``, ``t<i>`` (``i`` = column index)."""
        return [f"{_COL_PREFIX[k]}{i}" for i, k in enumerate(self.col_kind.tolist())]

    @cached_property
    def row_names(self) -> list[str]:
        """PuLP names of the rows: ``b<j>``, ``cap<j>``, ``thr<j>`` (``j`` = row index)."""
        return [f"{_ROW_PREFIX[k]}{j}" for j, k in enumerate(self.row_kind.tolist())]

    # -- ids to rows and columns ----------------------------------------------------------------------
    @cached_property
    def link_index(self) -> dict[str, int]:
        """Link id → position in ``link_ids``."""
        return {lid: i for i, lid in enumerate(self.link_ids)}

    @cached_property
    def node_index(self) -> dict[str, int]:
        """Node id → position in ``node_ids``."""
        return {nid: i for i, nid in enumerate(self.node_ids)}

    @cached_property
    def _maps(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """CSR-style maps (start, index) from link and node positions to their rows and columns."""
        import numpy as np

        def grouped(keys, values, size):
            order = np.argsort(keys, kind="stable")
            start = np.zeros(size + 1, dtype=np.int64)
            np.cumsum(np.bincount(keys, minlength=size), out=start[1:])
            return start, values[order].astype(np.int32)

        cols = np.arange(self.num_col)
        rows = np.arange(self.num_row)
        flow = self.col_kind == FLOW
        own = (self.col_kind == SUPPLY) | (self.col_kind == DELIVERY)
        link_rows = self.row_kind == LINK
        node_rows = self.row_kind == NODE
        node_col_keys = np.concatenate([self.col_head[flow], self.col_node[own]])
        node_col_vals = np.concatenate([cols[flow], cols[own]])
        order = np.argsort(node_col_vals, kind="stable")
        L, N = len(self.link_ids), len(self.node_ids)
        return {"link_cols": grouped(self.col_link[flow], cols[flow], L),
                "node_cols": grouped(node_col_keys[order], node_col_vals[order], N),
                "node_own": grouped(self.col_node[own], cols[own], N),
                "link_rows": grouped(self.row_ref[link_rows], rows[link_rows], L),
                "node_rows": grouped(self.row_ref[node_rows], rows[node_rows], N)}

    def _positions(self, ids, kind: str) -> list[int]:
        index = self.link_index if kind == "link" else self.node_index
        out = []
        for ident in ids:
            pos = index.get(ident)
            if pos is None:
                raise ScenarioError(f"unknown {kind} {ident!r}{suggest(str(ident), list(index))}")
            out.append(pos)
        return out

    def _lookup(self, what: str, positions) -> np.ndarray:
        import numpy as np

        start, index = self._maps[what]
        parts = [index[start[p]:start[p + 1]] for p in positions]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)

    def capacity_rows(self, *, links=(), nodes=()) -> np.ndarray:
        """Capacity rows of the links and nodes with these ids (a derated node may have one per unit).

        Examples
        --------
        >>> from corridors.model.flow import build_problem
        >>> from corridors.data.io import load_demo_network
        >>> lp = build_problem(load_demo_network()).program
        >>> [lp.node_ids[lp.row_ref[r]] for r in lp.capacity_rows(nodes=["alat"])]
        ['alat']
        """
        import numpy as np

        return np.concatenate([self._lookup("link_rows", self._positions(links, "link")),
                               self._lookup("node_rows", self._positions(nodes, "node"))])

    def element_columns(self, *, links=(), nodes=()) -> np.ndarray:
        """Columns the links (their flows) and nodes (flows into them, their supply) need to carry anything."""
        import numpy as np

        maps = self._maps
        parts = []
        for what, positions in (("link_cols", self._positions(links, "link")),
                                ("node_cols", self._positions(nodes, "node"))):
            start, index = maps[what]
            parts += [index[start[p]:start[p + 1]] for p in positions]
        return _union(parts)

    def derate(self, links=None, nodes=None) -> Change:
        """The bound changes that derate links and nodes: ``links={id: fraction}``, ``nodes={id: fraction}``.

        A capacity row gets ``nominal × fraction``; a link or node without one can only be cut
        (fraction 0: its columns get an upper bound of 0). Ids that carry nothing in this model
        change nothing.

        Examples
        --------
        >>> from corridors.model.flow import build_problem
        >>> from corridors.data.io import load_demo_network
        >>> lp = build_problem(load_demo_network()).program
        >>> change = lp.derate(links={"pipe-b": 0.0})
        >>> [lp.link_ids[lp.row_ref[r]] for r in change.rows], change.row_upper.tolist()
        (['pipe-b'], [0.0])
        """
        import numpy as np

        rows: dict[int, float] = {}
        cols: dict[int, float] = {}
        for kind, given in (("link", links), ("node", nodes)):
            for ident, fraction in (given or {}).items():
                try:
                    f = float(fraction)
                except (TypeError, ValueError):
                    f = math.nan
                if not 0.0 <= f <= 1.0:
                    raise ScenarioError(f"{kind} {ident!r}: derate {fraction!r} is not a fraction; give 0 (cut) to 1 (intact)")
                [pos] = self._positions([ident], kind)
                found = self._lookup(f"{kind}_rows", [pos])
                if len(found):
                    for r in found.tolist():
                        rows[r] = min(rows.get(r, math.inf), float(self.row_nominal[r]) * f)
                    if kind == "node" and f == 0.0:  # a cut node neither produces nor delivers anything
                        for c in self._lookup("node_own", [pos]).tolist():
                            cols[c] = 0.0
                elif f == 0.0:
                    for c in self._lookup(f"{kind}_cols", [pos]).tolist():
                        cols[c] = 0.0
                elif f < 1.0 and len(self._lookup(f"{kind}_cols", [pos])):
                    raise ScenarioError(f"{kind} {ident!r} has no capacity row, so it can only be cut (0) here; "
                                        "build the base problem with a derate below 1 on it to scale it")
        r, c = sorted(rows), sorted(cols)
        return _change((r, [rows[i] for i in r]), (c, [cols[i] for i in c]))

    def cut(self, *, links=(), nodes=()) -> Change:
        """The bound changes that cut these links and nodes: :meth:`derate` with fraction 0 (the same
        :class:`Change`), from the index maps in one pass, not id by id (a sweep makes one per element).

        >>> from corridors.model.flow import build_problem
        >>> from corridors.data.io import load_demo_network
        >>> build_problem(load_demo_network()).program.cut(links=["pipe-b"]).row_upper.tolist()
        [0.0]
        """
        import numpy as np

        maps, starts = self._maps, self._map_starts
        rows, cols = [], []
        for kind, positions, row_key, col_key in (("link", self._positions(links, "link"), "link_rows", "link_cols"),
                                                  ("node", self._positions(nodes, "node"), "node_rows", "node_cols")):
            if not positions:
                continue
            row_start, row_index = starts[row_key], maps[row_key][1]
            col_start, col_index = starts[col_key], maps[col_key][1]
            for p in positions:
                rs, re = row_start[p], row_start[p + 1]
                if re > rs:  # a capacity row to 0 (a cut node neither produces nor delivers anything)
                    rows.append(row_index[rs:re])
                    if kind == "node":
                        own_start = starts["node_own"]
                        cols.append(maps["node_own"][1][own_start[p]:own_start[p + 1]])
                else:  # no capacity row: its columns to 0
                    cols.append(col_index[col_start[p]:col_start[p + 1]])
        r, c = _union(rows), _union(cols)
        return Change(r, self._cut_upper[r], c, np.zeros(len(c)))

    @cached_property
    def _map_starts(self) -> dict[str, list[int]]:
        """The starts of :attr:`_maps` as lists (a list's ints index faster than numpy's)."""
        return {what: start.tolist() for what, (start, _) in self._maps.items()}

    @cached_property
    def _cut_upper(self) -> np.ndarray:
        """Each row's bound when cut, as :meth:`derate` sets it: min(inf, nominal × 0)."""
        import numpy as np

        upper = self.row_nominal * 0.0
        return np.where(upper < math.inf, upper, math.inf)

    # -- read-back helpers ----------------------------------------------------------------------------
    @cached_property
    def flow_cols(self) -> np.ndarray:
        """Indices of the flow columns."""
        import numpy as np

        return np.flatnonzero(self.col_kind == FLOW)

    def link_flows(self, x: np.ndarray) -> np.ndarray:
        """Flow per link and commodity (both directions): an array ``len(link_ids) × len(commodities)``."""
        import numpy as np

        f = self.flow_cols
        K = len(self.commodities)
        # per (link, commodity), the flow columns summed in column order (as a sparse product would)
        per = np.bincount(self.col_link[f] * K + self.col_commodity[f], weights=x[f], minlength=len(self.link_ids) * K)
        return per.reshape(len(self.link_ids), len(self.commodities))

    def by_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(start, index, value)``: the matrix by rows, columns ascending in each (CSR arrays)."""
        if hasattr(type(self.matrix), "row_major"):
            return self.matrix.row_major()
        csr = self.matrix.tocsr()
        return csr.indptr, csr.indices, csr.data


# -- building ---------------------------------------------------------------------------------------

def linear_program(network: Network, *, commodities: tuple[str, ...], link_derate: np.ndarray,
                   node_derate: np.ndarray, balance_keys: list[tuple[str, str]], supply: np.ndarray,
                   demand: np.ndarray, unmet_cost: np.ndarray, with_unmet: np.ndarray,
                   targets: tuple[str, ...] = (), target_commodity: str | None = None,
                   target_reward: float = 0.0, origins: tuple[str, ...] = (),
                   balance_origin: np.ndarray | None = None,
                   excluded: list[frozenset[int]] | None = None) -> tuple[LinearProgram, np.ndarray]:
    """The LP of ``network`` (see :mod:`corridors.model.flow` for the model), as arrays.

    ``balance_keys[b] = (node, commodity)`` with ``supply[b]``, ``demand[b]``; ``with_unmet[b]``
    says whether demand ``b`` is enforced (a demand row ``Σ deliveries + unmet = demand``, the
    unmet column costing ``unmet_cost[b]``). ``balance_origin[b]`` is the position in ``origins``
    of supply ``b`` (-1: no origin); ``excluded[b]`` the origin positions demand ``b`` refuses.
    Every commodity gets one *slot* per origin supplying it (one slot with origin -1 when none
    does); flows, supplies, deliveries and target sinks are per slot, balance rows per node and
    slot; capacity rows (links, nodes, capacity groups) sum every slot. Each target node gets a
    sink column per slot of ``target_commodity`` costing ``-target_reward``. Returns the program
    and, per column, the position of its balance key (``len(balance_keys) + t`` for target ``t``;
    -1 for flows).
    """
    import numpy as np

    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.sparse import csc_from_entries

    links, nodes = network.links, network.nodes
    node_ids, link_ids = tuple(nodes.index.tolist()), tuple(links.index.tolist())
    node_pos = {n: i for i, n in enumerate(node_ids)}
    L = len(link_ids)
    kpos = {k: i for i, k in enumerate(commodities)}
    B = len(balance_keys)
    b_origin = np.full(B, -1, dtype=np.int64) if balance_origin is None else np.asarray(balance_origin, dtype=np.int64)
    excluded = excluded if excluded is not None else [frozenset()] * B

    # slots: (commodity, origin) for every origin supplying the commodity; one (k, -1) otherwise
    slot_pairs: list[tuple[int, int]] = []
    for k, kname in enumerate(commodities):
        found = sorted({int(o) for (_, kk), o, s in zip(balance_keys, b_origin, supply) if kk == kname and s > 0})
        slot_pairs += [(k, o) for o in found] if found else [(k, -1)]
    slot_k = np.asarray([k for k, _ in slot_pairs], dtype=np.int64)
    slot_o = np.asarray([o for _, o in slot_pairs], dtype=np.int64)
    S = len(slot_pairs)
    slots_of = {k: [s for s, (kk, _) in enumerate(slot_pairs) if kk == k] for k in range(len(commodities))}
    slot_at = {pair: s for s, pair in enumerate(slot_pairs)}

    # flow columns: link × direction × slot, in link order, forward first, the link's commodity order
    flat: list[int] = []
    sizes: list[int] = []
    for ks in values(links, "commodities"):
        sel = [s for k in ks if k in kpos for s in slots_of[kpos[k]]]
        flat += sel
        sizes.append(len(sel))
    lens = np.asarray(sizes, dtype=np.int64).reshape(L)
    flat_a = np.asarray(flat, dtype=np.int64)
    frm = np.asarray([node_pos[n] for n in values(links, "from")], dtype=np.int64)
    to = np.asarray([node_pos[n] for n in values(links, "to")], dtype=np.int64)
    bidir = to_numpy(links, "bidirectional", bool)
    cost = np.nan_to_num(to_numpy(links, "cost", float), nan=0.0)
    arc_link = np.repeat(np.arange(L), np.where(lens > 0, 1 + bidir, 0))
    first = np.r_[True, arc_link[1:] != arc_link[:-1]] if len(arc_link) else np.zeros(0, dtype=bool)
    per_arc = lens[arc_link]
    col_arc = np.repeat(np.arange(len(arc_link)), per_arc)
    within = np.arange(len(col_arc)) - (np.cumsum(per_arc) - per_arc)[col_arc]
    f_link = arc_link[col_arc]
    f_slot = flat_a[(np.cumsum(lens) - lens)[f_link] + within] if len(f_link) else np.zeros(0, dtype=np.int64)
    f_first = first[col_arc]
    f_tail = np.where(f_first, frm[f_link], to[f_link])
    f_head = np.where(f_first, to[f_link], frm[f_link])
    F = len(f_link)

    # supply, unmet, delivery and target columns
    b_node = np.asarray([node_pos[n] for n, _ in balance_keys], dtype=np.int64)
    b_k = np.asarray([kpos[k] for _, k in balance_keys], dtype=np.int64)
    s_bal = np.flatnonzero(supply > 0)
    s_slot = np.asarray([slot_at[(int(b_k[b]), int(b_origin[b]))] for b in s_bal], dtype=np.int64)
    u_bal = np.flatnonzero(with_unmet & (demand > 0))
    d_pairs = [(b, s) for b in u_bal.tolist() for s in slots_of[int(b_k[b])] if int(slot_o[s]) not in excluded[b]]
    d_bal = np.asarray([b for b, _ in d_pairs], dtype=np.int64)
    d_slot = np.asarray([s for _, s in d_pairs], dtype=np.int64)
    t_kslots = slots_of.get(kpos.get(target_commodity, -1), [])
    t_pairs = [(t, s) for t in range(len(targets)) for s in t_kslots]
    t_idx = np.asarray([t for t, _ in t_pairs], dtype=np.int64)
    t_slot = np.asarray([s for _, s in t_pairs], dtype=np.int64)
    t_node = np.asarray([node_pos[targets[t]] for t in t_idx], dtype=np.int64)
    nS, nU, nD, nT = len(s_bal), len(u_bal), len(d_bal), len(t_idx)
    n_cols = F + nS + nU + nD + nT
    s_cols = np.arange(F, F + nS)
    u0, d0, t0 = F + nS, F + nS + nU, F + nS + nU + nD

    kind = np.concatenate([np.full(F, FLOW), np.full(nS, SUPPLY), np.full(nU, UNMET), np.full(nD, DELIVERY),
                           np.full(nT, TARGET)]).astype(np.int8)
    col_node = np.concatenate([np.full(F, -1), b_node[s_bal], b_node[u_bal], b_node[d_bal], t_node]).astype(np.int64)
    col_slot = np.concatenate([f_slot, s_slot, np.full(nU, -1), d_slot, t_slot]).astype(np.int64)
    col_k = np.where(col_slot >= 0, slot_k[np.maximum(col_slot, 0)] if S else -1, -1)
    col_k[u0:d0] = b_k[u_bal]
    col_o = np.where(col_slot >= 0, slot_o[np.maximum(col_slot, 0)] if S else -1, -1)
    tie = ORIGIN_TIE * np.maximum(slot_o[s_slot], 0) if nS else np.zeros(0)
    flow_cost = cost[f_link] + _time_cost(links, commodities)[f_link] * (slot_k[f_slot] == kpos.get("freight", -1))
    col_cost = np.concatenate([flow_cost, tie, unmet_cost[u_bal], np.zeros(nD),
                               np.full(nT, -float(target_reward))])
    col_cost[d0:t0] = _delivery_tie([node_ids[n] for n in b_node[d_bal].tolist()],
                                    to_numpy(nodes, "country", object)[b_node[d_bal]],
                                    [origins[o] if o >= 0 else None for o in slot_o[d_slot].tolist()])
    col_upper = np.concatenate([np.full(F, math.inf), supply[s_bal], demand[u_bal], np.full(nD, math.inf),
                                np.full(nT, math.inf)])
    col_balance = np.concatenate([np.full(F, -1), s_bal, u_bal, d_bal, B + t_idx]).astype(np.int64)

    # balance rows per (node, slot), in the order a term first reaches them (flows: head then tail)
    fh, ft = f_head * S + f_slot, f_tail * S + f_slot
    own = np.r_[np.arange(F, u0), np.arange(d0, n_cols)]
    others = col_node[own] * S + col_slot[own]
    seq = np.concatenate([np.column_stack([fh, ft]).ravel(), others])
    uniq, first_at = np.unique(seq, return_index=True)
    order = np.argsort(first_at, kind="stable")
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    row_of = lambda keys: rank[np.searchsorted(uniq, keys)]  # noqa: E731
    n_bal = len(uniq)
    bal_key = uniq[order]
    sign = np.concatenate([np.ones(nS), -np.ones(nD + nT)])
    e_row = [row_of(fh), row_of(ft), row_of(others)]
    e_col = [np.arange(F), np.arange(F), own]
    e_val = [np.ones(F), -np.ones(F), sign]

    # demand rows: deliveries of the allowed origins + unmet = demand
    dem_row = np.full(B, -1, dtype=np.int64)
    dem_row[u_bal] = n_bal + np.arange(nU)
    e_row += [dem_row[u_bal], dem_row[d_bal]]
    e_col += [np.arange(u0, d0), np.arange(d0, t0)]
    e_val += [np.ones(nU), np.ones(nD)]
    n_dem = nU
    rhs = np.concatenate([np.zeros(n_bal), demand[u_bal]])

    # link capacity rows: every flow column of the link
    cap = to_numpy(links, "capacity_value", float)
    has_row = (lens > 0) & np.isfinite(cap)
    base = n_bal + n_dem
    link_row = np.full(L, -1, dtype=np.int64)
    link_row[has_row] = base + np.arange(int(has_row.sum()))
    with_row = has_row[f_link]
    e_row.append(link_row[f_link[with_row]])
    e_col.append(np.flatnonzero(with_row))
    e_val.append(np.ones(int(with_row.sum())))
    n_link = int(has_row.sum())

    # node throughput rows: flows into the node and its supply, per unit
    node_units = values(nodes, "capacity_unit")
    unit_names = sorted(set(CANONICAL_UNITS.values()) | {str(u) for u in node_units if not missing(u)})
    unit_rank = {u: i for i, u in enumerate(unit_names)}
    U = len(unit_names)
    slot_unit = np.asarray([unit_rank[CANONICAL_UNITS[commodities[k]]] for k in slot_k], dtype=np.int64)
    n_cap = to_numpy(nodes, "capacity_value", float)
    n_unit = np.asarray([unit_rank.get(u, -1) if isinstance(u, str) else -1 for u in node_units], dtype=np.int64)
    capped = ~np.isnan(n_cap)
    derated = (node_derate < 1.0) & ~capped
    in_node = np.concatenate([f_head, b_node[s_bal]])
    in_col = np.concatenate([np.arange(F), s_cols]).astype(np.int64)
    in_unit = slot_unit[col_slot[in_col]] if len(in_col) else np.zeros(0, dtype=np.int64)
    take = (capped[in_node] & (in_unit == n_unit[in_node])) | derated[in_node]
    in_node, in_col, in_unit = in_node[take], in_col[take], in_unit[take]
    node_key = in_node * U + in_unit
    n_uniq, n_inverse = np.unique(node_key, return_inverse=True)
    n_node = n_uniq // U
    # nominal of a derated node without capacity: each entering link's capacity once (whatever
    # its commodities and origins) plus each supply once
    f_cap = np.where(np.isfinite(cap), cap, 0.0)
    col_link_all = np.concatenate([f_link, np.full(n_cols - F, -1)])
    src = np.where(in_col < F, col_link_all[in_col], L + col_balance[in_col])
    # the distinct (node row, source) pairs, sorted as rows of a 2-column unique: one key each
    width = L + B + 1
    pair = np.unique(n_inverse.astype(np.int64) * width + src) if len(in_col) else np.zeros(0, dtype=np.int64)
    once = np.column_stack([pair // width, pair % width])
    is_link = once[:, 1] < L
    vals = np.where(is_link, f_cap[np.clip(once[:, 1], 0, max(L - 1, 0))] if L else 0.0,
                    supply[np.clip(once[:, 1] - L, 0, max(B - 1, 0))] if B else 0.0)
    nominal_derated = np.bincount(once[:, 0], weights=vals, minlength=len(n_uniq)) if len(once) else np.zeros(len(n_uniq))
    node_nominal = np.where(capped[n_node], n_cap[n_node], nominal_derated)
    e_row.append(base + n_link + n_inverse)
    e_col.append(in_col)
    e_val.append(np.ones(len(in_col)))
    n_node_rows = len(n_uniq)

    # capacity-group rows: every flow column of every link in the group
    g_ids, g_cap = _groups(links)
    g_pos = {g: i for i, g in enumerate(g_ids)}
    link_group = np.asarray([g_pos.get(g, -1) if isinstance(g, str) else -1
                             for g in (values(links, "capacity_group") if "capacity_group" in links.columns else [None] * L)],
                            dtype=np.int64)
    in_group = link_group[f_link] >= 0 if F else np.zeros(0, dtype=bool)
    used_groups = np.unique(link_group[f_link[in_group]]) if F else np.zeros(0, dtype=np.int64)
    g_row = np.full(len(g_ids), -1, dtype=np.int64)
    g_row[used_groups] = base + n_link + n_node_rows + np.arange(len(used_groups))
    e_row.append(g_row[link_group[f_link[in_group]]])
    e_col.append(np.flatnonzero(in_group))
    e_val.append(np.ones(int(in_group.sum())))
    n_group = len(used_groups)

    m = base + n_link + n_node_rows + n_group
    matrix = csc_from_entries(np.concatenate(e_val), np.concatenate(e_row), np.concatenate(e_col), (m, n_cols))
    link_unit = to_numpy(links, "capacity_unit", object)
    group_unit = np.asarray([CANONICAL_UNITS[commodities[int(col_k[np.flatnonzero(in_group & (link_group[f_link] == g))[0]])]]
                             for g in used_groups], dtype=object)
    unit_of = np.empty(len(commodities), dtype=object)  # each commodity's unit, indexed by position
    unit_of[:] = [CANONICAL_UNITS[k] for k in commodities]
    row_unit = np.concatenate([unit_of[slot_k[bal_key % S]] if S else np.zeros(0, dtype=object),
                               unit_of[b_k[u_bal]],
                               link_unit[has_row], np.asarray([unit_names[u] for u in n_uniq % U], dtype=object),
                               group_unit])
    inf_rows = m - base
    program = LinearProgram(
        col_cost=col_cost, col_lower=np.zeros(n_cols), col_upper=col_upper, matrix=matrix,
        row_lower=np.concatenate([rhs, np.full(inf_rows, -math.inf)]),
        row_upper=np.concatenate([rhs, cap[has_row] * link_derate[has_row], node_nominal * node_derate[n_node],
                                  g_cap[used_groups]]),
        col_kind=kind, col_link=np.concatenate([f_link, np.full(n_cols - F, -1)]).astype(np.int64),
        col_direction=np.concatenate([np.where(f_first, 1, -1), np.zeros(n_cols - F)]).astype(np.int8),
        col_commodity=col_k.astype(np.int64), col_origin=col_o.astype(np.int64), col_node=col_node,
        col_tail=np.concatenate([f_tail, np.full(n_cols - F, -1)]).astype(np.int64),
        col_head=np.concatenate([f_head, np.full(n_cols - F, -1)]).astype(np.int64),
        row_kind=np.concatenate([np.full(n_bal, BALANCE), np.full(n_dem, DEMAND), np.full(n_link, LINK),
                                 np.full(n_node_rows, NODE), np.full(n_group, GROUP)]).astype(np.int8),
        row_ref=np.concatenate([bal_key // S, b_node[u_bal], np.flatnonzero(has_row), n_node, used_groups]).astype(np.int64),
        row_commodity=np.concatenate([slot_k[bal_key % S], b_k[u_bal], np.full(inf_rows, -1)]).astype(np.int64),
        row_unit=row_unit,
        row_nominal=np.concatenate([np.full(base, math.nan), cap[has_row], node_nominal, g_cap[used_groups]]),
        link_ids=link_ids, node_ids=node_ids, commodities=tuple(commodities), origins=tuple(origins),
        groups=tuple(g_ids), year=network.year)
    return program, col_balance


def _time_cost(links: pd.DataFrame, commodities: tuple[str, ...]) -> np.ndarray:
    """Per link, what a unit of freight pays for its hours at :data:`corridors.settings.VALUE_OF_TIME`.

    ``transit_h / 24 × VALUE_OF_TIME`` USD per tonne, turned into the optimiser's relative cost units
    at the network's own rail rate: the median, over freight rail links that give both, of ``cost``
    per ``cost_usd_per_t`` (0.0498 cost units per USD/t on the bundled network). Zero where a link
    has no ``transit_h`` or the setting is 0 (the default).
    """
    import numpy as np

    vot = float(settings.VALUE_OF_TIME)
    hours = to_numpy(links, "transit_h", float) if "transit_h" in links.columns else np.full(len(links), np.nan)
    if vot == 0.0 or "freight" not in commodities or not np.isfinite(hours).any():
        return np.zeros(len(links))
    usd = to_numpy(links, "cost_usd_per_t", float) if "cost_usd_per_t" in links.columns else np.full(len(links), np.nan)
    rail = (to_numpy(links, "mode") == "rail") & np.isfinite(usd) & (usd > 0)
    if not rail.any():
        raise DataError("settings.VALUE_OF_TIME needs freight rail links with cost_usd_per_t to turn USD into the "
                        "optimiser's cost units; give some, or set VALUE_OF_TIME = 0")
    per_usd = float(np.median(to_numpy(links, "cost", float)[rail] / usd[rail]))
    return np.nan_to_num(hours, nan=0.0) / 24.0 * vot * per_usd


def _delivery_tie(markets, market_country, origin) -> np.ndarray:
    """Delivery-column costs: 0 for home supply (the market's own country) and in models without
    origins; otherwise :data:`HOME_TIE` × (1 + r_m·r_o / (M·O)), with ``r_m`` the market's rank
    (1..M, in id order) and ``r_o`` the origin's (1..O, alphabetical). The product makes every swap
    of two origins between two markets change the cost by at least HOME_TIE / (M·O) per unit, so
    equal-cost assignments of origins to markets have one optimum."""
    import numpy as np

    market_rank = {m: i + 1 for i, m in enumerate(sorted(set(markets)))}
    origin_rank = {o: i + 1 for i, o in enumerate(sorted({o for o in origin if o is not None}))}
    scale = max(len(market_rank), 1) * max(len(origin_rank), 1)
    out = np.zeros(len(origin))
    for i, (m, c, o) in enumerate(zip(markets, market_country, origin)):
        if o is not None and not (isinstance(c, str) and c == o):
            out[i] = HOME_TIE * (1.0 + market_rank[m] * origin_rank[o] / scale)
    return out


def _groups(links: pd.DataFrame) -> tuple[tuple[str, ...], np.ndarray]:
    """Capacity groups named by the links (``capacity_group``) that have a finite ``group_capacity``."""
    import numpy as np

    if "capacity_group" not in links.columns or "group_capacity" not in links.columns:
        return (), np.zeros(0)
    caps: dict[str, float] = {}
    for g, c in zip(values(links, "capacity_group"), values(links, "group_capacity")):
        if isinstance(g, str) and g and c is not None and not (isinstance(c, float) and math.isnan(c)):
            caps[g] = min(caps.get(g, math.inf), float(c))
    ids = tuple(sorted(caps))
    return ids, np.asarray([caps[g] for g in ids], dtype=float)


# -- the problem a user meets -----------------------------------------------------------------------

@dataclass(eq=False)
class Problem:
    """A built LP: the arrays (:attr:`program`), the PuLP model generated from them (:attr:`lp`) and
    what is needed to read a solution back.

    ``network`` is the network actually modelled (year chosen, scenario applied). ``balances``
    holds one row per modelled node and commodity (``node, commodity, supply, demand, priority,
    role``; role is ``demand``, or in max-throughput mode ``target``, ``held`` or ``released``);
    ``col_balance[i]`` is the ``balances`` row of supply, unmet or target column ``i`` (-1 for
    flows). :attr:`columns` and :attr:`rows` show the program as tables.
    """

    program: LinearProgram
    network: Network
    year: int
    commodities: tuple[str, ...]
    balances: pd.DataFrame
    col_balance: np.ndarray
    mode: str = "min-cost"
    commodity: str | None = None
    target: str | None = None
    target_nodes: tuple[str, ...] = ()
    hold_other_demand: bool = True
    scenario: str | None = None
    status: str = "not solved"
    solver: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _pulp: tuple | None = field(default=None, repr=False)
    solution: tuple | None = field(default=None, repr=False)
    """``(x, row_dual)`` of a solve on the arrays (:mod:`corridors.model.highs`), else None."""

    def _pulp_model(self) -> tuple:
        if self._pulp is None:
            t0 = time.perf_counter()
            self._pulp = to_pulp(self.program)
            self.timings["pulp"] = time.perf_counter() - t0
            self.fill_pulp()
        return self._pulp

    def fill_pulp(self) -> None:
        """Put the values and duals of a solve on the arrays on the PuLP model, once it is generated,
        as PuLP's own solve would (``varValue``, ``pi``)."""
        if self.solution is None or self._pulp is None:
            return
        x, pi = self.solution
        _, variables, constraints = self._pulp
        for v, value in zip(variables, x.tolist()):
            v.varValue = None if math.isnan(value) else value
        for c, value in zip(constraints, pi.tolist()):
            c.pi = value

    @property
    def lp(self) -> Any:
        """The ``pulp.LpProblem``, generated from :attr:`program` on first use."""
        return self._pulp_model()[0]

    @property
    def variables(self) -> list:
        """PuLP variables; ``variables[i]`` is column ``i``."""
        return self._pulp_model()[1]

    @property
    def constraints(self) -> list:
        """PuLP constraints; ``constraints[j]`` is row ``j``."""
        return self._pulp_model()[2]

    @property
    def columns(self) -> pd.DataFrame:
        """Columns as a table: ``name, kind, link, direction, commodity, node, tail, head, cost, lower, upper``."""
        import pandas as pd

        p = self.program
        links, nodes, ks = _ids(p.link_ids), _ids(p.node_ids), _ids(p.commodities)
        return pd.DataFrame({
            "name": p.col_names, "kind": _ids(COL_KINDS)[p.col_kind], "link": links[p.col_link],
            "direction": p.col_direction.astype(int), "commodity": ks[p.col_commodity], "node": nodes[p.col_node],
            "tail": nodes[p.col_tail], "head": nodes[p.col_head], "cost": p.col_cost, "lower": p.col_lower,
            "upper": p.col_upper})

    @property
    def rows(self) -> pd.DataFrame:
        """Rows as a table: ``name, kind, ref (node or link id), commodity, unit, lower, upper, nominal``."""
        import numpy as np
        import pandas as pd

        p = self.program
        is_link = p.row_kind == LINK
        ref = np.where(is_link, _ids(p.link_ids)[np.where(is_link, p.row_ref, -1)],
                       _ids(p.node_ids)[np.where(is_link, -1, p.row_ref)])
        return pd.DataFrame({"name": p.row_names, "kind": _ids(ROW_KINDS)[p.row_kind], "ref": ref,
                             "commodity": _ids(p.commodities)[p.row_commodity], "unit": p.row_unit,
                             "lower": p.row_lower, "upper": p.row_upper, "nominal": p.row_nominal})

    def __repr__(self) -> str:
        return (f"<Problem {self.mode} year={self.year}: {self.program.num_col} columns, "
                f"{self.program.num_row} rows, status={self.status!r}>")


def _ids(values) -> np.ndarray:
    """``values`` as an object array with ``None`` appended, so that position -1 reads as None."""
    import numpy as np

    out = np.empty(len(values) + 1, dtype=object)
    out[:-1] = list(values)
    return out
