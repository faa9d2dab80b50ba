"""A cache of read networks in the user's cache directory, keyed by the content that shapes them.

Reading and validating a network (GeoJSON parsing, one pydantic record per row, endpoint checks,
geodesic lengths, country tagging against the Natural Earth polygons) costs about 0.1-0.3 s; a
pickled :class:`~corridors.data.network.Network` loads in about 10 ms. The key is a SHA-256 of

* the bytes of every file the network is read from (nodes, links, balances, capacity groups) and of
  the bundled country polygons the countries are tagged against;
* the source of the modules that read and derive it (``corridors.data.io``, ``network``,
  ``schema``, ``units``, ``geometry``), so a changed reader never meets a stale pickle;
* every upper-case value in :mod:`corridors.settings` (default costs per km, the endpoint
  tolerance, conversion factors …);
* the Python, pandas, numpy, geopandas, shapely, pyproj and pyarrow versions (pickles do not cross
  them, and pandas keeps strings in Arrow only where pyarrow is installed; the last four read from
  the installed packages' metadata, so that the key imports none of them).

Each network is stored twice: in full (``network-*.pickle``) and without geometry
(``plain-*.pickle``, :meth:`~corridors.data.network.Network.without_geometry`: plain pandas frames,
whose unpickling imports neither GeoPandas nor Shapely nor pyproj) for the commands that only solve
and print. Both are stored under the one key, derived from the same read. The directory keeps the
:data:`KEEP` networks stored last of each kind.
Only networks that were read without error are stored, so every validation error is raised by the
readers themselves, unchanged. A file is written through :func:`~corridors.data.files.atomic_path`
(a reader never sees half a pickle); one that cannot be read is ignored and rewritten. The
directory is ``$CORRIDORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridors`` (``~/.cache/corridors``);
``CORRIDORS_CACHE_DIR=""`` turns the cache off.

Examples
--------
>>> import tempfile
>>> from corridors.data.io import load_demo_network
>>> saved = os.environ.get("CORRIDORS_CACHE_DIR")
>>> os.environ["CORRIDORS_CACHE_DIR"] = tempfile.mkdtemp()
>>> first = load_demo_network()            # read, validated, then stored
>>> len(list(cache_dir().glob("network-*.pickle")))
1
>>> sorted(load_demo_network().links.index) == sorted(first.links.index)   # from the cache
True
>>> _ = os.environ.pop("CORRIDORS_CACHE_DIR") if saved is None else os.environ.update(CORRIDORS_CACHE_DIR=saved)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from corridors import settings
from corridors.data.files import atomic_path, bundled_path

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network

__all__ = ["cache_dir", "network_key", "load", "store"]

_FORMAT = "corridors-network-cache-2"
KEEP: int = 16
"""Networks kept in the cache directory, of each kind (the least recently stored are removed first)."""
_PREFIX = {True: "network", False: "plain"}  # with geometry, without
_READERS = ("io.py", "network.py", "schema.py", "units.py", "geometry.py", "loadcache.py")


def cache_dir() -> Path | None:
    """The cache directory (created on first store), or None when ``CORRIDORS_CACHE_DIR=""``.

    Examples
    --------
    >>> cache_dir() is None or isinstance(cache_dir(), Path)
    True
    """
    given = os.environ.get("CORRIDORS_CACHE_DIR")
    if given is not None:
        return Path(given) if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "corridors"


def _settings_text() -> str:
    return repr(sorted((k, repr(getattr(settings, k))) for k in dir(settings) if k.isupper()))


def network_key(files: list[Path]) -> str | None:
    """SHA-256 of what a network read from ``files`` depends on (see the module docstring).

    None when a file cannot be read (the reader then reports it).

    Examples
    --------
    >>> from corridors.data.files import bundled_path
    >>> files = [bundled_path("demo", "nodes.geojson"), bundled_path("demo", "links.geojson")]
    >>> network_key(files) == network_key(list(files))
    True
    """
    import numpy
    import pandas

    digest = hashlib.sha256(_FORMAT.encode())
    here = Path(__file__).parent
    try:
        for path in [*files, bundled_path("countries.geojson"), *(here / name for name in _READERS)]:
            data = Path(path).read_bytes()
            digest.update(f"\0{Path(path).name}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    # pyarrow too: with it pandas keeps the strings in Arrow arrays, without it in Python objects, and a
    # pickle brings back the storage it was written with (a network cached by a venv without pyarrow
    # would reach one with it with Python strings, slower to hash and to filter)
    versions = (sys.version, pandas.__version__, numpy.__version__,
                *map(_installed, ("geopandas", "shapely", "pyproj", "pyarrow")))
    digest.update(repr(versions).encode())
    digest.update(_settings_text().encode())
    return digest.hexdigest()


def _installed(package: str) -> str:
    """The installed version of ``package`` from its metadata (without importing it), or ``"-"``."""
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _file(key: str, geometry: bool = True) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{_PREFIX[geometry]}-{key[:32]}.pickle"


def load(key: str | None, *, geometry: bool = True) -> Network | None:
    """The network stored under ``key`` (``geometry=False``: the one without geometry), or None (no
    cache, no entry, or an entry that cannot be read)."""
    path = _file(key, geometry) if key else None
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            stored_key, net = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: ignore it, the caller reads and rewrites
        return None
    return net if stored_key == key and getattr(net, "has_geometry", None) is geometry else None


def store(key: str | None, net: Network) -> None:
    """Store ``net`` under ``key`` (atomically), as a network with geometry or one without
    (:attr:`~corridors.data.network.Network.has_geometry`); a cache that cannot be written is skipped."""
    path = _file(key, net.has_geometry) if key else None
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as fh:
                pickle.dump((key, net), fh, protocol=pickle.HIGHEST_PROTOCOL)
        stored = sorted(path.parent.glob(f"{_PREFIX[net.has_geometry]}-*.pickle"), key=lambda p: p.stat().st_mtime,
                        reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # read-only home, full disk …: the cache is an optimisation, never an error
        return
