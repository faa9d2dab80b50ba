"""Geometry helpers: geodesic lengths and country tagging from the bundled Natural Earth polygons."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["geodesic_length_km", "countries", "node_countries", "link_countries"]

#: A link counts as crossing a country when at least this much of it lies there (km); smaller
#: overlaps are the 1:50m polygons' error at a border crossing or a coast.
MIN_OVERLAP_KM = 3.0
#: A node outside every polygon (a port on a coarse coastline) takes the nearest country within this.
NODE_SNAP_DEG = 0.25


@functools.cache
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def geodesic_length_km(geometry) -> float:
    """Geodesic length of a (Multi)LineString in km on the WGS84 ellipsoid.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(geodesic_length_km(LineString([(0, 0), (1, 0)])), 1)
    111.3
    """
    return float(_geod().geometry_length(geometry)) / 1000.0


@functools.cache
def countries() -> gpd.GeoDataFrame:
    """Natural Earth 1:50m countries (ISO-2 ``iso2``, ``name``), clipped to lon 10–90, lat 25–56."""
    import geopandas as gpd

    from corridors.data.files import bundled_path

    frame = gpd.read_file(bundled_path("countries.geojson"))
    # Natural Earth (2017) writes "Turkey"; the country's name in English is Türkiye since 2022
    frame.loc[frame["iso2"] == "TR", "name"] = "Türkiye"
    return frame.set_index("iso2")


def node_countries(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame | None = None, *,
                   snap=None) -> list[str | None]:
    """ISO-2 of the country each point lies in; a point in none takes the nearest country within
    ``NODE_SNAP_DEG`` where ``snap`` (one bool per point, default all True) allows, else None."""
    polygons = countries() if polygons is None else polygons
    tree = polygons.sindex
    out: list[str | None] = []
    codes = list(polygons.index)
    snap = [True] * len(points) if snap is None else list(snap)
    for p, may_snap in zip(points, snap):
        hits = [i for i in tree.query(p, predicate="intersects")]
        if hits:
            out.append(codes[hits[0]])
            continue
        if not may_snap:
            out.append(None)
            continue
        idx, dist = tree.nearest(p, return_distance=True, max_distance=NODE_SNAP_DEG)
        out.append(codes[int(idx[1][0])] if len(idx[1]) else None)
    return out


def link_countries(lines: gpd.GeoSeries, polygons: gpd.GeoDataFrame | None = None) -> list[tuple[str, ...]]:
    """The countries each line crosses for more than ``MIN_OVERLAP_KM``, in order along the line."""
    polygons = countries() if polygons is None else polygons
    tree = polygons.sindex
    codes = list(polygons.index)
    geoms = list(polygons.geometry)
    out: list[tuple[str, ...]] = []
    for line in lines:
        found = []
        threshold = min(MIN_OVERLAP_KM, 0.25 * geodesic_length_km(line))
        for i in tree.query(line, predicate="intersects"):
            part = line.intersection(geoms[i])
            if part.is_empty or part.geom_type not in ("LineString", "MultiLineString", "GeometryCollection"):
                continue
            km = geodesic_length_km(part) if part.geom_type != "GeometryCollection" else sum(
                geodesic_length_km(g) for g in part.geoms if g.geom_type in ("LineString", "MultiLineString")
            )
            if km >= threshold:
                found.append((line.project(part.representative_point()), codes[i]))
        out.append(tuple(code for _, code in sorted(found)))
    return out
