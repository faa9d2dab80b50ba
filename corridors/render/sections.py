"""The report's analysis sections: "Dependence" (who is captive to whom) and "Planning against
failure" (the cost–resilience frontier as an inline SVG chart); and the tables of its claims
section drawn from plain values (:func:`rows_table`, :class:`Num`).

Both compute with the library (:func:`corridors.analysis.dependences.dependence`,
:func:`corridors.analysis.planning.plan_curve`) and return :class:`markupsafe.Markup` fragments built
from autoescaped templates: every string from data reaches the page as a template variable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from corridors.render.pages import FIXED_UNITS, QUANTITIES, _canonical, _cell, render_template, table_html

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = ["dependence_section", "planning_section", "frontier_svg", "PLAN_LIMITS", "PLAN_COMMODITY", "PLAN_YEAR",
           "Num", "Unstable", "num_sum", "pandas_column_sums", "pandas_sums", "rows_table", "shown"]

#: The limits of the report's frontier: few, so the report stays fast. On the bundled network (freight, per
#: commodity, 2030) they give three points (nothing; Kars–Iğdır + Astara phase 2; TRIPP + Kars–Iğdır) and one
#: infeasible limit (Georgia failing leaves 5.6 % of the freight unmet whatever is built).
PLAN_LIMITS: tuple[float, ...] = (1.0, 0.8, 0.5, 0.05)
#: The commodity the report's frontier limits: per market and for every commodity no limit below 100 % can be
#: met on the bundled network (TAP crosses Greece and Albania), so the section plans the freight bypasses.
PLAN_COMMODITY = "freight"
#: The year the report plans for (at least the report's year, at most the network's last year).
PLAN_YEAR = 2030


def _pct(v: Any) -> float:
    return math.nan if v is None or (isinstance(v, float) and math.isnan(v)) else 100.0 * float(v)


def dependence_section(network: Network, *, year: int, by: str = "country", markets: int = 3,
                       rows: int = 3) -> dict[str, Any]:
    """The "Dependence" section: the captive-to table and the top elements of the main markets.

    ``markets`` largest markets per commodity (by base supply served), each with its ``rows``
    elements crossed most. Shares in %, volumes in the commodity's unit.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> s = dependence_section(load_demo_network(), year=2024)
    >>> "share_pct (%)" in s["captive"], "share_lost_pct (%)" in s["top"]
    (True, True)
    """
    import pandas as pd

    from corridors.analysis.dependences import dependence
    from corridors.model.flow import quiet_stdout
    from corridors.render.dependence import dependence_summary

    with quiet_stdout():
        dep = dependence(network, year=year, by=by)
    names = network.nodes["name"].to_dict()
    c = dep.captive_to.copy()
    c.insert(2, "name", [names.get(i, "") if k == "market" else "" for k, i in zip(c["kind"], c["id"])])
    c["share_pct"] = c.pop("share").map(_pct)
    c = c.drop(columns=["via_kind"]).sort_values(["kind", "share_pct", "id"], ascending=[True, False, True], kind="stable")
    m = dep.markets
    top = []
    for _, g in m.groupby("commodity", sort=True):
        served = g.drop_duplicates("market").nlargest(markets, "served")["market"]
        for mk in served:
            top.append(g[g["market"] == mk].sort_values(["share_crossing", "via"], ascending=[False, True],
                                                        kind="stable").head(rows))
    t = pd.concat(top, ignore_index=True) if top else m.head(0)
    t.insert(1, "name", t["market"].map(names))
    t["share_crossing_pct"] = t.pop("share_crossing").map(_pct)
    t["share_lost_pct"] = t.pop("share_lost").map(_pct)
    t = t.drop(columns=["via_kind"])
    return {"by": by, "year": dep.year, "summary": dependence_summary(dep),
            "captive": table_html(c, max_rows=80, caption=f"Captive to: each market's and supplier's largest single-{by} share"),
            "top": table_html(t, max_rows=80, caption=f"The main markets ({markets} largest per commodity): "
                                                       f"the {by} their supply crosses most, and what they lose without it")}


def _ticks(hi: float, n: int = 4) -> list[float]:
    if hi <= 0:
        return [0.0]
    raw = hi / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return [i * step for i in range(int(hi / step + 1e-9) + 1)]


def frontier_svg(frame: pd.DataFrame, *, unit: str = "EUR", width: int = 680, height: int = 320) -> Markup:
    """The cost–resilience frontier (:func:`~corridors.analysis.planning.plan_curve`) as inline SVG.

    x: capex annualised (M ``unit``/y); y: the worst-case loss share after the plan (%); one point
    per optimal limit, labelled with the projects it adds to the cheaper point before it.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"limit": [1.0, 0.25], "status": ["optimal", "optimal"], "annualised": [0.0, 9.4e7],
    ...                   "projects": ["", "TAP-X20 [K]"], "worst_after": [1.0, 0.2]})
    >>> svg = frontier_svg(f)
    >>> svg.count('class="point"'), "+TAP-X20 [K]" in svg, "M EUR/y" in svg
    (2, True, True)
    """
    ok = frame[frame["status"] == "optimal"].sort_values(["annualised", "limit"], ascending=[True, False], kind="stable")
    left, right, top, bottom = 64, width - 150, 16, height - 44
    xs = [float(v) / 1e6 for v in ok["annualised"]]
    ys = [_pct(v) for v in ok["worst_after"]]
    xhi = max([*xs, 0.0]) * 1.1 or 1.0
    xt = _ticks(xhi)
    xhi = max(xhi, xt[-1]) or 1.0
    sx = lambda v: round(left + (right - left) * v / xhi, 1)  # noqa: E731
    sy = lambda v: round(bottom - (bottom - top) * v / 100.0, 1)  # noqa: E731
    points, before = [], set()
    for x, y, rec in zip(xs, ys, ok.to_dict("records")):
        projects = [p.strip() for p in str(rec.get("projects") or "").split(" + ") if p.strip()]
        added = [p for p in projects if p not in before]
        before |= set(projects)
        label = " ".join(f"+{p}" for p in added) or ("nothing built" if not projects else "same projects")
        tip = (f"limit {_pct(rec['limit']):.0f} %: {' + '.join(projects) or 'nothing built'}; "
               f"{x:.3g} M {unit}/y; worst loss {y:.1f} %")
        points.append({"x": sx(x), "y": sy(0.0 if math.isnan(y) else y), "label": label, "tip": tip})
    return render_template(
        "frontier.svg.j2", width=width, height=height, left=left, right=right, top=top, bottom=bottom,
        title="Cost–resilience frontier", xlabel=f"Capex annualised (M {unit}/y)",
        ylabel="Worst-case loss share (%)", points=points,
        path=" ".join(f"{p['x']},{p['y']}" for p in points) if len(points) > 1 else "",
        xticks=[{"x": sx(v), "text": f"{v:g}"} for v in xt],
        yticks=[{"y": sy(v), "text": f"{v:g}"} for v in (0, 25, 50, 75, 100)]).strip()


def planning_section(network: Network, *, year: int, limits: Sequence[float] = PLAN_LIMITS, level: str = "country",
                     transit: bool = True, commodity: str | None = PLAN_COMMODITY, by: str = "commodity",
                     dated: bool = True) -> dict[str, Any]:
    """The "Planning against failure" section: the frontier over ``limits`` as a chart and a table.

    The plans are for :data:`PLAN_YEAR` (or ``year`` when later; never past the network's last
    year), the limit held for ``commodity`` only (every commodity when ``None`` or when the
    network carries none of it), ``by`` market or commodity, with the projects dated after the
    decision year as candidates when ``dated`` (:func:`corridors.analysis.planning.plan`).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> s = planning_section(load_demo_network(), year=2024, limits=[1.0], level="asset", transit=False)
    >>> 'class="point"' in s["chart"], s["infeasible"], s["commodity"], s["year"]
    (True, [], 'freight', 2030)
    """
    from corridors.analysis.planning import plan_curve
    from corridors.model.flow import quiet_stdout

    span = network.year_range
    year = max(int(year), min(PLAN_YEAR, span[1]) if span else int(year))
    if commodity is not None and commodity not in set(network.balances["commodity"]):
        commodity = None
    with quiet_stdout():
        frame = plan_curve(network, limits=list(limits), level=level, year=year, transit=transit, commodity=commodity,
                           by=by, dated=dated)
    unit = str(frame["capex_unit"].iloc[0]) if len(frame) else "EUR"
    table = frame.assign(limit_pct=frame["limit"].map(_pct), worst_after_pct=frame["worst_after"].map(_pct),
                         capex_bn=frame["capex"] / 1e9, annualised_m_per_y=frame["annualised"] / 1e6)
    table = table[["limit_pct", "status", "projects", "capex_bn", "annualised_m_per_y", "worst_after_pct", "binding"]]
    table = table.rename(columns={"limit_pct": "limit (%)", "capex_bn": f"capex (bn {unit})",
                                  "annualised_m_per_y": f"annualised (M {unit}/y)",
                                  "worst_after_pct": "worst-case loss after (%)"})
    infeasible = [f"{_pct(r['limit']):.0f} %: {r['binding']}" for r in frame.to_dict("records") if r["status"] != "optimal"]
    return {"level": level, "year": year, "transit": transit, "limits": [f"{_pct(v):.0f} %" for v in limits],
            "commodity": commodity, "by": by, "dated": dated,
            "chart": frontier_svg(frame, unit=unit), "infeasible": infeasible,
            "table": table_html(table, caption=f"Cost–resilience frontier ({level} N-1, {year}, "
                                               f"{commodity or 'every commodity'} limited; [K] = capex without a source)")}


# -- the claims section's tables, from readouts (corridors.model.delivered.Readout) ------------------
#
# The claims section shows per-commodity sums and a few rows of each case. Sums are added with
# math.fsum and carry a bound on how far pandas' own sum of the same floats (compensated, pairwise or
# ufunc.reduceat, whichever pandas picks) can be from it: a number is shown when every value within
# the bound shows the same digits — then it is the text pandas' sum shows — and otherwise
# :class:`Unstable` asks the caller to add it with pandas itself (``exact=True``).

_U = 2.0 ** -53  # the unit roundoff of a float


class Unstable(Exception):
    """A sum whose digits as shown depend on the order its floats are added in."""


@dataclass(frozen=True)
class Num:
    """A sum of floats and the bound on how far from ``value`` pandas' sum of them may be (0: that very float)."""

    value: float
    bound: float = 0.0

    def __sub__(self, other: Num) -> Num:
        diff = self.value - other.value
        if not (self.bound or other.bound):  # pandas subtracts the same two floats
            return Num(diff)
        return Num(diff, self.bound + other.bound + 2.0 * _U * abs(diff))

    def above(self, threshold: float) -> bool:
        """``value > threshold``, when the bound cannot change the answer."""
        if self.value - self.bound > threshold:
            return True
        if self.value + self.bound <= threshold:
            return False
        raise Unstable(f"{self.value!r} is within {self.bound:g} of {threshold!r}")


def num_sum(values: Sequence[float]) -> Num:
    """The sum of ``values`` (NaN skipped) and its bound.

    Examples
    --------
    >>> s = num_sum([0.1, 0.2, float("nan"), 0.3])
    >>> s.value, 0 < s.bound < 1e-15
    (0.6, True)
    """
    vals = [v for v in values if v == v]
    total = math.fsum(vals)
    if total == 0.0 and any(v == 0.0 and math.copysign(1.0, v) < 0 for v in vals):
        return Num(total, math.inf)  # the sign of a zero depends on the order: let pandas add it
    return Num(total, 2.0 * (len(vals) + 2) * _U * math.fsum(abs(v) for v in vals))


def shown(value: Any, fmt: Callable[[Any], str]) -> str:
    """``fmt(value)``; a :class:`Num` when every float within its bound gives that text, else :class:`Unstable`."""
    if not isinstance(value, Num):
        return fmt(value)
    text = fmt(value.value)
    b = value.bound
    if b and not (b < math.inf and fmt(value.value - b) == text == fmt(value.value + b)):
        raise Unstable(f"{value.value!r} ± {b:g} shows as {fmt(value.value - b)!r} … {fmt(value.value + b)!r}")
    return text


def cell(value: Any) -> str:
    """A table cell as :func:`corridors.render.pages.table_html` writes it (3 decimals)."""
    return _cell(value, 3)


def pandas_sums(keys: list, columns: dict[str, list]) -> dict[Any, dict[str, Num]]:
    """``DataFrame(columns).groupby(keys, sort=True)[list(columns)].sum()`` as exact :class:`Num` (what a
    report built from whole tables sums: the float columns of one block)."""
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"key": pd.array(keys, dtype=object), **{c: np.asarray(v, dtype=float) for c, v in columns.items()}})
    t = frame.groupby("key", sort=True)[list(columns)].sum()
    return {k: {c: Num(float(v)) for c, v in zip(columns, row)} for k, row in zip(t.index, t.itertuples(index=False, name=None))}


def pandas_column_sums(rows: dict[str, list], texts: Sequence[str]) -> dict[str, Num]:
    """``DataFrame(rows).select_dtypes("number").sum()`` (``texts`` kept as text) as exact :class:`Num`."""
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({c: pd.array(v, dtype=object) if c in texts else np.asarray(v, dtype=float) for c, v in rows.items()})
    return {c: Num(float(v)) for c, v in frame.select_dtypes("number").sum().items()}


def _head(column: str, units: Sequence[Any] | None) -> str:
    """A column heading as :func:`corridors.render.pages.table_html` writes it, ``units`` the values
    of the table's ``unit`` column (None: it has none)."""
    col = str(column)
    if col in FIXED_UNITS:
        return f"{col} ({FIXED_UNITS[col]})" if FIXED_UNITS[col] else col
    if col in QUANTITIES or col.startswith("lost_"):
        canonical = _canonical()
        if col.startswith("lost_") and col[5:] in canonical:
            return f"{col} ({canonical[col[5:]]})"
        found = {str(u) for u in units if not _missing(u)} if units is not None else set()
        if len(found) == 1:
            return f"{col} ({found.pop()})"
        return f"{col} (in the row's unit)" if found else col
    return col


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def rows_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, units: Sequence[Any] | None = None,
               caption: str | None = None, max_rows: int = 60) -> Markup:
    """The table :func:`~corridors.render.pages.table_html` draws of a frame with these ``columns`` and
    ``rows`` (``units``: its ``unit`` column), from the values themselves (:class:`Num` shown when stable).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"node": ["<a>"], "unit": ["Mt/y"], "demand": [1 / 3]})
    >>> rows_table(list(frame.columns), [["<a>", "Mt/y", 1 / 3]], units=["Mt/y"]) == table_html(frame)
    True
    """
    cells = [[shown(v, cell) for v in row] for row in rows[:max_rows]]
    return render_template("table.html.j2", caption=caption, columns=[_head(c, units) for c in columns], rows=cells,
                           more=max(0, len(rows) - max_rows)).rstrip()
