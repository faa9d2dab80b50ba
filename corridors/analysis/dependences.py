"""Who depends on whom: the share of each market's supply, and of each supplier's exports, that
crosses each transit element (country, asset or corridor), and what a market would lose without it.

* ``share_crossing``: from a flow decomposition of the base solution by origin
  (:func:`corridors.model.results.paths_by_origin`): the volume on routes that cross the element,
  over what the market is served (or what the supplier exports);
* ``share_lost``: from the N-1 solves: the market's extra unmet demand with the element cut, over
  what it is served in the base case (an element no base flow crosses changes nothing: exact pruning);
* ``captive_to``: per market and per supplier, its largest single-element share and the element
  (1.0 = everything through one country).

A market's own country and the country of origin of its supply are not transit: they are left out. Shares
are per commodity (never summed across commodities); volumes are in the commodity's unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridors.data.formats import _records, html_table, to_stable_json
from corridors.errors import DataError, suggest

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = ["Dependence", "dependence", "BY"]

BY: tuple[str, ...] = ("country", "asset", "corridor")
_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class Dependence:
    """The result of :func:`dependence`.

    Attributes
    ----------
    markets
        ``market, country, commodity, unit, served, via_kind, via, crossing, share_crossing, lost,
        share_lost``: one row per market, commodity and element its base supply crosses.
    suppliers
        ``origin, commodity, unit, exports, via_kind, via, through, share``: per supplier (origin),
        its exports (deliveries outside its own country) through each element.
    captive_to
        ``kind`` (market or supplier), ``id``, ``commodity``, ``via_kind``, ``via``, ``share``: the
        largest single-element share of each.
    """

    by: str
    year: int
    markets: pd.DataFrame
    suppliers: pd.DataFrame
    captive_to: pd.DataFrame

    def __repr__(self) -> str:
        return f"<Dependence by {self.by} year={self.year}: {len(self.markets)} market rows, {len(self.suppliers)} supplier rows>"

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as Python objects: ``by, year, rows, suppliers, captive_to``."""
        return {"by": self.by, "year": self.year, "rows": _records(self.markets),
                "suppliers": _records(self.suppliers), "captive_to": _records(self.captive_to)}

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON (sorted keys, 6 significant digits)."""
        return to_stable_json(self.to_dict(), indent=indent)

    def _repr_html_(self) -> str:
        return ("<div class='corridors-dependence'>" + html_table(self.captive_to, caption="Captive to")
                + html_table(self.markets, max_rows=30, caption="Markets: share crossing and share lost")
                + html_table(self.suppliers, max_rows=30, caption="Suppliers: exports through") + "</div>")


def _element_of(network: Network, by: str) -> dict[str, set[str]]:
    """Link id → the elements of kind ``by`` it belongs to (a link's countries and its end nodes')."""
    links, nodes = network.links, network.nodes
    out: dict[str, set[str]] = {}
    for lid, row in links.iterrows():
        if by == "country":
            found = {c for c in (row.get("countries") or ()) if isinstance(c, str)}
            found |= {nodes.at[n, "country"] for n in (row["from"], row["to"])
                      if n in nodes.index and isinstance(nodes.at[n, "country"], str)}
        else:
            found = {str(row[by])} if isinstance(row.get(by), str) else set()
        out[str(lid)] = found
    return out


def dependence(network: Network, *, year: int | None = None, by: str = "country", scenario: Any = None,
               commodity: str | None = None, solver: str | None = None) -> Dependence:
    """How captive each market and each supplier is to each transit element.

    Parameters
    ----------
    network
        The network (the full one: it is filtered to ``year``).
    year
        The year (default: as :func:`corridors.solve`).
    by
        ``country``, ``asset`` or ``corridor``.
    scenario
        A base scenario (the N-1 cuts are added on top of it).
    commodity
        Only this commodity's markets and suppliers.
    solver
        ``highs`` or ``cbc``.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> d = dependence(load_demo_network(), year=2024)
    >>> row = d.captive_to[(d.captive_to["kind"] == "market") & (d.captive_to["id"] == "ceyhan")].iloc[0]
    >>> row["via"], float(row["share"])
    ('GE', 1.0)
    """
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.flow import prepare_network, solve
    from corridors.model.results import paths_by_origin
    from corridors.model.scenario import Disruption, Scenario

    if by not in BY:
        raise DataError(f"unknown dependence level {by!r}{suggest(str(by), BY)}; use one of {', '.join(BY)}")
    net = prepare_network(network, year=year, scenario=None)
    y = int(net.year)
    base_s = scenario if scenario is not None else Scenario(name="base", year=y)
    base = solve(network, scenario=base_s, solver=solver)
    if not base.ok:
        raise DataError(f"the base case is {base.status}; dependence needs an optimal base solution")
    elements = _element_of(base_net := prepare_network(network, scenario=base_s), by)
    node_country = base_net.nodes["country"].to_dict()
    paths = paths_by_origin(base)
    served = {(str(n), str(k)): float(s) for n, k, s in zip(base.deliveries["node"], base.deliveries["commodity"],
                                                             base.deliveries["served"])}
    unmet0 = {(str(n), str(k)): float(u) for n, k, u in zip(base.deliveries["node"], base.deliveries["commodity"],
                                                             base.deliveries["unmet"])}

    crossing: dict[tuple[str, str, str], float] = {}
    exports: dict[tuple[str, str], float] = {}
    through: dict[tuple[str, str, str], float] = {}
    for (market, k, origin), routes in paths.items():
        if commodity is not None and k != commodity:
            continue
        home = node_country.get(market)
        for route, vol in routes.items():
            vias = set().union(*(elements.get(lid, set()) for lid in route)) if route else set()
            for via in vias:
                if by == "country" and via in (home, origin):
                    continue  # neither the market's country nor the supplier's is transit
                crossing[(market, k, via)] = crossing.get((market, k, via), 0.0) + vol
            if origin and home != origin:
                exports[(origin, k)] = exports.get((origin, k), 0.0) + vol
                for via in vias:
                    if by == "country" and via in (home, origin):
                        continue  # the destination and the supplier's own country are not transit
                    through[(origin, k, via)] = through.get((origin, k, via), 0.0) + vol

    # N-1: only elements some base flow crosses can change anything
    lost: dict[tuple[str, str, str], float] = {}
    for via in sorted({v for (_, _, v) in crossing}):
        cut = Scenario(name=f"{by}:{via} lost", year=y, disruptions=[Disruption(target=f"{by}:{via}", remaining=0.0)])
        hit = solve(network, scenario=base_s.combine(cut) if scenario is not None else cut, solver=solver, prefer=base)
        for n, k, u in zip(hit.deliveries["node"], hit.deliveries["commodity"], hit.deliveries["unmet"]):
            extra = float(u) - unmet0.get((str(n), str(k)), 0.0) if hit.ok else math.nan
            lost[(str(n), str(k), via)] = max(0.0, extra) if not math.isnan(extra) else math.nan

    rows = []
    for (market, k, via), vol in sorted(crossing.items()):
        s = served.get((market, k), 0.0)
        gone = lost.get((market, k, via), 0.0)
        rows.append({"market": market, "country": node_country.get(market), "commodity": k, "unit": CANONICAL_UNITS[k],
                     "served": s, "via_kind": by, "via": via, "crossing": vol,
                     "share_crossing": vol / s if s > _TOL else math.nan, "lost": gone,
                     "share_lost": gone / s if s > _TOL else math.nan})
    markets = pd.DataFrame(rows, columns=["market", "country", "commodity", "unit", "served", "via_kind", "via", "crossing",
                                          "share_crossing", "lost", "share_lost"])
    srows = [{"origin": o, "commodity": k, "unit": CANONICAL_UNITS[k], "exports": exports[(o, k)], "via_kind": by,
              "via": via, "through": vol, "share": vol / exports[(o, k)] if exports[(o, k)] > _TOL else math.nan}
             for (o, k, via), vol in sorted(through.items())]
    suppliers = pd.DataFrame(srows, columns=["origin", "commodity", "unit", "exports", "via_kind", "via", "through", "share"])
    captive = []
    for kind, frame, ident, share in (("market", markets, "market", "share_crossing"), ("supplier", suppliers, "origin", "share")):
        for (i, k), g in frame.groupby([ident, "commodity"], sort=True):
            top = g.sort_values([share, "via"], ascending=[False, True], kind="stable").iloc[0]
            captive.append({"kind": kind, "id": i, "commodity": k, "via_kind": by, "via": top["via"], "share": float(top[share])})
    captive_to = pd.DataFrame(captive, columns=["kind", "id", "commodity", "via_kind", "via", "share"])
    return Dependence(by=by, year=y, markets=markets, suppliers=suppliers, captive_to=captive_to)
