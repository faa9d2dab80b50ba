"""The ``corridors`` command line: thin wrappers that parse, call the library and print.

Exit codes: 0 success, 2 bad input (one line on stderr, no traceback), 1 internal error.
Heavy libraries are imported inside the commands, so ``corridors --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from corridors._version import __version__
from corridors.cli import analysis, data, maps, plan, routes
from corridors.errors import CorridorsError

__all__ = ["app", "main", "run"]

app = typer.Typer(
    name="corridors",
    help="Caspian–Black Sea–Mediterranean corridors: network data, flow optimisation, what-ifs and maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(data.data_app, name="data")
app.add_typer(analysis.scenarios_app, name="scenarios")
for _module in (analysis, maps, routes, plan):
    app.registered_commands.extend(_module.commands.registered_commands)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corridors {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Caspian–Black Sea–Mediterranean corridors."""


# -- entry points -------------------------------------------------------------------------------

# typer ≥ 0.20 vendors click as ``typer._click``; older releases use click itself.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="corridors", standalone_mode=False)
    except CorridorsError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except _ClickException as exc:
        exc.show()
        return 2
    except (BrokenPipeError, KeyboardInterrupt):
        return 1
    except Exception as exc:  # an internal error: say so, keep the traceback for debugging
        if os.environ.get("CORRIDORS_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set CORRIDORS_DEBUG=1 for the traceback)", err=True)
        return 1
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
