"""The bad-input corpus: each case exits with its code, one stderr line naming the culprit, no traceback,
and leaves no output file behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.cli import main


def _edit_link(net: Path, link: str, **props):
    path = net / "links.geojson"
    doc = json.loads(path.read_text())
    for f in doc["features"]:
        if f["properties"]["id"] == link:
            f["properties"].update(props)
    path.write_text(json.dumps(doc))


def _raw(net: Path, text: str):
    (net / "links.geojson").write_text(text)


NETWORK = [  # (id, mutate(net), words the one stderr line must hold)
    ("self-loop", lambda n: _edit_link(n, "pipe-a", to=json.loads((n / "links.geojson").read_text())["features"][0]["properties"]["from"]), ["'pipe-a'", "different nodes"]),
    ("years-reversed", lambda n: _edit_link(n, "pipe-a", start_year=2030, end_year=2020), ["'pipe-a'", "end_year"]),
    ("capacity-number", lambda n: _edit_link(n, "pipe-a", capacity=5), ["'capacity'", "unit"]),
    ("capacity-unknown-unit", lambda n: _edit_link(n, "pipe-a", capacity="5 furlongs"), ["'capacity'", "unknown unit"]),
    ("capacity-negative", lambda n: _edit_link(n, "pipe-a", capacity="-5 Mt/y"), ["'capacity'", "positive"]),
    ("bad-status", lambda n: _edit_link(n, "pipe-a", status="dreaming"), ["'status'", "operating"]),
    ("bad-mode", lambda n: _edit_link(n, "pipe-a", mode="teleport"), ["'mode'", "pipeline"]),
    ("bad-year", lambda n: _edit_link(n, "pipe-a", start_year="soon"), ["'start_year'", "year"]),
    ("unknown-node", lambda n: _edit_link(n, "pipe-a", to="nowhere"), ["'nowhere'", "add the node"]),
    ("bad-commodity", lambda n: _edit_link(n, "pipe-a", commodities="milk"), ["'commodities'", "milk"]),
    ("nan-json", lambda n: _raw(n, '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"start_year": NaN}, "geometry": null}]}'), ["NaN", "finite"]),
    ("deep-json", lambda n: _raw(n, "[" * 200_000), ["nested", "FeatureCollection"]),
    ("malformed-json", lambda n: _raw(n, "{not json"), ["malformed JSON", "line 1"]),
    ("empty-file", lambda n: _raw(n, ""), ["empty"]),
    ("not-collection", lambda n: _raw(n, "[]"), ["FeatureCollection"]),
    ("not-utf8", lambda n: (n / "links.geojson").write_bytes(b"\xff\xfe{}"), ["UTF-8"]),
    ("no-links-file", lambda n: (n / "links.geojson").unlink(), ["no links file"]),
    ("bad-slug", lambda n: _edit_link(n, "pipe-a", id="Pipe A"), ["slug"]),
]

OPTIONS = [  # (id, argv, words)
    ("year-huge", ["solve", "--year", "20224"], ["20224", "2024–2040"]),
    ("year-negative", ["solve", "--year", "-5"], ["-5", "outside"]),
    ("year-3000", ["solve", "--year", "3000"], ["3000", "outside"]),
    ("year-text", ["solve", "--year", "soon"], ["--year", "--help"]),
    ("top-negative", ["spof", "--top", "-1"], ["--top", "--help"]),
    ("top-zero", ["solve", "--top", "0"], ["--top", "--help"]),
    ("top-text", ["spof", "--top", "many"], ["--top", "--help"]),
    ("jobs-zero", ["spof", "--jobs", "0"], ["--jobs", "--help"]),
    ("jobs-text", ["spof", "--jobs", "many"], ["--jobs", "auto", "--help"]),
    ("bad-format", ["solve", "--format", "xml"], ["--format", "--help"]),
    ("unknown-option", ["solve", "--frobnicate"], ["--frobnicate", "--help"]),
    ("unknown-command", ["frobnicate"], ["frobnicate", "--help"]),
    ("bare-country", ["whatif", "--cut", "GE"], ["'GE'", "country:GE"]),
    ("unknown-kind", ["whatif", "--cut", "planet:earth"], ["planet", "country"]),
    ("unknown-link", ["whatif", "--cut", "link:btc-gee"], ["btc-gee", "btc-ge"]),
    ("empty-id", ["whatif", "--cut", "link:"], ["link:", "no id"]),
    ("derate-no-fraction", ["whatif", "--derate", "mode:ferry"], ["mode:ferry"]),
    ("derate-over-one", ["whatif", "--derate", "mode:ferry=1.5"], ["1.5"]),
    ("whatif-nothing", ["whatif"], ["nothing to change"]),
    ("whatif-csv-no-table", ["whatif", "--cut", "country:GE", "--format", "csv"], ["--table", "--out DIR"]),
    ("whatif-unknown-table", ["whatif", "--cut", "country:GE", "--format", "csv", "--table", "marktes"], ["marktes", "markets"]),
    ("unknown-scenario", ["scenarios", "run", "btc-outag"], ["btc-outag", "btc-outage"]),
    ("unknown-project", ["data", "list", "--year", "2030", "--project", "NOPE"], ["NOPE"]),
    ("project-no-year", ["data", "list", "--project", "TRIPP"], ["--project", "--year"]),
    ("bad-level", ["spof", "--level", "planet"], ["planet"]),
    ("missing-network", ["solve", "--network", "/nonexistent/net"], ["/nonexistent/net", "no such"]),
    ("missing-scenario", ["solve", "--scenario", "/nonexistent/s.toml"], ["/nonexistent/s.toml"]),
    ("bad-commodity-option", ["solve", "--commodity", "milk", "--max-to", "country:IT"], ["milk"]),
]


@pytest.mark.parametrize("case,mutate,words", NETWORK, ids=[c[0] for c in NETWORK])
def test_bad_network_file(case, mutate, words, demo_copy, tmp_path, capsys):
    mutate(demo_copy)
    out = tmp_path / "out.json"
    for argv in (["data", "validate", str(demo_copy)], ["solve", "--network", str(demo_copy), "--out", str(out)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        for w in words:
            assert w in lines[0], (w, lines[0])
    assert not out.exists()


@pytest.mark.parametrize("case,argv,words", OPTIONS, ids=[c[0] for c in OPTIONS])
def test_bad_option(case, argv, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert list(tmp_path.iterdir()) == []


SCENARIOS = [  # (id, TOML text, extra argv, words the one stderr line must hold)
    ("toml-syntax", 'name = "x"\nyear = 2024\n[[disruption]\n', [], ["line", "TOML"]),
    ("unknown-key", 'name = "x"\nyear = 2024\ncolour = "red"\n', [], ["colour"]),
    ("year-3000", 'name = "x"\nyear = 3000\n', [], ["3000"]),
    ("year-conflict", 'name = "x"\nyear = 2030\n', ["--year", "2024"], ["2030", "2024"]),
    ("unknown-target", 'name = "x"\nyear = 2024\n[[disruption]]\ntarget = "link:pipe-zz"\nremaining = 0.0\n', [], ["pipe-zz"]),
    ("target-no-kind", 'name = "x"\nyear = 2024\n[[disruption]]\ntarget = "pipe-a"\nremaining = 0.0\n', [], ["pipe-a", "link:pipe-a"]),
    ("remaining-over-one", 'name = "x"\nyear = 2024\n[[disruption]]\ntarget = "link:pipe-a"\nremaining = 1.5\n', [], ["1.5"]),
    ("demand-bad-commodity", 'name = "x"\nyear = 2024\n[[demand]]\nnode = "ceyhan"\ncommodity = "milk"\nvalue = "2 Mt/y"\n', [], ["milk"]),
    ("demand-bad-unit", 'name = "x"\nyear = 2024\n[[demand]]\nnode = "ceyhan"\ncommodity = "oil"\nvalue = "2 bcm/y"\n', [], ["bcm/y"]),
    ("unknown-project", 'name = "x"\nyear = 2024\nprojects = ["no-such-project"]\n', [], ["no-such-project"]),
    ("exclude-unknown-origin", 'name = "x"\nyear = 2024\n[[exclude_origins]]\nmarket = "ceyhan"\norigins = ["RUS"]\n', [],
     ["{path}", "[[exclude_origins]] #1 (ceyhan)", "'RUS'", "use one of AZ, KZ"]),
    ("exclude-no-demand", 'name = "x"\nyear = 2024\n[[exclude_origins]]\nmarket = "sangachal"\norigins = ["KZ"]\n', [],
     ["{path}", "#1 (sangachal)", "no demand", "markets with demand: ceyhan, kars, supsa"]),
    ("exclude-link-market", 'name = "x"\nyear = 2024\n[[exclude_origins]]\nmarket = "link:pipe-a"\norigins = ["KZ"]\n', [],
     ["{path}", "line 4", "link target", "country:XX"]),
    ("exclude-bad-commodity", 'name = "x"\n[[exclude_origins]]\nmarket = "ceyhan"\norigins = ["KZ"]\ncommodity = "milk"\n', [],
     ["{path}", "line 5", "'milk'", "oil"]),
    ("exclude-no-origins", 'name = "x"\n[[exclude_origins]]\nmarket = "ceyhan"\n', [], ["{path}", "'origins'", "missing"]),
]


def _bad_scenario_run(command: str, text: str | None, extra: list[str], words: list[str], net: Path, tmp_path: Path,
                      capsys) -> None:
    """``command --scenario FILE`` (``text``, or no file when None) exits 2 with one line holding ``words``
    (``{path}``: the file) and writes nothing."""
    path = tmp_path / "scenario.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    argv = [command, "--network", str(net), "--scenario", str(path), "--format", "json", "--out", str(out), *extra]
    assert main(argv) == 2, argv
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for w in words:
        assert w.replace("{path}", str(path)) in lines[0], (w, lines[0])
    assert not out.exists()


@pytest.mark.parametrize("case,text,extra,words", SCENARIOS, ids=[c[0] for c in SCENARIOS])
def test_bad_scenario_file(case, text, extra, words, demo_copy, tmp_path, capsys):
    _bad_scenario_run("solve", text, extra, words, demo_copy, tmp_path, capsys)


_OK = 'name = "ferry halved"\nyear = 2024\n[[disruption]]\ntarget = "mode:ferry"\nremaining = 0.5\n'
WHATIF = [  # whatif --scenario FILE with --cut/--derate/--project/--year: (id, TOML or None, argv, words)
    ("unknown-cut", _OK, ["--cut", "link:pipe-zz"], ["{path} + the command line", "'pipe-zz'", "'pipe-a'"]),
    ("bare-cut", _OK, ["--cut", "GE"], ["'GE'", "country:GE"]),
    ("derate-over-one", _OK, ["--derate", "link:pipe-a=2"], ["2.0", "[0, 1]"]),
    ("unknown-project", _OK, ["--project", "nope"], ["'nope'", "planned or proposed"]),
    ("year-conflict", _OK, ["--cut", "link:pipe-a", "--year", "2030"], ["2030", "2024"]),
    ("bad-file-and-cut", 'name = "x"\ncolour = "red"\n', ["--cut", "link:pipe-a"], ["{path}", "line 2", "'colour'"]),
    ("bad-exclusion-and-cut", 'name = "x"\nyear = 2024\n[[exclude_origins]]\nmarket = "ceyhen"\norigins = ["KZ"]\n',
     ["--cut", "link:pipe-a", "--project", "rail-new"], ["{path}", "#1 (ceyhen)", "'ceyhan'"]),
    ("missing-file-and-cut", None, ["--cut", "link:pipe-a"], ["{path}", "no such scenario file"]),
]


@pytest.mark.parametrize("case,text,extra,words", WHATIF, ids=[c[0] for c in WHATIF])
def test_whatif_scenario_with_cut_or_project(case, text, extra, words, demo_copy, tmp_path, capsys):
    _bad_scenario_run("whatif", text, extra, words, demo_copy, tmp_path, capsys)


def _outputs(tmp_path: Path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    (tmp_path / "adir").mkdir()
    return {"read-only": (ro / "x.json", "permission denied"), "is-dir": (tmp_path / "adir", "is a directory"),
            "no-folder": (tmp_path / "nope" / "x.json", "no such directory"), "proc": (Path("/proc/x.json"), "cannot write")}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path, capsys, demo_copy):
    out, reason = _outputs(tmp_path)["read-only"]
    assert main(["solve", "--network", str(demo_copy), "--format", "json", "--out", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and str(out) in lines[0], lines
    assert not out.exists()


@pytest.mark.parametrize("where", ["is-dir", "no-folder", "proc"])
@pytest.mark.parametrize("command", [["solve", "--format", "json"], ["spof", "--level", "link", "--format", "csv"],
                                     ["whatif", "--cut", "link:pipe-a", "--format", "json"]])
def test_bad_output_path(where, command, tmp_path, capsys, demo_copy):
    out, reason = _outputs(tmp_path)[where]
    before = sorted(p.name for p in tmp_path.rglob("*") if p.name != "ro")
    assert main([*command, "--network", str(demo_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert reason in lines[0] and str(out.parent if where == "no-folder" else out) in lines[0], lines[0]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.name != "ro") == before


def test_ascii_stdout_is_not_an_internal_error(demo_copy):
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    proc = subprocess.run([sys.executable, "-m", "corridors", "data", "list", "--network", str(demo_copy)],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr


def test_sigint_exits_130_with_one_line(tmp_path):
    # a real SIGINT, sent by the process to itself half a second into a gallery run (which takes
    # several seconds), so the interrupt always lands mid-run: no race with the test's clock
    out = tmp_path / "gallery"
    # (a terminal's Ctrl-C: the default handler, even where the test runs with SIGINT ignored, as
    # background jobs do)
    script = ("import os, signal, sys, threading\n"
              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
              "from corridors.cli import main\n"
              "threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
              f"sys.exit(main(['gallery', {str(out)!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.decode().strip().splitlines() == ["interrupted"]
    assert not out.exists() or not any(out.iterdir())
