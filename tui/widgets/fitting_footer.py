"""The key line at the bottom, showing only the keys that fit whole.

Textual's footer cuts its line at the terminal's edge, often mid-word ("c Tariff ▏"). This one
hides the keys that would be cut, and every key after them: the first keys are the ones used
most, and all of them are in the help (`?`) and the command palette.

The widths come from Textual's own box model, and the footer's parts from its footer module;
both are internal to Textual 8, so `tests/test_footer.py` checks the result against the
layout Textual makes of the same keys.
"""

from __future__ import annotations

from fractions import Fraction

from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterLabel, KeyGroup


class FittingFooter(Footer):
    """A footer whose keys are shown whole or not at all."""

    _shown_keys: tuple[object, ...] | None = None  # what the keys were last made from

    async def recompose(self) -> None:
        # Textual makes the keys again whenever the screen's bindings may have changed: a
        # dozen times as an edit is applied, each styling every key anew. Mostly they have not.
        if not self.is_attached or self._pruning:  # as `Widget.recompose`: a closed screen
            return
        keys = self._keys_shown()
        if keys == self._shown_keys and self.children:
            return
        self._shown_keys = keys
        async with self.batch():  # fitted before the new keys are painted: none is ever cut
            await super().recompose()
            self.fit()

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything `Footer.compose` makes the keys from."""
        if not self._bindings_ready:
            return ()
        keys = [
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ]
        return (*keys, self.show_command_palette, self.compact)

    def on_resize(self, event: Resize) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the keys, in order, as long as each fits whole before the palette key."""
        children = list(self.children)
        palette = [c for c in children if c.has_class("-command-palette")]
        room = self.size.width - sum(self._box(c)[0] for c in palette)
        end = 0
        margin = 0  # the right margin of the key before (margins between keys overlap)
        fits = True
        shown: list[tuple[Widget, bool]] = []
        for child in children:
            if child in palette:
                continue
            width, left, right = self._box(child)
            end += max(margin, left) + width
            margin = right
            fits = fits and end <= room
            shown.append((child, fits))
        for position, (child, fits) in enumerate(shown):
            label_cut = (
                isinstance(child, KeyGroup)
                and position + 1 < len(shown)
                and isinstance(shown[position + 1][0], FooterLabel)
                and not shown[position + 1][1]
            )
            child.display = fits and not label_cut  # keys without their label say nothing

    def _box(self, child: Widget) -> tuple[int, int, int]:
        """(width, left margin, right margin) of a key as the footer lays it out."""
        box = child._get_box_model(self.size, self.app.size, Fraction(1), Fraction(1))
        return int(box.width), box.margin.left, box.margin.right
