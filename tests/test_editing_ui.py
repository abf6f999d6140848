"""Pilot tests for editing: every path through the real keys, checking the bytes on disk."""

from __future__ import annotations

import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.widgets._footer import FooterKey

from tests.helpers import BUNDLED, MINIMAL, snapshot_tree
from tests.test_browser import detail_text, make_app, ready
from tui.app import NegotiationsApp
from tui.screens.dialogs import ChoiceScreen
from tui.screens.edit import EditScreen
from tui.screens.main import MainScreen
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.form import FieldEditor


def field(screen: EditScreen, name: str) -> FieldEditor:
    return next(f for f in screen.query(FieldEditor) if f.field_name == name)


def on_disk(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "talks.toml").read_text(encoding="utf-8"))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message the app shows (notifications), in order."""
    messages: list[str] = []
    original = NegotiationsApp.notify

    def notify(app: NegotiationsApp, message: str, **kwargs: Any) -> None:
        messages.append(message)
        original(app, message, **kwargs)

    monkeypatch.setattr(NegotiationsApp, "notify", notify)
    return messages


async def set_text(pilot: Pilot[int], form: EditScreen, name: str, value: str) -> Input:
    """Put `value` in a form's text field, as typing would, and return the field's box."""
    box = field(form, name).control
    assert isinstance(box, Input)
    box.value = value
    await pilot.pause()
    return box


async def open_editor(pilot: Pilot[int], key: str = "e") -> EditScreen:
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EditScreen)
    return screen


async def delete_first_participant(pilot: Pilot[int]) -> None:
    """An unsaved change to work with: delete the first participant, confirming."""
    await pilot.press("2", "d")
    await pilot.pause()
    await pilot.press("d")


async def test_edit_a_round_then_save(records: Path, shown: list[str]) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        form = await open_editor(pilot)
        await set_text(pilot, form, "city", "Genève")
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # Shown at once in the pane, the detail view, and marked as modified.
        assert main.pane("round").rows[0].cells[2] == "Genève"
        assert "Round 1 · Genève" in detail_text(main)
        assert main.pane("round").modified == {"geneva"}
        assert "unsaved: talks.toml" in str(main.query_one("#status").render())
        assert on_disk(records)["rounds"][0]["city"] == "Geneva"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert on_disk(records)["rounds"][0]["city"] == "Genève"
        assert main.pane("round").modified == frozenset()
        assert main.browser.modified == []
        assert shown[-1] == f"Saved {records / 'talks.toml'}."  # which file, not just "Saved."


async def test_errors_show_under_the_field_and_block_apply(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        form = await open_editor(pilot)
        start = field(form, "start")
        assert isinstance(start.control, Input)
        start.control.value = "2025-13-01"
        number = field(form, "number")
        assert isinstance(number.control, Input)
        number.control.value = ""
        await pilot.pause()
        error_text = str(start.query_one(".field-error").render())
        assert "2025-13-01 is not a date: there is no month 13" in error_text
        assert "required field is missing" in str(number.query_one(".field-error").render())
        assert form.query_one("#edit-apply").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)  # cannot be applied while invalid
        start.control.value = "2025-05-09"
        number.control.value = "1"
        await pilot.pause()
        assert form.errors == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert main.pane("round").rows[0].cells[1].startswith("9–11 May 2025")


async def test_duplicate_id_and_id_rename_updates_references(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2")
        form = await open_editor(pilot)
        identifier = await set_text(pilot, form, "id", "he-lifeng")
        assert "another participant already has the id" in str(
            field(form, "id").query_one(".field-error").render()
        )
        identifier.value = "scott-bessent"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        negotiation = main.browser.negotiation
        assert negotiation is not None
        assert "scott-bessent" in negotiation.rounds[0].participants
        assert negotiation.rounds[0].quotes[0].speaker == "scott-bessent"


async def test_new_round_gets_the_next_number(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        form = await open_editor(pilot, "n")
        assert form.new
        number = field(form, "number").control
        assert isinstance(number, Input) and number.value == "3"
        await set_text(pilot, form, "city", "Madrid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [row.cells[2] for row in main.pane("round").rows] == ["Geneva", "London", "Madrid"]
        assert main.pane("round").current_key == "round-3"  # its id follows its number


async def test_delete_names_the_references_and_undo_redo(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2")  # Scott Bessent: in two rounds, speaker of one quote
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert "Scott Bessent is listed in 2 rounds (removed from them)." in dialog.details
        assert "Scott Bessent is the speaker of 1 quote (deleted with them)." in dialog.details
        await pilot.press("c")
        assert main.browser.modified == []
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        negotiation = main.browser.negotiation
        assert negotiation is not None
        assert [p.id for p in negotiation.participants] == ["he-lifeng"]
        assert negotiation.rounds[0].participants == ["he-lifeng"]
        assert negotiation.rounds[0].quotes == []
        await pilot.press("ctrl+z")
        assert main.browser.modified == []
        assert main.pane("participant").row_count == 2
        await pilot.press("ctrl+y")
        assert main.pane("participant").row_count == 1
        await pilot.press("ctrl+z", "ctrl+shift+z")
        assert main.pane("participant").row_count == 1


async def test_quit_with_unsaved_changes_asks(records: Path) -> None:
    before = snapshot_tree(records)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("d")  # discard and quit
        await pilot.pause()
    assert not app.is_running
    assert snapshot_tree(records) == before


async def test_quit_can_save_first(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("d", "q")
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not app.is_running
    assert [p["id"] for p in on_disk(records)["participants"]] == ["he-lifeng"]


async def test_changed_on_disk_is_never_overwritten_silently(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        (records / "talks.toml").write_text(MINIMAL.replace("Test talks", "Changed elsewhere"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert "the file changed on disk since it was loaded" in dialog.details
        assert any("Changed elsewhere" in line for line in dialog.details)  # the diff
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert on_disk(records)["title"] == "Changed elsewhere"
        assert main.browser.modified == [0]  # edits kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # overwrite
        await app.workers.wait_for_complete()
        await pilot.pause()
        data = on_disk(records)
        assert data["title"] == "Test talks"
        assert [p["id"] for p in data["participants"]] == ["he-lifeng"]


async def test_reload_drops_edits_after_asking(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        (records / "talks.toml").write_text(MINIMAL.replace("Test talks", "Changed elsewhere"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Changed elsewhere"
        assert main.pane("participant").row_count == 2


async def test_failed_save_keeps_the_edits(records: Path) -> None:
    path = records / "talks.toml"
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        path.chmod(0o444)
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.read_bytes() == before
        assert main.browser.modified == [0]
        assert "unsaved: talks.toml" in str(main.query_one("#status").render())
        path.chmod(0o644)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


async def test_comments_are_not_dropped_without_asking(records: Path) -> None:
    path = records / "talks.toml"
    path.write_text("# my notes\n" + MINIMAL)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.question == "The file has comments"
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert path.read_text().startswith("# my notes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        assert not path.read_text().startswith("# my notes")


EDITOR_SCRIPT = """\
import sys, pathlib
path = pathlib.Path(sys.argv[1])
marker = path.with_suffix(".count")
count = int(marker.read_text()) if marker.exists() else 0
marker.write_text(str(count + 1))
text = path.read_text()
if count == 0:
    path.write_text(text.replace('title = "Test talks"', 'title = '))   # broken
else:
    path.write_text(text.replace('title = \\n', 'title = "Fixed in editor"\\n'))
"""


async def test_editor_round_trip_keeps_the_text_when_invalid(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("E")
        await pilot.pause()
        await pilot.pause(0.5)
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.question == "The file has problems"
        assert any("talks.toml:3: TOML syntax error" in line for line in dialog.details)
        assert "title = \n" in (records / "talks.toml").read_text()  # the user's text is kept
        await pilot.press("e")  # edit again: the script fixes it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Fixed in editor"
        assert "Fixed in editor" in str(main.query_one("#negotiation-title").render())


async def test_bundled_records_are_edited_in_the_user_folder(
    tmp_path: Path, shown: list[str]
) -> None:
    from tui.core.paths import bundled_data_dir, user_data_dir  # noqa: PLC0415

    bundled = bundled_data_dir() / "us-china-2025.toml"
    before = bundled.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        form = await open_editor(pilot)
        await set_text(pilot, form, "venue", "Villa in Cologny")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
    assert bundled.read_bytes() == before
    copy = user_data_dir() / "us-china-2025.toml"
    assert tomllib.loads(copy.read_text())["rounds"][0]["venue"] == "Villa in Cologny"
    assert any(m.startswith("Saved to your own copy: ") for m in shown)
    # The copy differs from the bundled file in the edited line only: a save keeps the layout.
    changed = set(copy.read_text().splitlines()) ^ set(before.decode().splitlines())
    assert len(changed) <= 2 and all("venue = " in line for line in changed), changed
    # The next start opens the user's copy.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        assert "Villa in Cologny" in detail_text(main)


async def test_select_fields_offer_allowed_values(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("3")
        form = await open_editor(pilot)
        status = field(form, "status").control
        assert isinstance(status, Select)
        status.value = "agreed"
        await pilot.pause()
        assert form.errors == {}
        assert form.result is not None and getattr(form.result, "status") == "agreed"  # noqa: B009


async def test_reload_asks_first_when_it_would_drop_edits(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("d", "ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.question.startswith("Reload and drop")
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert main.browser.modified == [0]
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert main.pane("participant").row_count == 2


HOSTILE_PERSON = MINIMAL.replace(
    'name = "Scott Bessent"', 'name = "[@click=app.quit]Scott[/] \\u001b]52;c;aGk=\\u0007"'
).replace('role = "Treasury Secretary"', 'role = "[bold]Secretary[/]"')


async def test_the_form_never_emits_or_interprets_record_text(records: Path) -> None:
    (records / "talks.toml").write_text(HOSTILE_PERSON)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2")
        form = await open_editor(pilot)
        name = field(form, "name")
        assert name.locked and name.control.disabled
        assert isinstance(name.control, Input)
        assert name.control.value == "[@click=app.quit]Scott[/] ␛]52;c;aGk=␇"
        role = field(form, "role").control
        assert isinstance(role, Input) and role.value == "[bold]Secretary[/]"
        role.value = "[bold]Treasury Secretary[/]"
        await pilot.pause()
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
        negotiation = main.browser.negotiation
        assert negotiation is not None
        person = negotiation.participants[0]
        assert person.name == "[@click=app.quit]Scott[/] \x1b]52;c;aGk=\x07"  # kept exactly
        assert person.role == "[bold]Treasury Secretary[/]"
        assert app.is_running


async def test_switching_negotiation_with_unsaved_changes_asks(records: Path) -> None:
    other = MINIMAL.replace('id = "talks"', 'id = "another"').replace("Test talks", "Zebra talks")
    (records / "another.toml").write_text(other)  # sorts first: the one that opens
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("o", *"test", "enter")
        await pilot.pause()
        dialog = app.screen
        assert (
            isinstance(dialog, ChoiceScreen)
            and dialog.question == "Unsaved changes in this negotiation"
        )
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert main.browser.negotiation is not None and main.browser.negotiation.id == "another"
        await pilot.press("o", *"test", "enter")
        await pilot.pause()
        await pilot.press("k")  # keep the edits in memory and switch
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.negotiation is not None and main.browser.negotiation.id == "talks"
        assert main.browser.modified == [0]  # the first file keeps its unsaved edit


async def test_ctrl_s_and_ctrl_r_work_from_the_search_box(records: Path) -> None:
    """They type nothing there; a check failing inside their worker used to end the app."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("slash", "t", "a")
        assert main.search.in_query_box()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert len(on_disk(records)["participants"]) == 1
        assert main.browser.modified == []
        (records / "talks.toml").write_text(MINIMAL.replace("Test talks", "Changed elsewhere"))
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Changed elsewhere"


async def test_undo_does_not_reach_back_past_a_reload(records: Path) -> None:
    """Undoing an edit made before a reload would put back the file as it was then, silently
    reverting what another program changed on disk meanwhile."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        (records / "talks.toml").write_text(
            (records / "talks.toml").read_text().replace("Test talks", "Changed elsewhere")
        )
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert main.browser.modified == []
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Changed elsewhere"
        assert len(main.browser.negotiation.participants) == 1
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert on_disk(records)["title"] == "Changed elsewhere"


async def test_records_sharing_an_id_are_not_edited_or_deleted(
    records: Path, shown: list[str]
) -> None:
    """Edits find records by id: changing one of two with the same id changed both."""
    twin = '\n[[participants]]\nid = "bessent"\nname = "A namesake"\nparty = "us"\n'
    (records / "talks.toml").write_text(MINIMAL + twin, encoding="utf-8")
    before = (records / "talks.toml").read_bytes()
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # no form opened
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # nothing asked, nothing deleted
        assert main.browser.negotiation is not None
        assert [p.name for p in main.browser.negotiation.participants].count("A namesake") == 1
        assert main.browser.modified == []
        assert any("More than one participant has the id 'bessent'" in m for m in shown)
    assert (records / "talks.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("tags", "shown"),
    [
        ('["export controls, rare earths", " padded "]', "export controls, rare earths,  padded "),
        ('["magnets", "\\u001b]52;c;aGk=\\u0007"]', "magnets, ␛]52;c;aGk=␇"),
    ],
)
async def test_a_list_the_form_would_change_is_kept_exactly(
    records: Path, tags: str, shown: str
) -> None:
    """Tags are edited as comma-separated text: an item holding a comma came back as two,
    padding was trimmed, and control characters in an item reached the terminal."""
    text = MINIMAL.replace('status = "open"\n', f'status = "open"\ntags = {tags}\n', 1)
    (records / "talks.toml").write_text(text, encoding="utf-8")
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        assert main.browser.negotiation is not None
        before = main.browser.negotiation.issues[0].tags
        await pilot.press("3")
        form = await open_editor(pilot)
        tags_field = field(form, "tags")
        assert tags_field.locked and tags_field.control.disabled
        assert isinstance(tags_field.control, Input) and tags_field.control.value == shown
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert main.browser.negotiation.issues[0].tags == before
        assert main.browser.modified == []


async def test_a_plain_list_is_edited_as_comma_separated_text(records: Path) -> None:
    text = MINIMAL.replace('status = "open"\n', 'status = "open"\ntags = ["a",  "b"]\n', 1)
    (records / "talks.toml").write_text(text, encoding="utf-8")
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("3")
        form = await open_editor(pilot)
        tags_field = field(form, "tags")
        assert not tags_field.locked and tags_field.value() == ["a", "b"]
        assert isinstance(tags_field.control, Input)
        tags_field.control.value = "a, b,c"
        assert tags_field.value() == ["a", "b", "c"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.issues[0].tags == ["a", "b", "c"]


async def test_a_file_name_with_control_characters_is_shown_visibly(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "a\x1b]0;pwned\x07.toml").write_text(MINIMAL, encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.pause()
        status = str(main.query_one("#status").render())
        assert "unsaved: a␛]0;pwned␇.toml" in status
        assert "\x1b" not in app.export_screenshot()


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        ("vim '-c", "Could not read $EDITOR (No closing quotation)."),
        ("{folder}", "Could not start the editor {folder}: Permission denied."),
        ("/nowhere/editor", "Editor not found: /nowhere/editor. Set $EDITOR."),
    ],
)
async def test_an_editor_that_cannot_run_is_reported(
    records: Path, monkeypatch: pytest.MonkeyPatch, shown: list[str], editor: str, said: str
) -> None:
    """The app says why and goes on (unsaved edits elsewhere are kept); it used to end."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor.format(folder=records))
    before = (records / "talks.toml").read_bytes()
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("E")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert said.format(folder=records) in shown
        assert "File checked and reloaded." not in shown
    assert (records / "talks.toml").read_bytes() == before


async def _type_in_one_burst(app: NegotiationsApp, keys: list[str]) -> None:
    """Keys posted all at once, as a fast typist's reach a busy app: none waits for the last."""
    for key in keys:
        character = key if len(key) == 1 else {"tab": "\t", "space": " "}.get(key)
        app.post_message(events.Key(key, character))


async def test_keys_typed_in_a_burst_land_in_order_in_the_form(records: Path) -> None:
    """Tab and the text box's own keys (ctrl+u, backspace) used to act only after the letters
    typed behind them: "2025-06-08" came out "5-06-08P" and the city lost its "P"."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        form = await open_editor(pilot)
        assert [f.field_name for f in form.query(FieldEditor)][:7] == [
            "id", "number", "title", "kind", "start", "end", "city",
        ]  # fmt: skip
        keys = ["tab"] * 4 + ["ctrl+u", *"2025-06-0", "9", "backspace", "8"]
        keys += ["tab", "tab", "ctrl+u", *"Parys", "left", "backspace", "i", "end", "!"]
        await _type_in_one_burst(app, keys)
        for _ in range(40):
            await pilot.pause(0.02)
        start, city = field(form, "start").control, field(form, "city").control
        assert isinstance(start, Input) and isinstance(city, Input)
        assert (start.value, city.value) == ("2025-06-08", "Paris!")


async def test_every_bundled_round_opens_and_applies_unchanged() -> None:
    """Each field type of real records gets its control (a round's duration is an optional
    count: its form used to fail to open, ending the app), and applying an untouched form
    changes nothing."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        negotiation = main.browser.negotiation
        assert negotiation is not None
        assert any(r.duration_minutes is not None for r in negotiation.rounds)
        for pane, count in (("1", len(negotiation.rounds)), ("3", 2)):
            await pilot.press(pane, "g")
            for row in range(count):
                await open_editor(pilot)
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert isinstance(app.screen, MainScreen), (pane, row)
                assert main.browser.modified == [], (pane, row)
                await pilot.press("j")


async def test_a_line_break_in_a_one_line_field_is_kept_and_shown_visibly(
    records: Path,
) -> None:
    """A title holding a line break drew across the form's border, and came back without it."""
    text = MINIMAL.replace(
        'city = "Geneva"', 'city = "Geneva"\ntitle = """Line one\nLine two"""', 1
    )
    (records / "talks.toml").write_text(text, encoding="utf-8")
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        form = await open_editor(pilot)
        title = field(form, "title")
        assert title.locked and isinstance(title.control, Input)
        assert "\n" not in title.control.value and "Line one" in title.control.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert main.browser.modified == []
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.rounds_in_order()[0].title == "Line one\nLine two"


async def test_deleting_a_round_and_adding_one_read_as_sentences(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("1", "g", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert "Round 1 · Geneva holds 1 quote (deleted with it)." in dialog.details
        await pilot.press("c")
        form = await open_editor(pilot, "n")
        assert form.query_one("#edit-body").border_title == Content("New round")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert main.shown is not None
        assert detail_text(main).splitlines()[0].strip().startswith("Round 3")
        assert "Round 3 ·" not in detail_text(main)


async def test_a_question_shows_its_own_keys_and_q_cancels_it(records: Path) -> None:
    """The help says q closes a question; the footer under it said "e Edit  d Delete"."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("3", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        footer = dialog.query_one(FittingFooter)
        await pilot.pause()
        shown = " ".join(str(label.render()) for label in footer.query(FooterKey))
        assert "Cancel" in shown and "Delete" not in shown and "Edit" not in shown
        await pilot.press("q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is main and app.is_running
        assert main.browser.modified == []  # nothing deleted


async def test_keys_typed_while_the_form_opens_go_into_it_in_order(records: Path) -> None:
    """The form takes a moment to open: keys typed right behind `e` used to be lost."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await _type_in_one_burst(app, ["e", "tab", "tab", *"Lake talks"])
        await app.workers.wait_for_complete()
        for _ in range(20):
            await pilot.pause(0.05)
        form = app.screen
        assert isinstance(form, EditScreen)
        title = field(form, "title").control
        assert isinstance(title, Input) and title.value == "Lake talks"
        await pilot.press("escape", "d")  # the edit is dropped
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await _type_in_one_burst(app, ["e", "escape"])  # changed my mind, quickly
        for _ in range(20):
            await pilot.pause(0.05)
        assert isinstance(app.screen, MainScreen)


async def test_save_and_quit_stays_when_a_changed_file_is_reloaded_instead(
    records: Path, shown: list[str]
) -> None:
    """Choosing to reload a file changed on disk while quitting saves nothing: the app stays,
    showing the version now on disk, and says so."""
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        (records / "talks.toml").write_text(MINIMAL.replace("Test talks", "Changed elsewhere"))
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # the conflict
        await pilot.press("r")  # reload (drop my edits)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert main.browser.modified == []
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Changed elsewhere"
        assert any("instead of saving" in message for message in shown)
        await pilot.press("q")  # nothing unsaved now: quits at once
        await pilot.pause()
    assert not app.is_running
    assert on_disk(records)["title"] == "Changed elsewhere"


async def quit_discarding(pilot: Pilot[int]) -> None:
    """ctrl+q, then "Discard and quit" at the question it asks."""
    await pilot.press("ctrl+q")
    await pilot.pause()
    await pilot.press("d")
    await pilot.pause()


async def test_ctrl_q_asks_before_dropping_unsaved_edits(records: Path) -> None:
    before = snapshot_tree(records)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert [value for _, _, value in dialog.answers] == ["save", "discard", "cancel"]
        await pilot.press("ctrl+q")  # again, while the question is open: nothing else happens
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        await quit_discarding(pilot)
    assert not app.is_running
    assert snapshot_tree(records) == before


async def test_the_palettes_quit_asks_too(records: Path) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await delete_first_participant(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quit")
        for _ in range(50):  # the palette searches its providers in the background
            await pilot.pause(0.05)
            if app.screen.query("CommandList Option"):
                break
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("s")  # save and quit
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not app.is_running
    assert [p["id"] for p in on_disk(records)["participants"]] == ["he-lifeng"]


async def test_ctrl_q_in_a_form_with_changes_asks_and_offers_no_save(records: Path) -> None:
    before = snapshot_tree(records)
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        form = await open_editor(pilot)
        await pilot.press("ctrl+q")  # no change yet: quits at once
        await pilot.pause()
        assert not app.is_running
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        form = await open_editor(pilot)
        city = await set_text(pilot, form, "city", "Genève")
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert [value for _, _, value in dialog.answers] == ["discard", "cancel"]
        assert any("not applied yet" in line for line in dialog.details)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is form and city.value == "Genève"
        await quit_discarding(pilot)
    assert not app.is_running
    assert snapshot_tree(records) == before


async def test_after_a_delete_the_cursor_is_on_the_neighbour(tmp_path: Path) -> None:
    """As in VisiData or lazygit: the row below takes the deleted one's place under the
    cursor; deleting the last row leaves the cursor on the new last, not back at the top."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "talks.toml").write_bytes(BUNDLED.read_bytes())
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        rounds = main.pane("round")
        cities = [row.cells[2] for row in rounds.rows]
        await pilot.press("j", "j", "j", "d")  # the fourth round
        await pilot.pause()
        await pilot.press("d")  # confirm
        await pilot.pause()
        assert [row.cells[2] for row in rounds.rows] == cities[:3] + cities[4:]
        assert rounds.rows[rounds.cursor].cells[2] == cities[4]
        assert main.shown is not None and main.shown.id == rounds.current_key
        await pilot.press("G", "d")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert rounds.rows[rounds.cursor].cells[2] == cities[4]  # now the last
        assert rounds.cursor == len(rounds.rows) - 1


async def test_ctrl_q_under_the_palette_over_a_question_leaves_the_question_working(
    records: Path,
) -> None:
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await delete_first_participant(pilot)
        (records / "talks.toml").write_text(MINIMAL.replace("Test talks", "Changed elsewhere"))
        await pilot.press("ctrl+r")  # "Reload and drop your unsaved changes?"
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ChoiceScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("ctrl+q")  # a question is open below: nothing else starts
        await pilot.pause()
        await pilot.press("escape")  # the palette closes
        await pilot.pause()
        assert app.screen is question
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.browser.modified == []
        assert main.browser.negotiation is not None
        assert main.browser.negotiation.title == "Changed elsewhere"


async def test_after_a_delete_in_all_rounds_the_cursor_stays_in_the_negotiation(
    records: Path,
) -> None:
    """All rounds mixes negotiations by date: the cursor goes to the deleted round's next
    round in its own negotiation, not to another negotiation's (which would switch to it)."""
    paris = '\n[[rounds]]\nid = "paris"\nnumber = 3\nstart = 2025-07-01\ncity = "Paris"\n'
    talks = (records / "talks.toml").read_text(encoding="utf-8")
    (records / "talks.toml").write_text(talks.replace("\n[[sources]]", paris + "\n[[sources]]"))
    other = MINIMAL.replace('id = "talks"', 'id = "other"').replace("Test talks", "Other talks")
    other = other.replace("2025-05-1", "2025-05-2").replace("2025-06-09", "2025-06-19")
    (records / "other.toml").write_text(other, encoding="utf-8")
    app = make_app(records)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        rounds = main.pane("round")
        rounds.select(main.everyone.key_of("talks", "london"))  # after the other's Geneva
        await pilot.pause()
        here = main.current_ref("round")
        assert here is not None and (here.negotiation, here.id) == ("talks", "london")
        await pilot.press("d", "d")
        await pilot.pause()
        after = main.current_ref("round")
        assert after is not None and (after.negotiation, after.id) == ("talks", "paris")
        assert rounds.row_count == 4 and isinstance(app.screen, MainScreen)
