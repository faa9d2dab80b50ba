"""Scenarios: disruptions, demand and supply changes and projects, applied to a network.

A scenario is a named what-if for one year: elements that fail (a *target* and the fraction of
capacity that *remains*: 0 = cut, 0.5 = derated by half), demand and supply changes, and planned
or proposed projects switched on. :meth:`Scenario.apply` turns it into a new
:class:`~corridors.data.network.Network` with a ``derate`` column on links and nodes (the LP reads
``capacity_value × derate``); the network passed in is never changed.

Targets are ``kind:id`` (``link:btc-ge``, ``node:ceyhan``, ``asset:BTC``, ``country:GE``,
``corridor:"Middle Corridor"``, ``mode:ferry``), parsed and resolved by
:mod:`corridors.model.targets`; a disrupted node also scales the supply at it. The year follows
:func:`corridors.model.years.resolve_year`: the scenario's, else the network's, else
``settings.DEFAULT_YEAR``.

Scenario files are TOML::

    name = "Georgia transit closed"
    year = 2024
    description = "Every link and node in Georgia stops."
    projects = ["rail-new"]          # link ids or asset names

    [[disruption]]
    target = "country:GE"
    remaining = 0.0                  # optional, 0 by default; note = "…" optional

    [[demand]]                       # or [[supply]]
    node = "kars"
    commodity = "freight"
    factor = 1.2                     # or: value = "5 Mt/y"

    [[exclude_origins]]              # a market refuses origins (an embargo), on top of the balances
    market = "market-it"             # a node id, node:ID or country:XX (its nodes with demand)
    origins = ["RU"]                 # origins (balances' origin: a country or a named stream)
    commodity = "oil"                # optional: every commodity of the market when absent
"""

from __future__ import annotations

import contextvars
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, field_validator, model_validator

from corridors.data.files import seeds_path
from corridors.errors import DataError, ScenarioError, suggest
from corridors.data.units import CANONICAL_UNITS, COMMODITIES, parse_quantity, to_canonical
from corridors.model.exclusions import exclude_origins, network_origins
from corridors.model.messages import at, explain, line_of
from corridors.model.reuse import reused
from corridors.model.targets import Target, parse_target, resolve_target
from corridors.model.years import common_year, resolve_year

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = [
    "Disruption",
    "BalanceChange",
    "OriginExclusion",
    "Scenario",
    "load_scenario",
    "dump_scenario",
    "scenarios_dir",
    "list_scenarios",
    "load_bundled",
]

# TOML key -> Scenario field (a file uses the singular names of its [[tables]])
_TOML_KEYS = {"name": "name", "year": "year", "description": "description", "projects": "projects",
              "disruption": "disruptions", "demand": "demand_changes", "supply": "supply_changes",
              "exclude_origins": "exclude_origins"}
_FIELD_TO_TOML = {v: k for k, v in _TOML_KEYS.items()}
_LIST_LABEL = {"disruptions": "disruption", "demand_changes": "demand change", "supply_changes": "supply change",
               "exclude_origins": "origin exclusion"}


# -- records ----------------------------------------------------------------------------------
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("corridors_scenario_depth", default=0)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, **data: Any) -> None:
        # only the outermost model turns pydantic's error into one ScenarioError line, so that
        # nested records keep their location (disruption #2, field 'remaining', line in a file)
        depth = _DEPTH.get()
        token = _DEPTH.set(depth + 1)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            if depth:
                raise
            raise ScenarioError(_explain(exc, data, model=type(self))) from None
        finally:
            _DEPTH.reset(token)


class Disruption(_Model):
    """One failing element: a target and the fraction of its capacity that remains.

    Parameters
    ----------
    target
        ``kind:id``, see :mod:`corridors.model.targets`.
    remaining
        Fraction of capacity left, in [0, 1]: 0 = cut (default), 0.5 = half capacity.
    note
        Free text (why, source).

    Examples
    --------
    >>> Disruption(target="mode:ferry", remaining=0.5).kind
    'mode'
    >>> Disruption.parse("asset:BTC=0.25").remaining
    0.25
    """

    target: str
    remaining: float = 0.0
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _check(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        target, value = data.get("target"), data.get("remaining", 0.0)
        if target is not None:
            try:
                parse_target(target)
            except ScenarioError as exc:
                raise ValueError(str(exc)) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            what = "is outside [0, 1]" if isinstance(value, (int, float)) else "is not a number"
            raise ValueError(f"remaining {value!r} of {target!r} {what}; give the fraction of capacity left: "
                             "0 = cut, 0.5 = half, 1 = untouched")
        return data

    @property
    def kind(self) -> str:
        """The target kind (``link``, ``node``, ``asset``, ``country``, ``corridor``, ``mode``)."""
        return parse_target(self.target).kind

    @property
    def id(self) -> str:
        """The target id without quotes."""
        return parse_target(self.target).id

    @classmethod
    def parse(cls, text: str, *, default: float = 0.0) -> Disruption:
        """Parse ``"TARGET"`` or ``"TARGET=FRACTION"`` (the CLI's ``--cut`` / ``--derate`` form)."""
        target, sep, fraction = text.rpartition("=")
        if not sep:
            return cls(target=text, remaining=default)
        try:
            return cls(target=target, remaining=float(fraction))
        except ValueError as exc:
            if isinstance(exc, ScenarioError):
                raise
            raise ScenarioError(f"{text!r}: {fraction!r} is not a fraction; write e.g. 'corridor:BTC=0.5'") from None


class BalanceChange(_Model):
    """A demand or supply change at one node for one commodity: a new ``value`` or a ``factor``.

    Examples
    --------
    >>> BalanceChange(node="kars", commodity="freight", value="20 Mt/y").canonical_value
    20.0
    >>> BalanceChange(node="kars", commodity="freight", factor=1.2).factor
    1.2
    """

    node: str
    commodity: str
    value: str | None = None
    factor: float | None = None
    note: str | None = None

    @field_validator("commodity")
    @classmethod
    def _commodity(cls, v: str) -> str:
        if v not in COMMODITIES:
            raise ValueError(f"unknown commodity {v!r}; use one of {', '.join(COMMODITIES)}{suggest(v, COMMODITIES)}")
        return v

    @field_validator("factor")
    @classmethod
    def _factor(cls, v: float | None) -> float | None:
        if v is not None and not (math.isfinite(v) and v >= 0):
            raise ValueError(f"factor {v!r} must be a finite number >= 0 (1.2 = 20% more)")
        return v

    @model_validator(mode="after")
    def _one_of(self) -> BalanceChange:
        if (self.value is None) == (self.factor is None):
            raise ValueError(f"give either value (e.g. '20 {CANONICAL_UNITS[self.commodity]}') or factor "
                             "(e.g. 1.2), not both or neither")
        if self.value is not None:
            try:
                amount = to_canonical(parse_quantity(self.value), self.commodity, what=f"value {self.value!r}")
            except DataError as exc:
                raise ValueError(str(exc)) from None
            if not (math.isfinite(amount) and amount >= 0):
                raise ValueError(f"value {self.value!r} must be zero or more")
        return self

    @property
    def canonical_value(self) -> float | None:
        """``value`` in the commodity's canonical unit (None for a factor change)."""
        return None if self.value is None else to_canonical(parse_quantity(self.value), self.commodity)


class OriginExclusion(_Model):
    """A market that refuses supply from some origins (an embargo), for one commodity or all.

    Parameters
    ----------
    market
        A market's node id (``market-it``), ``node:ID`` or ``country:XX`` (every node there with demand).
    origins
        The origins refused: countries or named streams, as in the balances' ``origin`` column.
    commodity
        Only this commodity's demand; every commodity of the market when None.
    note
        Free text (why, source).

    Examples
    --------
    >>> OriginExclusion(market="country:IT", origins="RU", commodity="oil").origins
    ('RU',)
    """

    market: str
    origins: tuple[str, ...]
    commodity: str | None = None
    note: str | None = None

    @field_validator("market")
    @classmethod
    def _market(cls, v: str) -> str:
        if not v:
            raise ValueError("is empty; name a market: a node id (e.g. market-it), node:ID or country:XX")
        if ":" in v:
            try:
                kind = parse_target(v).kind
            except ScenarioError as exc:
                raise ValueError(str(exc)) from None
            if kind not in ("node", "country"):
                raise ValueError(f"{v!r} is {'an' if kind[0] in 'aeiou' else 'a'} {kind} target; name a market: a node id (e.g. market-it), node:ID "
                                 "or country:XX")
        return v

    @field_validator("origins", mode="before")
    @classmethod
    def _origins(cls, v: Any) -> Any:
        v = [v] if isinstance(v, str) else v
        if not isinstance(v, (list, tuple)) or not v:
            raise ValueError(f"{v!r} is not a list of origins; write e.g. origins = [\"RU\"]")
        for o in v:
            if not isinstance(o, str) or not o.strip() or ";" in o:
                raise ValueError(f"origin {o!r} is not an origin name; write e.g. origins = [\"RU\", \"IR\"]")
        return tuple(dict.fromkeys(o.strip() for o in v))

    @field_validator("commodity")
    @classmethod
    def _commodity(cls, v: str | None) -> str | None:
        if v is not None and v not in COMMODITIES:
            raise ValueError(f"unknown commodity {v!r}; use one of {', '.join(COMMODITIES)}{suggest(v, COMMODITIES)}, "
                             "or leave it out for every commodity")
        return v


# -- the scenario -----------------------------------------------------------------------------
class Scenario(_Model):
    """A named what-if: disruptions, demand/supply changes and projects for one year.

    Parameters
    ----------
    name
        Short title.
    year
        The year to model; :meth:`apply` filters a full network to it (``Network.at``).
    description
        Free text.
    disruptions
        :class:`Disruption` records (or dicts with ``target``, ``remaining``, ``note``).
    demand_changes, supply_changes
        :class:`BalanceChange` records (or dicts).
    projects
        Link ids or asset names of planned/proposed links to switch on.
    exclude_origins
        :class:`OriginExclusion` records (or dicts with ``market``, ``origins``, ``commodity``,
        ``note``): markets that refuse some origins, on top of the balances' ``exclude_origins``.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> after = Scenario.cut("country:GE", year=2024).apply(net)
    >>> derate = after.links["derate"].to_dict()
    >>> derate["pipe-b"], derate["ferry-east-west"]
    (0.0, 1.0)
    >>> "derate" in net.links.columns            # the input is unchanged
    False
    """

    name: str
    year: int | None = None
    description: str | None = None
    disruptions: tuple[Disruption, ...] = ()
    demand_changes: tuple[BalanceChange, ...] = ()
    supply_changes: tuple[BalanceChange, ...] = ()
    projects: tuple[str, ...] = ()
    exclude_origins: tuple[OriginExclusion, ...] = ()
    _source: str | None = PrivateAttr(None)  # the file it was read from, for the errors of apply

    def __eq__(self, other: object) -> bool:  # the content, not the file it came from
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.model_dump() == other.model_dump()


    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise ValueError("the name is empty; give the scenario a short title")
        return v

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> Any:
        if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
            raise ValueError(f"{v!r} is not a year; write a whole year such as 2024")
        if isinstance(v, (int, float)) and not 1800 <= v <= 2200:
            raise ValueError(f"{v!r} is not a year between 1800 and 2200")
        return v

    @field_validator("projects", mode="before")
    @classmethod
    def _projects(cls, v: Any) -> Any:
        v = [v] if isinstance(v, str) else v
        for p in v or ():
            if not isinstance(p, str) or not p.strip():
                raise ValueError(f"project {p!r} is not a link id or asset name")
        return v

    # -- constructors ---------------------------------------------------------------------
    @classmethod
    def cut(cls, *targets: str, remaining: float = 0.0, name: str | None = None,
            year: int | None = None, projects: Iterable[str] = (), description: str | None = None) -> Scenario:
        """A scenario in which every target fails (``remaining=0``) or is derated.

        Examples
        --------
        >>> s = Scenario.cut("country:GE", "mode:ferry", year=2024)
        >>> s.name, [d.target for d in s.disruptions]
        ('cut country:GE, mode:ferry', ['country:GE', 'mode:ferry'])
        """
        if not targets:
            raise ScenarioError("Scenario.cut needs at least one target, e.g. Scenario.cut('country:GE')")
        title = ("cut " if remaining == 0 else f"derate to {remaining:g}: ") + ", ".join(targets)
        return cls(name=name or title, year=year, description=description, projects=tuple(projects),
                   disruptions=[Disruption(target=t, remaining=remaining) for t in targets])

    def combine(self, other: Scenario, *, name: str | None = None) -> Scenario:
        """This scenario plus ``other``'s disruptions, changes and projects, in the year they share.

        Two scenarios for different years do not combine: that is a
        :class:`~corridors.errors.ScenarioError` naming both years.

        Examples
        --------
        >>> a = Scenario.cut("country:GE", year=2024)
        >>> len(a.combine(Scenario.cut("mode:ferry")).disruptions), a.combine(Scenario.cut("mode:ferry")).year
        (2, 2024)
        """
        year = common_year((f"scenario {self.name!r}", self.year), (f"scenario {other.name!r}", other.year))
        return Scenario(
            name=name or f"{self.name} + {other.name}", description=self.description, year=year,
            disruptions=self.disruptions + other.disruptions,
            demand_changes=self.demand_changes + other.demand_changes,
            supply_changes=self.supply_changes + other.supply_changes,
            projects=tuple(dict.fromkeys(self.projects + other.projects)),
            exclude_origins=self.exclude_origins + other.exclude_origins,
        )._from(self._source or other._source)

    @classmethod
    def compose(cls, *, base: Scenario | str | os.PathLike | None = None, cut: Iterable[str] = (),
                derate: Iterable[str] = (), projects: Iterable[str] = (), year: int | None = None,
                name: str | None = None) -> Scenario:
        """A scenario from parts, as the command line gives them: a base (a Scenario or a TOML file),
        targets to cut, ``TARGET=FRACTION`` derates and projects to build, on top of the base.

        ``year`` (``--year``) must agree with the base's year when both are given.

        Examples
        --------
        >>> s = Scenario.compose(cut=["country:GE"], derate=["mode:ferry=0.5"], projects=["kars-igdir"])
        >>> s.name, [d.remaining for d in s.disruptions]
        ('country:GE + mode:ferry=0.5 + build kars-igdir', [0.0, 0.5])
        """
        cut, derate, projects = list(cut), list(derate), list(projects)
        disruptions = [Disruption.parse(t, default=0.0) for t in cut]
        for text in derate:
            if "=" not in text:
                raise ScenarioError(f"derate {text!r}: write TARGET=FRACTION, e.g. mode:ferry=0.5")
            disruptions.append(Disruption.parse(text))
        label = name or " + ".join([*cut, *derate, *(f"build {p}" for p in projects)]) or "base"
        if base is None:
            return cls(name=label, year=year, disruptions=disruptions, projects=tuple(projects))
        start = base if isinstance(base, Scenario) else load_scenario(base)
        year = common_year(("year", year), (f"scenario {start.name!r}", start.year))
        if not (disruptions or projects):
            return start.model_copy(update={"year": year})
        extra = cls(name=label, year=year, disruptions=disruptions, projects=tuple(projects))
        both = start.combine(extra, name=f"{start.name} + {label}")
        return both._from(f"{start._source} + the command line" if start._source else None)

    # -- TOML -----------------------------------------------------------------------------
    @classmethod
    def from_toml(cls, text: str, *, source: str | None = None) -> Scenario:
        """Read a scenario from TOML text; errors name ``source`` (a file) and the line.

        Examples
        --------
        >>> s = Scenario.from_toml('name = "ferry halved"\\n[[disruption]]\\ntarget = "mode:ferry"\\nremaining = 0.5\\n')
        >>> s.disruptions[0].remaining
        0.5
        """
        import tomllib

        where = f"{source or 'scenario TOML'}: "
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(f"{where}malformed TOML: {exc}; fix the syntax at that line") from None
        for key in doc:
            if key not in _TOML_KEYS:
                raise ScenarioError(f"{where}{at(line_of(text, key))}unknown key {key!r}; use "
                                    f"{', '.join(_TOML_KEYS)}{suggest(key, _TOML_KEYS)}")
        if "name" not in doc:
            raise ScenarioError(f"{where}no name; add a line such as name = \"Georgia transit closed\" at the top")
        data = {_TOML_KEYS[k]: v for k, v in doc.items()}
        token = _DEPTH.set(1)  # keep pydantic's error, so that _explain can find the line
        try:
            return cls(**data)._from(source)
        except ValidationError as exc:
            raise ScenarioError(_explain(exc, data, model=cls, source=source, text=text)) from None
        finally:
            _DEPTH.reset(token)

    def _from(self, source: str | None) -> Scenario:
        self._source = source
        return self

    def to_toml(self) -> str:
        """This scenario as TOML text (the inverse of :meth:`from_toml`).

        Examples
        --------
        >>> s = Scenario.cut("link:pipe-a", year=2024)
        >>> Scenario.from_toml(s.to_toml()) == s
        True
        """
        import tomli_w

        top = {"name": self.name, "year": self.year, "description": self.description,
               "projects": list(self.projects) or None}
        text = tomli_w.dumps({k: v for k, v in top.items() if v is not None})
        for field in ("disruptions", "demand_changes", "supply_changes", "exclude_origins"):
            for item in getattr(self, field):  # [[tables]] as in hand-written files, not inline
                text += f"\n[[{_FIELD_TO_TOML[field]}]]\n" + tomli_w.dumps(item.model_dump(exclude_none=True))
        return text

    # -- applying -------------------------------------------------------------------------
    def apply(self, network: Network) -> Network:
        """A new network with this scenario applied; ``network`` is not changed.

        1. Year and projects: the year is the scenario's, else the network's, else
           ``settings.DEFAULT_YEAR`` (:func:`~corridors.model.years.resolve_year`). The full
           network (``network.year is None``) is filtered with ``network.at(year,
           projects=projects)``. A network already at the scenario's year is used as it is, and
           its links must include the projects. A network at another year is an error (apply to
           the full network instead).
        2. Disruptions: a float ``derate`` column on links and nodes, 1.0 by default and the
           minimum ``remaining`` of every disruption that hits the element (the links and nodes
           of :func:`~corridors.model.targets.resolve_target`: a disrupted node also derates
           every link incident to it) and scales the supply at a disrupted node. A network that already has ``derate`` columns keeps
           them (the minimum wins, supplies are not scaled twice), so scenarios stack.
        3. Demand and supply changes: set (``value``) or scaled (``factor``) on every balance row of
           the node and commodity, before the supply at disrupted nodes is scaled. A ``value`` for
           a node and commodity without a balance row adds one.
        4. Origin exclusions: each market's demand rows (of the commodity, or all) refuse the
           origins named, on top of the balances' ``exclude_origins``
           (:func:`~corridors.model.exclusions.exclude_origins`). A market or origin the network
           does not have is an error naming the entry.

        The LP reads link capacity as ``capacity_value × derate`` and node throughput likewise.

        Examples
        --------
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> s = Scenario(name="TRIPP open", year=2024, projects=["rail-new"],
        ...              disruptions=[{"target": "mode:ferry", "remaining": 0.5}])
        >>> out = s.apply(net)
        >>> "rail-new" in out.links.index, float(out.links.loc["ferry-east-west", "derate"])
        (True, 0.5)
        """
        return reused(("apply", self.model_dump_json()), network, lambda: self._apply(network))  # once in reusing()

    def _apply(self, network: Network) -> Network:
        import numpy as np
        import pandas as pd

        def derates(frame: pd.DataFrame) -> np.ndarray:  # a new float array: the frame's derate, 1 where it has none
            return (pd.to_numeric(frame["derate"], errors="coerce").fillna(1.0).to_numpy(dtype=float, copy=True)
                    if "derate" in frame.columns else np.ones(len(frame)))

        base = self._base(network)
        links, nodes = base.links, base.nodes
        old_node = derates(nodes)
        link_derate, node_derate = derates(links), old_node.copy()
        for d in self.disruptions:  # each element hit keeps the smallest remaining (by position in its table)
            hit = self._resolve(base, network, d.target)
            for derate, ids, index in ((link_derate, hit.links, links.index), (node_derate, hit.nodes, nodes.index)):
                np.minimum.at(derate, index.get_indexer(list(ids)), d.remaining)
        links["derate"], nodes["derate"] = link_derate, node_derate

        balances = base.balances.copy()
        for field, changes in (("demand", self.demand_changes), ("supply", self.supply_changes)):
            for change in changes:
                balances = self._change(balances, base, field, change)
        if len(balances):  # scale supply by the change in node derate (stacked scenarios do not compound)
            ratio = np.where(old_node > 0, node_derate / np.where(old_node > 0, old_node, 1.0), 0.0)
            pos = nodes.index.get_indexer(balances["node"])  # a node not in the table: unscaled
            balances["supply"] = balances["supply"] * np.where(pos >= 0, ratio[pos], 1.0)
        base.balances = self._exclude(balances, base, network)
        base.projects = tuple(dict.fromkeys(tuple(network.projects) + self.projects))
        return base

    def targets_resolved(self, network: Network) -> pd.DataFrame:
        """What each disruption hits: one row per disruption and element.

        Columns: ``target``, ``remaining``, ``element`` (``link`` or ``node``), ``id``, ``name``,
        ``corridor`` (links), ``country`` and ``via`` (``"target"``, or ``"node ID"`` for a link
        closed because its end node is).

        Examples
        --------
        >>> from corridors.data.io import load_demo_network
        >>> t = Scenario.cut("node:ceyhan").targets_resolved(load_demo_network())
        >>> t[["element", "id", "via"]].values.tolist()
        [['node', 'ceyhan', 'target'], ['link', 'pipe-b', 'node ceyhan']]
        """
        import pandas as pd

        base = self._base(network)
        links, nodes = base.links, base.nodes
        rows = []
        for d in self.disruptions:
            hit = self._resolve(base, network, d.target)
            rows += [(d.target, d.remaining, "node", n, nodes.loc[n, "name"], None, nodes.loc[n, "country"], "target")
                     for n in hit.nodes]
            rows += [(d.target, d.remaining, "link", lid, links.loc[lid, "name"], links.loc[lid, "corridor"],
                      links.loc[lid, "country"], hit.via(lid, base)) for lid in hit.links]
        return pd.DataFrame(rows, columns=["target", "remaining", "element", "id", "name", "corridor", "country", "via"])

    def describe(self) -> str:
        """A few lines for a terminal: name, year, disruptions, changes, projects.

        Examples
        --------
        >>> print(Scenario.cut("country:GE", year=2024).describe())
        cut country:GE (2024)
          disrupt country:GE: cut
        """
        lines = [self.name + (f" ({self.year})" if self.year is not None else "")]
        lines += [self.description] if self.description else []
        for d in self.disruptions:
            state = "cut" if d.remaining == 0 else f"{d.remaining:.0%} remaining"
            lines.append(f"  disrupt {d.target}: {state}" + (f" — {d.note}" if d.note else ""))
        for what, changes in (("demand", self.demand_changes), ("supply", self.supply_changes)):
            lines += [f"  {what} at {c.node} ({c.commodity}) " + (f"× {c.factor:g}" if c.factor is not None
                      else f"= {c.value}") for c in changes]
        lines += ["  projects: " + ", ".join(self.projects)] if self.projects else []
        lines += [f"  {x.market} refuses {', '.join(x.origins)} ({x.commodity or 'every commodity'})"
                  + (f" — {x.note}" if x.note else "") for x in self.exclude_origins]
        return "\n".join(lines)

    # -- helpers --------------------------------------------------------------------------
    @property
    def _me(self) -> str:
        """How an error names this scenario: its name, and the file it was read from."""
        return f"scenario {self.name!r}" + (f" ({self._source})" if self._source else "")

    def _exclude(self, balances: pd.DataFrame, base: Network, full: Network) -> pd.DataFrame:
        """``balances`` with the origin exclusions applied; errors name the entry and the fix."""
        if not self.exclude_origins:
            return balances
        known = network_origins(full)
        at = base.copy()
        at.balances = balances
        for i, x in enumerate(self.exclude_origins, 1):
            try:
                balances = exclude_origins(balances, at, [(x.market, x.commodity, x.origins)], known=known)
            except ScenarioError as exc:
                raise ScenarioError(f"{self._me}: [[exclude_origins]] #{i} ({x.market}): {exc}") from None
        return balances

    def _base(self, network: Network) -> Network:
        """The network the scenario applies to: a copy, at the scenario's year, projects on."""
        links, me = network.links, self._me
        for p in self.projects:
            if p in links.index or (links["asset"] == p).any():
                continue
            if network.year is not None:
                raise ScenarioError(f"{me}: project {p!r} is not in this network (it was filtered to {network.year}); "
                                    "apply the scenario to the full network (corridors.load_network()) so its "
                                    "projects can be switched on")
            valid = network.project_ids + sorted({str(a) for a in links["asset"].dropna()})
            raise ScenarioError(f"{me}: unknown project {p!r}{suggest(p, valid)}; give a link id or asset name "
                                "of a planned or proposed link")
        if self.year is not None and network.year is not None and network.year != self.year:
            raise ScenarioError(f"{me} is for {self.year} but the network was filtered to {network.year}; apply it "
                                "to the full network (corridors.load_network()) so it can pick that year's links "
                                "and balances")
        if network.year is None:
            year = resolve_year(scenario=self)
            return reused(("at", year, self.projects), network, lambda: network.at(year, projects=self.projects))
        return network.copy()

    def _resolve(self, base: Network, full: Network, target: str) -> Target:
        """What ``target`` disrupts in ``base``; errors say what to do."""
        try:
            return resolve_target(base, target)
        except ScenarioError as exc:
            absent: tuple[str, ...] = ()
            if base.year is not None and full.year is None:
                try:
                    absent = resolve_target(full, target).named_links
                except ScenarioError:
                    pass
            if absent:
                row = full.links.loc[absent[0]]
                when = "" if _missing(row["start_year"]) else f", from {row['start_year']}"
                raise ScenarioError(
                    f"{self._me}: target {target!r} has no link in {base.year} ({absent[0]!r} is "
                    f"{row['status']}{when}); add it to projects to switch it on, or pick another year") from None
            raise ScenarioError(f"{self._me}: {exc}") from None

    def _change(self, balances: pd.DataFrame, base: Network, field: str, change: BalanceChange) -> pd.DataFrame:
        import pandas as pd

        me = self._me
        if change.node not in base.nodes.index:
            raise ScenarioError(f"{me}: {field} change at unknown node {change.node!r}"
                                f"{suggest(change.node, list(base.nodes.index))}")
        mask = (balances["node"].to_numpy() == change.node) & (balances["commodity"].to_numpy() == change.commodity)
        source = f"scenario {self.name}"
        values = balances[field].to_numpy(copy=True) if balances[field].dtype == "float64" else None  # else .loc
        if change.factor is not None:
            if not (balances.loc[mask, field] > 0 if values is None else values[mask] > 0).any():
                raise ScenarioError(
                    f"{me}: {change.node!r} has no {change.commodity} {field} to scale by {change.factor:g}; "
                    f"give a value (e.g. value = \"5 {CANONICAL_UNITS[change.commodity]}\") instead")
            new_value = (balances.loc[mask, field] if values is None else values[mask]) * change.factor
        elif mask.any():
            new_value = change.canonical_value
        else:
            row = {"node": change.node, "commodity": change.commodity, "year": int(base.year), "supply": 0.0,
                   "demand": 0.0, "priority": 1.0, "source": source, field: change.canonical_value}
            new = pd.DataFrame([row]).astype({c: balances[c].dtype for c in row if c in balances.columns})
            return pd.concat([balances, new], ignore_index=True) if len(balances) else new
        if values is None:
            balances.loc[mask, field] = new_value
        else:
            values[mask] = new_value
            balances[field] = values
        balances.loc[mask, "source"] = source
        return balances


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


# -- error messages ---------------------------------------------------------------------------
def _explain(exc: ValidationError, data: Mapping[str, Any], *, model: type[BaseModel],
             source: str | None = None, text: str | None = None) -> str:
    """One line from the first pydantic error (see :func:`corridors.model.messages.explain`)."""
    lists = None
    if model is Scenario:
        records = {"disruptions": Disruption, "demand_changes": BalanceChange, "supply_changes": BalanceChange,
                   "exclude_origins": OriginExclusion}
        lists = {f: (_FIELD_TO_TOML[f], label, records[f]) for f, label in _LIST_LABEL.items()}
    return explain(exc, data, model=model, lists=lists, keys=_FIELD_TO_TOML, source=source, text=text)


# -- files ------------------------------------------------------------------------------------
def load_scenario(path: str | os.PathLike) -> Scenario:
    """Read a scenario TOML file; errors name the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('name = "BTC outage"\\n[[disruption]]\\ntarget = "asset:BTC"\\n')
    >>> load_scenario(p).disruptions[0].target
    'asset:BTC'
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        near = suggest(path.name, [p.name for p in path.parent.glob("*.toml")]) if path.parent.is_dir() else ""
        raise ScenarioError(f"{path}: no such scenario file; check the path{near}") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 (byte {exc.start}); re-save the file as UTF-8") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read ({exc.strerror}); give a .toml scenario file") from None
    return Scenario.from_toml(text, source=str(path))


def dump_scenario(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write a scenario to a TOML file (atomically) and return its path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = dump_scenario(Scenario.cut("mode:ferry"), pathlib.Path(tempfile.mkdtemp()) / "ferry.toml")
    >>> load_scenario(p).name
    'cut mode:ferry'
    """
    from corridors.data.files import atomic_path

    text = scenario.to_toml()
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except DataError as exc:
        raise ScenarioError(str(exc)) from None
    return Path(path)


def scenarios_dir() -> Path:
    """The folder of bundled scenarios, ``seeds/scenarios/``.

    Examples
    --------
    >>> scenarios_dir().parts[-2:]
    ('seeds', 'scenarios')
    """
    return seeds_path("scenarios")


def list_scenarios(*, directory: str | os.PathLike | None = None) -> list[str]:
    """Names (file stems) of the scenarios in ``directory`` (default: the bundled ones), sorted.

    Examples
    --------
    >>> isinstance(list_scenarios(), list)
    True
    """
    folder = Path(directory) if directory is not None else scenarios_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def load_bundled(name: str, *, directory: str | os.PathLike | None = None) -> Scenario:
    """Load a bundled scenario by name (file stem, e.g. ``"georgia-closed"``).

    Raises :class:`~corridors.errors.ScenarioError` suggesting the nearest names when unknown.

    Examples
    --------
    >>> names = list_scenarios()
    >>> all(load_bundled(n).name for n in names)
    True
    """
    folder = Path(directory) if directory is not None else scenarios_dir()
    names = list_scenarios(directory=folder)
    stem = name.removesuffix(".toml")
    if stem not in names:
        listing = suggest(stem, names) or (f"; bundled scenarios: {', '.join(names)}" if names else "; none are bundled yet")
        raise ScenarioError(f"no scenario {name!r} in {folder}{listing}")
    return load_scenario(folder / f"{stem}.toml")
