"""Write each command's options into README.md from the typer app itself, so they cannot go stale.

Run from the repository root: ``python -m tools.readme_commands`` (``--check`` exits 1 if stale).
The tables sit between the markers ``<!-- commands:start -->`` and ``<!-- commands:end -->``.
"""

from __future__ import annotations

import sys

import typer

from corridors.cli.app import app
from tools.readme import write_between

START, END = "<!-- commands:start -->", "<!-- commands:end -->"


def _commands(group, prefix: str = "corridors"):
    # typer ≥ 0.20 vendors click, so this relies on the command API both share, not on click's classes
    for name in sorted(group.commands):
        command = group.commands[name]
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def commands_markdown() -> str:
    group = typer.main.get_command(app)
    ctx_type = type(group).__mro__[1].__module__  # the click (or vendored click) in use
    context = sys.modules[ctx_type].Context
    parts = []
    for name, command in _commands(group):
        ctx = context(command, info_name=name)
        summary = (command.help or "").strip().splitlines()[0] if command.help else ""
        parts.append(f"**`{name}`** — {_cell(summary)}\n")
        rows = []
        for param in command.params:
            record = param.get_help_record(ctx)
            if param.name == "help":
                continue
            if record is None:  # an argument
                rows.append((f"`{param.human_readable_name}`", "argument"))
            else:
                rows.append((f"`{_cell(record[0])}`", _cell(record[1])))
        if rows:
            parts.append("| option | meaning |\n|---|---|")
            parts.extend(f"| {a} | {b} |" for a, b in rows)
        parts.append("")
    return "\n".join(parts).strip()


def main(argv: list[str]) -> int:
    return write_between(START, END, commands_markdown(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
