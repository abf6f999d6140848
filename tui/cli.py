"""The command line: open the browser, or validate, export and describe record files.

The commands never show a traceback for bad input: every problem is a ``file:line: field:
message`` line, and control characters from the data are printed as visible stand-ins.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.core.text import visible

# The record model and loading are imported by the commands that use them: opening the browser
# must not wait for them (see `tui.app`).
if TYPE_CHECKING:
    from tui.core.collection import Dataset

COMMANDS = ("validate", "export", "schema")

DESCRIPTION = """\
Browse, search and edit records of negotiations kept as TOML files.

  negotiations [PATH]                 open the browser (bundled records without PATH)
  negotiations validate [PATH]        check record files; exit 1 when any has a problem
  negotiations export [PATH] --format json|markdown|csv [-o FILE]
  negotiations schema                 print the JSON Schema of a record file
"""


def _load(path: str | None) -> Dataset | None:
    """Load `path` (or the bundled records); None after printing why when it does not exist."""
    from tui.core.collection import load_default, load_path  # noqa: PLC0415

    if path is None:
        return load_default()
    target = Path(path)
    if not path or (not target.exists() and not target.is_symlink()):  # Path("") is "."
        print(
            f"negotiations: {visible(path, one_line=True)}: no such file or folder", file=sys.stderr
        )
        return None
    return load_path(target)


def _summary(dataset: Dataset) -> str:
    negotiations = dataset.negotiations
    rounds = sum(len(n.rounds) for n in negotiations)
    people = sum(len(n.participants) for n in negotiations)
    issues = sum(len(n.issues) for n in negotiations)
    files = len({f.path for f in dataset.files}) + len(
        {p.path for p in dataset.errors} - {f.path for f in dataset.files}
    )
    return (
        f"{files} file{'s' * (files != 1)}, {len(negotiations)} negotiation"
        f"{'s' * (len(negotiations) != 1)}, {rounds} rounds, {people} participants, "
        f"{issues} issues"
    )


def run_validate(path: str | None) -> int:
    dataset = _load(path)
    if dataset is None:
        return 2
    for problem in dataset.problems:
        print(problem.format())
    errors = len(dataset.errors)
    warnings = len(dataset.warnings)
    if errors:
        broken = len({p.path for p in dataset.errors})
        print(
            f"{errors} problem{'s' * (errors != 1)} in {broken} file{'s' * (broken != 1)}; "
            f"read: {_summary(dataset)}",
            file=sys.stderr,
        )
        return 1
    if not dataset.files:
        print("no record files found", file=sys.stderr)
        return 1
    note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    print(f"ok: {_summary(dataset)}{note}")
    return 0


def run_export(path: str | None, fmt: str, output: str | None) -> int:
    dataset = _load(path)
    if dataset is None:
        return 2
    for problem in dataset.errors:
        print(problem.format(), file=sys.stderr)
    if not dataset.files:
        print("negotiations: nothing to export", file=sys.stderr)
        return 1
    from tui.core.export import export  # noqa: PLC0415

    text = export(dataset.negotiations, fmt)
    if output is None or output == "-":
        if sys.stdout.isatty():
            text = visible(text)  # on a screen, control characters show as stand-ins
        sys.stdout.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(
                f"negotiations: cannot write {visible(output, one_line=True)}: {error.strerror}",
                file=sys.stderr,
            )
            return 1
    return 1 if dataset.errors else 0


def run_schema() -> int:
    import json  # noqa: PLC0415

    from tui.core.model import negotiation_json_schema  # noqa: PLC0415

    print(json.dumps(negotiation_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"negotiations {command}")
    if command in ("validate", "export"):
        parser.add_argument("path", nargs="?", help="a folder of *.toml files or one file")
    if command == "export":
        from tui.core.export import FORMATS  # noqa: PLC0415

        parser.add_argument("--format", "-f", choices=FORMATS, default="markdown")
        parser.add_argument("-o", "--output", help="write to FILE instead of standard output")
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="negotiations",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="a folder of *.toml files or one file")
    parser.add_argument("--version", action="version", version=f"negotiations {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``negotiations`` command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            command = args.pop(0)
            options = _command_parser(command).parse_args(args)
            if command == "validate":
                status = run_validate(options.path)
            elif command == "export":
                status = run_export(options.path, options.format, options.output)
            else:
                status = run_schema()
            sys.stdout.flush()  # here, where a failed write is caught, not at exit
            return status
        options = _app_parser().parse_args(args)
        return run_app(options.path)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more is wanted
        _silence_stdout()
        return 0
    except OSError as error:  # the output could not be written (a full disk)
        _silence_stdout()
        print(f"negotiations: could not write the output: {error.strerror}", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Drop what is still buffered: flushed at exit, it would fail again, with a traceback."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_app(path: str | None) -> int:
    """Open the browser on `path`, or on the bundled records."""
    if path is not None and (not path or not Path(path).exists()):  # Path("") is "."
        print(
            f"negotiations: {visible(path, one_line=True)}: no such file or folder", file=sys.stderr
        )
        return 2
    from tui.app import NegotiationsApp  # noqa: PLC0415 - Textual loads only for the browser

    app = NegotiationsApp(Path(path) if path is not None else None)
    app.run()
    return app.return_code or 0
