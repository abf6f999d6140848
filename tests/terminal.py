"""Run the installed ``negotiations`` command in a real pseudo-terminal and read its screen.

Widget state can say a text is plain while the bytes sent to the terminal still carry an
escape sequence; only the terminal's side of the pty shows what a user's terminal receives.
Every byte the app writes is kept (to search for sequences that came from the data) and fed
to `pyte`, a terminal emulator, to get the screen as a user sees it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte

COLUMNS = 120
LINES = 40
WAIT_SECONDS = 60.0


class Terminal:
    """The app running in a pty of a fixed size, with its output and emulated screen."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.output = bytearray()
        self.screen = pyte.Screen(COLUMNS, LINES)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        command = Path(sys.executable).parent / "negotiations"
        self.process = subprocess.Popen(
            [str(command), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO once the child has closed its side
                break
            if not data:
                break
            with self._lock:
                self.output.extend(data)
                self._stream.feed(data)
        self._closed.set()

    def text(self) -> str:
        """The screen as shown now, one line per row."""
        with self._lock:
            return "\n".join(self.screen.display)

    def lines(self) -> list[str]:
        with self._lock:
            return list(self.screen.display)

    def cell(self, column: int, row: int) -> str:
        """The character in one cell (wide characters take two cells; the second is empty)."""
        with self._lock:
            return str(self.screen.buffer[row][column].data)

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        """Wait until the screen satisfies `check`; fail naming `what` and showing the screen."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            shown = self.text()
            if check(shown):
                return shown
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.text()}")

    def wait_for_text(self, *parts: str) -> str:
        return self.wait_for(lambda shown: all(p in shown for p in parts), repr(parts))

    def settle(self) -> None:
        """Wait until the app has written nothing for a moment (a frame has been painted)."""
        last = -1
        while True:
            with self._lock:
                size = len(self.output)
            if size == last:
                return
            last = size
            time.sleep(0.3)

    def send(self, data: bytes | str) -> None:
        os.write(self._master, data.encode() if isinstance(data, str) else data)

    def click(self, column: int, row: int) -> None:
        """A left click at a 0-based cell, as an SGR mouse report (press, then release)."""
        self.send(f"\x1b[<0;{column + 1};{row + 1}M\x1b[<0;{column + 1};{row + 1}m")

    def find(self, text: str) -> tuple[int, int]:
        """The 0-based (column, row) where `text` starts on screen."""
        with self._lock:
            for row, line in enumerate(self.screen.display):
                column = line.find(text)
                if column >= 0:
                    return column, row
        raise AssertionError(f"{text!r} is not on screen:\n{self.text()}")

    def wait_exit(self) -> int:
        code = self.process.wait(timeout=WAIT_SECONDS)
        self._closed.wait(timeout=WAIT_SECONDS)
        return code

    def close(self) -> None:
        """Kill the app if it is still running and release the pty."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=WAIT_SECONDS)
        self._closed.wait(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self._master)
