"""Synthetic corridor networks of any size, for benchmarks and property tests.

Nodes sit on a jittered grid over Anatolia and the Caucasus; each node links to its nearest
neighbours. Rail links carry oil and freight (Mt/y, sharing capacity), pipeline links carry gas
(bcm/y), so a network has three commodities. Some nodes supply, more demand; supply exceeds demand
so the base case is servable where capacity allows. Priorities differ by commodity (oil 1,
freight 1.25, gas 1.5) so that unmet demand has one optimal split. Deterministic for a given ``seed``.

Examples
--------
>>> net = synthetic_network(n_nodes=30, n_links=90, seed=1)
>>> len(net.links), sorted({k for ks in net.links["commodities"] for k in ks})
(90, ['freight', 'gas', 'oil'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corridors import settings

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network

__all__ = ["synthetic_network"]


def synthetic_network(*, n_nodes: int = 300, n_links: int = 900, seed: int = 0, year: int | None = None) -> Network:
    """A random connected network with ``n_nodes`` nodes and ``n_links`` links (three commodities).

    Parameters
    ----------
    n_nodes, n_links
        Size; ``n_links`` ≥ ``n_nodes - 1`` (a spanning chain keeps it connected).
    seed
        Random seed.
    year
        Year of the balances (default ``settings.DEFAULT_YEAR``).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from scipy.spatial import cKDTree
    from shapely.geometry import LineString, Point

    year = settings.DEFAULT_YEAR if year is None else year

    from corridors.data.network import Network, network_from_frames

    if n_links < n_nodes - 1:
        raise ValueError("n_links must be at least n_nodes - 1 to keep the network connected")
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_nodes)))
    gx, gy = np.meshgrid(np.linspace(30.0, 48.0, side), np.linspace(37.0, 42.0, side))
    xy = np.column_stack([gx.ravel(), gy.ravel()])[:n_nodes] + rng.normal(0, 0.05, (n_nodes, 2))
    ids = [f"n{i}" for i in range(n_nodes)]
    pairs: list[tuple[int, int]] = [(i, i + 1) for i in range(n_nodes - 1)]  # a chain: connected
    seen = set(pairs)
    # each node's 8 nearest neighbours (a k-d tree: the same geography at any size)
    nearest = cKDTree(xy).query(xy, k=min(9, n_nodes))[1][:, 1:]
    while len(pairs) < n_links:
        a = int(rng.integers(n_nodes))
        b = int(rng.choice(nearest[a]))
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key in seen and rng.random() < 0.9:
            continue
        seen.add(key)
        pairs.append((a, b) if rng.random() < 0.5 else (b, a))
    kinds = rng.random(len(pairs))
    links = pd.DataFrame({
        "id": [f"l{i}" for i in range(len(pairs))],
        "name": [f"synthetic link {i}" for i in range(len(pairs))],
        "corridor": [f"corridor {i % 7}" for i in range(len(pairs))],
        "mode": np.where(kinds < 0.6, "rail", "pipeline"),
        "commodities": [("oil", "freight") if k < 0.6 else ("gas",) for k in kinds],
        "from": [ids[a] for a, _ in pairs],
        "to": [ids[b] for _, b in pairs],
        "bidirectional": rng.random(len(pairs)) < 0.3,
        "capacity": [f"{c:.2f} Mt/y" if k < 0.6 else f"{c:.2f} bcm/y" for c, k in zip(rng.uniform(2, 12, len(pairs)), kinds)],
        "status": "operating",
        "source": "synthetic",
        "route_accuracy": "straight",
    })
    geoms = [LineString([xy[a], xy[b]]) for a, b in pairs]
    nodes = gpd.GeoDataFrame({"id": ids, "name": ids, "kind": "junction", "source": "synthetic", "country": "TR"},
                             geometry=[Point(p) for p in xy], crs="EPSG:4326")
    roles = rng.random(n_nodes)
    # distinct priorities per commodity, so that oil and freight (sharing rail capacity) do not
    # tie: the optimum's split of unmet demand between them is then unique
    priority = {"oil": 1.0, "freight": 1.25, "gas": 1.5}
    bal = []
    for i, r in enumerate(roles):
        if r < 0.1:
            for k, unit in (("oil", "Mt/y"), ("freight", "Mt/y"), ("gas", "bcm/y")):
                bal.append({"node": ids[i], "commodity": k, "year": year, "supply": f"{rng.uniform(8, 20):.2f} {unit}",
                            "priority": 1, "source": "synthetic"})
        elif r < 0.3:
            for k, unit in (("oil", "Mt/y"), ("freight", "Mt/y"), ("gas", "bcm/y")):
                bal.append({"node": ids[i], "commodity": k, "year": year, "demand": f"{rng.uniform(0.2, 2):.2f} {unit}",
                            "priority": priority[k], "source": "synthetic"})
    links_gdf = gpd.GeoDataFrame(links, geometry=geoms, crs="EPSG:4326")
    net = network_from_frames(nodes, links_gdf, pd.DataFrame(bal), origin=f"synthetic seed={seed}")
    return Network(net.nodes, net.links, net.balances, origin=net.origin)
