"""The hand-written layout: it reads back as exactly what was written, and looks hand-written."""

from __future__ import annotations

import datetime
import math
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import BUNDLED
from tests.model_strategies import negotiations
from tui.core import toml_writer
from tui.core.model import Negotiation
from tui.core.saving import serialize

WRITER_EXAMPLES = 300


def _same(one: object, other: object) -> bool:
    if isinstance(one, float) and isinstance(other, float) and math.isnan(one):
        return math.isnan(other)
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_same, one, other))
    return type(one) is type(other) and one == other


@settings(max_examples=WRITER_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(negotiations)
def test_every_record_reads_back_from_the_layout_itself(negotiation: Negotiation) -> None:
    """Not through `serialize`, which would fall back to tomli-w and hide a mistake here."""
    data = negotiation.to_toml_data()
    assert _same(tomllib.loads(toml_writer.dumps(data)), data)


scalars = st.one_of(
    st.text(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
keys = st.text(min_size=1, max_size=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=WRITER_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(keys, values, max_size=6))
def test_any_document_reads_back_or_is_refused(document: dict[str, object]) -> None:
    """Unknown keys may hold anything TOML can: written exactly, or `Unwritable` (tomli-w's
    layout is then used), never wrong."""
    try:
        text = toml_writer.dumps(document)
    except toml_writer.Unwritable:
        return
    assert _same(tomllib.loads(text), document)


def test_the_bundled_records_are_in_the_layout_a_save_writes() -> None:
    """Their first save changes only the lines of the edit, not the whole file."""
    text = (BUNDLED).read_text(encoding="utf-8")
    assert serialize(Negotiation.model_validate(tomllib.loads(text))).decode() == text


def test_the_layout_is_the_hand_written_one() -> None:
    document = {
        "title": "Talks",
        "tags": ["trade", "tariffs"],
        "summary": 'Line one\nLine "two"',
        "rounds": [
            {"id": "geneva", "start": datetime.date(2025, 5, 10), "quotes": [{"text": "Hi"}]},
            {"id": "london", "start": datetime.date(2025, 6, 9)},
        ],
        "long": ["x" * 40, "y" * 40, "z" * 40],
    }
    assert toml_writer.dumps(document) == (
        'title = "Talks"\n'
        'tags = ["trade", "tariffs"]\n'
        'summary = """\nLine one\nLine "two\\""""\n'
        f'long = [\n    "{"x" * 40}",\n    "{"y" * 40}",\n    "{"z" * 40}",\n]\n'
        "\n[[rounds]]\n"
        'id = "geneva"\n'
        "start = 2025-05-10\n"
        "\n[[rounds.quotes]]\n"
        'text = "Hi"\n'
        "\n[[rounds]]\n"
        'id = "london"\n'
        "start = 2025-06-09\n"
    )


def test_a_list_mixing_tables_and_values_is_one_line() -> None:
    assert toml_writer.dumps({"mixed": [{"a": 1}, 2, {}]}) == "mixed = [{ a = 1 }, 2, {}]\n"
    with pytest.raises(toml_writer.Unwritable):
        toml_writer.dumps({"none": None})
