"""Record files written the way people write them by hand, so that a save diffs as an edit.

A table's plain values come first, one ``key = value`` a line; a list of values stays on one
line while it fits in `LINE_WIDTH`; text with line breaks is a multi-line string; each record
of a list of records is its own ``[[rounds]]`` table, and a record's own lists of records
(``[[rounds.quotes]]``) follow it. That is the layout of the bundled records, and of most TOML
written by hand: a file in that layout is saved with only the edited lines changed.

A value of a type TOML has no way to write raises `Unwritable`; the caller then tries
tomli-w, which says what is wrong. Either way the text
is read back and compared with the records before it is saved (see `tui.core.saving`).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from typing import Any

LINE_WIDTH = 100
_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"
_TO_ESCAPE_RE = re.compile('["\\\\\x00-\x1f\x7f]')
_TO_ESCAPE_MULTILINE_RE = re.compile("[\\\\\x00-\x08\x0b-\x1f\x7f]")  # keeps \n, \t and quotes


class Unwritable(ValueError):
    """Data this layout cannot express."""


def dumps(document: dict[str, Any]) -> str:
    """`document` as TOML text in the hand-written layout (see the module's docstring)."""
    return "\n".join(_table(document, ())).lstrip("\n") + "\n"


def _table(table: dict[str, Any], path: tuple[str, ...]) -> Iterator[str]:
    """A table's lines: its plain values, then its sub-tables and lists of records."""
    later: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) or _is_records(value):
            later.append((key, value))
        else:
            yield f"{_key(key)} = {_value(value)}"
    for key, value in later:
        where = (*path, _key(key))
        if isinstance(value, dict):
            yield ""
            yield f"[{'.'.join(where)}]"
            yield from _table(value, where)
            continue
        for record in value:
            yield ""
            yield f"[[{'.'.join(where)}]]"
            yield from _table(record, where)


def _is_records(value: object) -> bool:
    """A non-empty list of tables only, written as ``[[name]]`` tables (a list mixing tables
    and values is written on one line, its tables as inline tables)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    return key if _BARE_KEY_RE.fullmatch(key) else _string(key)


def _value(value: object) -> str:
    if isinstance(value, str):
        return _multiline(value) if "\n" in value else _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        items = [_inline(item) for item in value]
        line = "[" + ", ".join(items) + "]"
        if len(line) <= LINE_WIDTH and "\n" not in line:
            return line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    raise Unwritable(f"a value of type {type(value).__name__}")


def _inline(value: object) -> str:
    """A value inside a list: on one line, tables as inline tables."""
    if isinstance(value, dict):
        pairs = ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, str):
        return _string(value)
    return _value(value)


def _string(text: str) -> str:
    """A basic string: quotes, backslashes and control characters escaped."""
    return '"' + _TO_ESCAPE_RE.sub(_escaped, text) + '"'


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _multiline(text: str) -> str:
    """A multi-line basic string; a quote is escaped only where it could end the string."""
    body = _TO_ESCAPE_MULTILINE_RE.sub(_escaped, text)
    body = body.replace('"""', '""\\"')
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return '"""\n' + body + '"""'
