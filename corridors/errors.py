"""The exceptions corridors raises on bad input.

Every message names the offending file, id and field, and says what would fix it.
Solver outcomes are never exceptions: they are ``FlowResult.status``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CorridorsError",
    "DataError",
    "ScenarioError",
    "SolverError",
    "suggest",
]


class CorridorsError(Exception):
    """Base class of every error corridors raises on purpose (CLI exit code 2)."""


class DataError(CorridorsError, ValueError):
    """A network file or record is malformed, inconsistent or missing."""


class ScenarioError(CorridorsError, ValueError):
    """A scenario names an unknown target, a bad fraction or an unknown project."""


class SolverError(CorridorsError, RuntimeError):
    """A solver could not be found or started (not an infeasible or failed solve)."""


def suggest(name: str, valid: Iterable[str], *, n: int = 3) -> str:
    """Return a "did you mean …" phrase for ``name`` among ``valid`` ids, or "".

    Examples
    --------
    >>> suggest("btc-g", ["btc-ge", "btc-az", "scp-ge"])
    "; did you mean 'btc-ge', 'btc-az'?"
    >>> suggest("zzz", ["btc-ge"])
    ''
    """
    valid = list(valid)
    close = difflib.get_close_matches(name, valid, n=n, cutoff=0.6)
    if not close:
        lowered = name.lower()
        close = [v for v in valid if lowered and (lowered in v.lower() or v.lower() in lowered)][:n]
    if not close:
        return ""
    return "; did you mean " + ", ".join(repr(c) for c in close) + "?"
