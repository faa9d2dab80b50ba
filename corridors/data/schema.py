"""The columns of nodes, links and balances, and the records that validate them.

One table, :data:`COLUMNS`, documents every column (name, type, unit, default, meaning); the README's
"bring your own network" section is generated from it. The pydantic records below check one row
each; :mod:`corridors.data.io` turns their errors into one line naming file, id and field.

Pydantic (rather than pandera) because rows arrive from GeoJSON properties, CSV and Python alike,
the checks are per record (units, years, enums, slugs), and the scenario files use it too.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from corridors.data.units import COMMODITIES, parse_capex

__all__ = [
    "NODE_KINDS",
    "MODES",
    "STATUSES",
    "ROUTE_ACCURACIES",
    "COLUMNS",
    "NodeRecord",
    "LinkRecord",
    "BalanceRecord",
]

NODE_KINDS = ("field", "terminal", "port", "station", "junction", "border", "market", "city")
MODES = ("pipeline", "rail", "ferry", "sea", "road", "cable")
STATUSES = ("operating", "construction", "planned", "proposed", "idle", "retired", "context")
ROUTE_ACCURACIES = ("surveyed", "traced", "waypoints", "straight")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

# (table, column, type, unit, default, meaning)
COLUMNS: list[tuple[str, str, str, str, str, str]] = [
    ("nodes", "id", "str", "", "required", "unique slug: lower-case letters, digits, '-', '_'"),
    ("nodes", "name", "str", "", "required", "display name"),
    ("nodes", "kind", "str", "", "required", "one of " + ", ".join(NODE_KINDS)),
    ("nodes", "country", "str", "", "from geometry", "ISO 3166-1 alpha-2; derived from the Natural Earth polygons when absent"),
    ("nodes", "capacity", "str", "with unit", "none", "throughput capacity, e.g. '15 Mt/y' (ports, terminals, border crossings)"),
    ("nodes", "capacity_source", "str", "", "none", "where the capacity figure comes from"),
    ("nodes", "dwell_h", "float", "hours", "none", "freight: border or port dwell time at the node, where sourced"),
    ("nodes", "dwell_cost_usd_per_t", "float", "USD per tonne", "none", "freight: border or port charge per tonne at the node"),
    ("nodes", "source", "str", "", "required", "where the node and its coordinate come from"),
    ("nodes", "geometry", "Point", "EPSG:4326", "required", "location"),
    ("links", "id", "str", "", "required", "unique slug"),
    ("links", "name", "str", "", "required", "display name"),
    ("links", "asset", "str", "", "= id", "the asset this segment belongs to (BTC, SCP, TANAP …); `asset:X` targets all its segments"),
    ("links", "corridor", "str", "", "required", "BTC, SGC, Middle Corridor, TRIPP, North-South, …"),
    ("links", "mode", "str", "", "required", "one of " + ", ".join(MODES)),
    ("links", "commodities", "list[str]", "", "required", "commodities carried: " + ", ".join(COMMODITIES) + " (';'-separated in CSV)"),
    ("links", "from", "str", "", "required", "id of the start node"),
    ("links", "to", "str", "", "required", "id of the end node"),
    ("links", "bidirectional", "bool", "", "false", "flow may run both ways (sharing the capacity)"),
    ("links", "capacity", "str", "with unit", "required", "e.g. '1200 kb/d', '16 bcm/y', '6.5 Mt/y', '1000 MW'; shared by the commodities carried"),
    ("links", "capacity_source", "str", "", "none", "where the capacity figure comes from"),
    ("links", "cost", "float", "per canonical unit", "mode default × km", "cost of moving one canonical unit along the link"),
    ("links", "status", "str", "", "required", "one of " + ", ".join(STATUSES)),
    ("links", "start_year", "int", "year", "none", "first year of operation (planned: announced)"),
    ("links", "end_year", "int", "year", "none", "last year of operation (retired assets)"),
    ("links", "operator", "str", "", "none", "operator or owner"),
    ("links", "source", "str", "", "required", "where the link, its route and its status come from"),
    ("links", "route_accuracy", "str", "", "required", "one of " + ", ".join(ROUTE_ACCURACIES)),
    ("links", "transit_h", "float", "hours", "none", "freight: time to move along the link (sailing or running time)"),
    ("links", "cost_usd_per_t", "float", "USD per tonne", "none", "freight: haulage charge per tonne along the link, where sourced"),
    ("links", "capacity_group", "str", "", "none", "id of a shared capacity (geodata/capacity_groups.csv): one fleet or terminal serving several links"),
    ("links", "project", "str", "", "none", "planning: id of the project a planned/proposed link belongs to (its links are built together)"),
    ("links", "capex", "str", "with currency", "none", "planning: the project's capital cost, e.g. '2.4 bn EUR' (USD at settings.USD_PER_EUR); '[K]' marks an unsourced value"),
    ("links", "capex_source", "str", "", "none", "where the capex figure comes from ('[K]': an estimate without a source)"),
    ("links", "lead_time_years", "float", "years", "none", "planning: years from decision to operation"),
    ("links", "length_km", "float", "km", "from geometry", "geodesic length of the geometry (computed)"),
    ("links", "country", "str", "", "from geometry", "ISO-2 of the one country the link lies in, 'sea', or '+'-joined when it crosses several (computed)"),
    ("links", "geometry", "LineString", "EPSG:4326", "required", "route"),
    ("balances", "node", "str", "", "required", "node id"),
    ("balances", "commodity", "str", "", "required", "one of " + ", ".join(COMMODITIES)),
    ("balances", "year", "int", "year", "required", "the year the figures describe"),
    ("balances", "supply", "str", "with unit", "0", "maximum supply at the node"),
    ("balances", "demand", "str", "with unit", "0", "demand at the node"),
    ("balances", "priority", "float", "", "1", "weight of unmet demand in the objective"),
    ("balances", "source", "str", "", "required", "where the figures come from"),
    ("balances", "origin", "str", "", "node's country", "origin of the supply: a country (ISO-2) or a named stream; flows are carried per commodity and origin"),
    ("balances", "exclude_origins", "str", "", "none", "origins this demand refuses (';'-separated), e.g. an embargo"),
]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip()
    )


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_to_none(cls, value: Any) -> Any:
        return None if _blank(value) else value


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a slug; use lower-case letters, digits, '-', '_' or '.'")
    return value


def _check_year(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a year")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a year; write a whole year such as 2026")
        value = int(value)
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}", value.strip()):
            raise ValueError(f"{value!r} is not a year; write a four-digit year such as 2026")
        value = int(value)
    if not isinstance(value, int) or not 1800 <= value <= 2200:
        raise ValueError(f"{value!r} is not a year between 1800 and 2200")
    return value


def _check_with_unit(value: Any) -> Any:
    """A quantity is text with a unit: a bare number is refused with an example."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a quantity; write a number and a unit, e.g. '5 Mt/y'")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number; write a number and a unit, e.g. '5 Mt/y'")
        raise ValueError(f"{value!r} needs a unit; write e.g. '{value:g} Mt/y', '{value:g} bcm/y' or '{value:g} MW'")
    return value


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        from corridors.errors import suggest

        raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(choices)}{suggest(value, choices)}")
    return value


class NodeRecord(_Record):
    """One node: a field, terminal, port, station, junction, border crossing, market or city."""

    id: str
    name: str
    kind: str
    country: str | None = None
    capacity: str | None = None
    capacity_source: str | None = None
    dwell_h: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    dwell_cost_usd_per_t: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    source: str

    _slug = field_validator("id")(_check_slug)
    _units = field_validator("capacity", mode="before")(_check_with_unit)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _check_choice(v, NODE_KINDS, "kind")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Z]{2}", v):
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 code such as 'GE'")
        return v


class LinkRecord(_Record):
    """One link: a segment of a pipeline, railway, ferry or sea lane, or cable, in one country."""

    id: str
    name: str
    asset: str | None = None
    corridor: str
    mode: str
    commodities: tuple[str, ...]
    from_: str = Field(alias="from")
    to: str
    bidirectional: bool = False
    capacity: str
    capacity_source: str | None = None
    cost: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    status: str
    start_year: int | None = None
    end_year: int | None = None
    operator: str | None = None
    source: str
    route_accuracy: str
    transit_h: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    cost_usd_per_t: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    capacity_group: str | None = None
    project: str | None = None
    capex: str | None = None
    capex_source: str | None = None
    lead_time_years: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    model_config = ConfigDict(populate_by_name=True)

    _slug = field_validator("id")(_check_slug)
    _years = field_validator("start_year", "end_year", mode="before")(_check_year)
    _units = field_validator("capacity", mode="before")(_check_with_unit)

    @field_validator("capex")
    @classmethod
    def _capex(cls, v: str | None) -> str | None:
        if v is not None:
            parse_capex(v)
        return v

    @field_validator("mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        return _check_choice(v, MODES, "mode")

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        return _check_choice(v, STATUSES, "status")

    @field_validator("route_accuracy")
    @classmethod
    def _accuracy(cls, v: str) -> str:
        return _check_choice(v, ROUTE_ACCURACIES, "route_accuracy")

    @field_validator("commodities", mode="before")
    @classmethod
    def _commodities(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = [c.strip() for c in re.split(r"[;,]", v) if c.strip()]
        if not v:
            raise ValueError("no commodity; list at least one of " + ", ".join(COMMODITIES))
        for c in v:
            _check_choice(c, COMMODITIES, "commodity")
        return tuple(v)


class BalanceRecord(_Record):
    """Supply and demand of one commodity at one node in one year."""

    node: str
    commodity: str
    year: int
    supply: str | None = None
    demand: str | None = None
    priority: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    source: str
    origin: str | None = None
    exclude_origins: str | None = None

    _year = field_validator("year", mode="before")(_check_year)
    _units = field_validator("supply", "demand", mode="before")(_check_with_unit)

    @field_validator("commodity")
    @classmethod
    def _commodity(cls, v: str) -> str:
        return _check_choice(v, COMMODITIES, "commodity")
