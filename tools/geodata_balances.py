"""Balances: supply (a maximum) at fields and origins, demand at markets, for 2024 and 2025.

Every row names its fact ids (../shared/data/facts/corridor_facts.csv); derived or estimated
values say how they were obtained and carry [K]. The 2024 rows are sized so that a min-cost flow
on the 2024 network serves every demand (checked by tools/build_geodata.py and the tests).
"""

from __future__ import annotations

from tools.geodata_sources import cite

BBL_PER_T = 7.33  # corridors.settings.BARRELS_PER_TONNE
IRAN_TO_TR = 5.4  # bcm/y, Gürbulak entry 2023 (GAS_TURKIYE-002)
DOMESTIC_GAS_2024 = 13.1  # bcm/y on the mainland (GAS_DOMESTIC-002: ~13.5 incl. Nakhchivan)
DOMESTIC_GAS_2025 = 13.0
REFINERY_2024 = round(29.1 - 24.4, 1)  # Mt/y (OIL_PRODUCTION-001 less OIL_EXPORTS-001)
DOMESTIC_PRIORITY = 10  # domestic use is served before exports

#: where each supply comes from (country, stream): the ``origin`` column of issue 13, once the schema has it.
#: Emitting it is one line in rows(): ``row["origin"] = ORIGINS[(row["node"], row["commodity"])][0]``.
ORIGINS: dict[tuple[str, str], tuple[str, str]] = {
    ("sangachal", "gas"): ("AZ", "Shah Deniz, ACG and Absheron commercial gas"),
    ("hajigabul", "gas"): ("AZ", "SOCAR-operated fields"),
    ("tcp-head", "gas"): ("TM", "Turkmen gas for the proposed Trans-Caspian pipeline"),
    ("tabriz-gas", "gas"): ("IR", "Iranian gas under the 2001 BOTAŞ–NIGC contract"),
    ("gurbulak-gas", "gas"): ("TM", "Turkmen gas swapped through Iran (SWAP-006)"),
    ("sangachal", "oil"): ("AZ", "Azeri Light: ACG crude and Shah Deniz condensate"),
    ("aktau", "oil"): ("KZ", "Kazakh crude (Tengiz, Kashagan) shipped from Aktau to BTC"),
    ("turkmenbashi", "oil"): ("TM", "Turkmen crude (with some Kazakh) shipped to Baku for BTC"),
    ("tengiz", "oil"): ("KZ", "CPC Blend: Tengiz, Kashagan, Karachaganak and Russian fields"),
    ("dostyk", "freight"): ("CN", "China–Europe Middle Corridor cargo (Alashankou)"),
    ("altynkol", "freight"): ("CN", "China–Europe Middle Corridor cargo (Khorgos)"),
    ("samur", "freight"): ("RU", "North–South transit from Russia"),
}

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
        _r("sangachal", "gas", 2024, supply=f"{38.67 - 7.7:.2f} bcm/y",
           source=cite("GAS_PRODUCTION-009", "GAS_PRODUCTION-011", "GAS_PRODUCTION-016"),
           note="derived: commercial gas production 38.67 bcm less the SOCAR fields' 7.7 (at Hajigabul): Shah Deniz 27.8 "
                "plus the commercial ACG and Absheron gas landed at Sangachal"),
        _r("hajigabul", "gas", 2024, supply="7.7 bcm/y", source=cite("GAS_PRODUCTION-016"),
           note="SOCAR-operated fields via the Azerigaz grid: 5.1 bcm in Jan–Aug 2024 annualised [K]"),
        _r("hajigabul", "gas", 2024, demand=f"{DOMESTIC_GAS_2024} bcm/y", priority=DOMESTIC_PRIORITY,
           source=cite("GAS_DOMESTIC-002", "GAS_DOMESTIC-001", "GAS_PRODUCTION-009", "GAS_EXPORTS-001"),
           note=f"Azerbaijan's domestic use on the Azerigaz grid: ~13.5 bcm derived (commercial 38.67 less exports 25.2), "
                f"less Nakhchivan's 0.35 (its own node), rounded down to {DOMESTIC_GAS_2024} so the balance closes [K]; "
                "served before exports"),
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
        _r("tabriz-gas", "gas", 2024, supply=f"{IRAN_TO_TR} bcm/y", source=cite("GAS_TURKIYE-002", "GAS_TURKIYE-001"),
           note="Iranian gas for Türkiye through Tabriz–Ankara: the 2023 Gürbulak entry volume (5.4 bcm, ~10.7% of imports) "
                "used for 2024 and 2025 [K] (no annual 2024 figure; May 2024 0.59 bcm, GAS_TURKIYE-003); contract minimum "
                "8.5 bcm/y (GAS_TURKIYE-005); entered with the same volume as Türkiye's demand for it, so it serves only Türkiye"),
        _r("market-tr", "gas", 2024, demand=f"{9.9 + IRAN_TO_TR:g} bcm/y",
           source=cite("GAS_EXPORTS-003", "GAS_EXPORTS-005", "GAS_TURKIYE-002"),
           note=f"Azerbaijani gas 9.9 bcm (all routes: 5.6 through TANAP, the rest Shah Deniz 1 gas via BOTAŞ) plus "
                f"{IRAN_TO_TR} bcm/y of Iranian gas through Gürbulak"),
        _r("market-ge", "gas", 2024, demand="2.4 bcm/y", source=cite("GAS_EXPORTS-004")),
        _r("market-nakhchivan", "gas", 2024, demand="0.35 bcm/y", source=cite("SWAP-004", "SWAP-001", "NAKHCHIVAN-002"),
           note="proxy [K]: Iran swap deliveries of 0.33–0.35 bcm/y (2010–11); supplied by the swap until the Iğdır line "
                "opened in March 2025, through Iğdır from 2025"),
        _r("market-sy", "gas", 2024, demand="0 bcm/y", source=cite("SYRIA-001"),
           note="no Azerbaijani gas reached Syria before the Kilis–Aleppo line opened on 2 Aug 2025"),
        # ---------------------------------------------------------------- gas 2025 (where different)
        _r("sangachal", "gas", 2025, supply=f"{38.6 - 7.9:.1f} bcm/y", source=cite("GAS_PRODUCTION-009", "GAS_PRODUCTION-014"),
           note="derived: commercial production 38.6 bcm (2025 forecast) less the SOCAR fields' 7.9; Shah Deniz gave 27.9"),
        _r("hajigabul", "gas", 2025, supply="7.9 bcm/y", source=cite("GAS_PRODUCTION-014"), note="SOCAR-operated fields 2025"),
        _r("hajigabul", "gas", 2025, demand=f"{DOMESTIC_GAS_2025} bcm/y", priority=DOMESTIC_PRIORITY,
           source=cite("GAS_DOMESTIC-001", "GAS_PRODUCTION-009", "GAS_EXPORTS-012"),
           note=f"domestic use derived: 38.6 − 25.2 exported = 13.4 bcm incl. Nakhchivan (H1-2025: 29.3% used at home, "
                f"GAS_DOMESTIC-001); {DOMESTIC_GAS_2025} on the mainland, rounded down so the balance closes [K]"),
        _r("market-eu-southeast", "gas", 2025, demand="1.7 bcm/y", source=cite("GAS_EXPORTS-012", "GAS_EXPORTS-022"),
           note="residual: 12.8 bcm to Europe in 2025 minus the TAP exits (kept at their 2024 estimates)"),
        _r("gurbulak-gas", "gas", 2024, supply="0 bcm/y", source=cite("SWAP-006"),
           note="no Turkmen gas reached Türkiye before the BOTAŞ–Türkmengaz swap of March 2025"),
        _r("gurbulak-gas", "gas", 2025, supply="1.3 bcm/y", source=cite("SWAP-006"),
           note="Turkmen gas swapped through Iran to Gürbulak, 1 Mar – end 2025 (BOTAŞ–Türkmengaz)"),
        _r("market-tr", "gas", 2025, demand=f"{9.6 + IRAN_TO_TR + 1.3:g} bcm/y",
           source=cite("GAS_EXPORTS-012", "GAS_TURKIYE-002", "SWAP-006"),
           note=f"Azerbaijani gas 9.6 bcm plus {IRAN_TO_TR} bcm/y Iranian and 1.3 bcm/y Turkmen gas through Gürbulak"),
        _r("market-ge", "gas", 2025, demand="2.3 bcm/y", source=cite("GAS_EXPORTS-012")),
        _r("market-sy", "gas", 2025, demand="0.5 bcm/y", source=cite("GAS_EXPORTS-012", "SYRIA-001"),
           note="as it flowed: 0.5 bcm delivered from 2 Aug 2025 (the first-phase annual rate is 1.2 bcm/y, SYRIA-002)"),
        _r("market-sy", "gas", 2026, demand="1.2 bcm/y", source=cite("SYRIA-002", "SYRIA-004"),
           note="first-phase annual rate (about 6 mcm/d), the first full year of the Kilis–Aleppo line"),
        # ---------------------------------------------------------------- oil 2024
        _r("sangachal", "oil", 2024, supply="29.1 Mt/y", source=cite("OIL_PRODUCTION-001", "OIL_EXPORTS-001"),
           note="Azerbaijani crude and condensate output (production; domestic refining is a demand row)"),
        _r("sangachal", "oil", 2024, demand=f"{REFINERY_2024} Mt/y", priority=DOMESTIC_PRIORITY,
           source=cite("OIL_REFINING-001", "OIL_PRODUCTION-001", "OIL_EXPORTS-001"),
           note=f"domestic refining (Heydar Aliyev Baku refinery), served at the terminal: production 29.1 less crude exports "
                f"24.4 = {REFINERY_2024} Mt; the refinery processed 6.3 Mt in 2023 (OIL_REFINING-001), the rest of its "
                "intake being condensate and other feed [K]"),
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
    return [dict(r, origin=ORIGINS.get((r["node"], r["commodity"]), (None,))[0] if r["supply"] else None) for r in _merge(out)]


def _merge(rows: list[dict]) -> list[dict]:
    """One row per node, commodity and year: a node with supply (production) and demand (domestic use) keeps both."""
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["node"], r["commodity"], r["year"])
        if key not in out:
            out[key] = dict(r)
            continue
        m = out[key]
        for field in ("supply", "demand"):
            if r[field] is not None:
                if m[field] is not None:
                    raise ValueError(f"balance {key}: two {field} values")
                m[field] = r[field]
        m["priority"] = max(m["priority"], r["priority"])
        ids = [i.removeprefix("corridor_facts ") for i in (m["source"] + ", " + r["source"]).split(", ")]
        m["source"] = "corridor_facts " + ", ".join(dict.fromkeys(ids))
        m["note"] = f"supply: {m['note']} | demand: {r['note']}" if m["supply"] and r["demand"] else f"{m['note']} | {r['note']}"
    return list(out.values())
