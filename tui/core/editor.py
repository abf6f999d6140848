"""The user's text editor: the command that opens a file in it, at a line when it can.

`$VISUAL`, else `$EDITOR`, split as a shell would; with neither, the first of nano, vim and vi
found. Editors differ in how they are told the line: most take ``+N`` before the file, some
``file:N``, VS Code and its kin ``-g file:N``. An editor not known here opens the file at its
top rather than being given an argument it might read as a file name.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Mapping

from tui.core.links import Ref
from tui.core.model import Negotiation
from tui.core.problems import LineLocator

FALLBACK_EDITORS = ("nano", "vim", "vi")

PLUS_LINE = frozenset(
    {
        "vi", "vim", "nvim", "view", "gvim", "mvim", "vim.basic", "vim.tiny", "elvis", "vile",
        "nano", "pico", "rnano", "emacs", "emacsclient", "micro", "kak", "joe", "jed", "mg",
        "ne", "mcedit", "vis", "jove", "zile",
    }
)  # fmt: skip
COLON_LINE = frozenset({"hx", "helix", "subl", "sublime_text", "zed", "zeditor"})
GOTO_LINE = frozenset({"code", "code-insiders", "codium", "cursor", "windsurf"})


def editor_base_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command and its own arguments (ValueError: unbalanced quotes)."""
    environ = os.environ if environ is None else environ
    editor = (environ.get("VISUAL") or "").strip() or (environ.get("EDITOR") or "").strip()
    if command := shlex.split(editor):
        return command
    return [next((e for e in FALLBACK_EDITORS if shutil.which(e)), "vi")]


def editor_command(
    path: str, line: int | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    """The command that opens `path` in the user's editor, at `line` if it can be told."""
    command = editor_base_command(environ)
    path = os.path.abspath(path)  # never read as an option (a name starting with - or +)
    if line is None or line < 1:
        return [*command, path]
    name = _program_name(command[0])
    if name in PLUS_LINE:
        return [*command, f"+{line}", path]
    if name in COLON_LINE:
        return [*command, f"{path}:{line}"]
    if name in GOTO_LINE:
        return [*command, "-g", f"{path}:{line}"]
    return [*command, path]


def _program_name(program: str) -> str:
    """``/usr/bin/nvim`` → ``nvim``; ``vim.exe`` → ``vim``; ``emacs-29.1`` → ``emacs``."""
    name = os.path.basename(program).lower().removesuffix(".exe")
    if name in PLUS_LINE or name in COLON_LINE or name in GOTO_LINE:
        return name
    return re.sub(r"[-.]?[0-9][0-9.]*$", "", name)


TABLES: dict[str, str] = {
    "round": "rounds",
    "participant": "participants",
    "issue": "issues",
    "event": "events",
    "source": "sources",
}


def record_line(text: str, negotiation: Negotiation, ref: Ref | None) -> int | None:
    """The line of the file's `text` where the record `ref` is written (None: the top).

    A quote (``round-id#2``) is found inside its round or event. Records are found by their
    place among those of their kind, as the file lists them.
    """
    if ref is None or ref.kind not in TABLES:
        return None
    table = TABLES[ref.kind]
    record_id, _, quote = ref.id.partition("#")
    records = getattr(negotiation, table)
    position = next((i for i, r in enumerate(records) if r.id == record_id), None)
    if position is None:
        return None
    loc: tuple[int | str, ...] = (table, position)
    if quote.isdigit():
        loc = (*loc, "quotes", int(quote))
    return LineLocator(text).line_of(loc)
