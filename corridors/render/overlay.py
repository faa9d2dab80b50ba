"""Layers added to a finished :func:`corridors.render.maps.render_map` map (the dependence and portfolio maps).

:func:`map_data` finds the map's shared popup store; :func:`finish` adds the overlay's CSS and
legend box (already escaped HTML, inserted as a template variable), moves the layer control after
the new layers (it lists them when its script runs) and renumbers every element once more so the
new ones cannot clash with those :func:`render_map` numbered.
"""

from __future__ import annotations

from typing import Any

__all__ = ["map_data", "finish", "fmt_capex", "write_map"]


def map_data(m: Any) -> Any:
    """The map's :class:`corridors.render.maps._MapData` (popups by ref, link geometries)."""
    from corridors.render.maps import _MapData

    return next(c for c in m._children.values() if isinstance(c, _MapData))


def finish(m: Any, *, css: str, legend: str, prefix: str) -> Any:
    """Add ``css`` and the ``legend`` box (escaped HTML), put the layer control last, renumber ids with ``prefix``."""
    import folium

    from corridors.render.maps import _Raw, stable_ids

    root = m.get_root()
    root.header.add_child(_Raw(css))
    root.html.add_child(_Raw(legend))
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            del m._children[key]
            m._children[key] = child
    stable_ids(m, prefix=prefix)
    return m


def fmt_capex(eur: float, unit: str = "EUR") -> str:
    """A capital cost in bn or M of its unit.

    Examples
    --------
    >>> fmt_capex(2.4e9), fmt_capex(132e6), fmt_capex(0)
    ('2.4 bn EUR', '132 M EUR', '0 EUR')
    """
    v = float(eur)
    if abs(v) >= 1e9:
        return f"{v / 1e9:.3g} bn {unit}"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.3g} M {unit}"
    return f"{v:,.0f} {unit}"


def write_map(m: Any, path: Any, what: str = "map") -> str:
    """Write a map atomically (:func:`corridors.render.maps.save_map`); returns a line naming the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from corridors.data.io import load_demo_network
    >>> from corridors.render.maps import render_map
    >>> write_map(render_map(load_demo_network()), pathlib.Path(tempfile.mkdtemp()) / "m.html", "demo map")[:10]
    'demo map: '
    """
    from corridors.render.maps import save_map

    out = save_map(m, path)
    return f"{what}: {out.resolve()} ({out.stat().st_size / 1e3:.0f} kB)"
