"""The ``corridors`` command line (typer + rich): :func:`main` for tests and scripts, :func:`run` for the console script.

Layout: :mod:`~corridors.cli.options` (formats, shared options, output), one module per command
group (:mod:`~corridors.cli.data`, :mod:`~corridors.cli.analysis`, :mod:`~corridors.cli.maps`) and
:mod:`~corridors.cli.app`, which assembles them.
"""

from corridors.cli.app import app, main, run

__all__ = ["app", "main", "run"]
