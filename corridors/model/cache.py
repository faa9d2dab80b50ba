"""A small cache of built models: calls on the same network, year and scenario share one LP.

A country sweep after a link sweep, or several sweeps in a notebook, would otherwise prepare the
network (year filter, scenario), build the arrays and solve the base case each time. The cache is
keyed by the network's *content* (a hash of every column the model reads, not the object's
identity, so an edited copy is a new key), the year, the scenario and the build options; it holds
the last :data:`SIZE` problems. The warm engine is kept per LP (``corridors.analysis.sweeps._engine``),
so a cached problem also reuses its base solution.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> net = load_demo_network()
>>> cached_problem(net, year=2024) is cached_problem(net.copy(), year=2024)
True
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network
    from corridors.model.delivered import Delivered
    from corridors.model.lp import Problem

__all__ = ["SIZE", "cached_delivered", "cached_problem", "cached_solve", "network_key", "settings_key", "clear", "keeps_links", "warm_bounds", "year_network"]

SIZE: int = 8
"""Problems kept (least recently used dropped first)."""

_PROBLEMS: OrderedDict[tuple, Problem] = OrderedDict()


def _frame_hash(frame) -> str:
    """SHA-1 of a frame's columns, index and values (geometry left out): numeric columns by their
    bytes, Arrow text columns by their buffers, others by their values pickled without memo (equal
    values write equal bytes, whichever objects hold them; lists, tuples, NA and NaN each write
    themselves)."""
    import hashlib
    import io
    import pickle

    import numpy as np

    if frame is None:
        return "-"
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True  # no memo: the bytes depend on the values only
    names = frame.columns.tolist()  # a list: iterating an Arrow-backed Index makes a Python string per step
    index = _arrow_text_digest(frame.index.array)
    pickler.dump(([c for c in names if c != "geometry"], frame.index.tolist() if index is None else index))
    for col, values in zip(names, _column_arrays(frame)):
        if col == "geometry":
            continue
        text = _arrow_text_digest(values)
        if text is not None:
            pickler.dump(text)
            continue
        masked = _masked_bytes(values)
        if masked is not None:
            pickler.dump(masked)
            continue
        values = np.asarray(values) if isinstance(values, np.ndarray) else values.to_numpy()
        pickler.dump(values.dtype.str)
        pickler.dump(np.ascontiguousarray(values).tobytes() if values.dtype.kind in "biufcmM" else values.tolist())
    return hashlib.sha1(buf.getvalue()).hexdigest()


def _masked_bytes(values) -> tuple | None:
    """A nullable numeric column (pandas' masked arrays: ``Int64``, ``boolean``, …) as
    ``(dtype, values with 0 where missing, mask)`` bytes, equal only for equal values; None for any
    other column (reading them as objects took most of a frame's key)."""
    import numpy as np

    data, mask = getattr(values, "_data", None), getattr(values, "_mask", None)
    if not (isinstance(data, np.ndarray) and isinstance(mask, np.ndarray) and data.dtype.kind in "biuf"
            and mask.dtype == bool and data.shape == mask.shape):
        return None
    return (str(values.dtype), np.where(mask, np.zeros(1, dtype=data.dtype), data).tobytes(), mask.tobytes())


def _column_arrays(frame) -> list:
    """Each column's values (a numpy or extension array), in order: from the frame's blocks where
    this pandas has ``_mgr.iget_values`` (a twentieth of the time of making a Series per column),
    else through ``frame.items()``."""
    mgr = getattr(frame, "_mgr", None)
    get = getattr(mgr, "iget_values", None)
    if get is not None:
        try:
            return [get(i) for i in range(frame.shape[1])]
        except Exception:  # pragma: no cover - another pandas' internals: the public path
            pass
    return [series.array for _, series in frame.items()]


_TEXT_DIGESTS: dict[int, tuple[Any, bytes]] = {}  # id(Arrow array) -> (a weak reference to it, its digest)


def _arrow_text_digest(values) -> bytes | None:
    """SHA-1 of :func:`_arrow_text_bytes`, once per Arrow array: Arrow arrays are immutable (pandas
    puts a new one in place when a value is set), so the same array object has the same content; the
    entry goes when the array does (a weak reference), so a new array at a reused address is hashed
    anew. Arrays that cannot be referenced weakly are hashed each time."""
    import hashlib

    chunked = getattr(values, "_pa_array", None)
    hit = _TEXT_DIGESTS.get(id(chunked)) if chunked is not None else None
    if hit is not None and hit[0]() is chunked:
        return hit[1]
    text = _arrow_text_bytes(values)
    if text is None:
        return None
    digest = hashlib.sha1(text).digest()
    if chunked is not None:
        key = id(chunked)
        try:
            ref = weakref.ref(chunked, lambda _, key=key: _TEXT_DIGESTS.pop(key, None))
        except TypeError:  # pragma: no cover - an array type without weak references
            return digest
        _TEXT_DIGESTS[key] = (ref, digest)
    return digest


def _arrow_text_bytes(values) -> bytes | None:
    """An Arrow-backed string column (its pandas array) as bytes that equal only for equal values:
    its type, offsets (from 0), characters and null mask — read from its buffers, not as Python
    strings (most of the network's columns are such; hashing them by value took most of a bundled
    sweep's key). None for any other column."""
    import numpy as np

    dtype = getattr(values, "dtype", None)
    if isinstance(values, np.ndarray) or getattr(dtype, "kind", "O") in "biufcmM":
        return None
    chunked = getattr(values, "_pa_array", None)  # ArrowExtensionArray, ArrowStringArray
    if chunked is None and getattr(values, "__arrow_array__", None) is None:
        return None
    try:  # pyarrow is optional: without it pandas keeps strings as Python objects
        import pyarrow as pa
    except ImportError:
        return None

    arr = chunked if chunked is not None else values.__arrow_array__()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    large = pa.types.is_large_string(arr.type)
    if not (large or pa.types.is_string(arr.type)):
        return None
    n = len(arr)
    head = f"{dtype}|{arr.type}|{n}|{arr.null_count}".encode()
    if not n:
        return head
    _, offsets, data = arr.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64 if large else np.int32)[arr.offset:arr.offset + n + 1]
    chars = b"" if data is None else memoryview(data)[int(offsets[0]):int(offsets[-1])].tobytes()
    nulls = np.packbits(arr.is_null().to_numpy(zero_copy_only=False)).tobytes() if arr.null_count else b""
    return b"|".join([head, (offsets - offsets[0]).astype(np.int64).tobytes(), nulls, chars])


def network_key(network: Network) -> tuple:
    """The network's content as a hashable key (its tables without geometry, year and projects).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> network_key(net) == network_key(net.copy())
    True
    """
    return (_frame_hash(network.links), _frame_hash(network.nodes), _frame_hash(network.balances),
            network.year, tuple(network.projects))


def settings_key() -> str:
    """The settings the model reads (penalties, costs, :data:`~corridors.settings.VALUE_OF_TIME` …) as
    one string: a setting changed in a notebook builds a new model rather than reusing a stale one.

    Examples
    --------
    >>> from corridors import settings
    >>> before = settings_key()
    >>> settings.VALUE_OF_TIME, old = 1.0, settings.VALUE_OF_TIME
    >>> changed = settings_key() != before
    >>> settings.VALUE_OF_TIME = old
    >>> changed, settings_key() == before
    (True, True)
    """
    from corridors import settings

    return repr(sorted((k, v) for k, v in vars(settings).items() if k.isupper()))


def _scenario_key(scenario: Any) -> Any:
    """The scenario's content (a :class:`~corridors.Scenario` dumps itself); None: not cacheable."""
    if scenario is None:
        return ("none",)
    dump = getattr(scenario, "model_dump_json", None)
    return ("scenario", dump()) if dump is not None else None


def year_network(network: Network, year: int) -> Network:
    """``prepare_network(network, year=year)``; inside :func:`~corridors.model.reuse.reusing`, a copy of
    the year filter made once, shared with the scenarios of that year without projects
    (:meth:`~corridors.model.scenario.Scenario.apply` keys it alike)."""
    from corridors.model.flow import prepare_network
    from corridors.model.reuse import reused

    if network.year is not None:
        return prepare_network(network, year=year)
    return reused(("at", year, tuple(network.projects)), network, lambda: prepare_network(network, year=year))


def cached_problem(network: Network, *, year: int | None = None, scenario: Any = None, **options: Any) -> Problem:
    """``build_problem(network, year=, scenario=, **options)``, shared between calls with the same content.

    The problem returned is shared: read it, do not solve it in place (``solve_problem`` sets its
    status) — the sweeps only read its arrays, balances and network.
    """
    from corridors.model.flow import build_problem

    scenario_key = _scenario_key(scenario)
    if scenario_key is None:  # an object we cannot read the content of: build it fresh
        return build_problem(network, scenario=scenario, year=year, **options)
    from corridors.model.reuse import remembered

    content = remembered(("network_key",), network, lambda: network_key(network))  # once per network in reusing()
    key = (content, year, scenario_key, tuple(sorted(options.items())), settings_key())
    hit = _PROBLEMS.get(key)
    if hit is not None:
        _PROBLEMS.move_to_end(key)
        return hit
    source = year_network(network, year) if scenario is None and year is not None else network
    problem = build_problem(source, scenario=scenario, year=year, **options)
    _PROBLEMS[key] = problem
    while len(_PROBLEMS) > SIZE:
        _PROBLEMS.popitem(last=False)
    return problem


def clear() -> None:
    """Forget every cached problem (and the base results and warm engines that go with them)."""
    _PROBLEMS.clear()
    _BASES.clear()
    _ENGINES.clear()


# -- solves sharing the base model ---------------------------------------------------------------

_BASES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()    # problem -> its base FlowResult
_ENGINES: OrderedDict[int, tuple] = OrderedDict()  # id(LinearProgram) -> (it, its WarmSolver), the last SIZE
# (not weak: an engine holds its LP, so a weak key would never be dropped)
_TOL = 1e-9


def _same(mine, theirs, *, but: tuple[str, ...] = ()) -> bool:
    """Whether ``theirs`` holds the columns of ``mine`` (geometry and ``but`` left out), in order,
    with the same index, dtypes and values (NaN where ``mine`` has NaN), column by column: what
    ``Series.equals`` says of each pair, asked of the columns' arrays (:func:`_column_arrays`,
    pandas' ``array_equals``, which ``Series.equals`` calls) after the cheap checks — lengths,
    column names, index, dtypes — rather than of a Series made per column."""
    try:
        from pandas.core.dtypes.missing import array_equals
    except ImportError:  # pragma: no cover - another pandas' internals: a Series per column
        return _same_by_series(mine, theirs, but=but)
    import pandas as pd

    left = [i for i, c in enumerate(mine.columns) if c != "geometry"]
    right = [i for i, c in enumerate(theirs.columns) if c != "geometry" and c not in but]
    if len(left) != len(right) or len(mine.index) != len(theirs.index):
        return False
    if [mine.columns[i] for i in left] != [theirs.columns[j] for j in right] or not mine.index.equals(theirs.index):
        return False
    mine_values, their_values = _column_arrays(mine), _column_arrays(theirs)
    pairs = [(mine_values[i], their_values[j]) for i, j in zip(left, right)]
    if any(a.dtype != b.dtype for a, b in pairs):
        return False
    numpy_array = pd.arrays.NumpyExtensionArray  # what the public path of _column_arrays gives for numpy columns

    def plain(values):
        return values.to_numpy() if isinstance(values, numpy_array) else values

    return all(array_equals(plain(a), plain(b)) for a, b in pairs)


def _same_by_series(mine, theirs, *, but: tuple[str, ...] = ()) -> bool:
    """:func:`_same` through a Series per column (``Series.equals``), for a pandas without ``array_equals``."""
    left = [(c, s) for c, s in mine.items() if c != "geometry"]
    right = [(c, s) for c, s in theirs.items() if c != "geometry" and c not in but]
    if [c for c, _ in left] != [c for c, _ in right] or not mine.index.equals(theirs.index):
        return False
    return all(a.dtype == b.dtype and a.equals(b) for (_, a), (_, b) in zip(left, right))


def _derate_only(base: Network, other: Network) -> tuple[dict[str, float], dict[str, float]] | None:
    """The derates that turn ``base`` into ``other`` (``{link: f}``, ``{node: f}``), or None when
    ``other`` differs in anything else the model reads (elements, balances, any other column)."""
    import math

    if "derate" in base.links.columns or "derate" in base.nodes.columns:
        return None
    # the cheap answers first: other elements, or other balances (a scenario of projects, or of
    # demand and supply), before every column of the links and nodes is compared
    if not (base.links.index.equals(other.links.index) and base.nodes.index.equals(other.nodes.index)
            and _same(base.balances, other.balances)):
        return None
    found = []
    for mine, theirs in ((base.links, other.links), (base.nodes, other.nodes)):
        if not _same(mine, theirs, but=("derate",)):
            return None
        if "derate" not in theirs.columns:
            found.append({})
            continue
        derate = {}
        for ident, value in zip(theirs.index, theirs["derate"]):
            v = float(value)
            if math.isnan(v) or not 0.0 <= v <= 1.0:
                return None
            if v < 1.0:
                derate[ident] = v
        found.append(derate)
    return found[0], found[1]


def warm_change(problem: Problem, network: Network, year: int, scenario: Any) -> tuple[Network, Any] | None:
    """``(the scenario's prepared network, the bound changes that make it from the problem's base)``
    when ``scenario`` only derates elements of the cached ``problem`` (a warm re-solve answers it),
    else None (it needs a model of its own: projects, balance changes, a derate on an element
    without a capacity row)."""
    from corridors.errors import ScenarioError
    from corridors.model.flow import prepare_network
    from corridors.model.reuse import reading

    if _direct_change(problem, network, year, scenario) is False:  # ruled out without preparing its network
        return None
    with reading():  # read here, never changed: inside reusing(), the scenario's network itself
        other = prepare_network(network, year=year, scenario=scenario)
    derates = _derate_only(problem.network, other)
    if derates is None:
        return None
    try:
        return other, problem.program.derate(*derates)
    except ScenarioError:  # a fraction on an element the base model has no row for: build it
        return None


def warm_bounds(problem: Problem, network: Network, year: int, scenario: Any) -> Any:
    """The bound changes of :func:`warm_change` alone (None: the scenario needs a model of its own),
    found on the base model's own network where :func:`_direct_change` can (no network prepared)."""
    found = _direct_change(problem, network, year, scenario)
    if found is False:
        return None
    if found is not None:
        return found
    found = warm_change(problem, network, year, scenario)
    return None if found is None else found[1]


def keeps_links(network: Network, year: int, projects: Any) -> bool:
    """Whether ``network.at(year, projects=projects)`` has the links of ``network.at(year)`` (the
    projects are built by then, or none is named), for a full network (``network.year`` None,
    no projects of its own) — else the answer is False. Asked once per network, year and projects
    inside :func:`~corridors.model.reuse.reusing`."""
    import numpy as np

    from corridors.model.reuse import remembered

    projects = tuple(projects)
    if network.year is not None or network.projects:
        return False
    if not projects:
        return True
    def same() -> bool:
        plain = remembered(("exists", year), network, lambda: network._exists(year, ()))
        return bool(np.array_equal(network._exists(year, projects), plain))

    return remembered(("keeps_links", year, projects), network, same)


def _direct_change(problem: Problem, network: Network, year: int, scenario: Any) -> Any:
    """What :func:`warm_change` finds, read off the base model's network without preparing the
    scenario's: False when the scenario changes more than bounds (balance changes or origin
    exclusions, projects that add links, a cut node's supply scaled), its :class:`Change` when
    it only derates, None when this cannot tell (anything unusual: :func:`warm_change` decides).

    It resolves each disruption's target on ``problem.network`` (the year's network: what
    :meth:`Scenario.apply <corridors.model.scenario.Scenario.apply>` resolves them on when the
    scenario adds no link) and takes the derates as ``apply`` does (the smallest ``remaining``
    per element); the supply ``apply`` scales at a derated node must stay as it is, as
    :func:`_derate_only` asks of the balances."""
    import numpy as np

    from corridors.errors import CorridorsError
    from corridors.model.scenario import Scenario
    from corridors.model.targets import resolve_target
    from corridors.model.years import resolve_year

    if type(scenario) is not Scenario or network.projects:
        return None
    if scenario.demand_changes or scenario.supply_changes or scenario.exclude_origins:
        return False
    base = problem.network
    if network.year is not None or base.year != year or problem.year != year \
            or "derate" in base.links.columns or "derate" in base.nodes.columns:
        return None
    try:
        if resolve_year(year, scenario=scenario, network=network) != year:
            return None
        if not keeps_links(network, year, scenario.projects):
            return False  # links of their own: another model
        links, nodes = base.links, base.nodes
        link_derate, node_derate = np.ones(len(links)), np.ones(len(nodes))
        for d in scenario.disruptions:  # as Scenario._apply: the smallest remaining per element
            hit = resolve_target(base, d.target)
            for derate, ids, index in ((link_derate, hit.links, links.index), (node_derate, hit.nodes, nodes.index)):
                np.minimum.at(derate, index.get_indexer(list(ids)), d.remaining)
    except CorridorsError:  # an unknown target or project: the prepared path says what is wrong
        return None
    bal = base.balances
    if len(bal) and bal["supply"].dtype != np.float64:  # apply makes it float: other balances, or not
        return None
    if len(bal) and (node_derate < 1.0).any():
        supply = bal["supply"]
        pos = nodes.index.get_indexer(bal["node"])
        values = supply.to_numpy()
        scaled = values * np.where(pos >= 0, node_derate[np.maximum(pos, 0)], 1.0)
        if not np.array_equal(scaled, values, equal_nan=True):
            return False  # a derated node's supply scaled: other balances
    found = []
    for ids, derate in ((links.index, link_derate), (nodes.index, node_derate)):
        if np.isnan(derate).any() or ((derate < 0.0) | (derate > 1.0)).any():
            return None
        below = np.flatnonzero(derate < 1.0)
        found.append(dict(zip(ids[below].tolist(), derate[below].tolist())))  # in index order, as _derate_only
    try:
        return problem.program.derate(*found)
    except CorridorsError:  # a fraction on an element the base model has no row for: build it
        return False


def shared_engine(lp: Any) -> Any:
    """The warm engine kept for ``lp`` (the last :data:`SIZE`), made when it has none yet: every
    re-solve of a cached model starts from the basis of the one before, whoever asked."""
    from corridors.model.warm import WarmSolver

    held = _ENGINES.get(id(lp))
    if held is None or held[0] is not lp:
        held = _ENGINES[id(lp)] = (lp, WarmSolver(lp))
        while len(_ENGINES) > SIZE:
            _ENGINES.popitem(last=False)
    _ENGINES.move_to_end(id(lp))
    return held[1]


def _base_result(problem: Problem):
    """The base case of a cached problem, solved once (as :func:`corridors.model.flow.solve` does)."""
    import dataclasses

    from corridors.model.flow import read_solution, solve_problem

    hit = _BASES.get(problem)
    if hit is None:
        own = dataclasses.replace(problem, timings=dict(problem.timings), _pulp=None)  # the shared one stays unsolved
        hit = _BASES[problem] = read_solution(solve_problem(own))
    return hit


def cached_solve(network: Network, *, year: int | None = None, scenario: Any = None):
    """:func:`corridors.model.flow.solve` (HiGHS) sharing the base model and its solution between calls.

    The base case of a network and year is built and solved once (:func:`cached_problem`); a
    scenario that only derates or cuts links and nodes of that base (no projects, no balance
    changes) is a warm re-solve of the base model with those bounds. Anything else, or a warm solve
    that is not optimal, is an ordinary :func:`~corridors.model.flow.solve`. The base result is
    shared: read it, do not change it.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.flow import solve
    >>> from corridors.model.scenario import Scenario
    >>> net = load_demo_network()
    >>> cut = Scenario.cut("country:GE", year=2024)
    >>> warm = cached_solve(net, scenario=cut)
    >>> cold = solve(net, scenario=cut)
    >>> warm.status, abs(warm.objective - cold.objective) < 1e-6 * max(1.0, abs(cold.objective))
    ('optimal', True)
    >>> cached_solve(net, year=2024) is cached_solve(net.copy(), year=2024)
    True
    """
    return _solve_shared(network, year, scenario, light=False)


def cached_delivered(network: Network, *, year: int | None = None, scenario: Any = None) -> Delivered:
    """What :func:`cached_solve` delivers — its status, deliveries and flow per link, as a
    :class:`~corridors.model.delivered.Delivered` — without the rest of its FlowResult (solved the
    same way: the same numbers).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.scenario import Scenario
    >>> net, cut = load_demo_network(), Scenario.cut("country:GE", year=2024)
    >>> cached_delivered(net, scenario=cut).deliveries.equals(cached_solve(net, scenario=cut).deliveries)
    True
    """
    return _solve_shared(network, year, scenario, light=True)


def _solve_shared(network: Network, year: int | None, scenario: Any, *, light: bool) -> Any:
    """:func:`cached_solve`, or (``light``) :func:`cached_delivered`."""
    import dataclasses

    import numpy as np

    from corridors.model.delivered import Delivered, read_delivered
    from corridors.model.flow import solve
    from corridors.model.results import assemble_result
    from corridors.model.years import resolve_year

    y = resolve_year(year, scenario=scenario, network=network)
    problem = cached_problem(network, year=y)
    if scenario is None:
        return Delivered.of(_base_result(problem)) if light else _base_result(problem)

    def cold() -> Any:
        if not light:
            return solve(network, year=y, scenario=scenario)
        return _delivered_cold(network, y, scenario)

    found = warm_change(problem, network, y, scenario)
    if found is None:
        return cold()
    other, change = found
    _base_result(problem)  # the base solution first: the warm solve starts from its basis
    engine = shared_engine(problem.program)
    run = engine.solve(change)
    if run.status != "optimal":
        return cold()
    x = np.array(run.x, dtype=float)
    x[np.abs(x) < _TOL] = 0.0
    hit = dataclasses.replace(problem, network=other, status="optimal", solver="highs",
                              scenario=getattr(scenario, "name", None), timings={}, _pulp=None)
    if light:
        return read_delivered(hit, x)
    pi = -np.asarray(engine.duals()[0], dtype=float)
    pi[np.abs(pi) < _TOL] = 0.0
    pi[change.rows[change.row_upper <= 0.0]] = 0.0  # a cut element's row: no capacity to value (as when built cut)
    pi = pi + 0.0  # no negative zeros
    return assemble_result(hit, x, pi)


def _delivered_cold(network: Network, year: int, scenario: Any) -> Delivered:
    """What :func:`corridors.model.flow.solve` delivers: its model built and solved the same way,
    the column values read back as :func:`~corridors.model.flow.read_solution` reads them."""
    import numpy as np

    from corridors.model.delivered import Delivered, read_delivered
    from corridors.model.flow import build_problem, read_solution, solve_problem
    from corridors.model.reuse import reading

    with reading():  # the model reads the scenario's network, and goes once its deliveries are read
        problem = build_problem(network, scenario=scenario, year=year)
    solve_problem(problem)
    if problem.status != "optimal" or problem.solution is None:  # not solved, or solved through PuLP
        return Delivered.of(read_solution(problem))
    x = problem.solution[0].copy()
    x[np.abs(x) < _TOL] = 0.0
    return read_delivered(problem, x)
