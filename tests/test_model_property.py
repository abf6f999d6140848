"""Properties over the whole record model: every field, any text, and ids that look like paths.

The strategies are generated from the pydantic models (see `model_strategies`), so every field
of every record type is covered, with any Unicode text (lone surrogates aside: UTF-8 cannot
hold them) and unknown keys beside the known ones. Example counts are fixed so that the number
of cases run is known.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from tests.model_strategies import negotiations, strings_in
from tui.core.collection import load_path
from tui.core.model import Negotiation, Slug
from tui.core.saving import save_record_file, serialize

SERIALIZE_EXAMPLES = 200
DISK_EXAMPLES = 100
ID_EXAMPLES = 1000

slug = TypeAdapter(Slug)


@settings(max_examples=SERIALIZE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(negotiations)
def test_every_field_reads_back_after_serialize(negotiation: Negotiation) -> None:
    again = Negotiation.model_validate(tomllib.loads(serialize(negotiation).decode("utf-8")))
    assert again == negotiation
    assert strings_in(again) == strings_in(negotiation)


@pytest.fixture
def record_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "property"
    folder.mkdir()
    return folder


@settings(max_examples=DISK_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(first=negotiations, second=negotiations)
def test_any_string_in_any_field_survives_a_save_byte_for_byte(
    record_folder: Path, first: Negotiation, second: Negotiation
) -> None:
    """Load a file, save other records over it with the real save, load again: exactly equal."""
    path = record_folder / "n.toml"
    path.write_bytes(serialize(first))
    [record] = load_path(path).files
    assert record.negotiation == first
    save_record_file(record, second)
    [reloaded] = load_path(path).files
    assert reloaded.negotiation == second
    assert [s.encode("utf-8") for s in strings_in(reloaded.negotiation)] == [
        s.encode("utf-8") for s in strings_in(second)
    ]
    assert reloaded.negotiation.model_extra == second.model_extra


path_like = st.one_of(
    st.text(max_size=70),
    st.from_regex(r"[a-zA-Z0-9./\\:\x00 ~-]{0,12}", fullmatch=True),
    st.lists(st.sampled_from(["..", ".", "/", "\\", "con", "nul", "a", "-", "~", " "])).map(
        "".join
    ),
)


@settings(max_examples=ID_EXAMPLES, deadline=None)
@given(path_like)
def test_no_accepted_id_can_name_a_path_outside_the_data_folder(text: str) -> None:
    """Ids never name files today; if one ever does, the id rule alone keeps it inside."""
    try:
        accepted = slug.validate_python(text)
    except ValidationError:
        return
    folder = Path("/data/negotiations")
    candidate = folder / f"{accepted}.toml"
    assert os.path.normpath(candidate).startswith(f"{folder}{os.sep}")
    assert Path(os.path.normpath(candidate)).parent == folder
    assert not ({"/", "\\", "\x00", ".", " "} & set(accepted))
    assert 1 <= len(accepted) <= 64 and accepted == accepted.lower()
