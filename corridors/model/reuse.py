"""Networks prepared once per block: :func:`reusing` lets :meth:`Scenario.apply` (and the year filter
it starts from) compute each scenario on each network once while the block runs.

A report checks many claims, and each scenario is prepared several times (to solve it, to build
its model when it cannot be a warm re-solve, to draw it). Inside ``with reusing():`` the first
:meth:`~corridors.model.scenario.Scenario.apply` of a scenario (by content) to a network object
is kept and every call returns its own copy of it, so the callers may change what they get. The
networks passed in must not change while the block runs (they are keyed by identity and held
until it ends); outside a block nothing is kept.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> from corridors.model.scenario import Scenario
>>> net, cut = load_demo_network(), Scenario.cut("country:GE", year=2024)
>>> with reusing():
...     a, b = cut.apply(net), cut.apply(net)
>>> a is b, a.links.equals(b.links), a.links.equals(cut.apply(net).links)
(False, True, True)
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["reading", "reusing", "reused", "remembered"]

_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("corridors_reuse", default=None)
_READING: contextvars.ContextVar[bool] = contextvars.ContextVar("corridors_reuse_reading", default=False)


@contextmanager
def reusing() -> Iterator[None]:
    """A block in which :func:`reused` keeps what it computes (a nested block shares the outer one)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


@contextmanager
def reading() -> Iterator[None]:
    """A block whose caller only reads what :func:`reused` hands it: inside :func:`reusing`, the
    network kept itself rather than a copy (what ``make`` runs still gets copies)."""
    token = _READING.set(True)
    try:
        yield
    finally:
        _READING.reset(token)


def reused(key: tuple, network: Any, make: Callable[[], Any]) -> Any:
    """``make()`` — a :class:`~corridors.data.network.Network` made from ``network`` — or, inside a
    :func:`reusing` block, a copy of the one made for the same ``key`` and ``network`` object (in
    a :func:`reading` block, that one itself)."""
    memo = _MEMO.get()
    if memo is None:
        return make()
    full = (id(network), *key)
    hit = memo.get(full)
    if hit is None:
        token = _READING.set(False)  # make() may change what it gets (a scenario changes its year's copy)
        try:
            hit = memo[full] = (network, make())  # the network is held so that its id stays its own
        finally:
            _READING.reset(token)
    return hit[1] if _READING.get() else hit[1].copy()


def remembered(key: tuple, network: Any, make: Callable[[], Any]) -> Any:
    """``make()`` — a value computed from ``network`` that its callers only read (a hash, the derates
    of a scenario) — or, inside a :func:`reusing` block, the very value made for the same ``key``
    and ``network`` object (not a copy)."""
    memo = _MEMO.get()
    if memo is None:
        return make()
    full = ("remembered", id(network), *key)
    hit = memo.get(full)
    if hit is None:
        hit = memo[full] = (network, make())
    return hit[1]
