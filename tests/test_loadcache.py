"""The cache of read networks: a hit is the network a fresh read gives; any change in what shaped
it (a file's bytes, a setting) is a miss; bad input is reported by the readers, unchanged."""

from __future__ import annotations

import json
import shutil

import pandas.testing as pdt
import pytest

from corridors import settings
from corridors.data import loadcache
from corridors.data.files import bundled_path
from corridors.data.io import read_network
from corridors.errors import DataError


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture()
def bundled_copy(tmp_path):
    dest = tmp_path / "net"
    shutil.copytree(bundled_path(), dest, ignore=shutil.ignore_patterns("demo", "__pycache__", "*.py"))
    return dest


def _same(a, b):
    pdt.assert_frame_equal(a.nodes, b.nodes)
    pdt.assert_frame_equal(a.links, b.links)
    pdt.assert_frame_equal(a.balances, b.balances)
    assert type(a.links) is type(b.links) and a.links.crs == b.links.crs


def test_a_hit_is_the_network_a_fresh_read_gives(cache, bundled_copy, monkeypatch):
    first = read_network(bundled_copy)
    assert len(list(cache.glob("network-*.pickle"))) == 1
    calls = []
    monkeypatch.setattr("corridors.data.network.network_from_frames",
                        lambda *a, **k: calls.append(1) or pytest.fail("read again despite the cache"))
    again = read_network(bundled_copy)
    assert not calls
    _same(first, again)
    assert again.origin == str(bundled_copy)
    assert again.links.loc["btc-az", "length_km"] == first.links.loc["btc-az", "length_km"] > 400


def test_an_edited_file_is_read_afresh(cache, bundled_copy):
    read_network(bundled_copy)
    path = bundled_copy / "links.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    feat = next(f for f in doc["features"] if f["properties"]["id"] == "btc-az")
    feat["properties"]["capacity"] = "600 kb/d"
    path.write_text(json.dumps(doc), encoding="utf-8")
    edited = read_network(bundled_copy)
    assert edited.links.loc["btc-az", "capacity"] == "600 kb/d"
    assert edited.links.loc["btc-az", "capacity_value"] == pytest.approx(600e3 * 365 / settings.BARRELS_PER_TONNE / 1e6)


def test_a_file_made_invalid_after_a_cached_read_fails_as_without_a_cache(cache, bundled_copy, monkeypatch):
    read_network(bundled_copy)
    path = bundled_copy / "links.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["capacity"] = "12 parsecs/y"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as cached:
        read_network(bundled_copy)
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", "")
    with pytest.raises(DataError) as plain:
        read_network(bundled_copy)
    assert str(cached.value) == str(plain.value)
    assert "unknown unit 'parsecs/y'" in str(plain.value)


def test_a_changed_setting_is_a_miss(cache, bundled_copy, monkeypatch):
    base = read_network(bundled_copy)
    monkeypatch.setitem(settings.COST_PER_KM, "rail", settings.COST_PER_KM["rail"] * 2)
    dearer = read_network(bundled_copy)
    rail = base.links.index[(base.links["mode"] == "rail").to_numpy()]
    assert (dearer.links.loc[rail, "cost"] > base.links.loc[rail, "cost"]).any()


def test_a_damaged_cache_file_is_ignored_and_rewritten(cache, bundled_copy):
    fresh = read_network(bundled_copy)
    (stored,) = cache.glob("network-*.pickle")
    stored.write_bytes(stored.read_bytes()[:1000])  # truncated, as by a crash without atomic writes
    _same(read_network(bundled_copy), fresh)
    assert stored.stat().st_size > 1000
    _same(read_network(bundled_copy), fresh)


def test_no_cache_when_turned_off_and_no_temporary_files_left(tmp_path, bundled_copy, monkeypatch):
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", "")
    read_network(bundled_copy)
    assert loadcache.cache_dir() is None
    folder = tmp_path / "c"
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(folder))
    read_network(bundled_copy)
    assert sorted(p.name.split("-")[0] for p in folder.iterdir() if p.suffix == ".pickle") == ["network", "plain"]
    assert len(list(folder.iterdir())) == 2


def test_the_cache_keeps_a_bounded_number_of_networks(cache, demo_copy, monkeypatch):
    monkeypatch.setattr(loadcache, "KEEP", 2)
    path = demo_copy / "links.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for name in ("A", "B", "C"):
        doc["features"][0]["properties"]["name"] = name
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert read_network(demo_copy).links.iloc[0]["name"] == name
    assert len(list(cache.glob("network-*.pickle"))) == 2


def test_a_network_cached_without_pyarrow_is_not_read_back_with_it(cache, bundled_copy, monkeypatch):
    """pandas keeps strings in Arrow where pyarrow is installed and as Python objects where not; a
    pickle brings back the storage it was written with. So whether (and which) pyarrow is installed
    is part of the key: a venv without it and one with it do not share a cached network."""
    from pathlib import Path

    files = sorted(Path(bundled_copy).glob("*.geojson"))
    installed = loadcache._installed
    keys = []
    for pyarrow in ("-", "21.0.0"):  # not installed; installed
        monkeypatch.setattr(loadcache, "_installed", lambda package, v=pyarrow: v if package == "pyarrow" else installed(package))
        keys.append(loadcache.network_key(files))
    assert files and None not in keys and keys[0] != keys[1]
