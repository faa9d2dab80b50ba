"""``whatif`` without geometry: the network of the text and JSON commands is loaded as plain pandas
frames (no GeoPandas, Shapely or pyproj), and every number it prints is the full network's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas.testing as pdt
import pytest

from corridors.cli import main
from corridors.cli.analysis import _whatif
from corridors.cli.options import Format
from corridors.data import loadcache
from corridors.data.io import read_network
from corridors.data.files import bundled_path
from corridors.model.flow import solve
from corridors.model.scenario import Scenario

_GEO = ("geopandas", "shapely", "pyproj")


def _json(net, tmp_path, name, **change) -> str:
    out = tmp_path / f"{name}.json"
    scen = Scenario.compose(base=None, year=change.pop("year", None), **change)
    _whatif(net, scen, fmt=Format.json, table=None, out=out)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("change", [
    {"cut": ["country:GE"]}, {"cut": ["country:TR"]}, {"cut": ["link:btc-ge"]}, {"cut": ["asset:BTC"]},
    {"cut": ["corridor:Middle Corridor"]}, {"derate": ["mode:ferry=0.5"]},
    {"cut": ["country:GE"], "projects": ["KARS-IGDIR-NAKHCHIVAN"], "year": 2030},
], ids=lambda c: ",".join(str(v) for v in c.values()))
def test_whatif_json_without_geometry_is_the_full_networks(bundled_network, tmp_path, change):
    plain = bundled_network.without_geometry()
    assert not plain.has_geometry and bundled_network.has_geometry
    full = _json(bundled_network, tmp_path, "full", **dict(change))
    assert _json(plain, tmp_path, "plain", **dict(change)) == full
    doc = json.loads(full)
    assert doc["links"], "the cut changes some flow: the comparison is not vacuous"


def test_whatif_without_geometry_on_random_networks(tmp_path):
    from corridors.data.synthetic import synthetic_network

    for seed in (1, 2):
        net = synthetic_network(n_nodes=30, n_links=80, seed=seed)
        country = str(net.nodes["country"].dropna().value_counts().index[0])
        for change in ({"cut": [f"country:{country}"]}, {"derate": ["mode:rail=0.3"]}):
            full = _json(net, tmp_path, "full", **dict(change))
            assert _json(net.without_geometry(), tmp_path, "plain", **dict(change)) == full
            assert json.loads(full)["links"]


def test_a_solve_without_geometry_is_the_same_result(bundled_network):
    full = solve(bundled_network, year=2024)
    plain = solve(bundled_network.without_geometry(), year=2024)
    assert plain.to_json() == full.to_json()
    pdt.assert_frame_equal(plain.to_frame("flows"), full.to_frame("flows"))
    assert "geometry" not in plain.flows.columns
    # the lengths stand in for the lines: what a path's length is computed from
    assert (plain.flows["length_km"] == bundled_network.links.loc[plain.flows.index, "length_km"]).all()


def _run(args: list[str], cache_dir) -> subprocess.CompletedProcess:
    code = ("import json, sys; from corridors.cli import main; rc = main(sys.argv[1:]); "
            f"print(json.dumps({{'rc': rc, 'geo': [m for m in {_GEO!r} if m in sys.modules]}}), file=sys.stderr)")
    env = dict(os.environ, CORRIDORS_CACHE_DIR=str(cache_dir))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)


def _tail(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_whatif_does_not_import_geopandas_and_prints_what_the_full_path_prints(tmp_path):
    args = ["whatif", "--cut", "country:GE", "--format", "json"]
    cold = _run(args, tmp_path / "cache")  # reads the files (GeoPandas) and stores both kinds
    assert _tail(cold)["rc"] == 0, cold.stderr
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle")) == ["network", "plain"]
    warm = _run(args, tmp_path / "cache")
    assert _tail(warm) == {"rc": 0, "geo": []}, warm.stderr
    off = _run(args, "")  # no cache: read in full, geometry dropped
    assert _tail(off)["rc"] == 0
    assert warm.stdout == cold.stdout == off.stdout
    doc = json.loads(warm.stdout)
    assert (doc["base_status"], doc["status"]) == ("optimal", "optimal") and doc["bypass_routes"]
    # and the same text as the full network gives through the library
    tables = subprocess.run([sys.executable, "-c", (
        "import sys; from corridors.cli.analysis import _whatif; from corridors.cli.options import Format; "
        "from corridors.data.io import load_network; from corridors.model.scenario import Scenario; "
        "_whatif(load_network(), Scenario.compose(base=None, year=None, cut=['country:GE']), fmt=Format.json, "
        "table=None, out=None)")], capture_output=True, text=True, timeout=300,
        env=dict(os.environ, CORRIDORS_CACHE_DIR=str(tmp_path / "cache")))
    assert tables.returncode == 0, tables.stderr
    assert tables.stdout == warm.stdout


def test_whatif_bad_input_is_one_line_without_geometry(tmp_path):
    proc = _run(["whatif", "--cut", "country:XX"], tmp_path / "cache")
    assert _tail(proc)["rc"] == 2
    assert proc.stderr.splitlines()[0].startswith("error: ") and "Traceback" not in proc.stderr


# -- the cache of networks without geometry ---------------------------------------------------------

@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(folder))
    return folder


def _same(a, b):
    pdt.assert_frame_equal(a.nodes, b.nodes)
    pdt.assert_frame_equal(a.links, b.links)
    pdt.assert_frame_equal(a.balances, b.balances)


def test_the_plain_entry_is_the_full_network_without_geometry(cache, demo_copy, monkeypatch):
    full = read_network(demo_copy)
    assert {p.name.split("-")[0] for p in cache.glob("*.pickle")} == {"network", "plain"}
    monkeypatch.setattr("corridors.data.network.network_from_frames",
                        lambda *a, **k: pytest.fail("read again despite the cache"))
    plain = read_network(demo_copy, geometry=False)
    assert not plain.has_geometry and type(plain.links).__name__ == "DataFrame"
    _same(plain, full.without_geometry())
    assert plain.origin == str(demo_copy)
    assert read_network(demo_copy).has_geometry  # the full entry is still there


def test_an_edited_file_is_a_miss_for_the_plain_entry_too(cache, demo_copy):
    read_network(demo_copy, geometry=False)
    path = demo_copy / "links.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name"] = "Renamed"
    path.write_text(json.dumps(doc), encoding="utf-8")
    edited = read_network(demo_copy, geometry=False)
    assert edited.links.iloc[0]["name"] == "Renamed" and not edited.has_geometry


def test_a_full_entry_alone_gives_the_plain_one(cache, demo_copy):
    full = read_network(demo_copy)
    for p in cache.glob("plain-*.pickle"):
        p.unlink()
    plain = read_network(demo_copy, geometry=False)
    _same(plain, full.without_geometry())
    assert len(list(cache.glob("plain-*.pickle"))) == 1


def test_an_entry_of_the_other_kind_is_not_taken(cache, demo_copy):
    read_network(demo_copy)
    (full,) = cache.glob("network-*.pickle")
    (plain,) = cache.glob("plain-*.pickle")
    full.write_bytes(plain.read_bytes())  # a plain network where a full one belongs
    assert read_network(demo_copy).has_geometry
    key = loadcache.network_key([demo_copy / "nodes.geojson"])
    assert loadcache.load(key) is None and loadcache.load(key, geometry=False) is None


def test_the_key_names_the_geometry_libraries_without_importing_them():
    code = ("import sys; from corridors.data import loadcache; from corridors.data.files import bundled_path; "
            "k = loadcache.network_key([bundled_path('demo', 'nodes.geojson')]); "
            f"print(k is not None, [m for m in {_GEO!r} if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "True []", proc.stdout + proc.stderr


def test_the_key_changes_with_a_geometry_library_version(monkeypatch):
    files = [bundled_path("demo", "nodes.geojson")]
    before = loadcache.network_key(files)
    real = loadcache._installed
    monkeypatch.setattr(loadcache, "_installed", lambda name: real(name) + ("+other" if name == "pyproj" else ""))
    assert loadcache.network_key(files) != before
