"""Plain titles for what-ifs: "Georgia closed, 2024" instead of "country:GE, 2024".

Targets (``kind:id``) are named from the network: countries from the bundled countries table,
links and nodes by their ``name``, assets and corridors by their own names, modes as words.
A derate reads "BTC at 50 %". The result is plain text: callers escape it like any other data.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["target_label", "disruption_label", "scenario_title"]

_KINDS = ("link", "node", "country", "corridor", "mode", "asset")
_TARGET = re.compile(r"\b(?:%s):" % "|".join(_KINDS))


def _country_names() -> dict[str, str]:
    from corridors.data.geometry import countries

    frame = countries()
    return {str(code): str(name) for code, name in zip(frame.index, frame["name"])}


def target_label(target: str, network: Any = None) -> str:
    """A plain name for a target: ``country:GE`` → ``Georgia``, ``link:btc-ge`` → the link's name.

    Examples
    --------
    >>> target_label("country:GE")
    'Georgia'
    >>> target_label("mode:ferry")
    'all ferry links'
    """
    kind, sep, ident = str(target).partition(":")
    if not sep:
        return str(target)
    if kind == "country":
        return _country_names().get(ident.upper(), ident)
    if kind == "mode":
        return f"all {ident} links"
    if kind in ("asset", "corridor"):
        return ident
    table = {"link": "links", "node": "nodes"}.get(kind)
    if table and network is not None:
        frame = getattr(network, table, None)
        if frame is not None and ident in frame.index and "name" in frame.columns:
            return str(frame.at[ident, "name"])
    return ident


def disruption_label(target: str, remaining: float, network: Any = None) -> str:
    """"Georgia closed" for a cut, "BTC at 50 %" for a derate.

    Examples
    --------
    >>> disruption_label("asset:BTC", 0.5)
    'BTC at 50 %'
    >>> disruption_label("country:GE", 0.0)
    'Georgia closed'
    """
    name = target_label(target, network)
    if remaining <= 0:
        return f"{name} closed"
    return f"{name} at {remaining * 100:g} %"


def scenario_title(scenario: Any, network: Any = None, year: int | None = None) -> str:
    """The map title of a scenario: its own name, unless that name is only target syntax.

    Examples
    --------
    >>> from corridors.model.scenario import Scenario
    >>> scenario_title(Scenario.compose(cut=["country:GE"], year=2024), year=2024)
    'Georgia closed, 2024'
    >>> scenario_title(Scenario(name="Georgia transit closed", year=2024), year=2024)
    'Georgia transit closed, 2024'
    """
    name = str(scenario.name)
    if _TARGET.search(name):
        parts = [disruption_label(d.target, d.remaining, network) for d in scenario.disruptions]
        parts += [f"{target_label(p, network)} built" for p in getattr(scenario, "projects", ())]
        if parts:
            name = " and ".join(parts) if len(parts) < 4 else f"{', '.join(parts[:3])} and {len(parts) - 3} more"
    return name if year is None else f"{name}, {year}"
