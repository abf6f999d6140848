"""The key line: keys are shown whole or not at all, as many as fit, first ones first."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterLabel, KeyGroup

from tests.test_browser import make_app, ready
from tui.widgets.fitting_footer import FittingFooter


def _right(widget: Widget) -> int:
    return widget.region.right


@pytest.mark.parametrize("width", [34, 37, 40, 60, 80, 100, 120, 160])
async def test_the_footer_shows_as_many_whole_keys_as_fit(width: int) -> None:
    async with make_app().run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        await pilot.pause()
        footer = pilot.app.screen.query_one(FittingFooter)
        palette = footer.query_one(".-command-palette")
        keys = [child for child in footer.children if child is not palette]
        shown = [key for key in keys if key.display]
        assert shown == keys[: len(shown)]  # the first ones
        assert all(_right(key) <= palette.region.x for key in shown)  # none cut
        for position, key in enumerate(keys[:-1]):
            if isinstance(key, KeyGroup) and isinstance(keys[position + 1], FooterLabel):
                assert key.display == keys[position + 1].display  # keys with their label
        if len(shown) == len(keys):
            return
        # As Textual lays out every key: the first one hidden would have been cut.
        for key in keys:
            key.display = True
        await pilot.pause()
        hidden = keys[len(shown)]
        if isinstance(hidden, KeyGroup):
            hidden = keys[len(shown) + 1]  # its label
        assert _right(hidden) > palette.region.x
        assert all(_right(key) <= palette.region.x for key in shown)


async def test_the_footer_fits_again_when_the_terminal_is_resized() -> None:
    async with make_app().run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        footer = pilot.app.screen.query_one(FittingFooter)
        wide = sum(key.display for key in footer.children)
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        narrow = sum(key.display for key in footer.children)
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        assert narrow < wide == sum(key.display for key in footer.children)


async def test_the_keys_are_made_again_only_when_they_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual remade them at every possible change of bindings (a dozen times as an edit is
    applied, each styling every key anew): now only when what they show differs."""
    made: list[int] = []
    original = Footer.compose

    def compose(footer: Footer) -> Any:
        made.append(1)
        return original(footer)

    monkeypatch.setattr(Footer, "compose", compose)
    async with make_app().run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.pause()
        footer = pilot.app.screen.query_one(FittingFooter)
        before = len(made)
        await pilot.press("j", "j", "k", "2", "1")  # moves and pane changes: the same keys
        await pilot.pause()
        assert len(made) == before
        keys = [str(key.render()) for key in footer.children]
        assert not any("Next match" in key for key in keys)
        await pilot.press("slash", *"geneva", "enter")  # matches to step through: n is shown
        await pilot.pause()
        assert len(made) > before
        assert any("Next match" in str(key.render()) for key in footer.children)
