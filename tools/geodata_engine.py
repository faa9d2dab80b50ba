"""Turn the catalogue (tools/geodata_catalog_*.py) into node and link records with geometry.

A route lists its stops (node ids) and how to draw each leg between two stops: on a GEM pipeline
route, on an OSM railway graph, on the sea-lane graph, or through explicit waypoints. The engine
draws the whole route, cuts it at every stop and at every border crossing (the 1:50m polygons of
geodata/countries.geojson, which the package uses to tag links), creates the border
nodes, and returns one link per piece, each in one country or at sea.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import LineString

from tools import geodata_geom as geo


@dataclass
class Node:
    """A node of the catalogue; ``at`` fixed coordinates, or ``ref`` to snap onto the first route."""

    id: str
    name: str
    kind: str
    source: str
    country: str | None = None
    at: tuple[float, float] | None = None
    ref: tuple[float, float] | None = None
    coord_source: str = ""
    capacity: str | None = None
    capacity_source: str | None = None
    notes: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    short: str | None = None

    def label(self) -> str:
        """Short label used in link names."""
        if self.short:
            return self.short
        return self.name.split(" (")[0].split(":")[0].strip()


@dataclass
class Leg:
    """How to draw the line between two consecutive stops.

    ``how``: ``"graph"`` (shortest path on ``graph``, a geo.LineGraph), ``"sea"`` (a geo.SeaNet),
    ``"points"`` (straight through ``via``). ``via``: intermediate points (graph/sea: passed
    through; points: the waypoints).
    """

    how: str
    graph: Any = None
    via: tuple[tuple[float, float], ...] = ()


@dataclass
class Route:
    """One asset (or a chain of assets) cut into links."""

    key: str
    name: str
    stops: list[str]
    legs: list[Leg]
    props: dict[str, Any]
    ids: list[str] | None = None
    borders: dict[tuple[str, str], str] = field(default_factory=dict)
    segment_props: dict[int, dict[str, Any]] = field(default_factory=dict)
    absorb_sea: bool = False
    #: countries whose runs along this route are polygon error (a river border drawn off): absorbed
    absorb_countries: tuple[str, ...] = ()
    split_borders: bool = True
    min_run_km: float = 2.0
    simplify: float = 0.002
    nudge: bool = True
    expansions: list[dict[str, Any]] = field(default_factory=list)
    #: explicit country of each stop-to-stop piece (no automatic border cuts; pieces nudged into it)
    labels: list[str] | None = None
    #: move points of a country's pieces that lie over the sea (or across a border) onto its 1:50m land, up to this many km
    onto_land_km: float = 0.0
    #: assets along one drawn route: (last stop of the asset, id key, props overriding ``props``)
    chain: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


class Builder:
    """Holds nodes and links as they are built (nodes resolved in catalogue order)."""

    def __init__(self, nodes: list[Node]):
        self.nodes: dict[str, Node] = {}
        for n in nodes:
            if n.id in self.nodes:
                raise ValueError(f"duplicate node {n.id}")
            self.nodes[n.id] = n
        self.links: list[dict[str, Any]] = []
        self.log: list[str] = []

    # -- nodes ------------------------------------------------------------------------------------
    def coord(self, nid: str) -> tuple[float, float] | None:
        n = self.nodes[nid]
        return n.at

    def _ref(self, nid: str) -> tuple[float, float]:
        n = self.nodes[nid]
        if n.at is not None:
            return n.at
        if n.ref is None:
            raise ValueError(f"node {nid} has neither coordinates nor a reference point")
        return n.ref

    # -- routes -----------------------------------------------------------------------------------
    def draw(self, r: Route) -> tuple[geo.Coords, list[int]]:
        """Coordinates of the whole route and the index of each stop in them."""
        if len(r.legs) == 1 and len(r.stops) > 2:
            legs = [r.legs[0]] * (len(r.stops) - 1)
        else:
            legs = r.legs
        if len(legs) != len(r.stops) - 1:
            raise ValueError(f"{r.key}: {len(r.stops)} stops need {len(r.stops) - 1} legs")
        coords: geo.Coords = []
        idx: list[int] = []
        self._connectors: list[tuple[str, str, float]] = []  # (stop where it joins, "start"/"end", km)
        for i, (a, b, leg) in enumerate(zip(r.stops, r.stops[1:], legs)):
            pa = self.coord(a) or self._snap(a, leg)
            pb_fixed = self.coord(b)
            if leg.how == "graph":
                pb = pb_fixed or self._ref(b)
                if pb_fixed is None and i + 2 < len(r.stops) and legs[i + 1].graph is leg.graph:
                    pb = self._junction(leg.graph, pa, pb, self._ref(r.stops[i + 2]), b, r.key)
                    pb_fixed = pb
                part, info = leg.graph.path(pa, pb, via=leg.via)
                if pb_fixed is None:
                    self._resolve(b, part[-1], r.key, info["snap_km"][-1])
                    pb = part[-1]
                for end, d, fixed in (("start", info["snap_km"][0], True), ("end", info["snap_km"][-1], pb_fixed is not None)):
                    if d > 1.0 and fixed:
                        self.log.append(f"{r.key}: leg {a}->{b} {end} joins the source line with a {d:.1f} km straight connector")
                        self._connectors.append((a if end == "start" else b, end, d))
                if info.get("joined_km"):
                    self.log.append(f"{r.key}: leg {a}->{b} bridges {info['joined_km']:.1f} km of gaps between source pieces")
                part = [pa, *part, pb]
            elif leg.how == "sea":
                pb = pb_fixed or self._ref(b)
                part, info = leg.graph.path(pa, pb, via=leg.via)
                if pb_fixed is None:
                    self._resolve(b, pb, r.key, 0.0)
            elif leg.how == "points":
                pb = pb_fixed or self._ref(b)
                if pb_fixed is None:
                    self._resolve(b, pb, r.key, 0.0)
                part = [pa, *leg.via, pb]
            else:
                raise ValueError(f"{r.key}: unknown leg kind {leg.how}")
            part = _dedup([tuple(p[:2]) for p in part])
            if not coords:
                idx.append(0)
                coords.extend(part)
            else:
                coords.extend(part[1:])
            idx.append(len(coords) - 1)
        return coords, idx

    def _junction(self, graph, pa, ref, ref_next, nid: str, by: str) -> tuple[float, float]:
        """Place a junction node on the through line: near ``ref`` on it, or where a spur to it leaves."""
        main, _ = graph.path(pa, ref_next)
        near = min(main, key=lambda q: geo.dist_km(q, ref))
        if geo.dist_km(near, ref) > 0.5:
            spur, _ = graph.path(pa, ref)
            k = 0
            while k < min(len(main), len(spur)) and main[k] == spur[k]:
                k += 1
            near = main[max(k - 1, 0)]
        self._resolve(nid, near, by, geo.dist_km(near, ref))
        return self.nodes[nid].at

    def _snap(self, nid: str, leg: Leg) -> tuple[float, float]:
        """First stop without coordinates: snap its reference onto the leg's graph."""
        ref = self._ref(nid)
        if leg.how in ("graph",):
            (p, d), = leg.graph.nearest(ref)
            self._resolve(nid, p, "start", d)
            return p
        self._resolve(nid, ref, "start", 0.0)
        return ref

    def _resolve(self, nid: str, p: tuple[float, float], by: str, d: float) -> None:
        n = self.nodes[nid]
        if n.at is None:
            n.at = (round(p[0], 5), round(p[1], 5))
            note = f"snapped onto route {by} ({d:.2f} km from the reference point)" if d else f"placed by route {by}"
            n.coord_source = f"{n.coord_source}; {note}" if n.coord_source else note

    def build(self, r: Route) -> list[dict[str, Any]]:
        coords, stop_idx = self.draw(r)
        total_planar = LineString(coords).length
        cum = [0.0]
        for p, q in zip(coords, coords[1:]):
            cum.append(cum[-1] + LineString([p, q]).length)
        stop_f = [cum[i] / total_planar for i in stop_idx]
        cuts: list[tuple[float, str]] = [(f, s) for f, s in zip(stop_f, r.stops)]
        labels: list[tuple[float, float, str]] = []
        if r.split_borders and r.labels is None:
            runs = geo.country_runs(coords, min_km=r.min_run_km)
            absorb = ({"sea"} if r.absorb_sea else set()) | set(r.absorb_countries)
            if absorb:
                runs = _absorb(runs, absorb)
            labels = list(runs)
            total_km = geo.km(coords)
            for (c0, _, f0), (c1, f1, _) in zip(runs, runs[1:]):
                if c0 == c1:
                    continue
                near = [s for f, s in cuts if abs(f - f0) * total_km < 0.2]
                if near:
                    self.log.append(f"{r.key}: border {c0}/{c1} coincides with stop {near[0]}")
                    continue
                base = r.borders.get((c0, c1)) or f"{r.key}-border-{c0.lower()}-{c1.lower()}"
                nid, k = base, 1
                while nid in self.nodes and self.nodes[nid].at is not None:
                    k += 1
                    nid = f"{base}-{k}"
                p = LineString(coords).interpolate(f0, normalized=True)
                if nid not in self.nodes:
                    what = "landfall" if "sea" in (c0, c1) else "border crossing"
                    self.nodes[nid] = Node(
                        id=nid, name=f"{r.name}: {_cname(c0)}–{_cname(c1)} {what}", kind="border",
                        short=f"{_cname(c0)}/{_cname(c1)} {'coast' if 'sea' in (c0, c1) else 'border'}",
                        country=c1 if c1 != "sea" else c0,
                        source=r.props["source"] or "; ".join(dict.fromkeys(c[2]["source"] for c in r.chain if c[2].get("source"))),
                        coord_source="crossing of the route with the Natural Earth 1:50m border",
                        extra={"border_between": f"{c0}-{c1}"})
                self.nodes[nid].at = (round(p.x, 5), round(p.y, 5))
                cuts.append((f0, nid))
        cuts.sort()
        out = []
        line = LineString(coords)
        seq = [(f, s) for f, s in cuts]
        count: dict[str, int] = {}
        pieces = []
        for (fa, a), (fb, b) in zip(seq, seq[1:]):
            if fb - fa <= 1e-12:
                continue
            mid = (fa + fb) / 2
            label = next((c for c, f0, f1 in labels if f0 <= mid <= f1), None) if labels else None
            if r.labels is not None:
                label = r.labels[r.stops.index(a)]
            pieces.append((fa, fb, a, b, label))
        for k, (fa, fb, a, b, label) in enumerate(pieces):
            part = geo.cut(coords, fa, fb)
            part[0], part[-1] = self.nodes[a].at, self.nodes[b].at
            iso = label or "xx"
            count[iso] = count.get(iso, 0) + 1
            out.append({"fa": fa, "fb": fb, "from": a, "to": b, "iso": iso, "coords": part})
        # which asset of the chain each segment belongs to
        c = 0
        for seg in out:
            if r.chain:
                seg["key"], seg["chain_props"] = r.chain[c][1], r.chain[c][2]
                if seg["to"] == r.chain[c][0] and c + 1 < len(r.chain):
                    c += 1
            else:
                seg["key"], seg["chain_props"] = r.key, {}
        n_by_iso: dict[tuple[str, str], int] = {}
        for seg in out:
            n_by_iso[(seg["key"], seg["iso"])] = n_by_iso.get((seg["key"], seg["iso"]), 0) + 1
        seen: dict[tuple[str, str], int] = {}
        links = []
        if r.ids is not None and len(r.ids) != len(out):
            raise ValueError(f"{r.key}: {len(out)} segments {[ (s['from'], s['to'], s['iso']) for s in out]} but {len(r.ids)} ids")
        for k, seg in enumerate(out):
            iso = seg["iso"]
            kk = (seg["key"], iso)
            seen[kk] = seen.get(kk, 0) + 1
            if r.ids is not None:
                lid = r.ids[k]
            elif n_by_iso[kk] > 1:
                lid = f"{seg['key']}-{iso.lower()}-{seen[kk]}"
            else:
                lid = f"{seg['key']}-{iso.lower()}"
            part = seg["coords"]
            if r.simplify:
                simp = geo.simplify(part, r.simplify)
                if geo.km(part) > 0 and abs(geo.km(simp) - geo.km(part)) / geo.km(part) > 0.01:
                    simp = geo.simplify(part, r.simplify / 4)
                part = simp
            else:
                part = [(round(x, 5), round(y, 5)) for x, y in part]
            nudged = 0.0
            if not r.split_borders and r.labels is None and len(tags_of(part)) > 1:
                self.log.append(f"{lid}: unsplit link crosses {tags_of(part)}")
            if r.nudge and iso not in ("sea", "xx") and (r.split_borders or r.labels):
                tags = tags_of(part)
                if tags != (iso,):
                    moved, nudged = geo.nudge_into(part, iso)
                    part = geo.simplify(moved, 0.0005)
                    if tags_of(part) != (iso,):
                        self.log.append(f"{lid}: still tagged {tags_of(part)} after nudging into {iso}")
            if r.onto_land_km and iso not in ("sea", "xx"):
                off = 0.0
                for _ in range(6):  # a chord between two moved points may cut across a bay: move again
                    moved, d = geo.nudge_into(part, iso, step_km=1.0, inset_deg=0.01, max_km=r.onto_land_km)
                    if d <= 0.05:
                        break
                    off = max(off, d)
                    part = geo.simplify(moved, 0.001)
                if off > 0:
                    what = (f"points up to {off:.1f} km over the sea or across a border on the source route were moved "
                            f"just inside the Natural Earth 1:50m polygon of {iso}")
                    self._onto_land_note = what
            props = dict(r.props)
            props.update(seg["chain_props"])
            props.update(r.segment_props.get(k, {}))
            props["id"] = lid
            props.setdefault("name", r.name)
            props["name"] = f"{props['name']}: {self.nodes[seg['from']].label()} – {self.nodes[seg['to']].label()}"
            props["from"], props["to"] = seg["from"], seg["to"]
            for stop, end, d in self._connectors:
                if (end == "start" and seg["from"] == stop) or (end == "end" and seg["to"] == stop):
                    what = f"the {d:.1f} km between {self.nodes[stop].label()} and the source line is drawn straight"
                    props["geometry_note"] = f"{props['geometry_note']}; {what}" if props.get("geometry_note") else what
            if getattr(self, "_onto_land_note", None):
                what = self._onto_land_note
                self._onto_land_note = None
                props["geometry_note"] = f"{props['geometry_note']}; {what}" if props.get("geometry_note") else what
            if nudged > 0:
                what = (f"where the line follows the river border, points up to {nudged:.1f} km across the "
                        "Natural Earth 1:50m border were moved onto the country's side so the link tags as one country")
                props["geometry_note"] = f"{props['geometry_note']}; {what}" if props.get("geometry_note") else what
            links.append({"props": props, "coords": part})
        base_links = list(links)
        for ex in r.expansions:
            for base in base_links:
                if ex.get("only") and base["props"]["id"] not in ex["only"]:
                    continue
                if ex.get("of_asset") and base["props"].get("asset") != ex["of_asset"]:
                    continue
                props = dict(base["props"])
                props.update({k: v for k, v in ex.items() if k not in ("suffix", "only", "name_suffix", "of_asset")})
                props["id"] = f"{base['props']['id']}-{ex['suffix']}"
                props["name"] = f"{base['props']['name']} ({ex['name_suffix']})"
                for k in ("official_length_km", "length_source", "start_year_source"):
                    if k not in ex:
                        props.pop(k, None)
                links.append({"props": props, "coords": base["coords"]})
        self.links.extend(links)
        return links


def tags_of(coords: geo.Coords) -> tuple[str, ...]:
    """Countries a line crosses as corridors.data.geometry.link_countries counts them (>= min(3 km, 25%))."""
    from shapely.geometry import Point

    line = LineString(coords)
    total = geo.km(coords)
    threshold = min(3.0, 0.25 * total)
    c = geo.countries()
    found = []
    for iso, g in zip(c.index, c.geometry):
        if not g.intersects(line):
            continue
        part = line.intersection(g)
        parts = [p for p in getattr(part, "geoms", [part]) if p.geom_type == "LineString"]
        k = sum(geo.km(list(p.coords)) for p in parts)
        if k >= threshold and parts:
            found.append((line.project(Point(parts[0].coords[0])), str(iso)))
    return tuple(iso for _, iso in sorted(found))


def _absorb(runs: list[tuple[str, float, float]], absorb: set[str]) -> list[tuple[str, float, float]]:
    """Runs of the ``absorb`` labels (coastline or river-border error) go to the neighbouring country."""
    out = [list(r) for r in runs]
    for i, r in enumerate(out):
        if r[0] not in absorb:
            continue
        left = next((out[j][0] for j in range(i - 1, -1, -1) if out[j][0] not in absorb), None)
        right = next((out[j][0] for j in range(i + 1, len(out)) if out[j][0] not in absorb), None)
        r[0] = left or right or r[0]
    merged: list[list] = []
    for r in out:
        if merged and merged[-1][0] == r[0]:
            merged[-1][2] = r[2]
        else:
            merged.append(r)
    return [(r[0], r[1], r[2]) for r in merged]


def _dedup(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [points[0]]
    for p in points[1:]:
        if geo.dist_km(p, out[-1]) > 1e-4:
            out.append(p)
    if len(out) == 1:
        out.append(points[-1])
    return out


_NAMES = {
    "AZ": "Azerbaijan", "GE": "Georgia", "TR": "Türkiye", "GR": "Greece", "AL": "Albania", "IT": "Italy",
    "BG": "Bulgaria", "RO": "Romania", "RU": "Russia", "KZ": "Kazakhstan", "TM": "Turkmenistan",
    "IR": "Iran", "AM": "Armenia", "SY": "Syria", "AT": "Austria", "sea": "sea",
}


def _cname(iso: str) -> str:
    return _NAMES.get(iso, iso)
