"""Units: a small pint registry for corridor capacities and volumes.

Every number that enters the model carries its unit as text (``"1.2 mb/d"``, ``"16 bcm/y"``,
``"6.5 Mt/y"``) and is converted here to the canonical unit of its commodity:

========== =========== ==================================================================
commodity  canonical   also accepted
========== =========== ==================================================================
oil        Mt/y        bbl/d, kb/d, mb/d (÷ settings.BARRELS_PER_TONNE), t/y, kt/y
gas        bcm/y       mcm/d, m3/y …
freight    Mt/y        TEU/y (× settings.TONNES_PER_TEU), t/y, kt/y
power      TWh/y       MW, GW (a cable's rating, run all year), GWh/y
========== =========== ==================================================================

A year is 365 days. ``mb`` is a million barrels and ``kb`` a thousand (oil-trade usage), never
millibarn or kilobarn: the registry knows only the units above, so anything else is an error.
"""

from __future__ import annotations

import functools
import re

from corridors import settings
from corridors.errors import DataError

__all__ = [
    "COMMODITIES",
    "CANONICAL_UNITS",
    "parse_quantity",
    "parse_capacity",
    "to_canonical",
    "oil_mt_to_kbd",
    "UNIT_HINTS",
    "quick_quantity",
    "Known",
]

COMMODITIES: tuple[str, ...] = ("oil", "gas", "freight", "power")
CANONICAL_UNITS: dict[str, str] = {
    "oil": "Mt/y",
    "gas": "bcm/y",
    "freight": "Mt/y",
    "power": "TWh/y",
}

_DEFINITIONS = """
second = [time] = s = sec
minute = 60 * second = min
hour = 60 * minute = h = hr
day = 24 * hour = d
week = 7 * day = wk
month = year / 12 = mo
year = 365 * day = y = yr = a
meter = [length] = m = metre
cubic_meter = meter ** 3 = m3
gram = [mass] = g
tonne = 1e6 * gram = t = ton = metric_ton
kt = 1e3 * tonne
Mt = 1e6 * tonne = mt
barrel = [oil_volume] = bbl = b = bbls = barrels
kb = 1e3 * barrel = kbbl = kbbls
mb = 1e6 * barrel = mbbl = mmbbl = mmb
bcm = 1e9 * meter ** 3
mcm = 1e6 * meter ** 3 = mmcm
TEU = [container] = teu
watt = [power] = W
kW = 1e3 * watt
MW = 1e6 * watt
GW = 1e9 * watt
Wh = watt * hour
kWh = 1e3 * Wh
MWh = 1e6 * Wh
GWh = 1e9 * Wh
TWh = 1e12 * Wh
thousand = 1e3
million = 1e6 = mn = mln
billion = 1e9 = bn = bln
EUR = [currency] = euro = €
"""


@functools.cache
def _eur_per_usd() -> float:
    """EUR per USD at :data:`corridors.settings.USD_PER_EUR`, read once (pint's registry and the
    table of known units agree on it)."""
    return 1.0 / float(settings.USD_PER_EUR)


@functools.cache
def registry():
    """The pint ``UnitRegistry`` (built on first use: pint is slow to import)."""
    import pint

    ureg = pint.UnitRegistry(None)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    ureg.define(f"USD = {_eur_per_usd()!r} * EUR = US$ = dollar")  # the rate stated in settings
    return ureg


# The units almost every file writes, with pint's own conversion factor to the unit each is keyed
# under (``pint.Quantity(1.0, unit).to(key).magnitude``, so ``number * factor`` is bit for bit what
# pint gives): a quantity in one of them is converted without importing pint (~0.2-0.4 s). Any
# other unit text goes through pint. tests/test_units.py checks every factor against pint.
_KNOWN_UNITS: dict[str, dict[str, float]] = {
    "Mt/y": {
        "t/y": 1e-06, "t/yr": 1e-06, "t/d": 0.000365, "kt/y": 0.001, "kt/yr": 0.001, "kt/d": 0.365,
        "Mt/y": 1.0, "Mt/yr": 1.0, "Mt/d": 365.0,
    },
    "barrel/y": {
        "bbl/y": 1.0, "bbl/yr": 1.0, "bbl/d": 365.0, "kb/y": 1000.0, "kb/yr": 1000.0, "kb/d": 365000.0,
        "mb/y": 1000000.0, "mb/yr": 1000000.0, "mb/d": 365000000.0,
    },
    "bcm/y": {
        "bcm/y": 1.0, "bcm/yr": 1.0, "bcm/d": 365.0, "mcm/y": 0.001, "mcm/yr": 0.001,
        "mcm/d": 0.36500000000000005, "m3/y": 1e-09, "m3/yr": 1e-09, "m3/d": 3.65e-07,
    },
    "TEU/y": {
        "TEU/y": 1.0, "TEU/yr": 1.0, "TEU/d": 365.0,
    },
    "TWh/y": {
        "MWh/y": 1e-06, "MWh/yr": 1e-06, "MWh/d": 0.000365, "GWh/y": 0.001, "GWh/yr": 0.001, "GWh/d": 0.365,
        "TWh/y": 1.0, "TWh/yr": 1.0, "TWh/d": 365.0, "kW": 8.759999999999999e-06, "MW": 0.00876, "GW": 8.76,
    },
    "EUR": {
        "EUR": 1.0, "thousand EUR": 1000.0, "million EUR": 1000000.0, "mn EUR": 1000000.0,
        "billion EUR": 1000000000.0, "bn EUR": 1000000000.0,
    },
}


#: Multipliers of the USD amounts known without pint (the factor is ``multiplier * EUR per USD``).
_USD_MULTIPLIERS: dict[str, float] = {"USD": 1.0, "thousand USD": 1e3, "million USD": 1e6, "mn USD": 1e6,
                                      "billion USD": 1e9, "bn USD": 1e9}


class Known:
    """A quantity in a unit of :data:`_KNOWN_UNITS`: its ``magnitude`` in the unit ``kind``.

    What :func:`quick_quantity` returns instead of a pint Quantity; :func:`to_canonical` reads both.
    """

    __slots__ = ("kind", "magnitude")

    def __init__(self, kind: str, magnitude: float):
        self.kind = kind
        self.magnitude = magnitude

    def __repr__(self) -> str:
        return f"Known({self.magnitude!r} {self.kind})"


@functools.cache
def _known_table() -> dict[str, tuple[str, float]]:
    flat = {unit: (kind, factor) for kind, units in _KNOWN_UNITS.items() for unit, factor in units.items()}
    flat.update({unit: ("EUR", mult * _eur_per_usd()) for unit, mult in _USD_MULTIPLIERS.items()})
    return flat


def quick_quantity(text: str):
    """:func:`parse_quantity`, without pint for the common units: a :class:`Known` or a pint Quantity.

    Same numbers and the same errors as ``parse_quantity`` (only the type differs); give the
    result to :func:`to_canonical`.

    Examples
    --------
    >>> quick_quantity("1,200 kb/d")
    Known(438000000.0 barrel/y)
    >>> round(to_canonical(quick_quantity("1,200 kb/d"), "oil"), 2)
    59.75
    """
    if isinstance(text, str):
        m = _NUMBER.match(text)
        if m and m.group(2):
            hit = _known_table().get(m.group(2))
            if hit is not None:
                return Known(hit[0], float(m.group(1).replace(",", "").replace("_", "")) * hit[1])
    return parse_quantity(text)


def parse_capex(text: str) -> float:
    """A capital cost with its currency (``"2.4 bn EUR"``, ``"726 million USD"``) in EUR.

    USD converts at :data:`corridors.settings.USD_PER_EUR`; a ``[K]`` mark (an unsourced value)
    is ignored here (the source column carries it).

    Examples
    --------
    >>> parse_capex("2.4 bn EUR"), parse_capex("132 million EUR")
    (2400000000.0, 132000000.0)
    """
    clean = str(text).replace("[K]", "").strip()
    q = quick_quantity(clean)
    if isinstance(q, Known):
        if q.kind != "EUR":
            raise DataError(f"capex {text!r} is not an amount of money; write e.g. '2.4 bn EUR' or '726 million USD'")
        return float(q.magnitude)
    ureg = registry()
    if q.dimensionality != ureg.Unit("EUR").dimensionality:
        raise DataError(f"capex {text!r} is not an amount of money; write e.g. '2.4 bn EUR' or '726 million USD'")
    return float(q.to("EUR").magnitude)


_NUMBER = re.compile(r"^\s*([-+]?(?:nan|inf|(?:\d[\d,_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))\s*(.*?)\s*$", re.IGNORECASE)


def parse_quantity(text: str | float | int):
    """Parse ``"1.2 mb/d"`` into a pint Quantity; raise :class:`DataError` on bad text.

    Examples
    --------
    >>> q = parse_quantity("1,200 kb/d")
    >>> round(q.to("mb/d").magnitude, 3)
    1.2
    """
    ureg = registry()
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise DataError(f"{text!r} is not a quantity; write a number and a unit, e.g. '16 bcm/y'")
    if isinstance(text, (int, float)):
        raise DataError(f"{text!r} has no unit; write it with one, e.g. '{text} bcm/y'")
    m = _NUMBER.match(text)
    if not m or not m.group(2):
        raise DataError(f"{text!r} is not a number with a unit; write e.g. '16 bcm/y' or '1.2 mb/d'")
    number = float(m.group(1).replace(",", "").replace("_", ""))
    unit_text = m.group(2)
    try:
        unit = ureg.Unit(unit_text)
    except Exception:  # pint raises several types for bad unit text
        raise DataError(
            f"unknown unit {unit_text!r} in {text!r}; use one of kb/d, mb/d, bbl/d, Mt/y, bcm/y, "
            "mcm/d, TEU/y, MW, TWh/y"
        ) from None
    return ureg.Quantity(number, unit)


def _canonical_magnitude(q, commodity: str) -> float | None:
    """Magnitude of ``q`` in the canonical unit of ``commodity``, or None if incompatible."""
    if isinstance(q, Known) and commodity in COMMODITIES:
        return _known_magnitude(q, commodity)
    ureg = registry()
    dims = q.dimensionality
    if commodity == "oil":
        if dims == ureg.Unit("Mt/y").dimensionality:
            return float(q.to("Mt/y").magnitude)
        if dims == ureg.Unit("barrel/y").dimensionality:
            return float(q.to("barrel/y").magnitude) / settings.BARRELS_PER_TONNE / 1e6
        return None
    if commodity == "gas":
        if dims == ureg.Unit("bcm/y").dimensionality:
            return float(q.to("bcm/y").magnitude)
        return None
    if commodity == "freight":
        if dims == ureg.Unit("Mt/y").dimensionality:
            return float(q.to("Mt/y").magnitude)
        if dims == ureg.Unit("TEU/y").dimensionality:
            return float(q.to("TEU/y").magnitude) * settings.TONNES_PER_TEU / 1e6
        return None
    if commodity == "power":
        if dims == ureg.Unit("TWh/y").dimensionality:
            return float(q.to("TWh/y").magnitude)
        return None
    raise DataError(f"unknown commodity {commodity!r}; use one of {', '.join(COMMODITIES)}")


def _known_magnitude(q: Known, commodity: str) -> float | None:
    """:func:`_canonical_magnitude` for a :class:`Known` (the same arithmetic after pint's factor)."""
    if commodity == "oil":
        if q.kind == "Mt/y":
            return float(q.magnitude)
        if q.kind == "barrel/y":
            return float(q.magnitude) / settings.BARRELS_PER_TONNE / 1e6
        return None
    if commodity == "freight":
        if q.kind == "Mt/y":
            return float(q.magnitude)
        if q.kind == "TEU/y":
            return float(q.magnitude) * settings.TONNES_PER_TEU / 1e6
        return None
    return float(q.magnitude) if q.kind == CANONICAL_UNITS[commodity] else None


def to_canonical(q, commodity: str, *, what: str = "value") -> float:
    """Convert a Quantity to the canonical unit of ``commodity``; raise on a mismatched unit."""
    value = _canonical_magnitude(q, commodity)
    if value is None:
        raise DataError(
            f"{what} does not fit {commodity} (canonical unit {CANONICAL_UNITS[commodity]}); "
            f"give it in {UNIT_HINTS[commodity]}"
        )
    return value


UNIT_HINTS: dict[str, str] = {
    "oil": "Mt/y, kb/d, mb/d or bbl/d",
    "gas": "bcm/y or mcm/d",
    "freight": "Mt/y or TEU/y",
    "power": "MW or TWh/y",
}


def parse_capacity(text: str, commodity: str) -> float:
    """Parse a capacity and return it in the canonical unit of ``commodity``.

    Raises :class:`DataError` for unknown units, units that do not fit the commodity
    (``"5 bcm/y"`` for oil), and values that are not finite and positive.

    Examples
    --------
    >>> round(parse_capacity("1.2 mb/d", "oil"), 2)      # Mt/y, at 7.33 bbl/t
    59.75
    >>> parse_capacity("16 bcm/y", "gas")
    16.0
    >>> round(parse_capacity("1000 MW", "power"), 2)
    8.76
    """
    q = quick_quantity(text)
    value = to_canonical(q, commodity, what=f"capacity {text!r}")
    if not value > 0 or value == float("inf"):  # also catches NaN
        raise DataError(f"capacity {text!r} must be a positive finite number")
    return value


def oil_mt_to_kbd(mt_per_year: float) -> float:
    """Convert oil Mt/y to thousand barrels a day (for display).

    Examples
    --------
    >>> round(oil_mt_to_kbd(59.75), 0)
    1200.0
    """
    return mt_per_year * 1e6 * settings.BARRELS_PER_TONNE / 365.0 / 1e3
