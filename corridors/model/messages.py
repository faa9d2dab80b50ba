"""One line from a pydantic validation error: where (file, line, entry), the field, what to do.

The scenario records (:mod:`corridors.model.scenario`) turn their first validation error into
one :class:`~corridors.errors.ScenarioError` line with :func:`explain`; a TOML file's errors name
the file and the line (:func:`line_of`).

Examples
--------
>>> line_of('name = "x"\\n[[disruption]]\\ntarget = "a"\\n', "disruption", 0, "target")
3
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from corridors.errors import suggest

__all__ = ["at", "line_of", "explain"]


def at(line: int | None) -> str:
    """``"line N: "``, or nothing when the line is unknown.

    Examples
    --------
    >>> at(3), at(None)
    ('line 3: ', '')
    """
    return f"line {line}: " if line else ""


def line_of(text: str, key: str, index: int | None = None, field: str | None = None) -> int | None:
    """1-based line of a top-level ``key``, or of the ``index``-th ``[[key]]`` table (and its ``field``).

    Examples
    --------
    >>> line_of('name = "x"\\nyear = 2024\\n', "year")
    2
    """
    lines = text.splitlines()
    if index is None:
        pattern = re.compile(rf"^\s*({re.escape(key)}\s*=|\[\[?\s*{re.escape(key)}\s*\]\]?)")
        return next((i + 1 for i, line in enumerate(lines) if pattern.match(line)), None)
    header = re.compile(rf"^\s*\[\[\s*{re.escape(key)}\s*\]\]")
    starts = [i for i, line in enumerate(lines) if header.match(line)]
    if index >= len(starts):
        return None
    if field:
        for i in range(starts[index] + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if re.match(rf"^\s*{re.escape(field)}\s*=", lines[i]):
                return i + 1
    return starts[index] + 1


def explain(exc: ValidationError, data: Mapping[str, Any], *, model: type[BaseModel],
            lists: Mapping[str, tuple[str, str, type[BaseModel]]] | None = None, keys: Mapping[str, str] | None = None,
            source: str | None = None, text: str | None = None) -> str:
    """One line from the first error of ``exc``, raised validating ``data`` as ``model``.

    ``lists`` (for the scenario) maps each list field to ``(TOML table name, label, record)``;
    ``keys`` maps fields to their TOML keys. ``text`` is the TOML read from ``source`` (a file):
    the line then names the file and the line.

    Examples
    --------
    >>> from pydantic import BaseModel, ConfigDict
    >>> class Point(BaseModel):
    ...     model_config = ConfigDict(extra="forbid")
    ...     x: float
    >>> try:
    ...     Point(x=1, y=2)
    ... except ValidationError as exc:
    ...     print(explain(exc, {"x": 1, "y": 2}, model=Point))
    Point: unknown key 'y'; use x
    """
    keys = keys or {}
    errors = exc.errors()  # a misspelt key first: it explains the field that is then missing
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc, toml = list(err["loc"]), text is not None
    msg = err["msg"].removeprefix("Value error, ")
    line, where, owner = None, "", model
    field = str(loc[0]) if loc else None
    if lists is not None and len(loc) >= 2 and loc[0] in lists and isinstance(loc[1], int):
        table, label, owner = lists[str(loc[0])]
        items = data.get(loc[0]) or []
        entry = items[loc[1]] if loc[1] < len(items) and isinstance(items[loc[1]], Mapping) else {}
        ident = entry.get("target") or "/".join(str(entry[k]) for k in ("node", "market", "commodity") if entry.get(k))
        where = (f"[[{table}]]" if toml else label) + f" #{loc[1] + 1}"
        where += f" ({ident})" if ident else ""
        field = str(loc[2]) if len(loc) > 2 else None
        msg = msg.removeprefix(f"{owner.__name__}: ")
        if toml:  # an entry-level message starts with the field it is about ("remaining 1.5 …")
            first = (msg.split(maxsplit=1) or [""])[0]
            line = line_of(text, table, loc[1], field or (first if first in owner.model_fields else None))
    elif lists is not None and loc and toml:
        line = line_of(text, keys.get(field, field))
        if field in lists and err["type"] == "tuple_type":
            msg = f"write each entry as a [[{lists[field][0]}]] table"
        field = keys.get(field, field)
    if err["type"] == "extra_forbidden":
        names = list(keys.values()) if (toml and owner is model and lists is not None) else list(owner.model_fields)
        msg, field = f"unknown key {field!r}; use {', '.join(names)}{suggest(str(field), names)}", None
    elif err["type"] == "missing":
        msg = "missing; add it"
    if source or toml:
        head = f"{source or 'scenario TOML'}: "
    elif lists is not None:
        name = data.get("name")
        head = f"scenario {name!r}: " if isinstance(name, str) and name else "Scenario: "
    else:
        head = f"{model.__name__}: "
    return head + at(line) + (where + ": " if where else "") + (f"field {field!r}: " if field else "") + msg
