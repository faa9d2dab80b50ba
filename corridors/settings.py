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
USD_PER_EUR
    Dollars per euro used to convert capex given in USD (assumption: 1.08, about the 2023–2025
    average of the ECB reference rate; state your own if you have one).
ANNUITY_RATE, ANNUITY_YEARS
    Planning (:func:`corridors.plan`) annualises capex as an annuity: ``capex × r / (1 − (1 + r)^−n)``
    at rate ``r`` = 8 %/y over ``n`` = 25 years (assumptions for long-lived transport assets).
VALUE_OF_TIME
    USD per tonne-day a unit of freight pays for time on the move: the optimiser adds
    ``transit_h / 24 × VALUE_OF_TIME`` to each freight link's cost (USD turned into its relative
    cost units at the network's rail rate, ``cost`` per ``cost_usd_per_t``), so a positive value
    moves freight to faster routes. Default 0: no value of time is cited in the data. Set it
    before solving (problems the CLI cached earlier keep their costs).
PLAN_LOSS_WEIGHT
    EUR/y per unit of the flow model's objective (penalty × priority × unmet + transport cost),
    summed over the contingencies: what a plan pays for demand it still leaves unmet.
DECISION_YEAR
    The year a plan's build decisions are taken (default 2026, this year): a candidate project
    whose lead time puts it in service after the plan's year is not built (``--from-year``).
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
USD_PER_EUR: float = 1.08
ANNUITY_RATE: float = 0.08
ANNUITY_YEARS: int = 25
PLAN_LOSS_WEIGHT: float = 1.0
DECISION_YEAR: int = 2026
VALUE_OF_TIME: float = 0.0
