"""The one year rule: which year a solve, sweep, bypass, scenario, report or map models.

A year can come from three places: the caller (``year=``, the CLI's ``--year``), a scenario (its
``year``) and a network already filtered to a year (``network.at(2030)``). Those that are given
must agree (two that disagree are an error naming both, never settled silently); when none is
given the year is :data:`corridors.settings.DEFAULT_YEAR`.

Examples
--------
>>> resolve_year(), resolve_year(2030)
(2024, 2030)
"""

from __future__ import annotations

from typing import Any

from corridors import settings
from corridors.errors import DataError, ScenarioError

__all__ = ["resolve_year", "common_year"]


def common_year(*given: tuple[str, Any]) -> int | None:
    """The year the given ``(what, year)`` pairs agree on, or None when none gives one.

    ``what`` names the source in the error (``"--year"``, ``"scenario 'BTC outage'"``). Raises
    :class:`~corridors.errors.ScenarioError` naming both when two years disagree, and when a year
    is not a whole number.

    Examples
    --------
    >>> common_year(("year", None), ("scenario 'x'", 2030))
    2030
    >>> common_year(("year", 2030), ("scenario 'x'", 2024))
    Traceback (most recent call last):
    ...
    corridors.errors.ScenarioError: year 2030 disagrees with scenario 'x', which is for 2024; give one year (leave one out, or make them the same)
    """
    chosen: tuple[str, int] | None = None
    for what, year in given:
        if year is None:
            continue
        if isinstance(year, bool) or not isinstance(year, int):
            raise ScenarioError(f"{what}: {year!r} is not a year; give a whole year such as {settings.DEFAULT_YEAR}")
        if chosen is None:
            chosen = (what, year)
        elif chosen[1] != year:
            raise ScenarioError(f"{chosen[0]} {chosen[1]} disagrees with {what}, which is for {year}; "
                                "give one year (leave one out, or make them the same)")
    return None if chosen is None else chosen[1]


def resolve_year(year: int | None = None, *, scenario: Any = None, network: Any = None) -> int:
    """The year to model: ``year``, the scenario's or the network's (they must agree), else
    :data:`corridors.settings.DEFAULT_YEAR`.

    Parameters
    ----------
    year
        The year the caller asked for (None: not given).
    scenario
        A scenario (anything with a ``year``, or None).
    network
        A network (its ``year`` is set once filtered with ``Network.at``), or None.

    Examples
    --------
    >>> from corridors.model.scenario import Scenario
    >>> resolve_year(scenario=Scenario(name="x", year=2030)), resolve_year(2030, scenario=Scenario(name="x"))
    (2030, 2030)
    >>> resolve_year(2024, scenario=Scenario(name="x", year=2024))
    2024
    """
    name = getattr(scenario, "name", None)
    found = common_year(("year", year), (f"scenario {name!r}" if name else "the scenario", getattr(scenario, "year", None)))
    at = getattr(network, "year", None)
    if at is not None and found is not None and at != found:
        what = "year" if year is not None else f"scenario {name!r} is for"
        raise DataError(f"{what} {found}: the network is already at {at} (network.at({at})); pass the full network "
                        "(corridors.load_network()) or leave out the year")
    found = at if found is None else found
    return settings.DEFAULT_YEAR if found is None else found
