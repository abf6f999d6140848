"""Loading the records off the UI thread: the records first, then the search index.

The app runs this in the worker that opened the main screen (see `NegotiationsApp`). The
screen paints at once and stays responsive; the title line counts the files as they load.
Files whose bytes were seen before come from the cache (`RecordCache`), and so does the index
when no file changed (or few did: the cached one is brought up to date). Otherwise the index is
built, for a large collection in forked processes (`tui.core.search.parallel`): the first
starts while the rest still loads, and closing the app ends them. The records are shown as
soon as they are loaded; search follows when its index is ready (a query typed before then
runs as soon as it is). What had to be parsed is cached last, once everything is on screen.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, cast

from textual.message import Message
from textual.worker import get_current_worker

from tui.browser import Browser
from tui.core.cache import RecordCache
from tui.core.collection import Dataset, load_sources
from tui.core.describe import Detail
from tui.core.loading import RecordFile
from tui.core.search import SearchIndex
from tui.core.search.parallel import IndexBuilder
from tui.screens.opening import wait_until_painted
from tui.widgets.detail_view import DetailView
from tui.widgets.panes import PANES
from tui.widgets.search_panel import SearchPanel
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.app import NegotiationsApp
    from tui.screens.main import MainScreen

PROGRESS_SECONDS = 0.25  # between updates of the count in the title line


class RecordsShown(Message):
    """Posted to the app once the records are on screen (keys typed earlier may act now)."""


class Counting:
    """Counts files done in the title line ("Loading 120/1000…"), from the loader's thread.

    A few times a second: each update waits for the UI thread to take it, and a warm load of a
    thousand files is over in about a second.
    """

    def __init__(
        self, title_bar: TitleBar, doing: str, total: int, finishing: str | None = None
    ) -> None:
        self.title_bar = title_bar
        self.doing = doing
        self.total = total
        self.finishing = finishing  # said once all are done, if work remains
        self.shown: int | None = None
        self.shown_at = time.perf_counter()

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if done != self.shown and (now - self.shown_at >= PROGRESS_SECONDS or done == self.total):
            self.show(done)

    def show(self, done: int) -> None:
        """Show the count now."""
        self.shown, self.shown_at = done, time.perf_counter()
        status = f"{self.doing} {done}/{self.total}…"
        if done == self.total and self.finishing is not None:
            status = self.finishing
        self.title_bar.app.call_from_thread(self.title_bar.show_status, status)


class LoadController:
    """Loads the main screen's records and index, and hands them over on the UI thread."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def run(self) -> None:
        """The whole load; runs in a thread worker, once the main screen is open."""
        screen = self.screen
        worker = get_current_worker()
        wait_until_painted(screen.painted)
        call = screen.app.call_from_thread
        title_bar = screen.query_one(TitleBar)
        cache = RecordCache.default()
        builder = IndexBuilder(screen.sources)
        try:
            dataset = load_sources(
                screen.sources,
                screen.base,
                progress=Counting(title_bar, "Loading", len(screen.sources)),
                known=cache,
                each=builder.add,
            )
            files = list(dataset.files)  # as loaded: the browser's list changes with saves
            builder.loaded(files)
            call(self.show_records, dataset)
            found = cache.index(files)
            if found is None:
                indexing = Counting(title_bar, "Indexing", len(files), "Preparing search…")
                if len(files) > 1:
                    indexing.show(builder.indexed())  # the first files may be indexed already
                built = builder.build(
                    files,
                    stopped=lambda: worker.is_cancelled,
                    progress=indexing if len(files) > 1 else lambda indexed: None,
                )
                if built is None:
                    return  # the app is closing
                index = built
            else:
                index = found.index
        finally:
            builder.cancel()
        state = None
        if (found is None or found.patched) and cache.folder is not None:
            state = index.state()
        # The records and the index live as long as the app: keep the garbage collector from
        # rescanning their millions of objects, which would freeze a keystroke now and then.
        gc.freeze()
        call(self.use_index, index, files)
        cache.remember(files, state)

    def show_records(self, dataset: Dataset) -> None:
        """Show the freshly loaded records (search follows when its index is ready)."""
        screen = self.screen
        screen.browser = Browser(dataset, today=screen.today)
        last = cast("NegotiationsApp", screen.app).last_negotiation()
        if last is not None:  # where the user left this collection last time
            screen.browser.switch_to(last)
        screen.loaded = True
        for spec in PANES:
            screen.pane(spec.kind).empty_text = spec.empty_text
        title_bar = screen.query_one(TitleBar)
        title_bar.show_status("")
        screen.show_negotiation()
        screen.show_problem_count()
        screen.refresh_bindings()
        screen.app.post_message(RecordsShown())
        if not dataset.files:
            message = Detail("No records")
            message.add(("No record files could be loaded.", "title"))
            if dataset.problems:
                message.add(("Press p to see what went wrong.", "text"))
            screen.query_one(DetailView).show(message)

    def use_index(self, index: SearchIndex, indexed: list[RecordFile]) -> None:
        """Search works from now on; edits made while the index was built are indexed too."""
        browser = self.screen.browser
        for position, record in enumerate(indexed):
            if position < len(browser.files):
                negotiation = browser.negotiation_at(position)
                if negotiation is not record.negotiation:
                    index.replace_negotiation(negotiation)
        for position in range(len(indexed), len(browser.files)):  # fixed while it was built
            index.add_negotiation(browser.negotiation_at(position))
        panel = self.screen.query_one(SearchPanel)
        panel.use_index(index, many_negotiations=len(browser.files) > 1)
        self.screen.query_one(TitleBar).show_status("")

        def plan_ahead(until: float) -> bool:
            if panel.index is not index:
                return False  # a newer index took its place
            if index.plan_ahead(until):
                return True
            # The plans live as long as the index: out of the collector's way, as the records.
            gc.collect()
            gc.freeze()
            return False

        cast("NegotiationsApp", self.screen.app).run_while_idle(plan_ahead)
