"""corridors — the Caspian–Black Sea–Mediterranean energy and transit corridors as one network.

A geospatial multi-commodity graph (oil, gas, freight, power), a min-cost flow optimisation,
disruption what-ifs and single-point-of-failure sweeps, and folium maps.

>>> import corridors as cx
>>> net = cx.load_network()            # doctest: +SKIP
>>> result = cx.solve(net.at(2024))    # doctest: +SKIP

Heavy libraries (geopandas, PuLP, folium) load on first use, so ``import corridors`` is quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from corridors._version import __version__
from corridors.errors import CorridorsError, DataError, ScenarioError, SolverError

__all__ = [
    "__version__",
    "load_network",
    "network_from_frames",
    "network_to_frames",
    "Network",
    "Scenario",
    "solve",
    "sweep",
    "bypass",
    "render_map",
    "CorridorsError",
    "DataError",
    "ScenarioError",
    "SolverError",
]

_LAZY = {
    "load_network": "corridors.io",
    "Network": "corridors.network",
    "network_from_frames": "corridors.network",
    "network_to_frames": "corridors.network",
    "Scenario": "corridors.scenario",
    "solve": "corridors.flow",
    "sweep": "corridors.sweep",
    "bypass": "corridors.bypass",
    "render_map": "corridors.maps",
}

if TYPE_CHECKING:  # pragma: no cover
    from corridors.io import load_network
    from corridors.network import Network, network_from_frames, network_to_frames


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
