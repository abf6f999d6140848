"""Hypothesis strategies for the whole record model, built by walking the pydantic models.

A strategy written by hand covers the fields someone remembered; this one reads every field of
every record type from the model itself, so a field added later is generated too. Text is any
Unicode string except lone surrogates (U+D800–U+DFFF): they are not characters, UTF-8 cannot
encode them, so no TOML file can hold one. Control characters, NUL, CR, DEL, C1, bidi
controls, byte-order marks, non-characters and unassigned code points are all generated.
Id fields get ids: their rule refuses other text at load, which the corpus and the id property
test cover.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from tui.core.model import INT64_MAX, INT64_MIN, Negotiation

MAX_TEXT = 24
TRICKY = "\r\n\t\x00\x1b\x7f\x85\x9b\u2028\u202e\ufeff\uffff\"\\'#[]=.{}"

any_char = st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(TRICKY))
slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))

unknown_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.integers(min_value=INT64_MIN, max_value=INT64_MAX),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.text(any_char, max_size=MAX_TEXT),
        dates,
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(slugs, inner, max_size=3),
    max_leaves=6,
)


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        for name in ("ge", "le", "min_length", "max_length", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
        if isinstance(item, FieldInfo):
            found |= _bounds(item.metadata)
    return found


def for_type(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """A strategy for one field's values, from its type and constraints."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return for_type(arguments[0], [*metadata, *arguments[1:]])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in arguments if a is not type(None)]
        return st.one_of(*(for_type(a, metadata) for a in options))
    if origin is list:
        return st.lists(for_type(arguments[0], []), max_size=2)
    if origin is typing.Literal:
        return st.sampled_from(arguments)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation)
    bounds = _bounds(metadata)
    if annotation is str:
        if "pattern" in bounds:
            return slugs
        return st.text(any_char, min_size=bounds.get("min_length", 0), max_size=MAX_TEXT)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(bounds.get("ge", INT64_MIN), bounds.get("le", INT64_MAX))
    if annotation is float:
        return st.floats(bounds.get("ge"), bounds.get("le"), allow_nan=False, allow_infinity=False)
    if annotation is datetime.date:
        return dates
    raise TypeError(f"no strategy for {annotation!r}")  # a new field type: teach it here


def _valid(model: type[BaseModel], data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:  # a cross-field rule, such as a round ending before it starts
        return False
    return True


def model_data(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Plain data (as TOML gives it) for `model`: every field, and unknown keys beside them."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        strategy = for_type(info.annotation, list(info.metadata))
        (required if info.is_required() else optional)[key] = strategy
    unknown = st.dictionaries(
        st.from_regex(r"x_[a-z]{1,6}", fullmatch=True), unknown_values, max_size=2
    )
    known = st.fixed_dictionaries(required, optional=optional)
    combined = st.tuples(known, unknown).map(lambda pair: pair[1] | pair[0])
    return combined.filter(lambda data: _valid(model, data))


negotiations = model_data(Negotiation).map(Negotiation.model_validate)


def strings_in(value: Any) -> list[str]:
    """Every string held anywhere in a model's data, keys of tables included, keys sorted."""
    if isinstance(value, BaseModel):
        return strings_in(value.model_dump(by_alias=True))
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        # Key order in a table carries no meaning in TOML (tomli-w writes sub-tables last).
        return [s for k in sorted(value) for s in [k, *strings_in(value[k])]]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []
