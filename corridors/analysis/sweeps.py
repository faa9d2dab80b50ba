"""N-1 and N-2 sweeps: which element's loss costs the most, and how much of its flow is bypassed.

The model is built once as arrays (:func:`corridors.model.flow.build_problem`, its ``program``)
and re-solved warm in highspy for each scenario (:class:`corridors.model.blocks.BlockSolver`),
changing only the bounds an element's loss touches (a :class:`corridors.model.lp.Change` of row
and column indices, made once per element from its link and node ids). Three exact prunings skip solves whose answer is known:

* N-1: an element that carries no flow in the base solution cannot change the optimum when it is
  lost (the base solution stays feasible and optimal), so its row is the base case.
* N-2: the pair ``(a, b)`` needs a solve only if ``b`` carries flow in ``a``'s N-1 solution and
  ``a`` carries flow in ``b``'s; otherwise its answer is that N-1 solution.
* Links in series (through nodes that only pass flow on, :mod:`corridors.analysis.series`): elements
  made of links on the same chains have the same answer, so one of them is solved (N-1 and N-2).

Levels: ``link``, ``node``, ``asset``, ``country``, ``corridor``, ``mode``. An element of a level is
what :func:`corridors.model.targets.resolve_target` makes of ``level:id``: e.g. ``country:GE`` is every
link lying in or crossing Georgia, every Georgian node and the links that end there.

Each solve re-solves only the block the loss touches, and in large blocks first tries an exact local
re-solve of the element's neighbourhood (:mod:`corridors.model.local`); ``SweepResult.paths`` counts
how the solves were answered. Calls on the same network content, year and scenario share one model
and its base solution (:mod:`corridors.model.cache`).

Executors: serial (``jobs=1``), ``N`` processes (``jobs=N``: this one and ``N − 1`` workers, forkserver
start method, sharing the chunks with :func:`corridors.analysis.workers.share_chunks`: each worker
keeps one warm model for its chunks, and this process solves while they start), ``jobs="auto"``
(serial until the solves so far show more than a second left, then a process per core) or a Dask
cluster (``dask="local"`` or a scheduler address; ``pip install corridors[distributed]``).

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> result = sweep(load_demo_network(), level="link", year=2024, commodity="oil")
>>> result.table.index[0], round(float(result.table["lost_pct_oil"].iloc[0]), 1)
('pipe-a', 100.0)
"""

from __future__ import annotations

import collections
import itertools
import math
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridors.analysis.sweep_table import ranked_table
from corridors.analysis.solve_order import similar_first
from corridors.analysis.sweep_rows import base_routes, delivery_columns, demand_totals, per_element, series_keys_of
from corridors.analysis.sweep_rows import metrics as row_metrics
from corridors.analysis.sweep_rows import names as names_of
from corridors.analysis.workers import main_guard_problem, one_thread_per_worker, quiet_workers, share_chunks, usable_cores
from corridors.errors import CorridorsError, ScenarioError, suggest
from corridors.model.targets import TARGET_KINDS, resolve_level

if TYPE_CHECKING:  # pragma: no cover
    import os
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from corridors.model.lp import Change, LinearProgram
    from corridors.data.network import Network

__all__ = ["LEVELS", "SweepResult", "sweep", "level_elements"]

LEVELS: tuple[str, ...] = TARGET_KINDS
RANKS: tuple[str, ...] = ("share", "loss")
_TOL = 1e-7
_CHUNK = 64
#: ``jobs="auto"``: chunks of this many solves until the time they take says how long the rest would;
#: worker processes start when that is more than ``_AUTO_AFTER`` seconds (see :func:`_run_auto`)
_AUTO_CHUNK = 16
_AUTO_AFTER = 1.0


# -- elements ------------------------------------------------------------------------------------

def pick(found: dict, wanted, what: str) -> dict:
    """``found`` restricted to ``wanted`` (in that order; all of ``found`` when None); an unknown name is
    a ScenarioError naming it and the nearest known ones."""
    if wanted is None:
        return found
    wanted = list(wanted)
    for e in wanted:
        if e not in found:
            raise ScenarioError(f"unknown {what} {e!r}{suggest(str(e), sorted(found))}")
    return {e: found[e] for e in wanted}


def level_elements(network: Network, level: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every element of ``level`` in ``network``: ``{id: (link_ids, node_ids)}`` it disrupts.

    The elements are those of :func:`corridors.model.targets.resolve_level` (the one resolver).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> sorted(level_elements(load_demo_network().at(2024), "asset"))[:2]
    ['DEMO-FERRY', 'DEMO-OIL']
    """
    if level not in LEVELS:
        raise ScenarioError(f"unknown sweep level {level!r}{suggest(level, LEVELS)}; use one of {', '.join(LEVELS)}")
    return {ident: (t.links, t.nodes) for ident, t in resolve_level(network, level).items()}


def _derates(lp: LinearProgram, links: Iterable[str], nodes: Iterable[str]) -> Change:
    """The bound changes that cut an element's links and nodes (ids the model does not hold change nothing)."""
    return lp.cut(links=[lid for lid in links if lid in lp.link_index],
                  nodes=[nid for nid in nodes if nid in lp.node_index])


def _element_columns(lp: LinearProgram, links: Iterable[str], nodes: Iterable[str]):
    """Columns an element needs to carry anything: its links' flows, flows into its nodes, their supply."""
    return lp.element_columns(links=[lid for lid in links if lid in lp.link_index],
                              nodes=[nid for nid in nodes if nid in lp.node_index])


# -- one solve, in whichever process ------------------------------------------------------------

@dataclass(frozen=True)
class _Outcome:
    status: str
    objective: float
    transport: float
    unmet: dict[str, float]
    carries: Any = None  # bool array over elements (N-1 only)
    transport_by: Any = None  # transport cost per commodity (array over lp.commodities)
    path: str = "base"   # how the engine found it: base, local, grown (exact local re-solve) or warm
    delivered: Any = None  # delivery then supply column values (market/node × commodity × origin), see sweep_rows.delivery_columns


_WORKER: dict[str, Any] = {}
_BATCH_VALUES = 1 << 16  # values per array in a batch of crossing splits (see sweep)
_ELEMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # problem -> {level: (elements, prepared), "_demand": …}


def _engine(lp: LinearProgram, threads: int | None = None):
    """The process's warm solver for ``lp``: one per independent block (see :mod:`corridors.model.blocks`)."""
    from corridors.model.blocks import BlockSolver

    if _WORKER.get("lp") is not lp:  # holding ``lp`` keeps its identity unique while cached
        _WORKER.update(engine=BlockSolver(lp, threads=threads), lp=lp)
    return _WORKER["engine"]


def _outcome(lp: LinearProgram, r, element_cols: Sequence[Any] | None, path: str = "base") -> _Outcome:
    import numpy as np

    if _WORKER.get("costs_of") is not lp:  # the transport-cost vector and delivery columns, once per model
        _WORKER.update(costs_of=lp, flow_cost=np.where(lp.col_link >= 0, lp.col_cost, 0.0), totals_of=None,
                       delivery_cols=delivery_columns(lp))
    flow_cost, K = _WORKER["flow_cost"], len(lp.commodities)
    carries = None
    if element_cols is not None and r.status == "optimal":
        # one pass over every element's columns: an element carries flow when any of its columns does
        sizes = np.fromiter((len(c) for c in element_cols), dtype=np.int64, count=len(element_cols))
        cat = np.concatenate(element_cols).astype(np.int64, copy=False) if sizes.sum() else np.zeros(0, np.int64)
        owner = np.repeat(np.arange(len(element_cols)), sizes)
        carries = np.bincount(owner[np.abs(r.x[cat]) > _TOL], minlength=len(element_cols)) > 0
    if r.status != "optimal":
        return _Outcome(r.status, r.objective, math.nan, dict(r.unmet), carries, np.full(K, math.nan), path=path)
    engine = _WORKER.get("engine") if _WORKER.get("lp") is lp else None
    if r.changed is not None and engine is not None:
        # only the changed columns: the engine's base totals plus their change (no pass over the model)
        totals = _WORKER.get("totals_of")
        if totals is None or totals[0] is not engine:
            weighted = flow_cost * engine.base_x
            totals = (engine, float(weighted.sum()),
                      np.bincount(np.maximum(lp.col_commodity, 0), weights=weighted, minlength=K))
            _WORKER["totals_of"] = totals
        cols, dx = r.changed
        weighted = flow_cost[cols] * dx
        by = totals[2] + np.bincount(np.maximum(lp.col_commodity[cols], 0), weights=weighted, minlength=K)
        transport = totals[1] + float(weighted.sum())
    else:
        # an elementwise product, not np.dot: OpenBLAS would spin a second thread on long vectors
        weighted = flow_cost * r.x
        by = np.bincount(np.maximum(lp.col_commodity, 0), weights=weighted, minlength=K)
        transport = float(weighted.sum())
    return _Outcome(r.status, r.objective, transport, dict(r.unmet), carries, by, path=path,
                    delivered=r.x[_WORKER["delivery_cols"]])


_TOKENS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> its content digest


def _lp_token(lp: LinearProgram) -> str:
    """A digest of everything in ``lp`` (arrays by dtype, shape and bytes; the rest by repr), once per model."""
    import dataclasses
    import hashlib

    import numpy as np

    token = _TOKENS.get(lp)
    if token is None:
        digest = hashlib.sha1()
        for f in dataclasses.fields(lp):
            value = getattr(lp, f.name)
            parts = [value] if f.name != "matrix" else [lp.a_start, lp.a_index, lp.a_value]
            for part in parts:
                if isinstance(part, np.ndarray):
                    digest.update(f"{f.name}|{part.dtype.str}|{part.shape}|".encode())
                    digest.update(np.ascontiguousarray(part).tobytes())
                else:
                    digest.update(f"{f.name}|{part!r}|".encode())
        token = _TOKENS[lp] = digest.hexdigest()
    return token


def _solve_chunk_on_worker(lp: LinearProgram, tasks: Sequence[Change], element_cols: Sequence[Any] | None,
                           token: str) -> tuple:
    """A Dask worker's chunk: the worker keeps its warm engine between sweeps of the same model (the
    scattered model arrives as a new object each sweep; ``token`` says it holds the same content)."""
    kept = _WORKER.get("token")  # (token, the engine built for it)
    if _WORKER.get("lp") is not lp and kept is not None and kept[0] == token and kept[1] is _WORKER.get("engine"):
        _WORKER["lp"] = lp
    out = _solve_chunk(lp, tasks, element_cols, 1)
    _WORKER["token"] = (token, _WORKER["engine"])
    return _packed(out)


def _solve_chunk(lp: LinearProgram, tasks: Sequence[Change], element_cols: Sequence[Any] | None,
                 threads: int | None = 1) -> list[_Outcome]:
    """Solve each bound change in ``tasks`` on one warm engine (in a worker or in-process)."""
    engine = _engine(lp, threads)
    out = []
    for derates in tasks:
        r = engine.solve(derates)
        out.append(_outcome(lp, r, element_cols, r.path))
    return out


def _run_serial(lp, tasks, element_cols, progress):
    out: list[_Outcome] = []
    for start in range(0, len(tasks), _CHUNK):
        out.extend(_solve_chunk(lp, tasks[start:start + _CHUNK], element_cols, threads=None))
        if progress:
            progress(len(out), len(tasks))
    return out


def _chunks(tasks: list, jobs: int) -> list[list]:
    """``tasks`` in chunks of at most ``_CHUNK``, at least 8 per worker: solve costs vary by element, so
    many small chunks taken as workers free up keep them busy to the end (a chunk costs ~1 ms to ship)."""
    size = max(1, min(_CHUNK, math.ceil(len(tasks) / (jobs * 8))))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def _init_worker(lp: LinearProgram, element_cols: Sequence[Any] | None) -> None:
    """Worker-process start: one warm engine for the whole sweep, solved at the base case."""
    _WORKER["element_cols"] = element_cols
    _engine(lp, 1).solve()


def _solve_in_worker(tasks: Sequence[Change]) -> tuple:
    return _packed(_solve_chunk(_WORKER["lp"], tasks, _WORKER["element_cols"], 1))


def _packed(outcomes: list[_Outcome]) -> tuple:
    """A worker's outcomes as it ships them: each delivery vector as the entries whose bits differ
    from the base case's, and the base case's vector once. A cut moves a few deliveries: dense, the
    10,000-link sweep's outcomes are 24 KB each (2,973 deliveries and supplies), 58 MB a sweep to
    pickle, send and read back; as their changes, a few hundred bytes each."""
    import dataclasses

    import numpy as np

    base = _WORKER["engine"].base_x[_WORKER["delivery_cols"]]
    bits = base.view(np.int64)
    out = []
    for o in outcomes:
        if o.delivered is None:
            out.append((o, None, None))
            continue
        at = np.flatnonzero(o.delivered.view(np.int64) != bits)
        out.append((dataclasses.replace(o, delivered=None), at, o.delivered[at]))
    return base, out


def _unpacked(packed: tuple) -> list[_Outcome]:
    """The outcomes :func:`_packed` shipped, each delivery vector whole again (the same bits)."""
    import dataclasses

    base, items = packed
    out = []
    for o, at, values in items:
        if at is not None:
            delivered = base.copy()
            delivered[at] = values
            o = dataclasses.replace(o, delivered=delivered)
        out.append(o)
    return out


def _check_main_guard(jobs: int) -> None:
    """Fail at once when worker processes would re-run an unguarded script (and end in BrokenProcessPool)."""
    problem = main_guard_problem(jobs)
    if problem is not None:
        raise CorridorsError(problem)


_WORKER_MODULES = ("numpy", "scipy.sparse", "highspy", "corridors.model.blocks", "corridors.model.local",
                   "corridors.analysis.sweeps")


def _run_processes(lp, tasks, element_cols, jobs, progress, info, done=0, total=None):
    """``tasks`` solved by ``jobs`` processes: this one and ``jobs − 1`` workers (:func:`share_chunks`)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _check_main_guard(jobs)
    total = len(tasks) if total is None else total
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        # the fork server imports these once (when it starts): each sweep's workers fork with them
        # loaded instead of importing numpy, highspy and the engine again (a missing one is skipped)
        ctx.set_forkserver_preload(list(_WORKER_MODULES))
    info["processes"] = jobs
    # the model travels once per worker (initializer), not once per chunk
    with one_thread_per_worker(), ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx, initializer=_init_worker,
                                                       initargs=(lp, element_cols)) as pool:
        return share_chunks(_chunks(tasks, jobs), lambda chunk: _solve_chunk(lp, chunk, element_cols, threads=None),
                            pool, _solve_in_worker, _unpacked, jobs - 1,
                            progress and (lambda n: progress(done + n, total)))


def _run_dask(lp, tasks, element_cols, address, jobs, progress, info):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ScenarioError("--dask needs Dask: pip install 'corridors[distributed]'") from None
    own_cluster = None
    if address in ("local", "", None):
        with one_thread_per_worker(), quiet_workers():
            own_cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                       dashboard_address=None)
        client = Client(own_cluster)
    else:
        try:
            client = Client(address, timeout="10s")
        except OSError as exc:
            raise ScenarioError(f"cannot reach the Dask scheduler at {address!r} ({exc}); start one or use --dask local") from None
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        info["processes"] = n_workers
        chunks = _chunks(tasks, n_workers)
        [lp_future] = client.scatter([lp], broadcast=True)
        token = _lp_token(lp)
        futures = [client.submit(_solve_chunk_on_worker, lp_future, chunk, element_cols, token, pure=False)
                   for chunk in chunks]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[list[_Outcome] | None] = [None] * len(chunks)
        done = 0
        for fut in as_completed(futures):
            i = index[fut.key]
            results[i] = _unpacked(fut.result())
            done += len(chunks[i])
            if progress:
                progress(done, len(tasks))
        return [o for chunk in results for o in chunk]  # type: ignore[union-attr]
    finally:
        client.close()
        if own_cluster is not None:
            own_cluster.close()


def _run_auto(lp, tasks, element_cols, progress, info):
    """``jobs="auto"``: solve here; once the solves so far show that more than :data:`_AUTO_AFTER` s
    are left, share the rest with a worker process on each other core (:func:`_run_processes`: this
    process keeps solving while they start). Serial where workers may not start or on one core."""
    cores = usable_cores()
    out: list[_Outcome] = []
    t0 = n0 = None  # timed from the second chunk on (the first may warm the engine up)
    may_share = cores > 1
    while len(out) < len(tasks):
        out.extend(_solve_chunk(lp, tasks[len(out):len(out) + _AUTO_CHUNK], element_cols, threads=None))
        if progress:
            progress(len(out), len(tasks))
        if t0 is None:
            t0, n0 = time.perf_counter(), len(out)
            continue
        left = (time.perf_counter() - t0) / (len(out) - n0) * (len(tasks) - len(out))
        if may_share and left > _AUTO_AFTER and len(tasks) - len(out) > cores:
            may_share = main_guard_problem("auto") is None  # asked once: it may read the script
            if may_share:
                return out + _run_processes(lp, tasks[len(out):], element_cols, cores, progress, info, len(out),
                                            len(tasks))
    return out


def _execute(lp, tasks, element_cols, *, jobs, dask, progress, info):
    """``tasks``' outcomes in order; ``info["processes"]``: how many processes solved (Dask: its workers)."""
    if not tasks:
        return []
    if dask is not None:
        return _run_dask(lp, tasks, element_cols, dask, usable_cores() if jobs == "auto" else jobs, progress, info)
    if jobs == "auto":
        return _run_auto(lp, tasks, element_cols, progress, info)
    if jobs > 1 and len(tasks) > jobs:
        return _run_processes(lp, tasks, element_cols, jobs, progress, info)
    return _run_serial(lp, tasks, element_cols, progress)


# -- the result ---------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SweepResult:
    """What losing each element (N-1) or pair (N-2) costs, ranked.

    ``table`` is indexed by element (``"a"`` or ``"a + b"``) with, per commodity ``k`` (in
    ``k``'s canonical unit; nothing is summed across commodities): ``unmet_k``, ``lost_k`` (unmet
    beyond the base case; negative where the loss frees shared capacity for ``k``), ``lost_pct_k``
    (% of that commodity's demand), ``carried_k`` (the base-case flow through the element, across
    its boundary), ``crossed_k`` (base flow on routes that cross the element, from the decomposition
    by origin) split into ``rerouted_k`` (same origin and source, same market, another route),
    ``substituted_k`` and ``lost_crossed_k`` with ``rerouted_share_k`` — the definitions of
    :mod:`corridors.analysis.crossing`, the same as :func:`corridors.analysis.bypasses.bypass` —
    ``own_supply_k`` / ``own_demand_k`` (the element's own supply and markets) and
    ``lost_transit_k`` / ``lost_transit_pct_k`` (what is lost of the flow that only passes through).
    Then ``loss_pct`` (the ranking key: the largest ``lost_pct_k``, or ``lost_transit_pct_k`` with
    ``transit=True``; ties go to the larger ``loss_pct_sum``, then the larger ``extra_cost``;
    ``sweep(rank="loss")`` orders by ``objective`` instead, see :func:`~corridors.analysis.ranking.rank_order`),
    ``bypass_share`` (the ``rerouted_share_k`` of ``bypass_commodity``: the ranked commodity, else
    the one that sets ``loss_pct``), ``extra_cost`` (the transport cost change plus the base cost of
    the volume lost: what the rerouted and substituted flow costs against its base routes, never
    negative because flow was lost), ``penalty_change`` (the change in the unmet-demand penalty,
    apart), ``origin`` (the element holds supply used in the base case) and ``solved`` (False where
    pruning gave the answer).
    ``paths`` counts how the solves were answered: ``local`` / ``grown`` (exact local re-solve,
    :mod:`corridors.model.local`), ``warm`` (warm re-solve of the block) or ``base`` (no bound changed).
    ``processes``: how many processes solved (this one and its workers; Dask: the cluster's workers).
    """

    level: str
    k: int
    year: int | None
    commodities: tuple[str, ...]
    demand: dict[str, float]
    base_objective: float
    table: pd.DataFrame
    solves: int
    pruned: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    paths: dict[str, int] = field(default_factory=dict)
    processes: int = 1

    def __repr__(self) -> str:
        return (f"<SweepResult N-{self.k} over {len(self.table)} {self.level} elements: "
                f"{self.solves} solves, {self.pruned} pruned, {self.seconds:.2f} s>")

    def top(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` most critical elements."""
        return self.table.head(n)

    def to_frame(self) -> pd.DataFrame:
        """The ranking as a plain DataFrame (element as a column)."""
        return self.table.reset_index()

    def to_json(self, *, indent: int | None = 2, top: int | None = None) -> str:
        """Stable JSON (sorted keys, 6 significant digits)."""
        from corridors.data.formats import to_stable_json

        frame = self.to_frame() if top is None else self.to_frame().head(top)
        return to_stable_json({
            "level": self.level, "k": self.k, "year": self.year, "demand": self.demand,
            "solves": self.solves, "pruned": self.pruned,
            "elements": frame.to_dict("records"),
        }, indent=indent)

    def _repr_html_(self) -> str:
        import html

        from corridors.data.formats import html_table as _html_table

        cols = ["name", "loss_pct", *[f"lost_{k}" for k in self.commodities], "bypass_share", "extra_cost"]
        head = (f"<b>N-{self.k} sweep over {len(self.table)} {html.escape(self.level)} elements"
                f"{'' if self.year is None else f' ({self.year})'}</b>: {self.solves} solves, {self.pruned} pruned")
        return head + _html_table(self.table[[c for c in cols if c in self.table.columns]].reset_index(), max_rows=20)

    def _network(self, network: Network | None) -> Network:
        """``network`` (default the bundled one) as it stood in the sweep's year."""
        from corridors.data.io import load_network

        network = network if network is not None else load_network()
        return network.at(self.year) if network.year is None and self.year is not None else network

    def to_geodataframe(self, *, network: Network | None = None) -> gpd.GeoDataFrame:
        """The ranking with each element's geometry (EPSG:4326), most critical first.

        Links are lines, nodes points, countries their outlines; an asset, corridor or mode is
        the union of its links, and an N-2 pair the union of both elements.

        Parameters
        ----------
        network
            The network swept (default the bundled network), for the geometry.

        Examples
        --------
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> g = sweep(net, level="link", year=2024).to_geodataframe(network=net)
        >>> g.geom_type.unique().tolist()
        ['LineString']
        """
        import geopandas as gpd
        import shapely

        from corridors.data.geometry import countries

        net = self._network(network)
        lines, points = net.links.geometry, net.nodes.geometry
        members = level_elements(net, self.level) if self.level in ("asset", "corridor", "mode") else {}
        shapes = countries().geometry if self.level == "country" else None
        geoms = []
        for element in self.table.index:
            parts = []
            for ident in str(element).split(" + ") if self.k > 1 else [str(element)]:
                if self.level == "link":
                    parts.append(lines.get(ident))
                elif self.level == "node":
                    parts.append(points.get(ident))
                elif shapes is not None:
                    parts.append(shapes.get(ident))
                else:
                    parts += [lines.get(lid) for lid in members.get(ident, ((), ()))[0]]
            parts = [g for g in parts if g is not None]
            geoms.append(shapely.union_all(parts) if len(parts) > 1 else (parts[0] if parts else None))
        return gpd.GeoDataFrame(self.to_frame(), geometry=geoms, crs="EPSG:4326")

    def to_file(self, path: str | os.PathLike, *, network: Network | None = None) -> Path:
        """Write the ranking as a GeoPackage for QGIS: layer ``ranking`` (see :meth:`to_geodataframe`).

        Examples
        --------
        >>> import tempfile, pathlib, pyogrio
        >>> from corridors.data.io import load_demo_network
        >>> net = load_demo_network()
        >>> out = sweep(net, level="asset", year=2024).to_file(pathlib.Path(tempfile.mkdtemp()) / "n1.gpkg", network=net)
        >>> [str(name) for name, _ in pyogrio.list_layers(out)]
        ['ranking']
        """
        from corridors.data.files import write_layers

        return write_layers(path, {"ranking": self.to_geodataframe(network=network)})

# -- the sweep ----------------------------------------------------------------------------------

def sweep(network: Network, *, level: str = "link", k: int = 1, year: int | None = None, scenario: Any = None,
          commodity: str | None = None, elements: Iterable[str] | None = None, transit: bool = False, jobs: int | str = 1,
          dask: str | None = None, prune: bool = True, rank: str = "share",
          progress: Callable[[int, int], None] | None = None) -> SweepResult:
    """Lose each element of ``level`` (``k=1``) or each pair (``k=2``) and rank them by what is lost.

    Parameters
    ----------
    network
        The network (filtered to ``year`` as :func:`corridors.solve` does).
    level
        ``link``, ``node``, ``asset``, ``country``, ``corridor`` or ``mode``.
    k
        1 (every element) or 2 (every pair of elements).
    year, scenario
        As for :func:`corridors.solve`; the sweep starts from that base case.
    commodity
        Rank by this commodity's loss (all commodities stay in the model).
    elements
        Only these element ids (default: all of the level).
    transit
        Rank by ``lost_transit_pct_k``: leave out each element's own supply and demand (shown in
        ``own_supply_k`` / ``own_demand_k``), so a country ranks on what only passes through it.
    jobs
        Processes that solve: ``N`` is this one and ``N − 1`` workers (1: this process alone);
        ``"auto"``: this process, and once the solves so far show more than a second of them left,
        a worker on each other core it may use too (none from a script without a ``__main__`` guard).
    dask
        ``"local"`` or a Dask scheduler address: run the chunks on a Dask cluster.
    prune
        Skip solves whose answer is known exactly (see the module docstring); ``False`` solves all.
    rank
        ``share`` (default): by the largest lost share of one commodity; ``loss``: by the
        objective's priority-weighted unmet demand (the order :func:`corridors.worst_case` uses;
        see :func:`~corridors.analysis.ranking.rank_order`).
    progress
        ``progress(done, total)`` is called as solves finish.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> r = sweep(load_demo_network(), level="asset", year=2024, commodity="oil")
    >>> list(r.table.index[:2]), r.solves     # the ferry and the rail line behind it share a solve
    (['DEMO-OIL', 'DEMO-WEST'], 3)
    """
    import numpy as np
    import pandas as pd

    from corridors.data.units import COMMODITIES
    from corridors.model.cache import cached_problem

    if k not in (1, 2):
        raise ScenarioError(f"k={k!r}: sweeps lose one element (k=1) or every pair (k=2)")
    if commodity is not None and commodity not in COMMODITIES:
        raise ScenarioError(f"unknown commodity {commodity!r}{suggest(str(commodity), COMMODITIES)}")
    if jobs != "auto" and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ScenarioError(f"jobs={jobs!r}: give 1 or more processes, or 'auto'")
    if rank not in RANKS:
        raise ScenarioError(f"rank={rank!r}{suggest(str(rank), RANKS)}; rank by 'share' or 'loss'")
    t0 = time.perf_counter()
    # the model, its prepared network and the level's elements are shared by calls on the same
    # content (corridors.model.cache); the warm engine and its base solution by the same LP (_engine)
    problem = cached_problem(network, scenario=scenario, year=year)
    lp = problem.program  # the arrays; no PuLP model is generated
    net = problem.network
    t_build = time.perf_counter() - t0
    per_level = _ELEMENTS.setdefault(problem, {})
    if level not in per_level:  # the level's elements, and each one's bound changes and columns once made
        per_level[level] = (level_elements(net, level), {})
    found, prepared = per_level[level]
    members = pick(found, elements, level)
    ids = list(members)
    for e in ids:
        if e not in prepared:
            prepared[e] = (_derates(lp, *members[e]), _element_columns(lp, *members[e]))
    derates = [prepared[e][0] for e in ids]
    element_cols = [prepared[e][1] for e in ids]

    # base case
    base_run = _engine(lp).solve()
    base = _outcome(lp, base_run, element_cols)
    if base.status != "optimal":
        raise ScenarioError(f"the base case did not solve ({base.status}); check the network with `corridors solve`")
    commodities = tuple(lp.commodities)
    if "_demand" not in per_level:  # total demand per commodity, once per model
        per_level["_demand"] = demand_totals(problem.balances, commodities)
    demand = dict(per_level["_demand"])
    carried, origin = per_element(per_level, lp, level, base_run.x, ids, members)
    if "routes" not in per_level:  # the base case decomposed by origin, once per model
        per_level["routes"] = base_routes(problem, base_run.x)
    routes, route_of, source_of = per_level["routes"]
    n_keys, n_sources, n_delivery = len(routes.keys), len(routes.sources), len(route_of)
    if "untouched" not in per_level:  # the split of an element no base flow uses: nothing crossed it
        per_level["untouched"] = routes.split([], [], routes.delivered)
    untouched = per_level["untouched"]

    solves = 0
    info = {"processes": 1}  # how many processes solved (_execute)
    # elements of links in series share one solve (corridors.analysis.series): exact, like pruning
    keys = series_keys_of(per_level, lp, level, ids, members) if prune else [None] * len(ids)
    todo = [i for i in range(len(ids)) if derates[i] and (not prune or base.carries[i])]
    first: dict[frozenset, int] = {}
    solve1 = [i for i in todo if keys[i] is None or first.setdefault(keys[i], i) == i]
    if k == 1:
        # each cut after the one most like it (fewer simplex iterations from the last basis), once per
        # model, level and set of cuts; links keep the network's order (as good, see solve_order)
        order = list(range(len(solve1)))
        if level != "link":
            key = ("order", level, tuple(solve1))
            if key not in per_level:
                engine = _engine(lp)
                per_level[key] = similar_first([derates[i] for i in solve1], num_rows=lp.num_row,
                                               groups=[engine.engine_key(derates[i]) for i in solve1])
            order = per_level[key]
        ordered = _execute(lp, [derates[solve1[j]] for j in order], None, jobs=jobs, dask=dask, progress=progress, info=info)
        outcomes = [None] * len(solve1)
        for j, o in zip(order, ordered):
            outcomes[j] = o
        solved_outcomes = list(outcomes)
        solves = len(solve1)
        by_index = dict(zip(solve1, outcomes))
        by_index_all = {i: by_index[i if keys[i] is None else first[keys[i]]] for i in todo}
        rows = [(ids[i], by_index_all.get(i, base), i in by_index, (i,)) for i in range(len(ids))]
    else:
        # N-1 first (with which elements carry flow afterwards), then the pairs that need a solve
        out1 = _execute(lp, [derates[i] for i in solve1], element_cols, jobs=jobs, dask=dask, progress=None, info=info)
        n1 = {i: base for i in range(len(ids))}
        n1.update(dict(zip(solve1, out1)))
        n1.update({i: n1[first[keys[i]]] for i in todo if keys[i] is not None})
        by_key = {keys[i]: n1[i] for i in todo if keys[i] is not None}
        pairs = list(itertools.combinations(range(len(ids)), 2))
        need, known, alias, pair_first = [], {}, {}, {}
        for a, b in pairs:
            ra, rb = n1[a], n1[b]
            b_matters = ra.carries is None or bool(ra.carries[b])
            a_matters = rb.carries is None or bool(rb.carries[a])
            if not prune or (b_matters and a_matters):
                key = keys[a] | keys[b] if keys[a] is not None and keys[b] is not None else None
                if key is not None and key in by_key:
                    known[(a, b)] = by_key[key]  # both in one chain: the pair's loss is one element's
                elif key is not None and key in pair_first:
                    alias[(a, b)] = pair_first[key]
                else:
                    if key is not None:
                        pair_first[key] = (a, b)
                    need.append((a, b))
            else:
                known[(a, b)] = ra if not b_matters else rb
        tasks = [derates[a].merge(derates[b]) for a, b in need]
        outs = _execute(lp, tasks, None, jobs=jobs, dask=dask, progress=progress, info=info)
        solved_outcomes = list(out1) + list(outs)
        solves = len(solve1) + len(need)
        known.update(dict(zip(need, outs)))
        known.update({pair: known[rep] for pair, rep in alias.items()})
        solved = set(need)
        rows = [(f"{ids[a]} + {ids[b]}", known[(a, b)], (a, b) in solved, (a, b)) for a, b in pairs]

    if ("_names", level) not in per_level:
        per_level[("_names", level)] = names_of(net, level)
    names = per_level[("_names", level)]
    # rows with the same outcome and the same chains (or no flow in the base case) have the same
    # metrics but for ``carried_k``: computed once, and every row's split in one batch
    carried_rows = [[max(carried[i].get(c, 0.0) for i in members_idx) for c in commodities]
                    for _, _, _, members_idx in rows]
    memos: list[Any] = []
    jobs: dict[Any, int] = {}  # memo -> position in ``work``; a row without a memo gets its own
    work: list[tuple] = []  # (outcome, links, nodes, first row)
    for r, (_, outcome, _, members_idx) in enumerate(rows):
        if outcome is base and not any(base.carries[i] for i in members_idx):
            memo = ("untouched",)  # no base flow uses the element (exact pruning): nothing crossed it
        else:
            chain = frozenset().union(*(keys[i] for i in members_idx)) \
                if all(keys[i] is not None for i in members_idx) else None
            memo = (id(outcome), chain) if chain is not None else None
        at = jobs.get(memo) if memo is not None else None
        if at is None:
            at = len(work)
            if memo is not None:
                jobs[memo] = at
            work.append((outcome, sorted({lid for i in members_idx for lid in members[ids[i]][0]}),
                         sorted({nid for i in members_idx for nid in members[ids[i]][1]}), r, memo))
        memos.append(at)
    splits: list[Any] = [untouched if job[4] == ("untouched",) else None for job in work]
    with_delivery = [j for j, job in enumerate(work) if splits[j] is None and job[0].delivered is not None]
    # in chunks of at most _BATCH_VALUES values per array, however many rows and keys (the 10k-link
    # sweep's 2,426 rows × its keys at once would allocate gigabytes; small chunks stay in cache)
    step = max(1, _BATCH_VALUES // max(1, n_keys, n_sources + 1, n_delivery + n_sources, len(routes.pair_key)))
    for start in range(0, len(with_delivery), step):
        chunk = with_delivery[start:start + step]
        got = np.stack([work[j][0].delivered for j in chunk])
        rows_at = np.arange(len(chunk))[:, None]
        delivered = np.bincount((rows_at * n_keys + route_of).ravel(), weights=got[:, :n_delivery].ravel(),
                                minlength=len(chunk) * n_keys).reshape(-1, n_keys)
        supplied = np.bincount((rows_at * (n_sources + 1) + source_of).ravel(), weights=got[:, n_delivery:].ravel(),
                               minlength=len(chunk) * (n_sources + 1)).reshape(-1, n_sources + 1)[:, :n_sources]
        for j, split in zip(chunk, routes.split_many([work[j][1:3] for j in chunk], delivered, supplied)):
            splits[j] = split
    for j, job in enumerate(work):
        if splits[j] is None:
            splits[j] = routes.split(job[1], job[2], np.full(n_keys, np.nan))
    metrics_of = [row_metrics(job[0], base, splits[j], commodities, demand, commodity,
                              dict(zip(commodities, carried_rows[job[3]])), transit) for j, job in enumerate(work)]
    carried_cols = [f"carried_{c}" for c in commodities]
    outcomes = [outcome for _, outcome, _, _ in rows]
    table = ranked_table(
        [key for key, _, _, _ in rows], metrics_of, memos,
        own={"name": [" + ".join(names.get(ids[i], ids[i]) for i in members_idx) for _, _, _, members_idx in rows],
             "penalty_change": [(o.objective - o.transport) - (base.objective - base.transport) for o in outcomes],
             "objective": [o.objective for o in outcomes],
             "origin": [any(origin[i] for i in members_idx) for _, _, _, members_idx in rows],
             "status": [o.status for o in outcomes],
             "solved": [was_solved for _, _, was_solved, _ in rows]},
        overrides={c: [row[j] for row in carried_rows] for j, c in enumerate(carried_cols)}, rank=rank)
    seconds = time.perf_counter() - t0
    return SweepResult(level=level, k=k, year=problem.year, commodities=commodities, demand=demand,
                       base_objective=base.objective, table=table, solves=solves,
                       pruned=(len(rows) if k == 1 else len(rows) + len(ids)) - solves, seconds=seconds,
                       timings={"build": t_build, "total": seconds},
                       paths=dict(sorted(collections.Counter(o.path for o in solved_outcomes).items())),
                       processes=info["processes"])
