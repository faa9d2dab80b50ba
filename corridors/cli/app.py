"""The ``corridors`` command line: thin wrappers that parse, call the library and print.

Exit codes: 0 success, 2 bad input or usage (one line on stderr, no traceback), 130 interrupted, 1 internal error.
Heavy libraries are imported inside the commands, so ``corridors --help`` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import warnings
from contextlib import nullcontext
from typing import Annotated

import typer

from corridors._version import __version__
from corridors.cli import analysis, data, depend, maps, plan, routes
from corridors.cli.options import no_cycle_gc
from corridors.errors import CorridorsError

__all__ = ["app", "main", "run"]

_APP_OPTIONS = dict(
    name="corridors",
    help="Caspian–Black Sea–Mediterranean corridors: network data, flow optimisation, what-ifs and maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app = typer.Typer(**_APP_OPTIONS)
app.add_typer(data.data_app, name="data")
app.add_typer(analysis.scenarios_app, name="scenarios")
for _module in (analysis, depend, maps, routes, plan):
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


def _command_app(args: list[str]) -> typer.Typer:
    """The app that runs ``args``: when they start with a top-level command's name (``whatif``, ``solve`` …),
    an app holding only that command (and the root callback), else the whole :data:`app`.

    Typer builds the click command of every registered command (signatures, type hints, parameters)
    on each call; building just the one asked for parses, helps and fails alike (the same ``corridors
    <command>`` path, options and messages) and saves ~20 ms of a ``whatif``'s start-up.
    """
    if not args:
        return app
    from typer.main import get_command_name

    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)
        if name == args[0]:
            one = typer.Typer(**_APP_OPTIONS)
            one.registered_callback = app.registered_callback
            one.registered_commands.append(info)
            return one
    return app


# -- entry points -------------------------------------------------------------------------------

# typer ≥ 0.20 vendors click as ``typer._click``; older releases use click itself.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _usage_line(exc) -> str:
    """One line for a usage error: ``error: <message>; see `corridors <command> --help```."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "corridors"
    message = " ".join(exc.format_message().split())
    return f"error: {message}; see `{command} --help`"


def _ascii_safe_streams() -> None:
    """Stdout/stderr that cannot encode a character replace it instead of failing (LANG=C, ASCII pipes)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


class _Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print a blank line and turn it into Abort)."""


def _on_sigint(signum, frame):
    raise _Interrupted


def _catch_sigint():
    """Route SIGINT to :class:`_Interrupted` for the run; return the previous handler (None if not set)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        previous = signal.getsignal(signal.SIGINT)
        if previous is not signal.default_int_handler:
            return None  # someone (a test runner, a notebook) handles Ctrl-C their own way
        signal.signal(signal.SIGINT, _on_sigint)
    except (ValueError, OSError):  # pragma: no cover
        return None
    return previous


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code.

    0 success; 2 bad input or a usage error (one line on stderr); 130 interrupted (Ctrl-C);
    1 an internal error (``CORRIDORS_DEBUG=1`` shows its traceback).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _ascii_safe_streams()
    previous = _catch_sigint()
    try:
        # whatif (a short command) runs with the cyclic GC off from the start: its parsing imports
        # pydantic and builds typer's parameter adapters, which make many objects and no cycles to free
        with warnings.catch_warnings(), (no_cycle_gc() if args[:1] == ["whatif"] else nullcontext()):
            # third-party chatter (pyogrio, shapely, pandas) is not the user's business on stderr;
            # DeprecationWarnings stay errors under the tests' own filters
            if not os.environ.get("CORRIDORS_DEBUG"):
                warnings.filterwarnings("ignore", category=UserWarning)
                warnings.filterwarnings("ignore", category=RuntimeWarning)
                warnings.filterwarnings("ignore", category=FutureWarning)
            _command_app(args)(args=args, prog_name="corridors", standalone_mode=False)
    except CorridorsError as exc:
        typer.echo(f"error: {' '.join(str(exc).split())}", err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except (_Interrupted, typer.Abort, KeyboardInterrupt):
        # the command stopped before its output was renamed into place: nothing half-written
        typer.echo("interrupted", err=True)
        return 130
    except _ClickException as exc:
        typer.echo(_usage_line(exc), err=True)
        return 2
    except BrokenPipeError:  # `corridors … | head`: the reader left; not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
        return 0
    except Exception as exc:  # an internal error: say so, keep the traceback for debugging
        if os.environ.get("CORRIDORS_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
                   "(set CORRIDORS_DEBUG=1 for the traceback)", err=True)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return 0


def run() -> None:
    """Console-script entry point (and ``python -m corridors``).

    One OpenBLAS thread unless the environment says otherwise: the commands' arrays are small (the LP
    goes to HiGHS, not to BLAS), and OpenBLAS starting a pool of threads at numpy's import costs
    ~50 ms of CPU on each run, a tenth of a ``whatif``. Set before anything imports numpy; results do
    not depend on it (the sweeps' worker processes run with one thread already).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
