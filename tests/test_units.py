from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from corridors.errors import DataError
from corridors.data.units import oil_mt_to_kbd, parse_capacity


@pytest.mark.parametrize("text,commodity,expected", [
    ("1.2 mb/d", "oil", 1.2e6 * 365 / 7.33 / 1e6),
    ("1,200 kb/d", "oil", 1.2e6 * 365 / 7.33 / 1e6),
    ("115000 bbl/d", "oil", 115000 * 365 / 7.33 / 1e6),
    ("6.5 Mt/y", "oil", 6.5),
    ("16 bcm/y", "gas", 16.0),
    ("5 mcm/d", "gas", 5 * 365 / 1000),
    ("100000 TEU/y", "freight", 1.4),
    ("1000 MW", "power", 8.76),
    ("2 GW", "power", 17.52),
])
def test_parse_capacity_to_canonical(text, commodity, expected):
    assert parse_capacity(text, commodity) == pytest.approx(expected)


@pytest.mark.parametrize("text,commodity,fragment", [
    ("5 bcm/y", "oil", "does not fit oil"),
    ("1.2 mb/d", "gas", "does not fit gas"),
    ("1000 MW", "freight", "does not fit freight"),
    ("12", "gas", "not a number with a unit"),
    ("-1 bcm/y", "gas", "positive"),
    ("12 parsecs/y", "gas", "unknown unit"),
])
def test_parse_capacity_rejects(text, commodity, fragment):
    with pytest.raises(DataError, match=fragment):
        parse_capacity(text, commodity)


@given(st.floats(min_value=0.01, max_value=1e4))
def test_oil_kbd_roundtrip(kbd):
    mt = parse_capacity(f"{kbd!r} kb/d", "oil")
    assert oil_mt_to_kbd(mt) == pytest.approx(kbd, rel=1e-9)
