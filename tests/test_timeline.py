"""The timeline's marks, date scale, countdown and drawing (plain unit tests)."""

from __future__ import annotations

import datetime
import tomllib

from tests.helpers import MINIMAL, bundled_negotiation
from tui.core.model import Negotiation, Round
from tui.core.timeline import (
    GUTTER,
    LANES,
    LEGEND,
    DateScale,
    draw_timeline,
    legend_lines,
    next_deadline,
    timeline_marks,
)


def plain(line: list[tuple[str, str]]) -> str:
    return "".join(text for text, _ in line)


def test_marks_hold_every_round_event_and_issue_deadline_in_date_order() -> None:
    negotiation = bundled_negotiation()
    marks = timeline_marks(negotiation)
    deadlines = [i for i in negotiation.issues if i.deadline is not None]
    assert len(marks) == len(negotiation.rounds) + len(negotiation.events) + len(deadlines)
    assert [m.day for m in marks] == sorted(m.day for m in marks)
    busan = next(m for m in marks if m.kind == "round" and m.number == 6)
    assert busan.lane == "leaders"
    assert {m.lane for m in marks if m.kind == "event" and m.id.startswith("truce-deadline")} == {
        "deadline"
    }


def test_countdown_to_the_truce_expiring_on_10_november() -> None:
    marks = timeline_marks(bundled_negotiation())
    countdown = next_deadline(marks, datetime.date(2025, 11, 1))
    assert countdown is not None
    assert countdown.days == 9
    assert countdown.mark.id == "truce-deadline-2025-11-10"
    assert countdown.describe() == "9 days until Extended tariff truce deadline (10 Nov 2025)"
    tomorrow = next_deadline(marks, datetime.date(2025, 11, 9))
    assert tomorrow is not None and tomorrow.describe().startswith("1 day until")


def test_countdown_after_the_last_deadline_says_how_long_ago() -> None:
    marks = timeline_marks(bundled_negotiation())
    countdown = next_deadline(marks, datetime.date(2026, 11, 28))
    assert countdown is not None
    assert countdown.days == -18
    assert "passed 18 days ago" in countdown.describe()


def test_no_deadlines_no_countdown() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    no_deadlines = [m for m in timeline_marks(negotiation) if m.lane != "deadline"]
    assert next_deadline(no_deadlines, datetime.date(2025, 1, 1)) is None


def test_date_scale_maps_the_ends_to_the_first_and_last_columns() -> None:
    scale = DateScale(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 100)
    assert scale.column(datetime.date(2025, 1, 1)) == 0
    assert scale.column(datetime.date(2025, 12, 31)) == 99
    assert scale.column(datetime.date(2025, 7, 2)) == 50
    assert scale.column(datetime.date(2030, 1, 1)) == 99  # clamped
    assert len(scale.month_starts()) == 12
    assert scale.axis_line().count("┬") == 12
    assert scale.month_labels().startswith("Jan 2025")


def test_drawing_fits_the_width_and_places_rounds_by_date() -> None:
    negotiation = bundled_negotiation()
    marks = timeline_marks(negotiation)
    geneva = next(m for m in marks if m.number == 1)
    for width in (116, 76):
        lines = draw_timeline(marks, width, selected=geneva.key, today=datetime.date(2025, 11, 1))
        assert len(lines) == 2 + len(LANES)
        assert all(len(plain(line)) == width for line in lines)
        rounds = plain(lines[2])
        assert rounds.startswith("Rounds")
        assert "1" in rounds and "5" in rounds
        # The selected round is drawn in the selection style, the others are not.
        styled = [(text, style) for text, style in lines[2] if style == "selected"]
        assert styled == [("1", "selected")]
        # Geneva sits left of London on the axis.
        assert rounds.index("1") < rounds.index("2")
        # Today's dotted line runs through the lanes.
        assert sum("┊" in plain(line) for line in lines[2:]) >= 3
        # The 2026 deadline lies beyond the axis and is shown at its edge.
        assert plain(lines[2 + [lane for lane, _, _ in LANES].index("deadline")]).endswith("▸")


def test_legend_wraps_to_the_width() -> None:
    wide = legend_lines(LEGEND, 200)
    narrow = legend_lines(LEGEND, 60)
    assert len(wide) == 1
    assert len(narrow) > 1
    assert all(len(plain(line).rstrip()) <= 60 for line in narrow)
    assert GUTTER < 60


def test_a_selected_mark_beyond_the_axis_is_highlighted_at_its_edge() -> None:
    marks = timeline_marks(bundled_negotiation())
    later = "event:truce-deadline-2026-11-10"
    lines = draw_timeline(marks, 100, selected=later, today=datetime.date(2025, 11, 1))
    deadlines = lines[2 + [lane for lane, _, _ in LANES].index("deadline")]
    assert deadlines[-1] == ("▸", "selected")
    unselected = draw_timeline(marks, 100, selected=None, today=None)
    assert unselected[2 + [lane for lane, _, _ in LANES].index("deadline")][-1] == ("▸", "beyond")


def test_records_dated_at_the_end_of_the_calendar_are_drawn() -> None:
    """Year 9999 is a valid TOML date: working out the month after it overflowed."""
    from tui.core.editing import new_record  # noqa: PLC0415
    from tui.core.tariff_chart import draw_chart, tariff_series  # noqa: PLC0415

    last = datetime.date.max
    text = (
        MINIMAL.replace("start = 2025-05-10", f"start = {last - datetime.timedelta(days=1)}")
        .replace("end = 2025-05-11", f"end = {last}")
        .replace("deadline = 2025-11-10", f"deadline = {last}")
    )
    text += (
        '\n[[tariffs]]\nimposer = "us"\ntarget = "cn"\nmeasure = "m"\n'
        f"rate_percent = 10.0\ndate = {last}\n"
    )
    negotiation = Negotiation.model_validate(tomllib.loads(text))
    assert max(r.last_day for r in negotiation.rounds) == last
    marks = timeline_marks(negotiation)
    lines = draw_timeline(marks, 76, selected=None, today=datetime.date(2025, 11, 1))
    years = [int(word) for word in plain(lines[0]).split() if word.isdigit()]
    assert years[0] == 2025 and years[-1] > 8000  # the axis reaches the end of the calendar
    assert all(len(plain(line)) == 76 for line in lines)
    rounds = [(r.number, r.start) for r in negotiation.rounds_in_order()]
    chart = draw_chart(tariff_series(negotiation), rounds, 76, 14)
    assert any("10%" in plain(line) for line in chart)
    added = new_record(negotiation, "round", today=datetime.date(2025, 1, 1))
    assert isinstance(added, Round) and added.start == last


def test_round_numbers_never_run_together_or_get_cut_at_the_edge() -> None:
    """ "1" beside "2" read as round 12, and "19" cut at the edge read as round 1."""
    from tui.core.timeline import place  # noqa: PLC0415

    cells: list[tuple[str, str]] = [(" ", "")] * 12
    place(cells, 5, "2", "lane")
    place(cells, 4, "1", "lane")
    place(cells, 11, "19", "lane")
    text = "".join(char for char, _ in cells)
    assert text.split() == ["1", "2", "19"]
    assert text.rstrip().endswith("19")
    crowded: list[tuple[str, str]] = [(" ", "")] * 3
    place(crowded, 1, "7", "lane")
    place(crowded, 1, "8", "lane")  # nowhere to go within reach: left out, not run together
    assert "".join(char for char, _ in crowded).split() == ["7"]


def test_the_legend_names_only_what_the_picture_shows() -> None:
    """Today's line was in the legend when today was off the axis and no line was drawn."""
    from tui.core.timeline import legend_for  # noqa: PLC0415

    marks = timeline_marks(bundled_negotiation())
    during = [label for _, _, label in legend_for(marks, datetime.date(2025, 9, 1))]
    assert "today" in during and "round" in during and "leaders' meeting" in during
    assert "later" in during  # the 2026 deadlines lie beyond the axis
    years_after = [label for _, _, label in legend_for(marks, datetime.date(2030, 1, 1))]
    assert "today" not in years_after
    only_rounds = [m for m in marks if m.lane == "round"]
    shown = [label for _, _, label in legend_for(only_rounds, datetime.date(2025, 9, 1))]
    assert shown == ["round", "today"]


def test_each_year_is_named_once_on_a_long_axis() -> None:
    """Over decades Januaries rarely find room: the year then goes with the next month shown."""
    scale = DateScale(datetime.date(1995, 3, 1), datetime.date(2001, 8, 31), 80)
    labels = scale.month_labels()
    for year in range(1995, 2002):
        assert labels.count(str(year)) == 1, (year, labels)


def test_far_deadlines_are_counted_in_months_and_years() -> None:
    from tui.core.formatting import days_from, span  # noqa: PLC0415

    assert [span(days) for days in (1, 45, 90, 9473)] == [
        "1 day",
        "45 days",
        "3 months",
        "26 years",
    ]
    today = datetime.date(2026, 12, 7)
    assert days_from(today, datetime.date(2000, 1, 1)) == "27 years ago"
    assert days_from(today, datetime.date(2026, 12, 20)) == "in 13 days"
