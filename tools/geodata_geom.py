"""Geometry helpers for tools/build_geodata.py: line graphs, shortest paths, country splits, sea lanes.

Everything here works in lon/lat (EPSG:4326) and measures lengths geodesically (WGS84). Nothing is
drawn by hand: routes are shortest paths on the source lines (GEM pipeline routes, OSM railways,
searoute / Eurostat sea lanes); where a source has no line, the catalogue passes explicit waypoints.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

import geopandas as gpd
import networkx as nx
import numpy as np
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import LineString, MultiLineString, Point
from shapely.ops import substring

from tools import paths

GEOD = Geod(ellps="WGS84")

Coords = list[tuple[float, float]]


def km(coords: Sequence[Sequence[float]]) -> float:
    """Geodesic length of a coordinate sequence in km."""
    if len(coords) < 2:
        return 0.0
    xs, ys = zip(*[(c[0], c[1]) for c in coords])
    return float(GEOD.line_length(xs, ys)) / 1000.0


def dist_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Geodesic distance between two lon/lat points in km."""
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


@functools.cache
def countries() -> gpd.GeoDataFrame:
    """The Natural Earth 1:50m countries of this build (index iso2), written first by tools.build."""
    return gpd.read_file(paths.out() / "countries.geojson").set_index("iso2")


@functools.cache
def _land():
    return countries().geometry.union_all()


def country_at(pt: Sequence[float]) -> str | None:
    """ISO-2 of the polygon containing the point, or None (sea)."""
    p = Point(pt)
    c = countries()
    hits = c.index[c.intersects(p)]
    return str(hits[0]) if len(hits) else None


def land_km(coords: Sequence[Sequence[float]], *, skip_ends_km: float = 0.0) -> float:
    """Length (km) of the line lying on land, ignoring the first/last ``skip_ends_km``."""
    line = LineString(coords)
    if skip_ends_km > 0:
        total = km(coords)
        if total <= 2 * skip_ends_km:
            return 0.0
        f0, f1 = skip_ends_km / total, 1 - skip_ends_km / total
        line = substring(line, f0, f1, normalized=True)
    inter = line.intersection(_land())
    if inter.is_empty:
        return 0.0
    parts = getattr(inter, "geoms", [inter])
    return sum(km(list(g.coords)) for g in parts if g.geom_type == "LineString")


def lines_of(geoms: Iterable) -> list[LineString]:
    """Flatten (Multi)LineStrings into LineStrings."""
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        if isinstance(g, MultiLineString):
            out.extend(g.geoms)
        elif isinstance(g, LineString):
            out.append(g)
    return out


class LineGraph:
    """An undirected graph over the vertices of a set of lines (edge weight = geodesic km).

    ``ndigits`` rounds vertices so that lines meeting at a shared vertex connect; ``join_km`` joins
    a line end to the nearest vertex of another line within that distance (heals gaps in GEM route
    pieces); joins are recorded so a path can report them.
    """

    def __init__(self, lines: Iterable[LineString], *, ndigits: int = 5, join_km: float = 0.0):
        g = nx.Graph()
        self.nd = ndigits
        for line in lines_of(lines):
            pts = [(round(x, ndigits), round(y, ndigits)) for x, y, *_ in line.coords]
            for a, b in zip(pts, pts[1:]):
                if a != b and not g.has_edge(a, b):
                    g.add_edge(a, b, w=dist_km(a, b), joined=False)
        self.g = g
        if join_km > 0:
            self._join(join_km)
        self._index()

    def _index(self) -> None:
        self.nodes = list(self.g.nodes)
        arr = np.array(self.nodes)
        self._xy = arr
        lat = np.radians(arr[:, 1].mean()) if len(arr) else 0.0
        self._scale = np.array([math.cos(lat), 1.0])
        self.tree = cKDTree(arr * self._scale)

    def _join(self, join_km: float) -> None:
        self._index()
        comp = {n: i for i, c in enumerate(nx.connected_components(self.g)) for n in c}
        ends = [n for n in self.g.nodes if self.g.degree(n) == 1]
        for e in ends:
            cands = self.tree.query_ball_point(np.array(e) * self._scale, join_km / 111.0 * 1.5)
            best, bd = None, join_km
            for i in cands:
                n = self.nodes[i]
                if comp[n] == comp[e]:
                    continue
                d = dist_km(e, n)
                if d < bd:
                    best, bd = n, d
            if best is not None:
                self.g.add_edge(e, best, w=bd, joined=True)

    def nearest(self, pt: Sequence[float], k: int = 1) -> list[tuple[tuple[float, float], float]]:
        """The ``k`` nearest graph vertices to ``pt`` with their distances (km)."""
        _, idx = self.tree.query(np.array(pt[:2]) * self._scale, k=min(k, len(self.nodes)))
        idx = np.atleast_1d(idx)
        out = [(self.nodes[i], dist_km(pt, self.nodes[i])) for i in idx]
        return sorted(out, key=lambda t: t[1])

    def _edge_index(self):
        if getattr(self, "_etree", None) is None:
            from shapely import STRtree

            self._edges = [(u, v) for u, v in self.g.edges]
            self._elines = [LineString([u, v]) for u, v in self._edges]
            self._etree = STRtree(self._elines)
        return self._etree

    def _attach(self, p: Sequence[float]) -> tuple[tuple[float, float], float, list]:
        """Nearest point of the lines to ``p``: a vertex, or a new vertex splitting the nearest edge.

        Returns the point, its distance (km) and the edits to undo afterwards.
        """
        (n, dn), = self.nearest(p)
        tree = self._edge_index()
        i = tree.nearest(Point(p[:2]))
        u, v = self._edges[i]
        e = self._elines[i]
        q = e.interpolate(e.project(Point(p[:2])))
        qq = (round(q.x, 6), round(q.y, 6))
        dq = dist_km(p, qq)
        if dq >= dn - 0.05 or qq in self.g or not self.g.has_edge(u, v):
            return n, dn, []
        data = dict(self.g.edges[u, v])
        self.g.remove_edge(u, v)
        self.g.add_edge(u, qq, w=dist_km(u, qq), joined=data["joined"])
        self.g.add_edge(qq, v, w=dist_km(qq, v), joined=data["joined"])
        return qq, dq, [(u, v, data, qq)]

    def path(self, a: Sequence[float], b: Sequence[float], *, via: Sequence[Sequence[float]] = ()) -> tuple[Coords, dict]:
        """Shortest path from the point of the lines nearest ``a`` to the one nearest ``b`` (through ``via``).

        Stops attach to the nearest point of the lines (splitting an edge when that is closer than
        any vertex). Returns the coordinates (starting at the attachment points) and info: attach
        distances, km of joined gaps.
        """
        g = self.g
        stops = [a, *via, b]
        edits: list = []
        snapped = []
        try:
            for p in stops:
                q, d, ed = self._attach(p)
                edits.extend(ed)
                snapped.append((q, d))
            coords: Coords = []
            joined = 0.0
            for (u, _), (v, _) in zip(snapped, snapped[1:]):
                nodes = nx.shortest_path(g, u, v, weight="w")
                for x, y in zip(nodes, nodes[1:]):
                    if g.edges[x, y]["joined"]:
                        joined += g.edges[x, y]["w"]
                coords.extend(nodes if not coords else nodes[1:])
        finally:
            for u, v, data, qq in reversed(edits):
                if qq in g:
                    g.remove_node(qq)
                g.add_edge(u, v, **data)
        info = {"snap_km": [round(d, 2) for _, d in snapped], "joined_km": round(joined, 2)}
        return [tuple(c) for c in coords], info


def project_km(coords: Coords, pt: Sequence[float]) -> tuple[float, tuple[float, float], float]:
    """Position of the point on the line nearest ``pt``: (fraction 0..1, the point, distance km)."""
    line = LineString(coords)
    f = line.project(Point(pt), normalized=True)
    p = line.interpolate(f, normalized=True)
    return f, (p.x, p.y), dist_km(pt, (p.x, p.y))


def cut(coords: Coords, f0: float, f1: float) -> Coords:
    """The part of the line between fractions ``f0`` and ``f1`` (planar fractions)."""
    part = substring(LineString(coords), f0, f1, normalized=True)
    if part.geom_type == "Point":
        return [(part.x, part.y), (part.x, part.y)]
    return [tuple(c[:2]) for c in part.coords]


def country_runs(coords: Coords, *, min_km: float = 2.0, step_deg: float = 0.003) -> list[tuple[str, float, float]]:
    """Split a line into runs by country: ``[(iso2 or 'sea', f0, f1), ...]`` in planar fractions.

    The line is sampled every ``step_deg`` along its length (robust to lines that double back);
    each change of country is located exactly on the polygon boundary. Runs shorter than
    ``min_km`` are absorbed into their neighbours (polygon error at a border or coast).
    """
    import shapely

    c = countries()
    geoms = list(c.geometry)
    codes = [str(i) for i in c.index]
    tree = shapely.STRtree(geoms)
    line = LineString(coords)
    total = line.length
    n = max(2, int(total / step_deg) + 1)
    fr = np.linspace(0.0, 1.0, n)
    pts = shapely.line_interpolate_point(line, fr, normalized=True)
    lab = np.array(["sea"] * n, dtype=object)
    inp, ing = tree.query(pts, predicate="within")
    for i, g in zip(inp, ing):
        lab[i] = codes[g]
    runs: list[list] = []
    start = 0.0
    for i in range(1, n):
        if lab[i] == lab[i - 1]:
            continue
        # exact crossing between samples i-1 and i: where the sub-line meets the boundary
        sub = substring(line, fr[i - 1], fr[i], normalized=True)
        poly = geoms[codes.index(lab[i - 1])] if lab[i - 1] != "sea" else geoms[codes.index(lab[i])]
        hit = sub.intersection(poly.boundary)
        cross = fr[i]
        if not hit.is_empty:
            first = min((getattr(hit, "geoms", [hit])), key=lambda g: sub.project(g.centroid))
            cross = fr[i - 1] + (fr[i] - fr[i - 1]) * (sub.project(first.centroid) / sub.length if sub.length else 0)
        runs.append([lab[i - 1], start, cross])
        start = cross
    runs.append([lab[-1], start, 1.0])
    total_km = km(coords)
    changed = True
    while changed and len(runs) > 1:
        changed = False
        lens = [(r[2] - r[1]) * total_km for r in runs]
        i = min(range(len(runs)), key=lambda k: lens[k])
        if lens[i] < min_km:
            if i == 0:
                runs[1][1] = runs[0][1]
            elif i == len(runs) - 1:
                runs[-2][2] = runs[-1][2]
            elif lens[i - 1] >= lens[i + 1]:
                runs[i - 1][2] = runs[i][2]
            else:
                runs[i + 1][1] = runs[i][1]
            runs.pop(i)
            changed = True
        merged: list[list] = []
        for r in runs:
            if merged and merged[-1][0] == r[0]:
                merged[-1][2] = r[2]
            else:
                merged.append(r)
        runs = merged
    return [(r[0], r[1], r[2]) for r in runs]


def simplify(coords: Coords, tol: float = 0.002) -> Coords:
    """Douglas–Peucker simplification (degrees), keeping the end points; rounded to 5 decimals."""
    line = LineString(coords).simplify(tol, preserve_topology=False)
    out = [(round(x, 5), round(y, 5)) for x, y in line.coords]
    dedup = [out[0]]
    for p in out[1:]:
        if p != dedup[-1]:
            dedup.append(p)
    if len(dedup) == 1:
        dedup.append(dedup[0])
    return dedup


def exit_point(pt: Sequence[float]) -> tuple[tuple[float, float], float]:
    """Nearest point off land (on the 1:50m coast) and its distance in km (0 when already at sea)."""
    from shapely.ops import nearest_points

    p = Point(pt)
    land = _land()
    if not land.contains(p):
        return (pt[0], pt[1]), 0.0
    q = nearest_points(land.boundary, p)[0]
    return (q.x, q.y), dist_km(pt, (q.x, q.y))


class SeaNet:
    """Sea-lane graph with port snapping to the nearest lane vertex or lane point reachable by sea."""

    def __init__(self, lines: Iterable[LineString], *, ndigits: int = 5, land_penalty: float = 50.0):
        from shapely.prepared import prep

        self.lg = LineGraph(lines, ndigits=ndigits)
        self.edges = [LineString([a, b]) for a, b in self.lg.g.edges]
        land = _land()
        pland = prep(land)
        # lanes are generalised: where one cuts across a 1:50m island or cape, prefer a lane that does not
        for (a, b), e in zip(self.lg.g.edges, self.edges):
            if pland.intersects(e):
                inter = e.intersection(land)
                lk = sum(km(list(g.coords)) for g in getattr(inter, "geoms", [inter]) if g.geom_type == "LineString")
                self.lg.g.edges[a, b]["w"] += land_penalty * lk
        from shapely import STRtree

        self.tree = STRtree(self.edges)

    def _candidates(self, pt: Sequence[float]) -> list[tuple[tuple[float, float], tuple | None]]:
        out: list[tuple[tuple[float, float], tuple | None]] = [(n, None) for n, _ in self.lg.nearest(pt, k=25)]
        p = Point(pt)
        idx = self.tree.query_nearest(p, max_distance=2.0, all_matches=True)
        near = sorted(idx, key=lambda i: self.edges[i].distance(p))[:10]
        for i in near:
            e = self.edges[i]
            q = e.interpolate(e.project(p))
            out.append(((round(q.x, 6), round(q.y, 6)), tuple(map(tuple, e.coords))))
        return out

    def snap(self, pt: Sequence[float]) -> tuple[tuple[float, float], tuple | None, float]:
        """Best attachment point: the nearest candidate whose straight connector stays at sea."""
        _, exit_km = exit_point(pt)
        best = None
        for q, edge in self._candidates(pt):
            d = dist_km(pt, q)
            if d < 1e-6:
                return q, edge, 0.0
            land = land_km([pt, q])
            if land > exit_km + 0.3:
                continue
            if best is None or d < best[2]:
                best = (q, edge, d)
        if best is None:
            raise ValueError(f"no lane point reachable by sea from {pt}")
        return best

    def path(self, a: Sequence[float], b: Sequence[float], *, via: Sequence[Sequence[float]] = ()) -> tuple[Coords, dict]:
        """Port-to-port sea route: connector, shortest lane path, connector."""
        g = self.lg.g.copy()
        stops = [a, *via, b]
        snaps = []
        for k, p in enumerate(stops):
            q, edge, d = self.snap(p)
            if edge is not None and q not in g:
                u, v = edge
                u, v = (round(u[0], self.lg.nd), round(u[1], self.lg.nd)), (round(v[0], self.lg.nd), round(v[1], self.lg.nd))
                if g.has_edge(u, v):
                    g.remove_edge(u, v)
                    g.add_edge(u, q, w=dist_km(u, q), joined=False)
                    g.add_edge(q, v, w=dist_km(q, v), joined=False)
            snaps.append((q, d))
        coords: Coords = [tuple(a[:2])]
        for (u, _), (v, _) in zip(snaps, snaps[1:]):
            nodes = nx.shortest_path(g, u, v, weight="w")
            for n in nodes:
                if coords[-1] != tuple(n):
                    coords.append(tuple(n))
        if coords[-1] != tuple(b[:2]):
            coords.append(tuple(b[:2]))
        return coords, {"snap_km": [round(d, 2) for _, d in snaps]}


def nudge_into(coords: Coords, iso: str, *, step_km: float = 0.25, inset_deg: float = 0.004,
               max_km: float = 8.0) -> tuple[Coords, float]:
    """Move interior points lying outside country ``iso`` onto its 1:50m polygon (just inside).

    Used only where a line follows a river border that the 1:50m polygons draw a few km off
    (the Araz): the link then tags as the one country it lies in. The end points are kept.
    Returns the new coordinates and the largest displacement in km.
    """
    from shapely.ops import nearest_points

    poly = countries().loc[iso].geometry
    inner = poly.buffer(-inset_deg)
    line = LineString(coords)
    n = max(2, int(km(coords) / step_km) + 1)
    pts = [line.interpolate(i / (n - 1), normalized=True) for i in range(n)]
    out: Coords = [tuple(coords[0][:2])]
    worst = 0.0
    for p in pts[1:-1]:
        if poly.contains(p):
            out.append((p.x, p.y))
            continue
        q = nearest_points(inner, p)[0]
        d = dist_km((p.x, p.y), (q.x, q.y))
        if d > max_km:
            raise ValueError(f"point {p} is {d:.1f} km outside {iso}; refusing to move it")
        worst = max(worst, d)
        out.append((q.x, q.y))
    out.append(tuple(coords[-1][:2]))
    return out, worst


def onto(iso: str, pt: Sequence[float], *, inset_deg: float = 0.005) -> tuple[tuple[float, float], float]:
    """``pt`` if it lies in country ``iso`` (1:50m), else the nearest point just inside it; and the move in km."""
    from shapely.ops import nearest_points

    poly = countries().loc[iso].geometry
    if poly.buffer(-inset_deg / 2).contains(Point(pt)):
        return (pt[0], pt[1]), 0.0
    q = nearest_points(poly.buffer(-inset_deg), Point(pt))[0]
    return (round(q.x, 5), round(q.y, 5)), dist_km(pt, (q.x, q.y))


def onto_border(a: str, b: str, pt: Sequence[float]) -> tuple[tuple[float, float], float]:
    """Nearest point to ``pt`` on the 1:50m border shared by countries ``a`` and ``b``; and the move in km."""
    from shapely.ops import nearest_points

    c = countries()
    shared = c.loc[a].geometry.boundary.intersection(c.loc[b].geometry.boundary)
    q = nearest_points(shared, Point(pt))[0]
    return (round(q.x, 5), round(q.y, 5)), dist_km(pt, (q.x, q.y))
