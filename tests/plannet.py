"""A small planning network on real ground (tests of the portfolio map and the report's planning section).

The corridor network of tests/test_plan.py with its nodes at real places, so the country outlines
of the maps lie under it::

    src Baku (AZ) ─10─▶ g Tbilisi (GE) ─10─▶ h Ankara (TR) ─10─▶ it Brindisi (IT)   demand 10 bcm/y
       ├── BYPASS 10 bcm/y, 1 bn EUR (via am Yerevan, AM) to h
       ├── SMALL 4 bcm/y, 300 million EUR (via ir Tabriz, IR) to h
       └── DIRECT 8 bcm/y, 0.9 bn EUR [K] to it (no transit country)

Cut Georgia: Italy loses everything without a project; BYPASS alone brings it back.
"""

from __future__ import annotations

PLACES = {"src": ("Baku", "AZ", 49.87, 40.41), "g": ("Tbilisi", "GE", 44.79, 41.72), "h": ("Ankara", "TR", 32.86, 39.93),
          "it": ("Brindisi", "IT", 17.94, 40.63), "am": ("Yerevan", "AM", 44.51, 40.18), "ir": ("Tabriz", "IR", 46.29, 38.08)}
LINKS = [("sg", "src", "g", "10 bcm/y", 1.0, None, None), ("gh", "g", "h", "10 bcm/y", 1.0, None, None),
         ("hi", "h", "it", "10 bcm/y", 1.0, None, None),
         ("sa", "src", "am", "10 bcm/y", 2.0, "BYPASS", "1 bn EUR"), ("ah", "am", "h", "10 bcm/y", 2.0, "BYPASS", "1 bn EUR"),
         ("sr", "src", "ir", "4 bcm/y", 2.0, "SMALL", "300 million EUR"),
         ("rh", "ir", "h", "4 bcm/y", 2.0, "SMALL", "300 million EUR"),
         ("si", "src", "it", "8 bcm/y", 3.0, "DIRECT", "0.9 bn EUR [K]")]


def plan_frames(names: dict[str, str] | None = None):
    """(nodes, links, balances) frames; ``names`` overrides link names (e.g. hostile text)."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import LineString, Point

    pts = {n: Point(lon, lat) for n, (_, _, lon, lat) in PLACES.items()}
    nodes = gpd.GeoDataFrame({"id": list(PLACES), "name": [v[0] for v in PLACES.values()],
                              "kind": ["junction"] * len(PLACES), "source": ["test"] * len(PLACES),
                              "country": [v[1] for v in PLACES.values()]}, geometry=list(pts.values()), crs="EPSG:4326")
    rows = []
    for lid, a, b, cap, cost, project, capex in LINKS:
        rows.append({"id": lid, "name": (names or {}).get(lid, f"{PLACES[a][0]}–{PLACES[b][0]}"), "corridor": "Test",
                     "mode": "pipeline", "commodities": "gas", "from": a, "to": b, "bidirectional": False,
                     "capacity": cap, "cost": cost, "status": "proposed" if project else "operating", "source": "test",
                     "route_accuracy": "straight", "project": project, "capex": capex,
                     "lead_time_years": 3.0 if project else None})
    links = gpd.GeoDataFrame(rows, geometry=[LineString([pts[r["from"]], pts[r["to"]]]) for r in rows], crs="EPSG:4326")
    balances = pd.DataFrame([{"node": "src", "commodity": "gas", "year": 2024, "supply": "12 bcm/y", "demand": None,
                              "priority": 1, "source": "test"},
                             {"node": "it", "commodity": "gas", "year": 2024, "supply": None, "demand": "10 bcm/y",
                              "priority": 1, "source": "test"}])
    return nodes, links, balances


def plan_network(names: dict[str, str] | None = None):
    from corridors.data.network import network_from_frames

    return network_from_frames(*plan_frames(names))
