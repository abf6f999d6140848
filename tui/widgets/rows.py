"""What a record list shows: its columns, its rows, where rows come from, and text fitted to cells.

Plain data and text arithmetic, kept apart from `RecordList`'s drawing: a row's cells pass
through `visible` here, so record text is never markup or terminal control on its way to the
screen.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from rich.cells import cell_len, get_character_cell_size

from tui.core.search.folding import fold
from tui.core.text import visible


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title, its width in cells, and whether it takes the spare width."""

    title: str
    width: int
    flex: bool = False
    align: Literal["left", "right"] = "left"
    # Where a text too long is cut: at its end; in its middle, keeping its last word (what
    # tells "…talks #12" from "…talks #120", or one year's talks from the next); or at its
    # start (a path's end, "…kr-in.toml:23", says more than its beginning).
    cut: Literal["end", "middle", "start"] = "end"
    # The width it grows to, when the line has room beyond every column's own width (a date
    # span across two years is 24 cells; most are under 18).
    wants: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """One record as the list shows it; `key` identifies the record.

    `highlights` are (cell, start, end) character spans to emphasise, e.g. search matches.
    """

    key: str
    cells: tuple[str, ...]
    highlights: tuple[tuple[int, int, int], ...] = ()


class RowSource(Protocol):
    """Rows made on demand: the list asks only for the rows it paints."""

    def __len__(self) -> int: ...

    def row(self, index: int) -> Row: ...

    def index_of(self, key: str) -> int | None: ...


class ListRows:
    """A `RowSource` over rows that already exist."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def index_of(self, key: str) -> int | None:
        if self._index is None:
            self._index = {row.key: index for index, row in enumerate(self._rows)}
        return self._index.get(key)


class FilteredRows:
    """The rows of another `RowSource` that hold every word of a filter, in the same order."""

    def __init__(self, source: RowSource, positions: list[int]) -> None:
        self.source = source
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    def row(self, index: int) -> Row:
        return self.source.row(self._positions[index])

    def index_of(self, key: str) -> int | None:
        position = self.source.index_of(key)
        if position is None:
            return None
        index = bisect.bisect_left(self._positions, position)
        return (
            index if index < len(self._positions) and self._positions[index] == position else None
        )


def row_texts(source: RowSource) -> list[str]:
    """Each row's cells as one folded text: what a filter looks for words in."""
    return [fold(" ".join(source.row(i).cells)) for i in range(len(source))]


def filtered(source: RowSource, texts: Sequence[str], words: Sequence[str]) -> FilteredRows:
    """The rows of `source` whose text (from `row_texts`) holds every one of `words`."""
    positions: Sequence[int] = range(len(texts))
    for word in words:  # a word at a time: one comprehension each, no generator per row
        positions = [i for i in positions if word in texts[i]]
    return FilteredRows(source, list(positions))


def _cut(text: str, width: int) -> str:
    """The start of `text` that fills `width` cells (padded where a wide character won't fit)."""
    if cell_len(head := text[:width]) == width:  # the usual case: a cell a character
        end = width
        while end < len(text) and get_character_cell_size(text[end]) == 0:
            end += 1  # marks that combine with the last character shown
        return head + text[width:end]
    return _cut_by_characters(text, width)


def _cut_by_characters(text: str, width: int) -> str:
    """`_cut`, measuring one character at a time."""
    used = 0
    for position, character in enumerate(text):
        size = get_character_cell_size(character)
        if used + size > width:
            return text[:position] + " " * (width - used)
        used += size
    return text + " " * (width - used)


def fit(
    text: str,
    width: int,
    align: Literal["left", "right"] = "left",
    cut: Literal["end", "middle", "start"] = "end",
) -> str:
    """`text` made exactly `width` cells wide: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    plain = text.isascii()  # printable ASCII (controls are stand-ins by now): a cell a character
    length = len(text) if plain else cell_len(text)
    if length > width:
        if cut == "middle" and (tail := _last_word(text, width)):
            head = width - 1 - cell_len(tail)
            return (text[:head] if plain else _cut(text, head)) + "…" + tail
        if cut == "start":
            if plain:
                return "…" + text[length - width + 1 :]
            kept = _cut(text[::-1], width - 1)[::-1].lstrip(" ")
            while kept and get_character_cell_size(kept[0]) == 0:
                kept = kept[1:]  # a mark whose letter was cut off
            return "…" + " " * (width - 1 - cell_len(kept)) + kept
        return (text[: width - 1] if plain else _cut(text, width - 1)) + "…"
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


def column_widths(columns: Sequence[Column], width: int) -> tuple[int, ...]:
    """Each column's width in a line `width` cells wide (after the gutter and separators)."""
    available = max(width - 2 - (len(columns) - 1), 0)  # gutter and separators
    flexible = [c for c in columns if c.flex]
    fixed = [c.width for c in columns]
    # Room beyond every column's own width goes first to columns that want more.
    room = max(available - sum(fixed), 0)
    for index, column in enumerate(columns):
        if not column.flex and column.wants > column.width and room:
            grown = min(column.wants - column.width, room)
            fixed[index] += grown
            room -= grown
    spare = max(available - sum(w for w, c in zip(fixed, columns, strict=True) if not c.flex), 0)
    widths = []
    for column, own in zip(columns, fixed, strict=True):
        if column.flex:
            widths.append(max(spare // len(flexible), 1))
        else:
            widths.append(own)
    # Shrink from the right when the fixed columns alone do not fit.
    overflow = sum(widths) - available
    for index in range(len(widths) - 1, -1, -1):
        if overflow <= 0:
            break
        cut = min(overflow, max(widths[index] - 1, 0))
        widths[index] -= cut
        overflow -= cut
    return tuple(widths)


def _last_word(text: str, width: int) -> str:
    """The space and last word of `text`, if they take at most a third of `width`."""
    space = text.rstrip().rfind(" ")
    tail = text[space:].rstrip() if space > 0 else ""
    return tail if 1 < cell_len(tail) <= width // 3 else ""


def row_text(
    row: Row, columns: Sequence[Column], widths: Sequence[int]
) -> tuple[str, list[tuple[int, int]]]:
    """The row's line (after the gutter) and the character spans to draw highlighted.

    Each cell is made visible and fitted once; the highlights are placed from the same
    pieces, so a row costs one pass over its cells.
    """
    shown: list[str] = []
    texts: list[str] = []
    for value, width, column in zip(row.cells, widths, columns, strict=False):
        text = visible(value, one_line=True)
        texts.append(text)
        shown.append(fit(text, width, column.align, column.cut))
    spans = []
    for cell, start, end in row.highlights:
        if cell >= len(shown) or columns[cell].align != "left" or columns[cell].cut != "end":
            continue
        offset = sum(len(piece) + 1 for piece in shown[:cell])
        piece = shown[cell]
        cut = piece.endswith("…") and not texts[cell].endswith("…")
        limit = len(piece) - 1 if cut else len(piece)
        first, last = min(start, limit), min(end, limit)
        if first < last:
            spans.append((offset + first, offset + last))
    return " ".join(shown), spans
