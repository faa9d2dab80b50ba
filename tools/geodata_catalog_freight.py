"""Catalogue, freight part: Middle Corridor, TRIPP/Zangezur, North–South, ferries and ports.

Railways are traced on OSM lines where ../shared/data has them (Azerbaijan box, Georgia, Turkish
Thrace); elsewhere they run through OSM station points (route_accuracy "waypoints") or, for
planned lines without a published alignment, straight ("straight"). Ferries follow sea lanes.
"""

from __future__ import annotations

import functools

from tools import geodata_geom as geo
from tools import paths
from tools import geodata_sources as src
from tools.geodata_engine import Leg, Node, Route
from tools.geodata_sources import cite

OSM = "© OpenStreetMap contributors (ODbL 1.0)"
OSM_AZ = f"OSM railways, Azerbaijan box (njfinney/Asia_Railway_Calculator @d44c7e5), {OSM}"
OSM_GE = f"OSM railways of Georgia (HOT export 2023-03, ursulams/thirtydaysofmaps @e4756e2), {OSM}"
OSM_ST = f"OSM major rail stations (njfinney/Asia_Railway_Calculator @d44c7e5), {OSM}"
OSM_TH = f"OSM railways in Turkish Thrace (njfinney/Asia_Railway_Calculator @d44c7e5), {OSM}"

st = src.station


@functools.cache
def points() -> dict[str, tuple[float, float]]:
    """Junction points computed on the OSM graphs (where two lines part or meet)."""
    az = src.osm_graph("az")
    baku, sumgait_ref = st(3950438053), (49.66319, 40.50435)
    yalama = st(4595155621)
    alat_st = st(3079878190)
    # where the lines from Baku Central and from the north (Sumqayıt) meet on the way to Alat
    p_baku, _ = az.path(baku, alat_st)
    p_north, _ = az.path(yalama, alat_st)
    p_yb, _ = az.path(yalama, baku)
    s = set(p_baku)
    qaradag = next(p for p in p_north if p in s)
    sumgait = _diverge(p_north, p_yb)
    # Alat: the Astara branch leaves the main line just west of Bash-Alat station
    p_h, _ = az.path(alat_st, st(3072417074))
    p_s, _ = az.path(alat_st, st(3078963426))
    alat = _diverge(p_h, p_s)
    # Sangachal: the main-line vertex nearest the terminal
    sangachal_rail = min(p_baku, key=lambda p: geo.dist_km(p, (49.481, 40.198)))
    # Tbilisi: the BTK (to Marabda) leaves the east–west line (to Poti) at the marshalling yard
    ge = src.osm_graph("ge")
    gard = st(184610043)
    tbilisi = _diverge(ge.path(gard, st(10781805793))[0], ge.path(gard, st(3065946736))[0])
    samtredia = st(10056291746)
    # Alat port: the end of the port spur nearest the Caspian lane (the ferry terminal)
    ends = [n for n in az.g.nodes if az.g.degree(n) == 1 and geo.dist_km(n, alat_st) < 5 and geo.country_at(n) is None]
    alat_port = max(ends, key=lambda n: n[0])
    # Astara (IR): the southern end of the cross-border line in the OSM extract
    import networkx as nx

    comp = nx.node_connected_component(az.g, az.nearest(st(3078730877))[0][0])
    astara_ir = min((n for n in comp if n[0] > 48.5 and n[1] < 38.6), key=lambda n: n[1])
    # Aghband: the end of the Horadiz–Aghband line under construction
    aghband = (46.55168, 38.88376)
    return {"qaradag": qaradag, "sumgait": sumgait, "alat": alat, "sangachal-rail": sangachal_rail,
            "tbilisi": tbilisi, "samtredia": samtredia, "alat-port": alat_port, "astara-ir": astara_ir,
            "aghband": aghband}


def _diverge(p: geo.Coords, q: geo.Coords) -> tuple[float, float]:
    i = 0
    while i < min(len(p), len(q)) and p[i] == q[i]:
        i += 1
    return p[i - 1]


ARAZ = ("the Natural Earth 1:50m polygons draw the Araz border 2–4 km off; the point is moved onto the "
        "{iso} polygon so that links tag correctly (the source coordinate is kept in source_lon/source_lat)")


def _araz(node_id: str, iso: str, pt: tuple[float, float], border: str | None = None) -> dict:
    """Coordinates for a node on the Araz: on the right 1:50m polygon (or on the shared 1:50m border)."""
    if border:
        at, moved = geo.onto_border(iso, border, pt)
    else:
        at, moved = geo.onto(iso, pt)
    extra = {"source_lon": pt[0], "source_lat": pt[1], "moved_km": round(moved, 2)} if moved > 0.05 else {}
    note = ARAZ.format(iso=f"{iso}/{border} border" if border else iso) if moved > 0.05 else ""
    return {"at": at, "extra": extra, "note": note}


def nodes() -> list[Node]:
    P = points()
    ag = _araz("aghband", "AZ", P["aghband"])
    te = _araz("tripp-border-east", "AZ", (46.51404, 38.88218), border="AM")
    tw = _araz("tripp-border-west", "AM", (46.13587, 38.8637), border="AZ")
    sl = _araz("salamalik", "AZ", st(3963704035))
    jf = _araz("julfa", "AZ", st(235460157))
    N = Node
    ref_nodes = "shared/data/reference_nodes.csv"
    return [
        # --- Kazakhstan ---------------------------------------------------------------------------------
        N("dostyk", "Dostyk (KZ/CN border, opposite Alashankou)", "border", country="KZ", at=st(4025083258),
          source=f"{OSM_ST} node 4025083258", coord_source="OSM station Dostıq"),
        N("altynkol", "Altynkol (KZ side of the Khorgos crossing)", "border", country="KZ", at=st(4046956026),
          source=f"{OSM_ST} node 4046956026", coord_source="OSM station Алтынкөл"),
        N("aktogay", "Aktogay junction", "junction", country="KZ", at=st(4020137341),
          source=f"{OSM_ST} node 4020137341", coord_source="OSM station Aqtoğay"),
        N("mangystau", "Mangystau junction (lines to Aktau and Kuryk)", "junction", country="KZ", at=st(4034464670),
          source=f"{OSM_ST} node 4034464670", coord_source="OSM station Маңғыстау"),
        N("aktau", "Port of Aktau", "port", country="KZ", at=st(7066248958),
          source=f"{OSM_ST} node 7066248958; {cite('PORTS_CASPIAN-007')}", coord_source="OSM station Aktau port",
          capacity="11 Mt/y", capacity_source=f"{cite('PORTS_CASPIAN-007')} (incl. 7.5 Mt/y oil berths, PORTS_CASPIAN-008)"),
        N("kuryk", "Port of Kuryk (rail-ferry complex)", "port", country="KZ", at=st(11910129790),
          source=f"{OSM_ST} node 11910129790; {cite('PORTS_CASPIAN-012')}", coord_source="OSM station Qurıq port",
          capacity="6 Mt/y", capacity_source=cite("PORTS_CASPIAN-012")),
        N("turkmenbashi", "Turkmenbashi international seaport", "port", country="TM", at=st(2945761272),
          source=f"{OSM_ST}; {cite('PORTS_CASPIAN-014', 'PORTS_CASPIAN-016')}",
          coord_source=f"{ref_nodes} TURKMENBASHI (OSM node 2945761272)",
          capacity="17 Mt/y", capacity_source=f"{cite('PORTS_CASPIAN-014')} (excluding oil products)"),
        # --- Azerbaijan ------------------------------------------------------------------------------------
        N("alat-port", "Port of Baku at Alat (ferry and cargo terminal)", "port", country="AZ", at=P["alat-port"],
          source=f"{OSM_AZ}; {cite('PORTS_CASPIAN-001', 'PORTS_CASPIAN-004')}",
          coord_source="end of the OSM rail spur on the Alat quay (the port's rail-ferry berth)",
          notes="the port's handling capacity sits on the links alat-port-rail (15 Mt/y) and alat-port-rail-phase2 (planned +10 Mt/y)"),
        N("alat", "Alat (Bash-Alat) rail junction", "junction", country="AZ", at=P["alat"],
          source=OSM_AZ, coord_source="OSM vertex where the Astara branch leaves the Baku–Tbilisi main line (1 km from Bash-Alat station)"),
        N("baku", "Baku Central station", "station", country="AZ", at=st(3950438053),
          source=f"{OSM_ST} node 3950438053", coord_source="OSM station Baku Central"),
        N("qaradag", "Qaradağ junction (Baku and northern lines meet towards Alat)", "junction", country="AZ",
          at=P["qaradag"], source=OSM_AZ, coord_source="OSM vertex where the lines from Baku Central and Sumqayıt meet (0.4 km from Qaradağ station)"),
        N("sumgait", "Sumqayıt junction", "junction", country="AZ", at=P["sumgait"], source=OSM_AZ,
          coord_source="OSM vertex where the northern line splits for Baku Central and the Alat bypass"),
        N("sangachal-rail", "Sangachal rail siding (oil loading)", "junction", country="AZ", at=P["sangachal-rail"],
          source=OSM_AZ, coord_source="main-line OSM vertex nearest Sangachal terminal"),
        N("hajigabul-rail", "Hacıqabul station (line to Horadiz)", "junction", country="AZ", at=st(3072417074),
          source=f"{OSM_ST} node 3072417074", coord_source="OSM station Hacıqabul"),
        N("horadiz", "Horadiz station", "station", country="AZ", at=st(3078736354),
          source=f"{OSM_ST} node 3078736354", coord_source="OSM station Horadiz"),
        N("aghband", "Aghband (end of the Horadiz–Aghband line, near the Armenian border)", "station", country="AZ",
          at=ag["at"], source=f"{OSM_AZ} (railway=construction); {cite('ZANGEZUR-001')}",
          coord_source=f"{ref_nodes} AGHBAND (end vertex of the OSM construction line); {ag['note']}", extra=ag["extra"]),
        N("astara-az", "Astara (AZ) station", "station", country="AZ", at=st(3078730877),
          source=f"{OSM_ST} node 3078730877", coord_source="OSM station Astara"),
        N("astara-ir", "Astara (IR) rail terminal", "terminal", country="IR", at=P["astara-ir"],
          source=f"{OSM_AZ}; {cite('INSTC-008', 'INSTC-009')}",
          coord_source="southern end of the cross-border line in the OSM extract",
          notes="the terminal's handling capacity sits on the link ns-rail-astara-ir (1 Mt/y initial, INSTC-008) and its "
                "phase-2 link ns-rail-astara-ir-phase2 (+3 Mt/y to 4 Mt/y from 2027, INSTC-007/-008)"),
        N("samur", "Samur (RU) station, North–South corridor entry", "station", country="RU", at=st(1397171778),
          source=f"{OSM_ST} node 1397171778", coord_source="OSM station Самур"),
        N("yalama", "Yalama–Samur (RU/AZ rail border)", "border", country="AZ", source=OSM_AZ,
          coord_source="crossing of the OSM line with the 1:50m border",
          capacity="11 Mt/y", capacity_source=f"{cite('INSTC-008')} (per direction)", extra={"border_between": "RU-AZ"}),
        N("rail-border-az-ge", "Böyük Kəsik–Gardabani (AZ/GE rail border)", "border", country="GE", source=OSM_AZ,
          coord_source="crossing of the OSM line with the 1:50m border", extra={"border_between": "AZ-GE"}),
        N("astara-border", "Astara (AZ/IR rail border)", "border", country="IR", source=OSM_AZ,
          coord_source="crossing of the OSM line with the 1:50m border", extra={"border_between": "AZ-IR"}),
        # --- Nakhchivan, Armenia ---------------------------------------------------------------------------
        N("julfa", "Julfa (Culfa) station, Nakhchivan", "junction", country="AZ", at=jf["at"],
          source=f"{OSM_ST} node 235460157", coord_source=f"OSM station Culfa; {jf['note']}", extra=jf["extra"]),
        N("sadarak", "Sədərək station (near the Turkish border at Dilucu)", "junction", country="AZ", at=st(3963722257),
          source=f"{OSM_ST} node 3963722257", coord_source="OSM station Sədərək"),
        N("tripp-border-east", "Aghband–Armenia border (Araz tripoint AZ/AM/IR)", "border", country="AM",
          at=te["at"], source="Natural Earth boundary lines (public domain)",
          coord_source=f"east end of the Armenia–Iran boundary line (Natural Earth 1:10m); {te['note']}",
          extra={"border_between": "AZ-AM", **te["extra"]}),
        N("tripp-border-west", "Armenia–Nakhchivan border near Ordubad (Araz tripoint AM/AZ/IR)", "border", country="AZ",
          at=tw["at"], source="Natural Earth boundary lines (public domain)",
          coord_source=f"west end of the Armenia–Iran boundary line (Natural Earth 1:10m); {tw['note']}",
          extra={"border_between": "AM-AZ", **tw["extra"]}),
        N("salamalik", "Salamalik station (Nakhchivan, near the Armenian border)", "station", country="AZ",
          at=sl["at"], source=f"{OSM_ST} node 3963704035", coord_source=f"OSM station Salamalik; {sl['note']}",
          extra=sl["extra"]),
        # --- Georgia ---------------------------------------------------------------------------------------
        N("tbilisi", "Tbilisi marshalling yard (BTK leaves the east–west line)", "junction", country="GE", at=P["tbilisi"],
          source=OSM_GE, coord_source="OSM vertex where the lines to Marabda and to Poti part"),
        N("samtredia", "Samtredia junction", "junction", country="GE", at=P["samtredia"],
          source=f"{OSM_ST} node 10056291746", coord_source="OSM station Samtredia-1"),
        N("poti", "Port of Poti", "port", country="GE", at=st(3065946736),
          source=f"{OSM_ST} node 3065946736; {cite('PORTS_GE-002', 'PORTS_GE-004')}",
          coord_source="OSM station Poti (NE 10m port 'Poti' 2 km west)"),
        N("batumi", "Port of Batumi (oil terminal and cargo port)", "port", country="GE", at=st(6199471015),
          source=f"{OSM_ST} node 6199471015; NGA WPI 44350; {cite('PORTS_GE-001')}", coord_source="OSM station Batumi-Central"),
        N("kartsakhi", "Kartsakhi station (BTK, last Georgian station)", "station", country="GE", at=(43.30768, 41.21656),
          source=OSM_GE, coord_source="end of the OSM line at Kartsakhi (OSM station 13249471534 is 10 m away)"),
        N("kartsakhi-border", "Kartsakhi–Çıldır (GE/TR rail border, BTK)", "border", country="TR", source=OSM_ST,
          coord_source="crossing of the line with the 1:50m border", extra={"border_between": "GE-TR"}),
        # --- Türkiye, Europe ---------------------------------------------------------------------------------
        N("kars", "Kars station", "station", country="TR", at=st(2005962642),
          source=f"{OSM_ST} node 2005962642", coord_source="OSM station Kars"),
        N("kayseri", "Kayseri station (line south to Adana and Mersin leaves the Kars–Ankara line)", "junction",
          country="TR", at=st(11309230921), source=f"{OSM_ST} node 11309230921", coord_source="OSM station Kayseri"),
        N("adana", "Adana station", "station", country="TR", at=st(2726063373),
          source=f"{OSM_ST} node 2726063373", coord_source="OSM station Adana"),
        N("mersin", "Port of Mersin (Mediterranean)", "port", country="TR", at=src.wpi_port(44860),
          source=f"NGA World Port Index 44860 Mersin; {cite('PORTS_BLACKSEA-003', 'PORTS_BLACKSEA-004')}",
          coord_source="NGA World Port Index 44860 Mersin (OSM station Mersin Garı is 0.4 km away)",
          capacity="31.45 Mt/y",
          capacity_source=f"{cite('PORTS_BLACKSEA-004')}: 31.45 Mt handled in 2023 (demonstrated; the stated capacity is "
                          "2.6 million TEU, PORTS_BLACKSEA-003)"),
        N("halkali", "Halkalı (İstanbul, European side)", "station", country="TR", at=st(2253949587),
          source=f"{OSM_ST} node 2253949587", coord_source="OSM station Halkalı"),
        N("kapikule", "Kapıkule station (TR/BG border)", "station", country="TR", at=st(11132878356),
          source=f"{OSM_ST} node 11132878356", coord_source="OSM station Kapıkule"),
        N("kapikule-border", "Kapıkule–Kapitan Andreevo (TR/BG rail border)", "border", country="BG", source=OSM_ST,
          coord_source="crossing of the line with the 1:50m border", extra={"border_between": "TR-BG"}),
        N("market-eu", "European Union: rail gateway (Svilengrad, BG)", "market", country="BG", at=st(637097449),
          source=f"{OSM_ST} node 637097449", coord_source="OSM station Svilengrad"),
        N("market-ro", "Romania / EU: port of Constanța", "market", country="RO", at=src.wpi_port(43560),
          source="NGA World Port Index 43560 Constanta", coord_source="NGA World Port Index 43560"),
        N("burgas", "Port of Burgas", "port", country="BG", at=src.wpi_port(43500),
          source="NGA World Port Index 43500 Burgas", coord_source="NGA World Port Index 43500"),
        # --- Iran ------------------------------------------------------------------------------------------
        N("jolfa", "Jolfa (IR) station", "station", country="IR", at=st(13395861938),
          source=f"{OSM_ST} node 13395861938", coord_source="OSM station Jolfa"),
        N("tabriz", "Tabriz station", "station", country="IR", at=st(691781800),
          source=f"{OSM_ST} node 691781800", coord_source="OSM station Tabriz"),
        N("rasht", "Rasht station", "station", country="IR", at=st(5977726455),
          source=f"{OSM_ST} node 5977726455", coord_source="OSM station Rasht"),
        N("market-ir", "Iran (rail network at Qazvin, onward to Tehran and the Gulf ports)", "market", country="IR",
          at=st(307983900), source=f"{OSM_ST} node 307983900; {cite('INSTC-006')}", coord_source="OSM station Qazvin"),
    ]


def _p(*bases: dict, **kw) -> dict:
    out: dict = {}
    for b in bases:
        out.update(b)
    out.update(kw)
    return out


RAIL_K = "estimate [K]: no capacity figure in the data for this line"

#: capacities shared by several links (geodata/capacity_groups.csv): one fleet or terminal serving several legs.
#: The LP row that enforces them is not built yet (the LP is being rewritten); the links and the table carry the data.
CAPACITY_GROUPS = [
    {"group": "caspian-ferry-fleet", "name": "Caspian rail/Ro-Ro ferry fleet (all trans-Caspian ferry legs)",
     "commodity": "freight", "capacity": "4.5 Mt/y",
     "capacity_source": ("corridor_facts FERRIES_CASPIAN-001 (>25 rail ferries, ~95,000 wagons or ~4.5 Mt/y); ASCO "
                         "carried 76,757 wheeled units in 2024 and 77,071 in 2025 (FERRIES_CASPIAN-008/-009), about "
                         "3.6 Mt/y at the 47 t per wagon of FERRIES_CASPIAN-001 [K]; the crossing is the corridor's "
                         "main limiting factor (FERRIES_CASPIAN-018)"),
     "links": "ferry-aktau-alat;ferry-kuryk-alat;ferry-turkmenbashi-alat"},
]
SCG = ("OSM-derived schematic railways (scgraph_data 2.0.0 world_railways, connor-makowski/scgraph_data @462a90b, "
       "MIT; © OpenStreetMap contributors, ODbL 1.0)")
SCG_KM = "along-track graph_km of the scgraph legs (shared/data/osm_rail_scgraph/corridor_rail_legs_scgraph.csv)"
SCG_NOTE = ("traced on the schematic scgraph lines: long straight edges where the source keeps few vertices, so the "
            "drawn line is shorter than the along-track length")


def araz_am_ir() -> tuple[tuple[float, float], ...]:
    """Interior vertices of the Natural Earth 1:10m Armenia–Iran boundary (the Araz), east to west."""
    import geopandas as gpd

    g = gpd.read_file(paths.shared() / "naturalearth" / "ne_10m_admin_0_boundary_lines_land_region.geojson")
    row = g[((g.adm0_a3_l == "ARM") & (g.adm0_a3_r == "IRN")) | ((g.adm0_a3_l == "IRN") & (g.adm0_a3_r == "ARM"))]
    parts = [list(p.coords) for p in row.geometry.iloc[0].geoms]
    pts = sorted({(round(x, 5), round(y, 5)) for part in parts for x, y in part}, key=lambda p: -p[0])
    return tuple(pts[1:-1])


def on_land_via(a: tuple[float, float], b: tuple[float, float], iso: str) -> tuple[tuple[float, float], ...]:
    """Interior points of the straight line a–b, with every point over the sea moved just inside ``iso`` (1:50m)."""
    moved, _ = geo.nudge_into([a, b], iso, step_km=1.0, inset_deg=0.01, max_km=40.0)
    return tuple(geo.simplify(moved, 0.004)[1:-1])


def routes() -> list[Route]:
    az, ge, th, sc = src.osm_graph("az"), src.osm_graph("ge"), src.osm_graph("thrace"), src.scgraph()
    caspian = src.sea_caspian()
    med = src.sea_med()
    out: list[Route] = []
    mc = _p(corridor="Middle Corridor", mode="rail", commodities=["freight"], bidirectional=True, status="operating",
            start_year=None)

    # --- Kazakhstan (station waypoints: the KZ railway extract was too large for the data set) ---------------
    kz_cap = dict(capacity="6 Mt/y", capacity_source=f"{cite('FREIGHT-004')} (Trans-Caspian route capacity, applied to its Kazakh rail legs)")
    kz = _p(mc, kz_cap, operator="KTZ", route_accuracy="waypoints",
            source=f"{OSM_ST}: line drawn through OSM station points (no Kazakh railway geometry in the data)")
    out.append(Route("kz-rail-dostyk", "Kazakh rail Dostyk–Aktogay", ["dostyk", "aktogay"], [Leg("points")],
                     _p(kz, asset="KZ-RAIL", start_year=1990, start_year_source="Dostyk–Alashankou link 1990 [K]"),
                     ids=["kz-rail-dostyk-aktogay"], split_borders=False, simplify=0))
    out.append(Route("kz-rail-altynkol", "Kazakh rail Altynkol–Zhetygen–Aktogay", ["altynkol", "aktogay"],
                     [Leg("points", via=(st(2406190344),))],
                     _p(kz, asset="KZ-RAIL", start_year=2012, start_year_source="Altynkol–Khorgos 2012 [K]"),
                     ids=["kz-rail-altynkol-aktogay"], split_borders=False, simplify=0))
    out.append(Route("kz-rail-trunk", "Kazakh rail Aktogay–Moyinty–Zhezkazgan–Beyneu–Mangystau", ["aktogay", "mangystau"],
                     [Leg("points", via=(st(1843860384), st(922818608), st(2404537552), st(4032336057), st(4064729697)))],
                     _p(kz, asset="KZ-RAIL", start_year=2014, start_year_source="Zhezkazgan–Beyneu line 2014 [K]"),
                     ids=["kz-rail-aktogay-mangystau"], split_borders=False, simplify=0))
    out.append(Route("kz-rail-aktau", "Kazakh rail Mangystau–Aktau port", ["mangystau", "aktau"], [Leg("points")],
                     _p(kz, asset="KZ-RAIL", commodities=["freight", "oil"]), ids=["kz-rail-mangystau-aktau"],
                     split_borders=False, simplify=0))
    out.append(Route("kz-rail-kuryk", "Kazakh rail Mangystau–Kuryk port", ["mangystau", "kuryk"],
                     [Leg("points", via=(st(2406654489),))], _p(kz, asset="KZ-RAIL"),
                     ids=["kz-rail-mangystau-kuryk"], split_borders=False, simplify=0))

    # --- Caspian crossings -----------------------------------------------------------------------------------
    lanes = "searoute-py lanes in the Caspian (Apache-2.0; derived from Eurostat SeaRoute / ORNL), coarse: legs run longer than sailed distances"

    def ferry(key, a, b, name, cap, cap_src, **kw):
        props = _p(asset=key.upper(), corridor="Middle Corridor", mode="ferry", commodities=["freight"],
                   bidirectional=True, capacity=cap, capacity_source=cap_src, status="operating", start_year=None,
                   operator="ASCO and Kazakh/Turkmen ferry operators", source=f"{lanes}; {cite('FERRIES_CASPIAN-001', 'FERRIES_CASPIAN-003')}",
                   route_accuracy="traced", capacity_group="caspian-ferry-fleet")
        props.update(kw)
        return Route(key, name, [a, b], [Leg("sea", caspian)], props, ids=[key], split_borders=False, simplify=0, nudge=False)

    out.append(ferry("ferry-aktau-alat", "aktau", "alat-port", "Caspian ferry Aktau – Alat", "11 Mt/y",
                     f"{cite('PORTS_CASPIAN-007')}: the Aktau port capacity (fleet capacity is not published per line)"))
    out.append(ferry("ferry-kuryk-alat", "kuryk", "alat-port", "Caspian ferry Kuryk – Alat", "6 Mt/y",
                     f"{cite('PORTS_CASPIAN-012')}: the Kuryk port capacity", start_year=2016,
                     start_year_source="Kuryk rail-ferry complex opened 2016 [K?]"))
    out.append(ferry("ferry-turkmenbashi-alat", "turkmenbashi", "alat-port", "Caspian ferry Turkmenbashi – Alat",
                     "17 Mt/y", f"{cite('PORTS_CASPIAN-014')}: the Turkmenbashi port capacity"))
    tanker = _p(corridor="Trans-Caspian oil", mode="sea", commodities=["oil"], status="operating", start_year=None,
                operator="Kazmortransflot, ASCO and others", route_accuracy="traced")
    out.append(Route("tanker-aktau-sangachal", "Caspian tanker route Aktau – Sangachal", ["aktau", "sangachal"],
                     [Leg("sea", caspian)],
                     _p(tanker, asset="KZ-TANKERS", capacity="7.5 Mt/y", capacity_source=f"{cite('PORTS_CASPIAN-008')} (Aktau oil berths)",
                        source=f"{lanes}; {cite('OIL_KZ-004', 'OIL_KZ-005', 'OIL_KZ-006')}",
                        notes="the 1:50m coastline puts Sangachal 5.7 km inland, so this leg tags as AZ"),
                     ids=["tanker-aktau-sangachal"], split_borders=False, simplify=0, nudge=False))
    out.append(Route("tanker-turkmenbashi-sangachal", "Caspian tanker route Turkmenbashi – Sangachal",
                     ["turkmenbashi", "sangachal"], [Leg("sea", caspian)],
                     _p(tanker, asset="TM-TANKERS", capacity="6 Mt/y",
                        capacity_source="estimate [K]: Turkmen crude shipped to Baku for BTC (about 4 Mt in 2024, see balances); no terminal figure in the data",
                        source=f"{lanes}; {cite('OIL_BTC-008', 'OIL_BTC-011')}"),
                     ids=["tanker-turkmenbashi-sangachal"], split_borders=False, simplify=0, nudge=False))

    # --- Port of Baku (Alat) handling: the port rail spur carries the port's capacity ---------------------------
    out.append(Route("alat-port-rail", "Port of Baku (Alat): ferry terminal and port rail spur", ["alat-port", "alat"],
                     [Leg("graph", az)], _p(asset="PORT-ALAT", corridor="Middle Corridor", mode="rail",
                                             commodities=["freight"], bidirectional=True, capacity="15 Mt/y",
                                             capacity_source=f"{cite('PORTS_CASPIAN-004')} (phase 1, incl. 100,000 TEU)",
                                             status="operating", start_year=2018, operator="Baku International Sea Trade Port",
                                             source=f"{OSM_AZ}; {cite('PORTS_CASPIAN-001', 'PORTS_CASPIAN-004')}",
                                             route_accuracy="traced", start_year_source="main phase opened 2018 [K?]"),
                     ids=["alat-port-rail"], split_borders=False, simplify=0.0005,
                     expansions=[_p(suffix="phase2", name_suffix="phase 2 expansion to 25 Mt/y", capacity="10 Mt/y",
                                    capacity_source=f"{cite('PORTS_CASPIAN-005')} (15 → 25 Mt/y; 500,000 TEU)",
                                    status="planned", start_year=None,
                                    source=f"{cite('PORTS_CASPIAN-005')}: government plan, no completion year given")]))

    # --- Azerbaijan: BTK (Baku – Tbilisi – Kars) -------------------------------------------------------------------
    btk_src = f"{OSM_AZ}; {OSM_GE}; {OSM_ST}; {cite('RAIL_BTK-001', 'RAIL_BTK-003', 'RAIL_BTK-004')}"
    az_main = dict(start_year_source=None, capacity="15 Mt/y", capacity_source=f"{RAIL_K} (ADY main line; shared by BTK, Georgian-port and oil-by-rail traffic)",
                   commodities=["freight", "oil"])
    ge_main = dict(start_year_source=None, capacity="27 Mt/y", capacity_source="estimate [K?]: Georgian Railway main line before modernisation "
                                                        "(shared/data/reference_assets.csv GE_EW_POTI); 13.7 Mt carried in 2024 (RAIL_GE-001)",
                   commodities=["freight", "oil"])
    btk_cap = dict(capacity="5 Mt/y", capacity_source=f"{cite('RAIL_BTK-001')} (after the 2024 Georgian-section rebuild; 17 Mt/y long-term, RAIL_BTK-003)")
    out.append(Route(
        "btk", "Baku–Tbilisi–Kars railway",
        ["baku", "qaradag", "sangachal-rail", "alat", "hajigabul-rail", "tbilisi", "kartsakhi", "kars"],
        [Leg("graph", az), Leg("graph", az), Leg("graph", az), Leg("graph", az), Leg("graph", az),
         Leg("graph", ge, via=(st(10781805793),)),
         Leg("points", via=(st(13249471514), st(13249471379), st(13249471308), st(5201470368)))],
        _p(mc, asset="BTK", bidirectional=True, operator="ADY (AZ), Georgian Railway (GE), TCDD (TR)", source=btk_src,
           route_accuracy="traced", official_length_km=850,
           length_source=f"{cite('RAIL_BTK-004')} (850 km; 826 km is also commonly cited [K])", start_year=2017,
           start_year_source="BTK opened 30 Oct 2017 [K]; the Azerbaijani and Georgian main lines are older"),
        borders={("AZ", "GE"): "rail-border-az-ge", ("GE", "TR"): "kartsakhi-border"},
        ids=["btk-az-1", "btk-az-2", "btk-az-3", "btk-az-4", "btk-az-5", "btk-ge-1", "btk-ge-2", "btk-ge-3", "btk-tr"],
        segment_props={0: {**az_main, "start_year": None}, 1: {**az_main, "start_year": None},
                       2: {**az_main, "start_year": None}, 3: {**az_main, "start_year": None},
                       4: {**az_main, "start_year": None}, 5: {**ge_main, "start_year": None},
                       6: {**btk_cap}, 7: {**btk_cap, "route_accuracy": "waypoints"},
                       8: {**btk_cap, "route_accuracy": "waypoints",
                                            "notes": "no Turkish rail geometry in the data: drawn through OSM stations Canbazlar, Canbaz, Güvercin, Porsuklu"}}))
    # oil by rail: tank cars loaded near Sangachal, to Batumi
    out.append(Route("oil-rail-sangachal", "Oil loading to rail tank cars at Sangachal", ["sangachal", "sangachal-rail"],
                     [Leg("points")], _p(asset="OIL-RAIL", corridor="Middle Corridor", mode="rail", commodities=["oil"],
                                         capacity="2 Mt/y",
                                         capacity_source="estimate [K]: Batumi handled 1.8 Mt of oil and products in 2024 (PORTS_GE-001); no loading figure in the data",
                                         status="operating", start_year=None, operator="ADY / SOCAR",
                                         source=f"schematic connection of the terminal to the main line [K]; {cite('PORTS_GE-001')}",
                                         route_accuracy="straight",
                                         notes="schematic: terminal to the nearest main-line point (1.4 km)"),
                     ids=["oil-rail-sangachal"], split_borders=False, simplify=0))
    # --- Georgia: east–west main line to Poti and Batumi ----------------------------------------------------------
    gr = _p(mc, ge_main, asset="GR-EAST-WEST", operator="Georgian Railway",
            source=f"{OSM_GE}; {cite('RAIL_GE-001')}", route_accuracy="traced")
    out.append(Route("ge-rail-poti", "Georgian Railway east–west line", ["tbilisi", "samtredia", "poti"], [Leg("graph", ge)],
                     gr, ids=["ge-rail-tbilisi-samtredia", "ge-rail-samtredia-poti"], split_borders=False))
    out.append(Route("ge-rail-batumi", "Georgian Railway Samtredia–Batumi branch", ["samtredia", "batumi"],
                     [Leg("graph", ge)], _p(gr, asset="GR-BATUMI"), ids=["ge-rail-samtredia-batumi"], split_borders=False))
    # --- Black Sea ferries -------------------------------------------------------------------------------------------
    sea_src = "shortest path on the Eurostat SeaRoute 20 km lanes (EUPL 1.2)"
    out.append(Route("ferry-poti-constanta", "Black Sea ferry Poti – Constanța", ["poti", "market-ro"], [Leg("sea", med)],
                     _p(asset="FERRY-POTI-CONSTANTA", corridor="Middle Corridor", mode="ferry", commodities=["freight"],
                        bidirectional=True, capacity="0.5 Mt/y",
                        capacity_source="estimate [K]: one weekly rail/Ro-Ro sailing (FERRIES_BLACKSEA-003), doubling planned",
                        status="operating", start_year=None, operator="Maritime Line E60",
                        source=f"{sea_src}; {cite('FERRIES_BLACKSEA-003')}", route_accuracy="traced"),
                     ids=["ferry-poti-constanta"], split_borders=False, simplify=0.001, nudge=False))
    out.append(Route("ferry-batumi-burgas", "Black Sea ferry Batumi – Burgas", ["batumi", "burgas"], [Leg("sea", med)],
                     _p(asset="FERRY-BATUMI-BURGAS", corridor="Middle Corridor", mode="ferry", commodities=["freight"],
                        bidirectional=True, capacity="0.3 Mt/y",
                        capacity_source="estimate [K]: one weekly rail/road ferry, ~60 h crossing (FERRIES_BLACKSEA-001)",
                        status="operating", start_year=2024, operator="Georgian Railway, Bulgarian Railways, PNA",
                        source=f"{sea_src}; {cite('FERRIES_BLACKSEA-001')}", route_accuracy="traced",
                        start_year_source="service resumed Aug 2024 (FERRIES_BLACKSEA-001)"),
                     ids=["ferry-batumi-burgas"], split_borders=False, simplify=0.001, nudge=False))
    out.append(Route("bg-rail-burgas", "Bulgarian rail Burgas – Svilengrad (schematic)", ["burgas", "market-eu"],
                     [Leg("points", via=(st(13254223965),))],
                     _p(asset="BG-RAIL", corridor="Middle Corridor", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="5 Mt/y", capacity_source=RAIL_K, status="operating", start_year=None,
                        operator="BDZ Cargo / NRIC", source=f"{OSM_ST} (Burgas Central, Svilengrad); no Bulgarian rail geometry in the data",
                        route_accuracy="straight", notes="straight between Burgas Central and Svilengrad stations"),
                     ids=["bg-rail-burgas-svilengrad"], split_borders=False, simplify=0))
    # --- Türkiye: Kars – Ankara – İstanbul – Kapıkule ------------------------------------------------------------------
    tr = _p(mc, capacity="10 Mt/y", capacity_source=f"{RAIL_K} (TCDD conventional main line)", operator="TCDD",
            route_accuracy="waypoints", source=f"{OSM_ST}: line drawn through OSM station points (no Anatolian rail geometry in the data)")
    out.append(Route("tr-rail-kars-kayseri", "Turkish rail Kars – Erzurum – Erzincan – Sivas – Kayseri", ["kars", "kayseri"],
                     [Leg("graph", sc, via=(st(13239613528), st(1019524264), st(10820137957)))],
                     _p(tr, asset="TR-RAIL-KARS-KAYSERI", route_accuracy="traced", source=f"{SCG}; {OSM_ST}",
                        official_length_km=src.scgraph_km(("Kars", "Erzurum"), ("Erzurum", "Erzincan"), ("Erzincan", "Sivas"),
                                                          ("Sivas", "Kayseri")),
                        length_source=SCG_KM, notes=SCG_NOTE),
                     ids=["tr-rail-kars-kayseri"], split_borders=False, simplify=0.001))
    out.append(Route("tr-rail-kayseri-ankara", "Turkish rail Kayseri – Irmak – Ankara", ["kayseri", "market-tr"],
                     [Leg("graph", sc)],
                     _p(tr, asset="TR-RAIL-KAYSERI-ANKARA", route_accuracy="traced", source=f"{SCG}; {OSM_ST}",
                        official_length_km=src.scgraph_km(("Kayseri", "Irmak"), ("Irmak", "Ankara")), length_source=SCG_KM,
                        notes=f"{SCG_NOTE}; Kayseri–Irmak has a 92 km straight edge in the source"),
                     ids=["tr-rail-kayseri-ankara"], split_borders=False, simplify=0.001))
    out.append(Route("tr-rail-kayseri-mersin", "Turkish rail Kayseri – Ulukışla – Adana – Mersin", ["kayseri", "adana", "mersin"],
                     [Leg("graph", sc)],
                     _p(tr, asset="TR-RAIL-KAYSERI-MERSIN", route_accuracy="traced", source=f"{SCG}; {OSM_ST}",
                        official_length_km=src.scgraph_km(("Kayseri", "Bogazkopru"), ("Bogazkopru", "Ulukisla"),
                                                          ("Ulukisla", "Adana"), ("Adana", "Mersin")),
                        length_source=SCG_KM,
                        notes=f"{SCG_NOTE}; İskenderun is not reached: the Toprakkale–İskenderun branch is an isolated "
                              "fragment in the source"),
                     ids=["tr-rail-kayseri-adana", "tr-rail-adana-mersin"], split_borders=False, simplify=0.001))
    out.append(Route("sea-mersin-ionian", "Shipping route Mersin – Ionian Sea", ["mersin", "ionian"], [Leg("sea", med)],
                     _p(asset="SEA-MERSIN-IONIAN", corridor="Middle Corridor", mode="sea", commodities=["freight"],
                        bidirectional=False, capacity="200 Mt/y",
                        capacity_source="notional [K]: open-sea cargo lane, not a constraint (the port limit is on the Mersin node)",
                        status="operating", start_year=None, operator="container and cargo shipping",
                        source="shortest path on the Eurostat SeaRoute 20 km lanes (EUPL 1.2)", route_accuracy="traced"),
                     ids=["sea-mersin-ionian"], split_borders=False, simplify=0.001, nudge=False))
    out.append(Route("tr-rail-ankara-istanbul", "Turkish rail Ankara – Eskişehir – İzmit – İstanbul (Marmaray)",
                     ["market-tr", "halkali"],
                     [Leg("points", via=(st(2707315513), st(2692357799), st(11065364597), st(6764109168), st(617375011)))],
                     _p(tr, asset="TR-RAIL", notes="crosses the Bosporus through the Marmaray tunnel"),
                     ids=["tr-rail-ankara-istanbul"], split_borders=False, simplify=0))
    _kap = "no rail geometry across the border in the data: drawn straight from Kapıkule station to Svilengrad station"
    out.append(Route("tr-rail-thrace", "Turkish rail İstanbul – Çerkezköy – Edirne – Kapıkule",
                     ["halkali", "kapikule", "market-eu"], [Leg("graph", th), Leg("points")],
                     _p(tr, asset="TR-RAIL", route_accuracy="traced", source=f"{OSM_TH}; {OSM_ST}",
                        notes="OSM Thrace lines (incl. the Halkalı–Kapıkule line under construction where the conventional line has gaps); "
                              "Halkalı–Çerkezköy has no geometry in the data and is drawn straight"),
                     borders={("TR", "BG"): "kapikule-border"},
                     ids=["tr-rail-halkali-kapikule", "tr-rail-kapikule-border", "bg-rail-kapikule-svilengrad"],
                     segment_props={1: {"route_accuracy": "straight", "notes": _kap},
                                    2: {"route_accuracy": "straight", "asset": "BG-RAIL", "operator": "BDZ Cargo / NRIC",
                                        "name": "Bulgarian rail Kapitan Andreevo – Svilengrad", "notes": _kap}}))
    # --- TRIPP / Zangezur: Horadiz – Aghband – Meghri (AM) – Ordubad – Julfa – Sadarak ----------------------------------
    out.append(Route("hajigabul-horadiz", "Hacıqabul–Horadiz railway", ["hajigabul-rail", "horadiz"], [Leg("graph", az)],
                     _p(asset="HAJIGABUL-HORADIZ", corridor="TRIPP", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="15 Mt/y", capacity_source=f"{RAIL_K}; set to the 15 Mt/y design of the line it feeds (ZANGEZUR-003)",
                        status="operating", start_year=None, operator="ADY", source=OSM_AZ, route_accuracy="traced"),
                     ids=["hajigabul-horadiz"], split_borders=False))
    zc = dict(capacity="15 Mt/y", capacity_source=cite("ZANGEZUR-002", "ZANGEZUR-003"))
    out.append(Route(
        "tripp", "Zangezur / TRIPP railway",
        ["horadiz", "aghband", "tripp-border-east", "tripp-border-west", "salamalik", "julfa", "sadarak"],
        [Leg("graph", az), Leg("points"), Leg("points", via=araz_am_ir()), Leg("points"), Leg("graph", az),
         Leg("graph", az)],
        _p(corridor="TRIPP", mode="rail", commodities=["freight"], bidirectional=True, source="", route_accuracy="traced"),
        labels=["AZ", "AZ", "AM", "AZ", "AZ", "AZ"], split_borders=False,
        chain=[("aghband", "horadiz-aghband",
                {**zc, "asset": "HORADIZ-AGHBAND", "name": "Horadiz–Aghband railway", "status": "construction",
                 "start_year": 2026, "operator": "ADY", "official_length_km": 110.4, "length_source": cite("ZANGEZUR-001"),
                 "source": f"{OSM_AZ} (railway=construction); {cite('ZANGEZUR-001', 'ZANGEZUR-002', 'ZANGEZUR-003')}",
                 "start_year_source": cite("ZANGEZUR-002")}),
               ("salamalik", "tripp",
                {**zc, "asset": "TRIPP", "name": "TRIPP railway through Meghri (Armenia)", "status": "planned",
                 "start_year": 2028, "operator": "TRIPP Development Co. (US 74%, AM 26%) in Armenia; ADY in Azerbaijan",
                 "official_length_km": 42, "length_source": f"{cite('ZANGEZUR-005')} (the Armenian section)",
                 "route_accuracy": "waypoints",
                 "source": f"{cite('ZANGEZUR-005', 'ZANGEZUR-006')}; Soviet-era Meghri alignment (no geometry in the data)",
                 "start_year_source": "estimate [K]: construction to start in H2 2026 (ZANGEZUR-006); no completion year announced",
                 "notes": "no alignment in the data: drawn along the Armenia–Iran boundary (the Araz) of the Natural Earth "
                          "1:10m boundary lines, just inside Armenia, between its two tripoints; the Soviet-era line follows "
                          "the river's meanders, which the 1:10m line smooths, so the drawn section is shorter than 42 km"}),
               ("sadarak", "nakhchivan-rail",
                {"asset": "NAKHCHIVAN-RAIL", "name": "Nakhchivan railway", "status": "operating", "start_year": None,
                 "capacity": "15 Mt/y",
                 "capacity_source": f"estimate [K]: the 15 Mt/y Zangezur design (ZANGEZUR-003) for the section being restored ({cite('ZANGEZUR-004')})",
                 "operator": "Nakhchivan Railway (ADY)", "source": f"{OSM_AZ}; {cite('ZANGEZUR-004')}",
                 "notes": "Soviet-era line in service inside the exclave; a 188 km restoration is being designed (ZANGEZUR-004)"})],
        segment_props={k: {"asset": "TRIPP-AZ", "name": "TRIPP railway, connection in Azerbaijan",
                           "official_length_km": None, "length_source": None} for k in (1, 3)},
        ids=["horadiz-aghband", "tripp-aghband-border", "tripp-meghri", "tripp-ordubad-border",
             "nakhchivan-rail-salamalik-julfa", "nakhchivan-rail-julfa-sadarak"]))
    # --- Kars – Iğdır – Dilucu – Nakhchivan (under construction) -------------------------------------------------------
    igdir_sadarak, _ = src.gem_graph("P2719").path((44.052, 39.886), st(3963722257))
    out.append(Route(
        "kid", "Kars–Iğdır–Aralık–Dilucu railway", ["kars", "sadarak"],
        [Leg("points", via=((43.42, 40.37), (43.66, 40.05), *igdir_sadarak))],
        _p(asset="KARS-IGDIR-NAKHCHIVAN", corridor="TRIPP", mode="rail", commodities=["freight"], bidirectional=True,
           capacity="15 Mt/y", capacity_source=cite("ZANGEZUR-007", "ZANGEZUR-008"), status="construction", start_year=2030,
           operator="TCDD / Turkish Ministry of Transport", route_accuracy="waypoints",
           source=f"{cite('ZANGEZUR-007', 'ZANGEZUR-008', 'ZANGEZUR-009')}; no alignment in the data",
           official_length_km=224, length_source=cite("ZANGEZUR-007"),
           start_year_source=f"groundbreaking Aug 2025, five-year build ({cite('ZANGEZUR-007', 'ZANGEZUR-009')})",
           notes="no alignment in the data: drawn through Digor and Tuzluca ([K] town locations) to Iğdır, then along the "
                 "Iğdır–Nakhchivan gas pipeline route (GEM P2719), which uses the same Iğdır–Dilucu corridor"),
        borders={("TR", "AZ"): "kid-border-tr-az"}, ids=["kid-tr", "kid-az"], simplify=0.001))
    # --- North–South: Samur – Yalama – Sumqayıt – Alat – Astara – Astara (IR) – Rasht – Qazvin ----------------------------
    ns = _p(corridor="North-South", mode="rail", commodities=["freight"], bidirectional=True, status="operating",
            start_year=None, operator="ADY / Russian Railways / RAI", route_accuracy="traced")
    out.append(Route("ns-north", "North–South rail Samur – Yalama – Sumqayıt – Alat", ["samur", "sumgait", "qaradag", "alat"],
                     [Leg("graph", az)],
                     _p(ns, asset="NS-AZ-NORTH", capacity="11 Mt/y", capacity_source=f"{cite('INSTC-008')} (Yalama, per direction)",
                        source=f"{OSM_AZ}; {cite('INSTC-006', 'INSTC-008')}"),
                     borders={("RU", "AZ"): "yalama"}, ids=["ns-rail-ru", "ns-rail-az-1", "ns-rail-az-2", "ns-rail-az-3"]))
    out.append(Route("ns-south", "North–South rail Alat – Astara – Astara (IR)", ["alat", "astara-az", "astara-ir"],
                     [Leg("graph", az)],
                     _p(ns, asset="NS-AZ-SOUTH", capacity="11 Mt/y", capacity_source=f"{RAIL_K} (set as the northern section, INSTC-008)",
                        source=f"{OSM_AZ}; {cite('INSTC-006', 'INSTC-009')}", start_year=2018,
                        start_year_source="Astara–Astara link opened 2018 [K?]"),
                     borders={("AZ", "IR"): "astara-border"}, absorb_sea=True, min_run_km=0.5,
                     ids=["ns-rail-alat-astara", "ns-rail-astara-border", "ns-rail-astara-ir"],
                     segment_props={2: {"capacity": "1 Mt/y",
                                        "capacity_source": f"{cite('INSTC-008')} (Astara (IR) terminal, initial phase)"}},
                     expansions=[_p(suffix="phase2", name_suffix="terminal phase 2 to 4 Mt/y", only=["ns-rail-astara-ir"],
                                    capacity="3 Mt/y",
                                    capacity_source=f"{cite('INSTC-008')} (1 Mt/y initial, 4 Mt/y when finished)",
                                    status="construction", start_year=2027,
                                    start_year_source=f"{cite('INSTC-007')}: completion end-2026 (INSTC-006 had said end-2025)",
                                    source=f"{cite('INSTC-006', 'INSTC-007', 'INSTC-008')}")]))
    coast = on_land_via(points()["astara-ir"], st(5977726455), "IR")
    coast_note = ("no alignment in the data: the straight Astara–Rasht line, with every point over the Caspian moved just "
                  "inside the Natural Earth 1:50m coast of Iran (no sourced waypoints for Lavandevil, Talesh or Rezvanshahr)")
    out.append(Route("ns-road-astara-rasht", "Road haulage Astara (IR) – Rasht (bridging the missing rail link)",
                     ["astara-ir", "rasht"], [Leg("points", via=coast)],
                     _p(asset="NS-ROAD-IR", corridor="North-South", mode="road", commodities=["freight"], bidirectional=True,
                        capacity="2 Mt/y", capacity_source="estimate [K]: truck transfer at Astara (IR); no figure in the data",
                        status="operating", start_year=None, operator="road hauliers",
                        source=f"{cite('INSTC-001', 'INSTC-006')}: until Rasht–Astara is built, cargo moves by road",
                        route_accuracy="straight", notes=f"no road geometry in the data; {coast_note}"),
                     ids=["ns-road-astara-rasht"], split_borders=False, simplify=0))
    out.append(Route("rasht-astara", "Rasht–Astara railway (INSTC missing link)", ["astara-ir", "rasht"],
                     [Leg("points", via=coast)],
                     _p(asset="RASHT-ASTARA", corridor="North-South", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="15 Mt/y", capacity_source=cite("INSTC-005"), status="planned", start_year=2028,
                        operator="RAI with a Russian state loan", route_accuracy="straight",
                        source=f"{cite('INSTC-001', 'INSTC-002', 'INSTC-003')}; no alignment in the data",
                        official_length_km=162, length_source=cite("INSTC-001"),
                        start_year_source=f"{cite('INSTC-001')} (Overchuk: 2028); INSTC-003 (Belousov: end of Q3 2027)",
                        notes=f"the seed article's '250 km unfinished on the Iranian side'; sources give 162 km (INSTC-001); {coast_note}"),
                     ids=["rasht-astara"], split_borders=False, simplify=0))
    out.append(Route("ir-rail-rasht-qazvin", "Qazvin–Rasht railway", ["rasht", "market-ir"], [Leg("graph", sc)],
                     _p(asset="QAZVIN-RASHT", corridor="North-South", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="10 Mt/y", capacity_source=RAIL_K, status="operating", start_year=2019, operator="RAI",
                        source=f"{SCG}; {OSM_ST} (Rasht, Qazvin stations)", route_accuracy="traced",
                        start_year_source="opened 2019 [K]", official_length_km=src.scgraph_km(("Qazvin", "Rasht")),
                        length_source=SCG_KM, notes=SCG_NOTE),
                     ids=["ir-rail-rasht-qazvin"], split_borders=False, simplify=0.001))
    out.append(Route("julfa-jolfa", "Julfa (AZ) – Jolfa (IR) rail link", ["julfa", "jolfa"], [Leg("graph", az)],
                     _p(asset="JULFA-JOLFA", corridor="North-South", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="2 Mt/y", capacity_source=f"{RAIL_K} (limited traffic [K?])", status="operating", start_year=None,
                        operator="Nakhchivan Railway / RAI", source=OSM_AZ, route_accuracy="traced",
                        notes="crosses the Araz bridge into Iran"),
                     borders={("AZ", "IR"): "julfa-border"}, ids=["julfa-jolfa-az", "julfa-jolfa-ir"], min_run_km=0.3,
                     simplify=0))
    out.append(Route("ir-rail-jolfa-tabriz", "Iranian rail Jolfa – Marand – Tabriz", ["jolfa", "tabriz"],
                     [Leg("graph", sc)],
                     _p(asset="IR-RAIL-NW", corridor="North-South", mode="rail", commodities=["freight"], bidirectional=True,
                        capacity="5 Mt/y", capacity_source=RAIL_K, status="operating", start_year=None, operator="RAI",
                        source=f"{SCG}; {OSM_ST}", route_accuracy="traced",
                        official_length_km=src.scgraph_km(("Jolfa(IR)", "Tabriz")), length_source=SCG_KM, notes=SCG_NOTE),
                     ids=["ir-rail-jolfa-tabriz"], split_borders=False, simplify=0.001))
    out.append(Route("ir-rail-tabriz-qazvin", "Iranian rail Tabriz – Zanjan – Qazvin", ["tabriz", "market-ir"],
                     [Leg("graph", sc, via=(st(391709124),))],
                     _p(asset="IR-RAIL-TABRIZ-QAZVIN", corridor="North-South", mode="rail", commodities=["freight"],
                        bidirectional=True, capacity="10 Mt/y", capacity_source=RAIL_K, status="operating", start_year=None,
                        operator="RAI", source=f"{SCG}; {OSM_ST}", route_accuracy="traced",
                        official_length_km=src.scgraph_km(("Tabriz", "Zanjan"), ("Zanjan", "Qazvin")), length_source=SCG_KM,
                        notes=SCG_NOTE),
                     ids=["ir-rail-tabriz-qazvin"], split_borders=False, simplify=0.001))
    return out
