"""Property: load → save → load is lossless on generated negotiations."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.collection import load_path
from tui.core.model import Negotiation
from tui.core.saving import save_record_file, serialize

slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
any_text = st.text(max_size=40)
nonempty = st.text(min_size=1, max_size=40)
multi_line = st.lists(any_text, max_size=4).map("\n".join)
dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))
unknown_values = st.recursive(
    st.one_of(
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        any_text,
        dates,
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(slugs, inner, max_size=3),
    max_leaves=6,
)
unknown_keys = st.dictionaries(
    st.from_regex(r"x_[a-z]{1,6}", fullmatch=True), unknown_values, max_size=2
)


def _with_unknown(base: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(base, unknown_keys).map(lambda pair: pair[1] | pair[0])


quotes = _with_unknown(
    st.fixed_dictionaries(
        {"speaker": slugs, "date": dates, "text": nonempty},
        optional={"context": multi_line, "translated": st.booleans(), "source": slugs},
    )
)
rounds = _with_unknown(
    st.fixed_dictionaries(
        {"id": slugs, "number": st.integers(0, 10_000), "start": dates},
        optional={
            "city": any_text,
            "venue": any_text,
            "summary": multi_line,
            "outcome": multi_line,
            "participants": st.lists(slugs, max_size=3),
            "quotes": st.lists(quotes, max_size=2),
            "duration_minutes": st.integers(0, 10_000),
        },
    )
)
participants = _with_unknown(
    st.fixed_dictionaries(
        {"id": slugs, "name": nonempty, "party": slugs},
        optional={"name_original": any_text, "role": any_text},
    )
)
issues = _with_unknown(
    st.fixed_dictionaries(
        {"id": slugs, "title": nonempty},
        optional={
            "summary": multi_line,
            "deadline": dates,
            "tags": st.lists(any_text, max_size=3),
            "status": st.sampled_from(["open", "agreed", "paused"]),
            "positions": st.lists(
                st.fixed_dictionaries({"party": slugs, "text": nonempty}), max_size=2
            ),
        },
    )
)
tariffs = st.fixed_dictionaries(
    {
        "date": dates,
        "imposer": slugs,
        "target": slugs,
        "rate_percent": st.floats(0, 10_000, allow_nan=False),
        "measure": nonempty,
    }
)
negotiations = _with_unknown(
    st.fixed_dictionaries(
        {"schema": st.just(1), "id": slugs, "title": nonempty},
        optional={
            "summary": multi_line,
            "rounds": st.lists(rounds, max_size=3),
            "participants": st.lists(participants, max_size=3),
            "issues": st.lists(issues, max_size=2),
            "tariffs": st.lists(tariffs, max_size=2),
        },
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(negotiations)
def test_serialize_then_parse_is_identity(data: dict[str, Any]) -> None:
    negotiation = Negotiation.model_validate(data)
    again = Negotiation.model_validate(tomllib.loads(serialize(negotiation).decode()))
    assert again == negotiation
    assert again.model_extra == negotiation.model_extra


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(negotiations, negotiations)
def test_load_save_load_on_disk(
    tmp_path: Path, first: dict[str, Any], second: dict[str, Any]
) -> None:
    folder = tmp_path / "prop"
    folder.mkdir(exist_ok=True)
    path = folder / "n.toml"
    path.write_bytes(serialize(Negotiation.model_validate(first)))
    record = load_path(path).files[0]
    edited = Negotiation.model_validate(second)
    save_record_file(record, edited)
    reloaded = load_path(path).files[0]
    assert reloaded.negotiation == edited
    assert replace(reloaded, problems=[]).digest == reloaded.digest
