"""One entry point that draws any result object: :func:`explore` (``cx.explore``).

It picks the view for the object — flows, a comparison, sweep scores (:mod:`corridors.render.maps`),
a dependence (:mod:`corridors.render.dependence`) or a plan's portfolio
(:mod:`corridors.render.portfolio`) — so a notebook needs one name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridors.errors import DataError
from corridors.render.maps import render_map
from corridors.render.projects import later_projects

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from corridors.data.network import Network

__all__ = ["explore"]


def explore(obj: Any, network: Network | None = None, **kwargs: Any) -> folium.Map:
    """The folium map of a result object: a FlowResult, a Comparison, a SweepResult or a Network.

    Parameters
    ----------
    obj
        What to draw: a :class:`~corridors.model.results.FlowResult` (line widths by flow, colours by
        utilisation), a :class:`~corridors.model.results.Comparison` (the change against the base), a
        :class:`~corridors.analysis.sweeps.SweepResult` (elements coloured by their loss), a
        :class:`~corridors.analysis.dependences.Dependence` (the countries shaded by one market's or
        supplier's dependence: give ``market=`` or ``supplier=``, see
        :func:`corridors.render.dependence.dependence_map`), a
        :class:`~corridors.analysis.planning.PlanResult` (the portfolio, see
        :func:`corridors.render.portfolio.portfolio_map`) or a network.
    network
        The network the object was computed on (default the bundled network); only the links in
        the result are drawn, as they were that year.
    **kwargs
        Passed to :func:`render_map` (``title``, ``disrupted``, ``bypass``, ``result``, ``tiles``, …).

    Examples
    --------
    >>> import corridors as cx
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> m = explore(cx.solve(net, year=2024), net, title="Demo flows")
    >>> "Demo flows" in m.get_root().render()
    True
    """
    from corridors.analysis.dependences import Dependence
    from corridors.analysis.planning import PlanResult
    from corridors.analysis.sweeps import SweepResult
    from corridors.data.network import Network
    from corridors.model.results import Comparison, FlowResult, _bundled_network, _check_ids, _drawable

    if isinstance(obj, Network):
        return render_map(obj, **kwargs)
    network = _bundled_network(network)
    if isinstance(obj, FlowResult):
        _check_ids(obj.flows.index, network, "result")
        drawn = _drawable(network, obj.flows.index, obj.year)
        kwargs.setdefault("later", later_projects(network, drawn) if obj.year is not None else None)
        return render_map(drawn, obj, **kwargs)
    if isinstance(obj, Comparison):
        _check_ids(obj.links["id"], network, "comparison")
        return render_map(_drawable(network, obj.links["id"], None), comparison=obj, **kwargs)
    if isinstance(obj, SweepResult):
        return render_map(obj._network(network), sweep=obj, **kwargs)
    if isinstance(obj, Dependence):
        from corridors.render.dependence import dependence_map

        return dependence_map(network, obj, **kwargs)
    if isinstance(obj, PlanResult):
        from corridors.render.portfolio import portfolio_map

        return portfolio_map(network, obj, **kwargs)
    raise DataError(f"cannot draw a {type(obj).__name__}: give a FlowResult, Comparison, SweepResult, Dependence, "
                    "PlanResult or Network")
