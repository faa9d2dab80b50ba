"""Origin exclusions: markets that refuse supply from some origins (an embargo), applied to balances.

A scenario's ``[[exclude_origins]]`` entries (:class:`~corridors.model.scenario.OriginExclusion`)
name a market — a node id, ``node:ID`` or ``country:XX`` (the nodes there with demand) — and the
origins it refuses, for one commodity or all. :func:`exclude_origins` writes them into the
balances' ``exclude_origins`` column (``;``-separated, on top of what the balances refuse
already), which the LP reads: a demand row is met only by origins it does not refuse.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> net = load_demo_network().at(2024)
>>> out = exclude_origins(net.balances, net, [("ceyhan", "oil", ("AZ",))])
>>> out.loc[out["node"] == "ceyhan", "exclude_origins"].tolist()
['AZ']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from corridors.errors import ScenarioError, suggest
from corridors.model.targets import resolve_target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = ["network_origins", "market_nodes", "exclude_origins"]

_MARKET_KINDS = ("node", "country")


def network_origins(network: Network) -> list[str]:
    """The origins that supply something in ``network`` (any year), sorted.

    A balance row's ``origin``, else the supply node's country, else the node id (as the LP reads them).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> network_origins(load_demo_network())
    ['AZ', 'KZ']
    """
    bal = network.balances
    if bal is None or not len(bal):
        return []
    given = bal["origin"] if "origin" in bal.columns else [None] * len(bal)
    country = network.nodes["country"] if "country" in network.nodes.columns else {}
    found = set()
    for n, s, o in zip(bal["node"], bal["supply"], given):
        if float(s or 0.0) > 0:
            c = country.get(n) if hasattr(country, "get") else None
            found.add(o if isinstance(o, str) and o else (c if isinstance(c, str) and c else str(n)))
    return sorted(found)


def market_nodes(network: Network, market: str, commodity: str | None = None) -> tuple[str, ...]:
    """The nodes with demand (for ``commodity``, or any) that ``market`` names, sorted.

    ``market`` is a node id, ``node:ID`` or ``country:XX``. Raises
    :class:`~corridors.errors.ScenarioError` naming the market and the fix when it names no node
    with that demand.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network().at(2024)
    >>> market_nodes(net, "country:TR"), market_nodes(net, "kars", "freight")
    (('ceyhan', 'kars'), ('kars',))
    """
    try:
        hit = resolve_target(network, market, bare="node")
    except ScenarioError as exc:
        raise ScenarioError(f"market {market!r}: {str(exc).removeprefix(f'target {market!r}: ')}") from None
    if hit.kind not in _MARKET_KINDS:
        raise ScenarioError(f"market {market!r} is {_a(hit.kind)} target; name a market: a node id (e.g. market-it), "
                            "node:ID or country:XX")
    bal = network.balances
    with_demand = set() if bal is None or not len(bal) else {
        str(n) for n, k, d in zip(bal["node"], bal["commodity"], bal["demand"])
        if float(d or 0.0) > 0 and (commodity is None or k == commodity)}
    nodes = tuple(sorted(n for n in hit.nodes if n in with_demand))
    if not nodes:
        what = f"{commodity} demand" if commodity else "demand"
        where = f"node {hit.id!r} has" if hit.kind == "node" else f"no node in {hit.id} has"
        markets = sorted(with_demand)
        listing = f"; markets with {what}: {', '.join(markets[:12])}{' …' if len(markets) > 12 else ''}" if markets else ""
        raise ScenarioError(f"market {market!r}: {where} no {what} in {network.year}{suggest(hit.id, markets)}{listing}")
    return nodes


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def exclude_origins(balances: pd.DataFrame, network: Network,
                    entries: Iterable[tuple[str, str | None, tuple[str, ...]]], *,
                    known: Iterable[str] | None = None) -> pd.DataFrame:
    """``balances`` with each ``(market, commodity, origins)`` entry's origins refused at its markets.

    The refusals are added to the ``exclude_origins`` column of the market's demand rows (of
    ``commodity``, or every commodity when None); ``balances`` is not changed. ``known`` are the
    valid origins (default: :func:`network_origins` of ``network``); another origin is an error
    naming it and the valid ones.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network().at(2024)
    >>> exclude_origins(net.balances, net, [("ceyhan", None, ("RU",))])
    Traceback (most recent call last):
    ...
    corridors.errors.ScenarioError: origin 'RU' supplies nothing in this network; use one of AZ, KZ
    """
    valid = sorted(known) if known is not None else network_origins(network)
    out = balances.copy()
    if "exclude_origins" not in out.columns:
        out["exclude_origins"] = None
    out["exclude_origins"] = out["exclude_origins"].astype(object)
    for market, commodity, origins in entries:
        for o in origins:
            if o not in valid:
                raise ScenarioError(f"origin {o!r} supplies nothing in this network{suggest(o, valid)}; "
                                    f"use one of {', '.join(valid) or 'none'}")
        nodes = set(market_nodes(network, market, commodity))
        for i in out.index[out["node"].isin(nodes)]:
            if float(out.at[i, "demand"] or 0.0) <= 0 or (commodity is not None and out.at[i, "commodity"] != commodity):
                continue
            old = out.at[i, "exclude_origins"]
            have = {v.strip() for v in old.split(";") if v.strip()} if isinstance(old, str) else set()
            out.at[i, "exclude_origins"] = ";".join(sorted(have | set(origins)))
    return out
