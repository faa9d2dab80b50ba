"""Loaders for the shared source data (../shared/data): GEM routes, OSM railways, sea lanes, facts.

Each loader is cached; graphs are geo.LineGraph / geo.SeaNet objects ready for shortest paths.
"""

from __future__ import annotations

import csv
import functools

import geopandas as gpd

from tools import geodata_geom as geo
from tools import paths


@functools.cache
def gem_corridor() -> gpd.GeoDataFrame:
    return gpd.read_file(paths.shared() / "gem" / "gem_corridor_pipelines.geojson")


@functools.cache
def gem_region() -> gpd.GeoDataFrame:
    return gpd.read_file(paths.shared() / "gem" / "gem_region_pipelines.geojson")


@functools.cache
def gem_attributes() -> dict[str, dict]:
    with open(paths.shared() / "gem" / "gem_region_pipelines_attributes.csv", encoding="utf-8") as fh:
        return {row["gem_project_id"]: row for row in csv.DictReader(fh)}


def gem_lines(*pids: str):
    """The route pieces of GEM projects (full resolution from the corridor file when there)."""
    out = []
    corr = gem_corridor()
    reg = gem_region()
    for pid in pids:
        rows = corr[corr.gem_project_id == pid]
        if rows.empty:
            rows = reg[reg.gem_project_id == pid]
        if rows.empty:
            raise KeyError(f"GEM project {pid} not found")
        out.extend(geo.lines_of(rows.geometry))
    return out


@functools.cache
def gem_graph(*pids: str, join_km: float = 1.0) -> geo.LineGraph:
    """Line graph over one or more GEM routes (pieces joined across gaps up to ``join_km``)."""
    return geo.LineGraph(gem_lines(*pids), join_km=join_km)


@functools.cache
def osm_graph(name: str) -> geo.LineGraph:
    """OSM railway graph: ``az`` (Azerbaijan box), ``ge`` (Georgia HOT export), ``thrace``."""
    if name == "az":
        g = gpd.read_file(paths.shared() / "osm_rail" / "osm_railways_azerbaijan_bbox.geojson")
        g = g[g.railway.isin(["rail", "construction"])]
    elif name == "ge":
        g = gpd.read_file(paths.shared() / "osm_rail" / "osm_railways_georgia_hotosm.geojson")
        g = g[g.railway == "rail"]
    elif name == "thrace":
        g = gpd.read_file(paths.shared() / "osm_rail_thrace" / "osm_railways_turkey_thrace_bbox.geojson")
        return geo.LineGraph(g.geometry, join_km=3.0)
    else:
        raise KeyError(name)
    return geo.LineGraph(g.geometry)


@functools.cache
def scgraph() -> geo.LineGraph:
    """Schematic OSM-derived rail lines (scgraph_data 2.0.0 world_railways) for Türkiye, Iran, Kazakhstan, Armenia."""
    g = gpd.read_file(paths.shared() / "osm_rail_scgraph" / "scgraph_world_railways_region.geojson")
    return geo.LineGraph(g.geometry, ndigits=4)


@functools.cache
def scgraph_legs() -> dict[tuple[str, str], dict]:
    """Rows of corridor_rail_legs_scgraph.csv by (from, to): the along-track ``graph_km`` of each leg."""
    with open(paths.shared() / "osm_rail_scgraph" / "corridor_rail_legs_scgraph.csv", encoding="utf-8") as fh:
        return {(r["from"], r["to"]): r for r in csv.DictReader(fh)}


def scgraph_km(*legs: tuple[str, str]) -> float:
    """Sum of the along-track lengths (graph_km) of the named scgraph legs (KeyError if one is missing)."""
    return round(sum(float(scgraph_legs()[leg]["graph_km"]) for leg in legs), 1)


@functools.cache
def sea_med() -> geo.SeaNet:
    """Eurostat SeaRoute 20 km lanes (Mediterranean, Aegean, Marmara, Black Sea); no canals."""
    g = gpd.read_file(paths.shared() / "eurostat_searoute" / "eurostat_marnet_plus_20km_region.geojson")
    g = g[~g["pass"].isin(["corinth", "suez", "kiel"])]
    return geo.SeaNet(g.geometry)


@functools.cache
def sea_caspian() -> geo.SeaNet:
    """searoute-py lanes inside the Caspian basin (the only lanes there are)."""
    g = gpd.read_file(paths.shared() / "searoute" / "searoute_marnet_region.geojson")
    g = g[g.geometry.geom_type == "LineString"]
    inside = g.geometry.apply(lambda x: x.bounds[0] > 46 and x.bounds[2] < 56 and x.bounds[1] > 36 and x.bounds[3] < 48)
    return geo.SeaNet(g[inside].geometry, ndigits=4)


@functools.cache
def stations() -> gpd.GeoDataFrame:
    return gpd.read_file(paths.shared() / "osm_rail" / "osm_major_rail_stations_region.geojson")


def station(osm_id: int) -> tuple[float, float]:
    """Coordinates of an OSM station by its node id."""
    s = stations()
    row = s[s.osm_id.astype(str) == str(osm_id)]
    if row.empty:
        raise KeyError(f"OSM station {osm_id} not in osm_major_rail_stations_region.geojson")
    g = row.geometry.iloc[0]
    return (round(g.x, 5), round(g.y, 5))


@functools.cache
def wpi() -> dict[int, dict]:
    with open(paths.shared() / "wpi" / "wpi_region_ports.csv", encoding="utf-8") as fh:
        return {int(float(r["world_port_index_number"])): r for r in csv.DictReader(fh)}


def wpi_port(number: int) -> tuple[float, float]:
    r = wpi()[number]
    return (round(float(r["longitude"]), 5), round(float(r["latitude"]), 5))


@functools.cache
def facts() -> dict[str, dict]:
    with open(paths.shared() / "facts" / "corridor_facts.csv", encoding="utf-8") as fh:
        return {r["fact_id"]: r for r in csv.DictReader(fh)}


def fact(fid: str) -> dict:
    """A row of corridor_facts.csv (KeyError if the id is unknown, so typos fail the build)."""
    return facts()[fid]


def cite(*fids: str) -> str:
    """'corridor_facts X-001, Y-002' after checking that every id exists."""
    for f in fids:
        fact(f)
    return "corridor_facts " + ", ".join(fids)
