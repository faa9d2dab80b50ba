"""Balances: supply (a maximum) at fields and origins, demand at markets, for 2024 and 2025.

Every row names its fact ids (../shared/data/facts/corridor_facts.csv); derived or estimated
values say how they were obtained and carry [K]. The 2024 rows are sized so that a min-cost flow
on the 2024 network serves every demand (checked by tools/build_geodata.py and the tests).
"""

from __future__ import annotations

from tools.geodata_sources import cite

BBL_PER_T = 7.33  # corridors.settings.BARRELS_PER_TONNE


def _r(node, commodity, year, *, supply=None, demand=None, source, note="", priority=1):
    return {"node": node, "commodity": commodity, "year": year, "supply": supply, "demand": demand,
            "priority": priority, "source": source, "note": note}


def rows() -> list[dict]:
    btc_2024_mt = 224.142 / BBL_PER_T          # OIL_BTC-001, million barrels → Mt
    btc_2025_mt = 206.434 / BBL_PER_T          # OIL_BTC-002
    named_oil = 11.3 + 2.4 + 1.15 + 3.7        # Italy, Israel, Croatia, TAL countries
    med_2024 = round(63.01 + btc_2024_mt - named_oil, 2)
    med_2025 = round(70.52 + btc_2025_mt - named_oil, 2)
    out = [
        # ---------------------------------------------------------------- gas 2024
        _r("sangachal", "gas", 2024, supply="27.8 bcm/y", source=cite("GAS_PRODUCTION-011"),
           note="Shah Deniz output 2024, the gas that feeds SCP (a maximum: exports were 25.2 bcm, GAS_EXPORTS-001)"),
        _r("hajigabul", "gas", 2024, supply="7.7 bcm/y", source=cite("GAS_PRODUCTION-016"),
           note="SOCAR-operated fields via the Azerigaz grid: 5.1 bcm in Jan–Aug 2024 annualised [K]; feeds Georgia and the Iran swap"),
        _r("tcp-head", "gas", 2024, supply="16 bcm/y", source="GEM GGIT P0764",
           note="Turkmen gas for the proposed Trans-Caspian pipeline (its phase-1 capacity); reachable only if the project is switched on"),
        _r("market-it", "gas", 2024, demand="9.3 bcm/y", source=cite("GAS_EXPORTS-019", "TAP-006"),
           note="estimate [K]: TAP Italy exit 5.42 bcm in Jan–Jul 2024 annualised"),
        _r("market-gr", "gas", 2024, demand="1.0 bcm/y", source=cite("GAS_EXPORTS-020", "TAP-006"),
           note="estimate [K]: TAP Greece exit 0.60 bcm in Jan–Jul 2024 annualised; 1 bcm/y contract"),
        _r("market-bg", "gas", 2024, demand="0.8 bcm/y", source=cite("GAS_EXPORTS-021", "TAP-006"),
           note="estimate [K]: TAP-to-Bulgaria 0.46 bcm in Jan–Jul 2024 annualised; 1 bcm/y contract"),
        _r("market-eu-southeast", "gas", 2024, demand="1.8 bcm/y", source=cite("GAS_EXPORTS-002", "GAS_EXPORTS-022"),
           note="residual: 12.9 bcm to Europe minus the three TAP exits above (GAS_EXPORTS-022 gives ~1.5–2 bcm via Bulgaria)"),
        _r("market-tr", "gas", 2024, demand="9.9 bcm/y", source=cite("GAS_EXPORTS-003", "GAS_EXPORTS-005"),
           note="all routes: 5.6 bcm through TANAP, the rest Shah Deniz 1 gas via BOTAŞ"),
        _r("market-ge", "gas", 2024, demand="2.4 bcm/y", source=cite("GAS_EXPORTS-004")),
        _r("market-nakhchivan", "gas", 2024, demand="0.35 bcm/y", source=cite("SWAP-004", "SWAP-001"),
           note="proxy [K]: Iran swap deliveries of 0.33–0.35 bcm/y (2010–11); supplied by the swap until the Iğdır line opened in 2025"),
        _r("market-sy", "gas", 2024, demand="0 bcm/y", source=cite("SYRIA-001"),
           note="no Azerbaijani gas reached Syria before the Kilis–Aleppo line opened on 2 Aug 2025"),
        # ---------------------------------------------------------------- gas 2025 (where different)
        _r("sangachal", "gas", 2025, supply="27.9 bcm/y", source=cite("GAS_PRODUCTION-012")),
        _r("hajigabul", "gas", 2025, supply="7.9 bcm/y", source=cite("GAS_PRODUCTION-014"), note="SOCAR-operated fields 2025"),
        _r("market-eu-southeast", "gas", 2025, demand="1.7 bcm/y", source=cite("GAS_EXPORTS-012", "GAS_EXPORTS-022"),
           note="residual: 12.8 bcm to Europe in 2025 minus the TAP exits (kept at their 2024 estimates)"),
        _r("market-tr", "gas", 2025, demand="9.6 bcm/y", source=cite("GAS_EXPORTS-012")),
        _r("market-ge", "gas", 2025, demand="2.3 bcm/y", source=cite("GAS_EXPORTS-012")),
        _r("market-sy", "gas", 2025, demand="1.2 bcm/y", source=cite("SYRIA-002", "SYRIA-004"),
           note="first-phase annual rate from Aug 2025 (0.5 bcm actually delivered in 2025, GAS_EXPORTS-012)"),
        # ---------------------------------------------------------------- oil 2024
        _r("sangachal", "oil", 2024, supply="29.1 Mt/y", source=cite("OIL_PRODUCTION-001", "OIL_EXPORTS-001"),
           note="Azerbaijani crude and condensate output (a maximum; crude exports were 24.4 Mt)"),
        _r("aktau", "oil", 2024, supply="2.2 Mt/y", source=cite("OIL_KZ-006", "OIL_KZ-007"),
           note="Kazakh crude for BTC: the agreed 2.2 Mt/y ceiling (about 1.4–1.5 Mt shipped in 2024 [K])"),
        _r("turkmenbashi", "oil", 2024, supply="4 Mt/y", source=cite("OIL_BTC-008", "OIL_KZ-007"),
           note="estimate [K]: Kazakh+Turkmen BTC transit 3.215 Mt in Jan–Jul 2024 annualised (~5.5 Mt) minus ~1.5 Mt Kazakh"),
        _r("tengiz", "oil", 2024, supply="63.01 Mt/y", source=cite("OIL_CPC-001"),
           note="all CPC shipments in 2024 (Tengiz, Kashagan, Karachaganak and Russian fields), entered at the CPC head"),
        _r("market-it-oil", "oil", 2024, demand="11.3 Mt/y", source=cite("OIL_EXPORTS-002", "OIL_EXPORTS-003"),
           note="2023 Eurostat figure used for 2024 (no full-year 2024 split found); Italy is the first destination"),
        _r("market-il", "oil", 2024, demand="2.4 Mt/y", source=cite("OIL_ISRAEL-003", "OIL_ISRAEL-002", "OIL_ISRAEL-001"),
           note="2.24 Mt in Jan–Nov 2023 annualised; 2024 customs records stop in October; about 40% of Israel's crude imports"),
        _r("market-hr", "oil", 2024, demand="1.15 Mt/y", source=cite("OIL_EXPORTS-002"), note="2023 Eurostat figure"),
        _r("market-eu-central", "oil", 2024, demand="3.7 Mt/y", source=cite("OIL_EXPORTS-002"),
           note="2023 Eurostat: Czechia 2.0 + Germany 1.2 + Austria 0.5 Mt, reached from Trieste through TAL"),
        _r("market-med", "oil", 2024, demand=f"{med_2024} Mt/y", source=cite("OIL_CPC-001", "OIL_BTC-001", "OIL_EXPORTS-002"),
           note=f"derived: CPC 63.01 Mt + BTC 224.142 million bbl ({btc_2024_mt:.2f} Mt at {BBL_PER_T} bbl/t) minus the "
                f"{named_oil:.2f} Mt sent to the named markets"),
        # ---------------------------------------------------------------- oil 2025
        _r("tengiz", "oil", 2025, supply="70.52 Mt/y", source=cite("OIL_CPC-002"), note="all CPC shipments in 2025"),
        _r("market-med", "oil", 2025, demand=f"{med_2025} Mt/y", source=cite("OIL_CPC-002", "OIL_BTC-002"),
           note=f"derived: CPC 70.52 Mt + BTC 206.434 million bbl ({btc_2025_mt:.2f} Mt) minus the named markets"),
        _r("aktau", "oil", 2025, supply="2.2 Mt/y", source=cite("OIL_KZ-003", "OIL_KZ-006"),
           note="ceiling unchanged; ~1.2 Mt expected via BTC in 2025"),
        # ---------------------------------------------------------------- freight 2024
        _r("dostyk", "freight", 2024, supply="4.5 Mt/y", source=cite("FREIGHT-001", "FREIGHT-004"),
           note="a maximum: the whole 2024 Middle Corridor (TITR) volume could enter at either crossing"),
        _r("altynkol", "freight", 2024, supply="4.5 Mt/y", source=cite("FREIGHT-001", "FREIGHT-004"),
           note="a maximum (see dostyk)"),
        _r("samur", "freight", 2024, supply="1 Mt/y", source=cite("INSTC-006"),
           note="North–South transit entering from Russia: 0.814 Mt in 2024, rounded up as a maximum"),
        _r("market-tr", "freight", 2024, demand="0.4 Mt/y", source=cite("RAIL_BTK-007", "RAIL_BTK-005"),
           note="estimate [K]: BTK volume (line shut Jan–May 2024 for works)"),
        _r("market-ro", "freight", 2024, demand="0.3 Mt/y", source=cite("FREIGHT-001", "FERRIES_BLACKSEA-003"),
           note="estimate [K]: share of the 4.5 Mt carried on by the weekly Poti–Constanța ferry"),
        _r("market-eu", "freight", 2024, demand="0.3 Mt/y", source=cite("FREIGHT-001", "FERRIES_BLACKSEA-001"),
           note="estimate [K]: share reaching the EU through Burgas or Kapıkule"),
        _r("market-med", "freight", 2024, demand="3.5 Mt/y", source=cite("FREIGHT-001", "PORTS_GE-002"),
           note="estimate [K]: the rest of the 4.5 Mt TITR volume, shipped on from Poti and Batumi through the Turkish Straits"),
        _r("market-ir", "freight", 2024, demand="0.814 Mt/y", source=cite("INSTC-006"),
           note="North–South transit freight carried by Azerbaijan Railways in 2024"),
    ]
    return out
