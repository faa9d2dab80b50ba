"""Freight days and dollars: transit time and charges on freight links, dwell at freight border nodes.

Rules (each value names its basis in ``time_source`` / ``cost_source``):

* ferries: sailing times where the sources give them (Kuryk–Baku 18 h, Aktau–Baku 22 h, FERRIES_CASPIAN-016;
  Batumi–Burgas ~60 h, FERRIES_BLACKSEA-001); otherwise, and for sea legs, the lane length at 14 knots, the
  speed of the Caspian Ro-Pax ferries (FERRIES_CASPIAN-007) [K];
* rail: the CAREC average rail speed without delay, 53.9 km/h (FREIGHT_KPI-008); road: 23.4 km/h (FREIGHT_KPI-009);
* charges: road 945 USD per 500 km for 20 t (FREIGHT_KPI-009) = 0.0945 USD/t-km; rail 804 USD on the same
  basis (FREIGHT_KPI-008, basis assumed [K]);
* rail border crossings: 40.6 h and 215 USD (FREIGHT_KPI-008), road crossings 9.9 h and 208 USD
  (FREIGHT_KPI-009), per 20 t load [K];
* ports at the end of an international freight ferry or sea leg are border crossing points too (exit
  or entry formalities and the transfer between ship and train happen there): the CAREC rail BCP
  time and cost, 40.6 h and 215 USD per 20 t (FREIGHT_KPI-008), per port passed [K] (no port dwell
  is in the data);
* scheduled ferries add the mean wait for a sailing, half the headway: 84 h for the weekly
  Poti–Constanța (FERRIES_BLACKSEA-003) and Batumi–Burgas (FERRIES_BLACKSEA-001) ferries. The
  Caspian ferries have no timetable in the data (Kuryk saw about two a day in 2023,
  FERRIES_CASPIAN-014, a 6 h mean wait; nothing for Aktau or Turkmenbashi), so no wait is added on
  the Caspian rather than on Kuryk alone.
"""

from __future__ import annotations

from tools.geodata_sources import cite

from corridors.settings import COST_PER_KM

KN14_KMH = 14 * 1.852
SAILING_H = {"ferry-kuryk-alat": (18.0, cite("FERRIES_CASPIAN-016")),
             "ferry-aktau-alat": (22.0, cite("FERRIES_CASPIAN-016")),
             "ferry-batumi-burgas": (60.0, cite("FERRIES_BLACKSEA-001"))}
RAIL_KMH, ROAD_KMH = 53.9, 23.4
RAIL_USD_T_KM, ROAD_USD_T_KM = 804 / 500 / 20, 945 / 500 / 20
#: mean wait for a sailing (half the headway, hours) on scheduled freight ferries, with its basis
WAIT_H = {"ferry-poti-constanta": (84.0, f"weekly sailing ({cite('FERRIES_BLACKSEA-003')}): half the 168 h headway"),
          "ferry-batumi-burgas": (84.0, f"weekly sailing ({cite('FERRIES_BLACKSEA-001')}): half the 168 h headway")}
BORDER = {"rail": (40.6, 215 / 20, cite("FREIGHT_KPI-008")), "road": (9.9, 208 / 20, cite("FREIGHT_KPI-009"))}


def rules() -> str:
    """The rules above, as the Markdown list SOURCES.md prints."""
    doc = __doc__.split("Rules (each value names its basis in ``time_source`` / ``cost_source``):", 1)[1]
    return doc.strip().replace("``", "`")


def annotate(nodes: list[dict], links: list[dict]) -> None:
    """Set transit_h, cost_usd_per_t (links) and dwell_h, dwell_cost_usd_per_t (border and port nodes) in place."""
    border_mode: dict[str, str] = {}
    sea_ends: set[str] = set()
    for f in links:
        p = f["properties"]
        if "freight" not in p["commodities"]:
            continue
        km, mode = p["length_km_built"], p["mode"]
        if p.get("transit_h") is not None:       # a context route timed from its sources (geodata_catalog_context)
            continue
        if p["id"] in SAILING_H:
            h, src = SAILING_H[p["id"]]
            p["transit_h"], p["time_source"] = h, f"sailing time, {src}"
            if p["id"].startswith("ferry-") and p["id"].endswith("-alat"):
                # the coarse Caspian lanes draw Kuryk's leg longer than Aktau's; price the sailed distance instead
                p["sailing_km"] = round(h * KN14_KMH)
                p["cost"] = round(COST_PER_KM["ferry"] * p["sailing_km"], 4)
                p["cost_basis"] = (f"ferry rate per km × sailing distance {p['sailing_km']} km ({h:g} h at 14 kn, {src}); "
                                   "the lane geometry is coarse (+27 to +55 % on the straight line)")
        elif mode in ("ferry", "sea"):
            p["transit_h"] = round(km / KN14_KMH, 1)
            p["time_source"] = f"lane length at 14 kn, the Caspian Ro-Pax speed ({cite('FERRIES_CASPIAN-007')}) [K]"
        elif mode == "rail":
            p["transit_h"] = round(km / RAIL_KMH, 1)
            p["time_source"] = f"length at the CAREC rail speed without delay, 53.9 km/h ({cite('FREIGHT_KPI-008')})"
            p["cost_usd_per_t"] = round(km * RAIL_USD_T_KM, 2)
            p["cost_source"] = (f"CAREC rail transport cost 804 USD ({cite('FREIGHT_KPI-008')}), taken per 500 km for "
                                "20 t as the road indicator is [K]")
        elif mode == "road":
            p["transit_h"] = round(km / ROAD_KMH, 1)
            p["time_source"] = f"length at the CAREC road speed, 23.4 km/h ({cite('FREIGHT_KPI-009')})"
            p["cost_usd_per_t"] = round(km * ROAD_USD_T_KM, 2)
            p["cost_source"] = f"CAREC road cost 945 USD per 500 km for 20 t ({cite('FREIGHT_KPI-009')})"
        if p["id"] in WAIT_H:
            wait, basis = WAIT_H[p["id"]]
            p["transit_h"] = round(p["transit_h"] + wait, 1)
            p["time_source"] += f"; plus {wait:g} h mean wait for a sailing, {basis} [K]"
        if mode in ("ferry", "sea"):
            sea_ends.update((p["from"], p["to"]))
        if mode in ("rail", "road"):
            for end in (p["from"], p["to"]):
                if border_mode.get(end) != "rail":
                    border_mode[end] = mode
    for f in nodes:
        p = f["properties"]
        if p["kind"] == "port" and p["id"] in sea_ends:
            h, usd, src = BORDER["rail"]
            p["dwell_h"], p["dwell_cost_usd_per_t"] = h, round(usd, 2)
            p["dwell_source"] = (f"a port on an international ferry or sea leg is a border crossing point: the CAREC average "
                                 f"rail border-crossing time and cost ({src}) per port passed, cost per 20 t load [K]")
            continue
        if p["kind"] != "border" or p["id"] not in border_mode:
            continue
        h, usd, src = BORDER[border_mode[p["id"]]]
        p["dwell_h"], p["dwell_cost_usd_per_t"] = h, round(usd, 2)
        p["dwell_source"] = f"CAREC average {border_mode[p['id']]} border-crossing time and cost ({src}); cost per 20 t load [K]"
