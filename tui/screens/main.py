"""The main screen: rounds, participants and issues side by side, linked, with a detail view.

Selection is linked: the record under the cursor of the active pane is described in the detail
view, and the other panes mark the records it is linked to. Following a reference pushes the
current place onto a history that Escape walks back.
"""

from __future__ import annotations

import datetime
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from tui.bindings import MAIN_BINDINGS
from tui.browser import Browser
from tui.core.collection import Dataset
from tui.core.editing import records_of
from tui.core.links import PANE_KINDS, RecordKind, Ref
from tui.core.loading import RecordFile
from tui.core.model import Negotiation
from tui.core.paths import RecordSource
from tui.core.record_copy import CopyFormat
from tui.core.search import SearchResults
from tui.screens.all_rounds import AllRoundsController
from tui.screens.compositor import PartialCompositor
from tui.screens.copy_controller import CopyController
from tui.screens.dialogs import ChoiceScreen
from tui.screens.edit_controller import EditController
from tui.screens.file_editor import FileEditor
from tui.screens.help import HelpScreen
from tui.screens.list_filter import ListFilter
from tui.screens.load_controller import LoadController
from tui.screens.navigation import Navigator
from tui.screens.pane_focus import PaneFocus
from tui.screens.pictures_controller import PicturesController
from tui.screens.problems import ProblemsScreen
from tui.screens.search_controller import SearchController
from tui.widgets.after_paint import AfterPaintOnce
from tui.widgets.detail_view import DetailView
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.layout import is_narrow
from tui.widgets.panes import PANES
from tui.widgets.plain_input import PlainInput
from tui.widgets.record_list import RecordList
from tui.widgets.search_panel import SearchPanel
from tui.widgets.title_bar import ProblemsIndicator, TitleBar

if TYPE_CHECKING:
    from tui.app import NegotiationsApp


class MainScreen(Screen[None]):
    """The browser."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS
    # The look of everything past the first frame (the app's own CSS has only what it needs).
    CSS_PATH = Path(__file__).parent.parent / "styles" / "browser.tcss"

    def __init__(
        self,
        sources: list[RecordSource],
        *,
        base: Path | None = None,
        today: datetime.date | None = None,
    ) -> None:
        super().__init__()
        self._compositor = PartialCompositor()  # see `tui.screens.compositor`
        self.sources = sources
        self.base = base
        self.today = today
        self.browser = Browser(Dataset([], []), today=today)
        self.active_pane: RecordKind = "round"
        self.everyone = AllRoundsController(self)
        self.loader = LoadController(self)
        self.painted = threading.Event()  # the first frame is out (the loader waits for it)
        self._preview: Ref | None = None
        self._after_paint = AfterPaintOnce(self)  # the describing that follows a move
        self.shown: Ref | None = None
        self.loaded = False
        self.editor = EditController(self)
        self.file_editor = FileEditor(self.editor)
        self.search = SearchController(self)
        self.copier = CopyController(self)
        self.pictures = PicturesController(self)
        self.pane_focus = PaneFocus(self)
        self.navigator = Navigator(self)
        self.list_filter = ListFilter(self)

    # --- building -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="panes"):
                yield Static(Content(""), id="pane-tabs")
                for spec in PANES:
                    pane = RecordList(
                        spec.columns,
                        empty_text="Loading…",  # until the records are in (see `LoadController`)
                        counted=True,
                        id=f"pane-{spec.kind}",
                        classes="pane",
                    )
                    pane.border_title = Content(f"{spec.number} {spec.title}")
                    yield pane
                with Horizontal(id="pane-filter-bar"):
                    yield Static(Content("Filter"), id="pane-filter-label")
                    yield PlainInput(id="pane-filter", compact=True)
            yield SearchPanel(id="search")
            yield DetailView(id="detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        # The layout for the terminal's size from the first frame (a resize may come later).
        self.set_class(is_narrow(self.app.size), "-narrow")
        self.query_one(TitleBar).show_status("Loading…")
        self.set_focus(self.pane("round"))
        self.pane_focus.update_tabs()
        self.call_after_refresh(self.painted.set)

    def pane(self, kind: RecordKind) -> RecordList:
        return self.query_one(f"#pane-{kind}", RecordList)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    def show_negotiation(self, *, edited: bool = False) -> None:
        """Fill the panes with the current negotiation (`edited`: the one shown, changed)."""
        negotiation = self.browser.negotiation
        title_bar = self.query_one(TitleBar)
        if negotiation is None:
            title_bar.show_negotiation("no records", 0, 0)
            for spec in PANES:
                self.pane(spec.kind).set_rows([])
            return
        title_bar.show_negotiation(
            negotiation.title, self.browser.current + 1, len(self.browser.files)
        )
        for spec in PANES:
            if spec.kind == "round" and self.everyone.active:
                self.everyone.fill()
                continue
            pane = self.pane(spec.kind)
            pane.set_rows(spec.rows(negotiation), near=edited)
        self.shown = None
        self.show_current_of(self.active_pane)
        if self.shown is None:  # the pane is empty (or filtered to nothing): not a stale record
            self.show_record(Ref("negotiation", negotiation.id, negotiation.id))

    def key_of(self, ref: Ref) -> str:
        """The key of a record's row in its pane."""
        if ref.kind == "round" and self.everyone.active:
            return self.everyone.key_of(ref.negotiation, ref.id)
        return ref.id

    def action_toggle_all_rounds(self) -> None:
        """`a`: the rounds pane lists this negotiation's rounds, or every negotiation's."""
        self._decline_while_typing()
        if self.loaded:
            self.everyone.toggle()

    # --- showing records ----------------------------------------------------------------

    def current_ref(self, kind: RecordKind) -> Ref | None:
        return self._ref_of_key(kind, self.pane(kind).current_key)

    def _ref_of_key(self, kind: RecordKind, key: str | None) -> Ref | None:
        negotiation = self.browser.negotiation
        if negotiation is None or key is None:
            return None
        if kind == "round" and self.everyone.active:
            return self.everyone.ref_of(key)
        return Ref(kind, negotiation.id, key)

    def neighbour_of_current(self, kind: RecordKind) -> Ref | None:
        """The record beside the one under the cursor in `kind`'s pane (below it, else above),
        of the same negotiation: where the cursor goes when that one is deleted."""
        pane = self.pane(kind)
        here = self.current_ref(kind)
        if here is None:
            return None
        rows = pane.row_source
        for step in (1, -1):
            index = pane.cursor + step
            while 0 <= index < len(rows):
                ref = self._ref_of_key(kind, rows.row(index).key)
                if ref is not None and ref.negotiation == here.negotiation:
                    return ref
                index += step  # in all rounds: past other negotiations' rounds
        return None

    def show_current_of(self, kind: RecordKind) -> None:
        ref = self.current_ref(kind)
        if ref is not None and ref != self.shown:
            if self.everyone.active and kind == "round":
                self.everyone.follow(ref)
            self.show_record(ref)

    def show_record(self, ref: Ref, *, detail_cursor: int = 0) -> None:
        """Describe `ref` in the detail view and mark what it links to."""
        detail = self.browser.describe(ref)
        view = self.detail
        view.show(detail)
        view.cursor = detail_cursor
        view.border_title = Content(ref.kind.capitalize())
        self.shown = ref
        marks = self.browser.marks_for(ref)
        if self.everyone.active and "round" in marks:
            marks["round"] = self.everyone.keys(ref.negotiation, marks["round"])
        for kind in PANE_KINDS:
            if kind != ref.kind or ref.kind not in PANE_KINDS:
                self.pane(kind).set_marked(marks.get(kind, set()))
        if ref.kind in PANE_KINDS:
            self.pane(ref.kind).set_marked(set())

    # --- messages from the widgets ------------------------------------------------------

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        """The cursor moved: describe its record once the moved cursor is painted.

        Describing and wrapping a long record takes longer than a frame; deferred, the list
        answers a held-down key at once and the detail shows the record the cursor stops on
        (a burst of moves describes only the last).
        """
        kind = self.pane_focus.kind_of(message.record_list)
        if kind is not None and kind == self.active_pane and self.loaded:
            self._after_paint(self._describe_under_cursor)

    def _describe_under_cursor(self) -> None:
        if self.loaded and self.active_pane in PANE_KINDS:
            self.show_current_of(self.active_pane)

    def on_record_list_activated(self, message: RecordList.Activated) -> None:
        self.set_focus(self.detail)

    def on_record_list_filter_dropped(self, message: RecordList.FilterDropped) -> None:
        if self.pane_focus.kind_of(message.record_list) == self.active_pane:
            self.list_filter.follow(message.record_list)

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "pane-filter":
            self.list_filter.changed(message.value)

    def action_open(self) -> None:
        """Enter: open the selected record from a list, or follow the link under the cursor.

        Handled here, synchronously, rather than by a message from the widget, so that keys
        typed right after Enter already go where Enter sent the focus.
        """
        if self.search.in_query_box():
            self.search.after_typed_keys(self.search.choose)
            return
        if self.list_filter.typing():
            self.list_filter.accept()
            return
        self._decline_while_typing()
        if self.searching:
            self.search.choose()
            return
        focused = self.focused
        if isinstance(focused, DetailView):
            if (ref := focused.current_ref) is not None:
                self.navigator.go_to(ref)
            elif address := focused.current_address:
                self.copier.open_address(address)
            else:
                message = "No link on this line: ] and [ go to the next and previous."
                self.notify(message, markup=False, timeout=2)
        elif isinstance(focused, RecordList):
            self.show_current_of(self.active_pane)  # the list's messages may still be queued
            view = self.detail
            view.cursor = 0  # opening a record starts at its top
            view.scroll_to(y=0, animate=False, immediate=True)
            self.set_focus(view)

    def on_detail_view_followed(self, message: DetailView.Followed) -> None:
        self.navigator.go_to(message.ref)

    def on_detail_view_address_chosen(self, message: DetailView.AddressChosen) -> None:
        self.copier.open_address(message.address)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.pane_focus.focused(event.widget)
        if isinstance(event.widget, RecordList):  # a pane (the search results are let be)
            self.list_filter.follow(event.widget)

    def on_problems_indicator_clicked(self, message: ProblemsIndicator.Clicked) -> None:
        self.action_show_problems()

    def on_resize(self, event: Resize) -> None:
        self.set_class(is_narrow(event.size), "-narrow")

    # --- actions --------------------------------------------------------------------------

    def _decline_while_typing(self, widget: object = None) -> None:
        """Let keys reach a focused text box instead of acting on the browser."""
        if isinstance(widget or self.focused, (Input, TextArea)):
            raise SkipAction()

    def action_move(self, how: str, typing_key: bool = False) -> None:
        """Move the cursor of the focused list or detail view (or of the search results)."""
        if self.search.in_query_box():
            if typing_key:
                raise SkipAction()
            self.search.after_typed_keys(getattr(self.search.panel.results_list, f"action_{how}"))
            return
        if self.list_filter.typing():  # the arrows move through the rows being filtered
            if typing_key:
                raise SkipAction()
            getattr(self.pane(self.active_pane), f"action_{how}")()
            return
        widget = self.focused
        self._decline_while_typing(widget)
        move = getattr(widget, f"action_{how}", None)
        if not isinstance(widget, (RecordList, DetailView)) or move is None:
            raise SkipAction()  # a list has no links to step through
        move()

    # --- search (see SearchController) -----------------------------------------------------

    @property
    def searching(self) -> bool:
        return self.search.active

    @property
    def matches(self) -> SearchResults | None:
        return self.search.matches

    @property
    def match_position(self) -> int:
        return self.search.position

    def action_search(self) -> None:
        self._decline_while_typing()
        self.search.open()

    def action_next_match(self, step: int) -> None:
        self._decline_while_typing()
        self.search.step(step)

    def on_search_panel_previewed(self, message: SearchPanel.Previewed) -> None:
        """Preview the result under the cursor (the panel sends it once they are painted)."""
        self._preview = message.ref
        self._show_preview()

    def _show_preview(self) -> None:
        if self.searching and self._preview is not None and self._preview != self.shown:
            self.show_record(self._preview)

    def on_search_panel_chosen(self, message: SearchPanel.Chosen) -> None:
        self.search.choose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that cannot do anything right now from the footer."""
        if action == "open":
            focused = self.focused
            return (
                isinstance(focused, (RecordList, DetailView))
                or self.searching
                or self.list_filter.typing()
            )
        if action == "next_match":
            return self.matches is not None and bool(len(self.matches)) and not self.searching
        if action == "new_record":
            return self.matches is None and self.loaded and bool(self.browser.files)
        if action in ("edit", "delete"):
            return self.loaded and self.active_pane in PANE_KINDS and bool(self.browser.files)
        if action == "save":
            return bool(self.browser.modified)
        return True

    def action_next_pane(self) -> None:
        if not self.searching:
            self._decline_while_typing()
        self.pane_focus.step(1)

    def action_previous_pane(self) -> None:
        if not self.searching:
            self._decline_while_typing()
        self.pane_focus.step(-1)

    def action_focus_pane(self, kind: str) -> None:
        self._decline_while_typing()
        self.pane_focus.focus_pane(kind)

    def action_back(self, typing_key: bool = False) -> None:
        """Go back to where the last followed reference was taken from (or leave search)."""
        if self.search.in_query_box() and not typing_key:
            self.search.after_typed_keys(self.search.cancel)
            return
        if self.list_filter.typing() and not typing_key:
            self.list_filter.cancel()
            return
        self._decline_while_typing()
        if self.searching:
            self.search.cancel()
            return
        self.navigator.back()

    def action_filter(self) -> None:
        """f: narrow the active pane to the rows holding the words typed."""
        self._decline_while_typing()
        if not self.loaded or self.searching:
            raise SkipAction()
        self.list_filter.open()

    def action_pick_negotiation(self) -> None:
        self._decline_while_typing()
        self.navigator.pick_negotiation()

    def action_show_problems(self) -> None:
        self._decline_while_typing()
        self.app.push_screen(ProblemsScreen(self.browser.dataset, fix=self.file_editor.fix))

    def action_overview(self) -> None:
        """i: the negotiation as a whole (status, sides, summary, tariff levels) in the detail."""
        self._decline_while_typing()
        negotiation = self.browser.negotiation if self.loaded else None
        if negotiation is not None:
            self.navigator.go_to(Ref("negotiation", negotiation.id, negotiation.id))

    def action_timeline(self) -> None:
        """t: the rounds and events on a date axis, opened on the record shown here."""
        self._decline_while_typing()
        self._catch_up_with_list()
        self.pictures.timeline()

    def action_tariff_chart(self) -> None:
        """c: each side's tariff level over time."""
        self._decline_while_typing()
        self.pictures.tariff_chart()

    def action_copy(self, fmt: CopyFormat = "markdown") -> None:
        """y: copy the record shown in the detail view (Markdown; TOML or JSON from ctrl+p)."""
        self._decline_while_typing()
        self._catch_up_with_list()
        self.copier.copy(fmt)

    def _catch_up_with_list(self) -> None:
        """Show the focused list's record now: its messages may still be queued behind a key."""
        if isinstance(self.focused, RecordList) and self.loaded:
            self.show_current_of(self.active_pane)

    def action_help(self) -> None:
        self._decline_while_typing()
        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        """q: quit, asking first when there are unsaved changes."""
        self._decline_while_typing()
        self.request_quit()

    def request_quit(self) -> None:
        """Quit, from any screen (q here; ctrl+q and the palette anywhere), asking first when
        there are unsaved changes or an edit form holds changes not applied yet."""
        if any(isinstance(screen, ChoiceScreen) for screen in self.app.screen_stack):
            self.app.bell()  # a question is open (maybe under the palette): answer it first
            return
        if not self.editor.anything_unsaved():
            self._exit()
            return
        self._quit_with_unsaved_changes()

    @work(exclusive=True, group="prompt")
    async def _quit_with_unsaved_changes(self) -> None:
        if await self.editor.settle_before_quitting():
            self._exit()

    def _exit(self) -> None:
        """End the app; the next start on these records opens the negotiation open now."""
        if (negotiation := self.browser.negotiation) is not None:
            cast("NegotiationsApp", self.app).remember_negotiation(negotiation.id)
        self.app.exit(0)

    # --- editing (see EditController) -------------------------------------------------------

    def _editable(self) -> None:
        self._decline_while_typing()
        if not self.loaded or not self.browser.files:
            raise SkipAction()

    def action_edit(self) -> None:
        self._editable()
        self.editor.edit()

    def action_new_record(self) -> None:
        self._editable()
        self.editor.new()

    def action_delete(self) -> None:
        self._editable()
        self.editor.delete()

    def action_undo(self) -> None:
        self._editable()
        self.editor.undo()

    def action_redo(self) -> None:
        self._editable()
        self.editor.redo()

    # The checks run before a worker starts: a `SkipAction` raised inside a worker is not a
    # skipped key but a failed worker, which would end the app.

    def action_save(self) -> None:
        """Save every edited file (from the search box too: ctrl+s types nothing there)."""
        if not self.loaded or not self.browser.files:
            raise SkipAction()
        if not self.browser.modified:
            self.notify("Nothing to save.", markup=False, timeout=2)
            return
        self._save_all()

    @work(exclusive=True, group="save")
    async def _save_all(self) -> None:
        await self.editor.save_all()

    def action_edit_file(self) -> None:
        self._editable()
        self._edit_file()

    @work(exclusive=True, group="prompt")
    async def _edit_file(self) -> None:
        await self.file_editor.edit_current(self.shown)

    def action_reload(self) -> None:
        """Read the current negotiation's file again, asking first if that drops edits."""
        if not self.loaded or not self.browser.files:
            raise SkipAction()
        self._reload()

    @work(exclusive=True, group="prompt")
    async def _reload(self) -> None:
        await self.editor.reload_current()

    def records_changed(self, negotiation: Negotiation | None, select: Ref | None) -> None:
        """Show a changed negotiation everywhere: panes, detail, marks, search, title."""
        if negotiation is not None:
            panel = self.query_one(SearchPanel)
            if panel.index is not None:
                panel.index.replace_negotiation(negotiation)
                panel.index.catch_up()  # now, rather than on the next keystroke in search
            self.search.matches = None
            self.everyone.forget()
        shown = self.shown
        self.show_negotiation(edited=True)
        if select is not None and select.kind in PANE_KINDS:
            self.active_pane = select.kind
            self.pane(select.kind).select(self.key_of(select))
            self.pane_focus.update_tabs()
            self.show_record(select)
        elif (
            shown is not None
            and shown.kind in PANE_KINDS
            and self.pane(shown.kind).index_of(self.key_of(shown)) is not None
        ):
            self.show_record(shown)
        self.show_modified()
        self.show_problem_count()
        self.refresh_bindings()

    def file_added(self, record: RecordFile) -> None:
        """A file that did not load does now (it was fixed): search, lists and counts know it."""
        panel = self.query_one(SearchPanel)
        if panel.index is not None:  # in place of anything the index kept under its id
            panel.index.replace_negotiation(record.negotiation)
            panel.index.catch_up()
            panel.many_negotiations = len(self.browser.files) > 1
        self.search.matches = None
        self.everyone.forget()
        browser = self.browser
        if len(browser.files) == 1 or self.everyone.active:
            self.show_negotiation()  # the first records on screen; or all rounds, with its own
        elif (negotiation := browser.negotiation) is not None:  # what is shown stays
            title_bar = self.query_one(TitleBar)
            title_bar.show_negotiation(negotiation.title, browser.current + 1, len(browser.files))
        self.show_problem_count()
        self.refresh_bindings()

    def negotiation_gone(self, negotiation_id: str) -> None:
        """No loaded file has this negotiation id any more (its file now gives another)."""
        panel = self.query_one(SearchPanel)
        if panel.index is not None:
            panel.index.remove_negotiation(negotiation_id)
        self.search.matches = None

    def show_problem_count(self) -> None:
        """The ``⚠ problems`` indicator, as the files now are (a save or a fix changes it)."""
        dataset = self.browser.dataset
        self.query_one(TitleBar).show_problems(len(dataset.errors), len(dataset.warnings))

    def show_modified(self) -> None:
        """Mark edited records in their panes and say what is unsaved in the title line."""
        browser = self.browser
        index = browser.current
        for kind in PANE_KINDS:
            keys: set[str] = set()
            if browser.files and browser.is_modified(index):
                saved = {r.id: r for r in records_of(browser.files[index].negotiation, kind)}
                keys = {
                    r.id
                    for r in records_of(browser.negotiation_at(index), kind)
                    if saved.get(r.id) != r
                }
            if kind == "round" and self.everyone.active and browser.files:
                keys = self.everyone.keys(browser.files[index].negotiation.id, keys)
            self.pane(kind).set_modified(keys)
        modified = browser.modified
        title_bar = self.query_one(TitleBar)
        if modified:
            names = ", ".join(browser.files[i].save_path.name for i in modified[:2])
            more = f" +{len(modified) - 2}" if len(modified) > 2 else ""
            title_bar.show_status(f"● unsaved: {names}{more} · ctrl+s")
        else:
            title_bar.show_status("")
