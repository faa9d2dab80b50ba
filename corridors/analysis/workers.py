"""Worker processes for the sweeps: when they may start, one BLAS thread each, and chunks shared with them.

:func:`share_chunks` is the executor of ``jobs=N`` and ``jobs="auto"``: this process solves chunks
from the end of the list while the ``N − 1`` worker processes take them from the front, so no core
waits for the workers to start (on these 2-core machines a fork server and a worker that has read the
model take 0.3–0.7 s; before stop 29 this process only waited, and ``jobs=2`` meant two workers). The
answers are the same whichever process solves a chunk: each starts from the base case of the same model.

Examples
--------
>>> usable_cores() >= 1
True
>>> main_guard_problem(2) is None   # a doctest is no script that workers would re-run
True
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["main_guard_problem", "one_thread_per_worker", "quiet_workers", "share_chunks", "usable_cores"]

_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it, else the count)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def main_guard_problem(jobs: Any) -> str | None:
    """Why worker processes must not start here (one line that says what to do), or None.

    They must not where they would re-run an unguarded script's top level (and end in
    BrokenProcessPool), nor from a process that is itself a worker.
    """
    import multiprocessing as mp

    if mp.parent_process() is not None:  # we *are* a worker re-running the script's top level
        return (f"jobs={jobs}: this script starts worker processes from its top level; put the calls under "
                "`if __name__ == \"__main__\":` (or use jobs=1)")
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    if path is None or spec is not None or not str(path).endswith(".py"):
        return None  # a REPL, a notebook, `python -m`, or the console script: nothing re-runs
    try:
        import ast

        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    if any(isinstance(n, ast.If) and "__main__" in ast.unparse(n.test) for n in tree.body):
        return None
    return (f"jobs={jobs} from {Path(path).name}, which has no `if __name__ == \"__main__\":` guard: the worker "
            "processes would re-run the script; put the calls under that guard (or use jobs=1)")


@contextlib.contextmanager
def one_thread_per_worker():
    """Worker processes started in this block get one BLAS/OpenMP thread each (HiGHS gets ``threads=1``):
    ``jobs`` processes on ``jobs`` cores, not ``jobs × threads`` threads fighting over them."""
    import os

    saved = {v: os.environ.get(v) for v in _THREAD_VARS}
    for v in _THREAD_VARS:
        os.environ.setdefault(v, "1")
    try:
        yield
    finally:
        for v, old in saved.items():
            if old is None:
                os.environ.pop(v, None)
            else:
                os.environ[v] = old


def quiet_workers():
    """Dask configuration for a cluster that only runs sweeps: no statistical profiler in the workers
    (it samples every task thread's stack every 10 ms, under the GIL, for a dashboard nobody opens
    here), and the workers' event loop woken less often (its blocked-loop check every 0.5 s instead
    of 20 ms, system metrics every 5 s, the memory check every second) — each wake-up takes the GIL
    from the solving thread. Use it around ``LocalCluster(...)`` for a long-lived cluster too."""
    import dask

    return dask.config.set({"distributed.worker.profile.enabled": False,
                            "distributed.admin.tick.interval": "500ms",
                            "distributed.admin.system-monitor.interval": "5s",
                            "distributed.worker.memory.monitor-interval": "1s"})


def share_chunks(chunks: Sequence[list], solve_here: Callable[[list], list], pool: Any,
                 solve_there: Callable[[list], Any], unpack: Callable[[Any], list], workers: int,
                 progress: Callable[[int], None] | None = None) -> list:
    """Every chunk's results in order, the chunks shared between this process and ``pool``'s ``workers``.

    The workers take chunks from the front (``pool.submit(solve_there, chunk)``, at most two each in
    flight, their results read with ``unpack``); this process solves them from the back
    (``solve_here(chunk)``) until none is left to take, then those the workers have not started, then
    waits for the workers' last ones. (A ``ProcessPoolExecutor`` hands its workers' call queue up to
    ``workers + 1`` chunks at once, and those can no longer be cancelled: with two in flight per worker
    there is none to take back, and this process waits for at most two chunks per worker at the end.
    A thread pool's queued chunks are taken back.)
    ``progress(done)`` is called with the number of chunks' items done so far.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    results: list[list | None] = [None] * len(chunks)
    front, back = 0, len(chunks)  # chunks[front:back] are not taken yet
    flying: dict[Any, int] = {}
    done = 0

    def collect(futures) -> None:
        nonlocal done
        for fut in futures:
            i = flying.pop(fut)
            results[i] = unpack(fut.result())
            done += len(chunks[i])
        if futures and progress:
            progress(done)

    while front < back or flying:
        while front < back and len(flying) < 2 * workers:
            flying[pool.submit(solve_there, chunks[front])] = front
            front += 1
        if front < back:
            back -= 1
            results[back] = solve_here(chunks[back])
            done += len(chunks[back])
            if progress:
                progress(done)
            collect([f for f in list(flying) if f.done()])
        else:
            # nothing left to take: a chunk still cancellable (not yet handed to a worker) is solved
            # here, else wait for one to finish
            for fut in list(flying):
                if fut.cancel():
                    i = flying.pop(fut)
                    results[i] = solve_here(chunks[i])
                    done += len(chunks[i])
                    if progress:
                        progress(done)
                    break
            else:
                finished, _ = wait(list(flying), return_when=FIRST_COMPLETED)
                collect(finished)
    return [item for chunk in results for item in chunk]  # type: ignore[union-attr]
