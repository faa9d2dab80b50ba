"""HiGHS on the LP's arrays (corridors.model.highs) is PuLP's HiGHS: the same model handed to
highspy, the same values and duals to the last bit, the same results — without importing PuLP."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pulp
import pytest

from corridors.model import highs
from corridors.model.flow import build_problem, read_solution, solve_problem
from corridors.model.lp import to_pulp
from corridors.model.scenario import Scenario

_CHANGES = [None, {"cut": ["country:GE"]}, {"cut": ["country:TR"]}, {"cut": ["link:btc-ge"]},
            {"cut": ["asset:BTC"]}, {"derate": ["mode:ferry=0.5"]}]


# the direct path builds the model PuLP 3 builds; PuLP 4 orders and bounds its HiGHS model its own
# way, so bit-for-bit equality with PuLP is a PuLP 3 property (on PuLP 4 the direct path is still
# HiGHS on the same LP: tests/test_flow.py and the CLI tests check its answers)
pulp3_only = pytest.mark.skipif(int(pulp.__version__.split(".")[0]) >= 4,
                                reason="bit-for-bit equality holds with PuLP 3's model (PuLP 4 builds another order)")


def _lp(h) -> dict:
    lp = h.getLp()
    a = lp.a_matrix_
    return {"format": str(a.format_), **{k: np.asarray(v) for k, v in (
        ("cost", lp.col_cost_), ("col_lower", lp.col_lower_), ("col_upper", lp.col_upper_),
        ("row_lower", lp.row_lower_), ("row_upper", lp.row_upper_), ("start", a.start_), ("index", a.index_),
        ("value", a.value_))}}


def _bits(a: np.ndarray) -> bytes:
    return a.tobytes()  # -0.0 and 0.0 differ here, as NaN payloads would


def _pulp_built(program):
    """The highspy model PuLP's HiGHS builds for ``program``, not run."""
    prob, _, _ = to_pulp(program)
    solver = pulp.HiGHS(msg=False)
    solver.createAndConfigureSolver(prob)
    solver.buildSolverModel(prob)
    return prob.solverModel


def _pulp_solve(program):
    prob, variables, constraints = to_pulp(program)
    solver = pulp.HiGHS(msg=False)
    code = prob.solve(solver)
    code = int(getattr(code, "status", code))  # PuLP 3 returns the status code; PuLP 4 statistics holding it
    x = np.array([np.nan if v.varValue is None else v.varValue for v in variables], dtype=float)
    pi = np.array([c.pi for c in constraints], dtype=float)
    return code, x, pi


def _problems(net):
    for change in _CHANGES:
        scen = None if change is None else Scenario.compose(base=None, year=None, **change)
        yield change, build_problem(net, scenario=scen, year=2024)


@pytest.mark.parametrize("which", ["bundled", "random"])
@pulp3_only
def test_the_model_values_and_duals_are_pulps_to_the_bit(which, bundled_network):
    from corridors.data.synthetic import synthetic_network

    nets = [bundled_network] if which == "bundled" else [synthetic_network(n_nodes=40, n_links=120, seed=s)
                                                         for s in (3, 4)]
    for net in nets:
        problems = list(_problems(net)) if which == "bundled" else [
            (None, build_problem(net)), ("rail", build_problem(net, scenario=Scenario.compose(
                base=None, year=None, derate=["mode:rail=0.2"])))]
        for change, problem in problems:
            code, x, pi = _pulp_solve(problem.program)
            built, _ = highs.build(problem.program)
            ours, theirs = _lp(built), _lp(_pulp_built(problem.program))
            assert {k: _bits(v) if k != "format" else v for k, v in ours.items()} == \
                   {k: _bits(v) if k != "format" else v for k, v in theirs.items()}, change
            got = highs.solve_arrays(problem.program)
            assert got[0] == code == 1, change
            assert _bits(got[1]) == _bits(x) and _bits(got[2]) == _bits(pi), change


@pulp3_only
def test_solve_problem_reads_the_same_result_and_fills_the_pulp_model(bundled_network):
    scen = Scenario.compose(base=None, year=None, cut=["country:GE"])
    direct = solve_problem(build_problem(bundled_network, scenario=scen, year=2024))
    assert direct.solution is not None and direct.solver == "highs" and direct.status == "optimal"
    assert direct._pulp is None, "solved without generating the PuLP model"
    via = build_problem(bundled_network, scenario=scen, year=2024)
    via.lp.solve(pulp.HiGHS(msg=False))  # through PuLP, into `via` itself
    via.status, via.solver = "optimal", "highs"
    assert read_solution(direct).to_json() == read_solution(via).to_json()
    # the PuLP model a user meets after a solve carries the values, as after PuLP's own solve
    assert [v.varValue for v in direct.variables] == [v.varValue for v in via.variables]
    assert [c.pi for c in direct.constraints] == [c.pi for c in via.constraints]


def test_cbc_after_highs_reads_cbcs_own_solution(demo_network):
    problem = solve_problem(build_problem(demo_network, year=2024))
    assert problem.solution is not None
    solve_problem(problem, solver="cbc")
    assert problem.solution is None and problem.solver == "cbc"
    assert read_solution(problem).status == "optimal"


def test_an_infeasible_program_reads_as_pulp_reads_it(demo_network):
    import dataclasses

    program = build_problem(demo_network, year=2024).program
    # a capacity row that must carry one unit more than it may, with every column held at zero
    j = int(np.flatnonzero(np.isfinite(program.row_upper))[0])
    row = program.row_upper.copy()
    row[j] += 1.0
    lower = program.row_lower.copy()
    lower[j] = row[j]
    bad = dataclasses.replace(program, row_lower=lower, row_upper=row, col_upper=np.zeros(program.num_col))
    code, x, pi = highs.solve_arrays(bad)
    pulp_code, *_ = _pulp_solve(bad)
    assert code == pulp_code == -1


def test_a_solve_imports_no_pulp():
    code = ("import sys; from corridors.data.io import load_demo_network; from corridors.model.flow import solve; "
            "r = solve(load_demo_network(), year=2024); print(r.status, 'pulp' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "optimal False", proc.stdout + proc.stderr
