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


def test_known_units_carry_pints_own_factors():
    """The table that spares the load path importing pint holds, for every unit, pint's factor and
    dimension (a change in the definitions that the table misses fails here)."""
    from corridors.data.units import _KNOWN_UNITS, _known_table, registry

    ureg = registry()
    for unit, (kind, factor) in _known_table().items():
        assert ureg.Unit(unit).dimensionality == ureg.Unit(kind).dimensionality, unit
        assert ureg.Quantity(1.0, unit).to(kind).magnitude == factor, unit
    assert set(_KNOWN_UNITS) == {"Mt/y", "barrel/y", "bcm/y", "TEU/y", "TWh/y", "EUR"}


@pytest.mark.parametrize("commodity", ["oil", "gas", "freight", "power"])
@given(number=st.floats(min_value=1e-6, max_value=1e7), unit=st.sampled_from(
    ["t/y", "kt/d", "Mt/y", "bbl/d", "kb/d", "mb/d", "mb/yr", "bcm/y", "mcm/d", "m3/d", "TEU/y", "TEU/d",
     "GWh/y", "TWh/y", "kW", "MW", "GW", "bn EUR"]))
def test_quick_path_gives_pints_number_or_pints_error(commodity, number, unit):
    """A capacity in a known unit converts to the very float pint gives, and a unit that does not
    fit the commodity fails with the same line."""
    from corridors.data.units import parse_quantity, to_canonical

    text = f"{number!r} {unit}"
    try:
        expected = to_canonical(parse_quantity(text), commodity, what=f"capacity {text!r}")
    except DataError as exc:
        with pytest.raises(DataError) as got:
            parse_capacity(text, commodity)
        assert str(got.value) == str(exc)
        return
    assert parse_capacity(text, commodity) == expected


@pytest.mark.parametrize("text", ["2.4 bn EUR", "726 million USD", "3 bn USD", "132 mn EUR", "5 Mt/y", "2 bn GBP"])
def test_capex_quick_path_matches_pint(text):
    from corridors.data.units import parse_capex, parse_quantity, registry

    q = parse_quantity(text.replace("[K]", "").strip()) if "GBP" not in text else None
    if q is not None and q.dimensionality == registry().Unit("EUR").dimensionality:
        assert parse_capex(text) == float(q.to("EUR").magnitude)
    else:
        with pytest.raises(DataError, match="not an amount of money|unknown unit"):
            parse_capex(text)
