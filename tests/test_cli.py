from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corridors.cli import main


def test_version(capsys):
    from corridors import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"corridors {__version__}"


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from corridors.cli import main; main(['--help']); "
            "heavy = [m for m in ('geopandas', 'pulp', 'folium', 'pandas', 'pint', 'shapely') if m in sys.modules]; "
            "print('HEAVY', heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_data_list_json_is_stable_and_filtered(capsys, demo_copy):
    assert main(["data", "list", "--network", str(demo_copy), "--year", "2024", "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main(["data", "list", "--network", str(demo_copy), "--year", "2024", "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    rows = json.loads(first)
    assert "rail-new" not in {r["id"] for r in rows}
    assert main(["data", "list", "--network", str(demo_copy), "--year", "2035", "--format", "csv"]) == 0
    assert "rail-new" in capsys.readouterr().out


def test_unknown_option_is_exit_2(capsys):
    assert main(["data", "list", "--format", "xml"]) == 2


# -- whatif / bypass / depend: what a planner reads (issue 13) ---------------------------------
_SPLIT = ["base", "kept", "rerouted", "substituted", "lost"]
_MARKET_FIELDS = {"market", "country", "commodity", "unit", "origin", "priority", *_SPLIT}


def _terminal(monkeypatch, capsys, argv: list[str], width: int = 120) -> list[str]:
    """Run a command as if in a terminal ``width`` columns wide; the lines it shows, without styles."""
    import re

    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(argv) == 0
    return re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out).splitlines()


def _header(lines: list[str], first: str) -> list[str]:
    """The column names of the table whose header starts with ``first``."""
    row = next(line for line in lines if line.startswith("┃") and line.strip("┃ ").startswith(first))
    return [c.strip() for c in row.strip("┃").split("┃")]


def _rows(lines: list[str], header: list[str]) -> list[dict[str, str]]:
    """The rows of the table with that header (the first one after it)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("┃") and
                 [c.strip() for c in line.strip("┃").split("┃")] == header)
    out = []
    for line in lines[start + 2:]:
        if not line.startswith("│"):
            break
        out.append(dict(zip(header, (c.strip() for c in line.strip("│").split("│")))))
    return out


def test_whatif_json_markets_rows_split_base_by_origin(capsys):
    assert main(["whatif", "--cut", "country:GE", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = doc["markets"]
    assert rows and all(set(r) == _MARKET_FIELDS | {"scenario"} for r in rows)
    units = {"oil": "Mt/y", "gas": "bcm/y", "freight": "Mt/y", "power": "TWh/y"}
    for r in rows:
        assert r["unit"] == units[r["commodity"]]
        assert r["kept"] + r["rerouted"] + r["substituted"] + r["lost"] == pytest.approx(r["base"], abs=1e-3), r
        assert min(r[c] for c in _SPLIT) >= -1e-9
    italy = {(r["origin"], r["commodity"]): r for r in rows if r["market"] == "market-it"}
    assert italy[("AZ", "gas")]["lost"] == pytest.approx(9.3, abs=0.01)  # TAP's gas all crossed Georgia
    # the Done-when check: no Kazakh (CPC) oil is called rerouted, it never crossed Georgia
    assert not [r for r in doc["bypass_routes"] if r["stream"] == "KZ" and r["commodity"] == "oil"]
    assert all(r["rerouted"] == pytest.approx(0.0, abs=1e-6) for r in rows if r["origin"] == "KZ")


def test_whatif_terminal_shows_the_split_per_origin_in_120_columns(monkeypatch, capsys):
    lines = _terminal(monkeypatch, capsys, ["whatif", "--cut", "country:GE"])
    assert max(map(len, lines)) <= 120
    header = _header(lines, "market")
    assert header == ["market", "commodity", "unit", "origin", "priority", *_SPLIT]
    rows = _rows(lines, header)
    assert {"market-eu-southeast", "market-it", "market-med"} <= {r["market"] for r in rows}  # ids whole
    assert all(r["unit"] in ("Mt/y", "bcm/y") for r in rows)
    it_gas = next(r for r in rows if r["market"] == "market-it" and r["commodity"] == "gas")
    assert (it_gas["origin"], it_gas["base"], it_gas["lost"]) == ("AZ", "9.3", "9.3")
    totals = _rows(lines, _header(lines, "commodity"))
    assert {r["commodity"]: r["unit"] for r in totals} == {"freight": "Mt/y", "gas": "bcm/y", "oil": "Mt/y"}
    routes = _rows(lines, _header(lines, "origin"))
    assert routes and all(r["origin"] != "KZ" for r in routes)  # Kazakh oil is substituted, never rerouted
    subs = _rows(lines, ["market", "commodity", "unit", "origin", "substituting"])
    assert ("market-il", "KZ") in {(r["market"], r["origin"]) for r in subs}  # Tengiz (CPC) crude for Aktau crude


def test_bypass_terminal_lists_rerouted_routes_and_substitution_apart(monkeypatch, capsys):
    lines = _terminal(monkeypatch, capsys, ["bypass", "country:GE", "--no-projects"])
    assert max(map(len, lines)) <= 120
    routes = _rows(lines, _header(lines, "origin"))
    assert routes and {r["origin"] for r in routes} == {"AZ"}
    assert all(float(r["rerouted"]) > 0 for r in routes)
    subs = _rows(lines, ["market", "commodity", "unit", "origin", "substituting"])
    assert ("market-il", "oil", "KZ") in {(r["market"], r["commodity"], r["origin"]) for r in subs}
    assert any("Substitution (not a bypass)" in line for line in lines)


def test_depend_json_has_the_documented_rows_and_captive_to(capsys):
    assert main(["depend", "--commodity", "gas", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"market", "commodity", "via_kind", "via", "share_crossing", "share_lost", "unit"} <= set(doc["rows"][0])
    assert {"kind", "id", "commodity", "via_kind", "via", "share"} <= set(doc["captive_to"][0])
    assert all(0.0 <= r["share_crossing"] <= 1.0 + 1e-9 and 0.0 <= r["share_lost"] <= 1.0 + 1e-9 for r in doc["rows"])
    italy = {r["via"]: r["share_crossing"] for r in doc["rows"] if r["market"] == "market-it"}
    assert italy["GE"] == pytest.approx(1.0, abs=0.01) and italy["TR"] == pytest.approx(1.0, abs=0.01)
    captive = {(r["kind"], r["id"]): r for r in doc["captive_to"]}
    assert captive[("market", "market-it")]["share"] == pytest.approx(1.0, abs=0.01)


def test_whatif_with_an_embargo_scenario_and_a_cut(tmp_path, capsys):
    """Italy refusing Kazakh oil while Georgia is closed: KZ no longer substitutes there."""
    path = tmp_path / "embargo.toml"
    path.write_text('name = "Italy refuses Kazakh oil"\nyear = 2024\n[[exclude_origins]]\nmarket = "country:IT"\n'
                    'origins = ["KZ"]\ncommodity = "oil"\n', encoding="utf-8")
    assert main(["whatif", "--scenario", str(path), "--cut", "country:GE", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    italy = [r for r in doc["markets"] if r["market"] == "market-it-oil"]
    assert italy and all(r["scenario"] == pytest.approx(0.0, abs=1e-6) for r in italy if r["origin"] == "KZ")
    kz = next(r for r in italy if r["origin"] == "KZ")  # Italy's base oil is Kazakh (CPC), refused now
    az = next(r for r in italy if r["origin"] == "AZ")
    assert az["base"] == pytest.approx(0.0, abs=1e-6) and az["scenario"] > 1.0  # Azerbaijani oil by NREP instead
    assert kz["substituted"] == pytest.approx(az["scenario"], abs=1e-3)
    assert kz["lost"] > 1.0  # with Georgia closed NREP cannot carry it all: the rest is lost, not substituted


def _readme_fields(section: str) -> dict[str, set[str]]:
    """``{table: fields}`` from the README tables of ``section`` (rows ``| `name` | … | fields |``)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    part = text.split(section, 1)[1].split("\n**`corridors", 1)[0].split("\n## ", 1)[0]
    out = {}
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            # a field is a backticked name outside parentheses (those explain a field)
            depth, plain = 0, ""
            for ch in cells[2]:
                depth += ch == "("
                plain += ch if depth == 0 else ""
                depth -= ch == ")" and depth > 0
            out[cells[0].strip("`")] = set(re.findall(r"`([a-z_]+)`", plain))
    return out


def test_readme_documents_the_json_fields_of_whatif_and_depend(capsys):
    docs = _readme_fields("**`corridors whatif --format json`**")
    assert main(["whatif", "--cut", "country:GE", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for table in ("markets", "changed_markets", "bypass_routes", "links"):
        assert docs[table] == set(doc[table][0]), table
    assert main(["depend", "--commodity", "gas", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    docs = _readme_fields("**`corridors depend --format json`**")
    for table in ("rows", "suppliers", "captive_to"):
        assert docs[table] == set(doc[table][0]), table
