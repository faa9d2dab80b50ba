"""Flow optimisation: ``build_problem`` → ``solve_problem`` → ``read_solution``; :func:`solve` does all three.

The model is a min-cost multi-commodity flow over one year (see DESIGN.md, "Optimisation"):

* ``f[l, d, k] ≥ 0``: flow of commodity ``k`` on link ``l`` in direction ``d`` (forward ``from → to``;
  bidirectional links also get the reverse direction, sharing the capacity);
* ``0 ≤ s[n, k] ≤ supply[n, k]`` (supply is a maximum, no spill), ``0 ≤ u[n, k] ≤ demand[n, k]``;
* conservation per node and commodity: ``inflow − outflow + s + u = demand``;
* link capacity: ``Σ_{d,k} f[l, d, k] ≤ capacity_value[l] × derate[l]``; a link's commodities share one
  canonical unit (oil and freight in Mt/y), so the conversion weight is 1;
* node throughput where a node has a capacity: inflow of the commodities in the node's
  ``capacity_unit`` plus supply produced there ``≤ capacity_value × derate``. A node without a capacity
  but with ``derate < 1`` is limited to ``derate ×`` (capacity of the links entering it + its supply),
  so ``derate = 0`` cuts it;
* objective: ``Σ cost·f + UNMET_PENALTY · priority · u``.

``derate`` is an optional float column (0..1, default 1) on ``network.links`` and ``network.nodes``:
scenarios set it. Unmet demand is a variable, so every scenario is feasible; a solver that fails
gives ``FlowResult.status``, not an exception.

**Max-throughput mode** (``max_to=``, with ``commodity=``): how much of ``commodity`` can reach the
target (a node id, ``node:id`` or ``country:XX`` = the destinations in that country, see
:func:`target_nodes`). Each target node gets
an unbounded sink rewarded at ``UNMET_PENALTY`` per unit (it replaces the target's own demand for that
commodity; supply at the target counts as reaching it). With ``hold_other_demand=True`` (the
default) every other demand keeps its unmet variable at ``HOLD_FACTOR × UNMET_PENALTY × priority /
min priority`` per unit, so it is served first and the target gets what capacity is left; with
``False`` every other demand is released (set to zero), which gives the plain maximum flow.

Years: ``year=``, the scenario's year and the year of a network from :meth:`Network.at` must agree;
when none is given the year is ``settings.DEFAULT_YEAR`` (:func:`corridors.model.years.resolve_year`).

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> result = solve(load_demo_network(), year=2024)
>>> result.status, float(result.deliveries["unmet"].sum())
('optimal', 0.0)
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from corridors import settings
from corridors.errors import DataError, ScenarioError, SolverError, suggest
from corridors.model.columns import values
from corridors.model.lp import Problem, linear_program
from corridors.model.scenario import Scenario
from corridors.model.targets import resolve_target
from corridors.model.years import resolve_year

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.results import FlowResult

__all__ = [
    "HOLD_FACTOR",
    "Problem",
    "build_problem",
    "solve_problem",
    "read_solution",
    "solve",
    "prepare_network",
    "target_nodes",
    "quiet_stdout",
    "cbc_path",
]

HOLD_FACTOR: float = 100.0
"""In max-throughput mode, held demand costs this many times the target's reward per unit."""

SOLVERS: tuple[str, ...] = ("highs", "cbc")
_TOL = 1e-9


# -- the problem --------------------------------------------------------------------------------

# -- preparing the network ----------------------------------------------------------------------

def prepare_network(network: Network, *, year: int | None = None, scenario: Any = None) -> Network:
    """The network to model: at the year of :func:`~corridors.model.years.resolve_year`, ``scenario`` applied.

    ``year``, the scenario's year and the network's (a network from :meth:`Network.at`) must
    agree; with none of them the year is ``settings.DEFAULT_YEAR``. A scenario without a year is
    applied in that year.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> prepare_network(load_demo_network()).year
    2024
    """
    if scenario is not None and getattr(scenario, "apply", None) is None:
        raise ScenarioError(f"scenario {scenario!r} has no apply(network) method; pass a corridors.Scenario")
    y = resolve_year(year, scenario=scenario, network=network)
    if scenario is None:
        return network if network.year is not None else network.at(y, projects=network.projects)
    if isinstance(scenario, Scenario) and scenario.year is None:
        scenario = scenario.model_copy(update={"year": y})
    net = scenario.apply(network)
    return net if net.year is not None else net.at(y, projects=net.projects)


def _derates(frame: pd.DataFrame, what: str) -> list[float]:
    if "derate" not in frame.columns:
        return [1.0] * len(frame)
    out = []
    for ident, value in zip(frame.index.tolist(), values(frame, "derate")):
        try:
            v = 1.0 if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        except (TypeError, ValueError):
            v = math.nan
        if not (0.0 <= v <= 1.0):
            raise DataError(f"{what} {ident!r}: field 'derate': {value!r} is not a fraction; give a number from 0 (cut) to 1 (intact)")
        out.append(v)
    return out


def target_nodes(network: Network, target: str, *, commodity: str | None = None) -> tuple[str, ...]:
    """Node ids a max-throughput target names: ``id`` (a node), ``node:id`` or ``country:XX``.

    A country means its destinations, not the junctions and border points flow passes through:
    the nodes there with demand for ``commodity`` (any commodity when None), else its market
    nodes, else (a country with neither) every node in it.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> target_nodes(load_demo_network(), "country:GE")
    ('supsa',)
    """
    hit = resolve_target(network, target, bare="node")
    if hit.kind not in ("node", "country"):
        raise ScenarioError(f"max-throughput target {target!r} is a {hit.kind}; give a node (ID or node:ID) "
                            "or a country (country:XX) for the flow to reach")
    if not hit.nodes:
        raise ScenarioError(f"max-throughput target {target!r}: no node lies in country {hit.id!r}, only links "
                            "crossing it; give a node or another country")
    wanted = tuple(n for n in hit.nodes if any(node == n and (commodity is None or k == commodity)
                                               for node, k in hit.demand))
    if wanted or hit.kind == "node":
        return wanted or hit.nodes
    markets = tuple(n for n in hit.nodes if network.nodes.at[n, "kind"] == "market")
    return markets or hit.nodes


# -- building -----------------------------------------------------------------------------------

def build_problem(network: Network, *, scenario: Any = None, year: int | None = None, commodity: str | None = None,
                  max_to: str | None = None, hold_other_demand: bool = True, prefer: Any = None) -> Problem:
    """Build the LP for ``network`` (see the module docstring for the model).

    Parameters
    ----------
    network
        The network; with no year it is filtered with :meth:`Network.at` (see :func:`prepare_network`).
    scenario
        Anything with ``.apply(network) -> Network`` (a :class:`corridors.Scenario`), applied first.
    year
        Year to model when the network has none (or another one).
    commodity
        Model only this commodity (other commodities are left out), or, with ``max_to``, the
        commodity whose throughput is maximised (then the others stay in the model).
    max_to
        Max-throughput target: a node id, ``node:ID`` or ``country:XX``.
    hold_other_demand
        In max-throughput mode, serve all other demand first (True, default) or release it (False).
    prefer
        A base :class:`~corridors.model.results.FlowResult`: among equally cheap solutions, keep its
        pattern (each arc and delivery it used, per origin, costs :data:`PREFER_REWARD` less per
        unit). Flows of several origins on shared capacity are degenerate; this makes a what-if's
        *kept* flow the base flow wherever the disruption leaves it possible.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> problem = build_problem(load_demo_network())
    >>> problem.year, sorted(problem.rows["kind"].unique())
    (2024, ['balance', 'demand', 'link', 'node'])
    """
    import numpy as np
    import pandas as pd

    from corridors.data.units import COMMODITIES

    t0 = time.perf_counter()
    net = prepare_network(network, year=year, scenario=scenario)
    if commodity is not None and commodity not in COMMODITIES:
        raise DataError(f"unknown commodity {commodity!r}{suggest(str(commodity), COMMODITIES)}; use one of {', '.join(COMMODITIES)}")
    targets: tuple[str, ...] = ()
    if max_to is not None:
        if commodity is None:
            raise DataError(f"max_to {max_to!r} needs a commodity: say which commodity should reach it (oil, gas, freight or power)")
        targets = target_nodes(net, max_to, commodity=commodity)
    links, nodes = net.links, net.nodes
    t1 = time.perf_counter()

    used = {k for ks in values(links, "commodities") for k in ks}
    bal = net.balances
    if bal is not None and len(bal):
        used |= set(values(bal, "commodity"))
    if commodity is not None:
        used = used & {commodity} if max_to is None else used | {commodity}
    commodities = tuple(k for k in COMMODITIES if k in used)

    # balances per (node, commodity)
    supply: dict[tuple[str, str], float] = {}
    demand: dict[tuple[str, str], float] = {}
    priority: dict[tuple[str, str], float] = {}
    origin_of: dict[tuple[str, str], str] = {}
    refused: dict[tuple[str, str], set[str]] = {}
    if bal is not None and len(bal):
        # the columns as lists and the nodes' countries as a dict: no Series or ``.at`` per row
        given = values(bal, "origin") if "origin" in bal.columns else [None] * len(bal)
        refuse = values(bal, "exclude_origins") if "exclude_origins" in bal.columns else [None] * len(bal)
        country_of = dict(zip(nodes.index.tolist(), values(nodes, "country")))
        for n, k, s, d, p, o, x in zip(values(bal, "node"), values(bal, "commodity"), values(bal, "supply"),
                                       values(bal, "demand"), values(bal, "priority"), given, refuse):
            if k not in commodities:
                continue
            key = (n, k)
            supply[key] = supply.get(key, 0.0) + float(s or 0.0)
            demand[key] = demand.get(key, 0.0) + float(d or 0.0)
            pv = 1.0 if p is None or (isinstance(p, float) and math.isnan(p)) else float(p)
            priority[key] = max(priority.get(key, 0.0), pv)
            country = country_of.get(n)
            origin = o if isinstance(o, str) and o else (country if isinstance(country, str) else n)
            if float(s or 0.0) > 0 or key not in origin_of:
                origin_of[key] = origin
            if isinstance(x, str) and x:
                refused.setdefault(key, set()).update(v.strip() for v in x.split(";") if v.strip())
    origins = tuple(sorted({origin_of[key] for key, s in supply.items() if s > 0}))
    opos = {o: i for i, o in enumerate(origins)}

    mode = "max-throughput" if targets else "min-cost"
    target_keys = {(n, commodity) for n in targets}
    penalty = float(settings.UNMET_PENALTY)
    held = [key for key, d in demand.items() if d > 0 and key not in target_keys]
    if mode == "max-throughput" and hold_other_demand:
        positive = [priority[key] for key in held if priority[key] > 0]
        scale = HOLD_FACTOR * penalty / (min(positive) if positive else 1.0)
    else:
        scale = penalty

    keys_in_order = list(supply)  # first appearance in the balances
    with_unmet = [demand[key] > 0 and key not in target_keys and not (mode == "max-throughput" and not hold_other_demand)
                  for key in keys_in_order]
    program, col_balance_raw = linear_program(
        net, commodities=commodities, link_derate=np.asarray(_derates(links, "link"), dtype=float),
        node_derate=np.asarray(_derates(nodes, "node"), dtype=float), balance_keys=keys_in_order,
        supply=np.asarray([supply[key] for key in keys_in_order], dtype=float),
        demand=np.asarray([demand[key] for key in keys_in_order], dtype=float),
        unmet_cost=np.asarray([scale * priority[key] for key in keys_in_order], dtype=float),
        with_unmet=np.asarray(with_unmet, dtype=bool), targets=targets, target_commodity=commodity,
        target_reward=penalty, origins=origins,
        balance_origin=np.asarray([opos.get(origin_of.get(key, ""), -1) for key in keys_in_order], dtype=np.int64),
        excluded=[frozenset(opos[o] for o in refused.get(key, ()) if o in opos) for key in keys_in_order])

    if prefer is not None:
        _prefer(program, prefer)
    roles = []
    keys = sorted(set(supply) | set(demand) | target_keys)
    for key in keys:
        if mode == "min-cost":
            roles.append("demand")
        elif key in target_keys:
            roles.append("target")
        else:
            roles.append("held" if hold_other_demand else "released")
    balances = pd.DataFrame({"node": [k[0] for k in keys], "commodity": [k[1] for k in keys],
                             "origin": [origin_of.get(k) if supply.get(k, 0.0) > 0 else None for k in keys],
                             "supply": [supply.get(k, 0.0) for k in keys], "demand": [demand.get(k, 0.0) for k in keys],
                             "priority": [priority.get(k, 1.0) for k in keys], "role": roles})
    position = {key: i for i, key in enumerate(keys)}
    to_table = np.asarray([position[key] for key in keys_in_order] + [position[(n, commodity)] for n in targets],
                          dtype=np.int64)
    col_balance = np.where(col_balance_raw >= 0, to_table[np.maximum(col_balance_raw, 0)] if len(to_table) else -1, -1)
    t2 = time.perf_counter()
    return Problem(program=program, network=net, year=int(net.year), commodities=commodities, balances=balances,
                   col_balance=col_balance, mode=mode, commodity=commodity,
                   target=str(max_to) if max_to is not None else None, target_nodes=targets,
                   hold_other_demand=bool(hold_other_demand), scenario=getattr(scenario, "name", None),
                   timings={"prepare": t1 - t0, "build": t2 - t1})


PREFER_REWARD: float = 1e-6
"""Cost taken off each unit on an arc or delivery the preferred (base) solution used: a tie-break."""


def _prefer(program: Any, base: Any) -> None:
    """Lower by :data:`PREFER_REWARD` the cost of the flow and delivery columns ``base`` used (per origin)."""
    import numpy as np

    from corridors.model.lp import DELIVERY, FLOW

    if not getattr(base, "ok", False):
        return
    p = program
    origins = list(p.origins) + [""]
    ks = p.commodities
    used: set[tuple] = set()
    arcs = base.arcs
    for link, k, d, o in zip(arcs["link"], arcs["commodity"], arcs["direction"],
                             arcs["origin"] if "origin" in arcs.columns else [""] * len(arcs)):
        used.add(("f", str(link), 1 if d == "forward" else -1, str(k), str(o or "")))
    dbo = base.deliveries_by_origin
    if dbo is not None:
        for n, k, o in zip(dbo["node"], dbo["commodity"], dbo["origin"]):
            used.add(("d", str(n), str(k), str(o or "")))
    hit = []
    for i in np.flatnonzero((p.col_kind == FLOW) | (p.col_kind == DELIVERY)).tolist():
        o = origins[p.col_origin[i]]
        k = ks[p.col_commodity[i]]
        key = (("f", p.link_ids[p.col_link[i]], int(p.col_direction[i]), k, o) if p.col_kind[i] == FLOW
               else ("d", p.node_ids[p.col_node[i]], k, o))
        if key in used:
            hit.append(i)
    p.col_cost[np.asarray(hit, dtype=np.int64)] -= PREFER_REWARD


# -- solving ------------------------------------------------------------------------------------

@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Send file descriptor 1 to /dev/null for the block (HiGHS prints a banner from C).

    Python's and C's buffers are flushed before and after, so nothing leaks out later.

    Examples
    --------
    >>> with quiet_stdout():
    ...     _ = os.write(1, b"written to file descriptor 1, as C code does")
    """
    try:
        sys.stdout.flush()
    except (AttributeError, ValueError, OSError):
        pass
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        _flush_c_stdout()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


_LIBC: list = []  # the C library's handle, loaded once (``ctypes.CDLL(None)`` costs more than the flush)


def _flush_c_stdout() -> None:
    try:
        if not _LIBC:
            import ctypes

            _LIBC.append(ctypes.CDLL(None))
        _LIBC[0].fflush(None)
    except (OSError, AttributeError, TypeError):  # pragma: no cover - non-POSIX
        pass


def cbc_path() -> str | None:
    """Path of a CBC binary: PuLP 3's bundled one, the ``cbcbox`` wheel (``pulp[cbc]``, PuLP 4), or PATH.

    PuLP 3's own binary comes first: read through PuLP 3.3, cbcbox's CBC gives no row duals.

    Examples
    --------
    >>> cbc_path() is None or os.path.isfile(cbc_path())
    True
    """
    import shutil

    try:
        from pulp.apis import coin_api  # PuLP 3.x ships a CBC binary

        candidate = os.path.normpath(coin_api.pulp_cbc_path)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    except (ImportError, AttributeError):
        pass
    try:
        import cbcbox  # type: ignore[import-not-found]

        candidate = cbcbox.cbc_bin_path()
        if os.path.isfile(candidate):
            return candidate
    except Exception:  # ImportError, or cbcbox without a binary for this platform
        pass
    return shutil.which("cbc")


_DIRECT = object()
"""What :func:`_make_solver` returns for HiGHS on the LP's arrays (:mod:`corridors.model.highs`)."""


def _make_solver(name: str, *, time_limit: float | None, direct: bool = False):
    if name == "highs" and direct:
        from corridors.model import highs

        if highs.available():
            return _DIRECT
    import pulp

    if name == "highs":
        solver = pulp.HiGHS(msg=False, timeLimit=time_limit)
        return solver if solver.available() else None
    path = cbc_path()
    if path is None:
        return None
    solver = pulp.COIN_CMD(path=path, msg=False, timeLimit=time_limit)
    return solver if solver.available() else None


_STATUS = {1: "optimal", 0: "not solved", -1: "infeasible", -2: "unbounded", -3: "undefined"}


def solve_problem(problem: Problem, *, solver: str | None = None, time_limit: float | None = None) -> Problem:
    """Solve ``problem`` in place with HiGHS (default) or CBC; set ``problem.status`` and ``.solver``.

    ``solver=None`` uses :data:`corridors.settings.SOLVER` and falls back to the other solver when
    it is not installed; naming a solver that is not installed raises
    :class:`~corridors.errors.SolverError`. A solver that fails is a status (``"error: ..."``).

    HiGHS runs on the LP's arrays (:mod:`corridors.model.highs`: the model PuLP would hand it, the
    same values and duals, without importing PuLP), unless :attr:`Problem.lp` was generated before
    (someone may have changed it): then that PuLP model is solved as it stands.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> solve_problem(build_problem(load_demo_network()), solver="cbc").status
    'optimal'
    """
    requested = solver
    name = (solver or settings.SOLVER or "highs").lower()
    if name not in SOLVERS:
        raise SolverError(f"unknown solver {name!r}{suggest(name, SOLVERS)}; use 'highs' or 'cbc'")
    order = [name] if requested is not None else [name, *[s for s in SOLVERS if s != name]]
    chosen = None
    for candidate in order:
        # HiGHS on the arrays unless the PuLP model was generated (a user may have changed it)
        chosen = _make_solver(candidate, time_limit=time_limit, direct=problem._pulp is None)
        if chosen is not None:
            name = candidate
            break
    if chosen is None:
        hint = "pip install highspy" if name == "highs" else "pip install 'pulp[cbc]'"
        raise SolverError(f"solver {order[0]!r} is not installed; {hint}, or choose the other solver")
    if chosen is _DIRECT:
        return _solve_direct(problem, time_limit)
    problem.solution = None
    prob, variables = problem.lp, problem.variables  # generated from the arrays on first use
    t0 = time.perf_counter()
    try:
        with quiet_stdout():
            ret = prob.solve(chosen)
        code = int(getattr(ret, "status", ret))
        status = _STATUS.get(code, f"stopped ({code})")
        if status == "optimal" and any(v.varValue is None for v in variables[:1]):
            status = "error: the solver returned no solution"
    except Exception as exc:  # solver failures are data, not exceptions
        status = f"error: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")
    problem.timings["solve"] = time.perf_counter() - t0
    problem.status = status
    problem.solver = name
    return problem


def _solve_direct(problem: Problem, time_limit: float | None) -> Problem:
    """:func:`solve_problem` with HiGHS through :mod:`corridors.model.highs`: the values and duals
    PuLP's HiGHS gives, kept on ``problem.solution`` (and on :attr:`Problem.lp` when it is generated)."""
    from corridors.model import highs

    t0 = time.perf_counter()
    problem.solution = None
    try:
        with quiet_stdout():
            code, x, pi = highs.solve_arrays(problem.program, time_limit=time_limit)
        status = _STATUS.get(code, f"stopped ({code})")
        if status == "optimal" and problem.program.num_col and math.isnan(x[0]):
            status = "error: the solver returned no solution"
        problem.solution = (x, pi)
    except Exception as exc:  # solver failures are data, not exceptions
        status = f"error: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")
    problem.timings["solve"] = time.perf_counter() - t0
    problem.status = status
    problem.solver = "highs"
    problem.fill_pulp()
    return problem


def solve(network: Network, *, year: int | None = None, scenario: Any = None, solver: str | None = None,
          commodity: str | None = None, max_to: str | None = None, hold_other_demand: bool = True,
          time_limit: float | None = None, prefer: Any = None) -> FlowResult:
    """Optimise flows on ``network`` and return a :class:`~corridors.model.results.FlowResult`.

    Parameters
    ----------
    network
        The network (the bundled one from :func:`corridors.load_network`, or any other).
    year
        Year to solve; it must agree with the scenario's and the network's year, and defaults to
        theirs, else ``settings.DEFAULT_YEAR`` (:func:`corridors.model.years.resolve_year`).
    scenario
        An object with ``.apply(network) -> Network`` (a :class:`corridors.Scenario`), applied first.
    solver
        ``"highs"`` or ``"cbc"``; default :data:`corridors.settings.SOLVER`.
    commodity, max_to, hold_other_demand
        See :func:`build_problem`: one commodity only, or max-throughput of ``commodity`` to ``max_to``.
    time_limit
        Seconds the solver may take.
    prefer
        A base result whose flows win ties (see :func:`build_problem`): pass it for a what-if.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> r = solve(net, year=2024, commodity="oil", max_to="ceyhan", hold_other_demand=False)
    >>> round(r.throughput, 1)          # oil supply at Sangachal is 40 Mt/y
    40.0
    """
    problem = build_problem(network, scenario=scenario, year=year, commodity=commodity, max_to=max_to,
                            hold_other_demand=hold_other_demand, prefer=prefer)
    solve_problem(problem, solver=solver, time_limit=time_limit)
    return read_solution(problem)


# -- reading back -------------------------------------------------------------------------------

def read_solution(problem: Problem) -> FlowResult:
    """Read a solved :class:`Problem` into a :class:`~corridors.model.results.FlowResult` (no PuLP inside).

    The ``dual`` of a capacity row is the value of one more unit of capacity: the drop in the
    objective (cost + penalties) per extra canonical unit, ``-pi`` of the row (≥ 0).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> problem = solve_problem(build_problem(load_demo_network()))
    >>> read_solution(problem).status
    'optimal'
    """
    import numpy as np

    t0 = time.perf_counter()
    ok = problem.status == "optimal"
    n, m = problem.program.num_col, problem.program.num_row
    if ok and problem.solution is not None:  # solved on the arrays (corridors.model.highs)
        x, pi = problem.solution[0].copy(), -problem.solution[1]
        x[np.abs(x) < _TOL] = 0.0
        pi[np.abs(pi) < _TOL] = 0.0
    elif ok:
        x = np.array([v.varValue for v in problem.variables], dtype=float) if n else np.zeros(0)
        x[np.abs(x) < _TOL] = 0.0
        pi = -np.array([c.pi for c in problem.constraints], dtype=float) if m else np.zeros(0)
        pi[np.abs(pi) < _TOL] = 0.0  # no negative zeros; NaN where a solver gives no duals
    else:
        x = np.full(n, math.nan)
        pi = np.full(m, math.nan)
    from corridors.model.results import assemble_result

    result = assemble_result(problem, x, pi)
    problem.timings["read"] = time.perf_counter() - t0
    return result
