"""Each side's tariff level over time, from the `tariffs` records, drawn as a step chart.

The level of one side on the other's goods is read from the records, never written here:

* where the records give a *headline* aggregate (the figure officials and the press quote,
  e.g. 145%), that is the level from its date until the next headline;
* before a side's first headline, the level is the highest rate of any measure then in force
  (each measure keeps its latest rate; a later record of the same measure replaces it).

Pure computation, no Textual; drawn rows are ``(text, style)`` spans like the timeline's.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.core.model import Negotiation, TariffLevel
from tui.core.timeline import DateScale, Line, Span, merge_spans, month_span, place

Y_LABEL_WIDTH = 5  # "145%" and a space
StepAt = tuple[int, int]  # (series index, step index)


@dataclass(frozen=True, slots=True)
class Step:
    """From `day` on, the level is `percent`, as `record` gives it."""

    day: datetime.date
    percent: float
    record: TariffLevel | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Series:
    """One side's tariffs on the other's goods, as steps in date order."""

    imposer: str
    target: str
    label: str
    steps: tuple[Step, ...]

    def level_on(self, day: datetime.date) -> float | None:
        """The level in force on `day`, or None before the first record."""
        level = None
        for step in self.steps:
            if step.day > day:
                break
            level = step.percent
        return level


def tariff_series(negotiation: Negotiation) -> list[Series]:
    """One series per (imposer, target) pair, in the order the records first name them."""
    pairs: list[tuple[str, str]] = []
    for record in negotiation.tariffs:
        if (record.imposer, record.target) not in pairs:
            pairs.append((record.imposer, record.target))
    result = []
    for imposer, target in pairs:
        records = sorted(
            (r for r in negotiation.tariffs if (r.imposer, r.target) == (imposer, target)),
            key=lambda r: r.date,  # stable: records of one day keep their file order
        )
        in_force: dict[str, TariffLevel] = {}
        headline: TariffLevel | None = None
        steps: list[Step] = []
        for day in sorted({r.date for r in records}):
            for record in (r for r in records if r.date == day):
                if record.headline:
                    headline = record
                else:
                    in_force[record.measure] = record
            deciding = headline or max(in_force.values(), key=lambda r: r.rate_percent)
            if not steps or steps[-1].percent != deciding.rate_percent:
                steps.append(Step(day, deciding.rate_percent, deciding))
        label = f"{negotiation.party_name(imposer)} on {negotiation.party_name(target)}"
        result.append(Series(imposer, target, label, tuple(steps)))
    return result


def percent_text(value: float) -> str:
    return f"{value:g}%"


def nice_top(highest: float) -> float:
    """The top of the y axis: the highest level rounded up to a multiple of 25 (at least 25)."""
    return max(25.0, math.ceil(highest / 25) * 25)


@dataclass(frozen=True, slots=True)
class Plot:
    """Where things go: `row_of` a level (0 is the top row) and `scale` for the dates."""

    height: int
    top: float
    scale: DateScale

    def row_of(self, percent: float) -> int:
        return self.height - 1 - round(percent / self.top * (self.height - 1))


def chart_plot(
    series: Sequence[Series], rounds: Sequence[datetime.date], width: int, height: int
) -> Plot:
    """The plot area for `series` in a chart `width` × `height` cells (axes included)."""
    days = [s.day for one in series for s in one.steps] + list(rounds)
    scale = month_span(days or [datetime.date.today()], max(width - Y_LABEL_WIDTH - 1, 10))
    highest = max((s.percent for one in series for s in one.steps), default=0.0)
    return Plot(max(height - 3, 3), nice_top(highest), scale)


# (entering the column, going up) -> the corner drawn on that row.
CORNERS = {(True, True): "┘", (False, True): "┌", (True, False): "┐", (False, False): "└"}


def _draw_series(grid: list[list[Span]], one: Series, plot: Plot, style: str) -> None:
    """Horizontal runs at each level, joined by vertical strokes at the changes."""
    scale = plot.scale
    if not one.steps:
        return
    columns = [scale.column(s.day) for s in one.steps]
    for column in range(columns[0], scale.width):
        before = [s for s, c in zip(one.steps, columns, strict=True) if c < column]
        here = [s for s, c in zip(one.steps, columns, strict=True) if c == column]
        levels = ([before[-1].percent] if before else []) + [s.percent for s in here]
        rows = [plot.row_of(level) for level in levels]
        entering, leaving = rows[0], rows[-1]
        if not before or (entering == leaving and len(set(rows)) == 1):
            grid[leaving][column] = ("─", style)
            continue
        for row in range(min(rows), max(rows) + 1):
            grid[row][column] = ("│", style)
        up = leaving < entering
        grid[entering][column] = (CORNERS[(True, up)], style)
        grid[leaving][column] = (CORNERS[(False, up)], style)


def _label_steps(
    grid: list[list[Span]], one: Series, plot: Plot, style: str, taken: set[tuple[int, int]]
) -> None:
    """Each new level written by its run: just above it or just below, as near its change as
    there is room, else on the run itself. A label never touches another, so two levels read
    as two ("57% 47%", not "57%47%"); one with no room is left to the list under the chart.

    `taken` holds the cells of the labels already written, by any series.
    """
    columns = [plot.scale.column(step.day) for step in one.steps]
    for index, step in enumerate(one.steps):
        text = percent_text(step.percent)
        end = columns[index + 1] if index + 1 < len(columns) else plot.scale.width
        run = (plot.row_of(step.percent), columns[index] + 1, end)
        spot = _label_spot(grid, taken, plot, run, length=len(text), style=style)
        if spot is not None:
            row, column = spot
            for offset, char in enumerate(text):
                grid[row][column + offset] = (char, f"{style}-label")
                taken.add((row, column + offset))


def _label_spot(
    grid: list[list[Span]],
    taken: set[tuple[int, int]],
    plot: Plot,
    run: tuple[int, int, int],
    *,
    length: int,
    style: str,
) -> tuple[int, int] | None:
    """Where a label `length` cells long goes for a run (its row, first and end column)."""
    run_row, start, end = run

    def fits(row: int, column: int, free: Callable[[Span], bool]) -> bool:
        if not 0 <= row < plot.height or column + length > plot.scale.width:
            return False
        if (row, column - 1) in taken or (row, column + length) in taken:
            return False
        return all(map(free, grid[row][column : column + length + 1]))

    def blank(cell: Span) -> bool:
        return cell[0] in " ┊"

    def on_run(cell: Span) -> bool:
        return cell[0] == "─" and cell[1] in (style, "step-selected")

    columns = range(start, max(start, end - length) + 1)
    for column in columns:
        for row in (run_row - 1, run_row + 1):
            if fits(row, column, blank):
                return row, column
    for column in columns:
        if column + length < end and fits(run_row, column, on_run):
            return run_row, column
    return None


def _select(grid: list[list[Span]], series: Sequence[Series], plot: Plot, at: StepAt) -> None:
    """Restyle one step as ``step-selected``: its change and its run up to the next change."""
    index, step_index = at
    steps = series[index].steps
    style = f"series-{index}"
    start = plot.scale.column(steps[step_index].day)
    following = steps[step_index + 1] if step_index + 1 < len(steps) else None
    end = plot.scale.column(following.day) if following else plot.scale.width
    run = plot.row_of(steps[step_index].percent)
    for column in range(start, max(end, start + 1)):
        for row in range(plot.height):
            char, drawn_by = grid[row][column]
            if drawn_by == style and (column == start or row == run):
                grid[row][column] = (char, "step-selected")


def draw_chart(
    series: Sequence[Series],
    rounds: Sequence[tuple[int, datetime.date]],
    width: int,
    height: int,
    selected: StepAt | None = None,
) -> list[Line]:
    """The y axis in percent, one line per series, then the date axis with rounds numbered.

    Styles: ``axis``, ``label``, ``series-<n>`` (and ``series-<n>-label``), ``round``,
    ``round-line``, ``step-selected`` (the `selected` step: series index, step index).
    """
    plot = chart_plot(series, [day for _, day in rounds], width, height)
    scale = plot.scale
    grid: list[list[Span]] = [[(" ", "")] * scale.width for _ in range(plot.height)]
    for _, day in rounds:
        for row in grid:
            row[scale.column(day)] = ("┊", "round-line")
    for index, one in enumerate(series):
        _draw_series(grid, one, plot, f"series-{index}")
    if selected is not None:
        _select(grid, series, plot, selected)
    taken: set[tuple[int, int]] = set()
    for index, one in enumerate(series):
        _label_steps(grid, one, plot, f"series-{index}", taken)
    ticks = {plot.row_of(plot.top * k / 5): plot.top * k / 5 for k in range(6)}
    lines: list[Line] = []
    for row_index, row in enumerate(grid):
        tick = ticks.get(row_index)
        label = percent_text(tick) if tick is not None else ""
        axis = "┤" if tick is not None else "│"
        lines.append([(f"{label:>{Y_LABEL_WIDTH}}", "label"), (axis, "axis"), *row])
    lines.append([(" " * Y_LABEL_WIDTH, ""), ("└", "axis"), (scale.axis_line("┴"), "axis")])
    lines.append([(" " * (Y_LABEL_WIDTH + 1), ""), (scale.month_labels(), "label")])
    numbers: list[Span] = [(" ", "")] * scale.width
    for number, day in rounds:
        place(numbers, scale.column(day), str(number), "round")
    # The label takes the axis's column too, so that the numbers sit under their lines.
    lines.append([(f"{'rounds':<{Y_LABEL_WIDTH + 1}}", "label"), *numbers])
    return [merge_spans(line) for line in lines]


def steps_in_order(series: Sequence[Series]) -> list[StepAt]:
    """Every step of every series by date (series order on a shared day), for a cursor."""
    at = [(i, j) for i, one in enumerate(series) for j in range(len(one.steps))]
    return sorted(at, key=lambda ij: (series[ij[0]].steps[ij[1]].day, ij[0]))


def describe_step(series: Sequence[Series], at: StepAt) -> str:
    """``9 Apr 2025 · US on China 145%: headline aggregate — <the record's note>``."""
    one = series[at[0]]
    step = one.steps[at[1]]
    text = f"{step.day.day} {step.day:%b %Y} · {one.label} {percent_text(step.percent)}"
    record = step.record
    if record is not None:
        text += f": {record.measure}"
        if record.note:
            text += f" — {record.note}"
    return text


def step_summary(one: Series) -> str:
    """``US on China: 10% (4 Feb) → 20% (4 Mar) → …``, for the line under the chart."""
    parts = [f"{percent_text(s.percent)} ({s.day.day} {s.day:%b})" for s in one.steps]
    return f"{one.label}: " + " → ".join(parts)
