from __future__ import annotations

import json
import subprocess
import sys

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
