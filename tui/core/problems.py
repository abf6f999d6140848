"""Problems found in record files, in words a person understands, with a file and line.

Pydantic's own messages (``Input should be a valid date [type=date_type, ...]``) are written
for programmers and contain bracketed text that Textual would read as markup; here each error
is turned into a short sentence and located on a line of the file.
"""

from __future__ import annotations

import calendar
import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tui.core.text import shorten, visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in one file."""

    path: Path
    line: int | None
    field: str
    message: str
    severity: Severity = "error"

    def format(self, base: Path | None = None) -> str:
        """``file:line: field: message`` with control characters made visible."""
        shown = self.path
        if base is not None:
            try:
                shown = self.path.relative_to(base)
            except ValueError:
                shown = self.path
        where = f"{shown}:{self.line}" if self.line is not None else f"{shown}"
        field = f" {self.field}:" if self.field else ""
        prefix = " warning:" if self.severity == "warning" else ""
        return visible(f"{where}:{field}{prefix} {self.message}", one_line=True)


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('rounds', 2, 'start')`` → ``rounds[2].start``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def toml_type_name(value: object) -> str:
    """The TOML name of a parsed value's type, as a person editing the file sees it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _found(value: object) -> str:
    if isinstance(value, str):
        return f'text "{shorten(value, 40)}"'
    if isinstance(value, (dict, list)):
        return toml_type_name(value)
    return f"{toml_type_name(value)} ({shorten(str(value), 40)})"


_EXPECTED = {
    "string_type": "text",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date such as 2025-05-10",
    "list_type": "an array",
    "model_type": "a table",
    "dict_type": "a table",
    "model_attributes_type": "a table",
}


_DATE_RE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def impossible_date(text: str) -> str | None:
    """Why a date written in `text` (``2025-06-31``) is no date, or None if none is wrong."""
    for match in _DATE_RE.finditer(text):
        year, month, day = map(int, match.groups())
        written = match.group()
        if not 1 <= month <= 12:
            return f"{written} is not a date: there is no month {month}"
        if year == 0:
            return f"{written} is not a date: years start at 0001"
        if day == 0:
            return f"{written} is not a date: days start at 01"
        last = calendar.monthrange(year, month)[1]
        if day > last:
            return f"{written} is not a date: {calendar.month_name[month]} {year} has {last} days"
    return None


def describe_error(error: ErrorDetails) -> str:
    """A pydantic error as a sentence: what was expected and what was found."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        return "required field is missing"
    date_shaped = kind.startswith(("date_", "datetime_")) and isinstance(value, str)
    if date_shaped and (why := impossible_date(str(value))) is not None:
        return why  # a day the month lacks
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {_found(value)}"
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace("'", '"')
        return f"must be one of {allowed}; found {_found(value)}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_found(value)} is not a valid id: use lowercase letters, digits and single "
            "hyphens (for example he-lifeng)"
        )
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}; found {_found(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}; found {_found(value)}"
    if kind == "finite_number":
        return "must be a finite number (not nan or inf)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith(("date_", "datetime_")):
        return f"expected a date such as 2025-05-10, found {_found(value)}"
    return visible(error["msg"], one_line=True)


def problems_from_validation(
    path: Path, error: ValidationError, locate: LineLocator | LazyLineLocator | None
) -> list[Problem]:
    """Every error of a failed validation, as located problems."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line = locate.line_of(loc) if locate else None
        problems.append(Problem(path, line, field_path(loc), describe_error(item)))
    return problems


# --- Locating a field on a line ---------------------------------------------------------

_HEADER_RE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(?:#.*)?$")
_TABLE_RE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(?:#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"(?:[^\"\\]|\\.)*\")\s*=")


class LineLocator:
    """Finds the line of a field path (``rounds[2].start``) in a record file's text.

    It reads table headers and ``key =`` lines, which is enough for files written by hand or by
    this program; when a field cannot be found it falls back to its nearest table.
    """

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        # (line index, header name, is array of tables)
        self._headers: list[tuple[int, str, bool]] = []
        for index, line in enumerate(self._lines):
            if match := _HEADER_RE.match(line):
                self._headers.append((index, match.group(1), True))
            elif match := _TABLE_RE.match(line):
                self._headers.append((index, match.group(1), False))

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        """1-based line of the field at `loc`, or of its nearest enclosing table."""
        start, end = 0, self._first_header_or_end(0)
        best: int | None = 1  # the top of the file, when nothing nearer is found
        prefix = ""
        parts = list(loc)
        i = 0
        while i < len(parts):
            part = parts[i]
            if isinstance(part, str) and i + 1 < len(parts) and isinstance(parts[i + 1], int):
                name = f"{prefix}{part}"
                found = self._nth_array_table(name, int(parts[i + 1]), start)
                if found is None:
                    key_line = self._key_line(part, start, end)
                    return key_line + 1 if key_line is not None else best
                start = found
                end = self._section_end(found, name)
                best = found + 1
                prefix = f"{name}."
                i += 2
                continue
            if isinstance(part, str):
                key_line = self._key_line(part, start, end)
                if key_line is not None:
                    return key_line + 1
            return best
        return best

    def _first_header_or_end(self, start: int) -> int:
        for index, _, _ in self._headers:
            if index >= start:
                return index
        return len(self._lines)

    def _nth_array_table(self, name: str, nth: int, start: int) -> int | None:
        """Line index of the nth ``[[name]]`` after `start`, within the parent table."""
        parent = name.rsplit(".", 1)[0] if "." in name else None
        count = 0
        for index, header, is_array in self._headers:
            if index < start:
                continue
            if parent is not None and index > start and header == parent:
                return None  # reached the next parent: no such child here
            if is_array and header == name:
                if count == nth:
                    return index
                count += 1
        return None

    def _section_end(self, header_index: int, name: str) -> int:
        """Where the array table starting at `header_index` ends (next sibling or ancestor)."""
        for index, header, _ in self._headers:
            if index <= header_index:
                continue
            if not header.startswith(f"{name}."):
                return index
        return len(self._lines)

    def _key_line(self, key: str, start: int, end: int) -> int | None:
        """The line of ``key =`` directly in the section [start, end)."""
        body_end = self._first_header_or_end(start + 1) if start else end
        body_end = min(body_end, end)
        for index in range(start, body_end):
            match = _KEY_RE.match(self._lines[index])
            if match and _key_name(match.group(1)) == key:
                return index
        return None


class LazyLineLocator:
    """A `LineLocator` built only when a problem first asks for a line (most files have none)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._locator: LineLocator | None = None

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        if self._locator is None:
            self._locator = LineLocator(self._text)
        return self._locator.line_of(loc)


def _key_name(written: str) -> str:
    """The key a ``key =`` line names: a quoted key's escapes (``"\\u001b"``) decoded."""
    if not written.startswith('"'):
        return written
    try:
        return next(iter(tomllib.loads(f"{written} = 0")))
    except tomllib.TOMLDecodeError:
        return written.strip('"')
