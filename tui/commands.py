"""Command palette entries: jump to any record by name (rounds, participants, issues, events,
sources), and every browser key by name.

Textual's `Matcher.highlight` parses its text as markup, so record names are highlighted
here on plain `Content` instead: a name like ``[@click=app.quit]`` shows as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from tui.bindings import MAIN_BINDINGS, PALETTE_ACTIONS, key_lines
from tui.core.formatting import round_name, short_date
from tui.core.links import Ref
from tui.core.subsequence import SubsequenceFinder
from tui.core.text import visible
from tui.screens.main import MainScreen

RECORD_HITS = 200  # record matches scored and offered per query: more than a screenful
EVERY_EVENT_AND_SOURCE_UP_TO = 100  # negotiations; beyond, only the current one's are offered


def highlight_words(text: str, query: str) -> Content:
    """`text` as plain content, with each word of `query` found in it emphasised."""
    shown = visible(text, one_line=True)
    content = Content(shown)
    folded = shown.casefold()
    for word in query.casefold().split():
        start = folded.find(word)
        if start >= 0:
            content = content.stylize("bold reverse", start, start + len(word))
    return content


class RecordCommands(Provider):
    """Records of every loaded negotiation, and the main screen's actions.

    Record labels are gathered once per opening of the palette and cut down with a
    `SubsequenceFinder` before Textual's matcher scores them: with a thousand negotiations,
    scoring every label took half a second per keystroke.
    """

    _labels: list[tuple[str, str, Ref]] | None = None
    _finder: SubsequenceFinder | None = None

    def _main_screen(self) -> MainScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _records(self) -> Iterator[tuple[str, str, Ref]]:
        screen = self._main_screen()
        if screen is None:
            return
        negotiations = screen.browser.negotiations
        reading = screen.browser.negotiation
        many = len(negotiations) > 1
        for n in negotiations:
            suffix = f" — {n.title}" if many else ""
            for round_ in n.rounds_in_order():
                yield f"{round_name(round_)}{suffix}", "round", Ref("round", n.id, round_.id)
            for person in n.participants:
                label = f"{person.name} {person.name_original}".strip()
                yield f"{label}{suffix}", "participant", Ref("participant", n.id, person.id)
            for issue in n.issues:
                yield f"{issue.title}{suffix}", "issue", Ref("issue", n.id, issue.id)
            # Events and sources double the labels: from a large collection, only those of
            # the negotiation being read (a query matching nothing would take 0.15 s a key).
            if len(negotiations) > EVERY_EVENT_AND_SOURCE_UP_TO and n is not reading:
                continue
            for event in n.events:
                label = f"{event.title} ({short_date(event.date)})"
                yield f"{label}{suffix}", "event", Ref("event", n.id, event.id)
            for source in n.sources:
                label = f"[{source.id}] {source.outlet}" + (
                    f" — {source.title}" if source.title else ""
                )
                yield f"{label}{suffix}", "source", Ref("source", n.id, source.id)

    def _actions(self) -> Iterator[tuple[str, str, str]]:
        """(description, action, help) for every main-screen key and palette-only action."""
        for line in key_lines(MAIN_BINDINGS, self.app.get_key_display):
            if line.action != "quit":
                yield line.description, line.action, f"key: {line.keys}"
        for description, action in PALETTE_ACTIONS:
            yield description, action, "command palette"

    def _run(self, action: str) -> None:
        screen = self._main_screen()
        if screen is not None:
            self.app.call_later(screen.run_action, action)

    def _go(self, ref: Ref) -> None:
        screen = self._main_screen()
        if screen is not None:
            screen.navigator.go_to(ref)

    async def discover(self) -> Hits:
        for description, action, help_text in self._actions():
            yield DiscoveryHit(Content(description), partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher: Matcher = self.matcher(query)
        for description, action, help_text in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    highlight_words(description, query),
                    partial(self._run, action),
                    text=description,
                    help=help_text,
                )
        if self._labels is None or self._finder is None:
            self._labels = list(self._records())
            self._finder = SubsequenceFinder([label for label, _, _ in self._labels])
        for position in self._finder.find(query, RECORD_HITS):
            label, kind, ref = self._labels[position]
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    highlight_words(label, query),
                    partial(self._go, ref),
                    text=label,
                    help=f"go to {kind}",
                )
