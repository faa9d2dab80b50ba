"""Read and write networks: GeoJSON, GeoPackage and CSV; the bundled dataset.

A network on disk is a directory (or three files) holding ``nodes``, ``links`` and ``balances``:
``nodes.geojson`` + ``links.geojson`` + ``balances.csv`` (the bundled layout), or a GeoPackage with
layers ``nodes`` and ``links`` (+ ``balances.csv`` beside it), or CSV files whose geometry is a
``geometry`` column in WKT (nodes may give ``lon``/``lat`` instead).

Every reader turns malformed input into one :class:`~corridors.errors.DataError` line naming the
file, the feature id and the field. Nothing is half-loaded: a network is built only when all its
files have been read and checked.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.data import loadcache
from corridors.data.files import atomic_path, bundled_path, write_frames
from corridors.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = [
    "load_network",
    "load_demo_network",
    "read_network",
    "write_network",
    "read_table",
]

_TABLES = ("nodes", "links", "balances")


def load_network(path: str | os.PathLike | None = None, *, geometry: bool = True) -> Network:
    """Load the bundled corridor network, or a network from ``path``.

    Parameters
    ----------
    path
        A directory with ``nodes.geojson``, ``links.geojson`` and ``balances.csv`` (or ``.gpkg`` /
        ``.csv`` variants). ``None`` loads the bundled network.
    geometry
        False: the network without geometry (:meth:`~corridors.data.network.Network.without_geometry`),
        for solving and printing; from the cache it loads without importing GeoPandas.

    Examples
    --------
    >>> import corridors as cx
    >>> net = cx.load_demo_network()
    >>> sorted(net.links.index)[:2]
    ['ferry-east-west', 'pipe-a']
    """
    if path is None:
        path = bundled_path()
    return read_network(path, geometry=geometry)


def load_demo_network() -> Network:
    """The small demo network shipped for tests and examples (``geodata/demo``)."""
    return read_network(bundled_path("demo"))


def _find(directory: Path, table: str) -> Path | None:
    for ext in (".geojson", ".json", ".gpkg", ".csv"):
        candidate = directory / f"{table}{ext}"
        if candidate.exists():
            return candidate
    return None


def read_network(path: str | os.PathLike, *, geometry: bool = True) -> Network:
    """Read a network from a directory holding nodes, links and (optionally) balances files.

    ``geometry=False``: the same network without geometry (see :func:`load_network`).
    """
    net = _read_network(path, geometry)
    return net if geometry or not net.has_geometry else net.without_geometry()


def _read_network(path: str | os.PathLike, geometry: bool) -> Network:
    """The network at ``path``: without geometry when ``geometry`` is False and the cache has it,
    else in full (from the cache or read; a fresh read stores both kinds)."""
    from corridors.data.network import network_from_frames

    directory = Path(path)
    if not directory.exists():
        raise DataError(f"{directory}: no such file or directory; give a folder with nodes and links files")
    if directory.is_file():
        if directory.suffix.lower() == ".gpkg":
            nodes = read_table(directory, "nodes", layer="nodes")
            links = read_table(directory, "links", layer="links")
            balances_file = _find(directory.parent, "balances")
            balances = read_table(balances_file, "balances") if balances_file else None
            return network_from_frames(nodes, links, balances, origin=str(directory))
        raise DataError(f"{directory}: a network is a folder (nodes, links, balances) or a .gpkg file")
    found = {t: _find(directory, t) for t in _TABLES}
    for table in ("nodes", "links"):
        if found[table] is None:
            raise DataError(
                f"{directory}: no {table} file; add {table}.geojson (or {table}.gpkg / {table}.csv)"
            )
    groups = directory / "capacity_groups.csv"
    sources = [p for p in found.values() if p is not None] + ([groups] if groups.exists() else [])
    key = loadcache.network_key(sources)
    net = (None if geometry else loadcache.load(key, geometry=False)) or loadcache.load(key)
    if net is not None:  # the same bytes, readers and settings as a network read before
        net.origin = str(directory)
        if not geometry and net.has_geometry:  # stored before the plain kind was: add it
            loadcache.store(key, net.without_geometry())
        return net
    frames = {t: (read_table(p, t) if p is not None else None) for t, p in found.items()}
    net = network_from_frames(
        frames["nodes"], frames["links"], frames["balances"], origin=str(directory),
        files={t: str(p) for t, p in found.items() if p is not None},
    )
    if groups.exists():
        _attach_groups(net, groups)
    loadcache.store(key, net)
    loadcache.store(key, net.without_geometry())
    return net


def _attach_groups(net: Network, path: Path) -> None:
    """Give each link of a capacity group (``capacity_groups.csv``) the group's ``group_capacity``."""
    import pandas as pd

    from corridors.data.units import parse_capacity

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("group", "commodity", "capacity"):
        if col not in table.columns:
            raise DataError(f"{path}: no column {col!r}; a capacity group needs group, commodity and capacity")
    caps = {}
    for g, k, c in zip(table["group"], table["commodity"], table["capacity"]):
        try:
            caps[g.strip()] = parse_capacity(c, k.strip())
        except DataError as exc:
            raise DataError(f"{path}: group {g!r}: field 'capacity': {exc}") from None
    if "capacity_group" in net.links.columns:
        named = net.links["capacity_group"]
        unknown = sorted({g for g in named.dropna() if g and g not in caps})
        if unknown:
            raise DataError(f"{path}: links name capacity group {unknown[0]!r}, which it does not list; add the group")
        net.links["group_capacity"] = [caps.get(g, math.nan) if isinstance(g, str) else math.nan for g in named]


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; it needs a header (CSV) or a FeatureCollection (GeoJSON)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: not UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); re-save the file as UTF-8"
        ) from None


def read_table(path: str | os.PathLike, table: str, *, layer: str | None = None) -> pd.DataFrame:
    """Read one table (``nodes``, ``links`` or ``balances``) into a (Geo)DataFrame.

    Geometry is checked (type, coordinate ranges) but the rows are not validated against the schema
    here: :func:`corridors.data.network.network_from_frames` does that, naming the file it came from.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame = _read_geojson(path, table)
    elif suffix == ".gpkg":
        frame = _read_gpkg(path, table, layer or table)
    elif suffix == ".csv":
        frame = _read_csv(path, table)
    else:
        raise DataError(f"{path}: unknown file type {suffix!r}; use .geojson, .gpkg or .csv")
    frame.attrs["source_file"] = str(path)
    return frame


_GEOM_TYPE = {"nodes": "Point", "links": "LineString"}


def _check_coords(path: Path, fid: str, coords: Any) -> None:
    flat: list = []

    def walk(c: Any) -> None:
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)) and not isinstance(c[0], bool):
            flat.append(c)
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        else:
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': coordinates are malformed")

    walk(coords)
    if not flat:
        raise DataError(f"{path}: feature {fid!r}: field 'geometry': no coordinates")
    for pos in flat:
        if len(pos) < 2 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in pos[:2]):
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': coordinate {pos!r} is not a number pair")
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise DataError(
                f"{path}: feature {fid!r}: field 'geometry': coordinate ({lon}, {lat}) is out of range; "
                "give longitude in [-180, 180] and latitude in [-90, 90] (lon first)"
            )


def _parse_json(path: Path, text: str) -> Any:
    """JSON without NaN/Infinity (they would pass as missing values) and without runaway nesting."""

    def no_constant(name: str) -> Any:
        raise DataError(f"{path}: {name} is not a number JSON allows; give a finite number or leave the field out")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise DataError(f"{path}: JSON nested too deeply to be GeoJSON; give a FeatureCollection of features") from None


def _read_geojson(path: Path, table: str) -> pd.DataFrame:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import shape

    text = _read_text(path)
    doc = _parse_json(path, text)
    if table == "balances":
        raise DataError(f"{path}: balances are a table; give them as balances.csv")
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError(f"{path}: not a GeoJSON FeatureCollection; wrap the features in {{\"type\": \"FeatureCollection\", \"features\": [...]}}")
    rows, geoms = [], []
    want = _GEOM_TYPE[table]
    for i, feat in enumerate(doc["features"]):
        if not isinstance(feat, dict):
            raise DataError(f"{path}: feature #{i}: not a GeoJSON Feature object")
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise DataError(f"{path}: feature #{i}: 'properties' is not an object")
        fid = str(props.get("id", f"#{i}"))
        geom = feat.get("geometry")
        if not geom:
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': missing; every {table[:-1]} needs a {want}")
        if not isinstance(geom, dict) or geom.get("type") != want:
            got = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': a {got}, but {table} must be {want}s")
        _check_coords(path, fid, geom.get("coordinates"))
        try:
            g = shape(geom)
        except Exception as exc:  # shapely raises several types on malformed coordinates
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': {exc}") from None
        if g.is_empty or (want == "LineString" and len(g.coords) < 2):
            raise DataError(f"{path}: feature {fid!r}: field 'geometry': a {want} needs at least {1 if want == 'Point' else 2} positions")
        rows.append(props)
        geoms.append(g)
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def _read_gpkg(path: Path, table: str, layer: str) -> pd.DataFrame:
    import geopandas as gpd

    if not path.exists():
        raise DataError(f"{path}: no such file; check the path")
    try:
        frame = gpd.read_file(path, layer=layer)
    except Exception as exc:  # pyogrio raises DataSourceError/DataLayerError
        raise DataError(f"{path}: cannot read layer {layer!r} ({str(exc).splitlines()[0]})") from None
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    return frame


def _read_csv(path: Path, table: str) -> pd.DataFrame:
    import io as _io

    import geopandas as gpd
    import pandas as pd
    from shapely import wkt
    from shapely.geometry import Point

    text = _read_text(path)
    try:
        frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: malformed CSV ({str(exc).splitlines()[0]})") from None
    frame = frame.replace({"": None})
    if table == "balances":
        return frame
    geoms = []
    for i, row in frame.iterrows():
        fid = str(row.get("id") or f"row {i + 2}")
        if "geometry" in frame.columns and row.get("geometry"):
            try:
                g = wkt.loads(row["geometry"])
            except Exception:
                raise DataError(f"{path}: {table[:-1]} {fid!r}: field 'geometry': not WKT") from None
        elif table == "nodes" and row.get("lon") is not None and row.get("lat") is not None:
            try:
                g = Point(float(row["lon"]), float(row["lat"]))
            except ValueError:
                raise DataError(f"{path}: node {fid!r}: field 'lon'/'lat': not a number") from None
        else:
            raise DataError(f"{path}: {table[:-1]} {fid!r}: field 'geometry': missing; add a WKT 'geometry' column")
        if g.geom_type != _GEOM_TYPE[table]:
            raise DataError(f"{path}: {table[:-1]} {fid!r}: field 'geometry': a {g.geom_type}, but {table} must be {_GEOM_TYPE[table]}s")
        _check_coords(path, fid, [list(c) for c in g.coords])
        geoms.append(g)
    frame = frame.drop(columns=[c for c in ("geometry", "lon", "lat") if c in frame.columns])
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def write_network(net: Network, path: str | os.PathLike, *, driver: str = "GeoJSON") -> Path:
    """Write a network: a directory of GeoJSON + CSV (default), or a GeoPackage file (``driver="GPKG"``).

    Derived columns (lengths, countries, canonical capacities) are dropped; reading the result back
    gives the same network.
    """
    from corridors.data.network import network_to_frames

    return write_frames(*network_to_frames(net), path, driver=driver)
