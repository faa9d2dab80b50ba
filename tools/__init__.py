"""Maintainer tools: the data build (``python -m tools.build [--check]``), README helpers, screenshots.

Run them as modules from the repository root (``python -m tools.<name>``); they import each other
as ``tools.<module>`` and the package as an installed ``corridors``.
"""
