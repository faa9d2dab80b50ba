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
    "load_demo_network",
    "write_network",
    "network_from_frames",
    "network_to_frames",
    "Network",
    "Scenario",
    "resolve_target",
    "solve",
    "FlowResult",
    "Comparison",
    "sweep",
    "SweepResult",
    "bypass",
    "BypassReport",
    "dependence",
    "worst_case",
    "plan",
    "render_map",
    "explore",
    "save_map",
    "CorridorsError",
    "DataError",
    "ScenarioError",
    "SolverError",
]

_LAZY = {
    "load_network": "corridors.data.io",
    "load_demo_network": "corridors.data.io",
    "write_network": "corridors.data.io",
    "Network": "corridors.data.network",
    "network_from_frames": "corridors.data.network",
    "network_to_frames": "corridors.data.network",
    "Scenario": "corridors.model.scenario",
    "resolve_target": "corridors.model.targets",
    "solve": "corridors.model.flow",
    "FlowResult": "corridors.model.results",
    "Comparison": "corridors.model.results",
    "sweep": "corridors.analysis.sweeps",
    "SweepResult": "corridors.analysis.sweeps",
    "bypass": "corridors.analysis.bypasses",
    "BypassReport": "corridors.analysis.bypasses",
    "dependence": "corridors.analysis.dependences",
    "worst_case": "corridors.analysis.worst",
    "plan": "corridors.analysis.planning",
    "render_map": "corridors.render.maps",
    "explore": "corridors.render.views",
    "save_map": "corridors.render.maps",
}

if TYPE_CHECKING:  # pragma: no cover
    from corridors.analysis.bypasses import BypassReport, bypass
    from corridors.analysis.sweeps import SweepResult, sweep
    from corridors.data.io import load_demo_network, load_network, write_network
    from corridors.model.flow import solve
    from corridors.model.results import Comparison, FlowResult
    from corridors.data.network import Network, network_from_frames, network_to_frames


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'corridors' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the curated API and the errors module only (no helpers or typing names): what tab completion offers
    return sorted([*__all__, "errors"])
