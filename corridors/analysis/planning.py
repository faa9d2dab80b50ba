"""Plan against failure: the cheapest set of projects that keeps every market's loss under a limit.

The planning model (a MILP, solved with HiGHS through highspy) on the arrays of
:class:`corridors.model.lp.LinearProgram`, built once with every candidate switched on:

* one binary ``b_p`` per candidate project (planned or proposed links with a ``project`` id and a
  ``capex``; the links of one project are built together);
* one copy ``x^c`` of the flow columns per contingency ``c`` (N-0 included), with the
  contingency's rows and columns cut (:meth:`LinearProgram.cut`) and each candidate link's
  capacity row linked to its build, ``A_r x^c ≤ u_r · b_p``;
* "each market's lost share ≤ limit in every contingency": per market (the country of a demand
  node) and commodity, ``Σ unmet ≤ limit × demand`` — a market whose own country (its own node)
  fails is not held to the limit in that contingency;
* objective: annualised capex (an annuity at ``settings.ANNUITY_RATE`` over
  ``settings.ANNUITY_YEARS``) plus ``settings.PLAN_LOSS_WEIGHT`` EUR/y per unit of each copy's
  flow objective (penalty × priority × unmet + transport cost): what is still lost.

Contingencies are added as they are violated: solve with N-0 and the few worst, check every
contingency with the warm engine (:class:`corridors.model.blocks.BlockSolver`) at the chosen
builds, add the worst violated one, repeat. When no contingency outside the model is violated
the answer is exact: those inside hold by the MILP, those outside by the check. (A contingency in
the model meets the limit with the flows the MILP chose; the warm check's min-cost dispatch may
split a loss between markets differently — ``dispatch_over`` lists any such case.)

Variants: ``budget=`` (EUR) instead of a limit maximises the worst-case served share (the
smallest over contingencies, markets and commodities), then finds the cheapest plan reaching
it; :func:`plan_curve` runs a series of limits (the cost–resilience frontier).

Infeasible limits: with every candidate built, the contingency, market and commodity whose
smallest achievable loss share (an LP minimising that market's unmet demand) exceeds the limit
are reported as ``binding``.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> r = plan(load_demo_network(), level="asset", max_loss=1.0, year=2024)
>>> r.status, r.projects
('optimal', [])
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridors.analysis.sweeps import pick
from corridors.errors import ScenarioError, SolverError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.lp import Change, LinearProgram

__all__ = ["PlanResult", "plan", "plan_curve", "annuity"]

_TOL = 1e-7
NONE = "none"  # the N-0 contingency


def annuity(capex: float, *, rate: float | None = None, years: int | None = None) -> float:
    """Capex as a yearly payment: ``capex × r / (1 − (1 + r)^−n)`` (settings.ANNUITY_RATE, ANNUITY_YEARS).

    Examples
    --------
    >>> round(annuity(1e9, rate=0.08, years=25) / 1e6, 1)
    93.7
    """
    from corridors import settings

    r = float(settings.ANNUITY_RATE if rate is None else rate)
    n = int(settings.ANNUITY_YEARS if years is None else years)
    return capex / n if r == 0 else capex * r / (1.0 - (1.0 + r) ** -n)


def decision_year(from_year: int | None, year: int) -> int:
    """The year build decisions are taken: ``from_year``, by default ``settings.DECISION_YEAR``.

    A plan for a year before the default decision year is decided in that year (only candidates
    with no lead time can serve it); a ``from_year`` after ``year`` is an error.

    Examples
    --------
    >>> decision_year(None, 2030), decision_year(2028, 2030), decision_year(None, 2024)
    (2026, 2028, 2024)
    """
    from corridors import settings

    if from_year is None:
        return min(int(settings.DECISION_YEAR), year)
    start = from_year
    if isinstance(start, bool) or not isinstance(start, int):
        raise ScenarioError(f"from_year={start!r}: give the year build decisions are taken, e.g. 2026")
    if start > year:
        raise ScenarioError(f"from_year={start} is after the plan's year {year}: decide in {year} or earlier")
    return start


@dataclass(frozen=True, eq=False)
class PlanResult:
    """A portfolio of projects and what it does to the worst contingency.

    ``status`` is ``optimal`` or ``infeasible``; ``projects`` the ids built, ``candidates`` the
    ids considered (``capex_eur`` each, ``unsourced`` the ones whose capex is an estimate [K]);
    ``capex`` the portfolio's total in ``capex_unit`` and ``annualised`` per year; ``contingencies``
    every contingency checked (target strings, ``none`` = N-0), ``modelled`` those in the MILP;
    ``worst_before`` / ``worst_after`` the worst (contingency, market, commodity, loss_share)
    without and with the portfolio; ``markets`` a table of each market's worst loss share before
    and after; ``binding`` (infeasible) the contingency, market and commodity that make the limit
    impossible even with every candidate built. ``excluded`` lists the candidates left out because
    their lead time from ``from_year`` (the decision year) puts them in service after ``year``,
    each with its ``reason``; ``capex_unsourced`` is the part of ``capex`` that is a [K] estimate.
    ``commodity`` is the one commodity whose markets the limit held (``None``: every commodity);
    the others still flow and are reported in ``markets`` (``limited`` False) but do not constrain.
    ``dated`` says whether projects dated after the decision year were candidates too.
    """

    status: str
    level: str
    by: str
    year: int
    max_loss: float | None
    budget: float | None
    projects: list[str]
    candidates: list[str]
    capex_eur: dict[str, float]
    lead_time_years: dict[str, float]
    unsourced: list[str]
    capex: float
    annualised: float
    contingencies: list[str]
    modelled: list[str]
    worst_before: dict[str, Any]
    worst_after: dict[str, Any]
    markets: pd.DataFrame
    binding: dict[str, Any] | None = None
    worst_share: float | None = None
    dispatch_over: list[dict[str, Any]] = field(default_factory=list)
    rounds: int = 0
    seconds: float = 0.0
    capex_unit: str = "EUR"
    excluded: list[dict[str, Any]] = field(default_factory=list)
    from_year: int | None = None
    solver: str = "highs"
    commodity: str | None = None
    dated: bool = False

    @property
    def capex_unsourced(self) -> float:
        """The part of :attr:`capex` (EUR) whose figures are [K] estimates without a source."""
        return float(sum(self.capex_eur[p] for p in self.projects if p in self.unsourced))

    def marked(self, projects: Iterable[str]) -> list[str]:
        """Project ids with `` [K]`` after those whose capex is an estimate without a source."""
        return [p + (" [K]" if p in self.unsourced else "") for p in projects]

    def __repr__(self) -> str:
        only = f" ({self.commodity} limited)" if self.commodity else ""
        return (f"<PlanResult {self.status}{only}: {len(self.projects)} of {len(self.candidates)} projects, "
                f"capex {self.capex / 1e9:.3g} bn EUR, {len(self.modelled)} of {len(self.contingencies)} contingencies modelled>")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the JSON fields)."""
        out = {"status": self.status, "level": self.level, "by": self.by, "year": self.year, "max_loss": self.max_loss,
               "budget": self.budget, "projects": self.projects, "candidates": self.candidates,
               "capex": self.capex, "capex_unit": self.capex_unit, "annualised": self.annualised,
               "annualised_unit": f"{self.capex_unit}/y", "capex_by_project": self.capex_eur,
               "lead_time_years": self.lead_time_years, "unsourced": self.unsourced,
               "contingencies": self.contingencies, "modelled": self.modelled,
               "worst_before": self.worst_before, "worst_after": self.worst_after,
               "markets": self.markets.to_dict("records"), "rounds": self.rounds, "seconds": self.seconds,
               "dispatch_over": self.dispatch_over, "excluded": self.excluded, "from_year": self.from_year,
               "capex_unsourced": self.capex_unsourced, "projects_marked": self.marked(self.projects),
               "solver": self.solver, "commodity": self.commodity, "dated": self.dated}
        if self.binding is not None:
            out["binding"] = self.binding
        if self.worst_share is not None:
            out["worst_share"] = self.worst_share
        return out

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON (sorted keys, 6 significant digits)."""
        from corridors.data.formats import to_stable_json

        return to_stable_json(self.to_dict(), indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """The candidates, then the excluded ones: ``project, built, capex, capex_unit, lead_time_years, sourced, excluded``."""
        import pandas as pd

        rows = [{"project": p, "built": p in self.projects, "capex": self.capex_eur[p],
                 "capex_unit": self.capex_unit, "lead_time_years": self.lead_time_years.get(p),
                 "sourced": "[K] estimate" if p in self.unsourced else "source", "excluded": ""}
                for p in self.candidates]
        rows += [{"project": e["project"], "built": False, "capex": e["capex"], "capex_unit": self.capex_unit,
                  "lead_time_years": e["lead_time_years"], "sourced": "[K] estimate" if e["unsourced"] else "source",
                  "excluded": e["reason"]} for e in self.excluded]
        return pd.DataFrame(rows, columns=["project", "built", "capex", "capex_unit", "lead_time_years", "sourced",
                                           "excluded"])


# -- the model's parts -----------------------------------------------------------------------------

@dataclass(eq=False)
class _Setup:
    lp: LinearProgram
    network: Network
    year: int
    projects: list[str]
    project_rows: list[np.ndarray]
    capex: dict[str, float]
    lead: dict[str, float]
    unsourced: list[str]
    ids: list[str]                # contingency ids (NONE first)
    changes: list[Change]
    excluded: list[set[int]]      # per contingency: market-commodity groups not held to the limit
    group_of: np.ndarray          # per unmet column: its market-commodity group
    unmet_cols: np.ndarray
    groups: list[tuple[str, str]]  # (market, commodity)
    demand: np.ndarray             # per group
    level: str
    sets: list[list[tuple[str, str, np.ndarray, float]]]  # per contingency: (market, commodity, groups, demand) held to the limit
    late: list[dict[str, Any]] = field(default_factory=list)  # candidates not in service by the year
    from_year: int = 0
    commodity: str | None = None   # only this commodity's markets are held to the limit


def _candidates(full: Network, year: int, wanted: Iterable[str] | None, from_year: int, dated: bool = False):
    """``{project: [link ids]}`` of links that do not exist in ``year`` and carry a project id and a capex.

    With ``dated``, links dated in service after ``from_year`` and by ``year`` (planned or under
    construction) are candidates too, in service on their own date (no lead-time check).
    Returns the candidates, their capex (EUR) and lead times (years), the unsourced ones and the
    ones left out because ``from_year + lead time`` is after ``year`` (``excluded`` records).
    """
    links = full.links
    if "project" not in links.columns:
        return {}, {}, {}, [], []
    exists = full.exists_mask(year, ()).to_numpy()
    on_date = set()
    if dated:
        before = full.exists_mask(from_year, ()).to_numpy()
        on_date = {p for p, e, b in zip(links["project"], exists, before) if isinstance(p, str) and e and not b}
        exists = exists & before
    out: dict[str, list[str]] = {}
    capex, lead, unsourced = {}, {}, []
    from corridors.data.units import parse_capex

    for lid, project, cap, lt, on in zip(links.index, links["project"], links.get("capex", [None] * len(links)),
                                         links.get("lead_time_years", [None] * len(links)), exists):
        if not isinstance(project, str) or on:
            continue
        if not isinstance(cap, str):
            continue  # a candidate needs a capex
        out.setdefault(project, []).append(lid)
        capex[project] = parse_capex(cap)
        if lt is not None and not (isinstance(lt, float) and math.isnan(lt)):
            lead[project] = max(float(lt), lead.get(project) or 0.0)
        else:
            lead.setdefault(project, None)
        if "[K]" in cap and project not in unsourced:
            unsourced.append(project)
    out = pick(out, wanted, "candidate project")
    late = []
    for p in list(out):
        if p not in on_date and lead[p] is not None and from_year + lead[p] > year:
            ready = from_year + lead[p]
            ready = int(ready) if float(ready).is_integer() else ready
            late.append({"project": p, "lead_time_years": lead[p], "in_service": ready,
                         "capex": capex[p], "unsourced": p in unsourced,
                         "reason": f"lead time {lead[p]:g} years from {from_year}: in service {ready:g}, after {year}"})
            del out[p]
    return out, {p: capex[p] for p in out}, {p: lead[p] for p in out}, [p for p in unsourced if p in out], late


def _setup(network: Network, *, level: str, year: int | None, scenario: Any, transit: bool,
           contingencies: Sequence[str] | None, candidates: Iterable[str] | None, by: str = "market",
           from_year: int | None = None, commodity: str | None = None, dated: bool = False) -> _Setup:
    import numpy as np

    from corridors.analysis.sweeps import level_elements
    from corridors.analysis.worst import interdiction_elements
    from corridors.model.blocks import BlockSolver
    from corridors.model.flow import build_problem, prepare_network
    from corridors.model.lp import UNMET
    from corridors.model.scenario import Scenario

    if network.year is not None:
        raise ScenarioError("plan needs the full network (corridors.load_network()), not one already at a year: "
                            "its candidate projects are gone")
    y = prepare_network(network, year=year, scenario=scenario).year
    start = decision_year(from_year, y)
    projects, capex, lead, unsourced, late = _candidates(network, y, candidates, start, dated)
    extra = Scenario(name="every candidate built", year=y, projects=tuple(l for ls in projects.values() for l in ls))
    scen = extra if scenario is None else scenario.combine(extra)
    problem = build_problem(network, scenario=scen, year=y)
    lp, net = problem.program, problem.network
    if commodity is not None and commodity not in lp.commodities:
        raise ScenarioError(f"commodity={commodity!r}: the network carries no such commodity in {y}; "
                            f"give one of {', '.join(sorted(lp.commodities))}")
    names = list(projects)
    project_rows = [lp.capacity_rows(links=[l for l in projects[p] if l in lp.link_index]) for p in names]
    nothing = lp.cut(links=[l for p in names for l in projects[p] if l in lp.link_index])
    base = BlockSolver(lp).solve(nothing)
    if base.status != "optimal":
        raise ScenarioError(f"the base case did not solve ({base.status}); check the network with `corridors solve`")
    members = level_elements(net, level)
    changes = interdiction_elements(net, lp, base.x, level, transit=transit, elements=contingencies)
    ids = [NONE, *changes]
    # markets: the country of each unmet column's node, per commodity
    u = np.flatnonzero(lp.col_kind == UNMET)
    country = net.nodes["country"].reindex(list(lp.node_ids)).to_numpy(dtype=object)
    keys = [(str(country[n]) if isinstance(country[n], str) else lp.node_ids[n], lp.commodities[k])
            for n, k in zip(lp.col_node[u], lp.col_commodity[u])]
    groups = sorted(set(keys))
    gpos = {g: i for i, g in enumerate(groups)}
    group_of = np.asarray([gpos[g] for g in keys], dtype=np.int64)
    demand = np.bincount(group_of, weights=lp.col_upper[u], minlength=len(groups))
    node_country = net.nodes["country"].to_dict()
    excluded = [set()]
    for e in ids[1:]:
        own = {node_country.get(n) or n for n in members[e][1]}
        if level == "country":
            own.add(e)
        excluded.append({i for i, (m, _) in enumerate(groups) if m in own})
    sets = []
    for ex in excluded:
        held = [g for g in range(len(groups)) if g not in ex and demand[g] > _TOL
                and (commodity is None or groups[g][1] == commodity)]
        if by == "market":
            sets.append([(groups[g][0], groups[g][1], np.asarray([g]), float(demand[g])) for g in held])
        else:  # each commodity as a whole, the failed country's own markets left out
            sets.append([("all markets", k, np.asarray(gs), float(demand[gs].sum()))
                         for k in lp.commodities if (gs := [g for g in held if groups[g][1] == k])])
    return _Setup(lp=lp, network=net, year=y, projects=names, project_rows=project_rows, capex=capex, lead=lead,
                  unsourced=unsourced, late=late, from_year=start, ids=ids, changes=[_empty(lp), *changes.values()], excluded=excluded,
                  group_of=group_of, unmet_cols=u, groups=groups, demand=demand, level=level, sets=sets,
                  commodity=commodity)


def _empty(lp: LinearProgram) -> Change:
    return lp.cut()


def _unbuilt(s: _Setup, built: set[str]) -> Change:
    import numpy as np

    from corridors.model.lp import Change

    rows = np.concatenate([s.project_rows[i] for i, p in enumerate(s.projects) if p not in built] or
                          [np.zeros(0, dtype=np.int32)]).astype(np.int32)
    return Change(rows, np.zeros(len(rows)), np.zeros(0, dtype=np.int32), np.zeros(0))


def _check(s: _Setup, engine, built: set[str], limit: float | None) -> list[tuple[float, int, int, float]]:
    """Warm check of every contingency at ``built``: per contingency (violation, contingency, group, share)."""
    import numpy as np

    unbuilt = _unbuilt(s, built)
    out = []
    for c, change in enumerate(s.changes):
        r = engine.solve(change.merge(unbuilt))
        if r.status != "optimal":
            raise SolverError(f"contingency {s.ids[c]!r} did not solve ({r.status})")
        unmet = np.bincount(s.group_of, weights=r.x[s.unmet_cols], minlength=len(s.groups))
        share = np.where(s.demand > _TOL, unmet / np.maximum(s.demand, _TOL), 0.0)
        share[list(s.excluded[c])] = 0.0
        held = [float(unmet[gs].sum()) / d for _, _, gs, d in s.sets[c]]
        g = int(np.argmax(held)) if held else -1
        worst = held[g] if held else 0.0
        out.append((worst - (limit if limit is not None else 0.0), c, g, worst, share))
    return out


def _milp(s: _Setup, modelled: list[int], *, limit: float | None, budget: float | None,
          min_share: float | None, time_limit: float | None, solver: str | None = None):
    """The extensive form over ``modelled`` contingencies. Returns (status, built, objective, t)."""
    import numpy as np
    import scipy.sparse as sp

    from corridors import settings
    from corridors.analysis.milp import solve_milp

    lp = s.lp
    n, m, P, C = lp.num_col, lp.num_row, len(s.projects), len(modelled)
    A = lp.matrix.tocsr()
    cand_row = np.full(m, -1, dtype=np.int64)
    for i, rows in enumerate(s.project_rows):
        cand_row[rows] = i
    blocks, lo_r, up_r, col_lo, col_up, costs = [], [], [], [], [], []
    link_r, link_c, link_v = [], [], []   # −u_r b_p terms
    mk_r, mk_c, mk_v, mk_up = [], [], [], []
    t_col = P + C * n  # the budget variant's worst-case served share
    nvar = t_col + (1 if budget is not None else 0)
    row0 = 0
    weight = float(settings.PLAN_LOSS_WEIGHT)
    for j, c in enumerate(modelled):
        change = s.changes[c]
        up = lp.row_upper.copy()
        lo = lp.row_lower.copy()
        cu = lp.col_upper.copy()
        up[change.rows] = np.minimum(up[change.rows], change.row_upper)
        cu[change.cols] = np.minimum(cu[change.cols], change.col_upper)
        cut = np.zeros(m, dtype=bool)
        cut[change.rows] = True
        linked = (cand_row >= 0) & ~cut
        rr = np.flatnonzero(linked)
        link_r += (row0 + rr).tolist()
        link_c += cand_row[rr].tolist()
        link_v += (-up[rr]).tolist()
        up[rr] = 0.0
        blocks.append(A)
        lo_r.append(lo)
        up_r.append(up)
        col_lo.append(lp.col_lower)
        col_up.append(cu)
        costs.append(weight * lp.col_cost)
        row0 += m
    # market rows
    for j, c in enumerate(modelled):
        off = P + j * n
        for _, _, gs, d in s.sets[c]:
            cols = s.unmet_cols[np.isin(s.group_of, gs)]
            r = row0 + len(mk_up)
            mk_r += [r] * len(cols)
            mk_c += (off + cols).tolist()
            mk_v += [1.0] * len(cols)
            if budget is not None:  # Σ unmet + D·t ≤ D
                mk_r.append(r)
                mk_c.append(t_col)
                mk_v.append(d)
                mk_up.append(d)
            else:
                mk_up.append(float(limit) * d)
    n_mk = len(mk_up)
    body = sp.block_diag(blocks, format="csr") if C else sp.csr_matrix((0, 0))
    body = sp.hstack([sp.csr_matrix((row0, P)), body, sp.csr_matrix((row0, nvar - t_col))], format="coo")
    rows = [body.row, np.asarray(link_r, dtype=np.int64), np.asarray(mk_r, dtype=np.int64)]
    cols = [body.col, np.asarray(link_c, dtype=np.int64), np.asarray(mk_c, dtype=np.int64)]
    vals = [body.data, np.asarray(link_v, dtype=float), np.asarray(mk_v, dtype=float)]
    row_lower = [np.concatenate(lo_r) if C else np.zeros(0), np.full(n_mk, -math.inf)]
    row_upper = [np.concatenate(up_r) if C else np.zeros(0), np.asarray(mk_up, dtype=float)]
    nrow = row0 + n_mk
    capex = np.asarray([s.capex[p] for p in s.projects], dtype=float)
    if budget is not None:
        rows.append(np.full(P, nrow))
        cols.append(np.arange(P))
        vals.append(capex)
        row_lower.append(np.asarray([-math.inf]))
        row_upper.append(np.asarray([float(budget)]))
        nrow += 1
    matrix = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(nrow, nvar))
    matrix.sum_duplicates()
    cost = np.concatenate([[annuity(x) for x in capex], *costs, [0.0] * (nvar - t_col)])
    lower = np.concatenate([np.zeros(P), *col_lo, [0.0] * (nvar - t_col)])
    upper = np.concatenate([np.ones(P), *col_up, [1.0] * (nvar - t_col)])
    if budget is not None:
        if min_share is None:  # first pass: maximise t only
            cost = np.zeros(nvar)
            cost[t_col] = -1.0
        else:
            lower[t_col] = min_share
    r = solve_milp(cost, lower, upper, matrix, np.concatenate(row_lower), np.concatenate(row_upper),
                   integer=range(P), gap=1e-6, time_limit=time_limit, what="planning MILP", solver=solver)
    if r.status == "infeasible":
        return "infeasible", set(), math.nan, math.nan
    built = {p for i, p in enumerate(s.projects) if r.x[i] > 0.5}
    t = float(r.x[t_col]) if budget is not None else math.nan
    return "optimal", built, r.objective, t


def _target(s: _Setup, c: int) -> str:
    return NONE if c == 0 else f"{s.level}:{s.ids[c]}"


def _held(s: _Setup, c: int, i: int) -> dict[str, Any]:
    market, commodity, _, _ = s.sets[c][i] if i >= 0 else (None, None, None, 0.0)
    return {"contingency": _target(s, c), "market": market, "commodity": commodity}


def _worst(s: _Setup, checks) -> dict[str, Any]:
    _, c, i, share, _ = max(checks, key=lambda t: t[3])
    return {**_held(s, c, i), "loss_share": share}


def _binding(s: _Setup, engine, limit: float) -> dict[str, Any]:
    """With every candidate built: the contingency, market and commodity whose least possible loss exceeds the limit."""
    import dataclasses

    import numpy as np

    from corridors.model.warm import WarmSolver

    every = _unbuilt(s, set(s.projects))
    over = []
    for c, change in enumerate(s.changes):
        r = engine.solve(change.merge(every))
        unmet = np.bincount(s.group_of, weights=r.x[s.unmet_cols], minlength=len(s.groups))
        over += [(float(unmet[gs].sum()) / d, c, i) for i, (_, _, gs, d) in enumerate(s.sets[c])
                 if float(unmet[gs].sum()) / d > limit + _TOL]
    over.sort(key=lambda t: (-round(t[0], 9), t[1], t[2]))  # equal shares (to rounding) in contingency order
    best = None
    for _, c, i in over:  # an LP whose only cost is this market's unmet demand: its least possible loss
        gs, d = s.sets[c][i][2], s.sets[c][i][3]
        cost = np.zeros(s.lp.num_col)
        cost[s.unmet_cols[np.isin(s.group_of, gs)]] = 1.0
        r = WarmSolver(dataclasses.replace(s.lp, col_cost=cost)).solve(s.changes[c].merge(every))
        least = r.objective / d
        if least > limit + 1e-6 and (best is None or least > best["loss_share"] + 1e-9):
            best = {**_held(s, c, i), "loss_share": least, "alone": True}
        if best is not None and best["loss_share"] >= 1.0 - 1e-9:
            break
    if best is None and over:  # each is avoidable alone, not all together: name the largest under dispatch
        share, c, i = over[0]
        best = {**_held(s, c, i), "loss_share": share, "alone": False}
    return best or {}


def _markets(s: _Setup, before, after) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS

    b = np.max([t[4] for t in before], axis=0)
    a = np.max([t[4] for t in after], axis=0)
    wb = [s.ids[int(np.argmax([t[4][g] for t in before]))] for g in range(len(s.groups))]
    wa = [s.ids[int(np.argmax([t[4][g] for t in after]))] for g in range(len(s.groups))]
    frame = pd.DataFrame({"market": [m for m, _ in s.groups], "commodity": [k for _, k in s.groups],
                          "demand": s.demand, "unit": [CANONICAL_UNITS[k] for _, k in s.groups],
                          "loss_share_before": b, "worst_before": wb, "loss_share_after": a, "worst_after": wa,
                          "limited": [s.commodity is None or k == s.commodity for _, k in s.groups]})
    return frame[frame["demand"] > _TOL].sort_values(["loss_share_before", "market"], ascending=[False, True],
                                                    kind="stable").reset_index(drop=True)


# -- the planner -----------------------------------------------------------------------------------

def plan(network: Network, *, level: str = "country", max_loss: float | None = 0.1, budget: float | None = None,
         year: int | None = None, scenario: Any = None, transit: bool = False,
         contingencies: Sequence[str] | None = None, candidates: Iterable[str] | None = None,
         by: str = "market", from_year: int | None = None, solver: str | None = None, initial: int = 3,
         max_rounds: int = 100, time_limit: float | None = None, commodity: str | None = None,
         dated: bool = False) -> PlanResult:
    """The cheapest portfolio of candidate projects keeping every market's loss ≤ ``max_loss`` in every contingency.

    Parameters
    ----------
    network
        The full network (``corridors.load_network()``): its planned and proposed links with a
        ``project`` and a ``capex`` are the candidates.
    level
        Contingencies: each element of this level fails alone (``country``, ``asset``, ``corridor``,
        ``link``, ``node``, ``mode``); N-0 is always included.
    max_loss
        The limit on each market's lost share of each commodity (0..1).
    budget
        Instead of a limit: spend at most this (EUR) and maximise the worst-case served share.
    year, scenario
        The year planned for and an optional scenario applied first.
    transit
        Leave out elements that supply the network (as ``spof --transit``).
    contingencies
        Only these element ids of the level (default: all).
    candidates
        Only these project ids (default: every priced candidate).
    by
        ``market``: the limit holds for each market (country) and commodity; ``commodity``: for each
        commodity's total over the markets outside the failed element.
    from_year
        The year build decisions are taken (default ``settings.DECISION_YEAR``, 2026): a candidate
        whose ``lead_time_years`` puts it in service after ``year`` is not built and is listed in
        ``excluded`` with the reason. Candidates without a lead time stay in.
    solver
        ``highs`` or ``cbc`` for the MILP (default ``settings.SOLVER``, falling back to the other
        when it is not installed; see :mod:`corridors.analysis.milp`).
    initial
        Contingencies in the first MILP besides N-0 (the worst without any project).
    max_rounds, time_limit
        Limits on the loop and on each MILP (seconds).
    commodity
        Hold the limit only for this commodity's markets (e.g. ``freight``); the other commodities
        still flow, cost and are reported (``markets``, ``limited`` False) but do not constrain.
        Default: every commodity.
    dated
        Also plan the projects dated after ``from_year`` and by ``year`` (planned or under
        construction, e.g. TRIPP 2028, Kars–Iğdır 2030), in service on their date if built.
        Default: they are taken as built on their date and are no candidates.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> r = plan(load_demo_network(), level="asset", max_loss=1.0, year=2024)
    >>> r.contingencies[0], r.capex_unit
    ('none', 'EUR')
    >>> plan(load_demo_network(), level="asset", max_loss=1.0, year=2024, commodity="oil").commodity
    'oil'
    """

    from corridors.analysis.milp import milp_solver
    from corridors.model.blocks import BlockSolver

    if budget is None and (max_loss is None or not 0.0 <= float(max_loss) <= 1.0):
        raise ScenarioError(f"max_loss={max_loss!r} is not a share; give 0 to 1 (e.g. 0.25 for 25 %)")
    if budget is not None and not (isinstance(budget, (int, float)) and budget >= 0):
        raise ScenarioError(f"budget={budget!r}: give a non-negative amount in EUR")
    if by not in ("market", "commodity"):
        raise ScenarioError(f"by={by!r}: hold the limit per 'market' or per 'commodity'")
    t0 = time.perf_counter()
    s = _setup(network, level=level, year=year, scenario=scenario, transit=transit,
               contingencies=contingencies, candidates=candidates, by=by, from_year=from_year, commodity=commodity,
               dated=dated)
    used = milp_solver(solver)
    engine = BlockSolver(s.lp)
    limit = None if budget is not None else float(max_loss)
    before = _check(s, engine, set(), limit)
    order = [c for _, c, *_ in sorted(before, key=lambda t: -t[0]) if c != 0]
    modelled = [0, *[c for c in order if before[c][0] > _TOL][:initial]]
    rounds, built, worst_share = 0, set(), None
    status = "optimal"
    while True:
        rounds += 1
        if budget is not None:
            st, built, _, t = _milp(s, modelled, limit=None, budget=budget, min_share=None, time_limit=time_limit,
                                    solver=used)
            if st == "optimal":
                st, built, _, _ = _milp(s, modelled, limit=None, budget=budget, min_share=max(0.0, t - 1e-7),
                                        time_limit=time_limit, solver=used)
                worst_share = t
        else:
            st, built, _, _ = _milp(s, modelled, limit=limit, budget=None, min_share=None, time_limit=time_limit,
                                    solver=used)
        if st == "infeasible":
            status = "infeasible"
            break
        after = _check(s, engine, built, 1.0 - worst_share if budget is not None else limit)
        outside = [t for t in after if t[0] > 1e-6 and t[1] not in modelled]
        if not outside or rounds >= max_rounds:
            break
        modelled.append(max(outside, key=lambda t: t[0])[1])
    binding = None
    if status == "infeasible":
        built = set()
        binding = _binding(s, engine, limit)
        after = _check(s, engine, set(s.projects), limit)
    else:
        after = _check(s, engine, built, limit if limit is not None else 1.0)
    dispatch_over = [] if status == "infeasible" else [
        {**_held(s, c, i), "loss_share": share} for v, c, i, share, _ in after if v > 1e-6 and c in modelled]
    projects = [p for p in s.projects if p in built]
    capex = float(sum(s.capex[p] for p in projects))
    return PlanResult(status=status, level=level, by=by, year=s.year, max_loss=limit, budget=budget, projects=projects,
                      candidates=list(s.projects), capex_eur=dict(s.capex), lead_time_years=dict(s.lead),
                      unsourced=list(s.unsourced), capex=capex, annualised=float(sum(annuity(s.capex[p]) for p in projects)),
                      contingencies=[_target(s, c) for c in range(len(s.ids))],
                      modelled=[_target(s, c) for c in modelled], worst_before=_worst(s, before),
                      worst_after=_worst(s, after), markets=_markets(s, before, after), binding=binding,
                      worst_share=worst_share, dispatch_over=dispatch_over, rounds=rounds,
                      seconds=time.perf_counter() - t0, excluded=list(s.late), from_year=s.from_year, solver=used,
                      commodity=commodity, dated=dated)


def plan_curve(network: Network, *, limits: Sequence[float] = (1.0, 0.5, 0.25, 0.1, 0.05), **kwargs: Any) -> pd.DataFrame:
    """The cost–resilience frontier: one plan per limit.

    Columns ``limit, commodity`` (the one held to the limit, or ``all``), ``status, capex, capex_unit, annualised, capex_unsourced`` (the [K] part of
    capex), ``projects`` ([K] after estimated ones), ``worst_after``, ``binding`` and ``excluded``
    (candidates too late for the year, with the reason).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> plan_curve(load_demo_network(), limits=[1.0], level="asset", year=2024)["status"].tolist()
    ['optimal']
    """
    import pandas as pd

    rows = []
    for limit in limits:
        r = plan(network, max_loss=float(limit), **kwargs)
        rows.append({"limit": float(limit), "commodity": r.commodity or "all", "status": r.status, "capex": r.capex, "capex_unit": r.capex_unit,
                     "annualised": r.annualised,
                     "capex_unsourced": r.capex_unsourced,
                     "projects": " + ".join(r.marked(r.projects)),
                     "worst_after": r.worst_after.get("loss_share") if r.status == "optimal" else math.nan,
                     "binding": "" if r.binding is None else f"{r.binding['contingency']} {r.binding['market']} {r.binding['commodity']}",
                     "excluded": "; ".join(f"{e['project']} ({e['reason']})" for e in r.excluded)})
    return pd.DataFrame(rows)
