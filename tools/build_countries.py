"""Derive geodata/countries.geojson from the Natural Earth 1:50m Admin-0 polygons.

Natural Earth is public domain. Input: ../shared/data/naturalearth/ne_50m_admin_0_countries_region.geojson
(67 countries clipped to lon 10–90 E, lat 25–56 N). Output keeps ISO-2 code, name and geometry;
coordinates are already rounded to 4 decimals in the input.

Run from the repository root: ``python tools/build_countries.py [SHARED_DATA_DIR]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd

# ISO_A2 is -99 for a few disputed areas; give them the ISO-2 code of the state in control
# where one is assigned (Natural Earth draws de facto control), else a user-assigned X* code.
_FIX = {"CYN": "XC", "KOS": "XK", "KAS": "XS", "SOL": "XO"}


def main(shared: Path) -> None:
    src = shared / "naturalearth" / "ne_50m_admin_0_countries_region.geojson"
    g = gpd.read_file(src)
    iso = g["ISO_A2"].where(g["ISO_A2"] != "-99", g["ADM0_A3"].map(_FIX))
    out = gpd.GeoDataFrame(
        {"iso2": iso, "name": g["NAME"], "adm0_a3": g["ADM0_A3"]}, geometry=g.geometry, crs="EPSG:4326"
    )
    out = out[out["iso2"].notna()].sort_values("iso2")
    dest = Path(__file__).resolve().parents[1] / "geodata" / "countries.geojson"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    out.to_file(tmp, driver="GeoJSON", COORDINATE_PRECISION=4)
    tmp.replace(dest)
    print(f"wrote {dest} ({len(out)} countries)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
