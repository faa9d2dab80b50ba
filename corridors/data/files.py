"""Files: the bundled data's location, atomic writes, GeoPackage layers.

The lowest layer's helpers that every other layer writes or reads through: nothing here knows what a
network is. Outputs go to a temporary file beside the destination that is renamed into place only
when the write succeeds, so an error never leaves a half-written file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from corridors.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["bundled_path", "seeds_path", "atomic_path", "write_frames", "write_layers"]


def _resource(package: str, parts: tuple[str, ...]) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def bundled_path(*parts: str) -> Path:
    """Path of a file of the bundled network (the top-level ``geodata/``, shipped as ``corridors.geodata``).

    Examples
    --------
    >>> bundled_path("countries.geojson").name
    'countries.geojson'
    """
    return _resource("corridors.geodata", parts)


def seeds_path(*parts: str) -> Path:
    """Path of a file of the seed article's claims and scenarios (``seeds/``, shipped as ``corridors.seeds``).

    Examples
    --------
    >>> seeds_path("claims.toml").name
    'claims.toml'
    """
    return _resource("corridors.seeds", parts)


@contextmanager
def atomic_path(dest: str | os.PathLike, *, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; rename it into place only if the block succeeds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "out.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "out.txt").read_text()
    'done'
    """
    dest = Path(dest)
    if dest.is_dir():
        raise DataError(f"{_shown(dest)}: is a directory; give a file name inside it, e.g. {_shown(dest / 'out')}")
    if not dest.parent.exists():
        raise DataError(f"{_shown(dest.parent)}: no such directory; create it first or choose another --out")
    if not dest.parent.is_dir():
        raise DataError(f"{_shown(dest.parent)}: not a directory; choose another --out")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=suffix or dest.suffix or ".tmp", dir=dest.parent)
    except OSError as exc:
        raise DataError(f"{_shown(dest)}: cannot write ({_reason(exc)}); choose another --out") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if tmp.exists():  # mkstemp makes it private (0600): give it the usual umask permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        try:
            os.replace(tmp, dest)
        except OSError as exc:
            raise DataError(f"{_shown(dest)}: cannot write ({_reason(exc)}); choose another --out") from None
    except OSError as exc:  # the write itself failed (disk full, quota)
        raise DataError(f"{_shown(dest)}: cannot write ({_reason(exc)}); free some space or choose another --out") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _shown(path: Path) -> str:
    """A path as a user should see it in a message: absolute."""
    return str(Path(os.path.abspath(path)))


def _reason(exc: OSError) -> str:
    import errno

    reasons = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
               errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on the device",
               errno.EISDIR: "is a directory", errno.ENOTDIR: "not a directory"}
    return reasons.get(exc.errno, exc.strerror or type(exc).__name__)


def write_frames(nodes: pd.DataFrame, links: pd.DataFrame, balances: pd.DataFrame, path: str | os.PathLike, *,
                 driver: str = "GeoJSON") -> Path:
    """Write the three tables of a network: a directory of GeoJSON + CSV, or a GeoPackage (``driver="GPKG"``)."""
    path = Path(path)
    if driver.upper() == "GPKG":
        with atomic_path(path) as tmp:
            tmp.unlink()
            nodes.reset_index().to_file(tmp, layer="nodes", driver="GPKG")
            _links_for_file(links).to_file(tmp, layer="links", driver="GPKG")
        with atomic_path(path.with_name("balances.csv")) as tmp:
            balances.to_csv(tmp, index=False)
        return path
    path.mkdir(parents=True, exist_ok=True)
    with atomic_path(path / "nodes.geojson") as tmp:
        tmp.write_text(nodes.reset_index().to_json(drop_id=True, na="drop"), encoding="utf-8")
    with atomic_path(path / "links.geojson") as tmp:
        tmp.write_text(links.reset_index().to_json(drop_id=True, na="drop"), encoding="utf-8")
    with atomic_path(path / "balances.csv") as tmp:
        balances.to_csv(tmp, index=False)
    return path


def _links_for_file(links: pd.DataFrame) -> pd.DataFrame:
    out = links.reset_index().copy()
    out["commodities"] = out["commodities"].map(lambda c: ";".join(c))
    return out


def _for_file(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for a GeoPackage: tuples and lists joined with ``;``, the index a column."""
    out = frame.reset_index() if frame.index.name is not None else frame.copy()
    for col in out.columns:
        if col != "geometry" and out[col].dtype == object and any(isinstance(v, (tuple, list)) for v in out[col]):
            out[col] = [";".join(map(str, v)) if isinstance(v, (tuple, list)) else v for v in out[col]]
    return out


def write_layers(path: str | os.PathLike, layers: dict[str, pd.DataFrame]) -> Path:
    """Write frames as the layers of one GeoPackage (GeoDataFrames spatial, others plain tables).

    The file is replaced atomically. Used by the ``to_file`` methods of the result objects.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd, pyogrio
    >>> out = write_layers(pathlib.Path(tempfile.mkdtemp()) / "t.gpkg", {"t": pd.DataFrame({"a": [1]})})
    >>> [str(name) for name, _ in pyogrio.list_layers(out)]
    ['t']
    """
    import geopandas as gpd
    import pyogrio

    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise DataError(f"{path}: results are written as a GeoPackage; give a path ending in .gpkg")
    with atomic_path(path) as tmp:
        tmp.unlink()
        for name, frame in layers.items():
            frame = _for_file(frame)
            if isinstance(frame, gpd.GeoDataFrame):
                frame.to_file(tmp, layer=name, driver="GPKG")
            else:
                pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG")
    return path
