"""Bad input: every malformed file gives one DataError line naming file, id and field; the CLI
exits 2 with that line and no traceback; nothing is half-loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.cli import main
from corridors.errors import CorridorsError, DataError
from corridors.data.io import load_network, read_network, write_network


def _edit_links(folder: Path, fn) -> None:
    path = folder / "links.geojson"
    doc = json.loads(path.read_text())
    fn(doc["features"])
    path.write_text(json.dumps(doc))


def _edit_nodes(folder: Path, fn) -> None:
    path = folder / "nodes.geojson"
    doc = json.loads(path.read_text())
    fn(doc["features"])
    path.write_text(json.dumps(doc))


def _link(features, lid):
    return next(f for f in features if f["properties"]["id"] == lid)


def _set(lid, **props):
    def fn(features):
        _link(features, lid)["properties"].update(props)
    return fn


# (case id, mutate(folder), substrings the one-line message must contain)
CASES = [
    ("malformed-json", lambda d: (d / "links.geojson").write_text('{"type": "FeatureCollection", "features": [}'),
     ["links.geojson", "malformed JSON", "line 1"]),
    ("not-geojson", lambda d: (d / "nodes.geojson").write_text('{"type": "Feature"}'),
     ["nodes.geojson", "FeatureCollection"]),
    ("no-geometry", lambda d: _edit_links(d, lambda fs: _link(fs, "pipe-b").update(geometry=None)),
     ["links.geojson", "'pipe-b'", "'geometry'", "missing"]),
    ("wrong-geometry-type", lambda d: _edit_links(d, lambda fs: _link(fs, "pipe-c").update(
        geometry={"type": "Point", "coordinates": [44.0, 41.0]})),
     ["links.geojson", "'pipe-c'", "'geometry'", "LineString"]),
    ("coords-out-of-range", lambda d: _edit_nodes(d, lambda fs: fs[2]["geometry"].update(coordinates=[41.7, 142.0])),
     ["nodes.geojson", "'supsa'", "'geometry'", "out of range"]),
    ("duplicate-id", lambda d: _edit_nodes(d, lambda fs: fs[1]["properties"].update(id="sangachal")),
     ["nodes.geojson", "'sangachal'", "'id'", "duplicate"]),
    ("unknown-from", lambda d: _edit_links(d, _set("pipe-a", **{"from": "sangachall"})),
     ["links.geojson", "'pipe-a'", "'from'", "sangachall", "did you mean 'sangachal'"]),
    ("unknown-to", lambda d: _edit_links(d, _set("pipe-b", to="cehyan")),
     ["links.geojson", "'pipe-b'", "'to'", "did you mean 'ceyhan'"]),
    ("negative-capacity", lambda d: _edit_links(d, _set("pipe-a", capacity="-5 Mt/y")),
     ["links.geojson", "'pipe-a'", "'capacity'", "positive"]),
    ("zero-capacity", lambda d: _edit_links(d, _set("pipe-a", capacity="0 kb/d")),
     ["links.geojson", "'pipe-a'", "'capacity'", "positive"]),
    ("nan-capacity", lambda d: _edit_links(d, _set("pipe-a", capacity="NaN Mt/y")),
     ["links.geojson", "'pipe-a'", "'capacity'", "finite"]),
    ("capacity-without-unit", lambda d: _edit_links(d, _set("pipe-a", capacity=1200)),
     ["links.geojson", "'pipe-a'", "'capacity'"]),
    ("unknown-unit", lambda d: _edit_links(d, _set("pipe-a", capacity="1200 furlongs/d")),
     ["links.geojson", "'pipe-a'", "'capacity'", "unknown unit"]),
    ("mismatched-unit", lambda d: _edit_links(d, _set("pipe-a", capacity="5 bcm/y")),
     ["links.geojson", "'pipe-a'", "'capacity'", "does not fit oil"]),
    ("unknown-status", lambda d: _edit_links(d, _set("pipe-c", status="mothballed")),
     ["links.geojson", "'pipe-c'", "'status'", "mothballed"]),
    ("bad-start-year", lambda d: _edit_links(d, _set("rail-new", start_year="soon")),
     ["links.geojson", "'rail-new'", "'start_year'", "not a year"]),
    ("fractional-start-year", lambda d: _edit_links(d, _set("rail-new", start_year=2030.5)),
     ["links.geojson", "'rail-new'", "'start_year'", "not a year"]),
    ("missing-source", lambda d: _edit_links(d, lambda fs: _link(fs, "pipe-a")["properties"].pop("source")),
     ["links.geojson", "'pipe-a'", "'source'", "missing"]),
    ("empty-file", lambda d: (d / "links.geojson").write_text(""),
     ["links.geojson", "empty"]),
    ("non-utf8", lambda d: (d / "nodes.geojson").write_bytes(
        (d / "nodes.geojson").read_text().replace("Supsa terminal", "Supsa t\u00e9rminal").encode("latin-1")),
     ["nodes.geojson", "not UTF-8"]),
    ("missing-links-file", lambda d: (d / "links.geojson").unlink(),
     ["no links file"]),
    ("bad-balance-unit", lambda d: (d / "balances.csv").write_text(
        "node,commodity,year,supply,demand,priority,source\nceyhan,oil,2024,,30 bcm/y,1,x\n"),
     ["balances.csv", "ceyhan/oil/2024", "'demand'", "does not fit oil"]),
    ("balance-unknown-node", lambda d: (d / "balances.csv").write_text(
        "node,commodity,year,supply,demand,priority,source\nceyhn,oil,2024,,30 Mt/y,1,x\n"),
     ["balances.csv", "'node'", "did you mean 'ceyhan'"]),
]


@pytest.mark.parametrize("case,mutate,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_library_and_cli(demo_copy, capsys, case, mutate, expected):
    mutate(demo_copy)
    with pytest.raises(CorridorsError) as info:
        read_network(demo_copy)
    message = str(info.value)
    assert isinstance(info.value, DataError)
    assert "\n" not in message
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"

    code = main(["data", "validate", str(demo_copy)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert lines == [f"error: {message}"]
    assert "Traceback" not in captured.err


def test_missing_path_names_it(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["data", "validate", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and err.count("\n") == 1


def test_subprocess_exit_code_and_single_line(demo_copy):
    _edit_links(demo_copy, _set("pipe-a", capacity="5 bcm/y"))
    proc = subprocess.run([sys.executable, "-m", "corridors", "data", "validate", str(demo_copy)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "'pipe-a'" in proc.stderr and "Traceback" not in proc.stderr


def test_good_then_bad_validates_first_and_fails_on_second(demo_copy, tmp_path, capsys):
    good = tmp_path / "good"
    import shutil

    shutil.copytree(demo_copy, good)
    _edit_links(demo_copy, _set("pipe-a", status="nope"))
    code = main(["data", "validate", str(good), str(demo_copy)])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"ok: {good}" in out
    assert "'pipe-a'" in err


def test_bad_file_beside_good_one_is_not_half_loaded(demo_copy):
    """A valid links file next to a bad nodes file: nothing is returned, the error names nodes."""
    _edit_nodes(demo_copy, lambda fs: fs[0]["properties"].update(kind="volcano"))
    with pytest.raises(DataError, match=r"nodes.geojson: node 'sangachal': field 'kind'"):
        load_network(demo_copy)


def test_roundtrip_geojson_and_gpkg(demo_network, tmp_path):
    out = write_network(demo_network, tmp_path / "copy")
    again = read_network(out)
    assert list(again.links.index) == list(demo_network.links.index)
    assert again.links["capacity_value"].round(9).tolist() == demo_network.links["capacity_value"].round(9).tolist()
    assert again.balances[["node", "commodity", "year", "supply", "demand"]].equals(
        demo_network.balances[["node", "commodity", "year", "supply", "demand"]])
    (tmp_path / "g").mkdir()
    gpkg = write_network(demo_network, tmp_path / "g" / "net.gpkg", driver="GPKG")
    back = read_network(gpkg)
    assert sorted(back.links.index) == sorted(demo_network.links.index)
    assert back.links.loc["rail-alat-kars", "commodities"] == ("freight", "oil")


def test_csv_nodes_with_lon_lat(demo_network, tmp_path):
    folder = tmp_path / "csvnet"
    folder.mkdir()
    nodes = demo_network.nodes.reset_index()
    nodes["lon"], nodes["lat"] = nodes.geometry.x, nodes.geometry.y
    nodes.drop(columns=["geometry", "capacity_value", "capacity_unit"]).to_csv(folder / "nodes.csv", index=False)
    import pandas as pd

    links = pd.DataFrame(demo_network.links.reset_index())
    links["geometry"] = demo_network.links.geometry.to_wkt().to_numpy()
    links["commodities"] = links["commodities"].map(";".join)
    links.drop(columns=["length_km", "country", "countries", "capacity_value", "capacity_unit"]).to_csv(
        folder / "links.csv", index=False)
    net = read_network(folder)
    assert len(net.links) == len(demo_network.links)
    assert net.links.loc["pipe-a", "length_km"] == pytest.approx(demo_network.links.loc["pipe-a", "length_km"])
