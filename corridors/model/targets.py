"""The one target grammar: ``kind:id`` parsed once, resolved once against a network.

A *target* names what fails in a what-if. It is parsed into a :class:`TargetId` (kind, id) and
resolved against a :class:`~corridors.data.network.Network` into a :class:`Target`: the links and
nodes it disrupts, with the node capacities and the supplies and demands at those nodes as the LP
reads them. Scenarios, sweeps, bypasses, maps and max-throughput all go through
:func:`resolve_target`; nothing else parses a target.

Kinds (ids of assets, corridors, countries and modes match case-insensitively; link and node ids
exactly, or in lower case):

- ``link:ID`` one link;
- ``node:ID`` one node, and every link starting or ending there (a closed terminal, port,
  junction or border crossing passes nothing);
- ``asset:NAME`` every segment of an asset (``asset:BTC``); ``corridor:NAME`` every link of a
  corridor (``corridor:"Middle Corridor"``, quotes optional); ``mode:MODE`` (``mode:ferry``);
- ``country:XX`` a country failing: every link lying in or crossing ``XX`` (its ``countries``),
  every node in ``XX``, and so every link starting or ending at those nodes (a sea lane out of
  one of its ports, a segment ending at its border crossing).

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> t = resolve_target(load_demo_network().at(2024), "node:alat")
>>> t.kind, t.id, t.links, t.nodes
('node', 'alat', ('ferry-east-west', 'rail-alat-kars'), ('alat',))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from corridors.errors import ScenarioError, suggest

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network

__all__ = ["TARGET_KINDS", "TargetId", "Target", "split_target", "parse_target", "resolve_target", "resolve_level"]

TARGET_KINDS: tuple[str, ...] = ("link", "node", "asset", "country", "corridor", "mode")
_EXAMPLE = {"link": "btc-ge", "node": "ceyhan", "asset": "BTC", "country": "GE",
            "corridor": '"Middle Corridor"', "mode": "ferry"}
_GROUPS = ("asset", "corridor", "mode")  # kinds that name a column of the links table

K = TypeVar("K")


class FrozenMap(Mapping[K, float]):
    """A read-only, hashable mapping (the per-node figures of a :class:`Target`)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[K, float]] = ()) -> None:
        self._items = dict(items)

    def __getitem__(self, key: K) -> float:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self):
        return (FrozenMap, (tuple(self._items.items()),))


# -- grammar ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetId:
    """A parsed target: its ``kind`` (one of :data:`TARGET_KINDS`) and ``id`` (without quotes).

    Examples
    --------
    >>> str(TargetId("corridor", "Middle Corridor")), str(TargetId("link", "btc-ge"))
    ('corridor:"Middle Corridor"', 'link:btc-ge')
    """

    kind: str
    id: str

    def __str__(self) -> str:
        quoted = any(c.isspace() or c in ":\"'" for c in self.id)
        return f'{self.kind}:"{self.id}"' if quoted else f"{self.kind}:{self.id}"


def split_target(text: Any) -> tuple[str | None, str]:
    """Split ``"kind:id"`` into ``(kind, id)`` without checking it; a text without a known kind
    gives ``(None, text)``. For reading tables whose rows may be bare ids; use :func:`parse_target`
    for input.

    Examples
    --------
    >>> split_target("Corridor:'Middle Corridor'"), split_target("pipe-a")
    (('corridor', 'Middle Corridor'), (None, 'pipe-a'))
    """
    text = str(text).strip()
    kind, sep, ident = text.partition(":")
    kind, ident = kind.strip().lower(), ident.strip()
    if not sep or kind not in TARGET_KINDS:
        return None, text
    if len(ident) >= 2 and ident[0] == ident[-1] and ident[0] in "\"'":
        ident = ident[1:-1].strip()
    return kind, ident


def parse_target(target: str | TargetId, *, kind: str | None = None) -> TargetId:
    """Parse a target ``"kind:id"``: the kind is case-insensitive, quotes around the id are removed.

    ``kind`` is what an id without a kind means (max-throughput reads ``"ceyhan"`` as
    ``node:ceyhan``); without it such an id is an error. Raises
    :class:`~corridors.errors.ScenarioError` naming the target when the kind is unknown or the id
    empty.

    Examples
    --------
    >>> parse_target('corridor:"Middle Corridor"')
    TargetId(kind='corridor', id='Middle Corridor')
    >>> parse_target("Country:GE"), parse_target("ceyhan", kind="node")
    (TargetId(kind='country', id='GE'), TargetId(kind='node', id='ceyhan'))
    """
    if isinstance(target, TargetId):
        return target
    text = target.strip() if isinstance(target, str) else ""
    if ":" not in text:
        if kind is not None and text:
            return TargetId(kind, text)
        ident = text or "btc-ge"
        guess = ("country", "asset", "link") if len(ident) == 2 and ident.isalpha() else ("link", "node", "asset")
        raise ScenarioError(f"target {target!r} has no kind; write kind:id with kind one of "
                            f"{', '.join(TARGET_KINDS)} (e.g. {', '.join(repr(f'{k}:{ident}') for k in guess)})")
    head, _, ident = text.partition(":")
    head, ident = head.strip().lower(), ident.strip()
    if len(ident) >= 2 and ident[0] == ident[-1] and ident[0] in "\"'":
        ident = ident[1:-1].strip()
    if head not in TARGET_KINDS:
        raise ScenarioError(f"target {target!r}: unknown kind {head!r}; use one of {', '.join(TARGET_KINDS)}"
                            f"{suggest(head, TARGET_KINDS)}")
    if not ident:
        raise ScenarioError(f"target {target!r}: no id after '{head}:'; write e.g. '{head}:{_EXAMPLE[head]}'")
    return TargetId(head, ident)


# -- what a target disrupts -------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """What a target disrupts in one network (from :func:`resolve_target`).

    Attributes
    ----------
    kind, id
        The target, ``id`` spelt as in the network (``country:ge`` → ``GE``).
    links
        Every link whose capacity the target reduces, sorted: the links it names and the links
        starting or ending at its nodes.
    nodes
        The nodes it disrupts, sorted (``node:``: one; ``country:``: every node in the country).
    named_links
        The links it names itself, sorted (``links`` minus those reached only through a node).
    capacities
        Throughput capacity of its nodes that have one, in the node's canonical unit.
    supply, demand
        Supply (a maximum) and demand at its nodes per ``(node, commodity)``, in canonical units,
        summed over the network's balance rows (resolve against ``network.at(year)`` for one year).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> t = resolve_target(load_demo_network().at(2024), "node:sangachal")
    >>> t.links, dict(t.supply)
    (('pipe-a',), {('sangachal', 'oil'): 40.0})
    """

    kind: str
    id: str
    links: tuple[str, ...]
    nodes: tuple[str, ...] = ()
    named_links: tuple[str, ...] = ()
    capacities: FrozenMap = field(default_factory=FrozenMap)
    supply: FrozenMap = field(default_factory=FrozenMap)
    demand: FrozenMap = field(default_factory=FrozenMap)

    def __str__(self) -> str:
        return str(TargetId(self.kind, self.id))

    def via(self, link: str, network: Network) -> str:
        """Why ``link`` is disrupted: ``"target"``, or ``"node ID"`` when only its end node is.

        Examples
        --------
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network().at(2024)
        >>> resolve_target(net, "node:kars").via("rail-alat-kars", net)
        'node kars'
        """
        if link in self.named_links:
            return "target"
        ends = {network.links.at[link, "from"], network.links.at[link, "to"]}
        return next((f"node {n}" for n in self.nodes if n in ends), "target")


def resolve_target(network: Network, target: str | TargetId, *, bare: str | None = None) -> Target:
    """What ``target`` disrupts in ``network``: a :class:`Target` with its links and nodes.

    Parameters
    ----------
    network
        The network (at a year, for the links and balances of that year).
    target
        ``"kind:id"`` (see :mod:`corridors.model.targets`) or a :class:`TargetId`.
    bare
        What an id without a kind means: None (an error that says which kinds have that id), a
        kind (``"node"``), or ``"any"``: the one kind of this network that has the id.

    Raises
    ------
    ScenarioError
        The target names nothing in ``network``; the message names it and suggests the nearest
        valid ids.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network().at(2024)
    >>> resolve_target(net, "country:GE").links
    ('pipe-a', 'pipe-b', 'pipe-c', 'rail-alat-kars')
    >>> resolve_target(net, 'corridor:"middle corridor"').id
    'Middle Corridor'
    >>> resolve_target(net, "pipe-c", bare="any").kind
    'link'
    """
    if bare == "any" and isinstance(target, str) and split_target(target)[0] is None and ":" not in target:
        parsed = _infer(network, target.strip())
    else:
        text = target.strip() if isinstance(target, str) else ""
        found = _kinds_of(network, text) if bare is None and text and ":" not in text else []
        if found:
            raise ScenarioError(f"target {text!r} has no kind; write {_either(found)} (kind:id, with kind one of "
                                f"{', '.join(TARGET_KINDS)})")
        parsed = parse_target(target, kind=bare)
    kind, links, nodes = parsed.kind, network.links, network.nodes
    if kind in ("link", "node"):
        index = links.index if kind == "link" else nodes.index
        found_id = next((c for c in dict.fromkeys((parsed.id, parsed.id.lower())) if c in index), None)
        if found_id is None:
            raise ScenarioError(f"target {_text(target)!r}: no {kind} {parsed.id!r}{_elsewhere(network, kind, parsed.id)}"
                                f"{suggest(parsed.id, list(index))}")
        if kind == "link":
            return _target(network, kind, found_id, [found_id], [])
        return _target(network, kind, found_id, [], [found_id])
    if kind == "country":
        code = parsed.id.upper()
        named = list(links.index[[code in tuple(c or ()) for c in links["countries"]]])
        in_it = list(nodes.index[(nodes["country"] == code).to_numpy(dtype=bool)])
        if not (named or in_it):
            raise ScenarioError(f"target {_text(target)!r}: no link or node lies in country {code!r}"
                                f"{_choices(code, _countries(network), limit=40)}")
        return _target(network, kind, code, named, in_it)
    column = links[kind].astype("string")
    mask = (column.str.casefold() == parsed.id.casefold()).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        valid = sorted({str(v) for v in links[kind].dropna()})
        raise ScenarioError(f"target {_text(target)!r}: no link has {kind} {parsed.id!r}{_choices(parsed.id, valid)}")
    return _target(network, kind, str(column[mask].iloc[0]), list(links.index[mask]), [])


def resolve_level(network: Network, level: str) -> dict[str, Target]:
    """Every element of one kind in ``network``, resolved: ``{id: Target}`` (what an N-1 sweep loses).

    Link and node elements take a fast path (one pass over the links) with the same answer as
    :func:`resolve_target`.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> sorted(resolve_level(load_demo_network().at(2024), "country"))
    ['AZ', 'GE', 'KZ', 'TR']
    """
    if level not in TARGET_KINDS:
        raise ScenarioError(f"unknown level {level!r}{suggest(level, TARGET_KINDS)}; use one of {', '.join(TARGET_KINDS)}")
    links, nodes = network.links, network.nodes
    if level == "link":
        return {lid: Target("link", lid, (lid,), (), (lid,)) for lid in links.index}
    if level == "node":
        incident: dict[str, set[str]] = {n: set() for n in nodes.index}
        for lid, a, b in zip(links.index, links["from"], links["to"]):
            incident[a].add(lid)
            incident[b].add(lid)
        caps, supply, demand = _node_figures(network, list(nodes.index))
        return {n: Target("node", n, tuple(sorted(incident[n])), (n,), (),
                          FrozenMap((k, v) for k, v in caps.items() if k == n),
                          FrozenMap((k, v) for k, v in supply.items() if k[0] == n),
                          FrozenMap((k, v) for k, v in demand.items() if k[0] == n)) for n in nodes.index}
    if level == "country":
        return _country_level(network)
    return _group_level(network, level)


def _group_level(network: Network, level: str) -> dict[str, Target]:
    """Every asset, corridor or mode of the links (``resolve_target`` of each, from one pass: an id
    names the links whose value equals it but for case, spelt as the first of them)."""
    links = network.links
    values = links[level].tolist()
    groups: dict[str, tuple[str, list[str]]] = {}
    for lid, v in zip(links.index, values):
        if isinstance(v, str) or (v is not None and not _missing(v)):
            groups.setdefault(str(v).casefold(), (str(v), []))[1].append(lid)
    ids = sorted({str(v) for v in values if isinstance(v, str) or (v is not None and not _missing(v))})
    out = {}
    for ident in ids:
        spelt, named = groups[ident.casefold()]
        named = sorted(named)
        out[ident] = Target(kind=level, id=spelt, links=tuple(named), nodes=(), named_links=tuple(named),
                            capacities=FrozenMap(), supply=FrozenMap(), demand=FrozenMap())
    return out


def _country_level(network: Network) -> dict[str, Target]:
    """Every country (``resolve_target`` of each, from one pass over the links, nodes and balances)."""
    links, nodes = network.links, network.nodes
    named: dict[str, list[str]] = {}
    for lid, cs in zip(links.index, links["countries"]):
        for c in dict.fromkeys(cs or ()):
            named.setdefault(c, []).append(lid)
    in_it: dict[str, list[str]] = {}
    for nid, c in zip(nodes.index, nodes["country"]):
        if isinstance(c, str):
            in_it.setdefault(c, []).append(nid)
    incident: dict[str, list[str]] = {}
    for lid, a, b in zip(links.index, links["from"], links["to"]):
        incident.setdefault(a, []).append(lid)
        incident.setdefault(b, []).append(lid)
    caps, supply, demand = _node_figures(network, list(nodes.index))
    out = {}
    for ident in _countries(network):
        code = ident.upper()
        mine, node_ids = named.get(code, []), in_it.get(code, [])
        wanted = set(node_ids)
        at_nodes = {lid for n in node_ids for lid in incident.get(n, ())}
        out[ident] = Target(kind="country", id=code, links=tuple(sorted(set(mine) | at_nodes)),
                            nodes=tuple(sorted(node_ids)), named_links=tuple(sorted(mine)),
                            capacities=FrozenMap((k, v) for k, v in caps.items() if k in wanted),
                            supply=FrozenMap((k, v) for k, v in supply.items() if k[0] in wanted),
                            demand=FrozenMap((k, v) for k, v in demand.items() if k[0] in wanted))
    return out


def _missing(value) -> bool:
    try:
        return bool(value != value)  # NaN, NaT, NA
    except (TypeError, ValueError):
        return False


# -- helpers ----------------------------------------------------------------------------------
def _text(target: str | TargetId) -> str:
    return target.strip() if isinstance(target, str) else str(target)


def _target(network: Network, kind: str, ident: str, named: list[str], node_ids: list[str]) -> Target:
    links = network.links
    at_nodes = links.index[(links["from"].isin(node_ids) | links["to"].isin(node_ids)).to_numpy()] if node_ids else []
    caps, supply, demand = _node_figures(network, node_ids)
    return Target(kind=kind, id=ident, links=tuple(sorted(set(named) | set(at_nodes))), nodes=tuple(sorted(node_ids)),
                  named_links=tuple(sorted(named)), capacities=FrozenMap(caps), supply=FrozenMap(supply),
                  demand=FrozenMap(demand))


def _node_figures(network: Network, node_ids: list[str]) -> tuple[dict, dict, dict]:
    """Capacities ``{node: value}`` and supplies/demands ``{(node, commodity): value}`` at ``node_ids``."""
    if not node_ids:
        return {}, {}, {}
    wanted = set(node_ids)
    nodes = network.nodes
    caps = {}
    if "capacity_value" in nodes.columns:
        for nid, value in zip(nodes.index, nodes["capacity_value"]):
            if nid in wanted and value is not None and not (isinstance(value, float) and math.isnan(value)):
                caps[nid] = float(value)
    supply: dict[tuple[str, str], float] = {}
    demand: dict[tuple[str, str], float] = {}
    bal = network.balances
    if bal is not None and len(bal):
        for n, k, s, d in zip(bal["node"], bal["commodity"], bal["supply"], bal["demand"]):
            if n in wanted:
                for out, v in ((supply, s), (demand, d)):
                    if v is not None and not (isinstance(v, float) and math.isnan(v)) and float(v) > 0:
                        out[(n, k)] = out.get((n, k), 0.0) + float(v)
    return caps, dict(sorted(supply.items())), dict(sorted(demand.items()))


def _countries(network: Network) -> list[str]:
    links, nodes = network.links, network.nodes
    return sorted({str(c) for c in nodes["country"].dropna()} | {c for cs in links["countries"] for c in cs or ()})


def _kinds_of(network: Network, ident: str) -> list[str]:
    """The targets with this id in ``network`` (``GE`` → ``['country:GE']``), for bare ids."""
    found = []
    links, nodes = network.links, network.nodes
    if ident in links.index or ident.lower() in links.index:
        found.append(f"link:{ident}")
    if ident in nodes.index or ident.lower() in nodes.index:
        found.append(f"node:{ident}")
    for kind in _GROUPS:
        values = {str(v) for v in links[kind].dropna()}
        match = next((v for v in sorted(values) if v.casefold() == ident.casefold()), None)
        if match is not None:
            found.append(str(TargetId(kind, match)))
    if ident.upper() in _countries(network):
        found.append(f"country:{ident.upper()}")
    return found


def _either(found: list[str]) -> str:
    return " or ".join(repr(f) for f in found)


def _infer(network: Network, ident: str) -> TargetId:
    """A bare id read as the one kind that has it (``pipe-c`` → ``link:pipe-c``)."""
    found = _kinds_of(network, ident)
    if len(found) == 1:
        return parse_target(found[0])
    if found:
        raise ScenarioError(f"{ident!r} is {_either(found)} in this network; write the one you mean")
    valid = [*network.links.index, *network.nodes.index, *sorted({str(a) for a in network.links["asset"].dropna()})]
    raise ScenarioError(f"{ident!r} is not a link, node, asset, corridor, mode or country of this network"
                        f"{suggest(ident, valid)}; or write a target such as 'link:{ident}'")


def _choices(name: str, valid: list[str], *, limit: int = 12) -> str:
    """"; use one of …" for short lists, plus "; did you mean …?" (case-insensitive)."""
    by_fold = {v.casefold(): v for v in valid}
    hint = suggest(name, valid) or suggest(name.casefold(), list(by_fold))
    for folded, original in by_fold.items():
        hint = hint.replace(repr(folded), repr(original))
    return (f"; use one of {', '.join(valid)}" if len(valid) <= limit else "") + hint


def _elsewhere(network: Network, kind: str, ident: str) -> str:
    """A hint when the id exists under another kind (``link:ceyhan`` → ``node:ceyhan``)."""
    others = [f for f in _kinds_of(network, ident) if not f.startswith(f"{kind}:")]
    return f" (write {_either(others)})" if others else ""
