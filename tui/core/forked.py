"""Work done in a forked copy of the program, its result sent back through a pipe.

A forked process starts at once and already holds everything the program has in memory, so
nothing is read or parsed again for it. It does the one piece of work it was given and writes
a pickle of the result to its pipe. It lets go of everything else the program holds: the
terminal (the app owns it: whatever might still be written there, a warning, a fatal error,
goes to /dev/null), its other open files (a pipe the app has open, a clipboard tool's, ends
when the app closes it) and its signal handlers; and it ends with `os._exit`, so none of the
program's own clean-up runs twice.

Not on Windows, which has no fork (`AVAILABLE`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import selectors
import signal
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from tui.core.loading import collector_paused

AVAILABLE = hasattr(os, "fork")
STOP_CHECK_SECONDS = 0.1
MAX_DESCRIPTORS = 1 << 16  # closed one by one where the system cannot close a range at once
# The signals the app handles; in a forked process they would run the app's handlers.
_APP_SIGNALS = ("SIGWINCH", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGINT")


@dataclass(slots=True)
class Forked:
    """A forked process at work: its id, and the read end of the pipe its result comes in."""

    pid: int
    output: int

    def end(self) -> None:
        """End the process at once if it still runs, and close its pipe (again: no harm)."""
        if self.pid > 0:  # never -1 or 0: `kill` would signal every process, or the group
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = -1
        with contextlib.suppress(OSError):
            os.close(self.output)


def fork(work: Callable[[], object], *, niceness: int = 0) -> Forked:
    """A forked process doing `work`, `niceness` steps below this one's priority."""
    output, output_end = os.pipe()
    # The app's signals wait until the forked process has let go of their handlers: until
    # then, a resize or a suspend would run the app's own handlers there.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, _app_signals())
    try:
        with warnings.catch_warnings():
            # Python 3.12 and later warn that forking with threads may deadlock the child (a
            # lock another thread held stays locked there); the work here takes no such lock.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
        os.close(output)
        os.close(output_end)
        raise
    if pid == 0:
        _work_in_this_process(work, output_end, unblocked, niceness)
    signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
    os.close(output_end)
    return Forked(pid, output)


def results(
    processes: Sequence[Forked],
    stopped: Callable[[], bool],
    waiting: Callable[[], object] = lambda: None,
    arrived: Callable[[int, Any], object] = lambda position, result: None,
) -> list[Any] | None:
    """What each process's work returned, once all have ended well.

    None if one failed, or if `stopped` turned true first (checked a few times a second, when
    `waiting` is called too). Each result is read as soon as its process has sent it, and
    handed to `arrived` with the process's position (the collector still paused): work on it
    can start while others run.
    """
    chunks: dict[int, list[bytes]] = {}
    found: dict[int, Any] = {}
    with selectors.DefaultSelector() as selector:
        for position, process in enumerate(processes):
            selector.register(process.output, selectors.EVENT_READ, position)
            chunks[position] = []
        while selector.get_map():
            if stopped():
                return None
            waiting()
            for key, _ in selector.select(STOP_CHECK_SECONDS):
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    chunks[key.data].append(chunk)
                    continue
                selector.unregister(key.fileobj)
                # Read with the collector paused: a result is millions of objects that live on.
                with collector_paused():
                    try:
                        result = pickle.loads(b"".join(chunks.pop(key.data)))
                    except Exception:  # it failed before sending all: its exit status says so
                        continue
                    found[key.data] = result
                    arrived(key.data, result)
    for process in processes:
        try:
            _, status = os.waitpid(process.pid, 0)
        finally:
            process.pid = -1  # waited for (or reaped elsewhere): never to be signalled again
        if os.waitstatus_to_exitcode(status) != 0:
            return None
    if len(found) != len(processes):
        return None
    return [found[position] for position in range(len(processes))]


def _work_in_this_process(
    work: Callable[[], object], output: int, unblocked: Iterable[int], niceness: int
) -> NoReturn:
    """The forked process: work, write the result to `output`, end; never back into the app."""
    status = 1
    try:
        _let_go_of_the_app(output, unblocked)
        os.nice(niceness)
        gc.disable()  # the process ends as soon as its result is written
        _write_all(output, pickle.dumps(work(), pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)


def _let_go_of_the_app(output: int, unblocked: Iterable[int]) -> None:
    """In a forked process: none of the app's signal handlers, terminal or open files."""
    with contextlib.suppress(ValueError, OSError):
        signal.set_wakeup_fd(-1)  # the app's event loop's pipe
    for number in _app_signals():
        signal.signal(number, signal.SIG_IGN if number == signal.SIGINT else signal.SIG_DFL)
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.closerange(3, output)
    os.closerange(output + 1, _highest_descriptor())
    signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)


def _highest_descriptor() -> int:
    """Past the last file descriptor open: the limit, or a bound where there is none."""
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        limit = -1
    return limit if 0 < limit <= MAX_DESCRIPTORS else MAX_DESCRIPTORS


def _app_signals() -> set[signal.Signals]:
    return {number for name in _APP_SIGNALS if (number := getattr(signal, name, None))}


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
    os.close(descriptor)
