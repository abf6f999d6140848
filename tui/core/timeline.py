"""The talks on a date axis: what happened when, drawn as lanes of characters, and what is next.

Pure computation, no Textual: the timeline screen asks for marks and rows of styled text and
only paints them. Drawn rows are lists of ``(text, style)`` spans whose style names the screen
maps to theme colours, so the picture follows the light and dark themes alike.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.formatting import date_range, short_date, span
from tui.core.model import EventKind, Negotiation

Span = tuple[str, str]
Line = list[Span]

# Lanes top to bottom: (lane, label, symbol). Rounds are drawn by their number instead.
LANES: tuple[tuple[str, str, str], ...] = (
    ("round", "Rounds", "#"),
    ("leaders", "Leaders", "◆"),
    ("call", "Calls", "●"),
    ("deadline", "Deadlines", "▼"),
    ("tariff", "Tariffs", "■"),
    ("export-control", "Export ctl", "▲"),
    ("other", "Other", "○"),
)
LANE_OF_EVENT: dict[EventKind, str] = {
    "call": "call",
    "tariff": "tariff",
    "export-control": "export-control",
    "deadline": "deadline",
}
GUTTER = 11  # lane labels, then the axis
# A date this far after the last round is not stretched onto the axis; it shows at its edge.
HORIZON = datetime.timedelta(days=60)
NUMBER_DRIFT = 3  # how many columns a round's number may move to stay legible (see `place`)


@dataclass(frozen=True, slots=True)
class Mark:
    """One dated thing on the timeline; `kind` and `id` say which record it is."""

    day: datetime.date
    end: datetime.date
    lane: str
    title: str
    kind: str  # "round", "event" or "issue"
    id: str
    number: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def when(self) -> str:
        return date_range(self.day, self.end, short=True)


def timeline_marks(negotiation: Negotiation) -> list[Mark]:
    """Rounds, events and issue deadlines, in date order (rounds first on a shared day)."""
    marks: list[Mark] = []
    for round_ in negotiation.rounds_in_order():
        lane = "leaders" if round_.kind == "leaders-meeting" else "round"
        title = round_.title or round_.city or round_.id
        marks.append(
            Mark(round_.start, round_.last_day, lane, title, "round", round_.id, round_.number)
        )
    for event in negotiation.events:
        lane = LANE_OF_EVENT.get(event.kind, "other")
        marks.append(Mark(event.date, event.date, lane, event.title, "event", event.id))
    for issue in negotiation.issues:
        if issue.deadline is not None:
            title = f"Deadline: {issue.title}"
            marks.append(Mark(issue.deadline, issue.deadline, "deadline", title, "issue", issue.id))
    order = {"round": 0, "event": 1, "issue": 2}
    return sorted(marks, key=lambda m: (m.day, order[m.kind], m.number or 0))


@dataclass(frozen=True, slots=True)
class Countdown:
    """A deadline seen from today: `days` until it, negative once it has passed."""

    mark: Mark
    days: int

    def describe(self) -> str:
        when = short_date(self.mark.day)
        if self.days > 0:
            return f"{span(self.days)} until {self.mark.title} ({when})"
        if self.days == 0:
            return f"today: {self.mark.title} ({when})"
        return f"{self.mark.title} passed {span(-self.days)} ago ({when})"


def _first(marks: Sequence[Mark]) -> Mark:
    """Of deadlines on one day, a dated event comes before an issue's deadline."""
    return min(marks, key=lambda m: (m.day, m.kind != "event"))


def next_deadline(marks: Sequence[Mark], today: datetime.date) -> Countdown | None:
    """The first deadline after `today`, or else the last one that passed (or is today)."""
    deadlines = [m for m in marks if m.lane == "deadline"]
    ahead = [m for m in deadlines if m.day > today]
    if ahead:
        first = _first(ahead)
        return Countdown(first, (first.day - today).days)
    if deadlines:
        latest = max(m.day for m in deadlines)
        last = _first([m for m in deadlines if m.day == latest])
        return Countdown(last, (last.day - today).days)
    return None


def deadline_today(marks: Sequence[Mark], today: datetime.date) -> Countdown | None:
    """A deadline that falls on `today`, if there is one."""
    due = [m for m in marks if m.lane == "deadline" and m.day == today]
    return Countdown(_first(due), 0) if due else None


@dataclass(frozen=True, slots=True)
class DateScale:
    """Maps days to columns ``0 .. width-1`` between two dates, both included."""

    start: datetime.date
    end: datetime.date
    width: int

    def column(self, day: datetime.date) -> int:
        span = max((self.end - self.start).days, 1)
        offset = (day - self.start).days
        return max(0, min(self.width - 1, round(offset * (self.width - 1) / span)))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def month_starts(self) -> list[datetime.date]:
        day: datetime.date | None = self.start.replace(day=1)
        months = []
        while day is not None and day <= self.end:
            if day >= self.start:
                months.append(day)
            day = next_month(day)
        return months

    def axis_line(self, corner: str = "┬") -> str:
        """A rule with a tick at the first of each month."""
        cells = ["─"] * self.width
        for month in self.month_starts():
            cells[self.column(month)] = corner
        return "".join(cells)

    def month_labels(self) -> str:
        """Month names under their ticks, the year with the first shown of each year (a
        January left out for want of room passes its year to the next month shown)."""
        cells = [" "] * self.width
        free_from = 0
        year_shown: int | None = None
        for month in self.month_starts():
            label = f"{month:%b}"
            if month.year != year_shown:
                label += f" {month:%Y}"
            column = self.column(month)
            if column < free_from or column + len(label) > self.width:
                continue
            cells[column : column + len(label)] = list(label)
            free_from = column + len(label) + 1
            year_shown = month.year
        return "".join(cells)


def next_month(day: datetime.date) -> datetime.date | None:
    """The first day of the month after `day`'s; None in the last month a date can have."""
    if (day.year, day.month) == (datetime.MAXYEAR, 12):
        return None
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def later(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """`day` + `delta`, or the last date there is (records may be dated up to year 9999)."""
    return day + min(delta, datetime.date.max - day)


def month_span(days: Sequence[datetime.date], width: int) -> DateScale:
    """A scale from the first of the earliest month to the end of the latest month."""
    first, last = min(days), max(days)
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return DateScale(first.replace(day=1), end, width)


def timeline_scale(marks: Sequence[Mark], width: int) -> DateScale:
    """The months of the rounds and of what happened up to `HORIZON` after the last one."""
    rounds = [m.end for m in marks if m.kind == "round"] or [m.day for m in marks]
    limit = later(max(rounds), HORIZON)
    return month_span([m.day for m in marks if m.day <= limit] or rounds, width)


def draw_timeline(
    marks: Sequence[Mark], width: int, *, selected: str | None, today: datetime.date | None
) -> list[Line]:
    """Month labels, the axis, then one lane per kind of mark; a lane label in the gutter.

    Styles: ``axis``, ``label``, ``lane-<lane>``, ``selected``, ``today``, ``beyond``.
    """
    if not marks:
        return [[("No rounds or dated events to show.", "label")]]
    scale = timeline_scale(marks, max(width - GUTTER, 10))
    lines: list[Line] = [
        [(" " * GUTTER, ""), (scale.month_labels(), "label")],
        [(" " * GUTTER, ""), (scale.axis_line(), "axis")],
    ]
    today_column = scale.column(today) if today is not None and scale.contains(today) else None
    for lane, label, symbol in LANES:
        cells: list[Span] = [(" ", "")] * scale.width
        if today_column is not None:
            cells[today_column] = ("┊", "today")
        # The selected mark is drawn last, on top of anything sharing its column.
        for mark in sorted((m for m in marks if m.lane == lane), key=lambda m: m.key == selected):
            style = "selected" if mark.key == selected else f"lane-{lane}"
            text = str(mark.number) if lane == "round" and mark.number is not None else symbol
            if not scale.contains(mark.day):
                cells[-1] = ("▸", "selected" if mark.key == selected else "beyond")
            elif lane == "round":
                place(cells, scale.column(mark.day), text, style)
            else:
                cells[scale.column(mark.day)] = (text, style)
        lines.append([(f"{label:<{GUTTER - 1}} ", "label"), *cells])
    return [merge_spans(line) for line in lines]


def place(cells: list[Span], column: int, text: str, style: str) -> None:
    """Write `text` at `column`, or at the nearest column where a cell keeps it apart from any
    number already written: "1" and "2" side by side would read "12".

    A number is never cut at the edge ("19" would read "1"): with no room, it is left out
    (the list under the picture still has it).
    """
    width = len(cells)

    def clear(at: int) -> bool:
        around = cells[max(at - 1, 0) : at + len(text) + 1]
        return at + len(text) <= width and not any(cell[0].isdigit() for cell in around)

    # The nearest free spot, right then left at each distance; further off than
    # `NUMBER_DRIFT`, a number would mark the wrong day.
    spots = [column]
    for distance in range(1, NUMBER_DRIFT + 1):
        spots += [column + distance, *([column - distance] if column >= distance else [])]
    at = next((spot for spot in spots if clear(spot)), None)
    if at is None:
        return
    for offset, char in enumerate(text):
        cells[at + offset] = (char, style)


def merge_spans(line: Line) -> Line:
    """Adjacent spans of the same style joined: fewer, longer pieces to paint."""
    merged: Line = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


LEGEND: tuple[tuple[str, str, str], ...] = (
    ("1 2 3", "lane-round", "round"),
    ("◆", "lane-leaders", "leaders' meeting"),
    ("●", "lane-call", "call"),
    ("▼", "lane-deadline", "deadline"),
    ("■", "lane-tariff", "tariff"),
    ("▲", "lane-export-control", "export control"),
    ("○", "lane-other", "other event"),
    ("┊", "today", "today"),
    ("▸", "beyond", "later"),
)


def legend_for(marks: Sequence[Mark], today: datetime.date | None) -> list[tuple[str, str, str]]:
    """The entries of `LEGEND` for what the picture of `marks` shows: a lane's symbol when it
    has marks, today's line when today is on the axis, ``▸`` when a mark lies beyond it."""
    if not marks:
        return []
    scale = timeline_scale(marks, 10)  # its dates do not depend on its width
    lanes = {mark.lane for mark in marks}
    shown = []
    for symbol, style, label in LEGEND:
        if style.startswith("lane-") and style.removeprefix("lane-") not in lanes:
            continue
        if style == "today" and (today is None or not scale.contains(today)):
            continue
        if style == "beyond" and all(scale.contains(mark.day) for mark in marks):
            continue
        shown.append((symbol, style, label))
    return shown


def legend_lines(items: Sequence[tuple[str, str, str]], width: int) -> list[Line]:
    """``symbol label`` pairs laid out in as many lines of `width` cells as they need."""
    lines: list[Line] = [[]]
    used = 0
    for symbol, style, label in items:
        size = len(symbol) + 1 + len(label) + 2
        if used and used + size - 2 > width:
            lines.append([])
            used = 0
        lines[-1] += [(symbol, style), (f" {label}  ", "label")]
        used += size
    return [merge_spans(line) for line in lines if line]
