"""Links in series: losses with the same answer, solved once.

A node that neither produces nor consumes anything (no supply, delivery, unmet or target column,
every balance row's bounds 0) and whose flow columns belong to exactly two links passes on what
one of them carries to the other, commodity by commodity and origin by origin. With every flow
cost on both links positive, losing either link leaves the same optimum: the flow through the node
must then be zero on both (flow back and forth on the remaining link would only cost), so an
optimal solution of one cut is an optimal solution of the other. Links joined through such nodes
form a *chain* (BTC's Azerbaijani, Georgian and Turkish sections; TAP's five).

:func:`series_keys` names each element that is made of links only by the set of chains it
touches; elements with the same key have the same answer, and a sweep solves one of them. An
element with nodes (a node or country cut also removes the nodes' own supply and demand) gets no
key and is always solved.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> from corridors.model.flow import build_problem
>>> lp = build_problem(load_demo_network().at(2024)).program
>>> keys = series_keys(lp, [(("pipe-a",), ()), (("pipe-b",), ()), ((), ("alat",))])
>>> keys[2] is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from corridors.model.lp import LinearProgram

__all__ = ["chains", "series_keys"]


def chains(lp: LinearProgram) -> np.ndarray:
    """A chain label per link of ``lp`` (position in ``lp.link_ids``): links in series through
    pass-through nodes share a label; every other link has its own."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from corridors.model.lp import BALANCE, FLOW

    n_links, n_nodes = len(lp.link_ids), len(lp.node_ids)
    if n_links == 0:
        return np.zeros(0, dtype=np.int64)
    flow = lp.col_kind == FLOW
    f = np.flatnonzero(flow)
    # (node, link) incidences of the flow columns, each once, sorted by node then link: one key per
    # pair (``np.unique(..., axis=0)`` of the pairs sorts the same, several times slower)
    keys = np.unique(np.concatenate([lp.col_tail[f], lp.col_head[f]]).astype(np.int64) * n_links
                     + np.concatenate([lp.col_link[f], lp.col_link[f]]))
    pairs = np.stack([keys // n_links, keys % n_links], axis=1)
    node, link = pairs[:, 0], pairs[:, 1]
    degree = np.bincount(node, minlength=n_nodes)
    ok = degree == 2
    # no column of its own (supply, delivery, unmet, target) and no non-zero balance bound
    own = lp.col_node[~flow]
    ok[own[own >= 0]] = False
    balance = lp.row_kind == BALANCE
    ok[lp.row_ref[balance & ((lp.row_lower != 0) | (lp.row_upper != 0))]] = False
    # both links must cost something on every flow column (no free flow back and forth)
    free = np.zeros(n_links, dtype=bool)
    free[lp.col_link[f[lp.col_cost[f] <= 0]]] = True
    ok[node[free[link]]] = False
    through = pairs[ok[node]]
    through = through[np.argsort(through[:, 0], kind="stable")]
    a, b = through[0::2, 1], through[1::2, 1]
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n_links, n_links))
    return connected_components(graph, directed=False)[1]


def series_keys(lp: LinearProgram, members: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[frozenset | None]:
    """Per element ``(link_ids, node_ids)``: the chains its links touch (elements with equal keys
    have the same answer), or None (it has nodes in the model, or no link in it)."""
    label = chains(lp)
    out: list[frozenset | None] = []
    for links, nodes in members:
        if any(n in lp.node_index for n in nodes):
            out.append(None)
            continue
        found = frozenset(int(label[lp.link_index[lid]]) for lid in links if lid in lp.link_index)
        out.append(found or None)
    return out
