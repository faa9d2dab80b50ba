"""Base case and scenario side by side: two synchronised map panes with one shared legend.

Both panes draw flows by utilisation (the same scale), so the legend of the base pane serves both;
its view switch and corridor entries act on the two panes at once. The panes pan and zoom
together through Leaflet.Sync (inlined from the pinned copy, like Leaflet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branca.element import MacroElement
from jinja2 import Template

from corridors.render.layers import esc
from corridors.render.legend import ViewControl
from corridors.render.titles import scenario_title

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from corridors.data.network import Network
    from corridors.render.report import Case

__all__ = ["compare_map"]

_CSS = """<style>
#map_cx0, #map_cy0 {position: absolute !important; top: 0 !important; height: 100% !important; width: 50% !important}
#map_cx0 {left: 0 !important} #map_cy0 {left: 50% !important; border-left: 2px solid #fff; box-sizing: border-box}
.cx-head.cx-right {left: calc(50% + 56px)}
.cx-head {max-width: calc(50% - 140px)}
@media (max-width: 600px) {
  #map_cx0, #map_cy0 {width: 100% !important; height: 50% !important; left: 0 !important}
  #map_cy0 {top: 50% !important; border-left: 0; border-top: 2px solid #fff}
  .cx-head {max-width: calc(100% - 120px)} .cx-head.cx-right {left: 50px; top: calc(50% + 8px)}
  .cx-legend {max-height: 22%}
}
</style>"""


class _Sync(MacroElement):
    """``a.sync(b); b.sync(a)`` with the two maps' generated names (no data)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.a.get_name() }}.sync({{ this.b.get_name() }});"
                         " {{ this.b.get_name() }}.sync({{ this.a.get_name() }});{% endmacro %}")

    def __init__(self, a: Any, b: Any):
        super().__init__()
        self._name = "CorridorsSync"
        self.a, self.b = a, b


def _control(m: Any) -> ViewControl:
    return next(c for c in m._children.values() if isinstance(c, ViewControl))


def compare_map(case: Case, network: Network, *, title: str | None = None, tiles: Any = None,
                cdn: bool = False) -> folium.Map:
    """Two synchronised panes: the base case's flows (left) and the scenario's (right), one legend.

    ``network`` is the full network the case was run on (the base pane draws it at the case's year).
    The returned map is the left pane; its figure is the page (save it with
    :func:`~corridors.render.maps.save_map`).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.model.scenario import Scenario
    >>> from corridors.render.report import run_case
    >>> net = load_demo_network()
    >>> m = compare_map(run_case(net, scenario=Scenario.compose(cut=["country:GE"])), net)
    >>> html = m.get_root().render()
    >>> "map_cy0.sync(map_cx0)" in html and "Georgia closed, 2024" in html
    True
    """
    from corridors.errors import DataError
    from corridors.model.flow import prepare_network
    from corridors.render.maps import _Raw, render_map, use_assets
    from corridors.render.report import case_summary

    if case.scenario is None:
        raise DataError("--compare needs a scenario to compare with the base case; add --cut, --derate, "
                        "--project or --scenario")
    base_net = prepare_network(network, year=case.year)
    right_title = title if title is not None else scenario_title(case.scenario, case.network, case.year)
    left = render_map(base_net, case.base, title=f"Base case, {case.year}", tiles=tiles, cdn=cdn, later=case.later)
    right = render_map(case.network, case.result, title=right_title, tiles=tiles, cdn=cdn, map_id="cy0",
                       disrupted=case.scenario, bypass=case.routes if case.routes is not None and len(case.routes) else None,
                       summary=case_summary(case))
    page = left.get_root()
    use_assets(left, cdn=cdn, sync=True)
    page.header.add_child(_Raw(_CSS), name="cx_compare_css")
    # the right pane joins the left one's page; its own page (legend, title box) is dropped
    right._parent = None
    page.add_child(right, name=right.get_name())
    lines = "".join(f"<div>{esc(line)}</div>" for line in case_summary(case))
    box = f'<div class="cx-summary">{lines}</div>' if lines else ""
    page.html.add_child(_Raw(f'<div class="cx-head cx-right"><div class="cx-title">{esc(right_title)}</div>{box}</div>'),
                        name="cx_right_head")
    # the shared legend's corridor entries act on the same corridor in both panes
    lc, rc = _control(left), _control(right)
    by_name = dict(zip(rc.names, rc.corr))
    rc.corr, rc.names = [by_name.get(n) for n in lc.names], list(lc.names)
    sync = _Sync(left, right)
    sync._id = "cy_sync"  # the rest keep the ids render_map gave them (cx…, cy…)
    sync.add_to(right)
    page.title = esc(f"Base case against {right_title}")
    return left
