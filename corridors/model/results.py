"""Results of a flow optimisation: :class:`FlowResult` and :class:`Comparison`.

Both are frozen and self-contained (pandas/GeoPandas frames and plain numbers, no solver objects),
so they pickle, travel between processes and render in notebooks (``_repr_html_``).

All quantities are in the canonical unit of their commodity (oil and freight Mt/y, gas bcm/y,
power TWh/y). ``to_json()`` is stable: keys sorted, rows in a fixed order, floats rounded to six
significant digits, so the same solve gives byte-identical text.

Examples
--------
>>> from corridors.model.flow import solve
>>> from corridors.data.io import load_demo_network
>>> net = load_demo_network()
>>> base = solve(net, year=2024)
>>> cut = net.copy()
>>> cut.links["derate"] = [0.0 if i == "pipe-b" else 1.0 for i in cut.links.index]
>>> after = solve(cut, year=2024)
>>> diff = base.compare(after)
>>> round(float(diff.markets.set_index(["node", "commodity"]).loc[("ceyhan", "oil"), "unmet_change"]), 1)
30.0
"""

from __future__ import annotations

import html
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.data.files import write_layers
from corridors.data.formats import _records, html_table, to_stable_json
from corridors.errors import DataError, suggest
from corridors.model.origins import lost_cost, paths_by_origin, split_by_origin  # noqa: F401  (re-exported)

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from corridors.model.lp import Problem
    from corridors.data.network import Network

__all__ = ["FlowResult", "Comparison", "assemble_result", "market_changes", "paths_by_origin", "split_by_origin"]

_TOL = 1e-9
_SATURATED = 1e-6




def _num(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.6g}"


_TABLES = ("deliveries", "flows", "bottlenecks", "totals", "arcs", "supplies")
#: What ``flows`` holds beyond its table: the lines, or, without geometry, the lengths in their place
_NOT_SHOWN = ["geometry", "length_km"]


# -- geometry, GeoPackage and maps (shared by FlowResult, Comparison and SweepResult) ---------------

def _bundled_network(network: Network | None) -> Network:
    """``network``, or the bundled network when None."""
    from corridors.data.io import load_network

    return network if network is not None else load_network()


def _check_ids(ids: Any, network: Network, what: str) -> None:
    """Raise when none of the link ids of a result is in ``network`` (it was solved on another one)."""
    ids = [str(i) for i in ids]
    if ids and not any(i in network.links.index for i in ids):
        origin = f" ({network.origin})" if getattr(network, "origin", None) else ""
        raise DataError(f"no link of the {what} ({ids[0]!r}, …) is in the network given{origin}; "
                        "pass the network the result was solved on: network=net")


def _drawable(network: Network, link_ids: Any, year: int | None) -> Network:
    """``network`` restricted to the links a result covers, at the result's year (for maps)."""
    from corridors.data.network import Network

    ids = set(map(str, link_ids))
    links = network.links[network.links.index.isin(list(ids))].copy()
    return Network(network.nodes.copy(), links, network.balances.copy(),
                   year=year if year is not None else network.year, projects=network.projects, origin=network.origin)


def _country_shapes(codes: Any) -> list:
    from corridors.data.geometry import countries

    shapes = countries().geometry
    return [shapes.get(str(c)) if isinstance(c, str) else None for c in codes]


def _geo(frame: pd.DataFrame, geometry: list) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=list(geometry), crs="EPSG:4326")


# -- FlowResult -------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class FlowResult:
    """The outcome of one optimisation (see :func:`corridors.model.flow.solve`).

    Attributes
    ----------
    status
        ``"optimal"``, ``"infeasible"``, ``"not solved"``, ``"error: ..."`` …; numbers are NaN
        unless optimal.
    objective
        Transport cost plus penalties (``UNMET_PENALTY × priority × unmet``; in max-throughput mode
        minus ``UNMET_PENALTY ×`` throughput).
    year, solver
        The year modelled and ``"highs"`` or ``"cbc"``.
    flows
        GeoDataFrame indexed by link id: ``flow_<commodity>`` (both directions), ``flow`` (total),
        ``direction`` (forward, reverse, both, none), ``capacity`` (nominal × derate), ``derate``,
        ``utilisation``, ``dual`` (value of one more unit of capacity), ``unit`` and link attributes.
    deliveries
        One row per demand (node, commodity): ``demand, served, unmet``, ``country``, ``priority``,
        ``role``. In max-throughput mode ``role`` is ``target`` (``served`` = what reached that
        node; ``unmet`` NaN), ``held`` or ``released`` (``served`` 0, ``unmet`` NaN).
    bottlenecks
        Saturated links and nodes, or with a positive dual: ``kind, id, flow, capacity, utilisation,
        dual``; highest dual first.
    totals
        Per commodity and country: ``supply, supply_used, demand, served, unmet``.
    arcs
        Non-zero flow per link, commodity and direction (``from``/``to`` as travelled).
    supplies
        Per supply node and commodity: ``supply`` (the maximum) and ``used``; ``origin``.
    deliveries_by_origin
        Per market, commodity and origin: ``delivered`` (in ``unit``); max-throughput targets too.
    flows_by_origin
        Per link, commodity and origin: ``flow`` (both directions), non-zero rows only.
    mode, commodity, target, target_nodes, hold_other_demand, throughput
        Max-throughput mode: what reached the target (NaN in min-cost mode).
    cost
        Transport cost alone (``Σ cost · flow``).
    """

    status: str
    objective: float
    year: int
    solver: str | None
    flows: gpd.GeoDataFrame
    deliveries: pd.DataFrame
    bottlenecks: pd.DataFrame
    totals: pd.DataFrame
    arcs: pd.DataFrame
    supplies: pd.DataFrame
    deliveries_by_origin: pd.DataFrame | None = None
    flows_by_origin: pd.DataFrame | None = None
    mode: str = "min-cost"
    commodity: str | None = None
    target: str | None = None
    target_nodes: tuple[str, ...] = ()
    hold_other_demand: bool = True
    throughput: float = math.nan
    cost: float = math.nan
    scenario: str | None = None
    timings: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when the solve was optimal."""
        return self.status == "optimal"

    def __repr__(self) -> str:
        unmet = float(self.deliveries["unmet"].sum()) if len(self.deliveries) else 0.0
        extra = (f" max {self.commodity} to {self.target}: throughput={_num(self.throughput)}"
                 if self.mode == "max-throughput" else "")
        return (f"<FlowResult {self.status} year={self.year} solver={self.solver} "
                f"objective={_num(self.objective)} unmet={_num(unmet)}{extra}>")

    def delivered(self, commodity: str, countries: str | list[str] | tuple[str, ...] | None = None) -> float:
        """Total ``served`` of ``commodity`` (in its canonical unit), optionally only in ``countries``.

        Examples
        --------
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> solve(load_demo_network(), year=2024).delivered("oil", "TR")
        30.0
        """
        d = self.deliveries[self.deliveries["commodity"] == commodity]
        if countries is not None:
            wanted = {countries} if isinstance(countries, str) else set(countries)
            d = d[d["country"].isin(wanted)]
        return float(d["served"].sum())

    def to_frame(self, table: str = "deliveries") -> pd.DataFrame:
        """One of the tables as a plain DataFrame (``flows`` without geometry).

        ``table`` is one of deliveries, flows, bottlenecks, totals, arcs, supplies.
        """
        import pandas as pd

        if table not in _TABLES:
            raise DataError(f"unknown table {table!r}{suggest(table, _TABLES)}; use one of {', '.join(_TABLES)}")
        frame = getattr(self, table)
        if table == "flows":
            frame = pd.DataFrame(frame.drop(columns=_NOT_SHOWN, errors="ignore")).reset_index()
        return frame.copy()

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as Python objects (see :meth:`to_json`)."""
        return {
            "status": self.status, "objective": self.objective, "cost": self.cost, "year": self.year,
            "solver": self.solver, "mode": self.mode, "commodity": self.commodity, "target": self.target,
            "target_nodes": list(self.target_nodes),
            "hold_other_demand": self.hold_other_demand if self.mode == "max-throughput" else None,
            "throughput": self.throughput, "scenario": self.scenario,
            "deliveries": _records(self.deliveries), "supplies": _records(self.supplies),
            "flows": _records(self.to_frame("flows")), "arcs": _records(self.arcs),
            "bottlenecks": _records(self.bottlenecks), "totals": _records(self.totals),
            "deliveries_by_origin": _records(self.deliveries_by_origin) if self.deliveries_by_origin is not None else [],
            "flows_by_origin": _records(self.flows_by_origin) if self.flows_by_origin is not None else [],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON: sorted keys, fixed row order, floats to 6 significant digits, no timings.

        Top-level fields: ``status, objective, cost, year, solver, mode, commodity, target,
        target_nodes, hold_other_demand, throughput, scenario`` and the tables ``deliveries``,
        ``supplies``, ``flows`` (one object per link, with ``id``), ``arcs``, ``bottlenecks`` and
        ``totals`` as lists of row objects (column names as keys; NaN is ``null``).

        Examples
        --------
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> import json
        >>> doc = json.loads(solve(load_demo_network(), year=2024).to_json())
        >>> doc["status"], doc["deliveries"][0]["node"]
        ('optimal', 'ceyhan')
        """
        return to_stable_json(self.to_dict(), indent=indent)

    def _repr_html_(self) -> str:
        head = (f"<p><strong>FlowResult</strong> {html.escape(self.status)} · year {self.year} · "
                f"solver {html.escape(str(self.solver))} · objective {_num(self.objective)} · "
                f"transport cost {_num(self.cost)}")
        if self.mode == "max-throughput":
            head += (f" · max {html.escape(str(self.commodity))} to {html.escape(str(self.target))}: "
                     f"{_num(self.throughput)}")
        if self.scenario:
            head += f" · scenario {html.escape(str(self.scenario))}"
        head += "</p>"
        return ("<div class='corridors-result'>" + head
                + html_table(self.deliveries, caption="Deliveries")
                + html_table(self.bottlenecks, max_rows=10, caption="Bottlenecks")
                + html_table(self.totals, caption="Totals") + "</div>")

    def _node_points(self, network: Network | None) -> dict[str, Any]:
        """Node id → Point: from ``network``, else from the ends of the links in ``flows``."""
        if network is not None:
            return dict(network.nodes.geometry.items())
        from shapely.geometry import Point

        out: dict[str, Any] = {}
        for a, b, g in zip(self.flows["from"], self.flows["to"], self.flows.geometry):
            if g is not None and not g.is_empty:
                out.setdefault(str(a), Point(g.coords[0]))
                out.setdefault(str(b), Point(g.coords[-1]))
        return out

    def to_geodataframe(self, table: str = "flows", *, network: Network | None = None) -> gpd.GeoDataFrame:
        """One of the tables as a GeoDataFrame (EPSG:4326), ready for GeoPandas or QGIS.

        Parameters
        ----------
        table
            ``flows`` (a line per link, indexed by link id), ``arcs`` (the link's line),
            ``deliveries`` and ``supplies`` (a point per node), ``bottlenecks`` (the link's line or
            the node's point) or ``totals`` (the country's outline).
        network
            Where node points come from; default the ends of the links in :attr:`flows`.

        Examples
        --------
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> r = solve(load_demo_network(), year=2024)
        >>> r.to_geodataframe("deliveries").geom_type.unique().tolist()
        ['Point']
        >>> float(r.to_geodataframe().loc["pipe-a", "flow"])
        31.0
        """
        if table not in _TABLES:
            raise DataError(f"unknown table {table!r}{suggest(table, _TABLES)}; use one of {', '.join(_TABLES)}")
        if table == "flows":
            return self.flows.copy()
        lines = self.flows.geometry
        frame = getattr(self, table)
        if table == "totals":
            return _geo(frame, _country_shapes(frame["country"]))
        if table == "arcs":
            return _geo(frame, [lines.get(lid) for lid in frame["link"]])
        points = self._node_points(network)
        if table == "bottlenecks":
            return _geo(frame, [lines.get(i) if k == "link" else points.get(i) for k, i in zip(frame["kind"], frame["id"])])
        return _geo(frame, [points.get(n) for n in frame["node"]])

    def to_file(self, path: str | os.PathLike, *, network: Network | None = None) -> Path:
        """Write a GeoPackage for QGIS with layers ``flows`` (lines), ``deliveries`` and
        ``supplies`` (points) and ``totals`` (country outlines).

        Parameters
        ----------
        path
            A ``.gpkg`` file (replaced if it exists).
        network
            Where node points come from (see :meth:`to_geodataframe`).

        Examples
        --------
        >>> import tempfile, pathlib, pyogrio
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> out = solve(load_demo_network(), year=2024).to_file(pathlib.Path(tempfile.mkdtemp()) / "flows.gpkg")
        >>> [str(name) for name, _ in pyogrio.list_layers(out)]
        ['flows', 'deliveries', 'supplies', 'totals']
        """
        layers = {t: self.to_geodataframe(t, network=network) for t in ("flows", "deliveries", "supplies", "totals")}
        return write_layers(path, layers)

    def compare(self, other: FlowResult, *, origins: bool = True) -> Comparison:
        """What changed from this result (the base) to ``other``: ``other − self`` throughout.

        ``origins=False`` leaves out the split by origin (``origins`` None, ``extra_cost`` NaN).

        Examples
        --------
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> cut = net.copy()
        >>> cut.links["derate"] = [0.0 if i == "pipe-b" else 1.0 for i in cut.links.index]
        >>> diff = solve(net, year=2024).compare(solve(cut, year=2024))
        >>> diff.cost_change > 0  # 30 Mt/y of oil no longer reach Ceyhan: the unmet-demand penalty
        True
        """
        return _compare(self, other, origins=origins)


# -- Comparison -------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Comparison:
    """Changes between a base :class:`FlowResult` and another (``other − base``).

    Attributes
    ----------
    links
        Per link id: ``flow_base, flow_other, change`` and ``change_<commodity>``.
    markets
        Per demand node and commodity: ``demand_*``, ``served_*``, ``unmet_*`` for base and other,
        and ``served_change``, ``unmet_change``.
    origins
        Per market, commodity and origin: ``base`` served split into ``kept``, ``rerouted``,
        ``substituted`` and ``lost`` (see :func:`split_by_origin`).
    totals
        Per commodity and country: ``served_change`` and ``unmet_change``.
    cost_change
        Change of the objective (transport cost + penalties); ``transport_cost_change`` of the cost alone.
    extra_cost
        The transport cost change plus the base cost of the volume lost (on its base routes): what
        the rerouted and substituted flow costs against its base routes, never negative because
        flow was lost (the penalty of unmet demand is in ``cost_change``).
    """

    base_status: str
    other_status: str
    cost_change: float
    transport_cost_change: float
    links: pd.DataFrame
    markets: pd.DataFrame
    totals: pd.DataFrame
    base_scenario: str | None = None
    other_scenario: str | None = None
    origins: pd.DataFrame | None = None
    extra_cost: float = math.nan

    def unmet_change(self) -> dict[str, str]:
        """The change of unmet demand per commodity, each with its unit (never summed across commodities)."""
        from corridors.data.units import CANONICAL_UNITS

        if not len(self.markets):
            return {}
        sums = self.markets.groupby("commodity", sort=True)["unmet_change"].sum()
        return {str(k): f"{_num(float(v))} {CANONICAL_UNITS.get(str(k), '')}".strip() for k, v in sums.items()}

    def __repr__(self) -> str:
        moved = int((self.links["change"].abs() > _TOL).sum()) if len(self.links) else 0
        unmet = ", ".join(f"{k} {v}" for k, v in self.unmet_change().items()) or "none"
        return (f"<Comparison {self.base_status}→{self.other_status} cost_change={_num(self.cost_change)} "
                f"unmet_change=[{unmet}] links_changed={moved}>")

    def to_frame(self, table: str = "markets") -> pd.DataFrame:
        """``markets``, ``links`` or ``totals`` as a DataFrame."""
        valid = ("markets", "links", "totals")
        if table not in valid:
            raise DataError(f"unknown table {table!r}{suggest(table, valid)}; use one of {', '.join(valid)}")
        return getattr(self, table).copy()

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as Python objects (see :meth:`to_json`)."""
        return {"base_status": self.base_status, "other_status": self.other_status,
                "cost_change": self.cost_change, "transport_cost_change": self.transport_cost_change,
                "extra_cost": self.extra_cost,
                "base_scenario": self.base_scenario, "other_scenario": self.other_scenario,
                "links": _records(self.links), "markets": _records(self.markets), "totals": _records(self.totals),
                "origins": _records(self.origins) if self.origins is not None else []}

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON (sorted keys, 6 significant digits): statuses, cost changes, links, markets, totals."""
        return to_stable_json(self.to_dict(), indent=indent)

    def _repr_html_(self) -> str:
        head = (f"<p><strong>Comparison</strong> {html.escape(self.base_status)} → "
                f"{html.escape(self.other_status)} · cost change {_num(self.cost_change)} · "
                f"transport cost change {_num(self.transport_cost_change)}</p>")
        changed = self.links[self.links["change"].abs() > _TOL]
        changed = changed.reindex(changed["change"].abs().sort_values(ascending=False, kind="stable").index)
        markets = self.markets[(self.markets["served_change"].abs() > _TOL) | (self.markets["unmet_change"].abs() > _TOL)]
        return ("<div class='corridors-comparison'>" + head
                + html_table(markets, caption="Markets that changed")
                + html_table(changed, max_rows=20, caption="Links whose flow changed") + "</div>")

    def to_geodataframe(self, table: str = "links", *, network: Network | None = None) -> gpd.GeoDataFrame:
        """``links`` (lines), ``markets`` (points) or ``totals`` (country outlines) as a GeoDataFrame.

        A comparison holds no geometry: it comes from ``network`` (default the bundled network).

        Examples
        --------
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> diff = solve(net, year=2024).compare(solve(net, year=2030))
        >>> diff.to_geodataframe("markets", network=net).geom_type.unique().tolist()
        ['Point']
        """
        valid = ("links", "markets", "totals")
        if table not in valid:
            raise DataError(f"unknown table {table!r}{suggest(table, valid)}; use one of {', '.join(valid)}")
        frame = getattr(self, table)
        if table == "totals":
            return _geo(frame, _country_shapes(frame["country"]))
        network = _bundled_network(network)
        _check_ids(self.links["id"], network, "comparison")
        if table == "links":
            lines = network.links.geometry
            return _geo(frame, [lines.get(i) for i in frame["id"]])
        return _geo(frame, [network.nodes.geometry.get(n) for n in frame["node"]])

    def to_file(self, path: str | os.PathLike, *, network: Network | None = None) -> Path:
        """Write a GeoPackage for QGIS with layers ``links``, ``markets`` and ``totals``.

        Examples
        --------
        >>> import tempfile, pathlib, pyogrio
        >>> from corridors.model.flow import solve
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> diff = solve(net, year=2024).compare(solve(net, year=2030))
        >>> out = diff.to_file(pathlib.Path(tempfile.mkdtemp()) / "diff.gpkg", network=net)
        >>> [str(name) for name, _ in pyogrio.list_layers(out)]
        ['links', 'markets', 'totals']
        """
        network = _bundled_network(network)
        return write_layers(path, {t: self.to_geodataframe(t, network=network) for t in ("links", "markets", "totals")})

def _first(mine: pd.Series, theirs: pd.Series) -> pd.Series:
    """``mine.combine_first(theirs)`` (both on one index): ``mine`` itself when it has no gap to fill."""
    if mine.dtype == theirs.dtype and not mine.isna().to_numpy().any():
        return mine  # combine_first would mask nothing: the same values, dtype and name
    return mine.combine_first(theirs)


def _table(index: pd.Index, columns: dict[str, Any]) -> pd.DataFrame:
    """``DataFrame(index=index)`` given ``columns`` (Series on ``index``, or scalars) one by one, then
    ``reset_index()``: the same frame, built at once."""
    import numpy as np
    import pandas as pd

    n = len(index)
    data = {col: v.array if isinstance(v, pd.Series) else np.full(n, v) for col, v in columns.items()}
    frame = pd.DataFrame(data, index=index)
    for col, v in columns.items():  # the constructor reads strings in an object column as str; an insert keeps it
        if isinstance(v, pd.Series) and frame[col].dtype != v.dtype:
            frame[col] = v
    return frame.reset_index()


def market_changes(base: FlowResult, other: FlowResult) -> pd.DataFrame:
    """``base.compare(other).markets`` alone (per demand node and commodity, ``other − base``),
    without the links, totals and split by origin.

    Examples
    --------
    >>> from corridors.model.flow import solve
    >>> from corridors.data.io import load_demo_network
    >>> base, later = solve(load_demo_network(), year=2024), solve(load_demo_network(), year=2030)
    >>> market_changes(base, later).equals(base.compare(later).markets)
    True
    """
    fast = _market_changes_by_key(base.deliveries, other.deliveries)
    if fast is not None:
        return fast
    keys = ["node", "commodity"]
    db = base.deliveries.set_index(keys)
    do = other.deliveries.set_index(keys)
    idx = db.index.union(do.index).sort_values()
    rb, ro = db.reindex(idx), do.reindex(idx)
    cols = {col: _first(ro[col], rb[col]) for col in ("name", "country")}
    for col in ("demand", "served", "unmet"):
        cols[f"{col}_base"] = rb[col].fillna(0.0)
        cols[f"{col}_other"] = ro[col].fillna(0.0)
    cols["served_change"] = cols["served_other"] - cols["served_base"]
    cols["unmet_change"] = cols["unmet_other"] - cols["unmet_base"]
    return _table(idx, cols)


def _market_changes_by_key(db: pd.DataFrame, do: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`market_changes` of two deliveries tables by their (node, commodity) keys in plain
    Python, not through a MultiIndex: the same frame (values, dtypes, gaps), for the tables a
    FlowResult holds (string keys, each once; float quantities). None for any other table."""
    import numpy as np
    import pandas as pd

    texts, numbers = ("node", "commodity", "name", "country"), ("demand", "served", "unmet")
    if not (len(db) and len(do)) or any(c not in db.columns or c not in do.columns for c in (*texts, *numbers)):
        return None
    if not all(isinstance(db[c].dtype, pd.StringDtype) and db[c].dtype == do[c].dtype for c in texts) or \
            not all(db[c].dtype == np.float64 and do[c].dtype == np.float64 for c in numbers):
        return None
    kb = list(zip(db["node"].tolist(), db["commodity"].tolist()))
    ko = list(zip(do["node"].tolist(), do["commodity"].tolist()))
    at_b, at_o = {k: i for i, k in enumerate(kb)}, {k: i for i, k in enumerate(ko)}
    if len(at_b) != len(kb) or len(at_o) != len(ko) or not all(isinstance(a, str) and isinstance(b, str)
                                                                 for a, b in (*at_b, *at_o)):
        return None  # a key twice or missing: the MultiIndex path (and its errors)
    keys = sorted(at_b.keys() | at_o.keys())
    pb = np.array([at_b.get(k, -1) for k in keys], dtype=np.intp)
    po = np.array([at_o.get(k, -1) for k in keys], dtype=np.intp)
    cols: dict[str, Any] = {"node": pd.array([k[0] for k in keys], dtype=db["node"].dtype),
                            "commodity": pd.array([k[1] for k in keys], dtype=db["commodity"].dtype)}
    for c in ("name", "country"):  # the other's value, the base's where the other has none (combine_first)
        mine, theirs = do[c].array.take(po, allow_fill=True), db[c].array.take(pb, allow_fill=True)
        gap = np.asarray(mine.isna())
        if gap.any():
            mine = mine.copy()
            mine[gap] = theirs[gap]
        cols[c] = mine

    def taken(frame: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:  # reindexed, then fillna(0.0)
        v = frame[column].to_numpy()[at]
        v[at < 0] = math.nan
        return np.where(np.isnan(v), 0.0, v)

    for c in numbers:
        cols[f"{c}_base"], cols[f"{c}_other"] = taken(db, c, pb), taken(do, c, po)
    cols["served_change"] = cols["served_other"] - cols["served_base"]
    cols["unmet_change"] = cols["unmet_other"] - cols["unmet_base"]
    return pd.DataFrame(cols)


def _compare(base: FlowResult, other: FlowResult, *, origins: bool = True) -> Comparison:
    import pandas as pd

    commodities = [c.removeprefix("flow_") for c in base.flows.columns if c.startswith("flow_")]
    commodities += [c.removeprefix("flow_") for c in other.flows.columns
                    if c.startswith("flow_") and c.removeprefix("flow_") not in commodities]
    fb = pd.DataFrame(base.flows.drop(columns=_NOT_SHOWN, errors="ignore"))
    fo = pd.DataFrame(other.flows.drop(columns=_NOT_SHOWN, errors="ignore"))
    ids = pd.Index(sorted(set(fb.index) | set(fo.index)), name="id")
    # each frame reindexed once (its columns as reindexing each of them would give), the tables built
    # from the columns in one go rather than column by column (each insert aligns on the index)
    rb, ro = fb.reindex(ids), fo.reindex(ids)
    cols: dict[str, Any] = {col: _first(ro[col], rb[col]) for col in ("name", "corridor", "mode", "from", "to")}
    cols["flow_base"], cols["flow_other"] = rb["flow"].fillna(0.0), ro["flow"].fillna(0.0)
    cols["change"] = cols["flow_other"] - cols["flow_base"]
    for k in commodities:
        b = rb[f"flow_{k}"].fillna(0.0) if f"flow_{k}" in fb else 0.0
        o = ro[f"flow_{k}"].fillna(0.0) if f"flow_{k}" in fo else 0.0
        cols[f"change_{k}"] = o - b
    links = _table(ids, cols)

    markets = market_changes(base, other)
    totals = (markets.groupby(["commodity", "country"], sort=True, dropna=False)[["served_change", "unmet_change"]]
              .sum().reset_index())
    split = split_by_origin(base, other) if origins else None
    return Comparison(base_status=base.status, other_status=other.status,
                      cost_change=float(other.objective - base.objective),
                      transport_cost_change=float(other.cost - base.cost), links=links, markets=markets,
                      totals=totals, base_scenario=base.scenario, other_scenario=other.scenario, origins=split,
                      extra_cost=float(other.cost - base.cost) + lost_cost(base, split) if origins else math.nan)


# -- assembling a FlowResult from a solved problem ----------------------------------------------------

def assemble_result(problem: Problem, x: np.ndarray, pi: np.ndarray) -> FlowResult:
    """Build a :class:`FlowResult` from a :class:`~corridors.model.lp.Problem`, column values ``x`` and
    capacity values ``pi`` (``-dual`` per row). Used by :func:`corridors.model.flow.read_solution`.

    Flows per link and commodity and row activities are sparse products of ``x``; deliveries,
    supplies and totals are ``bincount`` over the columns' positions in ``problem.balances``.
    ``flows`` is a GeoDataFrame, or, from a network without geometry, a DataFrame with ``length_km``
    in place of the lines (:meth:`FlowResult.to_frame` shows neither).
    """
    import numpy as np
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.delivered import balance_table, deliveries_of, link_totals, table_rows
    from corridors.model.lp import DELIVERY, FLOW, GROUP, LINK, NODE, ROW_KINDS, TARGET

    ok = problem.status == "optimal"
    p = problem.program
    net = problem.network
    links, nodes = net.links, net.nodes
    nan = math.nan
    L = len(links)
    link_ids = np.asarray(p.link_ids, dtype=object)
    node_ids = np.asarray(p.node_ids, dtype=object)

    # flows per link ------------------------------------------------------------------------------
    per, total = link_totals(problem, x)
    f = p.flow_cols
    xf = x[f]
    fwd_rev = np.bincount(p.col_link[f] * 2 + (p.col_direction[f] < 0), weights=xf, minlength=2 * L).reshape(L, 2)
    data: dict[str, Any] = {col: links[col].to_numpy() for col in
                            ("name", "corridor", "mode", "asset", "from", "to", "bidirectional", "status")}
    data["commodities"] = [";".join(ks) for ks in links["commodities"]]
    for j, k in enumerate(problem.commodities):
        data[f"flow_{k}"] = per[:, j] + 0.0
    data["flow"] = total
    fwd, rev = fwd_rev[:, 0], fwd_rev[:, 1]
    data["direction"] = np.select([(fwd > _TOL) & (rev > _TOL), fwd > _TOL, rev > _TOL], ["both", "forward", "reverse"], "none")
    derate = (np.nan_to_num(links["derate"].to_numpy(dtype=float), nan=1.0) if "derate" in links.columns
              else np.ones(L))
    capacity = links["capacity_value"].to_numpy(dtype=float) * derate
    data["unit"] = links["capacity_unit"].to_numpy()
    data["capacity"] = capacity
    data["derate"] = derate
    data["cost"] = np.nan_to_num(links["cost"].to_numpy(dtype=float), nan=0.0) if "cost" in links.columns else np.zeros(L)
    with np.errstate(divide="ignore", invalid="ignore"):
        data["utilisation"] = np.where(capacity > 0, total / capacity, nan)
    link_dual = np.full(L, nan)
    is_link_row = p.row_kind == LINK
    link_dual[p.row_ref[is_link_row]] = pi[is_link_row]
    data["dual"] = link_dual
    data["country"] = links["country"].to_numpy()
    if not ok:
        for col in [c for c in data if c.startswith("flow")] + ["utilisation", "dual"]:
            data[col] = np.full(L, nan)
        data["direction"] = np.full(L, "none")
    if "geometry" in links.columns:
        import geopandas as gpd

        data["geometry"] = links.geometry.values.copy()  # a GeometryArray carries its CRS: the fast constructor path
        flows = gpd.GeoDataFrame(data, index=pd.Index(links.index, name="id"), geometry="geometry")
    else:  # a network without geometry (Network.without_geometry): its lengths stand in for the lines
        data["length_km"] = links["length_km"].to_numpy(dtype=float)
        flows = pd.DataFrame(data, index=pd.Index(links.index, name="id"))

    carrying = f[xf > _TOL]
    ks = np.asarray(problem.commodities, dtype=object)
    a_link = link_ids[p.col_link[carrying]].astype(str)
    a_comm = ks[p.col_commodity[carrying]].astype(str)
    a_dir = np.where(p.col_direction[carrying] == 1, "forward", "reverse")
    a_origin = np.asarray(list(p.origins) + [""], dtype=object)[p.col_origin[carrying]].astype(str)
    order = np.lexsort((a_origin, a_dir, a_comm, a_link))
    arcs = pd.DataFrame({"link": a_link[order].astype(object), "commodity": a_comm[order].astype(object),
                         "direction": a_dir[order], "from": node_ids[p.col_tail[carrying]][order],
                         "to": node_ids[p.col_head[carrying]][order], "flow": x[carrying][order].astype(float),
                         "origin": a_origin[order].astype(object)})

    # deliveries and supplies (corridors.model.delivered) -------------------------------------------------
    bal = problem.balances
    B = len(bal)
    table, units = balance_table(problem, x)
    deliveries = deliveries_of(table)
    supplies = table_rows(table, bal["supply"].to_numpy() > 0, ["node", "name", "country", "commodity", "unit", "supply",
                                                              "used", *(["origin"] if "origin" in table.columns else [])])

    # by origin: deliveries per market × commodity × origin, flows per link × commodity × origin ----------
    origins = np.asarray(list(p.origins) + [None], dtype=object)
    dcols = np.flatnonzero((p.col_kind == DELIVERY) | (p.col_kind == TARGET))
    dkey = problem.col_balance[dcols] * (len(p.origins) + 1) + (p.col_origin[dcols] + 1)
    dsum = np.bincount(dkey, weights=x[dcols], minlength=B * (len(p.origins) + 1)) if ok else np.zeros(B * (len(p.origins) + 1))
    hit = np.flatnonzero(dsum > _TOL)
    b_of, o_of = hit // (len(p.origins) + 1), hit % (len(p.origins) + 1) - 1
    by_origin = pd.DataFrame({"node": bal["node"].to_numpy()[b_of], "country": table["country"].to_numpy()[b_of],
                              "commodity": bal["commodity"].to_numpy()[b_of],
                              "unit": units.to_numpy()[b_of],
                              "origin": origins[o_of], "delivered": dsum[hit]})
    by_origin = by_origin.sort_values(["node", "commodity", "origin"], kind="stable").reset_index(drop=True)
    fo_key = (p.col_link[f] * max(len(ks), 1) + p.col_commodity[f]) * (len(p.origins) + 1) + (p.col_origin[f] + 1)
    fo = np.bincount(fo_key, weights=xf, minlength=L * max(len(ks), 1) * (len(p.origins) + 1)) if ok and len(f) else np.zeros(0)
    hit = np.flatnonzero(fo > _TOL)
    per_o = len(p.origins) + 1
    flows_by_origin = pd.DataFrame({"link": link_ids[hit // per_o // max(len(ks), 1)].astype(object),
                                    "commodity": ks[(hit // per_o) % max(len(ks), 1)] if len(ks) else np.zeros(0, dtype=object),
                                    "origin": origins[hit % per_o - 1], "flow": fo[hit]})

    # bottlenecks -------------------------------------------------------------------------------------
    cap_rows = np.flatnonzero(np.isin(p.row_kind, [LINK, NODE, GROUP]))
    columns = ["kind", "id", "name", "unit", "flow", "capacity", "utilisation", "dual"]
    if ok and len(cap_rows):
        act = (p.matrix @ x)[cap_rows]
        up = p.row_upper[cap_rows]
        dual = pi[cap_rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            util = np.where(up > 0, act / up, nan)
        # binding rows that are not cut: a cut link's dual (near the unmet penalty) says nothing a planner
        # can buy, since one more unit of capacity on a closed link recovers nothing
        hot = (up > _TOL) & ((act >= up * (1 - _SATURATED) - _TOL) | (dual > _TOL))
        rows = cap_rows[hot]
        rk, rr = p.row_kind[rows], p.row_ref[rows]
        group_ids = np.asarray(list(p.groups) + [""], dtype=object)
        ref = np.select([rk == LINK, rk == NODE], [link_ids[np.where(rk == LINK, rr, 0)], node_ids[np.where(rk == NODE, rr, 0)]],
                        group_ids[np.where(rk == GROUP, rr, -1)]) if len(rows) else np.zeros(0, dtype=object)
        names = np.select([rk == LINK, rk == NODE], [links["name"].to_numpy(dtype=object)[np.where(rk == LINK, rr, 0)],
                                                     nodes["name"].to_numpy(dtype=object)[np.where(rk == NODE, rr, 0)]],
                          group_ids[np.where(rk == GROUP, rr, -1)]) if len(rows) else np.zeros(0, dtype=object)
        kinds = np.asarray(ROW_KINDS, dtype=object)[p.row_kind[rows]]
        d = dual[hot]
        order = np.lexsort((ref.astype(str), kinds.astype(str), np.where(np.isnan(d), np.inf, -d)))
        bottlenecks = pd.DataFrame({"kind": kinds[order], "id": ref[order], "name": names[order].tolist(),
                                    "unit": p.row_unit[rows][order], "flow": act[hot][order],
                                    "capacity": up[hot][order], "utilisation": util[hot][order], "dual": d[order]})
    else:
        bottlenecks = pd.DataFrame(columns=columns)

    # totals ------------------------------------------------------------------------------------------
    table["supply_used"] = table["used"]  # the table is ours: no copy for the totals
    totals = (table.groupby(["commodity", "country"], sort=True, dropna=False)[["supply", "supply_used", "demand", "served", "unmet"]]
              .sum(min_count=1).reset_index())
    totals.insert(2, "unit", totals["commodity"].map(CANONICAL_UNITS))

    costs = p.col_cost
    objective = float((costs * x).sum()) if ok else nan
    cost = float((costs[f] * xf).sum()) if ok else nan
    throughput = nan
    if problem.mode == "max-throughput":
        throughput = float(x[p.col_kind == TARGET].sum()) if ok else nan
    return FlowResult(status=problem.status, objective=objective, year=problem.year, solver=problem.solver,
                      flows=flows, deliveries=deliveries, bottlenecks=bottlenecks, totals=totals, arcs=arcs,
                      supplies=supplies, deliveries_by_origin=by_origin, flows_by_origin=flows_by_origin,
                      mode=problem.mode, commodity=problem.commodity, target=problem.target,
                      target_nodes=tuple(problem.target_nodes), hold_other_demand=problem.hold_other_demand,
                      throughput=throughput, cost=cost, scenario=problem.scenario, timings=dict(problem.timings))
