"""A program run in a pseudo-terminal, as a user runs it: keys in, painted bytes out, timed."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence


class Terminal:
    """A child process on a pseudo-terminal of a fixed size, with its output collected."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (120, 40)
    ) -> None:
        self.started = time.perf_counter()
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)},
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read(self, timeout: float) -> float | None:
        """Read what arrives within `timeout` seconds; the time the last bytes came, if any."""
        last = None
        deadline = time.perf_counter() + timeout
        while (remaining := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
            last = time.perf_counter()
        return last

    def wait_for(self, marker: bytes, timeout: float = 120.0, start: int = 0) -> float:
        """Seconds from launch until `marker` appears in the output (searched from `start`)."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output[start:]:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise TimeoutError(f"{marker!r} did not appear")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 1 << 16)
                except OSError as error:
                    raise TimeoutError(f"{marker!r} did not appear") from error
        return time.perf_counter() - self.started

    def settle(self, quiet: float = 0.2, limit: float = 30.0) -> None:
        """Read until nothing has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self.read(quiet) is not None:
            pass

    def key_latency(self, key: bytes, quiet: float = 0.1) -> tuple[float, float]:
        """Seconds from sending `key` to its first painted frame, and until the screen settles.

        The first frame is the first write after the key; the screen has settled when nothing
        more arrives for `quiet` seconds (the time is that of the last bytes).
        """
        self.settle(quiet)
        sent = time.perf_counter()
        os.write(self.master, key)
        first = self.read_once(2.0)
        if first is None:
            raise TimeoutError(f"no frame after {key!r}")
        last = first
        while (more := self.read(quiet)) is not None:
            last = more
        return first - sent, last - sent

    def read_once(self, timeout: float) -> float | None:
        """Wait up to `timeout` seconds for output; read what is there; the time it came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        arrived = time.perf_counter()
        try:
            self.output += os.read(self.master, 1 << 16)
        except OSError:
            return None
        return arrived

    def wait_until_idle(self, timeout: float = 120.0) -> None:
        """Wait (reading its output) until the child has used almost no CPU for a second."""
        ticks = os.sysconf("SC_CLK_TCK")
        deadline = time.perf_counter() + timeout

        def cpu() -> float:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks

        before = cpu()
        while time.perf_counter() < deadline:
            self.read(1.0)
            now = cpu()
            if now - before < 0.05:
                return
            before = now

    def peak_memory_kib(self) -> int:
        """The child's peak resident memory (VmHWM), in KiB."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
