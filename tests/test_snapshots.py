"""Snapshot tests: the screens as a person sees them (pytest-textual-snapshot).

Update after an intended change of look with ``pytest tests/test_snapshots.py --snapshot-update``
and review the pictures in the report.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.helpers import MINIMAL
from tui.app import NegotiationsApp

TODAY = datetime.date(2025, 11, 1)
SnapCompare = Callable[..., bool]


async def loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def app(path: Path | None = None) -> NegotiationsApp:
    return NegotiationsApp(path, today=TODAY, remember_settings=False)


def test_main_screen_wide(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        app(), terminal_size=(120, 40), run_before=loaded, press=["j", "j", "j", "j"]
    )


def test_main_screen_narrow(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), run_before=loaded, press=["2", "j"])


def test_main_screen_on_an_issue_detail_focused(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        app(), terminal_size=(120, 40), run_before=loaded, press=["3", "enter", "j", "j"]
    )


def test_help_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), run_before=loaded, press=["question_mark"])


def test_problems_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "talks.toml").write_text(MINIMAL, encoding="utf-8")
    (folder / "broken.toml").write_text('schema = 1\nid = "x"\ntitle = \n', encoding="utf-8")
    (folder / "refs.toml").write_text(
        'schema = 1\nid = "y"\ntitle = "Y"\nunknown = 1\n\n[[rounds]]\nid = "r"\nnumber = 1\n'
        'start = 2025-01-01\nparticipants = ["ghost"]\n',
        encoding="utf-8",
    )
    assert snap_compare(app(folder), terminal_size=(120, 40), run_before=loaded, press=["p"])


def test_negotiation_picker(snap_compare: SnapCompare, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for negotiation_id, title in [
        ("talks", "Test talks"),
        ("eu-uk", "EU–UK fisheries"),
        ("wto", "WTO reform"),
    ]:
        text = MINIMAL.replace('id = "talks"', f'id = "{negotiation_id}"').replace(
            "Test talks", title
        )
        (folder / f"{negotiation_id}.toml").write_text(text, encoding="utf-8")
    assert snap_compare(
        app(folder), terminal_size=(120, 40), run_before=loaded, press=["o", "e", "u"]
    )


async def light(pilot: Pilot[Any]) -> None:
    await loaded(pilot)
    pilot.app.theme = "textual-light"
    await pilot.pause()


def test_timeline_wide(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), run_before=loaded, press=["j", "j", "t"])


def test_timeline_narrow(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), run_before=loaded, press=["t", "j"])


def test_timeline_light_theme(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), run_before=light, press=["j", "t"])


def test_tariff_chart_wide(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), run_before=loaded, press=["c"])


def test_tariff_chart_narrow(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), run_before=loaded, press=["c"])


def test_tariff_chart_light_theme(snap_compare: SnapCompare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), run_before=light, press=["c"])
