"""Copying text to the clipboard from a terminal app: OSC 52, and a system tool as a fallback.

OSC 52 asks the terminal itself to set the clipboard, which also works over ssh. Inside tmux
the sequence must be wrapped in tmux's passthrough, or tmux swallows it. Not every terminal
honours OSC 52 and the app cannot tell, so when a clipboard tool is installed (``wl-copy``,
``xclip``, ``xsel``, ``pbcopy``, ``clip.exe``) it is used as well.

Pure functions and a subprocess call; no Textual.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

ESC = "\x1b"
BEL = "\x07"

# Tried in order; Wayland before X11 because XWayland may also answer to xclip.
CLIPBOARD_TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)
TOOL_TIMEOUT = 3.0


def osc52(text: str) -> str:
    """The OSC 52 sequence that sets the system clipboard ("c") to `text`."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"{ESC}]52;c;{payload}{BEL}"


def tmux_passthrough(sequence: str) -> str:
    """`sequence` wrapped for tmux: ``ESC P tmux; … ESC \\``, each ESC inside doubled."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"


def clipboard_sequence(text: str, environ: Mapping[str, str] | None = None) -> str:
    """What to write to the terminal to copy `text`.

    Inside tmux the sequence is sent wrapped in tmux's passthrough (reaches the outer terminal
    when tmux's ``allow-passthrough`` is on) and also bare (which tmux handles itself when its
    ``set-clipboard`` is on): either setting then works, and setting the clipboard twice to
    the same text is harmless.
    """
    env = os.environ if environ is None else environ
    sequence = osc52(text)
    return tmux_passthrough(sequence) + sequence if env.get("TMUX") else sequence


def find_clipboard_tool(
    which: Callable[[str], str | None] = shutil.which,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, ...] | None:
    """The first clipboard tool installed (X11 and Wayland ones only with a display)."""
    env = os.environ if environ is None else environ
    for command in CLIPBOARD_TOOLS:
        name = command[0]
        if name == "wl-copy" and not env.get("WAYLAND_DISPLAY"):
            continue
        if name in ("xclip", "xsel") and not env.get("DISPLAY"):
            continue
        path = which(name)
        if path is not None:
            return (path, *command[1:])
    return None


def run_clipboard_tool(command: Sequence[str], text: str) -> str | None:
    """Pipe `text` to `command`; None on success, else why it failed (in a few words)."""
    try:
        subprocess.run(
            list(command),
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TOOL_TIMEOUT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return "timed out"
    except subprocess.CalledProcessError as error:
        return f"exit status {error.returncode}"
    except OSError as error:
        return error.strerror or "could not run"
    return None
