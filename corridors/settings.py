"""Typed module-level defaults.

Change them for a session with plain assignment (``corridors.settings.SOLVER = "cbc"``).

DEFAULT_YEAR
    The year modelled when neither the caller, the scenario nor the network gives one (see
    :func:`corridors.model.years.resolve_year`, the one place that applies it).
SOLVER
    LP solver used by :func:`corridors.solve`: ``"highs"`` (highspy, default) or ``"cbc"``.
UNMET_PENALTY
    Cost per canonical unit of unserved demand, multiplied by the balance's priority. It is far
    above any transport cost, so the optimiser only leaves demand unmet when no route has room.
COST_PER_KM
    Default transport cost per canonical unit per km, by mode, when a link gives none.
    Relative values only: they rank routes (pipeline cheapest, road dearest); they are not tariffs.
BARRELS_PER_TONNE
    Oil barrels in one tonne of crude (Azeri Light, ~35° API: 7.33 bbl/t, the BP Statistical
    Review's average factor is 7.33).
TONNES_PER_TEU
    Average gross tonnes in one loaded twenty-foot container, to turn TEU/y into Mt/y
    (assumption: 14 t/TEU, a common planning figure; state your own if you have one).
"""

from __future__ import annotations

DEFAULT_YEAR: int = 2024
SOLVER: str = "highs"
UNMET_PENALTY: float = 1.0e4
COST_PER_KM: dict[str, float] = {
    "pipeline": 0.001,
    "cable": 0.001,
    "rail": 0.004,
    "sea": 0.002,
    "ferry": 0.005,
    "road": 0.01,
}
BARRELS_PER_TONNE: float = 7.33
TONNES_PER_TEU: float = 14.0
