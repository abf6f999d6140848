"""The search panel: a query box over a grouped, virtual list of results.

The panel only shows; the main screen decides what a query finds and what choosing a result
does. Typed text goes into an `Input` with a length cap and is never parsed as markup or as a
pattern; results are rows made on demand from `SearchResults`, so ten thousand hits cost what
the few on screen cost.
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message

from tui.core.links import Ref
from tui.core.search import (
    GROUP_TITLES,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    GroupKind,
    PendingSearch,
    SearchIndex,
    SearchResults,
)
from tui.widgets.after_paint import AfterPaintOnce, after_paint
from tui.widgets.plain_input import PlainInput
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row
from tui.widgets.summary_line import SummaryLine

KIND_LABELS: dict[GroupKind, str] = {
    "negotiation": "talks",
    "round": "round",
    "participant": "person",
    "issue": "issue",
    "event": "event",
    "quote": "quote",
    "source": "source",
}


SUMMARY_LINES = 3  # at most: the results below keep most of the panel

# A result's match cell and the spans to highlight in it, as a row holds them.
Match = tuple[str, tuple[tuple[int, int, int], ...]]
NO_MATCH: Match = ("", ())


class ResultRows:
    """`SearchResults` as rows for a `RecordList`: each row is built when it is painted.

    Without `snippets` a row shows the record but not its own match: working out snippets for
    a screenful takes milliseconds, so the first frame after a key goes out without them and
    they are filled in a frame later. Meanwhile a record that was also among the `earlier`
    results keeps the snippet and highlights it had there (a key or a few behind, for a frame),
    so the match column does not blink at every key typed, and a record still in the same
    place is a line the list need not paint again.
    """

    def __init__(
        self,
        results: SearchResults,
        *,
        show_negotiation: bool,
        snippets: bool = True,
        earlier: ResultRows | None = None,
    ) -> None:
        self.results = results
        self.show_negotiation = show_negotiation
        self.snippets = snippets
        self._cache: dict[int, Row] = {}
        self._brief: dict[int, Row] = {}
        # Match cells and their highlights by record, for the results that come next.
        self.matches: dict[tuple[GroupKind, int], Match] = {}
        self._earlier_matches = earlier.known_matches() if earlier is not None else {}

    def __len__(self) -> int:
        return len(self.results)

    def known_matches(self) -> dict[tuple[GroupKind, int], Match]:
        """The match cells these rows have, or had from earlier ones if not painted yet."""
        return self.matches or self._earlier_matches

    def row(self, index: int) -> Row:
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        if not self.snippets:
            return self._brief_row(index)
        if self._brief or self._earlier_matches:  # only the first frame needs them
            self._earlier_matches = {}
            self._brief = {}
        hit = self.results.hit(index)
        match = f"{hit.field}: {hit.snippet}" if hit.field else hit.snippet
        cells = [self._kind_label(index, hit.kind), hit.label, match]
        prefix = len(hit.field) + 2 if hit.field else 0
        highlights = tuple((2, start + prefix, end + prefix) for start, end in hit.highlights)
        if self.show_negotiation:
            cells.append(hit.negotiation_title)
        row = Row(str(index), tuple(cells), highlights)
        if len(self._cache) > 2000:
            self._cache.clear()
            self.matches = {}  # a new dict: later rows may be reading the old one
        self._cache[index] = row
        self.matches[self.results.locate(index)] = (match, highlights)
        return row

    def _brief_row(self, index: int) -> Row:
        """The row without working out its snippet: the earlier snippet, or nothing."""
        made = self._brief.get(index)
        if made is not None:
            return made
        kind, label, negotiation_title = self.results.label(index)
        match, highlights = self._earlier_matches.get(self.results.locate(index), NO_MATCH)
        cells = [self._kind_label(index, kind), label, match]
        if self.show_negotiation:
            cells.append(negotiation_title)
        if len(self._brief) > 2000:
            self._brief.clear()
        made = self._brief[index] = Row(str(index), tuple(cells), highlights)
        return made

    def _kind_label(self, index: int, kind: GroupKind) -> str:
        # The kind is written on the first row of each group only: the groups read as headings.
        first_of_group = index == 0 or self.results.locate(index - 1)[0] != kind
        return KIND_LABELS[kind] if first_of_group else ""

    def index_of(self, key: str) -> int | None:
        return int(key) if key.isdigit() and int(key) < len(self.results) else None


def summary_text(results: SearchResults | None) -> Content:
    """``3 rounds · 2 issues — 5 results``, then what was done to find them."""
    if results is None or not results.query.strip():
        return Content(
            "Type to search every field of every record. ↑↓ move · enter open · esc back"
        )
    notes = []
    if results.fuzzy:
        notes.append(f"No exact match; close spellings: {', '.join(results.fuzzy[:5])}.")
    if results.truncated:
        notes.append(
            f"The query was cut to {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS:,} characters."
        )
    counts = results.counts()
    if not counts:
        return Content.assemble(("No matches. ", "$warning"), " ".join(notes))
    parts = []
    for kind, count in counts.items():
        noun = GROUP_TITLES[kind].lower()
        parts.append(f"{count:,} {noun if count != 1 else noun[:-1]}")
    total = len(results)
    text = " · ".join(parts) + f" — {total:,} result{'s' * (total != 1)}."
    return Content(" ".join([text, *notes]))


class QueryInput(PlainInput):
    """The query box: a paste longer than the box allows is cut to fit, and the user told.

    Keys that reach the box after the search closed (typed right behind Enter or Escape) are
    handed back to the app, so they act on the browser as the user meant.
    """

    accepting = True

    async def _on_key(self, event: events.Key) -> None:
        # Textual also runs `PlainInput.on_key` and `Input._on_key` after this (handlers run
        # along the class hierarchy) unless the default is prevented: then the key is taken.
        if not self.accepting:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))

    def post_message(self, message: Message) -> bool:
        # The panel follows the value with a watcher and nothing listens to `Changed`:
        # posting it would only keep the frame after a key waiting while it is dispatched.
        if isinstance(message, PlainInput.Changed):
            return False
        return super().post_message(message)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # `Input._on_paste` would insert the text a second time
        limit = self.max_length or MAX_QUERY_CHARS
        start, end = sorted(self.selection)
        room = limit - (len(self.value) - (end - start))
        head = event.text[: room * 4 + 1].split("\n", 1)[0].split("\r", 1)[0]
        if room <= 0 or not head:
            self.app.bell()
            return
        if len(head) > room or len(event.text) > len(head) + 1:
            self.notify(
                f"Pasted text was cut to its first line and {limit:,} characters in all.",
                severity="warning",
                markup=False,
            )
        self.replace(head[:room], start, end)


class SearchPanel(Vertical):
    """Query box, summary line and results; runs each query as it is typed."""

    class Previewed(Message):
        """The result under the cursor changed (and is painted): show its record."""

        def __init__(self, ref: Ref) -> None:
            super().__init__()
            self.ref = ref

    class Chosen(Message):
        """The user double-clicked a result, or its background search finished after Enter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: SearchIndex | None = None
        self.results: SearchResults | None = None
        self.many_negotiations = False
        self.first: str | None = None  # the negotiation whose results come first
        self._generation = 0
        self.choose_when_ready = False
        self._after_paint = AfterPaintOnce(self)

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder="Search everything…  names, places, 何立峰, quotes, sources",
            max_length=MAX_QUERY_CHARS,
            id="search-input",
            select_on_focus=False,
        )
        yield SummaryLine(summary_text(None), max_lines=SUMMARY_LINES, id="search-summary")
        yield RecordList(
            (Column("Kind", 8), Column("Record", 22), Column("Match", 30, flex=True)),
            empty_text="Type to search",
            id="search-results",
        )

    def on_mount(self) -> None:
        self.border_title = Content("/ Search")
        # A watcher, not the Changed message: it runs as the key is processed, so results
        # are up to date before the next key (Enter, a move) is handled.
        self.watch(self.input, "value", self.run_query, init=False)

    @property
    def input(self) -> QueryInput:
        return self.query_one("#search-input", QueryInput)

    @property
    def results_list(self) -> RecordList:
        return self.query_one("#search-results", RecordList)

    def use_index(self, index: SearchIndex, *, many_negotiations: bool) -> None:
        """Search this index from now on (and re-run the current query on it)."""
        self.index = index
        self.many_negotiations = many_negotiations
        if self.input.value:
            self.run_query(self.input.value)

    def current_ref(self) -> Ref | None:
        """The record of the result under the cursor."""
        if self.results is None or not len(self.results):
            return None
        return self.results.ref(self.results_list.cursor)

    @property
    def searching_in_background(self) -> bool:
        return any(w.group == "search" and w.is_running for w in self.workers)

    def run_query(self, query: str) -> None:
        """Search now when the index alone answers; otherwise in a worker, off the UI thread."""
        self._generation += 1
        self.choose_when_ready = False
        if self.index is None:
            # The query runs as soon as the index is ready (see `use_index`).
            self._show_summary(Content("Preparing search…"))
            self.results_list.empty_text = "" if query.strip() else "Type to search"
            self.results_list.refresh()
            return
        if not query.strip():
            self._show(None)
        elif SearchIndex.is_quick(query):
            self._show(self.index.search(query, self.first))
        else:
            # The index's part here; reading the candidates' text, which can take a while, in
            # a thread. That part reads its own copy of what it needs: searches overlap (a
            # thread cannot be stopped) and edits go on while it runs.
            self._show_summary(Content("Searching…"))
            pending = self.index.begin_search(query, self.first)
            self._search_in_background(pending, self._generation)

    @work(thread=True, exclusive=True, group="search")
    def _search_in_background(self, pending: PendingSearch, generation: int) -> None:
        results = pending.finish()
        self.app.call_from_thread(self._show_if_current, results, generation)

    def _show_if_current(self, results: SearchResults, generation: int) -> None:
        if not self.is_attached or not self.app.is_running:
            return  # the app is closing: results that come late are dropped
        if generation == self._generation:
            self._show(results)
            if self.choose_when_ready:
                self.choose_when_ready = False
                self.post_message(self.Chosen())

    def _show(self, results: SearchResults | None) -> None:
        self.results = results
        columns = [
            Column("Kind", 8),
            Column("Record", 22, wants=32),
            Column("Match", 30, flex=True),
        ]
        if self.many_negotiations:
            columns = [
                Column("Kind", 6),  # "person", "source": the longest
                Column("Record", 18, wants=28),
                Column("Match", 20, flex=True),
                Column("Negotiation", 16, cut="middle", wants=28),
            ]
        results_list = self.results_list
        results_list.set_columns(columns)
        results_list.empty_text = "No matches" if results is not None else "Type to search"
        if results:
            shown = results_list.row_source
            rows = ResultRows(
                results,
                show_negotiation=self.many_negotiations,
                snippets=False,
                earlier=shown if isinstance(shown, ResultRows) else None,
            )
            results_list.set_rows(rows, keep="0")
            after_paint(self, lambda: self._add_snippets(rows))
        else:
            results_list.set_rows([])
        self._show_summary(summary_text(results))

    def _add_snippets(self, rows: ResultRows) -> None:
        """Fill in the match column of results painted without it (if still shown)."""
        results_list = self.results_list
        if results_list.row_source is rows and not rows.snippets:
            rows.snippets = True
            results_list.refresh_rows()

    def _show_summary(self, text: Content) -> None:
        self.query_one("#search-summary", SummaryLine).update(text)

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        # The record under the cursor is previewed once the results are painted: sent now,
        # the message would keep the frame answering a key waiting while it travels up.
        message.stop()
        self._after_paint(self._post_preview)

    def _post_preview(self) -> None:
        if (ref := self.current_ref()) is not None:
            self.post_message(self.Previewed(ref))

    def on_record_list_activated(self, message: RecordList.Activated) -> None:
        message.stop()
        self.post_message(self.Chosen())
