"""HTML pages from Jinja2 templates with autoescaping (``corridors/render/templates/``).

Data reaches the report, the gallery index and their tables only as template *variables*, which
Jinja escapes; nothing from data is ever template source. Fragments built here (tables, charts)
are :class:`markupsafe.Markup` and go into the page templates as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from corridors.data.files import bundled_path, seeds_path

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    import pandas as pd

__all__ = ["render_template", "table_html", "bar_chart_svg", "md_inline", "credits", "REPORT_CSS", "GALLERY_CSS"]

REPORT_CSS = """
body {font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; color: #222;
  overflow-wrap: anywhere}
h1 {font-size: 24px; margin: 24px 0 4px} h2 {font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd}
h3 {font-size: 15px; margin: 18px 0 4px}
bdi, td, th, caption {unicode-bidi: isolate}
.meta {color: #555} iframe.map {width: 100%; height: 640px; border: 1px solid #bbb; border-radius: 4px}
.scroll {max-width: 100%; overflow-x: auto}
table {border-collapse: collapse; margin: 6px 0 12px; font-size: 13px}
th, td {padding: 2px 10px 2px 0; text-align: left; vertical-align: top; border-bottom: 1px solid #eee; max-width: 40ch}
th {white-space: normal}
caption {text-align: left; font-weight: 600; padding: 4px 0}
.claim {border-left: 4px solid #1f78b4; padding: 4px 12px; margin: 12px 0; background: #f8fafc}
.claim.verdict-reproduced {border-left-color: #1a9850} .claim.verdict-differs {border-left-color: #d73027}
.claim.verdict-partly {border-left-color: #fdae61}
.verdict {font-weight: 600} .figures {font-size: 13px}
.claim .id {font-family: monospace; color: #555} .error {color: #b30000}
.legend span {display: inline-block; margin-right: 14px} .legend i {display: inline-block; width: 12px; height: 12px; margin-right: 4px}
svg.chart {max-width: 100%; height: auto}
code {font-size: 12px} .print-only {display: none}
@media (max-width: 600px) {
  body {padding: 0 10px 32px; font-size: 15px} iframe.map {height: 70vh}
  table {font-size: 13px} th, td {padding: 2px 6px 2px 0}
}
@media print {
  body {max-width: none; padding: 0} iframe.map, nav.toc {display: none} .print-only {display: block}
  table, figure, .claim, svg.chart, .chart-block {break-inside: avoid} h2, h3 {break-after: avoid}
  a {color: inherit; text-decoration: none} .scroll {overflow: visible}
}
"""

GALLERY_CSS = """
body {font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1000px; padding: 0 24px 48px; color: #222;
  overflow-wrap: anywhere}
h1 {font-size: 24px; margin: 24px 0 4px} .meta {color: #555} bdi {unicode-bidi: isolate}
ul.maps {list-style: none; padding: 0} ul.maps li {border-left: 4px solid #1f78b4; background: #f8fafc;
  margin: 12px 0; padding: 6px 12px} ul.maps a {font-weight: 600; font-size: 16px}
.targets {font-family: monospace; font-size: 12px; color: #444} .lost {color: #b30000}
@media (max-width: 600px) {body {padding: 0 10px 32px}}
"""


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("corridors.render", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_template(name: str, **context: Any) -> Markup:
    """Render ``templates/<name>`` with autoescaping; every value of ``context`` is escaped unless Markup.

    Examples
    --------
    >>> str(render_template("table.html.j2", caption="{{7*7}}", columns=["<b>"], rows=[["x"]], more=0))[:60]
    '<table><caption><bdi>{{7*7}}</bdi></caption><thead><tr><th>&'
    """
    return Markup(_env().get_template(name).render(**context))


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{round(value, digits):.6g}"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


#: Units of report columns that are not in a per-row ``unit`` column.
FIXED_UNITS = {"loss_pct": "% of demand", "bypass_share": "share, 0–1", "length_km": "km", "utilisation": "share, 0–1",
               "extra_cost": "cost units", "cost": "cost units per unit", "spare_pct": "%", "year": "", "share": "share, 0–1",
               "share_pct": "%", "share_crossing_pct": "%", "share_lost_pct": "%"}
#: Columns measured in the row's commodity unit (the ``unit`` column).
QUANTITIES = ("demand", "served", "served_base", "unmet", "lost", "flow", "flow_base", "rerouted", "spare", "change",
              "base", "scenario", "capacity_value", "supply", "carried", "crossing", "through", "exports")


def _header(column: str, frame: pd.DataFrame) -> str:
    col = str(column)
    if col in FIXED_UNITS:
        return f"{col} ({FIXED_UNITS[col]})" if FIXED_UNITS[col] else col
    if col in QUANTITIES or col.startswith("lost_"):
        if col.startswith("lost_") and col[5:] in _canonical():
            return f"{col} ({_canonical()[col[5:]]})"
        units = {str(u) for u in frame["unit"].dropna()} if "unit" in frame.columns else set()
        if len(units) == 1:
            return f"{col} ({units.pop()})"
        return f"{col} (in the row's unit)" if units else col
    return col


def _canonical() -> dict[str, str]:
    from corridors.data.units import CANONICAL_UNITS

    return dict(CANONICAL_UNITS)


def table_html(frame: pd.DataFrame, *, max_rows: int = 60, caption: str | None = None, digits: int = 3) -> Markup:
    """A frame as an escaped HTML table, every quantity column headed with its unit (no geometry).

    Examples
    --------
    >>> import pandas as pd
    >>> str(table_html(pd.DataFrame({"node": ["<a>"], "unit": ["Mt/y"], "demand": [1 / 3]})))
    '<table><thead><tr><th>node</th><th>unit</th><th>demand (Mt/y)</th></tr></thead><tbody>\\n<tr><td>&lt;a&gt;</td><td>Mt/y</td><td>0.333</td></tr>\\n</tbody></table>'
    """
    cols = [c for c in frame.columns if c != "geometry"]
    rows = [[_cell(v, digits) for v in rec] for rec in frame[cols].head(max_rows).itertuples(index=False, name=None)]
    return render_template("table.html.j2", caption=caption, columns=[_header(c, frame) for c in cols], rows=rows,
                           more=max(0, len(frame) - max_rows)).rstrip()


def bar_chart_svg(labels: Sequence[Any], values: Sequence[float], *, colours: Sequence[str] | None = None,
                  unit: str = "%", max_value: float | None = None, width: int = 680, title: str | None = None) -> Markup:
    """A horizontal bar chart as inline SVG (one ``<rect class="bar">`` per value; labels escaped).

    Examples
    --------
    >>> svg = bar_chart_svg(["Georgia", "<b>x</b>"], [84.7, 12.0])
    >>> svg.count('class="bar"'), "&lt;b&gt;x&lt;/b&gt;" in svg, "<b>" in svg
    (2, True, False)
    """
    values = [0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
    top = max_value if max_value is not None else max([*values, 0.0])
    top = top if top > 0 else 1.0
    label_w, value_w, bar_h, gap, pad = 230, 70, 18, 6, 4
    plot_w = max(60, width - label_w - value_w)
    height = pad * 2 + len(values) * (bar_h + gap) + (18 if title else 0)
    y0 = pad + (18 if title else 0)
    bars = []
    for i, (label, v) in enumerate(zip(labels, values)):
        text = str(label)
        bars.append({"y": y0 + i * (bar_h + gap), "w": max(0.0, min(v, top)) / top * plot_w, "label": text,
                     "short": text if len(text) <= 34 else text[:33] + "…", "value": f"{v:.3g}",
                     "colour": colours[i] if colours is not None and i < len(colours) else "#bd0026"})
    return render_template("chart.svg.j2", width=width, height=height, title=title, label_w=label_w, pad=pad,
                           bar_h=bar_h, y0=y0, bars=bars, unit=unit).strip()


def md_inline(text: str) -> Markup:
    """Escape, then render the few inline Markdown forms SOURCES.md uses (bold, code, links)."""
    out = str(Markup.escape(text))
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return Markup(re.sub(r"(https?://[^\s)&;<]+)", r'<a href="\1">\1</a>', out))


def credits() -> tuple[list[list[str]], str | None]:
    """The rows of the credits table of ``geodata/SOURCES.md`` and the seed article line of ``seeds/README.md``."""
    rows: list[list[str]] = []
    try:
        text = bundled_path("SOURCES.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    section = re.search(r"^## Credits[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    for line in (section.group(1) if section else "").splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"\|[\s|:-]+\|?", line):
            continue
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if cells and cells[0].lower() != "source":
            rows.append(cells)
    article = None
    try:
        readme = seeds_path("README.md").read_text(encoding="utf-8")
        quote = re.search(r"^> (.+?)(?:\n(?!>)|\Z)", readme, flags=re.M | re.S)
        if quote:
            article = " ".join(part.lstrip("> ").strip() for part in quote.group(0).splitlines())
    except FileNotFoundError:
        pass
    return rows, article
