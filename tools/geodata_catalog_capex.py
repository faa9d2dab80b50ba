"""Candidate projects for planning: capex and lead time of the planned and proposed links.

Each project groups the links built together (matched by id prefix and suffix) and carries a
capital cost with its currency (converted at ``corridors.settings.USD_PER_EUR``), a lead time
and a source; a value without one is marked ``[K]`` (an estimate), and that mark travels into
every output of ``corridors plan``. :func:`annotate` writes ``project``, ``capex``,
``capex_source`` and ``lead_time_years`` onto the link features.
"""

from __future__ import annotations

import re

from tools.geodata_sources import cite

# project id: (link id pattern, capex, capex source, lead time in years, lead-time source)
PROJECTS: dict[str, tuple[str, str, str, float, str]] = {
    "TAP-X20": (r"^tap-.*-x$", "1.5 bn EUR",
                f"estimate [K]: full expansion to 20 bcm/y (two compressor stations); phase 1 (+1.2 bcm/y) cost EUR 132m "
                f"({cite('TAP-013')}), the original line EUR 4.5bn ({cite('TAP-014')})", 4, "estimate [K]"),
    "TANAP-X24": (r"^tanap-.*-x1$", "1.2 bn USD",
                  f"estimate [K]: two more compressor stations of the six needed for 31 bcm/y ({cite('TANAP-006')}); "
                  f"TANAP outturn under USD 7bn ({cite('TANAP-005')})", 5, cite("TANAP-006") + ": ~5 years to build"),
    "TANAP-X31": (r"^tanap-.*-x2$", "1.8 bn USD",
                  f"estimate [K]: three more compressor stations and looping ({cite('TANAP-006')})", 5,
                  cite("TANAP-006") + ": ~5 years to build"),
    "SCP-X": (r"^scp-.*-x$", "2 bn USD", "estimate [K]: SCP further expansion +5 bcm/y (compression and looping)", 4,
              "estimate [K]"),
    "IGB-X": (r"^igb-.*-x$", "0.2 bn EUR",
              f"estimate [K]: Komotini compressor; the operator has not set the cost ({cite('GAS_IGB-002')})", 3,
              "estimate [K]"),
    "TCP": (r"^tcp-", "5 bn USD", cite("TCP-001") + ": ~USD 5bn for ~300 km, no FID", 4,
            f"estimate [K] (the smaller interconnector variant: 24 months, {cite('TCP-002')})"),
    "BLACK-SEA-CABLE": (r"^black-sea-cable$", "3.5 bn EUR", cite("CABLE-003") + ": EUR 3-4bn (midpoint)", 7,
                        cite("CABLE-004") + ": commissioning within 7 years"),
    "ALAT-PHASE2": (r"^alat-port-rail-phase2$", "0.7 bn USD",
                    f"estimate [K]: phase 2 has no cost yet ({cite('PORTS_CASPIAN-019')}); phase 1 was USD 726m "
                    f"({cite('PORTS_CASPIAN-020')})", 4, "estimate [K]"),
    "HORADIZ-AGHBAND": (r"^horadiz-aghband$", "1 bn USD", "estimate [K]: 110 km rail+road (length "
                        + cite("ZANGEZUR-001") + "); no cost read", 1, cite("ZANGEZUR-002") + ": completion 2026"),
    "TRIPP": (r"^tripp-", "0.5 bn USD", "estimate [K]: 42 km across Syunik (" + cite("ZANGEZUR-005")
              + ") plus the Azerbaijani connections; no cost read", 3, cite("ZANGEZUR-006") + ": construction from H2 2026"),
    "KARS-IGDIR": (r"^kid-", "2.4 bn EUR", cite("ZANGEZUR-011"), 5, cite("ZANGEZUR-009") + ": five-year build"),
    "ASTARA-IR-PHASE2": (r"^ns-rail-astara-ir-phase2$", "0.1 bn USD",
                         "estimate [K]: Astara (Iran) terminal phase to 4 Mt/y (" + cite("INSTC-008") + "); no cost read", 2,
                         cite("INSTC-007")),
    "RASHT-ASTARA": (r"^rasht-astara$", "1.6 bn EUR", cite("INSTC-002"), 4, cite("INSTC-003") + ": four-year build"),
}


def annotate(links: list[dict]) -> None:
    """Write each matching link's ``project``, ``capex``, ``capex_source`` and ``lead_time_years``."""
    for feature in links:
        props = feature["properties"]
        for project, (pattern, capex, source, lead, lead_source) in PROJECTS.items():
            if re.search(pattern, props["id"]) and props.get("status") not in ("operating", "retired", "idle"):
                props.update(project=project, capex=capex + (" [K]" if "[K]" in source else ""),
                             capex_source=source, lead_time_years=lead, lead_time_source=lead_source)
                break
