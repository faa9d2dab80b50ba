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
YEARS
    The years a network may be solved for, as ``(first, last)``; ``None`` (default) takes them
    from the network: its first balance year to :data:`YEAR_HORIZON` years past its last dated
    project (start or end year). A year outside is an error, not a guess.
YEAR_HORIZON
    Years past the last dated project that a planner may still ask about (default 10).
ENDPOINT_TOLERANCE_KM
    How far a link's geometry may start or end from its ``from``/``to`` node before the network is
    rejected (default 5 km: a port's berth or a terminal's fence, not another place).
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
YEARS: tuple[int, int] | None = None
YEAR_HORIZON: int = 10
ENDPOINT_TOLERANCE_KM: float = 5.0
