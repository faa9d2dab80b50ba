"""Build the bundled corridor network into the output folder (geodata/) from ../shared/data.

Outputs: nodes.geojson, links.geojson, balances.csv and SOURCES.md.
Inputs (read-only): ../shared/data (GEM routes and attributes, OSM railways and stations, sea
lanes, World Port Index, Natural Earth, corridor_facts.csv) and the countries.geojson that
tools/build_countries.py has just written into the same output folder.

Run it through the one entry point, from the repository root: ``python -m tools.build``
(``--check`` builds into a temporary folder and names the files that would change). The
catalogue of assets is in tools/geodata_catalog_energy.py, tools/geodata_catalog_freight.py and
tools/geodata_catalog_context.py (the context routes),
balances in tools/geodata_balances.py; geometry helpers in tools/geodata_geom.py and
tools/geodata_engine.py.
"""

from __future__ import annotations

import csv
import io
import json

from corridors.data.schema import BalanceRecord, LinkRecord, NodeRecord
from corridors.data.units import parse_capacity, parse_quantity, to_canonical
from tools import geodata_balances, geodata_catalog_capex, geodata_check, geodata_sources_md, geodata_times, paths
from tools import geodata_catalog_context as context
from tools import geodata_catalog_energy as energy
from tools import geodata_catalog_freight as freight
from tools import geodata_geom as geo
from tools.geodata_engine import Builder, tags_of

NODE_FIELDS = ["id", "name", "kind", "country", "capacity", "capacity_source", "source"]
LINK_FIELDS = ["id", "name", "asset", "corridor", "mode", "commodities", "from", "to", "bidirectional", "capacity",
               "capacity_source", "cost", "status", "start_year", "end_year", "operator", "source", "route_accuracy"]
BALANCE_FIELDS = ["node", "commodity", "year", "supply", "demand", "priority", "source", "origin", "note"]


def build() -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """Nodes and links as GeoJSON features, balance rows, and the build log."""
    b = Builder(energy.nodes() + freight.nodes() + context.nodes())
    for r in energy.routes() + energy.sea_routes() + freight.routes() + context.routes():
        b.build(r)
    used = {lk["props"][k] for lk in b.links for k in ("from", "to")}
    node_feats = []
    for n in b.nodes.values():
        if n.id not in used:
            b.log.append(f"node {n.id} is not used by any link (dropped)")
            continue
        if n.at is None:
            raise ValueError(f"node {n.id} was never placed")
        props = {"id": n.id, "name": n.name, "kind": n.kind, "country": n.country, "capacity": n.capacity,
                 "capacity_source": n.capacity_source, "source": n.source, "coord_source": n.coord_source,
                 "notes": n.notes, **n.extra}
        node_feats.append(_feature(props, {"type": "Point", "coordinates": [round(n.at[0], 5), round(n.at[1], 5)]}))
    link_feats = []
    for lk in b.links:
        props = dict(lk["props"])
        props["length_km_built"] = round(geo.km(lk["coords"]), 1)
        coords = [[round(x, 5), round(y, 5)] for x, y in lk["coords"]]
        link_feats.append(_feature(props, {"type": "LineString", "coordinates": coords}))
    _price_on_official_length(link_feats)
    geodata_times.annotate(node_feats, link_feats)
    geodata_catalog_capex.annotate(link_feats)
    return node_feats, link_feats, geodata_balances.rows(), b.log


#: assets whose only route in the data is shorter than the official length: the drawn line is kept, the cost is
#: scaled to the official length (as the Caspian ferries are priced on their sailed distance)
PRICED_ON_OFFICIAL_LENGTH = {
    "IGB": ("GEM's route (P0696, 73 vertices, no segment over 3 km) measures 158 km against ICGB's 182 km (GAS_IGB-001) "
            "and GEM's own 184 km; no finer route or sourced waypoint is in the data (Kardzhali, Haskovo and "
            "Dimitrovgrad lie west of the OSM station extract, and straight lines through them are shorter still)"),
}


def _price_on_official_length(links: list[dict]) -> None:
    from corridors.settings import COST_PER_KM

    for asset, why in PRICED_ON_OFFICIAL_LENGTH.items():
        own = [f["properties"] for f in links if f["properties"]["asset"] == asset
               and not f["properties"]["id"].endswith(("-x", "-x1", "-x2", "-phase2"))]
        official = next(p["official_length_km"] for p in own if p.get("official_length_km"))
        scale = official / sum(p["length_km_built"] for p in own)
        for p in (f["properties"] for f in links if f["properties"]["asset"] == asset):
            p["cost"] = round(COST_PER_KM[p["mode"]] * p["length_km_built"] * scale, 4)
            p["cost_basis"] = (f"{p['mode']} rate per km × the drawn length scaled to the official {official:g} km "
                               f"(×{scale:.3f}): {why}")


def _feature(props: dict, geometry: dict) -> dict:
    clean = {k: v for k, v in props.items() if v is not None and v != ""}
    return {"type": "Feature", "properties": clean, "geometry": geometry}


def validate(nodes: list[dict], links: list[dict], balances: list[dict]) -> list[str]:
    """Check every row with corridors.data.schema and corridors.data.units; return problems (empty = fine)."""
    problems = []
    ids = set()
    for f in nodes:
        p = f["properties"]
        try:
            NodeRecord.model_validate(p)
            if p.get("capacity"):
                parse_quantity(p["capacity"])
        except Exception as exc:  # report all at once
            problems.append(f"node {p.get('id')}: {exc}")
        if p["id"] in ids:
            problems.append(f"node {p['id']}: duplicate id")
        ids.add(p["id"])
    lids = set()
    for f in links:
        p = f["properties"]
        try:
            rec = LinkRecord.model_validate(p)
            for c in rec.commodities:
                parse_capacity(rec.capacity, c)
        except Exception as exc:
            problems.append(f"link {p.get('id')}: {exc}")
            continue
        for end in ("from", "to"):
            if p[end] not in ids:
                problems.append(f"link {p['id']}: unknown {end} node {p[end]}")
        if p["id"] in lids:
            problems.append(f"link {p['id']}: duplicate id")
        lids.add(p["id"])
        for key in ("source", "status", "capacity", "route_accuracy", "capacity_source"):
            if not p.get(key):
                problems.append(f"link {p['id']}: no {key}")
    for row in balances:
        try:
            rec = BalanceRecord.model_validate(row)
            for field in ("supply", "demand"):
                if getattr(rec, field):
                    to_canonical(parse_quantity(getattr(rec, field)), rec.commodity)
        except Exception as exc:
            problems.append(f"balance {row['node']}/{row['commodity']}/{row['year']}: {exc}")
        if row["node"] not in ids:
            problems.append(f"balance {row['node']}: unknown node")
    return problems


def write(nodes: list[dict], links: list[dict], balances: list[dict], log: list[str]) -> None:
    """Write the four files into the build's output folder (``tools.paths.out()``)."""
    out = paths.out()
    out.mkdir(parents=True, exist_ok=True)
    for name, feats in (("nodes.geojson", nodes), ("links.geojson", links)):
        doc = {"type": "FeatureCollection", "features": feats}
        (out / name).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=BALANCE_FIELDS, lineterminator="\n")
    w.writeheader()
    for row in balances:
        w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in BALANCE_FIELDS})
    (out / "balances.csv").write_text(buf.getvalue(), encoding="utf-8")
    groups = io.StringIO()
    gw = csv.DictWriter(groups, fieldnames=list(freight.CAPACITY_GROUPS[0]), lineterminator="\n")
    gw.writeheader()
    gw.writerows(freight.CAPACITY_GROUPS)
    (out / "capacity_groups.csv").write_text(groups.getvalue(), encoding="utf-8")
    (out / "SOURCES.md").write_text(geodata_sources_md.render(nodes, links, balances, log), encoding="utf-8")


def report(nodes: list[dict], links: list[dict], balances: list[dict], log: list[str]) -> int:
    """Print checks; return the number of hard failures."""
    fails = 0
    for line in log:
        print("  log:", line)
    for f in links:
        p = f["properties"]
        t = tags_of(f["geometry"]["coordinates"])
        if len(t) > 1 and p["status"] != "context":      # a context route is one link for a whole corridor
            print(f"  FAIL {p['id']}: crosses {t}")
            fails += 1
        if p["mode"] in ("sea", "ferry") and not p.get("internal_waters"):
            lk = geo.land_km(f["geometry"]["coordinates"], skip_ends_km=8.0)
            if lk > 0.5:
                print(f"  FAIL {p['id']}: {lk:.1f} km over land")
                fails += 1
    by_asset: dict[str, float] = {}
    official: dict[str, float] = {}
    for f in links:
        p = f["properties"]
        if p["id"].endswith(("-x", "-x1", "-x2", "-phase2")):
            continue
        by_asset[p["asset"]] = by_asset.get(p["asset"], 0) + p["length_km_built"]
        if p.get("official_length_km"):
            official[p["asset"]] = p["official_length_km"]
    print("  lengths (built vs official):")
    for a, off in sorted(official.items()):
        print(f"    {a:24s} {by_asset[a]:8.1f} km vs {off:8.1f} km ({100 * (by_asset[a] / off - 1):+.1f}%)")
    ok, msg = geodata_check.serve_2024(nodes, links, balances)
    print(f"  2024 base case: {msg}")
    fails += 0 if ok else 1
    for year in (2025, 2030):
        print(f"  (info) {geodata_check.serve(nodes, links, balances, year)[1]}")
    size = sum((paths.out() / n).stat().st_size for n in ("nodes.geojson", "links.geojson") if (paths.out() / n).exists())
    print(f"  {len(nodes)} nodes, {len(links)} links, {len(balances)} balance rows; files {size / 1e6:.2f} MB")
    return fails


def run() -> int:
    """Build, validate, write into ``tools.paths.out()`` and report; return 1 on a failed check, else 0."""
    nodes, links, balances, log = build()
    problems = validate(nodes, links, balances)
    for p in problems:
        print("  INVALID", p)
    if problems:
        return 1
    write(nodes, links, balances, log)
    return 1 if report(nodes, links, balances, log) else 0
