"""Render geodata/SOURCES.md: credits, method, knowledge/estimates, disagreements, lengths.

The tables (estimates, schematic links, lengths, counts) are generated from the built data, so the
document cannot drift from the files it describes.
"""

from __future__ import annotations

import re
from collections import Counter

KNOWLEDGE = re.compile(r"\[K\??\]|estimate|notional|proxy", re.IGNORECASE)

HEAD = """# geodata — sources, licences and method

The bundled network: `nodes.geojson` ({n_nodes} nodes), `links.geojson` ({n_links} links) and
`balances.csv` ({n_bal} rows), built by `python -m tools.build` from the read-only inputs in
`../shared/data/` (each folder there has its own SOURCES.md with repository, path and commit),
together with `countries.geojson` (Natural Earth 1:50m). Run it again to rebuild everything below
from the same inputs (`--check` names the files that would change); nothing in these files is
edited by hand.

## Credits and licences

| source | used for | licence / credit |
| --- | --- | --- |
| Global Energy Monitor — Global Gas Infrastructure Tracker (2024-10 map data, 2023-12 release), Global Oil Infrastructure Tracker (2024-01), pipeline routes (GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes @6bfab45, Apr 2026) | pipeline routes, capacities, start years, statuses, operators (`gem_project_id` on each link) | **CC BY 4.0** — "Copyright © Global Energy Monitor. Global Gas Infrastructure Tracker / Global Oil Infrastructure Tracker. Distributed under a Creative Commons Attribution 4.0 International License." GEM routes traced from OSM (TAP P0724, TANAP P0763) also carry ODbL obligations. |
| OpenStreetMap — railways (Azerbaijan query box and Turkish Thrace via njfinney/Asia_Railway_Calculator @d44c7e5; Georgia HOT export 2023-03 via ursulams/thirtydaysofmaps @e4756e2) and major rail stations (same repository) | rail routes (`route_accuracy = traced`), station coordinates, waypoints | **© OpenStreetMap contributors, ODbL 1.0** (https://www.openstreetmap.org/copyright). The node and link files contain data derived from OSM and are therefore made available under the ODbL. |
| Natural Earth — 1:50m Admin-0 countries (`countries.geojson`), 1:10m land boundary lines | border crossings (every link is cut where it crosses a 1:50m border), the Araz tripoints of the TRIPP section | public domain (no credit required; credited here) |
| scgraph_data 2.0.0 `world_railways` (connor-makowski/scgraph_data @462a90b, MIT), derived from OpenStreetMap | schematic rail lines in Türkiye (Kars–Erzurum–Sivas–Kayseri–Ankara, Kayseri–Adana–Mersin) and Iran (Jolfa–Tabriz–Zanjan–Qazvin, Qazvin–Rasht); their along-track `graph_km` as `official_length_km` | MIT; data **© OpenStreetMap contributors, ODbL 1.0** |
| searoute-py (genthalili, Apache-2.0), network derived from Eurostat SeaRoute marnet / ORNL Global Shipping Lane Network | Caspian sea and ferry legs | Apache-2.0; lanes © European Union (EUPL 1.2) / ORNL |
| Eurostat SeaRoute `marnet_plus_20km` (eurostat/searoute @88a2e56) | Black Sea, Turkish Straits and Mediterranean legs | **EUPL 1.2**, © European Union |
| NGA World Port Index (Pub. 150) | port coordinates (Ceyhan, Augusta, Haifa, Omišalj, Trieste, Constanța, Burgas) | US Government work, public domain; "World Port Index (Pub. 150), NGA" |
| `../shared/data/facts/corridor_facts.csv` | volumes, capacities, dates (cited as `corridor_facts FACT-ID` in `source`, `capacity_source` and balance rows) | each fact names the public page it was read from; rows with `basis = knowledge` are estimates |
| `../shared/data/reference_assets.csv`, `reference_nodes.csv` | cross-checks, a few coordinates (named in `coord_source`) | compiled from the sources above |

## How the network is built

* **Routes.** Pipelines are shortest paths on their GEM route geometry (`traced`). Railways are
  shortest paths on the OSM lines where the data has them (Azerbaijan, Nakhchivan, Georgia, the
  Astara and Julfa border links, Turkish Thrace: `traced`), or on the schematic scgraph lines (Anatolia,
  Iran: `traced`); elsewhere (Kazakhstan, Kars–Kartsakhi,
  Bulgaria, the Armenian Meghri section) they run through OSM station points (`waypoints`), and
  planned lines without a published alignment are drawn `straight`. Sea and ferry legs are shortest
  paths on the sea lanes, each end joined to the nearest lane point that can be reached without
  crossing land; lane edges that cut across a 1:50m island are avoided.
* **One country per link.** Every route is cut at its stops (terminals, junctions, markets) and at
  every crossing of a Natural Earth 1:50m border — the same polygons the package uses to tag links
  — and border nodes (`kind = border`) sit on those crossings. Sub-sea stretches are separate links
  at sea (TAP Adriatic, TANAP Dardanelles, TCP). `links.country` is one ISO-2 code or `sea` for
  every link.
* **The Araz.** The 1:50m polygons draw the Azerbaijan/Armenia–Iran border along the Araz 2–4 km
  off the river, so the Horadiz–Aghband, Meghri and Nakhchivan lines (which follow its north bank)
  would tag as partly Iranian. Points of those lines (and the nodes Aghband, Salamalik, Julfa and
  the two Araz tripoints) are moved onto the correct 1:50m polygon; the moved nodes keep their
  source coordinates in `source_lon`/`source_lat`, and the links say so in `geometry_note`.
* **Markets.** Demand sits on `kind = market` nodes at the point where a corridor hands over to a
  national system (TAP exit at Melendugno, Komotini, Stara Zagora, Ankara hub, Saguramo, Aleppo,
  Augusta, Haifa, Omišalj, the TAL/AWP junction, Constanța, Svilengrad, Qazvin) or, for flows that
  leave the region, at `market-med` (a lane point in the Strait of Sicily, no country). Markets for
  different commodities in one country may be different nodes (`market-it` gas, `market-it-oil`).
* **Capacities** are on links (shared by the commodities a link carries, all with one canonical
  unit) and, where a public figure exists, on port and border nodes. The Port of Baku at Alat
  carries its handling capacity on the port rail spur (`alat-port-rail`, 15 Mt/y) so that the
  planned expansion can be switched on as a parallel link (`alat-port-rail-phase2`, +10 Mt/y).
  Capacity expansions of pipelines (TAP, TANAP, SCPFX) are parallel links with the asset's name,
  ids ending `-x`, `-x1`, `-x2`.
* **Years.** `start_year` is the first year of operation (planned projects: the announced year);
  projects with no firm date have `status = proposed` or `planned` and no `start_year`, so they
  appear only when switched on (`Network.at(year, projects=[...])`). Idle links (WREP) stay in the
  network.
* **Balances.** Supply rows are maxima at origins (fields, terminals, border entries); demand rows
  are at markets; 2025 rows are given where they differ (`Network.at` keeps the latest year not
  after the one asked). The 2024 rows are sized so that a min-cost flow on the 2024 network serves
  every demand: the build checks this with its own linear programme (`tools/geodata_check.py`).

## Capacity groups

`capacity_groups.csv` lists capacities shared by several links (links name their group in
`capacity_group`): the Caspian ferry fleet, 4.5 Mt/y over the Aktau, Kuryk and Turkmenbashi legs
(FERRIES_CASPIAN-001; ASCO's 76,757 and 77,071 wheeled units in 2024–25, FERRIES_CASPIAN-008/-009).
The optimiser adds one capacity row per group: the flows on all its legs together stay within the
group's capacity, besides each port's own limit. The Caspian ferry legs are priced on their sailed distances (sailing
hours at 14 kn: Kuryk–Baku 18 h, Aktau–Baku 22 h, FERRIES_CASPIAN-016), not on the coarse lane geometry.

## Origins of supplies

Each supply row is one origin (country and stream), kept in `tools/geodata_balances.py` (`ORIGINS`) until
balances get an `origin` column (issue 13). Domestic use is a demand row served before exports: Azerbaijan's
gas (~13.5 bcm in 2024, GAS_DOMESTIC-002; 13.1 bcm/y at Hajigabul plus Nakhchivan's 0.35) and its refinery
intake (4.7 Mt/y at Sangachal). Supplies are production: commercial gas 38.67 bcm (GAS_PRODUCTION-009), crude
and condensate 29.1 Mt (OIL_PRODUCTION-001).

**Oil in BTC by origin (2024):** of 30.58 Mt (OIL_BTC-001 at 7.33 bbl/t), Azerbaijani crude up to 24.4 Mt
(exports, OIL_EXPORTS-001), Kazakh crude shipped from Aktau at most 2.2 Mt/y (the KMG–SOCAR ceiling, OIL_KZ-006;
about 1.4–1.5 Mt in 2024, OIL_KZ-004/-007), and Turkmen (with some Kazakh) crude from Turkmenbashi about 4 Mt/y
[K] (Kazakh + Turkmen transit 3.215 Mt in Jan–Jul 2024, 18.7 % of BTC, OIL_BTC-008; 5.24 Mt in 2023, OIL_BTC-011).

{origins}

## Freight days and dollars

`transit_h` (links), `dwell_h` and `dwell_cost_usd_per_t` (nodes) and `cost_usd_per_t` (links) give
`corridors routes` its door-to-door hours, days and USD per tonne (`tools/geodata_times.py`):

{freight_rules}

Dwell at nodes (hours, USD per tonne):

{dwell}

### Context routes

{context}

## Counts

{counts}

## What is knowledge or estimate rather than data

Values below carry `[K]` (background knowledge, not read in a source), `[K?]` (low confidence) or
are derived estimates; replace them when a primary figure is found.

### Capacities

{k_caps}

### Years

{k_years}

### Coordinates

{k_coords}

### Balances

{k_bal}

### Schematic and straight links (no route in the data)

{straight}

## Where sources disagree (and what is used)

| topic | sources | used |
| --- | --- | --- |
| BTC length | bp 1,768 km (OIL_BTC-007; 443 AZ / 249 GE / 1,076 TR); GEM route geometry 1,654 km | route geometry drawn; official length kept in `official_length_km` |
| BTC capacity | bp 1.2 mb/d with DRA, 1.0 mb/d design (OIL_BTC-007); GEM 1,200,000 bpd | 1,200 kb/d |
| BTC throughput 2024 | BOTAŞ 224.142 million bbl, Turkish section (OIL_BTC-001); State Statistics counts tonnes entering the line incl. transit | BOTAŞ figure, at 7.33 bbl/t |
| TAP capacity | nominal 10 bcm/y (TAP-002, GEM); 11.5 bcm moved in 2022 (TAP-005); ~11 bcm in 2024 (TAP-012); 11.2 commercial from 1 Jan 2026 (TAP-001, TAP-013); at least 20 fully expanded (TAP-002) | **Rule: a year's limit is the larger of the demonstrated throughput and the expanded commercial capacity, never their sum.** 11.5 bcm/y (demonstrated) in every year; the 2026 step (11.2) stays below it and adds nothing; the full expansion (proposed, no date) adds 20 − 11.5 = 8.5 bcm/y, so TAP reaches 20, not 21.5 |
| TANAP capacity | 16.2 bcm/y now, two compressor stations (TANAP-006); 16 bcm/y (TANAP-001); 24 with two more stations, 31 with three more (TANAP-004); GEM lists Phase Two +8 bcm/y as operating since 2023 | 16.2 bcm/y; steps to 24 (+7.8) and 31 (+7) bcm/y proposed, no investment decision |
| IGB capacity | 3 bcm/y, 5 with a compressor at Komotini (GAS_IGB-001); expansion proceeding, no date (GAS_IGB-002) | 3 bcm/y; +2 bcm/y proposed |
| Azerbaijani gas through Iran to Türkiye | no source: Türkiye's entry points (GAS_TURKIYE-002) list Gürbulak (Iran border) at 5.4 bcm in 2023, Iranian gas; the only Azerbaijan–Iran gas flow sourced is the Nakhchivan swap (SWAP-001/-004) | no such route: the swap delivers only to Nakhchivan, until 2024; Iranian gas (5.4 bcm/y) enters at Tabriz for Türkiye only; Turkmen swap gas 1.3 bcm in 2025 (SWAP-006) at Gürbulak |
| Nakhchivan supply | Iran swap until early 2025 (SWAP-001); Iğdır–Nakhchivan pipeline from March 2025 (NAKHCHIVAN-002) | swap links retired after 2024; Iğdır from 2025 |
| Astara (IR) terminal | 1 Mt/y initial, 4 Mt/y when finished (INSTC-008); due end-2025 (INSTC-006), end-2026 (INSTC-007) | 1 Mt/y to 2026, +3 Mt/y from 2027 |
| Gas to Syria 2025 | first-phase rate 1.2 bcm/y (SYRIA-002); 0.5 bcm delivered in 2025 (GAS_EXPORTS-012) | 0.5 bcm/y in 2025 (as it flowed), 1.2 bcm/y from 2026 |
| TANAP length | 1,811 km (GEM, TANAP-001); 1,850 km often quoted [K]; GEM route file 1,921 km incl. spurs | main line traced (spurs dropped) |
| SCP capacity | 23.4 bcm/y (SGC, SCP-001); GEM 7.41 + 16.63 = 24.04 bcm/y | 23.4 bcm/y |
| SCP end | GEM gives Erzurum as end location; the route ends at the GE/TR border | border (Türkgözü) |
| WREP capacity | 145 kb/d (OIL_WREP-001); GEM 115 kb/d + 35 kb/d expansion record | 145 kb/d |
| NREP capacity | 105 kb/d (OIL_NREP-001); GEM 5.3 Mt/y | 105 kb/d |
| NREP start year | GEM 1983 (Soviet line); Azerbaijani exports since 1997 [K] | 1997 |
| CPC capacity | 81.5 Mt/y, Kazakh section 72.5 (OIL_CPC-003); GEM 1,340 kb/d | 81.5 / 72.5 Mt/y |
| Iğdır–Nakhchivan | 0.73 bcm/y, 97.5 km, opened Mar 2025 (NAKHCHIVAN-001/-002); GEM 0.5 bcm/y, 160 km, "proposed"; GEM route 93 km | operating from 2025, 0.73 bcm/y |
| Kilis–Aleppo | 2 bcm/y, opened 2 Aug 2025 (SYRIA-001/-003); GEM has a route but no attribute record | facts |
| Rasht–Astara | 162 km (INSTC-001); the seed article says 250 km unfinished; completion 2028 (Overchuk, INSTC-001) or end-Q3 2027 (Belousov, INSTC-003) | 162 km, 2028 |
| BTK length / capacity | 850 km (RAIL_BTK-004), 826 km commonly cited [K]; 5 Mt/y after 2024 (RAIL_BTK-001), 1 Mt/y before (RAIL_BTK-002), 17 Mt/y long-term (RAIL_BTK-003) | 850 km; 5 Mt/y on the BTK proper |
| IGB length | ICGB 182 km (GAS_IGB-001); GEM 184 km; GEM route 158 km (the only route in the data, no segment over 3 km) | GEM route drawn (158 km); 182 km kept as official, and the IGB links are priced on it (`cost_basis`) |
| TRIPP (Meghri) length | 42 km Armenian section (ZANGEZUR-005); the Natural Earth 1:10m Araz boundary between the tripoints measures 35 km | drawn along that boundary inside Armenia; the comparison below is for the Armenian link alone (the 9 km of connections in Azerbaijan are asset TRIPP-AZ) |
| BOTAŞ west line (GEM P2227) | GEM: mothballed (2022); Azerbaijani gas reaches Bulgaria via Strandzha/Malkoçlar (GAS_EXPORTS-022) | in service [K] |
| Azerbaijan gas output 2024 | 50.3 bcm (Energy Ministry, GAS_PRODUCTION-001); 50.597 bcm (State Statistics, GAS_PRODUCTION-008) | not used directly (supply is Shah Deniz, GAS_PRODUCTION-011) |
| Middle Corridor growth 2023 | +86% (FREIGHT-006) vs +65% (other Kazakh releases) | volumes, not growth rates, are used |
| Gas volumes | Azerbaijani official bcm and TAP AG bcm use different reference conditions | taken as reported |
| Nakhchivan gas demand | no recent figure; Iran swap deliveries 0.33–0.35 bcm/y in 2010–11 (SWAP-004) | 0.35 bcm/y as a proxy |

## Geometry caveats

* The Caspian lane network (searoute) has 14 coarse edges: Alat–Aktau, Alat–Kuryk and
  Alat–Turkmenbashi legs follow it and are longer than the sailed distances (Kuryk and
  Turkmenbashi reach the lanes far from port).
* GEM's CPC route is a 12-vertex sketch ending ~40 km inland, and its Trans-Balkan route an 8-vertex
  sketch: both are `waypoints`. The CPC marine terminal coordinate is knowledge. The sketch's Kazakh
  part cut across the north-east Caspian: points over the sea are moved just inside the 1:50m
  coast of Kazakhstan (`geometry_note` on `cpc-kz`), so the segment lies on land.
* Rasht–Astara (planned rail) and the road that bridges it have no alignment in the data and no
  sourced waypoints (Lavandevil, Talesh, Rezvanshahr): they are the straight Astara–Rasht line with
  every point over the Caspian moved just inside Iran's 1:50m coast (`straight`, on land).
* Turkish and Iranian rail lines outside the OSM extracts follow the schematic scgraph lines
  (`traced`): where the source keeps a long straight edge the drawn line is shorter than the
  along-track `graph_km` given as `official_length_km`. İskenderun is not modelled: its branch is an
  isolated fragment in the source (Toprakkale–İskenderun absent).
* The 1:50m polygons close the Dardanelles: the Turkish Straits transit link therefore tags as TR
  (internal waters) and is flagged `internal_waters`; they also put Sangachal 5.7 km inland, so the
  two Caspian tanker legs into Sangachal tag as AZ.
* TANAP's GEM route file includes spurs; the main line is the shortest path between the GE/TR
  border and Kipoi, and the Eskişehir offtake junction sits where the spur to Eskişehir leaves it.
  The BOTAŞ connector Türkgözü–Horasan has no route in the data and is drawn on the TANAP
  alignment (`waypoints`).
* Türkiye's gas demand is one node at Ankara (`market-tr`), the end of the Tabriz–Ankara line and
  the head of the BOTAŞ west line; TANAP's Eskişehir offtake reaches it by a straight schematic
  link. The Turkish rail line Kars–Ankara–İstanbul also runs through that node.
* Geometry is simplified (Douglas–Peucker, 0.002° ≈ 200 m; 0.001° for sea legs) and rounded to
  5 decimals; a simplification that would shorten a link by more than 1% is redone finer.
* Route lengths (`length_km`, geodesic on the simplified geometry) against official lengths:

{lengths}
"""


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    if not rows:
        return "_none_"
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "/") for c in r) + " |")
    return "\n".join(out)


def render(nodes: list[dict], links: list[dict], balances: list[dict], log: list[str]) -> str:
    lp = [f["properties"] for f in links]
    npr = [f["properties"] for f in nodes]
    by_corr = Counter(p["corridor"] for p in lp)
    counts = _table([(c, n) for c, n in sorted(by_corr.items())], ("corridor", "links")) + "\n\n" + _table(
        [(k, n) for k, n in sorted(Counter(p["kind"] for p in npr).items())], ("node kind", "nodes"))
    k_caps = [(p["id"], p["capacity"], p["capacity_source"]) for p in lp if KNOWLEDGE.search(p.get("capacity_source", ""))]
    k_caps += [(p["id"], p["capacity"], p["capacity_source"]) for p in npr
               if p.get("capacity") and KNOWLEDGE.search(p.get("capacity_source", ""))]
    k_years = [(p["id"], p.get("start_year", ""), p.get("start_year_source", "")) for p in lp
               if KNOWLEDGE.search(p.get("start_year_source", "")) and not p["id"].endswith(("-x", "-x1", "-x2"))]
    k_coords = [(p["id"], p["coord_source"]) for p in npr if KNOWLEDGE.search(p.get("coord_source", ""))]
    k_coords += [(p["id"], "moved onto the 1:50m polygon by %.1f km (source %.5f, %.5f)" % (p["moved_km"], p["source_lon"], p["source_lat"]))
                 for p in npr if p.get("moved_km")]
    k_bal = [(r["node"], r["commodity"], r["year"], r.get("supply") or "", r.get("demand") or "", r["note"])
             for r in balances if KNOWLEDGE.search(r.get("note", "")) or "residual" in r.get("note", "") or "derived" in r.get("note", "")]
    straight = [(p["id"], p["route_accuracy"], p.get("notes", "")) for p in lp if p["route_accuracy"] == "straight"]
    lengths: dict[str, float] = {}
    official: dict[str, tuple[float, str]] = {}
    for f in links:
        p = f["properties"]
        if p["id"].endswith(("-x", "-x1", "-x2", "-phase2")):
            continue
        lengths[p["asset"]] = lengths.get(p["asset"], 0.0) + p["length_km_built"]
        if p.get("official_length_km"):
            official[p["asset"]] = (p["official_length_km"], p.get("length_source", ""))
    lrows = [(a, f"{lengths[a]:.0f}", f"{o:.0f}", f"{100 * (lengths[a] / o - 1):+.1f}%", src)
             for a, (o, src) in sorted(official.items())]
    from tools.geodata_balances import ORIGINS
    from tools.geodata_catalog_context import __doc__ as context_doc
    from tools.geodata_times import rules

    ctx = _table([(p["id"], p["from"], p["to"], p["route_accuracy"], f"{p['transit_h']:g} h", p["capacity"],
                   f"{p['cost_usd_per_t']:g} USD/t" if p.get("cost_usd_per_t") is not None else "",
                   p.get("time_source", ""))
                  for p in lp if p["status"] == "context"],
                 ("link", "from", "to", "route_accuracy", "transit", "capacity", "charge", "time source"))
    context = context_doc.split("\n", 2)[2].strip().replace("``", "`") + "\n\n" + ctx

    dwell = _table([(p["id"], p["kind"], f"{p['dwell_h']:g} h", f"{p['dwell_cost_usd_per_t']:g} USD/t", p["dwell_source"])
                    for p in npr if p.get("dwell_h") is not None], ("node", "kind", "dwell", "charge", "source"))

    origins = _table([(n, c, o, what) for (n, c), (o, what) in ORIGINS.items()], ("supply node", "commodity", "origin", "stream"))
    return HEAD.format(
        origins=origins, freight_rules=rules(), dwell=dwell, context=context, n_nodes=len(nodes), n_links=len(links), n_bal=len(balances), counts=counts,
        k_caps=_table(k_caps, ("id", "capacity", "capacity_source")),
        k_years=_table(k_years, ("link", "start_year", "why")),
        k_coords=_table(k_coords, ("node", "coordinate")),
        k_bal=_table(k_bal, ("node", "commodity", "year", "supply", "demand", "note")),
        straight=_table(straight, ("link", "route_accuracy", "notes")),
        lengths=_table(lrows, ("asset", "built km", "official km", "difference", "official length source")),
    )
