"""Opening a source's web address from a terminal app without handing the terminal away.

Python's `webbrowser` falls back to console browsers (lynx, w3m…) when no graphical one is
known; started from a full-screen app they would fight it for the same terminal. So an address
is opened only through a desktop's opener, started in its own session with no terminal
attached, and only when a desktop is there to show it. Otherwise the caller copies it instead.

An address comes from a record, that is from data: only ``http`` and ``https`` addresses with
a host and no spaces or control characters are ever handed to another program.

Pure functions and a subprocess call; no Textual.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Mapping

OPENABLE_SCHEMES = ("http", "https")
_started: list[subprocess.Popen[bytes]] = []  # openers still running, reaped when done


def openable(address: str) -> bool:
    """True for an ``http(s)://host…`` address with nothing in it a shell or terminal could
    take for something else (whitespace, control characters)."""
    if not address or any(ch.isspace() or not ch.isprintable() for ch in address):
        return False
    try:
        parts = urllib.parse.urlsplit(address)
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return parts.scheme.lower() in OPENABLE_SCHEMES and bool(parts.hostname)


def opener_command(
    address: str,
    *,
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str] | None:
    """The command that shows `address` in a graphical browser here, or None when there is
    no desktop to show it on (over ssh, on a console) or no opener is installed."""
    env = os.environ if environ is None else environ
    if platform in ("darwin", "win32") and (env.get("SSH_CONNECTION") or env.get("SSH_TTY")):
        return None  # the desktop is on another machine than the user
    if platform == "darwin":
        candidates = ["open"]
    elif platform == "win32":
        candidates = ["explorer.exe"]
    elif env.get("WSL_DISTRO_NAME"):
        candidates = ["wslview", "explorer.exe"]
    elif env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        candidates = ["xdg-open", "gio"]
    else:
        return None
    for name in candidates:
        found = which(name)
        if found is not None:
            return [found, "open", address] if name == "gio" else [found, address]
    return None


def open_address(address: str, command: list[str]) -> str | None:
    """Start `command` (from `opener_command`) detached from the terminal; None when it
    started, else why not. The opener's own success is not waited for: it may take seconds."""
    if not openable(address):
        return "not a web address"
    _started[:] = [process for process in _started if process.poll() is None]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as error:
        return error.strerror or str(error)
    _started.append(process)
    return None
