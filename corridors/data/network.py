"""The network: nodes, links and balances as (Geo)DataFrames, a year filter and a graph view."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.errors import DataError, suggest

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

__all__ = ["Network", "network_from_frames", "network_to_frames"]

_NODE_COLUMNS = ["name", "kind", "country", "capacity", "capacity_value", "capacity_unit", "capacity_source", "source"]
_LINK_COLUMNS = [
    "name", "asset", "corridor", "mode", "commodities", "from", "to", "bidirectional", "capacity",
    "capacity_value", "capacity_unit", "capacity_source", "cost", "status", "start_year", "end_year",
    "operator", "source", "route_accuracy", "length_km", "country", "countries",
]
_BALANCE_COLUMNS = ["node", "commodity", "year", "supply", "demand", "priority", "source", "origin", "exclude_origins"]
_DERIVED_LINK = {"capacity_value", "capacity_unit", "length_km", "country", "countries", "group_capacity"}
_DERIVED_NODE = {"capacity_value", "capacity_unit"}
_EXISTING_WITHOUT_YEAR = {"operating", "idle"}
_SEA_MODES = {"sea", "ferry"}


class Network:
    """A corridor network: ``nodes``, ``links`` (GeoDataFrames, EPSG:4326) and ``balances``.

    Build one with :func:`corridors.load_network` or :func:`network_from_frames`; methods return
    new networks and never change this one.

    Examples
    --------
    >>> import corridors as cx
    >>> net = cx.load_demo_network()
    >>> len(net.at(2024).links) < len(net.at(2035).links)
    True
    """

    def __init__(self, nodes: gpd.GeoDataFrame, links: gpd.GeoDataFrame, balances: pd.DataFrame, *,
                 year: int | None = None, projects: tuple[str, ...] = (), origin: str | None = None):
        self.nodes = nodes
        self.links = links
        self.balances = balances
        self.year = year
        self.projects = tuple(projects)
        self.origin = origin

    # -- copies -------------------------------------------------------------------------------
    def copy(self) -> Network:
        """A copy whose frames are copies: an edit to either network's frames leaves the other's as
        they are (under pandas' copy-on-write, lazily: what is edited is copied then; see :func:`_copy`)."""
        return Network(_copy(self.nodes), _copy(self.links), _copy(self.balances), year=self.year,
                       projects=self.projects, origin=self.origin)

    @property
    def has_geometry(self) -> bool:
        """False for a network from :meth:`without_geometry` (plain frames: it solves, it draws no map)."""
        return "geometry" in self.nodes.columns and "geometry" in self.links.columns

    def without_geometry(self) -> Network:
        """The same network as plain pandas frames, geometry left out (``length_km`` and the countries stay).

        It solves, sweeps and compares as the full network does, to the same numbers, and pickles
        without GeoPandas, Shapely or pyproj: the CLI's text and JSON commands load it so that
        they never import them (:func:`corridors.data.io.load_network` with ``geometry=False``).

        Examples
        --------
        >>> import corridors as cx
        >>> plain = cx.load_demo_network().without_geometry()
        >>> type(plain.links).__name__, plain.has_geometry, "length_km" in plain.links.columns
        ('DataFrame', False, True)
        """
        import pandas as pd

        def plain(frame: pd.DataFrame) -> pd.DataFrame:
            return pd.DataFrame(frame.drop(columns="geometry", errors="ignore"), copy=True)

        return Network(plain(self.nodes), plain(self.links), self.balances.copy(), year=self.year,
                       projects=self.projects, origin=self.origin)

    def __repr__(self) -> str:
        year = f", year={self.year}" if self.year is not None else ""
        return f"<Network {len(self.nodes)} nodes, {len(self.links)} links{year}>"

    # -- filters ------------------------------------------------------------------------------
    @property
    def project_ids(self) -> list[str]:
        """Ids of links that are planned, proposed or under construction (switchable projects)."""
        mask = self.links["status"].isin(["planned", "proposed", "construction"])
        return sorted(self.links.index[mask])

    def exists_mask(self, year: int, projects: Iterable[str] = ()) -> pd.Series:
        """Boolean Series over links: does each link exist in ``year`` (projects switched on)?"""
        import pandas as pd

        return pd.Series(self._exists(year, tuple(projects)), index=self.links.index)

    def _exists(self, year: int, projects: tuple[str, ...]):
        """:meth:`exists_mask` as a numpy array, from the columns' values (a tenth of the time of
        the Series arithmetic): started by ``year`` (no start year: operating or idle), not ended
        before it, not retired without an end year — or one of ``projects`` (link id or asset)."""
        import numpy as np

        links = self.links
        if projects:
            unknown = set(projects) - set(links.index) - set(links["asset"])
            if unknown:
                name = sorted(unknown)[0]
                raise DataError(f"unknown project {name!r}{suggest(name, self.project_ids + sorted(set(links['asset'])))}")
        start = links["start_year"].to_numpy(dtype=float, na_value=np.nan)
        end = links["end_year"].to_numpy(dtype=float, na_value=np.nan)
        status = links["status"].to_numpy(dtype=object).tolist()  # missing: NaN or None, never equal to a string
        existing = np.array([isinstance(s, str) and s in _EXISTING_WITHOUT_YEAR for s in status], dtype=bool)
        retired = np.array([isinstance(s, str) and s == "retired" for s in status], dtype=bool)
        no_start, no_end = np.isnan(start), np.isnan(end)
        with np.errstate(invalid="ignore"):
            started = (~no_start & (start <= year)) | (no_start & existing)
            not_ended = no_end | (end >= year)
        alive = ~retired | ~no_end
        out = started & not_ended & alive
        if projects:
            wanted = list(projects)
            out |= links.index.isin(wanted) | links["asset"].isin(wanted).to_numpy(dtype=bool)
        return out

    @property
    def year_range(self) -> tuple[int, int] | None:
        """The years this network describes, ``(first, last)``, or None when it dates nothing.

        ``settings.YEARS`` when set; else the first balance year (the first dated link when there
        are no balances) to ``settings.YEAR_HORIZON`` years past the last dated project.

        Examples
        --------
        >>> import corridors as cx
        >>> cx.load_demo_network().year_range
        (2024, 2040)
        """
        from corridors import settings

        if settings.YEARS is not None:
            return int(settings.YEARS[0]), int(settings.YEARS[1])
        dated = [y for col in ("start_year", "end_year") for y in _min_max(self.links[col])]
        balance_years: list[int] = []
        if len(self.balances):
            years = self.balances["year"]
            if years.hasnans:  # not a year: int() says so, as it always did
                [int(y) for y in years]
            balance_years = _min_max(years)
        if not dated and not balance_years:
            return None
        first = min(balance_years) if balance_years else min(dated)
        last = max(dated + balance_years) + settings.YEAR_HORIZON
        return first, last

    def check_year(self, year: Any) -> int:
        """Return ``year`` if this network describes it; raise :class:`DataError` naming the range."""
        if isinstance(year, bool) or not isinstance(year, int):
            try:
                import numpy as np

                if isinstance(year, np.integer):
                    year = int(year)
            except ImportError:  # pragma: no cover
                pass
        if isinstance(year, bool) or not isinstance(year, int):
            raise DataError(f"year {year!r} is not a year; give a whole year such as 2024")
        span = self.year_range
        if span is not None and not span[0] <= year <= span[1]:
            raise DataError(f"year {year} is outside the years this network describes ({span[0]}–{span[1]}); "
                            f"give a year in that range (or set corridors.settings.YEARS)")
        return year

    def at(self, year: int, *, projects: Iterable[str] = ()) -> Network:
        """The network as it stands in ``year``, with the named projects (link ids or assets) built.

        Balances keep, for each node and commodity, the latest year not after ``year`` (the
        earliest year when all are later). A year outside :attr:`year_range` is an error.
        """
        import numpy as np
        import pandas as pd

        year = self.check_year(year)
        projects = tuple(projects)
        mask = self._exists(year, projects)
        # take() makes new frames (the rows picked, each column once); what it does not make is copied
        links = _copy(self.links) if mask.all() else self.links.take(np.flatnonzero(mask))
        bal = self.balances
        if len(bal):
            bal = bal.take(_latest_rows(bal, year))
            bal.index = pd.RangeIndex(len(bal))  # reset_index(drop=True), on the frame take() made
        else:
            bal = _copy(bal)
        return Network(_copy(self.nodes), links, bal, year=year, projects=projects, origin=self.origin)

    # -- views --------------------------------------------------------------------------------
    def graph(self) -> nx.MultiDiGraph:
        """A networkx ``MultiDiGraph``: node attributes from ``nodes``, one edge per link direction.

        Edge keys are link ids; a bidirectional link adds its reverse edge with the same key.
        """
        import networkx as nx

        g = nx.MultiDiGraph()
        for nid, row in self.nodes.drop(columns="geometry", errors="ignore").iterrows():
            g.add_node(nid, **row.to_dict())
        for lid, row in self.links.drop(columns="geometry", errors="ignore").iterrows():
            attrs = row.to_dict()
            g.add_edge(row["from"], row["to"], key=lid, **attrs)
            if row["bidirectional"]:
                g.add_edge(row["to"], row["from"], key=lid, **attrs)
        return g

    def summary(self) -> pd.DataFrame:
        """Link counts and total km by corridor, mode and status."""
        return (self.links.groupby(["corridor", "mode", "status"], dropna=False)
                .agg(links=("name", "size"), km=("length_km", "sum")).round({"km": 0}).reset_index())

    # -- notebooks and files ------------------------------------------------------------------
    def _repr_html_(self) -> str:
        """A notebook summary: counts by corridor, mode and status, nodes by kind (all escaped)."""
        import html

        from corridors.data.formats import html_table

        def counts(column: str, frame: pd.DataFrame) -> str:
            values = frame[column].astype(str).value_counts().sort_index(key=lambda s: s.str.lower())
            return " · ".join(f"{html.escape(k)} {v}" for k, v in values.items())

        bits = [f"{len(self.nodes)} nodes", f"{len(self.links)} links"]
        if self.year is not None:
            bits.append(f"year {self.year}")
        if self.projects:
            bits.append("projects " + html.escape(", ".join(self.projects)))
        if self.origin:
            bits.append(f"from {html.escape(str(self.origin))}")
        rows = [("Modes", counts("mode", self.links)), ("Status", counts("status", self.links)),
                ("Node kinds", counts("kind", self.nodes))]
        if len(self.balances):
            years = sorted({int(y) for y in self.balances["year"]})
            rows.append(("Balances", f"{len(self.balances)} rows · "
                         f"{html.escape(', '.join(sorted(set(self.balances['commodity'].astype(str)))))} · "
                         f"years {', '.join(map(str, years))}"))
        facts = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>"
                        for k, v in rows)
        table = html_table(self.summary(), max_rows=40, caption="Links by corridor, mode and status")
        return (f"<div class='corridors-network'><p><strong>Network</strong> {' · '.join(bits)}</p>"
                f"<table>{facts}</table>{table}</div>")

    def to_file(self, path: str | os.PathLike, *, driver: str | None = None) -> Path:
        """Write the network so that :func:`corridors.load_network` reads it back.

        Parameters
        ----------
        path
            A ``.gpkg`` file (GeoPackage layers ``nodes`` and ``links``, for QGIS, with
            ``balances.csv`` beside it), or a directory (``nodes.geojson``, ``links.geojson``,
            ``balances.csv``).
        driver
            ``"GPKG"`` or ``"GeoJSON"``; default from the suffix of ``path``.

        Returns
        -------
        Path
            ``path``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import corridors as cx
        >>> net = cx.load_demo_network()
        >>> out = net.to_file(pathlib.Path(tempfile.mkdtemp()) / "demo.gpkg")
        >>> sorted(cx.load_network(out).links.index) == sorted(net.links.index)
        True
        """
        from corridors.data.files import write_frames

        path = Path(path)
        if driver is None:
            driver = "GPKG" if path.suffix.lower() == ".gpkg" else "GeoJSON"
        if driver.upper() not in ("GPKG", "GEOJSON"):
            raise DataError(f"driver {driver!r} is not supported; use 'GPKG' (a .gpkg file) or 'GeoJSON' (a folder)")
        if driver.upper() == "GEOJSON" and path.suffix.lower() in (".gpkg", ".geojson", ".json"):
            raise DataError(f"{path}: GeoJSON networks are written to a folder (nodes, links, balances); "
                            "give a folder path, or a .gpkg file")
        return write_frames(*network_to_frames(self), path, driver="GPKG" if driver.upper() == "GPKG" else "GeoJSON")


def _latest_rows(bal: pd.DataFrame, year: int) -> list[int]:
    """Positions of the balance rows :meth:`Network.at` keeps: per (node, commodity), in order of
    first appearance, the rows of the latest year not after ``year`` (else of the earliest year)."""
    import pandas as pd

    order: dict[tuple, int] = {}
    best: dict[tuple, Any] = {}
    first: dict[tuple, Any] = {}
    keys = []
    nodes, commodities, years = (bal[c].to_numpy(dtype=object).tolist() for c in ("node", "commodity", "year"))
    for n, k, y in zip(nodes, commodities, years):
        key = None if pd.isna(n) or pd.isna(k) else (n, k)  # groupby leaves out missing keys
        keys.append(key)
        if key is None:
            continue
        order.setdefault(key, len(order))
        first[key] = y if key not in first or y < first[key] else first[key]
        if y <= year and (key not in best or y > best[key]):
            best[key] = y
    picked = [(order[key], i) for i, (key, y) in enumerate(zip(keys, years))
              if key is not None and y == best.get(key, first[key])]
    return [i for _, i in sorted(picked)]


def _copy(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that shares nothing an edit can reach: with pandas' copy-on-write (always
    on from pandas 3) a shallow copy — its columns are copied when either frame is edited, so none
    is copied for a reader — else a deep copy."""
    return frame.copy(deep=not _copy_on_write())


def _copy_on_write() -> bool:
    """Whether pandas copies on write (pandas 3, or pandas 2 with ``mode.copy_on_write`` set)."""
    import pandas as pd

    if int(pd.__version__.split(".", 1)[0]) >= 3:
        return True
    try:
        return pd.get_option("mode.copy_on_write") is True
    except (KeyError, ValueError):  # pragma: no cover - a pandas without the option
        return False


def _min_max(values: pd.Series) -> list[int]:
    """``[min, max]`` of ``[int(y) for y in values.dropna()]``, ``[]`` when none is left: numeric
    columns through numpy (int() keeps the order of years, and years are exact as floats), others
    value by value."""
    import numpy as np

    if getattr(values.dtype, "kind", "O") not in "iuf":  # text or objects: each value as int() reads it
        years = [int(y) for y in values.dropna()]
        return [min(years), max(years)] if years else []
    v = values.to_numpy(dtype=float, na_value=np.nan)
    v = v[~np.isnan(v)]
    return [int(v.min()), int(v.max())] if len(v) else []


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    if frame is None or len(frame) == 0:
        return []
    cols = [c for c in frame.columns if c != "geometry"]
    out = []
    for rec in frame[cols].to_dict("records"):
        clean = {}
        for k, v in rec.items():
            if v is None:
                continue
            if isinstance(v, float) and math.isnan(v):
                continue
            if isinstance(v, float) and math.isinf(v):
                raise DataError(f"{_where(frame, 'table')}{rec.get('id', rec.get('node', '?'))!r}: field {str(k)!r}: "
                                f"{v} is not a finite number; give a number or leave it empty")
            try:
                import pandas as pd

                if v is pd.NA or v is pd.NaT:
                    continue
            except ImportError:  # pragma: no cover
                pass
            clean[str(k)] = v
        out.append(clean)
    return out


def _where(frame: pd.DataFrame | None, table: str) -> str:
    src = frame.attrs.get("source_file") if frame is not None else None
    return f"{src}: " if src else (f"{table}: ")


def _validate(records: list[dict], model, frame, table: str, what: str) -> list:
    from pydantic import ValidationError

    out = []
    seen: set[str] = set()
    for i, rec in enumerate(records):
        fid = rec.get("id", f"row {i + 1}") if table != "balances" else f"{rec.get('node', '?')}/{rec.get('commodity', '?')}/{rec.get('year', '?')}"
        try:
            item = model.model_validate(rec)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "?"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = f"missing; every {what} needs a {field!r}"
            raise DataError(f"{_where(frame, table)}{what} {fid!r}: field {field!r}: {msg}") from None
        if table != "balances":
            if item.id in seen:
                raise DataError(f"{_where(frame, table)}{what} {item.id!r}: field 'id': duplicate id; ids must be unique")
            seen.add(item.id)
        out.append(item)
    return out


def network_from_frames(nodes: pd.DataFrame, links: pd.DataFrame, balances: pd.DataFrame | None = None, *,
                        origin: str | None = None, files: dict[str, str] | None = None) -> Network:
    """Build a validated :class:`Network` from node, link and balance frames.

    ``nodes`` and ``links`` are GeoDataFrames (EPSG:4326) with the columns of
    :data:`corridors.data.schema.COLUMNS`; derived columns (lengths, countries, canonical capacities)
    are computed here. Raises :class:`~corridors.errors.DataError` naming file, id and field.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, LineString
    >>> nodes = gpd.GeoDataFrame({"id": ["baku", "tbilisi"], "name": ["Baku", "Tbilisi"],
    ...     "kind": ["city", "city"], "source": ["example", "example"]},
    ...     geometry=[Point(49.87, 40.41), Point(44.79, 41.72)], crs="EPSG:4326")
    >>> links = gpd.GeoDataFrame({"id": ["rail"], "name": ["Rail"], "corridor": ["Middle Corridor"],
    ...     "mode": ["rail"], "commodities": ["freight"], "from": ["baku"], "to": ["tbilisi"],
    ...     "capacity": ["5 Mt/y"], "status": ["operating"], "source": ["example"],
    ...     "route_accuracy": ["straight"]},
    ...     geometry=[LineString([(49.87, 40.41), (44.79, 41.72)])], crs="EPSG:4326")
    >>> net = network_from_frames(nodes, links)
    >>> net.nodes.loc["tbilisi", "country"], round(net.links.loc["rail", "length_km"])
    ('GE', 451)
    """
    import geopandas as gpd
    import pandas as pd

    from corridors.data import geometry as geo
    from corridors import settings
    from corridors.data.schema import BalanceRecord, LinkRecord, NodeRecord
    from corridors.data.units import CANONICAL_UNITS, parse_capacity, quick_quantity, to_canonical

    files = files or {}
    for frame, table in ((nodes, "nodes"), (links, "links"), (balances, "balances")):
        if frame is not None and table in files and "source_file" not in frame.attrs:
            frame.attrs["source_file"] = files[table]
    nodes = _as_geoframe(nodes, "nodes")
    links = _as_geoframe(links, "links")
    for frame, table in ((nodes, "nodes"), (links, "links")):
        if len(frame) == 0:
            raise DataError(f"{_where(frame, table)}no {table}; a network needs at least one")
    if nodes.index.name == "id" and "id" not in nodes.columns:
        nodes = nodes.reset_index()
    if links.index.name == "id" and "id" not in links.columns:
        links = links.reset_index()
    nodes = nodes.to_crs("EPSG:4326") if nodes.crs is not None and nodes.crs.to_epsg() != 4326 else nodes
    links = links.to_crs("EPSG:4326") if links.crs is not None and links.crs.to_epsg() != 4326 else links

    node_recs = _validate(_records(nodes.drop(columns=[c for c in _DERIVED_NODE if c in nodes.columns])), NodeRecord, nodes, "nodes", "node")
    for rec, g in zip(node_recs, nodes.geometry):
        if g is None or g.is_empty or g.geom_type != "Point":
            raise DataError(f"{_where(nodes, 'nodes')}node {rec.id!r}: field 'geometry': nodes must be Points")
    link_recs = _validate(_records(links.drop(columns=[c for c in _DERIVED_LINK if c in links.columns])), LinkRecord, links, "links", "link")
    for rec, g in zip(link_recs, links.geometry):
        if g is None or g.is_empty or g.geom_type != "LineString":
            raise DataError(f"{_where(links, 'links')}link {rec.id!r}: field 'geometry': links must be LineStrings")
    node_ids = [r.id for r in node_recs]
    node_set = set(node_ids)

    # nodes ------------------------------------------------------------------------------------
    ndf = pd.DataFrame([r.model_dump() for r in node_recs])
    cap_vals, cap_units = [], []
    for r in node_recs:
        if r.capacity is None:
            cap_vals.append(math.nan)
            cap_units.append(None)
            continue
        try:
            q = quick_quantity(r.capacity)
            unit, value = _node_capacity(q, r.capacity)
        except DataError as exc:
            raise DataError(f"{_where(nodes, 'nodes')}node {r.id!r}: field 'capacity': {exc}") from None
        cap_vals.append(value)
        cap_units.append(unit)
    ndf["capacity_value"] = cap_vals
    ndf["capacity_unit"] = cap_units
    node_gdf = gpd.GeoDataFrame(ndf, geometry=list(nodes.geometry), crs="EPSG:4326")
    missing = node_gdf["country"].isna()
    if missing.any():
        # a junction outside every polygon is a sea junction: it stays in no country; other
        # kinds (ports, terminals on a coarse coastline) take the nearest country
        snap = (node_gdf["kind"] != "junction").to_numpy()
        node_gdf.loc[missing, "country"] = geo.node_countries(node_gdf.geometry[missing], snap=snap[missing.to_numpy()])
    node_gdf = node_gdf.set_index("id")
    node_gdf = node_gdf[[*_NODE_COLUMNS, *[c for c in node_gdf.columns if c not in _NODE_COLUMNS and c != "geometry"], "geometry"]]

    # links ------------------------------------------------------------------------------------
    rows = []
    for r in link_recs:
        where = f"{_where(links, 'links')}link {r.id!r}"
        for end, nid in (("from", r.from_), ("to", r.to)):
            if nid not in node_set:
                raise DataError(f"{where}: field {end!r}: no node {nid!r}{suggest(nid, node_ids)}; add the node or fix the id")
        if r.from_ == r.to:
            raise DataError(f"{where}: fields 'from'/'to': both are {r.to!r}; a link joins two different nodes")
        if r.start_year is not None and r.end_year is not None and r.start_year > r.end_year:
            raise DataError(f"{where}: field 'end_year': {r.end_year} is before start_year {r.start_year}; "
                            "swap them or fix the year")
        units = {CANONICAL_UNITS[c] for c in r.commodities}
        if len(units) > 1:
            raise DataError(f"{where}: field 'commodities': {', '.join(r.commodities)} have different units and cannot share one capacity; split the link")
        try:
            value = _link_capacity(r.capacity, r.commodities)
        except DataError as exc:
            raise DataError(f"{where}: field 'capacity': {exc}") from None
        d = r.model_dump(by_alias=True)
        d["asset"] = r.asset or r.id
        d["capacity_value"] = value
        d["capacity_unit"] = units.pop()
        rows.append(d)
    _check_endpoints(link_recs, list(links.geometry), node_gdf, _where(links, "links"))
    ldf = pd.DataFrame(rows)
    link_gdf = gpd.GeoDataFrame(ldf, geometry=list(links.geometry), crs="EPSG:4326")
    link_gdf["length_km"] = [geo.geodesic_length_km(g) for g in link_gdf.geometry]
    # sea and ferry legs lie in no country (a closure reaches them through their ports); where
    # one clips an island or a cape of the 1:50m polygons that is no land crossing
    at_sea = link_gdf["mode"].isin(list(_SEA_MODES)).to_numpy()
    crossed = [()] * len(link_gdf)
    land = [i for i, sea in enumerate(at_sea) if not sea]
    for i, c in zip(land, geo.link_countries(link_gdf.geometry.iloc[land])):
        crossed[i] = c
    link_gdf["countries"] = crossed
    link_gdf["country"] = [("+".join(c) if c else "sea") for c in crossed]
    cost = link_gdf["cost"].astype(float)
    default = link_gdf["mode"].map(settings.COST_PER_KM).astype(float) * link_gdf["length_km"]
    link_gdf["cost"] = cost.fillna(default)
    for col in ("start_year", "end_year"):
        link_gdf[col] = link_gdf[col].astype("Int64")
    link_gdf["bidirectional"] = link_gdf["bidirectional"].astype(bool)
    link_gdf = link_gdf.set_index("id")
    link_gdf = link_gdf[[*_LINK_COLUMNS, *[c for c in link_gdf.columns if c not in _LINK_COLUMNS and c != "geometry"], "geometry"]]

    # balances ---------------------------------------------------------------------------------
    brows = []
    if balances is not None and len(balances):
        bal_recs = _validate(_records(balances), BalanceRecord, balances, "balances", "balance")
        for r in bal_recs:
            where = f"{_where(balances, 'balances')}balance {r.node}/{r.commodity}/{r.year}"
            if r.node not in node_set:
                raise DataError(f"{where}: field 'node': no node {r.node!r}{suggest(r.node, node_ids)}")
            vals = {}
            for field in ("supply", "demand"):
                text = getattr(r, field)
                if text is None:
                    vals[field] = 0.0
                    continue
                try:
                    v = to_canonical(quick_quantity(text), r.commodity, what=f"{field} {text!r}")
                except DataError as exc:
                    raise DataError(f"{where}: field {field!r}: {exc}") from None
                if not (v >= 0 and math.isfinite(v)):
                    raise DataError(f"{where}: field {field!r}: {text!r} must be zero or positive")
                vals[field] = v
            stream = r.origin or (node_gdf.at[r.node, "country"] if vals["supply"] > 0 else None)
            excl = ";".join(sorted({o.strip() for o in (r.exclude_origins or "").split(";") if o.strip()})) or None
            brows.append({"node": r.node, "commodity": r.commodity, "year": r.year, **vals,
                          "priority": r.priority, "source": r.source,
                          "origin": stream if isinstance(stream, str) else None, "exclude_origins": excl})
    bal = pd.DataFrame(brows, columns=_BALANCE_COLUMNS)
    if len(bal):
        dup = bal.duplicated(["node", "commodity", "year"])
        if dup.any():
            r = bal[dup].iloc[0]
            raise DataError(f"{_where(balances, 'balances')}balance {r['node']}/{r['commodity']}/{r['year']}: duplicate row; keep one per node, commodity and year")
    bal["year"] = bal["year"].astype(int)
    return Network(node_gdf, link_gdf, bal, origin=origin)


def _as_geoframe(frame: Any, table: str) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) from a GeoDataFrame, or a plain DataFrame whose geometry is
    ``lon``/``lat`` (nodes), WKT text, shapely objects or coordinate lists (as the CSV reader takes)."""
    import geopandas as gpd
    import pandas as pd

    if isinstance(frame, gpd.GeoDataFrame) and frame._geometry_column_name in frame.columns:
        return frame
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{table}: a {type(frame).__name__}; give a DataFrame or GeoDataFrame")
    if frame.index.name == "id" and "id" not in frame.columns:
        frame = frame.reset_index()
    want = "Point" if table == "nodes" else "LineString"
    what = table[:-1]
    geoms = []
    for i, row in enumerate(frame.to_dict("records")):
        fid = str(row.get("id", f"row {i + 1}"))
        geoms.append(_geometry_of(row, want, f"{_where(frame, table)}{what} {fid!r}: field 'geometry'"))
    plain = frame.drop(columns=[c for c in ("geometry", "lon", "lat") if c in frame.columns])
    out = gpd.GeoDataFrame(plain, geometry=geoms, crs="EPSG:4326")
    out.attrs.update(frame.attrs)
    return out


def _geometry_of(row: dict, want: str, where: str):
    from shapely import wkt
    from shapely.geometry import LineString, Point
    from shapely.geometry.base import BaseGeometry

    g = row.get("geometry")
    if isinstance(g, BaseGeometry):
        return g
    if isinstance(g, str) and g.strip():
        try:
            return wkt.loads(g)
        except Exception:  # shapely raises GEOSException / WKTReadingError
            raise DataError(f"{where}: {g[:40]!r} is not WKT; write e.g. 'POINT (49.9 40.4)'") from None
    if isinstance(g, (list, tuple)) and g:
        try:
            return Point(*g) if want == "Point" else LineString([tuple(p) for p in g])
        except (TypeError, ValueError):
            raise DataError(f"{where}: {str(g)[:40]} is not a coordinate list; give [(lon, lat), …]") from None
    if want == "Point" and row.get("lon") is not None and row.get("lat") is not None:
        try:
            return Point(float(row["lon"]), float(row["lat"]))
        except (TypeError, ValueError):
            raise DataError(f"{where}: lon/lat {row['lon']!r}, {row['lat']!r} are not numbers") from None
    hint = "'lon' and 'lat' columns or a WKT 'geometry'" if want == "Point" else "a WKT or coordinate-list 'geometry'"
    raise DataError(f"{where}: missing; give {hint}")


def _link_capacity(text: str, commodities: tuple[str, ...]) -> float:
    """A shared capacity in the canonical unit: the text must fit at least one commodity carried."""
    from corridors.data.units import UNIT_HINTS, parse_capacity

    if len(commodities) == 1:
        return parse_capacity(text, commodities[0])
    hints = []
    for commodity in commodities:
        try:
            return parse_capacity(text, commodity)
        except DataError as exc:
            if "does not fit" not in str(exc):  # unknown unit, not positive: the same for every commodity
                raise
            hints.append(UNIT_HINTS[commodity])
    raise DataError(f"capacity {text!r} does not fit {' or '.join(commodities)}; give it in {' or '.join(dict.fromkeys(hints))}")


def _check_endpoints(recs: list, geoms: list, nodes: gpd.GeoDataFrame, where: str) -> None:
    """Each link's geometry starts at its ``from`` node and ends at its ``to`` node (within the tolerance)."""
    from corridors import settings
    from corridors.data.geometry import geodesic_length_km
    from shapely.geometry import LineString

    tol = settings.ENDPOINT_TOLERANCE_KM
    points = nodes.geometry
    for r, g in zip(recs, geoms):
        coords = list(g.coords)
        for end, nid, xy in (("from", r.from_, coords[0]), ("to", r.to, coords[-1])):
            p = points[nid]
            km = geodesic_length_km(LineString([(p.x, p.y), xy[:2]])) if (p.x, p.y) != tuple(xy[:2]) else 0.0
            if km > tol:
                raise DataError(
                    f"{where}link {r.id!r}: field {end!r}: node {nid!r} is {km:,.0f} km from where the geometry "
                    f"{'starts' if end == 'from' else 'ends'} (tolerance {tol:g} km); fix the node id or the "
                    "geometry (corridors.settings.ENDPOINT_TOLERANCE_KM)")


def _node_capacity(q, text: str) -> tuple[str, float]:
    from corridors.data.units import COMMODITIES, CANONICAL_UNITS, to_canonical

    for commodity in COMMODITIES:
        try:
            value = to_canonical(q, commodity)
        except DataError:
            continue
        if not (value > 0 and math.isfinite(value)):
            raise DataError(f"capacity {text!r} must be a positive finite number")
        return CANONICAL_UNITS[commodity], value
    raise DataError(f"capacity {text!r} is not a throughput; give it as Mt/y, kb/d, bcm/y or TWh/y")


def network_to_frames(net: Network) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """The inverse of :func:`network_from_frames`: input-shaped frames (derived columns dropped).

    Balances come back with their canonical units written out (``"12.9 bcm/y"``).
    """
    from corridors.data.units import CANONICAL_UNITS

    nodes = net.nodes.drop(columns=[c for c in _DERIVED_NODE if c in net.nodes.columns]).copy()
    links = net.links.drop(columns=[c for c in _DERIVED_LINK if c in net.links.columns]).copy()
    bal = net.balances.copy()
    for field in ("supply", "demand"):
        bal[field] = [f"{v:.12g} {CANONICAL_UNITS[c]}" if v else None for v, c in zip(bal[field], bal["commodity"])]
    return nodes, links, bal
