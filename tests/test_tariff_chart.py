"""The tariff chart's steps come from the records, and its lines sit at the levels they show."""

from __future__ import annotations

import datetime
import tomllib

from tests.helpers import BUNDLED, MINIMAL, bundled_negotiation
from tui.core.model import Negotiation
from tui.core.tariff_chart import (
    Y_LABEL_WIDTH,
    Plot,
    Series,
    Step,
    chart_plot,
    describe_step,
    draw_chart,
    step_summary,
    steps_in_order,
    tariff_series,
)


def expected_steps(data: dict[str, object], imposer: str) -> list[tuple[datetime.date, float]]:
    """The rule, restated over the raw TOML: headline figures, else the top rate in force."""
    records = [t for t in data["tariffs"] if t["imposer"] == imposer]  # type: ignore[attr-defined]
    steps: list[tuple[datetime.date, float]] = []
    in_force: dict[str, float] = {}
    headline = None
    for day in sorted({r["date"] for r in records}):
        for record in (r for r in records if r["date"] == day):
            if record.get("headline"):
                headline = record["rate_percent"]
            else:
                in_force[record["measure"]] = record["rate_percent"]
        level = headline if headline is not None else max(in_force.values())
        if not steps or steps[-1][1] != level:
            steps.append((day, level))
    return steps


def test_steps_of_the_bundled_records_follow_the_tariff_records() -> None:
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    series = {(s.imposer, s.target): s for s in tariff_series(bundled_negotiation())}
    assert set(series) == {("us", "cn"), ("cn", "us")}
    for side in ("us", "cn"):
        other = "cn" if side == "us" else "us"
        got = [(s.day, s.percent) for s in series[(side, other)].steps]
        assert got == expected_steps(data, side)


def test_the_bundled_series_show_the_climb_and_the_geneva_cut() -> None:
    series = {(s.imposer, s.target): s for s in tariff_series(bundled_negotiation())}
    us, cn = series[("us", "cn")], series[("cn", "us")]
    assert us.level_on(datetime.date(2025, 4, 20)) == 145
    assert cn.level_on(datetime.date(2025, 4, 20)) == 125
    assert us.level_on(datetime.date(2025, 5, 20)) == 30
    assert cn.level_on(datetime.date(2025, 5, 20)) == 10
    assert us.level_on(datetime.date(2025, 1, 1)) is None
    assert step_summary(us).startswith("US on China: 10% (4 Feb) → 20% (4 Mar) → 145% (9 Apr)")


def test_every_headline_record_is_a_level_on_its_date() -> None:
    negotiation = bundled_negotiation()
    series = {(s.imposer, s.target): s for s in tariff_series(negotiation)}
    for record in negotiation.tariffs:
        if record.headline:
            level = series[(record.imposer, record.target)].level_on(record.date)
            assert level == record.rate_percent


def test_a_changed_record_changes_the_chart() -> None:
    negotiation = bundled_negotiation()
    tariffs = [
        t.model_copy(update={"rate_percent": 99.0}) if t.headline and t.rate_percent == 145 else t
        for t in negotiation.tariffs
    ]
    changed = negotiation.model_copy(update={"tariffs": tariffs})
    us = next(s for s in tariff_series(changed) if s.imposer == "us")
    assert us.level_on(datetime.date(2025, 4, 20)) == 99


def test_no_tariff_records_no_series() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    assert tariff_series(negotiation) == []


def _cells(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(char, style) for text, style in line for char in text]


def test_drawn_lines_sit_on_the_rows_of_their_levels() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    rounds = [(r.number, r.start) for r in negotiation.rounds_in_order()]
    for width, height in ((116, 30), (76, 14)):
        lines = draw_chart(series, rounds, width, height)
        plot = chart_plot(series, [day for _, day in rounds], width, height)
        grid = [_cells(line)[Y_LABEL_WIDTH + 1 :] for line in lines[: plot.height]]
        for index, one in enumerate(series):
            style = f"series-{index}"
            for step, following in zip(one.steps, [*one.steps[1:], None], strict=True):
                start = plot.scale.column(step.day) + 1
                end = plot.scale.column(following.day) if following else plot.scale.width
                row = plot.row_of(step.percent)
                for column in range(start, end):
                    # Between two changes the series is drawn on its level's row and nowhere
                    # else in that column (another series at the same row may cover it).
                    mine = [r for r in range(plot.height) if grid[r][column][1] == style]
                    assert mine in ([row], []), (width, one.label, step, column)
                    char, drawn_by = grid[row][column]
                    if drawn_by == f"{style}-label":
                        continue  # its level written on the run: there was no room by it
                    assert drawn_by.startswith("series-") and char in "─┌┐└┘│"
                    if drawn_by == style:
                        assert char == "─"
                drawn = [c for c in range(start, end) if grid[row][c][1] == style]
                last = following.day - datetime.timedelta(days=1) if following else plot.scale.end
                assert drawn or start >= end or _covered(series, one, step, last, plot)


def _covered(
    series: list[Series], one: Series, step: Step, last: datetime.date, plot: Plot
) -> bool:
    """True if another series sits on the same row during the run (and hides it)."""
    row = plot.row_of(step.percent)
    levels = [
        other.level_on(day) for other in series if other is not one for day in (step.day, last)
    ]
    return any(level is not None and plot.row_of(level) == row for level in levels)


def test_y_axis_labels_mark_the_scale() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    lines = draw_chart(series, [], 100, 20)
    plot = chart_plot(series, [], 100, 20)
    assert plot.top == 150
    first = "".join(text for text, _ in lines[0])
    last_plot_row = "".join(text for text, _ in lines[plot.height - 1])
    assert first.startswith(" 150%┤")
    assert last_plot_row.startswith("   0%┤")
    rounds_row = "".join(text for text, _ in lines[-1])
    assert rounds_row.startswith("rounds")


def test_the_row_of_a_drawn_run_reads_back_as_its_level_on_the_y_axis() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    height = 30
    lines = draw_chart(series, [], 116, height)
    plot = chart_plot(series, [], 116, height)
    per_row = plot.top / (plot.height - 1)
    for index, one in enumerate(series):
        for day in (datetime.date(2025, 4, 30), datetime.date(2025, 9, 1)):
            column = Y_LABEL_WIDTH + 1 + plot.scale.column(day)
            rows = [
                r
                for r, line in enumerate(lines[: plot.height])
                if _cells(line)[column] == ("─", f"series-{index}")
            ]
            assert len(rows) == 1
            read_back = plot.top - rows[0] * per_row
            assert abs(read_back - (one.level_on(day) or 0)) <= per_row / 2


def test_a_selected_step_is_drawn_selected_and_described_from_its_record() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    order = steps_in_order(series)
    days = [series[i].steps[j].day for i, j in order]
    assert days == sorted(days) and len(order) == sum(len(s.steps) for s in series)
    us = next(i for i, s in enumerate(series) if s.imposer == "us")
    peak = next(j for j, step in enumerate(series[us].steps) if step.percent == 145)
    lines = draw_chart(series, [], 116, 30, selected=(us, peak))
    plot = chart_plot(series, [], 116, 30)
    grid = [_cells(line)[Y_LABEL_WIDTH + 1 :] for line in lines[: plot.height]]
    chosen = {
        (r, c)
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
        if cell[1] == "step-selected"
    }
    assert chosen
    assert {r for r, _ in chosen} >= {plot.row_of(145)}
    columns = {c for _, c in chosen}
    assert min(columns) == plot.scale.column(datetime.date(2025, 4, 9))
    assert max(columns) < plot.scale.column(datetime.date(2025, 5, 14))
    text = describe_step(series, (us, peak))
    assert text.startswith("9 Apr 2025 · US on China 145%: headline aggregate — 125% reciprocal")


def test_round_numbers_sit_under_their_dotted_lines() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    rounds = [(r.number, r.start) for r in negotiation.rounds_in_order()[:4]]  # well apart
    lines = draw_chart(series, rounds, 116, 20)
    plot = chart_plot(series, [day for _, day in rounds], 116, 20)
    numbers = "".join(text for text, _ in lines[-1])
    top_row = "".join(text for text, _ in lines[0])
    for number, day in rounds:
        column = Y_LABEL_WIDTH + 1 + plot.scale.column(day)
        assert numbers[column] == str(number)
        assert top_row[column] in "┊│─┌┐└┘", (number, top_row)


def _label_runs(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text, style) of each unbroken stretch of label cells on a drawn line."""
    runs: list[tuple[str, str]] = []
    previous = ""
    for char, style in _cells(line):
        if style.endswith("-label") and style == previous:
            runs[-1] = (runs[-1][0] + char, style)
        elif style.endswith("-label"):
            runs.append((char, style))
        previous = style
    return runs


def test_every_level_is_labelled_once_and_no_two_labels_run_together() -> None:
    negotiation = bundled_negotiation()
    series = tariff_series(negotiation)
    rounds = [(r.number, r.start) for r in negotiation.rounds_in_order()]
    for width, height in ((116, 30), (76, 16), (76, 14), (74, 12), (74, 10)):
        lines = draw_chart(series, rounds, width, height)
        runs = [run for line in lines for run in _label_runs(line)]
        for index, one in enumerate(series):
            drawn = sorted(text for text, style in runs if style == f"series-{index}-label")
            levels = sorted(f"{step.percent:g}%" for step in one.steps)
            # A stretch holding two labels ("57%47%") would be neither level: the lists differ.
            assert drawn == levels, (width, height, one.label)
