"""Write the "bring your own network" column tables into README.md from corridors.data.schema.COLUMNS.

Run from the repository root: ``python -m tools.readme_columns`` (``--check`` exits 1 if stale).
The tables sit between the markers ``<!-- columns:start -->`` and ``<!-- columns:end -->``.
"""

from __future__ import annotations

import sys

from corridors.data.schema import COLUMNS
from tools.readme import write_between

START, END = "<!-- columns:start -->", "<!-- columns:end -->"


def columns_markdown() -> str:
    parts = []
    for table in ("nodes", "links", "balances"):
        parts.append(f"**{table}**\n\n| column | type | unit | default | meaning |\n|---|---|---|---|---|")
        for t, name, typ, unit, default, meaning in COLUMNS:
            if t == table:
                parts.append(f"| `{name}` | {typ} | {unit} | {default} | {meaning} |")
        parts.append("")
    return "\n".join(parts).strip()


def main(argv: list[str]) -> int:
    return write_between(START, END, columns_markdown(), argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
