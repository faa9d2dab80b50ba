"""The portfolio map: the projects a plan builds, highlighted, each with the contingencies it fixes.

:func:`project_fixes` finds, for each project the plan builds, the contingencies whose loss goes
over the plan's limit without it (every other project of the plan still built): one independent
solve per project and contingency (:func:`corridors.model.flow.solve`), the loss share measured
per market (country) and commodity as the plan holds it — a market is not held to the limit when
its own element fails.

:func:`portfolio_map` draws the network of the plan's year with the portfolio built: existing
links solid, the built projects dashed (their planned status) under a wide orange band, the
candidates not built thin and dashed. Each built project's popup gives its capex with unit
(``[K]`` where the value has no source), the annualised cost per year, its lead time and the
contingencies it fixes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridors.errors import DataError
from corridors.render import layers as ml
from corridors.render.layers import esc, is_missing, popup_data
from corridors.render.overlay import fmt_capex

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from corridors.analysis.planning import PlanResult
    from corridors.data.network import Network

__all__ = ["project_fixes", "portfolio_map", "PLAN_COLOUR"]

#: The band under each link a plan builds.
PLAN_COLOUR = "#ff7f00"
_TOL = 1e-6
_CSS = """<style>
.cx-plan-legend {position: absolute; bottom: 64px; left: 10px; z-index: 1000; background: rgba(255,255,255,.94);
  padding: 6px 10px; border-radius: 4px; font: 12px sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 280px}
.cx-plan-legend svg {vertical-align: middle; margin-right: 5px}
@media (max-width: 600px) {.cx-plan-legend {font-size: 11px; max-width: 45%; bottom: 56px; left: 6px}}
</style>"""


def _project_links(network: Network, projects: list[str]) -> dict[str, list[str]]:
    if "project" not in network.links.columns:
        return {p: [] for p in projects}
    ids = network.links["project"]
    return {p: [str(l) for l, q in zip(network.links.index, ids) if q == p] for p in projects}


def _limit(result: PlanResult) -> float:
    return float(result.max_loss) if result.max_loss is not None else 1.0 - float(result.worst_share or 0.0)


def project_fixes(network: Network, result: PlanResult, *, solver: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Per project built: the contingencies whose loss goes over the limit without it.

    Parameters
    ----------
    network
        The full network the plan was made on.
    result
        A :func:`corridors.analysis.planning.plan` result.
    solver
        ``highs`` or ``cbc``.

    Returns
    -------
    dict
        ``{project: [{contingency, market, commodity, loss_share}, …]}`` (``loss_share`` without the
        project, 0–1), worst first; empty lists for a plan that builds nothing.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.analysis.planning import plan
    >>> project_fixes(load_demo_network(), plan(load_demo_network(), level="asset", max_loss=1.0, year=2024))
    {}
    """
    from corridors.analysis.sweeps import level_elements
    from corridors.model.flow import prepare_network, solve
    from corridors.model.scenario import Disruption, Scenario

    if result.status != "optimal" or not result.projects:
        return {p: [] for p in result.projects}
    links = _project_links(network, result.projects)
    every = prepare_network(network, scenario=Scenario(name="plan", year=result.year,
                                                      projects=tuple(l for ls in links.values() for l in ls)))
    members = level_elements(every, result.level)
    node_country = every.nodes["country"].to_dict()
    limit = _limit(result)
    out: dict[str, list[dict[str, Any]]] = {}
    for p in result.projects:
        others = tuple(l for q in result.projects if q != p for l in links[q])
        found = []
        for c in result.contingencies:
            ident = c.split(":", 1)[1] if ":" in c else None
            cut = [] if ident is None else [Disruption(target=c, remaining=0.0)]
            r = solve(network, scenario=Scenario(name=f"without {p}: {c}", year=result.year, disruptions=cut,
                                                 projects=others), solver=solver)
            if not r.ok:
                raise DataError(f"contingency {c} without project {p} did not solve ({r.status})")
            d = r.deliveries
            market = d["country"].where(d["country"].map(lambda v: isinstance(v, str)), d["node"])
            if ident is not None:
                own = {node_country.get(n) or n for n in members.get(ident, ((), ()))[1]}
                own |= {ident} if result.level == "country" else set()
            else:
                own = set()
            keep = ~market.isin(own)
            key = market if result.by == "market" else market.map(lambda _: "all markets")
            g = d[keep].assign(market=key[keep]).groupby(["market", "commodity"], sort=True)[["unmet", "demand"]].sum()
            for (mk, k), row in g.iterrows():
                if row["demand"] > _TOL and row["unmet"] / row["demand"] > limit + _TOL:
                    found.append({"contingency": c, "market": mk, "commodity": k,
                                  "loss_share": float(row["unmet"] / row["demand"])})
        out[p] = sorted(found, key=lambda f: (-f["loss_share"], f["contingency"], f["market"], f["commodity"]))
    return out


def _summary(result: PlanResult) -> list[str]:
    limit = (f"limit {100 * result.max_loss:.0f} % lost per {result.by}" if result.max_loss is not None
             else f"budget {fmt_capex(result.budget or 0.0, result.capex_unit)}")
    lines = [f"{result.level} N-1, {len(result.contingencies)} contingencies (N-0 included), {limit}"]
    if result.status == "infeasible":
        b = result.binding or {}
        share = b.get("loss_share")
        lines.append(f"Infeasible even with every candidate built: {b.get('contingency')} costs {b.get('market')} "
                     f"{'–' if share is None else f'{100 * share:.1f} %'} of its {b.get('commodity')}")
        return lines
    marked = [p + (" [K]" if p in result.unsourced else "") for p in result.projects]
    lines.append(f"Build {', '.join(marked) or 'nothing'}: capex {fmt_capex(result.capex, result.capex_unit)} "
                 f"({fmt_capex(result.annualised, result.capex_unit)}/y annualised)")
    for label, w in (("Worst before", result.worst_before), ("Worst after", result.worst_after)):
        if w and w.get("loss_share") is not None:
            lines.append(f"{label}: {w.get('contingency')} → {w.get('market')} {w.get('commodity')} "
                         f"{100 * w['loss_share']:.1f} % lost")
    if result.unsourced:
        lines.append("[K]: capex is an estimate without a source")
    return lines


def _popup_rows(result: PlanResult, p: str, names: list[str], fixes: list[dict[str, Any]], limit: float):
    from corridors.analysis.planning import annuity

    capex = result.capex_eur.get(p, float("nan"))
    mark = " [K] (an estimate without a source)" if p in result.unsourced else " (sourced)"
    lead = result.lead_time_years.get(p)
    rows = [("Project", esc(p)), ("Links", esc(", ".join(names))),
            ("Capex", esc(f"{fmt_capex(capex, result.capex_unit)}{mark}")),
            ("Annualised", esc(f"{fmt_capex(annuity(capex), result.capex_unit)}/y")),
            ("Lead time", esc(f"{lead:g} years") if lead is not None and not is_missing(lead) else "not known")]
    if fixes:
        for i, f in enumerate(fixes):
            rows.append(("Fixes" if i == 0 else "", esc(f"{f['contingency']}: {f['market']} {f['commodity']} would lose "
                                                       f"{100 * f['loss_share']:.1f} % without it (limit {100 * limit:.0f} %)")))
    else:
        rows.append(("Fixes", esc("no contingency goes over the limit without it alone")))
    return [(k or "&#8203;", v) for k, v in rows]


def portfolio_map(network: Network, result: PlanResult, *, fixes: dict[str, list[dict]] | None = None,
                  title: str | None = None, tiles: Any = None, cdn: bool = False) -> folium.Map:
    """The map of a plan: the projects it builds highlighted, with the contingencies each fixes.

    Parameters
    ----------
    network
        The full network the plan was made on (its candidates are its planned and proposed links).
    result
        A :func:`corridors.analysis.planning.plan` result (optimal or infeasible).
    fixes
        :func:`project_fixes` of the plan; computed when not given.
    title, tiles, cdn
        As :func:`corridors.render.maps.render_map` (the title is escaped).

    Returns
    -------
    folium.Map
        With a "Built by the plan" layer (``className`` ``cx-built``) and a legend.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.analysis.planning import plan
    >>> net = load_demo_network()
    >>> m = portfolio_map(net, plan(net, level="asset", max_loss=1.0, year=2024))
    >>> "Build nothing" in m.get_root().render()
    True
    """
    import folium

    from corridors.model.flow import prepare_network
    from corridors.model.scenario import Scenario
    from corridors.render.legend import line_svg
    from corridors.render.maps import render_map
    from corridors.render.overlay import finish, map_data
    from corridors.render.projects import later_projects

    links = _project_links(network, result.projects)
    built = tuple(l for ls in links.values() for l in ls)
    drawn = prepare_network(network, scenario=Scenario(name="plan", year=result.year, projects=built))
    if fixes is None:
        from corridors.model.flow import quiet_stdout

        with quiet_stdout():
            fixes = project_fixes(network, result)
    heading = title if title is not None else (
        f"Plan {result.year}: {'infeasible' if result.status == 'infeasible' else 'portfolio'} against {result.level} failures")
    m = render_map(drawn, title=heading, summary=_summary(result), tiles=tiles, cdn=cdn,
                   later=later_projects(network, drawn))
    data = map_data(m)
    limit = _limit(result)
    feats = []
    for p, ids in links.items():
        present = [l for l in ids if l in drawn.links.index]
        names = [str(drawn.links.at[l, "name"]) for l in present]
        ref = f"p:{p}"
        data.popups[ref] = popup_data(esc(f"Built by the plan: {p}"), _popup_rows(result, p, names, fixes.get(p, []), limit))
        n = len(fixes.get(p, []))
        tip = (esc(f"{p} (built by the plan)"),
               esc(f"capex {fmt_capex(result.capex_eur.get(p, float('nan')), result.capex_unit)}"
                   f"{' [K]' if p in result.unsourced else ''} · fixes {n} contingenc{'y' if n == 1 else 'ies'}"))
        for lid in present:
            feats.append(ml.line_feature(ml.line_coords(drawn.links.at[lid, "geometry"]),
                                         {"color": PLAN_COLOUR, "weight": 11, "opacity": 0.55}, tip, ref,
                                         id=lid, project=p, h=1))
    if feats:
        layer = folium.FeatureGroup(name=f'<span style="color:{PLAN_COLOUR}">&#9632;</span> Built by the plan', show=True).add_to(m)
        data.lines(feats, className="cx-built", pane="cx-glow").add_to(layer)
    legend = (f'<div class="cx-plan-legend"><b>{esc("Plan " + str(result.year))}</b><br>'
              f'{line_svg(PLAN_COLOUR, None, 8)}built by the plan<br>{line_svg("#555", "8 6")}planned link '
              f'(thin: candidate not built)<br>{line_svg("#555")}existing<br>'
              f'<small>{esc("Capex in " + result.capex_unit + "; [K] = an estimate without a source")}</small></div>')
    return finish(m, css=_CSS, legend=legend, prefix="cxp")

