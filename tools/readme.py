"""Generated parts of README.md: replace the text between two markers, or check it is current."""

from __future__ import annotations

import sys

from tools.paths import REPO


def write_between(start: str, end: str, body: str, argv: list[str]) -> int:
    """Put ``body`` between ``start`` and ``end`` in README.md; with ``--check`` in ``argv`` only
    compare (exit code 1 when stale, 2 when a marker is missing)."""
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        print(f"README.md lacks the markers {start} … {end}", file=sys.stderr)
        return 2
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    new = f"{head}{start}\n{body}\n{end}{tail}"
    if "--check" in argv:
        return 0 if new == text else 1
    readme.write_text(new, encoding="utf-8")
    return 0
