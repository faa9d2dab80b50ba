"""Catalogue, energy part: oil and gas pipelines, terminals, markets and the oil sea legs.

Every number carries its source: a fact id of ../shared/data/facts/corridor_facts.csv (checked by
``cite``), a GEM tracker record, or ``[K]`` (background knowledge / estimate, listed in
geodata/SOURCES.md).
"""

from __future__ import annotations

from tools import geodata_sources as src
from tools.geodata_engine import Leg, Node, Route
from tools.geodata_sources import cite

GGIT = "Global Energy Monitor, Global Gas Infrastructure Tracker (2024-10 map data; 2023-12 release), CC BY 4.0"
GOIT = "Global Energy Monitor, Global Oil Infrastructure Tracker (2024-01), CC BY 4.0"


def route_src(*pids: str) -> str:
    return "GEM route " + "+".join(pids) + " (GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes @6bfab45, CC BY 4.0)"


def _pt(x: float, y: float) -> tuple[float, float]:
    return (round(x, 5), round(y, 5))


def sea_vertex(ref: tuple[float, float]) -> tuple[float, float]:
    """The Eurostat lane vertex nearest ``ref`` (sea junctions sit on the lanes)."""
    (p, _), = src.sea_med().lg.nearest(ref)
    return _pt(*p)


def nodes() -> list[Node]:
    N = Node
    ref_nodes = "shared/data/reference_nodes.csv"
    return [
        # --- oil and gas terminals, fields ---------------------------------------------------------
        N("sangachal", "Sangachal terminal", "terminal", country="AZ", at=(49.481, 40.198),
          source="bp-operated terminal where ACG oil and Shah Deniz gas land; start of BTC, WREP, NREP and SCP (GEM P0644, P0759)",
          coord_source=f"{ref_nodes} SANGACHAL (GEM route P0644 start vertex)",
          capacity="1200 kb/d", capacity_source=f"{cite('SANGACHAL-001')} (oil; gas ~81 mcm/d)"),
        N("ceyhan", "Ceyhan marine terminal (BTC)", "terminal", country="TR", at=src.wpi_port(44870),
          source="BTC end terminal (GEM P0644); BOTAŞ Ceyhan marine terminal",
          coord_source="NGA World Port Index 44870 'Botas' (the loading jetties; GEM route ends 3 km inland)"),
        N("supsa", "Supsa terminal", "terminal", country="GE", at=(41.74389, 42.05256),
          source="WREP end terminal (GEM P0643); NGA WPI 44345 Supsa Marine Terminal",
          coord_source="GEM route P0643 end vertex",
          capacity="145 kb/d", capacity_source=f"{cite('OIL_WREP-001')} (pipeline and terminal capacity)"),
        N("novorossiysk", "Novorossiysk (Sheskharis oil harbour)", "terminal", country="RU", at=(37.84597, 44.70349),
          source="NREP end (GEM P0645); NGA WPI 44200 Novorossiysk", coord_source="GEM route P0645 end vertex"),
        N("cpc-terminal", "CPC marine terminal (Yuzhnaya Ozereyevka)", "terminal", country="RU", at=(37.63, 44.665),
          source="CPC end terminal (GEM P0646)",
          coord_source="[K] approximate location of the CPC marine terminal; the GEM route P0646 ends ~40 km inland",
          capacity="81.5 Mt/y", capacity_source=cite("OIL_CPC-003")),
        N("tengiz", "Tengiz field (CPC head)", "field", country="KZ", at=(53.42005, 46.17639),
          source="CPC start (GEM P0646)", coord_source="GEM route P0646 start vertex"),
        N("tcp-head", "Trans-Caspian gas pipeline head (Turkmen East–West line, Balkanabat area)", "field", country="TM",
          at=(54.23039, 39.63666), source=f"{GGIT} P0764 (start location Balkanabat)",
          coord_source="GEM route P0764 east end vertex"),
        # --- gas junctions ---------------------------------------------------------------------------
        N("hajigabul", "Hajigabul (Qazi Məmməd) gas hub: SCP, Azerigaz grid, lines to Georgia and Iran", "junction",
          country="AZ", at=(48.95299, 40.06191), source=f"{GGIT} P4211 start (Hajigabul), on SCP P0759",
          coord_source="GEM route P4211 start vertex (lies on the SCP route)"),
        N("turkgozu", "Türkgözü (GE/TR border): SCP hands over to TANAP and to BOTAŞ", "border", country="TR",
          source=f"{GGIT} P0759 end / P0763 start",
          coord_source="crossing of the SCP/TANAP route with the Natural Earth 1:50m border",
          extra={"border_between": "GE-TR"}),
        N("tanap-eskisehir", "TANAP Eskişehir offtake to BOTAŞ", "junction", country="TR", ref=(30.50497, 39.77962),
          source=f"{cite('TANAP-001', 'GAS_EXPORTS-005')}: TANAP delivers to Türkiye at Eskişehir and in Thrace",
          coord_source="TANAP route vertex nearest Eskişehir station (OSM 2707315513)"),
        N("horasan", "Horasan (Erzurum): BOTAŞ connector from Türkgözü meets the Tabriz–Ankara line", "junction",
          country="TR", at=(41.878, 39.9613), source=f"{GGIT} P0459 and P0763 (routes touch here)",
          coord_source="TANAP route vertex closest to the Tabriz–Ankara route (0.1 km)"),
        N("kipoi", "Kipoi (TR/GR border): TANAP hands over to TAP", "border", country="GR",
          source=f"{GGIT} P0763 end / P0724 start", coord_source="crossing of the TANAP/TAP route with the 1:50m border",
          extra={"border_between": "TR-GR"}),
        N("tanap-dardanelles-asia", "TANAP Dardanelles crossing (Asian shore)", "junction", country="TR",
          source=f"{GGIT} P0763", coord_source="TANAP route leaves the 1:50m coast"),
        N("tanap-dardanelles-europe", "TANAP Dardanelles crossing (European shore)", "junction", country="TR",
          source=f"{GGIT} P0763", coord_source="TANAP route meets the 1:50m coast"),
        N("gurbulak-gas", "Bazargan–Gürbulak (IR/TR border), Tabriz–Ankara line", "border", country="TR",
          source=f"{GGIT} P0459", coord_source="crossing of the route with the 1:50m border", extra={"border_between": "IR-TR"}),
        N("tap-landfall-al", "TAP Albanian landfall (Seman)", "junction", country="AL",
          source=f"{GGIT} P0724", coord_source="TAP route leaves the 1:50m Albanian coast"),
        N("tap-landfall-it", "TAP Italian landfall (San Foca)", "junction", country="IT",
          source=f"{GGIT} P0724", coord_source="TAP route meets the 1:50m Italian coast"),
        N("sivas-gas", "Sivas (BOTAŞ): Tabriz–Ankara line, branch south", "junction", country="TR",
          ref=(37.0702, 39.5595), source=f"{GGIT} P0459, P2485",
          coord_source="Tabriz–Ankara route vertex nearest the start of the South Natural Gas Pipeline (GEM P2485)"),
        N("kilis", "Kilis (Yavuzlu): South Natural Gas Pipeline, start of the line to Aleppo", "junction", country="TR",
          at=(36.85422, 37.39956), source=f"GEM route P7530 (Türkiye–Syria Natural Gas Pipeline); {cite('SYRIA-001')}",
          coord_source="GEM route P7530 Turkish end vertex (lies on GEM P2485)"),
        N("igdir-junction", "Tabriz–Ankara line near Doğubayazıt: BOTAŞ supply towards Iğdır", "junction", country="TR",
          ref=(44.0266, 39.5552), source=f"{GGIT} P0459", coord_source="Tabriz–Ankara route vertex nearest Iğdır"),
        N("igdir", "Iğdır: start of the Iğdır–Nakhchivan gas pipeline", "junction", country="TR", at=(44.052, 39.886),
          source=f"{GGIT} P2719", coord_source=f"{ref_nodes} IGDIR_GAS (GEM route P2719 vertex)"),
        N("sadarak-gas", "Iğdır–Nakhchivan pipeline end (Sadarak/Sharur area)", "junction", country="AZ",
          at=(44.919, 39.697), source=f"{GGIT} P2719", coord_source=f"{ref_nodes} NAKHCHIVAN_GAS (GEM route P2719 end vertex)"),
        N("tabriz-gas", "Tabriz: start of the Tabriz–Ankara gas line", "junction", country="IR", at=(46.25556, 38.0765),
          source=f"{GGIT} P0459", coord_source="GEM route P0459 start vertex"),
        N("astara-gas", "Astara (IR): Hajigabul–Astara line enters Iran's grid", "junction", country="IR",
          ref=(48.85, 38.37), source=f"{GGIT} P0748; {cite('SWAP-004')}",
          coord_source="Hajigabul–Astara–Abadan route vertex nearest Astara (IR)"),
        N("malkoclar-tr", "Malkoçlar (end of the BOTAŞ west line)", "junction", country="TR", at=(27.2596, 42.0283),
          source=f"{GGIT} P2227", coord_source="GEM route P2227 end vertex"),
        N("malkoclar", "Malkoçlar / Strandzha (TR/BG border)", "border", country="BG",
          source=f"{GGIT} P2227, P3933, P3048 (Strandja–Malkoclar)",
          coord_source="crossing of the BOTAŞ west line / Trans-Balkan route with the 1:50m border",
          extra={"border_between": "TR-BG"}),
        N("kardam", "Kardam / Negru Vodă (BG/RO border)", "border", country="RO",
          source=f"{GGIT} P3933 (Trans-Balkan)", coord_source="crossing of the Trans-Balkan route with the 1:50m border",
          extra={"border_between": "BG-RO"}),
        # --- gas markets -------------------------------------------------------------------------------
        N("market-it", "Italy (Snam grid at the TAP exit, Melendugno)", "market", country="IT", at=(18.3146, 40.2753),
          source=f"{GGIT} P0724 end (Melendugno)", coord_source="GEM route P0724 end vertex"),
        N("market-gr", "Greece (DESFA grid at the TAP/IGB exit, Komotini)", "market", country="GR", ref=(25.48, 41.0724),
          source=f"{GGIT} P0724, P0696 (IGB starts at Komotini)",
          coord_source="TAP route vertex nearest the IGB start (GEM P0696, Komotini)"),
        N("market-al", "Albania (planned TAP offtake near Fier)", "market", country="AL", ref=(19.56, 40.72),
          source=f"{GGIT} P0724; no Azerbaijani gas is sold in Albania yet [K]",
          coord_source="[K] Fier town location snapped onto the TAP route"),
        N("market-bg", "Bulgaria (Bulgartransgaz at the IGB end, Stara Zagora)", "market", country="BG",
          at=(25.7076, 42.3631), source=f"{GGIT} P0696", coord_source=f"{ref_nodes} STARA_ZAGORA (GEM route P0696 vertex)"),
        N("market-eu-southeast", "Romania, Hungary, Slovakia, Croatia, Slovenia (entry at Negru Vodă, RO)", "market",
          country="RO", at=(28.21, 43.82), source=f"{GGIT} P3933 (Trans-Balkan); {cite('GAS_EXPORTS-022')}",
          coord_source="[K] Negru Vodă town location (the Trans-Balkan entry into Romania)"),
        N("market-tr", "Türkiye (BOTAŞ grid hub, Ankara)", "market", country="TR", at=src.station(9747501490),
          source=f"{GGIT} P0459 ends at Ankara; {cite('GAS_EXPORTS-003')}",
          coord_source="OSM station 9747501490 Ankara (gas lines end 2–5 km away and are joined to it)"),
        N("market-ge", "Georgia (GOGC grid at Saguramo)", "market", country="GE", at=(44.66195, 41.97415),
          source=f"{GGIT} P4211 end (Saguramo)", coord_source="GEM route P4211 end vertex"),
        N("market-sy", "Syria (Aleppo power plants)", "market", country="SY", ref=(37.133, 36.221),
          source=f"GEM route P7530; {cite('SYRIA-002')}", coord_source=f"{ref_nodes} ALEPPO_GAS (GEM route P7530 vertex)"),
        N("market-nakhchivan", "Nakhchivan (Azerbaijani exclave)", "market", country="AZ", at=src.station(8631252675),
          source=f"{cite('NAKHCHIVAN-002', 'SWAP-001')}", coord_source="OSM station 8631252675 Nakhchivan"),
        # --- oil markets and sea junctions -----------------------------------------------------------------
        N("market-it-oil", "Italy: refineries (Augusta–Priolo hub)", "market", country="IT", at=src.wpi_port(40250),
          source=f"{cite('OIL_EXPORTS-002')}: Italy is the first buyer of Azerbaijani crude",
          coord_source="NGA World Port Index 40250 Augusta"),
        N("market-il", "Israel (Haifa; with the EAPC Ashkelon–Haifa line)", "market", country="IL",
          at=src.wpi_port(45080), source=cite("OIL_ISRAEL-001", "OIL_ISRAEL-003"),
          coord_source="NGA World Port Index 45080 Haifa"),
        N("market-hr", "Croatia: JANAF terminal, Omišalj (Krk)", "market", country="HR", at=src.wpi_port(41045),
          source=cite("OIL_EXPORTS-002"), coord_source="NGA World Port Index 41045 Omisalj"),
        N("trieste", "Trieste (SIOT marine terminal, head of the Transalpine pipeline)", "terminal", country="IT",
          at=src.wpi_port(40820), source="NGA World Port Index 40820; GEM P0679 (TAL)",
          coord_source="NGA World Port Index 40820 Trieste"),
        N("market-eu-central", "Central Europe via TAL: Würmlach junction (AT) for Schwechat (AWP), Bavaria (DE) and Czechia (IKL)",
          "market", country="AT", at=(13.028, 46.6642), source=f"{GOIT} P0679 (TAL), P0664 (AWP); {cite('OIL_EXPORTS-002')}",
          coord_source="GEM route P0664 start vertex (on the TAL route)"),
        N("market-med", "Mediterranean and beyond (aggregate sink for seaborne crude and freight, Strait of Sicily)",
          "market", at=sea_vertex((12.08394, 37.12347)),
          source="aggregate destination for CPC Blend and other Black Sea crude, Azerbaijani crude to buyers not modelled "
                 "one by one, and Middle Corridor freight shipped on from Georgian ports",
          coord_source="Eurostat SeaRoute lane vertex in the Strait of Sicily (more than 0.3° from land)"),
        N("turkish-straits", "Turkish Straits (Bosporus northern entrance)", "junction", country="TR",
          at=sea_vertex((29.11281, 41.23472)), source="Eurostat SeaRoute lanes; the Bosporus–Marmara–Dardanelles passage",
          coord_source="Eurostat SeaRoute lane vertex at the Bosporus' Black Sea entrance"),
        N("dardanelles", "Dardanelles (Aegean exit)", "junction", country="TR", at=sea_vertex((26.19673, 40.06403)),
          source="Eurostat SeaRoute lanes", coord_source="Eurostat SeaRoute lane vertex off the Dardanelles' Aegean exit"),
        N("ionian", "Off Cape Matapan (sea junction: routes to Sicily and the Adriatic)", "junction",
          at=sea_vertex((22.19245, 36.41115)), source="Eurostat SeaRoute lanes",
          coord_source="Eurostat SeaRoute lane vertex where the routes from Ceyhan to Augusta and to Trieste part"),
        N("otranto", "Strait of Otranto (sea junction)", "junction", at=sea_vertex((18.18106, 40.69975)),
          source="Eurostat SeaRoute lanes",
          coord_source="Eurostat SeaRoute lane vertex where the routes to Trieste and Omišalj part"),
        # --- power ---------------------------------------------------------------------------------------
        N("anaklia", "Anaklia (planned Black Sea cable landing)", "terminal", country="GE", at=(41.57, 42.39),
          source=cite("CABLE-001"), coord_source=f"{ref_nodes} ANAKLIA ([K?] approximate town location)"),
    ]


def _p(**kw) -> dict:
    return kw


TAP_DEMONSTRATED = 11.5  # bcm/y moved in 2022 (TAP-005)


def tap_steps() -> list[tuple[float, float, str, str, int | None, str]]:
    """TAP's expansion steps as links: (commercial total, capacity added, why, status, start year, source).

    A year's limit is max(demonstrated, expanded commercial capacity), never their sum: a step adds
    only what its commercial total exceeds the demonstrated 11.5 bcm/y (and the steps before it).
    The 2026 step (10 → 11.2 bcm/y, TAP-001/TAP-013) stays below 11.5, so it adds no link.
    """
    steps = [(11.2, "nominal 10 + 1.2 from 1 Jan 2026, " + cite("TAP-001", "TAP-013"), "construction", 2026,
              f"{cite('TAP-001', 'TAP-013', 'TAP-011')}: long-term bookings from 2026, works in Greece finished Nov 2025"),
             (20.0, "full expansion, " + cite("TAP-002") + "; GEM P3203 lists +10 bcm/y", "proposed", None,
              f"{GGIT} P3203 (TAP Expansion, proposed, no firm date); {cite('TAP-002')}")]
    out, reached = [], TAP_DEMONSTRATED
    for total, why, status, year, source in steps:
        if total > reached:
            out.append((total, round(total - reached, 3), why, status, year, source))
            reached = total
    return out


def routes() -> list[Route]:
    G = src.gem_graph
    out: list[Route] = []

    # --- BTC ----------------------------------------------------------------------------------------
    out.append(Route(
        key="btc", name="BTC oil pipeline", stops=["sangachal", "ceyhan"], legs=[Leg("graph", G("P0644"))],
        ids=["btc-az", "btc-ge", "btc-tr"],
        borders={("AZ", "GE"): "btc-border-az-ge", ("GE", "TR"): "btc-border-ge-tr"},
        props=_p(asset="BTC", corridor="BTC", mode="pipeline", commodities=["oil"], capacity="1200 kb/d",
                 capacity_source=f"{cite('OIL_BTC-007')} (bp: 1.0 mb/d design, 1.2 mb/d with drag-reducing agents); GEM GOIT P0644 agrees",
                 status="operating", start_year=2006, operator="BTC Co. (bp-operated)",
                 source=f"{GOIT} P0644; {route_src('P0644')}", route_accuracy="traced",
                 official_length_km=1768, length_source=f"bp via {cite('OIL_BTC-007')} (443 AZ / 249 GE / 1,076 TR km)",
                 notes="GEM's route ends at the Ceyhan tank farm; the loading jetties (WPI) are 3 km away",
                 gem_project_id="P0644")))
    # --- WREP (Baku–Supsa) ---------------------------------------------------------------------------
    out.append(Route(
        key="wrep", name="Baku–Supsa oil pipeline (WREP)", stops=["sangachal", "supsa"], legs=[Leg("graph", G("P0643"))],
        ids=["wrep-az", "wrep-ge"], borders={("AZ", "GE"): "wrep-border-az-ge"},
        props=_p(asset="WREP", corridor="Baku–Supsa", mode="pipeline", commodities=["oil"], capacity="145 kb/d",
                 capacity_source=f"{cite('OIL_WREP-001')}; GEM GOIT P0643 gives 115 kb/d + 35 kb/d expansion (P2019)",
                 status="idle", start_year=1999, operator="AIOC (bp-operated)",
                 source=f"{GOIT} P0643 (status Idle); {cite('OIL_WREP-001', 'OIL_WREP-002')}; {route_src('P0643')}",
                 route_accuracy="traced", official_length_km=837, length_source=cite("OIL_WREP-001"),
                 notes="flows suspended since May 2022 (OIL_WREP-001); idle links stay in the network so a scenario can restart them",
                 gem_project_id="P0643")))
    # --- NREP (Baku–Novorossiysk) --------------------------------------------------------------------
    out.append(Route(
        key="nrep", name="Baku–Novorossiysk oil pipeline (NREP)", stops=["sangachal", "novorossiysk"],
        legs=[Leg("graph", G("P0645"))], ids=["nrep-az", "nrep-ru"], borders={("AZ", "RU"): "nrep-border-az-ru"},
        props=_p(asset="NREP", corridor="Baku–Novorossiysk", mode="pipeline", commodities=["oil"], capacity="105 kb/d",
                 capacity_source=f"{cite('OIL_NREP-001')}; GEM GOIT P0645: 5.3 Mt/y",
                 status="operating", start_year=1997, operator="SOCAR (AZ section), Transneft (RU section)",
                 source=f"{GOIT} P0645; {cite('OIL_NREP-001', 'OIL_NREP-002')}; {route_src('P0645')}",
                 route_accuracy="traced", official_length_km=1330, length_source=cite("OIL_NREP-001"),
                 start_year_source="Azerbaijani early-oil exports since 1997 [K]; GEM StartYear1 1983 is the Soviet-era line",
                 notes="the GEM route starts 33 km north of Sangachal",
                 gem_project_id="P0645")))
    # --- CPC -------------------------------------------------------------------------------------------
    out.append(Route(
        key="cpc", name="CPC oil pipeline", stops=["tengiz", "cpc-terminal"], legs=[Leg("graph", G("P0646"))],
        ids=["cpc-kz", "cpc-ru"], borders={("KZ", "RU"): "cpc-border-kz-ru"}, absorb_sea=True, simplify=0,
        onto_land_km=60.0,
        props=_p(asset="CPC", corridor="CPC", mode="pipeline", commodities=["oil"], capacity="81.5 Mt/y",
                 capacity_source=f"{cite('OIL_CPC-003')} (after debottlenecking; GEM GOIT P0646: 1,340 kb/d)",
                 status="operating", start_year=2001, operator="Caspian Pipeline Consortium",
                 source=f"{GOIT} P0646; {cite('OIL_CPC-001', 'OIL_CPC-003')}; {route_src('P0646')}",
                 route_accuracy="waypoints", official_length_km=1511, length_source=f"{GOIT} P0646",
                 notes="GEM's CPC route is a 12-vertex sketch ending ~40 km inland of the marine terminal",
                 gem_project_id="P0646"),
        segment_props={0: {"capacity": "72.5 Mt/y", "capacity_source": f"{cite('OIL_CPC-003')} (Kazakh section)"}}))
    # --- Southern Gas Corridor: SCP → TANAP → TAP ----------------------------------------------------------
    sgc_graph = G("P0759", "P0763", "P0724")
    scp = _p(asset="SCP", capacity="23.4 bcm/y",
             capacity_source=f"{cite('SCP-001')} (SCP 7.41 + SCPX loop; GEM gives 7.41 + 16.63 = 24.04 bcm/y)",
             start_year=2006, operator="South Caucasus Pipeline Co. (bp-operated)",
             source=f"{GGIT} P0759, P4212 (SCPX); {cite('SCP-001')}; {route_src('P0759')}",
             official_length_km=692, length_source=cite("SCP-001"), gem_project_id="P0759")
    tanap = _p(asset="TANAP", capacity="16.2 bcm/y",
               capacity_source=f"{cite('TANAP-006')} (16.2 bcm/y now, two compressor stations; TANAP-001: 16 = 6 to Türkiye "
                               "+ 10 to Europe; GEM lists a Phase Two +8 bcm/y as operating, the operator's figure is kept)",
               start_year=2018, operator="TANAP (SGC 51%, BOTAŞ 30%, bp 12%, SOCAR 7%)",
               source=f"{GGIT} P0763; {cite('TANAP-001', 'TANAP-003')}; {route_src('P0763')}",
               official_length_km=1811, length_source=f"{cite('TANAP-001')} (GEM 1,811 km; 1,850 km often quoted [K])",
               gem_project_id="P0763")
    tap = _p(asset="TAP", capacity=f"{TAP_DEMONSTRATED} bcm/y",
             capacity_source=f"demonstrated throughput {cite('TAP-005')} (~11 bcm in 2024, TAP-012; near full since 2022, "
                             f"TAP-006); nominal 10 bcm/y ({cite('TAP-002')}, GEM GGIT P0724). Limit rule: the larger of "
                             "the demonstrated and the expanded commercial capacity, never their sum",
             start_year=2020, operator="Trans Adriatic Pipeline AG",
             source=f"{GGIT} P0724; {cite('TAP-002', 'TAP-005', 'TAP-006')}; {route_src('P0724')}",
             official_length_km=878, length_source=f"{GGIT} P0724", gem_project_id="P0724")
    out.append(Route(
        key="sgc", name="Southern Gas Corridor", props=_p(corridor="SGC", mode="pipeline", commodities=["gas"],
                                                          status="operating", route_accuracy="traced", source=""),
        stops=["sangachal", "hajigabul", "tanap-eskisehir", "market-gr", "market-al", "market-it"],
        legs=[Leg("graph", sgc_graph)],
        borders={("AZ", "GE"): "scp-border-az-ge", ("GE", "TR"): "turkgozu", ("TR", "sea"): "tanap-dardanelles-asia",
                 ("sea", "TR"): "tanap-dardanelles-europe", ("TR", "GR"): "kipoi", ("GR", "AL"): "tap-border-gr-al",
                 ("AL", "sea"): "tap-landfall-al", ("sea", "IT"): "tap-landfall-it"},
        chain=[("turkgozu", "scp", {**scp, "name": "South Caucasus Pipeline (SCP/SCPX)"}),
               ("kipoi", "tanap", {**tanap, "name": "TANAP"}),
               ("market-it", "tap", {**tap, "name": "Trans Adriatic Pipeline (TAP)"})],
        expansions=[
            *[_p(suffix="x" if len(tap_steps()) == 1 else f"x{k + 1}", name_suffix=f"expansion to {total:g} bcm/y", of_asset="TAP", capacity=f"{add:g} bcm/y",
                 capacity_source=f"{total:g} bcm/y commercial ({why}) less the {TAP_DEMONSTRATED} bcm/y demonstrated: the "
                                 "year's limit is the larger of the two, never their sum",
                 status=status, start_year=year, source=source)
              for k, (total, add, why, status, year, source) in enumerate(tap_steps())],
            _p(suffix="x1", name_suffix="expansion to 24 bcm/y (two more compressor stations)", of_asset="TANAP",
               capacity="7.8 bcm/y", capacity_source=f"{cite('TANAP-004', 'TANAP-006')} (16.2 → 24 bcm/y); GEM P3204 +8",
               status="proposed", start_year=None,
               source=f"{GGIT} P3204; {cite('TANAP-004', 'TANAP-006')}: options studied, no investment decision (2024)"),
            _p(suffix="x2", name_suffix="expansion to 31 bcm/y (three more compressor stations)", of_asset="TANAP",
               capacity="7 bcm/y", capacity_source=f"{cite('TANAP-004', 'TANAP-006')} (24 → 31 bcm/y); GEM P3205 +7",
               status="proposed", start_year=None,
               source=f"{GGIT} P3205, P3281; {cite('TANAP-004', 'TANAP-006')}: about 5 years to build after a decision"),
            _p(suffix="x", name_suffix="SCPFX +5 bcm/y", of_asset="SCP", capacity="5 bcm/y",
               capacity_source=cite("SCP-002"), status="proposed", start_year=None,
               source=f"{GGIT} P4466 (SCPFX, shelved); {cite('SCP-001', 'SCP-002')}"),
        ]))
    # --- BOTAŞ connector Türkgözü → Horasan (drawn on the TANAP alignment) -------------------------------------
    out.append(Route(
        key="botas-connector", name="BOTAŞ Türkgözü–Horasan connector (Shah Deniz 1 gas)", stops=["turkgozu", "horasan"],
        legs=[Leg("graph", G("P0763"))], ids=["botas-turkgozu-horasan"], split_borders=False,
        props=_p(asset="BOTAS-EAST", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="8 bcm/y",
                 capacity_source="estimate [K]: no published figure in the data; at least the 2024 non-TANAP deliveries "
                                 "to Türkiye (9.9 − 5.6 bcm, GAS_EXPORTS-003/-005) plus ~1.8 bcm onward to Bulgaria "
                                 "(GAS_EXPORTS-022), rounded up",
                 status="operating", start_year=2006, operator="BOTAŞ",
                 source=f"{cite('GAS_EXPORTS-003', 'GAS_EXPORTS-005')}: Shah Deniz 1 gas is sold to BOTAŞ at the border",
                 route_accuracy="waypoints",
                 notes="no route in the data: drawn on the TANAP alignment, which the 2006 BOTAŞ line parallels [K]")))
    out.append(Route(
        key="tanap-offtake", name="TANAP Eskişehir offtake into the BOTAŞ grid (schematic)",
        stops=["tanap-eskisehir", "market-tr"], legs=[Leg("points")], ids=["tanap-eskisehir-offtake"],
        split_borders=False, simplify=0,
        props=_p(asset="TANAP-OFFTAKE-TR", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="6 bcm/y",
                 capacity_source=f"{cite('TANAP-001')} (6 bcm/y of TANAP's 16 are for Türkiye, at Eskişehir and in Thrace)",
                 status="operating", start_year=2018, operator="BOTAŞ",
                 source=f"{cite('TANAP-001', 'TANAP-003', 'GAS_EXPORTS-005')}; schematic: no GEM line joins the offtake to Ankara",
                 route_accuracy="straight",
                 notes="drawn straight from TANAP's Eskişehir junction to the Ankara hub that stands for Türkiye's grid")))
    # --- Tabriz–Ankara (Iran → Türkiye), BOTAŞ east–west ---------------------------------------------------------
    out.append(Route(
        key="tabriz-ankara", name="Tabriz–Ankara gas pipeline",
        stops=["tabriz-gas", "igdir-junction", "horasan", "sivas-gas", "market-tr"], legs=[Leg("graph", G("P0459"))],
        borders={("IR", "TR"): "gurbulak-gas"},
        ids=["tabriz-ankara-ir", "tabriz-ankara-tr-1", "tabriz-ankara-tr-2", "tabriz-ankara-tr-3", "tabriz-ankara-tr-4"],
        props=_p(asset="TABRIZ-ANKARA", corridor="Iran gas", mode="pipeline", commodities=["gas"], capacity="14 bcm/y",
                 capacity_source=f"{GGIT} P0459", status="operating", start_year=2001, operator="NIGC (IR), BOTAŞ (TR)",
                 source=f"{GGIT} P0459; {route_src('P0459')}", route_accuracy="traced", gem_project_id="P0459"),
        segment_props={k: {"bidirectional": True, "notes": "BOTAŞ grid section: flow may run either way"} for k in (1, 2, 3, 4)}))
    out.append(Route(
        key="botas-syria", name="BOTAŞ South Natural Gas Pipeline (Sivas–Kilis)", stops=["sivas-gas", "kilis"],
        legs=[Leg("graph", G("P2485"))], ids=["botas-sivas-kilis"], split_borders=False,
        props=_p(asset="BOTAS-SOUTH", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="4 bcm/y",
                 capacity_source="estimate [K]: GEM P2485 gives no capacity; set above the 2 bcm/y of the Kilis–Aleppo line",
                 status="operating", start_year=2005, operator="BOTAŞ",
                 source=f"{GGIT} P2485; {route_src('P2485')}", route_accuracy="traced", gem_project_id="P2485",
                 notes="the GEM route starts near Sivas, off the Tabriz–Ankara line")))
    out.append(Route(
        key="kilis-aleppo", name="Kilis–Aleppo gas pipeline (Türkiye–Syria)", stops=["kilis", "market-sy"],
        legs=[Leg("graph", G("P7530"))], ids=["kilis-aleppo-tr", "kilis-aleppo-sy"], borders={("TR", "SY"): "kilis-border-tr-sy"},
        props=_p(asset="KILIS-ALEPPO", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="2 bcm/y",
                 capacity_source=cite("SYRIA-003", "SYRIA-004"), status="operating", start_year=2025, operator="BOTAŞ",
                 source=f"GEM route P7530 (no GEM attribute record yet); {cite('SYRIA-001', 'SYRIA-003')}",
                 route_accuracy="traced", official_length_km=None, gem_project_id="P7530")))
    # --- BOTAŞ west (Ankara → Malkoçlar) and Trans-Balkan (reverse) to Romania ----------------------------------
    tb = _p(asset="TRANS-BALKAN", name="Trans-Balkan pipeline (reverse flow)", capacity="27 bcm/y",
            capacity_source=f"{GGIT} P3933", start_year=1988, operator="Bulgartransgaz (BG), Transgaz (RO)",
            source=f"{GGIT} P3933; {cite('GAS_EXPORTS-022')}; GEM route P3933 vertices", route_accuracy="waypoints",
            gem_project_id="P3933",
            notes="GEM's Trans-Balkan route is an 8-vertex sketch: drawn through its vertices to Negru Vodă ([K] location)")
    out.append(Route(
        key="botas-west", name="BOTAŞ west line (Ankara – İstanbul – Malkoçlar)",
        stops=["market-tr", "malkoclar-tr", "market-eu-southeast"],
        legs=[Leg("graph", G("P2227")), Leg("points", via=((27.3124, 43.2778), (28.3286, 43.439)))],
        borders={("TR", "BG"): "malkoclar", ("BG", "RO"): "kardam"},
        props=_p(asset="BOTAS-WEST", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="4 bcm/y",
                 capacity_source=f"{GGIT} P2227", status="operating", start_year=1986, operator="BOTAŞ",
                 source=f"{GGIT} P2227; {cite('GAS_EXPORTS-022')}; {route_src('P2227')}", route_accuracy="traced",
                 gem_project_id="P2227",
                 notes="GEM lists P2227 as mothballed (2022): it carried Russian gas into Türkiye until 2020; Azerbaijani "
                       "gas now reaches Bulgaria through Strandzha/Malkoçlar (GAS_EXPORTS-022), so the line is kept in service [K]"),
        chain=[("malkoclar", "botas-west", {}), ("market-eu-southeast", "trans-balkan", tb)], absorb_sea=True))
    # --- IGB -----------------------------------------------------------------------------------------------
    out.append(Route(
        key="igb", name="Interconnector Greece–Bulgaria (IGB)", stops=["market-gr", "market-bg"],
        legs=[Leg("graph", G("P0696"))], ids=["igb-gr", "igb-bg"], borders={("GR", "BG"): "igb-border-gr-bg"},
        props=_p(asset="IGB", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="3 bcm/y",
                 capacity_source=f"{cite('GAS_IGB-001')} (3 bcm/y technical; GEM GGIT P0696 agrees)", status="operating",
                 start_year=2022, operator="ICGB AD", source=f"{GGIT} P0696; {cite('GAS_IGB-001')}; {route_src('P0696')}",
                 route_accuracy="traced", official_length_km=182,
                 length_source=f"{cite('GAS_IGB-001')} (ICGB 182 km; GEM P0696 184 km); GEM's route measures 158 km",
                 gem_project_id="P0696"),
        expansions=[_p(suffix="x", name_suffix="expansion to 5 bcm/y (Komotini compressor)", capacity="2 bcm/y",
                       capacity_source=f"{cite('GAS_IGB-001')} (3 → 5 bcm/y with a compressor station in Greece)",
                       status="proposed", start_year=None,
                       source=f"{cite('GAS_IGB-001', 'GAS_IGB-002')}: expansion proceeding, tenders from Dec 2023, no date")]))
    # --- Hajigabul–Gazakh–Saguramo (to Georgia) ------------------------------------------------------------------
    out.append(Route(
        key="hgs", name="Hajigabul–Gazakh–Saguramo gas pipeline", stops=["hajigabul", "market-ge"],
        legs=[Leg("graph", G("P4211"))], ids=["hgs-az", "hgs-ge"], borders={("AZ", "GE"): "hgs-border-az-ge"},
        props=_p(asset="HGS", corridor="SGC", mode="pipeline", commodities=["gas"], capacity="8.7 bcm/y",
                 capacity_source=f"{GGIT} P4211", status="operating", start_year=2006, operator="SOCAR / GOGC",
                 source=f"{GGIT} P4211; {cite('GAS_EXPORTS-004')}; {route_src('P4211')}", route_accuracy="traced",
                 gem_project_id="P4211")))
    # --- Azerigaz grid between Sangachal and Hajigabul (domestic supply; schematic) ------------------------------
    out.append(Route(
        key="azerigaz", name="Azerigaz grid Sangachal – Hajigabul (schematic)", stops=["sangachal", "hajigabul"],
        legs=[Leg("points")], ids=["azerigaz-sangachal-hajigabul"], split_borders=False, simplify=0,
        props=_p(asset="AZERIGAZ", corridor="Azerbaijan domestic gas", mode="pipeline", commodities=["gas"],
                 bidirectional=True, capacity="15 bcm/y",
                 capacity_source="estimate [K]: no figure in the data; above the ~13.5 bcm/y of domestic use it carries "
                                 "(GAS_DOMESTIC-002)",
                 status="operating", start_year=None, operator="Azerigaz (SOCAR)",
                 source=f"{cite('GAS_DOMESTIC-001', 'GAS_DOMESTIC-002', 'SANGACHAL-001')}: Sangachal gas also supplies the "
                        "domestic grid; schematic connection [K]",
                 route_accuracy="straight",
                 notes="no route in the data: stands for the domestic grid's offtakes from the terminal, so domestic use "
                       "does not take SCP capacity")))
    # --- Iran swap to Nakhchivan (until the Iğdır line opened in March 2025) ---------------------------------------
    # A swap, not a through pipe: Azerbaijan delivers at Astara, Iran delivers its own gas to Nakhchivan. The
    # Iranian leg is drawn beside (not joined to) the Tabriz–Ankara line, so Azerbaijani gas has no route through
    # Iran into Türkiye: no source reports one (Türkiye's entry points by volume, GAS_TURKIYE-002, list Gürbulak
    # for Iranian gas only).
    out.append(Route(
        key="iran-swap", name="Azerbaijan → Iran → Nakhchivan gas swap route",
        stops=["hajigabul", "astara-gas", "market-nakhchivan"],
        legs=[Leg("graph", G("P0748")),
              Leg("points", via=(src.station(11640598269), src.station(6534887564), src.station(13395861938),
                                 src.station(235460157)))],
        borders={("AZ", "IR"): "astara-gas-border", ("IR", "AZ"): "julfa-gas-border"},
        ids=["haa-az", "haa-ir", "swap-ir", "swap-nakhchivan"],
        props=_p(asset="IRAN-SWAP", corridor="Iran gas", mode="pipeline", commodities=["gas"], capacity="0.35 bcm/y",
                 capacity_source=f"{cite('SWAP-004')} (swap deliveries 0.33–0.35 bcm/y; SWAP-005 gives up to 2 bcm/y "
                                 "for the Turkmen swap at Astara)",
                 status="retired", start_year=2010, end_year=2024, operator="SOCAR / NIGC",
                 start_year_source=f"first documented deliveries 2010 ({cite('SWAP-004')}); earlier start [K]",
                 source=f"{cite('SWAP-001', 'SWAP-004', 'NAKHCHIVAN-002')}; GEM P0748 Hajigabul–Astara–Abadan (AZ part traced)",
                 route_accuracy="waypoints",
                 notes="a swap: Iran takes gas at Astara and delivers its own gas to Nakhchivan; replaced by the "
                       "Iğdır–Nakhchivan pipeline in March 2025 (NAKHCHIVAN-002), so it ends in 2024. The Iranian part is "
                       "drawn through Ardabil, Tabriz, Marand and Jolfa stations (OSM), not along a surveyed pipe"),
        segment_props={k: {"asset": "HAA", "name": "Hajigabul–Astara gas pipeline", "capacity": "10 bcm/y",
                           "capacity_source": f"{GGIT} P0748", "status": "operating", "start_year": None,
                           "end_year": None, "start_year_source": None,
                           "route_accuracy": "traced", "gem_project_id": "P0748",
                           "source": f"{GGIT} P0748; {route_src('P0748')}",
                           "notes": "carries Azerbaijani gas to Iran at Astara (the Nakhchivan swap until 2024)"}
                       for k in (0, 1)}))
    # --- Iğdır–Nakhchivan --------------------------------------------------------------------------------------------
    out.append(Route(
        key="igdir-feeder", name="BOTAŞ supply to Iğdır (schematic)", stops=["igdir-junction", "igdir"],
        legs=[Leg("points")], ids=["botas-igdir-feeder"], split_borders=False, simplify=0,
        props=_p(asset="BOTAS-IGDIR", corridor="Nakhchivan gas", mode="pipeline", commodities=["gas"], capacity="1 bcm/y",
                 capacity_source="estimate [K]: above the 0.73 bcm/y of the Iğdır–Nakhchivan line",
                 status="operating", start_year=None, operator="BOTAŞ", source="schematic connection of Iğdır to the BOTAŞ grid [K]",
                 route_accuracy="straight", notes="no route in the data; straight line from the Tabriz–Ankara line to Iğdır")))
    out.append(Route(
        key="igdir-nakhchivan", name="Iğdır–Nakhchivan gas pipeline", stops=["igdir", "sadarak-gas"],
        legs=[Leg("graph", G("P2719"))], ids=["igdir-nakhchivan-tr", "igdir-nakhchivan-az"],
        borders={("TR", "AZ"): "igdir-gas-border-tr-az"},
        props=_p(asset="IGDIR-NAKHCHIVAN", corridor="Nakhchivan gas", mode="pipeline", commodities=["gas"],
                 capacity="0.73 bcm/y", capacity_source=f"{cite('NAKHCHIVAN-001')} (GEM GGIT P2719: 0.5 bcm/y)",
                 status="operating", start_year=2025, operator="BOTAŞ, SOCAR",
                 source=f"{GGIT} P2719 (lists it as proposed); {cite('NAKHCHIVAN-001', 'NAKHCHIVAN-002')}; {route_src('P2719')}",
                 route_accuracy="traced", official_length_km=97.5, length_source=cite("NAKHCHIVAN-001"),
                 gem_project_id="P2719")))
    out.append(Route(
        key="nakhchivan-grid", name="Nakhchivan gas grid (schematic)", stops=["sadarak-gas", "market-nakhchivan"],
        legs=[Leg("points")], ids=["nakhchivan-gas-grid"], split_borders=False, simplify=0,
        props=_p(asset="NAKHCHIVAN-GRID", corridor="Nakhchivan gas", mode="pipeline", commodities=["gas"],
                 capacity="1 bcm/y", capacity_source="estimate [K]: not a constraint (above the 0.73 bcm/y feeding it)",
                 status="operating", start_year=None, operator="Azerigaz",
                 source="schematic link from the Iğdır–Nakhchivan pipeline end to Nakhchivan city [K]",
                 route_accuracy="straight", notes="no route in the data")))
    # --- Trans-Caspian gas pipeline (proposed) ---------------------------------------------------------------------
    out.append(Route(
        key="tcp", name="Trans-Caspian gas pipeline (proposed)", stops=["tcp-head", "sangachal"],
        legs=[Leg("graph", G("P0764"))],
        borders={("sea", "AZ"): "tcp-landfall-az"},
        props=_p(asset="TCP", corridor="Trans-Caspian gas", mode="pipeline", commodities=["gas"], capacity="16 bcm/y",
                 capacity_source=f"{GGIT} P0764 (phase 1; expansion record P3915 +14 bcm/y)", status="proposed",
                 start_year=None, operator="W-Stream Caspian Pipeline Co. (per GEM)",
                 source=f"{GGIT} P0764 (proposed; GEM's 2024 placeholder year has passed); {route_src('P0764')}",
                 route_accuracy="traced", gem_project_id="P0764")))
    # --- TAL to central Europe ----------------------------------------------------------------------------------------
    out.append(Route(
        key="tal", name="Transalpine oil pipeline (TAL)", stops=["trieste", "market-eu-central"],
        legs=[Leg("graph", G("P0679"))], ids=["tal-it", "tal-at"], borders={("IT", "AT"): "tal-border-it-at"},
        props=_p(asset="TAL", corridor="Oil shipping", mode="pipeline", commodities=["oil"], capacity="850 kb/d",
                 capacity_source=f"{GOIT} P0679", status="operating", start_year=1967, operator="TAL Group",
                 source=f"{GOIT} P0679; {route_src('P0679')}", route_accuracy="traced", gem_project_id="P0679",
                 notes="modelled as far as the AWP junction at Würmlach; the GEM route starts at the SIOT tank farm, "
                       "inland of the Trieste port node")))
    # --- Black Sea power cable (proposed) --------------------------------------------------------------------------
    out.append(Route(
        key="black-sea-cable", name="Black Sea submarine power cable (Georgia–Romania, proposed)",
        stops=["anaklia", "market-ro"], legs=[Leg("points")], ids=["black-sea-cable"], split_borders=False, simplify=0,
        props=_p(asset="BLACK-SEA-CABLE", corridor="Black Sea power", mode="cable", commodities=["power"],
                 capacity="1000 MW", capacity_source=f"{cite('CABLE-002', 'CABLE-003')} (1,000–1,500 MW; 1.3 GW informal)",
                 status="proposed", start_year=None, operator="AZ–GE–RO–HU TSO joint venture [K?]",
                 source=f"{cite('CABLE-001', 'CABLE-003', 'CABLE-004')}: feasibility stage; 2029 (GSE) or early 2030s (GET)",
                 route_accuracy="straight", official_length_km=1195, length_source=cite("CABLE-001"),
                 notes="no public route: drawn straight between the landings (it stays at sea); no power balances are modelled")))
    return out


def sea_routes() -> list[Route]:
    """Tanker legs (oil) in the Black Sea and Mediterranean, and the Turkish Straits transit."""
    S = src.sea_med()
    note = "shortest path on the Eurostat SeaRoute 20 km lanes (EUPL 1.2); ends joined to the nearest lane point reachable by sea"
    cap = dict(capacity="200 Mt/y",
               capacity_source="notional [K]: open-sea tanker/cargo lane, not a constraint (no capacity is published)")

    def leg(key: str, a: str, b: str, name: str, commodities: list[str], corridor: str = "Oil shipping",
            **extra) -> Route:
        props = _p(asset=key.upper(), corridor=corridor, mode="sea", commodities=commodities, **cap,
                   status="operating", start_year=None, operator="tanker and cargo shipping",
                   source=f"{note}", route_accuracy="traced")
        props.update(extra)
        return Route(key=key, name=name, stops=[a, b], legs=[Leg("sea", S)], ids=[key], split_borders=False,
                     simplify=0.001, nudge=False, props=props)

    return [
        leg("sea-ceyhan-haifa", "ceyhan", "market-il", "Tanker route Ceyhan – Haifa", ["oil"]),
        leg("sea-ceyhan-ionian", "ceyhan", "ionian", "Tanker route Ceyhan – Ionian Sea", ["oil"]),
        leg("sea-ionian-augusta", "ionian", "market-it-oil", "Tanker route Ionian Sea – Augusta", ["oil"]),
        leg("sea-ionian-sicily", "ionian", "market-med", "Shipping route Ionian Sea – Strait of Sicily", ["oil", "freight"]),
        leg("sea-ionian-otranto", "ionian", "otranto", "Tanker route Ionian Sea – Strait of Otranto", ["oil"]),
        leg("sea-otranto-trieste", "otranto", "trieste", "Tanker route Strait of Otranto – Trieste", ["oil"]),
        leg("sea-otranto-omisalj", "otranto", "market-hr", "Tanker route Strait of Otranto – Omišalj", ["oil"]),
        leg("sea-dardanelles-ionian", "dardanelles", "ionian", "Shipping route Dardanelles – Ionian Sea", ["oil", "freight"]),
        leg("sea-dardanelles-haifa", "dardanelles", "market-il", "Tanker route Dardanelles – Haifa", ["oil"]),
        leg("sea-supsa-straits", "supsa", "turkish-straits", "Tanker route Supsa – Bosporus", ["oil"]),
        leg("sea-batumi-straits", "batumi", "turkish-straits", "Shipping route Batumi – Bosporus", ["oil", "freight"]),
        leg("sea-poti-straits", "poti", "turkish-straits", "Container/cargo route Poti – Bosporus", ["freight"],
            corridor="Middle Corridor"),
        leg("sea-novorossiysk-straits", "novorossiysk", "turkish-straits", "Tanker route Novorossiysk – Bosporus", ["oil"]),
        leg("sea-cpc-straits", "cpc-terminal", "turkish-straits", "Tanker route CPC terminal – Bosporus", ["oil"]),
        Route(key="turkish-straits-transit", name="Turkish Straits transit (Bosporus – Sea of Marmara – Dardanelles)",
              stops=["turkish-straits", "dardanelles"], legs=[Leg("sea", S)], ids=["turkish-straits-transit"],
              split_borders=False, simplify=0.001, nudge=False,
              props=_p(asset="TURKISH-STRAITS", corridor="Oil shipping", mode="sea", commodities=["oil", "freight"],
                       capacity="200 Mt/y",
                       capacity_source="notional [K]: no published tonnage limit (Montreux regime, daylight one-way "
                                       "tanker traffic in the Bosporus)",
                       status="operating", start_year=None, operator="Turkish Straits VTS",
                       source=note, route_accuracy="traced", internal_waters=True,
                       notes="Turkish internal waters; the 1:50m polygons close the Dardanelles, so this leg tags as TR")),
    ]
