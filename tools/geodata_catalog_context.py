"""Catalogue, context part: the China–Europe routes the Middle Corridor competes with.

Two links with ``status = "context"``: the Northern rail route through Russia and Belarus, and the sea
route through Suez. They are in the network, on the map (dashed, "context") and in ``corridors routes``,
but not in a year's network (``Network.at``) and so not in the optimiser, unless a scenario or a run
switches them on by id or asset like a project (``projects = ["NORTHERN-ROUTE"]``, ``--project
ctx-northern``). Planning never proposes them (they are not projects). That way the flow answers for the
bundled corridors do not change because a context route is in the data.

* Northern route: no rail geometry north of 50° N is in the data (the scgraph extract stops there, the OSM
  station points at 48° N), so the line is schematic, drawn straight through [K] city locations on the
  line (Astana, Moscow, Minsk, Brest) and joined through Budapest and Bucharest [K] to the network's EU
  freight node at Svilengrad. It leaves the network at Aktogay, where the lines from Dostyk and Altynkol
  meet. Time and charge are the sourced China–Europe figures for the whole route: 12–18 days by rail via
  Russia (FREIGHT_KPI-003; 15 days, the middle, as its ``transit_h``), 3,240 USD per FEU (FREIGHT_KPI-004)
  at 2 TEU per FEU and 14 t per TEU (settings.TONNES_PER_TEU) [K]; its capacity is the 412,000 TEU the route
  carried in 2024 (FREIGHT_KPI-006) at 14 t per TEU [K]. Switched on, it joins the network at the EU node,
  from where the bundled rail runs on into Türkiye: with the Caspian ferries cut in 2024 it carries all
  4.314 Mt/y that crossed the Caspian (tests/test_geodata.py), and a Russia closure cuts it again.
* Suez: the Eurostat SeaRoute lanes from Port Suez (NGA WPI 48040) through the canal to the Strait of Sicily
  (``market-med``), timed like every sea leg (lane length at 14 kn); the sourced door-to-door days of the
  whole China–Europe sea route (40–55, FREIGHT_KPI-003) are in ``freight_context.csv``. No freight supply
  lies at Port Suez, so switched on it carries nothing: it is there to be seen and timed.
"""

from __future__ import annotations

import functools

from tools import geodata_geom as geo
from tools import geodata_sources as src
from tools import paths
from tools.geodata_engine import Leg, Node, Route
from tools.geodata_sources import cite

from corridors.settings import TONNES_PER_TEU

#: [K] city locations the schematic Northern line is drawn through (lon, lat); none is a node
NORTHERN_VIA = (("Astana", (71.43, 51.13)), ("Moscow", (37.62, 55.75)), ("Minsk", (27.56, 53.90)),
                ("Brest", (23.69, 52.10)), ("Budapest", (19.04, 47.50)), ("Bucharest", (26.10, 44.43)))
NORTHERN_DAYS = (12, 18)
NORTHERN_USD_PER_FEU = 3240.0
NORTHERN_TEU_2024 = 412_000


@functools.cache
def sea_suez() -> geo.SeaNet:
    """Eurostat SeaRoute 20 km lanes with the Suez Canal open (Corinth and Kiel still closed)."""
    import geopandas as gpd

    g = gpd.read_file(paths.shared() / "eurostat_searoute" / "eurostat_marnet_plus_20km_region.geojson")
    return geo.SeaNet(g[~g["pass"].isin(["corinth", "kiel"])].geometry)


def nodes() -> list[Node]:
    return [Node("suez", "Port Suez (As Suways), southern end of the Suez Canal", "port", country="EG",
                 at=src.wpi_port(48040), source="NGA World Port Index 48040 As Suways (Port Suez)",
                 coord_source="NGA World Port Index 48040",
                 notes="context: the sea route between China and Europe enters the Mediterranean through the canal")]


def routes() -> list[Route]:
    ctx = dict(commodities=["freight"], bidirectional=True, status="context", start_year=None)
    via = " – ".join(name for name, _ in NORTHERN_VIA)
    days = sum(NORTHERN_DAYS) / 2
    usd_t = NORTHERN_USD_PER_FEU / (2 * TONNES_PER_TEU)
    northern = Route(
        "ctx-northern", "Northern rail route via Russia and Belarus (context)", ["aktogay", "market-eu"],
        [Leg("points", via=tuple(pt for _, pt in NORTHERN_VIA))],
        dict(ctx, asset="NORTHERN-ROUTE", corridor="Northern (via Russia)", mode="rail",
             capacity=f"{NORTHERN_TEU_2024 * TONNES_PER_TEU / 1e6:.2f} Mt/y",
             capacity_source=(f"{cite('FREIGHT_KPI-006')}: 412,000 TEU carried China–Europe by rail via Russia in 2024, "
                              f"at {TONNES_PER_TEU:g} t per TEU (settings.TONNES_PER_TEU) [K]; a demonstrated volume"),
             operator="OTLK ERA (KTZ, Russian Railways, Belarusian Railway)", route_accuracy="straight",
             source=f"{cite('FREIGHT_KPI-002', 'FREIGHT_KPI-003', 'FREIGHT_KPI-004', 'FREIGHT_KPI-006')}; no geometry in the data",
             transit_h=days * 24,
             time_source=(f"China–Europe by rail via Russia {NORTHERN_DAYS[0]}–{NORTHERN_DAYS[1]} days "
                          f"({cite('FREIGHT_KPI-003')}), the middle, {days:g} days, for the whole route; DHL gives "
                          "28–32 days door to door in mid-2024 congestion (FREIGHT_KPI-002)"),
             cost_usd_per_t=round(usd_t, 1),
             cost_source=(f"ERA rail index about 3,240 USD per FEU for most of 2024 ({cite('FREIGHT_KPI-004')}), "
                          f"at 2 TEU per FEU and {TONNES_PER_TEU:g} t per TEU [K]"),
             notes=(f"context, schematic: no rail geometry north of 50° N in the data; drawn straight through {via} "
                    "([K] city locations, not nodes) from Aktogay, where the lines from Dostyk and Altynkol meet, to "
                    "the EU freight node at Svilengrad; the real route enters the EU at Brest–Małaszewicze (PL)")),
        ids=["ctx-northern"], split_borders=False, simplify=0, nudge=False)
    suez = Route(
        "ctx-suez", "Sea route through the Suez Canal to the Strait of Sicily (context)", ["suez", "market-med"],
        [Leg("sea", sea_suez())],
        dict(ctx, asset="SUEZ-ROUTE", corridor="Sea (Suez)", mode="sea", capacity="200 Mt/y",
             capacity_source="notional [K]: open-sea lane through the canal, not a constraint",
             operator="container shipping lines", route_accuracy="traced", internal_waters=True,
             source=(f"shortest path on the Eurostat SeaRoute 20 km lanes through the Suez Canal (EUPL 1.2); "
                     f"{cite('FREIGHT_KPI-003', 'FREIGHT_KPI-004')} for the whole route's days and rate"),
             notes=("context: the China–Europe sea route's Mediterranean leg; door to door the sources give 40–55 days "
                    "and 7,961 USD per FEU Shanghai–Rotterdam at the 2024 Red Sea peak (FREIGHT_KPI-003/-004)")),
        ids=["ctx-suez"], split_borders=False, simplify=0.001, nudge=False)
    return [northern, suez]
