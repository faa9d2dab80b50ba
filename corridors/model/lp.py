"""The LP as built from a network: :class:`Problem` holds its columns, rows and the PuLP model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = ["Problem"]


@dataclass(eq=False)
class Problem:
    """A built LP: the PuLP problem plus the index maps needed to read it back.

    ``variables[i]`` is column ``i`` of ``columns`` and ``constraints[j]`` row ``j`` of ``rows``.
    ``columns`` has ``name, kind ("flow"|"supply"|"unmet"|"target"), link, direction (+1 forward,
    -1 reverse), commodity, node, tail, head, cost, lower, upper``; ``rows`` has ``name, kind
    ("balance"|"link"|"node"), ref (node or link id), commodity, lower, upper, nominal`` (the
    undamaged capacity of capacity rows). ``network`` is the network actually modelled (year
    chosen, scenario applied). ``balances`` holds one row per modelled node and commodity
    (``node, commodity, supply, demand, priority, role``; role is ``demand``, or in max-throughput
    mode ``target``, ``held`` or ``released``) and ``row_terms[j]`` the ``(column, coefficient)``
    pairs of row ``j``.
    """

    lp: Any
    network: Network
    year: int
    columns: pd.DataFrame
    rows: pd.DataFrame
    variables: list
    constraints: list
    commodities: tuple[str, ...]
    balances: pd.DataFrame
    row_terms: list[list[tuple[int, float]]]
    mode: str = "min-cost"
    commodity: str | None = None
    target: str | None = None
    target_nodes: tuple[str, ...] = ()
    hold_other_demand: bool = True
    scenario: str | None = None
    status: str = "not solved"
    solver: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<Problem {self.mode} year={self.year}: {len(self.columns)} columns, "
                f"{len(self.rows)} rows, status={self.status!r}>")
