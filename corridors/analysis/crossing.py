"""The flow that crossed a lost element, split into rerouted, substituted and lost — one definition
for the sweep (:func:`corridors.analysis.sweeps.sweep`) and :func:`corridors.analysis.bypasses.bypass`.

The base solution is decomposed once into origin → market routes
(:func:`corridors.model.results.paths_by_origin`). For an element (its links and nodes), the
routes that *cross* it are those using one of its links or touching one of its nodes (a route
from a supply in the element or to a market in it crosses it too). The element is lost, so none
of that flow keeps its route. Per market, commodity and origin, with ``b`` delivered in the base
case, ``a`` in the outcome and ``c`` the base flow that crossed the element:

* ``short = max(0, b − a)`` is what the origin no longer delivers there; the crossing flow is the
  first to be short: ``min(c, short)``;
* *rerouted* ``= c − min(c, short)``: the same origin still reaches the same market, by another route;
* of the shortfall, *substituted* and *lost* in the market's proportion, as
  :func:`corridors.model.results.split_by_origin` does: another origin's gain at that market
  replaces ``min(S, G) / S`` of its total shortfall ``S`` (``G`` the other origins' gains).

So ``rerouted + substituted + lost = crossed`` for every commodity. Flow that did not cross the
element but moved anyway (a solver tie between equal routes) is not counted as rerouted.

Own supply and demand: ``own_supply`` is the base flow leaving supplies at the element's nodes,
``own_demand`` what its markets are served; ``lost_transit`` is the lost part of the flow that
only passes through (from a supply outside to a market outside; the element's own supply is
taken as the first to be short). ``lost_cost`` is the base transport cost of all the volume lost,
on its own base routes, so ``Δ transport + lost_cost`` is the extra cost of what is still
delivered (never negative because flow was lost).

Examples
--------
>>> from corridors.model.flow import solve
>>> from corridors.data.io import load_demo_network
>>> net = load_demo_network().at(2024)
>>> base = BaseRoutes.from_result(solve(net), net)
>>> split = base.split(["pipe-b"], [], base.delivered)  # nothing changed: all of it still arrives
>>> round(split["oil"]["crossed"], 1), round(split["oil"]["rerouted"], 1)
(30.0, 30.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from corridors.data.network import Network
    from corridors.model.results import FlowResult

__all__ = ["BaseRoutes", "FIELDS"]

FIELDS: tuple[str, ...] = ("crossed", "rerouted", "substituted", "lost", "own_supply", "own_demand", "lost_transit")
"""Per-commodity volumes :meth:`BaseRoutes.split` returns (the commodity's canonical unit)."""
_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class BaseRoutes:
    """The base solution's routes by origin, indexed for fast crossing tests.

    ``keys`` are the ``(market, commodity, origin)`` triples (origin ``""`` when none) of base or
    outcome deliveries; ``delivered`` their base volumes; one entry per route in ``route_key``,
    ``route_volume``, ``route_start`` (node position of its supply), ``route_source`` (position in
    ``sources``, the ``(supply node, commodity, origin)`` it starts from); ``by_link`` / ``by_node``:
    link id / node id → positions of the routes using that link / touching that node.
    """

    keys: tuple[tuple[str, str, str], ...]
    commodities: tuple[str, ...]
    delivered: np.ndarray
    key_commodity: np.ndarray
    key_market: np.ndarray   # node position
    key_group: np.ndarray    # position of (market, commodity)
    key_unit_cost: np.ndarray
    route_key: np.ndarray
    route_volume: np.ndarray
    route_start: np.ndarray
    route_source: np.ndarray
    sources: tuple[tuple[str, str, str], ...]
    route_pair: np.ndarray   # position of the route's (key, source) pair
    pair_key: np.ndarray
    pair_source: np.ndarray
    by_link: dict[str, np.ndarray]
    by_node: dict[str, np.ndarray]
    node_pos: dict[str, int]

    @classmethod
    def from_result(cls, base: FlowResult, network: Network, *,
                    keys: Iterable[tuple[str, str, str]] = ()) -> BaseRoutes:
        """Decompose ``base`` (solved on ``network``, the prepared network) by origin.

        ``keys``: further ``(market, commodity, origin)`` triples an outcome may deliver (substitutes).
        """
        from corridors.model.origins import paths_by_origin

        delivered: dict[tuple[str, str, str], float] = {}
        by = base.deliveries_by_origin
        if by is not None:
            for n, k, o, d in zip(by["node"], by["commodity"], by["origin"], by["delivered"]):
                key = (str(n), str(k), str(o or "") if isinstance(o, str) else "")
                delivered[key] = delivered.get(key, 0.0) + float(d)
        paths = paths_by_origin(base)
        return cls.build(paths, delivered, network, keys=keys)

    @classmethod
    def build(cls, paths: Mapping[tuple[str, str, str], Mapping[tuple[str, ...], float]],
              delivered: Mapping[tuple[str, str, str], float], network: Network, *,
              keys: Iterable[tuple[str, str, str]] = ()) -> BaseRoutes:
        """From a decomposition ``paths`` (as :func:`~corridors.model.results.paths_by_origin`) and the
        base deliveries per ``(market, commodity, origin)``."""
        import numpy as np

        from corridors.model.columns import to_numpy, values
        from corridors.model.origins import route_source

        links = network.links
        link_ids = [str(lid) for lid in links.index.tolist()]  # the columns as lists: no Series, no Arrow iteration
        ends = {lid: (str(a), str(b)) for lid, a, b in zip(link_ids, values(links, "from"), values(links, "to"))}
        unit = (np.nan_to_num(to_numpy(links, "cost", float), nan=0.0) if "cost" in links.columns
                else np.zeros(len(links)))
        link_cost = dict(zip(link_ids, unit.tolist()))
        all_keys = sorted(set(delivered) | set(paths) | set(keys))
        kpos = {key: i for i, key in enumerate(all_keys)}
        commodities = tuple(sorted({k for _, k, _ in all_keys}))
        cpos = {k: i for i, k in enumerate(commodities)}
        node_pos: dict[str, int] = {}

        def npos(n: str) -> int:
            return node_pos.setdefault(n, len(node_pos))

        groups: dict[tuple[str, str], int] = {}
        r_key, r_vol, r_start, r_cost, r_src = [], [], [], [], []
        sources: dict[tuple[str, str, str], int] = {}
        by_link: dict[str, list[int]] = {}
        by_node: dict[str, list[int]] = {}
        for key in all_keys:
            market = key[0]
            for route, vol in paths.get(key, {}).items():
                if vol <= _TOL:
                    continue
                touched = {market, *(n for lid in route for n in ends.get(lid, ()))}
                node = route_source(route, market, ends)
                i = len(r_key)
                r_key.append(kpos[key])
                r_vol.append(float(vol))
                r_start.append(npos(node))
                r_src.append(sources.setdefault((node, key[1], key[2]), len(sources)))
                r_cost.append(sum(link_cost.get(lid, 0.0) for lid in route))
                for lid in set(route):
                    by_link.setdefault(lid, []).append(i)
                for n in touched:
                    by_node.setdefault(n, []).append(i)
        P = len(all_keys)
        r_key_a = np.asarray(r_key, dtype=np.int64)
        r_vol_a = np.asarray(r_vol, dtype=float)
        volume = np.bincount(r_key_a, weights=r_vol_a, minlength=P)
        costed = np.bincount(r_key_a, weights=r_vol_a * np.asarray(r_cost, dtype=float), minlength=P)
        pairs: dict[tuple[int, int], int] = {}
        r_pair = [pairs.setdefault((k, src), len(pairs)) for k, src in zip(r_key, r_src)]
        return cls(keys=tuple(all_keys), commodities=commodities,
                   delivered=np.asarray([float(delivered.get(key, 0.0)) for key in all_keys]),
                   key_commodity=np.asarray([cpos[k] for _, k, _ in all_keys], dtype=np.int64),
                   key_market=np.asarray([npos(m) for m, _, _ in all_keys], dtype=np.int64),
                   key_group=np.asarray([groups.setdefault((m, k), len(groups)) for m, k, _ in all_keys], dtype=np.int64),
                   key_unit_cost=np.divide(costed, volume, out=np.zeros(P), where=volume > _TOL),
                   route_key=r_key_a, route_volume=r_vol_a, route_start=np.asarray(r_start, dtype=np.int64),
                   route_source=np.asarray(r_src, dtype=np.int64), sources=tuple(sources),
                   route_pair=np.asarray(r_pair, dtype=np.int64),
                   pair_key=np.asarray([k for k, _ in pairs], dtype=np.int64),
                   pair_source=np.asarray([src for _, src in pairs], dtype=np.int64),
                   by_link={k: np.asarray(v, dtype=np.int64) for k, v in by_link.items()},
                   by_node={k: np.asarray(v, dtype=np.int64) for k, v in by_node.items()}, node_pos=node_pos)

    @cached_property
    def _one_hot(self) -> np.ndarray:
        """keys × commodities: 1 where the key is of that commodity (sums per commodity as one product)."""
        import numpy as np

        m = np.zeros((len(self.keys), len(self.commodities)))
        m[np.arange(len(self.keys)), self.key_commodity] = 1.0
        return m

    def outcome(self, delivered: Mapping[tuple[str, str, str], float]) -> np.ndarray:
        """An outcome's deliveries per ``(market, commodity, origin)`` as an array over :attr:`keys`
        (a triple the base case does not know must be passed in ``keys`` when building)."""
        import numpy as np

        return np.asarray([float(delivered.get(key, 0.0)) for key in self.keys])

    def supplied(self, used: Mapping[tuple[str, str, str], float]) -> np.ndarray:
        """An outcome's supply used per ``(node, commodity, origin)`` as an array over :attr:`sources`."""
        import numpy as np

        return np.asarray([float(used.get(src, 0.0)) for src in self.sources])

    def split(self, links: Iterable[str], nodes: Iterable[str], outcome: np.ndarray,
              supplied: np.ndarray | None = None) -> dict[str, Any]:
        """Per commodity, the volumes of :data:`FIELDS` for losing ``links`` and ``nodes`` (the
        outcome's deliveries ``outcome``, aligned with :attr:`keys`); ``lost_cost`` (all
        commodities' lost volume at its base route cost, in the objective's cost unit) apart.
        ``supplied``: the outcome's supply used per source (:meth:`supplied`); rerouted flow is
        bounded by what each source that crossed still ships (Kazakh oil from Aktau that can no
        longer cross is not "rerouted" by Kazakh oil from Tengiz: that is substituted).
        """
        import numpy as np

        return self.split_many([(links, nodes)], np.asarray(outcome, dtype=float)[None, :],
                               None if supplied is None else np.asarray(supplied, dtype=float)[None, :])[0]

    def split_many(self, elements: Iterable[tuple[Iterable[str], Iterable[str]]], outcomes: np.ndarray,
                   supplied: np.ndarray | None = None) -> list[dict[str, Any]]:
        """:meth:`split` of several elements at once: ``elements`` as ``(links, nodes)`` pairs,
        ``outcomes`` one row of deliveries per element, ``supplied`` one row of supply used per
        element (or None). The same numbers as one :meth:`split` each — every operation is
        elementwise or sums one row in the same order — in a few array operations for all of them
        rather than a few per element (a sweep's rows)."""
        import numpy as np

        values, own_supply, lost_cost = self._arrays_many([(tuple(links), tuple(nodes)) for links, nodes in elements],
                                                          outcomes, supplied)
        names = list(values)
        sums = (np.stack([values[n] for n in names], axis=1) @ self._one_hot).tolist()  # element × field × commodity
        own = own_supply.tolist()
        out = []
        for e, cost in enumerate(lost_cost.tolist()):
            row: dict[str, Any] = {}
            for j, k in enumerate(self.commodities):
                row[k] = {n: sums[e][i][j] for i, n in enumerate(names)}
                row[k]["own_supply"] = own[e][j]
            row["lost_cost"] = cost
            out.append(row)
        return out

    def rerouted(self, links: Iterable[str], nodes: Iterable[str], outcome: np.ndarray,
                 supplied: np.ndarray | None = None) -> dict[tuple[str, str, str], float]:
        """The rerouted volume per ``(market, commodity, origin)`` (as in :meth:`split`)."""
        values = self._arrays(links, nodes, outcome, supplied)[0]
        return {key: float(v) for key, v in zip(self.keys, values["rerouted"])}

    @cached_property
    def _elements(self) -> dict:
        """(links, nodes) → what :meth:`_arrays` reads of the base routes for that element (the
        outcome apart): a sweep splits each element's outcome once per call, the element's routes
        stay the same from call to call."""
        return {}

    def _element(self, links: tuple[str, ...], nodes: tuple[str, ...]) -> tuple:
        import numpy as np

        key = (links, nodes)
        hit = self._elements.get(key)
        if hit is not None:
            return hit
        P = len(self.keys)
        node_ids = [n for n in nodes if n in self.node_pos]  # markets and sources among them
        hit = np.zeros(len(self.route_key), dtype=bool)
        for lid in links:
            if lid in self.by_link:
                hit[self.by_link[lid]] = True
        for n in nodes:
            if n in self.by_node:
                hit[self.by_node[n]] = True
        ridx = np.flatnonzero(hit)
        inside = np.zeros(len(self.node_pos), dtype=bool)
        inside[[self.node_pos[n] for n in node_ids]] = True
        rk, rv = self.route_key[ridx], self.route_volume[ridx]
        own_route = inside[self.route_start[ridx]]
        crossed = np.bincount(rk, weights=rv, minlength=P)
        from_inside = np.bincount(rk, weights=rv * own_route, minlength=P)
        market_inside = inside[self.key_market]
        c_pair = np.bincount(self.route_pair[ridx], weights=rv, minlength=len(self.pair_key)) if len(ridx) else None
        own_supply = np.bincount(self.key_commodity[rk], weights=rv * own_route, minlength=len(self.commodities))
        if len(self._elements) * (P + 1) >= 1_000_000:  # ~50 MB at most (N-2 on a large network): start again
            self._elements.clear()
        through = np.where(market_inside, 0.0, crossed - from_inside)
        out = (crossed, from_inside, market_inside, through, c_pair, own_supply)
        for array in out:
            if array is not None:
                array.flags.writeable = False  # shared by every later call for this element
        self._elements[key] = out
        return out

    def _arrays(self, links: Iterable[str], nodes: Iterable[str], outcome: np.ndarray, supplied: np.ndarray | None):
        """:meth:`_arrays_many` of one element: ``(values, own_supply, lost_cost)`` of its row."""
        import numpy as np

        values, own_supply, lost_cost = self._arrays_many(
            [(tuple(links), tuple(nodes))], np.asarray(outcome, dtype=float)[None, :],
            None if supplied is None else np.asarray(supplied, dtype=float)[None, :])
        return {n: v[0] for n, v in values.items()}, own_supply[0], float(lost_cost[0])

    def _arrays_many(self, elements: list[tuple[tuple[str, ...], tuple[str, ...]]], outcomes: np.ndarray,
                     supplied: np.ndarray | None):
        """The split's per-key values of each element (rows) against its outcome's deliveries (rows of
        ``outcomes``): ``({field: element × key}, own_supply element × commodity, lost_cost per element)``.
        A sum over a row's keys (per group, per source pair) is a ``bincount`` of that row's values
        in key order, offset by the row: the same additions as one row at a time."""
        import numpy as np

        P, n = len(self.keys), len(elements)
        parts = [self._element(links, nodes) for links, nodes in elements]
        crossed, from_inside, market_inside, through = (np.stack([p[i] for p in parts]) if n else np.zeros((0, P))
                                                        for i in range(4))
        own_supply = np.stack([p[5] for p in parts]) if n else np.zeros((0, len(self.commodities)))
        b, a = self.delivered, np.asarray(outcomes, dtype=float).reshape(n, P)
        short = np.maximum(0.0, b - a)
        gain = np.maximum(0.0, a - b)
        G = len(self.key_group) and int(self.key_group[-1]) + 1  # groups are numbered in key order
        rows = np.arange(n)[:, None]
        by_group = (rows * G + self.key_group).ravel()
        S_m = np.bincount(by_group, weights=short.ravel(), minlength=n * G).reshape(n, G)
        G_m = np.bincount(by_group, weights=gain.ravel(), minlength=n * G).reshape(n, G)
        sub = np.divide(np.minimum(S_m, G_m), S_m, out=np.zeros((n, G)), where=S_m > _TOL)[:, self.key_group]
        short_x = np.minimum(crossed, short)
        short_t = np.minimum(through, np.maximum(0.0, short - from_inside))
        rerouted = crossed - short_x
        same_source = np.zeros((n, P))
        paired = [e for e, p in enumerate(parts) if p[4] is not None] if supplied is not None else []
        if paired:
            # per (key, source): what crossed; rerouted at most what that source still ships
            at = np.asarray(paired)
            c_pair = np.stack([parts[e][4] for e in paired])
            shipped = np.asarray(supplied, dtype=float).reshape(n, -1)[at][:, self.pair_source]
            m = len(at)
            cap = np.bincount((np.arange(m)[:, None] * P + self.pair_key).ravel(),
                              weights=np.minimum(c_pair, shipped).ravel(), minlength=m * P).reshape(m, P)
            same_source[at] = np.maximum(0.0, rerouted[at] - cap)
            rerouted[at] = rerouted[at] - same_source[at]
        values = {"crossed": crossed, "rerouted": rerouted, "substituted": short_x * sub + same_source,
                  "lost": short_x * (1.0 - sub), "own_demand": b * market_inside,
                  "lost_transit": short_t * (1.0 - sub)}
        return values, own_supply, (short * (1.0 - sub) * self.key_unit_cost).sum(axis=1)
