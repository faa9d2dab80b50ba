"""`corridors map`, `report` and `gallery`: in-process through main(), and once as a subprocess."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import corridors
from corridors.cli import main
from corridors.render.layers import esc

GE_SCENARIO = '''name = "Georgia <closed>"
year = 2024
description = "Every link & node in Georgia stops <now>."

[[disruption]]
target = "country:GE"
'''
FERRY_SCENARIO = '''name = "Caspian ferries halved"
year = 2024

[[disruption]]
target = "mode:ferry"
remaining = 0.5
'''


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch, bundled_network):
    """Run in an empty folder (the default output is ./maps/); the bundled network must exist."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_map_default_output(in_tmp, capsys, bundled_network):
    assert main(["map"]) == 0
    out = in_tmp / "maps" / "corridors.html"
    assert capsys.readouterr().out.strip() == f"{out.resolve()} ({out.stat().st_size / 1e3:.0f} kB)"
    text = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 2_000_000
    corridors_2024 = set(bundled_network.at(2024).links["corridor"])
    assert len(corridors_2024) >= 5
    for name in corridors_2024:  # layer names sit in the layer control's JSON (non-ASCII as \uXXXX)
        assert f"Corridor: {json.dumps(esc(name))[1:-1]}" in text, name
    assert "base case flows" in text and "Disrupted" not in text
    assert _files(in_tmp) == ["maps", "maps/corridors.html"]


def test_map_cut_marks_the_disruption(in_tmp, capsys):
    assert main(["map", "--cut", "country:GE", "--out", "ge.html"]) == 0
    text = (in_tmp / "ge.html").read_text(encoding="utf-8")
    assert "Disrupted" in text and "cx-disrupted" in text
    assert "Bypass routes" in text and "Scenario flow" in text and "Base case flow" in text
    assert "<title>Georgia closed, 2024</title>" in text and "Lost: " in text
    assert _files(in_tmp) == ["ge.html"]


def test_map_sweep_view(in_tmp, capsys):
    assert main(["map", "--sweep", "country", "--out", "sweep.html"]) == 0
    text = (in_tmp / "sweep.html").read_text(encoding="utf-8")
    assert "Countries by" in text and "criticality of each country" in text


def test_bad_cut_exits_2_and_writes_nothing(in_tmp, capsys):
    assert main(["map", "--cut", "country:XX", "--out", "bad.html"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "XX" in err and "Traceback" not in err
    assert main(["map", "--cut", "country:XX"]) == 2
    assert _files(in_tmp) == []


def test_out_into_missing_folder_exits_2(in_tmp, capsys):
    assert main(["map", "--out", "nowhere/map.html"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err
    assert main(["report", "--out", "nowhere/r.html", "--no-claims"]) == 2
    assert _files(in_tmp) == []


def test_bad_derate_and_sweep_level_exit_2(in_tmp, capsys):
    assert main(["map", "--derate", "mode:ferry", "--out", "x.html"]) == 2
    assert main(["map", "--sweep", "galaxy", "--out", "x.html"]) == 2
    assert "sweep level" in capsys.readouterr().err
    assert _files(in_tmp) == []


def test_report_command_with_a_scenario_file(in_tmp, capsys):
    (in_tmp / "ge.toml").write_text(GE_SCENARIO, encoding="utf-8")
    assert main(["report", "--scenario", "ge.toml", "--level", "country", "--no-claims", "--out", "r.html"]) == 0
    assert capsys.readouterr().out.startswith(f"{(in_tmp / 'r.html').resolve()} (")
    page = (in_tmp / "r.html").read_text(encoding="utf-8")
    assert "<h1><bdi>Corridors report 2024: Georgia &lt;closed&gt;</bdi></h1>" in page
    assert 'id="bypass"' in page and 'id="claims"' not in page
    assert page.count('class="bar"') == 15


def test_gallery(in_tmp, capsys):
    scen = in_tmp / "scen"
    scen.mkdir()
    (scen / "georgia-closed.toml").write_text(GE_SCENARIO, encoding="utf-8")
    (scen / "ferry-halved.toml").write_text(FERRY_SCENARIO, encoding="utf-8")
    assert main(["gallery", "--scenarios", str(scen)]) == 0
    assert capsys.readouterr().out.strip() == f"{(in_tmp / 'maps' / 'index.html').resolve()} (3 maps)"
    maps = in_tmp / "maps"
    assert sorted(p.name for p in maps.iterdir()) == ["base.html", "ferry-halved.html", "georgia-closed.html", "index.html"]
    index = (maps / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)"><bdi>([^<]*)</bdi></a>', index)
    assert [h for h, _ in links] == ["base.html", "ferry-halved.html", "georgia-closed.html"]
    assert all((maps / h).is_file() for h, _ in links)
    assert "Georgia &lt;closed&gt;" in index and html.escape("Every link & node in Georgia stops <now>.") in index
    assert "<closed>" not in index and "<now>" not in index
    assert "lost: " in index and "Georgia closed (country:GE)" in index
    ge = (maps / "georgia-closed.html").read_text(encoding="utf-8")
    assert "cx-disrupted" in ge and (maps / "georgia-closed.html").stat().st_size < 2_000_000


def test_gallery_with_a_bad_scenario_writes_nothing(in_tmp, capsys):
    scen = in_tmp / "scen"
    scen.mkdir()
    (scen / "bad.toml").write_text('name = "bad"\n[[disruption]]\ntarget = "country:XX"\n', encoding="utf-8")
    assert main(["gallery", "out", "--scenarios", str(scen)]) == 2
    assert not (in_tmp / "out").exists()


def test_map_as_a_subprocess(tmp_path, bundled_network):
    env = dict(os.environ, PYTHONPATH=str(Path(corridors.__file__).resolve().parent.parent))
    proc = subprocess.run([sys.executable, "-m", "corridors", "map", "--cut", "asset:BTC", "--out", "btc.html"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{(tmp_path / 'btc.html').resolve()} (") and proc.stdout.rstrip().endswith("kB)")
    text = (tmp_path / "btc.html").read_text(encoding="utf-8")
    assert "BTC closed, 2024" in text and "Disrupted" in text
    assert "Running HiGHS" not in proc.stdout


def test_map_offline_by_default_and_cdn_on_request(in_tmp, capsys):
    assert main(["map", "--out", "offline.html"]) == 0
    assert main(["map", "--cdn", "--out", "cdn.html"]) == 0
    offline = (in_tmp / "offline.html").read_text(encoding="utf-8")
    cdn = (in_tmp / "cdn.html").read_text(encoding="utf-8")
    assert "<script src=" not in offline and "Leaflet 1.9.4" in offline
    assert re.findall(r'<script src="([^"]+)"', cdn) == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"]
    assert len(cdn) < len(offline) - 100_000
    assert main(["map", "--out", "again.html"]) == 0
    assert (in_tmp / "again.html").read_bytes() == (in_tmp / "offline.html").read_bytes()  # byte-identical


def test_map_compare_writes_two_synchronised_panes(in_tmp, capsys):
    assert main(["map", "--compare", "--cut", "country:GE", "--out", "cmp.html"]) == 0
    text = (in_tmp / "cmp.html").read_text(encoding="utf-8")
    assert "map_cx0.sync(map_cy0)" in text and "Base case, 2024" in text and "Georgia closed, 2024" in text
    assert "L.Sync = function" in text  # Leaflet.Sync inlined, not a CDN link
    assert "cdn.jsdelivr" not in text
    assert main(["map", "--compare", "--out", "none.html"]) == 2
    assert "needs a scenario" in capsys.readouterr().err
    assert not (in_tmp / "none.html").exists()
