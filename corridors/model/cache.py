"""A small cache of built models: calls on the same network, year and scenario share one LP.

A country sweep after a link sweep, or several sweeps in a notebook, would otherwise prepare the
network (year filter, scenario), build the arrays and solve the base case each time. The cache is
keyed by the network's *content* (a hash of every column the model reads, not the object's
identity, so an edited copy is a new key), the year, the scenario and the build options; it holds
the last :data:`SIZE` problems. The warm engine is kept per LP (``corridors.analysis.sweeps._engine``),
so a cached problem also reuses its base solution.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> net = load_demo_network()
>>> cached_problem(net, year=2024) is cached_problem(net.copy(), year=2024)
True
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network
    from corridors.model.lp import Problem

__all__ = ["SIZE", "cached_problem", "network_key", "clear"]

SIZE: int = 8
"""Problems kept (least recently used dropped first)."""

_PROBLEMS: OrderedDict[tuple, Problem] = OrderedDict()


def _frame_hash(frame) -> str:
    """SHA-1 of a frame's columns, index and values (geometry left out): numeric columns by their
    bytes, others by the ``repr`` of each value (lists, tuples, NA and NaN each write themselves)."""
    import hashlib

    import numpy as np

    if frame is None:
        return "-"
    digest = hashlib.sha1()
    columns = [c for c in frame.columns if c != "geometry"]
    digest.update(repr((columns, frame.index.tolist())).encode())
    for col in columns:
        values = frame[col].to_numpy()
        if values.dtype.kind in "biufcmM":
            digest.update(f"\0{values.dtype.str}\0".encode())
            digest.update(np.ascontiguousarray(values).tobytes())
        else:
            digest.update(f"\0{values.dtype.str}\0".encode())
            digest.update("\x1f".join(map(repr, values.tolist())).encode())
    return digest.hexdigest()


def network_key(network: Network) -> tuple:
    """The network's content as a hashable key (its tables without geometry, year and projects).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> network_key(net) == network_key(net.copy())
    True
    """
    return (_frame_hash(network.links), _frame_hash(network.nodes), _frame_hash(network.balances),
            network.year, tuple(network.projects))


def _scenario_key(scenario: Any) -> Any:
    """The scenario's content (a :class:`~corridors.Scenario` dumps itself); None: not cacheable."""
    if scenario is None:
        return ("none",)
    dump = getattr(scenario, "model_dump_json", None)
    return ("scenario", dump()) if dump is not None else None


def cached_problem(network: Network, *, year: int | None = None, scenario: Any = None, **options: Any) -> Problem:
    """``build_problem(network, year=, scenario=, **options)``, shared between calls with the same content.

    The problem returned is shared: read it, do not solve it in place (``solve_problem`` sets its
    status) — the sweeps only read its arrays, balances and network.
    """
    from corridors.model.flow import build_problem

    scenario_key = _scenario_key(scenario)
    if scenario_key is None:  # an object we cannot read the content of: build it fresh
        return build_problem(network, scenario=scenario, year=year, **options)
    key = (network_key(network), year, scenario_key, tuple(sorted(options.items())))
    hit = _PROBLEMS.get(key)
    if hit is not None:
        _PROBLEMS.move_to_end(key)
        return hit
    problem = build_problem(network, scenario=scenario, year=year, **options)
    _PROBLEMS[key] = problem
    while len(_PROBLEMS) > SIZE:
        _PROBLEMS.popitem(last=False)
    return problem


def clear() -> None:
    """Forget every cached problem."""
    _PROBLEMS.clear()
