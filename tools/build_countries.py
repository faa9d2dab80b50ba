"""Derive geodata/countries.geojson from the Natural Earth 1:50m Admin-0 polygons.

Natural Earth is public domain. Input: ../shared/data/naturalearth/ne_50m_admin_0_countries_region.geojson
(67 countries clipped to lon 10–90 E, lat 25–56 N). Output keeps ISO-2 code, name and geometry;
coordinates are already rounded to 4 decimals in the input.

Run through the one entry point, from the repository root: ``python -m tools.build`` (it writes
countries.geojson first: the network build tags links with it).
"""

from __future__ import annotations

import geopandas as gpd

from tools import paths

# ISO_A2 is -99 for a few disputed areas; give them the ISO-2 code of the state in control
# where one is assigned (Natural Earth draws de facto control), else a user-assigned X* code.
_FIX = {"CYN": "XC", "KOS": "XK", "KAS": "XS", "SOL": "XO"}


def run() -> None:
    """Write countries.geojson into ``tools.paths.out()`` from ``tools.paths.shared()``."""
    src = paths.shared() / "naturalearth" / "ne_50m_admin_0_countries_region.geojson"
    g = gpd.read_file(src)
    iso = g["ISO_A2"].where(g["ISO_A2"] != "-99", g["ADM0_A3"].map(_FIX))
    out = gpd.GeoDataFrame(
        {"iso2": iso, "name": g["NAME"], "adm0_a3": g["ADM0_A3"]}, geometry=g.geometry, crs="EPSG:4326"
    )
    out = out[out["iso2"].notna()].sort_values("iso2")
    dest = paths.out() / "countries.geojson"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    out.to_file(tmp, driver="GeoJSON", COORDINATE_PRECISION=4)
    tmp.replace(dest)
    print(f"  countries.geojson: {len(out)} countries")
