"""CLI commands that draw: ``map``, ``report`` and ``gallery``.

Thin: each parses its options, calls :mod:`corridors.render.report` / :mod:`corridors.render.gallery` /
:mod:`corridors.render.maps` and prints the path written. Everything is computed before the file is
written, and files are written atomically, so bad input (exit 2) leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from corridors import settings
from corridors.cli.options import CutOpt, DerateOpt, NetworkOpt, ProjectOpt, ScenarioOpt, YearOpt, load
from corridors.errors import CorridorsError, DataError

commands = typer.Typer()

#: Where ``corridors map``, ``report`` and ``gallery`` write by default (relative to the current directory).
DEFAULT_DIR = Path("maps")

MapOutOpt = Annotated[Optional[Path], typer.Option("--out", "-o", help="The HTML file to write (atomically); default maps/corridors.html.")]
ReportOutOpt = Annotated[Optional[Path], typer.Option("--out", "-o", help="The HTML file to write (atomically); default maps/report.html.")]
LevelHelp = "link, node, asset, country, corridor or mode."
CdnOpt = Annotated[bool, typer.Option("--cdn", help="Link Leaflet from a CDN (a lighter page that needs the internet); "
                                                     "default: inlined, the page draws offline.")]


def _target(out: Path | None, default: str) -> Path:
    """The output path: ``out`` (its folder must exist) or ``maps/<default>`` (``maps/`` created on write)."""
    if out is None:
        path = DEFAULT_DIR / default
        if path.parent.exists() and not path.parent.is_dir():
            raise CorridorsError(f"{path.parent}: exists and is not a folder; give --out FILE")
        return path
    if out.is_dir():
        raise CorridorsError(f"--out {out}: is a folder; give a file name such as {out / default}")
    if not out.parent.is_dir():
        raise CorridorsError(f"--out {out}: no such folder {out.parent}; create it first or choose another --out")
    return out


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _scenario(year, scenario, cut, derate, project):
    if cut or derate or project or scenario is not None:
        from corridors.model.scenario import Scenario

        return Scenario.compose(base=scenario, year=year, cut=cut or (), derate=derate or (), projects=project or ())
    return None


@commands.command("map")
def map_cmd(
    year: YearOpt = None,
    cut: CutOpt = None,
    derate: DerateOpt = None,
    project: ProjectOpt = None,
    scenario: ScenarioOpt = None,
    sweep_level: Annotated[Optional[str], typer.Option("--sweep", help=f"Colour elements by N-1 criticality at this level: {LevelHelp}")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The map's title.")] = None,
    tiles: Annotated[Optional[str], typer.Option("--tiles", help="A tile layer (folium name or URL template); default none: country outlines only.")] = None,
    out: MapOutOpt = None,
    network: NetworkOpt = None,
    cdn: CdnOpt = False,
    compare: Annotated[bool, typer.Option("--compare", help="Base case and scenario side by side in two synchronised panes.")] = False,
) -> None:
    """Draw an interactive HTML map: flows, a scenario against the base case, or criticality.

    With --cut/--derate/--project/--scenario the map shows the scenario's flows against the base
    case, marks what is disrupted and highlights the bypass routes.
    """
    from corridors.model.flow import quiet_stdout
    from corridors.render.maps import save_map
    from corridors.render.report import case_map, run_case

    path = _target(out, "corridors.html")
    if compare and sweep_level is not None:
        raise DataError("--compare and --sweep draw different maps; drop one of them")
    net = load(network)
    scen = _scenario(year, scenario, cut, derate, project)
    if compare and scen is None:
        raise DataError("--compare needs a scenario to set beside the base case; add --cut, --derate, --project or --scenario")
    case = run_case(net, year=year, scenario=scen)
    ranking = None
    if sweep_level is not None:
        from corridors.analysis.sweeps import sweep

        with quiet_stdout():
            ranking = sweep(net, level=sweep_level, year=case.year, scenario=case.scenario)
    if compare:
        from corridors.render.compare import compare_map

        m = compare_map(case, net, title=title, tiles=tiles, cdn=cdn)
    else:
        m = case_map(case, sweep=ranking, title=title, tiles=tiles, cdn=cdn)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_map(m, path)
    typer.echo(f"{path.resolve()} ({_size(path)})")


@commands.command("report")
def report_cmd(
    year: YearOpt = None,
    cut: CutOpt = None,
    derate: DerateOpt = None,
    project: ProjectOpt = None,
    scenario: ScenarioOpt = None,
    level: Annotated[str, typer.Option("--level", "-l", help=f"Level of the N-1 criticality ranking: {LevelHelp}")] = "asset",
    no_claims: Annotated[bool, typer.Option("--no-claims", help="Leave out the seed claims (faster).")] = False,
    title: Annotated[Optional[str], typer.Option("--title", help="The report's title.")] = None,
    out: ReportOutOpt = None,
    network: NetworkOpt = None,
    cdn: CdnOpt = False,
) -> None:
    """Write one self-contained HTML report: map, deliveries, unmet demand, criticality, bypasses, dependence, planning, claims, sources."""
    from corridors.data.files import atomic_path
    from corridors.render.report import render_report

    path = _target(out, "report.html")
    net = load(network)
    scen = _scenario(year, scenario, cut, derate, project)
    text = render_report(net, year=year, scenario=scen, level=level,
                         claims=not no_claims, title=title, cdn=cdn)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(text, encoding="utf-8")
    typer.echo(f"{path.resolve()} ({_size(path)})")


@commands.command("gallery")
def gallery_cmd(
    directory: Annotated[Path, typer.Argument(help="The folder to write into (created if missing).")] = DEFAULT_DIR,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help=f"The base-case year, default {settings.DEFAULT_YEAR} (scenarios keep their own).")] = None,
    scenarios: Annotated[Optional[Path], typer.Option("--scenarios", help="A folder of scenario TOML files instead of the bundled ones.")] = None,
    network: NetworkOpt = None,
    cdn: CdnOpt = False,
) -> None:
    """Draw the base network and every bundled scenario into DIR, with an index.html linking them."""
    from corridors.render.gallery import render_gallery
    from corridors.model.scenario import list_scenarios

    net = load(network)
    index = render_gallery(directory, network=net, year=year, scenarios=scenarios, cdn=cdn)
    typer.echo(f"{Path(index).resolve()} ({1 + len(list_scenarios(directory=scenarios))} maps)")
