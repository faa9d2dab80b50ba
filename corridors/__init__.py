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
import sys
import types
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
    "save_map",
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
    "save_map": "corridors.maps",
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


class _Package(types.ModuleType):
    """The package module. ``sweep`` and ``bypass`` are functions named like their modules: when
    ``corridors.sweep`` is first imported (``from corridors.sweep import SweepResult``) the import
    system binds the module to the package's ``sweep``; this keeps ``cx.sweep`` the function
    whatever was imported first. The modules stay importable (``from corridors.sweep import …``,
    ``importlib.import_module("corridors.sweep")``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


_SHADOWED = frozenset(name for name, module in _LAZY.items() if module.rpartition(".")[2] == name)
sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    # the curated API and the errors module only (no helpers or typing names): what tab completion offers
    return sorted([*__all__, "errors"])
