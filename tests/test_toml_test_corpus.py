"""Every file of the public toml-test corpus is survived: reported, never a crash.

The corpus lives in ``../shared/reference/toml-test`` beside the repository; CI sets
``NEGOTIATIONS_REQUIRE_CORPUS=1`` so that a missing corpus fails instead of skipping.
"""

from __future__ import annotations

import math
import os
import tomllib
from pathlib import Path

import pytest

from tui.core.collection import load_path
from tui.core.loading import BOM, load_record_file, parse_toml
from tui.core.paths import RecordSource

CORPUS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "toml-test" / "tests"
)

if not CORPUS.is_dir():
    if os.environ.get("NEGOTIATIONS_REQUIRE_CORPUS"):
        raise RuntimeError(f"the toml-test corpus is missing: {CORPUS}")
    pytest.skip("the toml-test corpus is not beside this checkout", allow_module_level=True)


def test_every_invalid_file_is_reported_with_a_position() -> None:
    files = sorted((CORPUS / "invalid").rglob("*.toml"))
    assert len(files) > 400
    dataset = load_path(CORPUS / "invalid")
    assert dataset.files == []
    reported = {p.path for p in dataset.errors}
    assert reported == set(files)
    located = [p for p in dataset.errors if p.line is not None]
    assert len(located) / len(dataset.errors) > 0.95


# TOML 1.1 syntax (seconds-less times, newlines and trailing commas in inline tables, \e and
# \x escapes). Record files are read as TOML 1.1, so these parse and are judged on the schema
# only; the corpus keeps the ones TOML 1.0 forbids under invalid/.
TOML_1_1_VALID = {
    "datetime/no-seconds.toml",
    "inline-table/newline-comment.toml",
    "inline-table/newline.toml",
    "key/empty-05.toml",
    "spec-1.1.0/common-12.toml",
    "spec-1.1.0/common-29.toml",
    "spec-1.1.0/common-31.toml",
    "spec-1.1.0/common-34.toml",
    "spec-1.1.0/common-47.toml",
    "string/escape-esc.toml",
    "string/hex-escape.toml",
}
TOML_1_1_ONLY_INVALID_IN_1_0 = {
    "datetime/no-secs.toml",
    "inline-table/linebreak-01.toml",
    "inline-table/linebreak-02.toml",
    "inline-table/linebreak-03.toml",
    "inline-table/linebreak-04.toml",
    "inline-table/trailing-comma.toml",
    "local-datetime/no-secs.toml",
    "local-time/no-secs.toml",
    "string/basic-byte-escapes.toml",
}


def _syntax_errors(folder: Path) -> set[str]:
    dataset = load_path(folder)
    return {
        str(p.path.relative_to(folder))
        for p in dataset.errors
        # A date the calendar lacks (2021-02-30) is a syntax error that says which day it is.
        if ("TOML syntax error" in p.message or " is not a date: " in p.message)
        and p.line is not None
    }


def test_every_valid_file_parses_and_is_judged_only_on_the_schema() -> None:
    dataset = load_path(CORPUS / "valid")
    assert {p.path for p in dataset.problems} == set((CORPUS / "valid").rglob("*.toml"))
    assert _syntax_errors(CORPUS / "valid") == set()
    assert all((CORPUS / "valid" / name).is_file() for name in TOML_1_1_VALID)


def test_invalid_files_are_syntax_errors_except_toml_1_1_syntax() -> None:
    folder = CORPUS / "invalid"
    everything = {str(p.relative_to(folder)) for p in folder.rglob("*.toml")}
    not_text = {
        str(p.path.relative_to(folder))
        for p in load_path(folder).errors
        if "UTF-8" in p.message or "64-bit" in p.message
    }
    assert _syntax_errors(folder) | not_text == everything - TOML_1_1_ONLY_INVALID_IN_1_0


def test_corpus_files_never_raise_one_by_one() -> None:
    for path in sorted(CORPUS.rglob("*.toml")):
        record, problems = load_record_file(RecordSource(path, path))
        assert record is None
        assert problems, path


def test_the_fast_parser_reads_every_valid_file_as_tomllib_does() -> None:
    compared = 0
    for path in sorted((CORPUS / "valid").rglob("*.toml")):
        text = path.read_bytes().decode("utf-8")
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue  # TOML 1.1 syntax, which this tomllib does not read
        assert _comparable(parse_toml(text.removeprefix(BOM))) == _comparable(expected), path
        compared += 1
    assert compared > 150


def _comparable(value: object) -> object:
    """Values with NaN made comparable (NaN is never equal to itself)."""
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value
