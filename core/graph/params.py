"""Graph's parameter encoding and nested field expansion.

Graph reads every parameter as a string: lists and objects travel as JSON, booleans as ``true``/``false``.
``fields`` takes Graph's expansion syntax, e.g. ``owned_ad_accounts.limit(100){id,name,adspixels{id}}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union

FieldSpec = Union[str, "Field", Sequence[Union[str, "Field"]]]


@dataclass(frozen=True)
class Field:
    """A field or edge with sub-fields and modifiers (``limit``, ``summary``, ``since`` …)."""

    name: str
    subfields: tuple[str | Field, ...] = ()
    modifiers: tuple[tuple[str, Any], ...] = field(default=())

    def __str__(self) -> str:
        text = self.name + "".join(f".{key}({_scalar(value)})" for key, value in self.modifiers)
        if self.subfields:
            text += "{" + render_fields(self.subfields) + "}"
        return text


def edge(name: str, *subfields: str | Field, **modifiers: Any) -> Field:
    """``edge("owned_ad_accounts", "id", edge("adspixels", "id"), limit=100)`` →
    ``owned_ad_accounts.limit(100){id,adspixels{id}}``. Modifiers render in the order given."""
    return Field(name, tuple(subfields), tuple((k, v) for k, v in modifiers.items() if v is not None))


def render_fields(fields: FieldSpec) -> str:
    """A ``fields`` value as Graph reads it: a string passes through, a sequence is joined with commas."""
    if isinstance(fields, str | Field):
        return str(fields)
    return ",".join(str(f) for f in fields)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def encode_value(value: Any) -> str:
    """One parameter value as Graph expects it."""
    if isinstance(value, bool | str | int | float | Enum):
        return _scalar(value)
    if isinstance(value, Field):
        return str(value)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), separators=(",", ":"), default=_json_default)
    if isinstance(value, Sequence | set | frozenset):
        return json.dumps(list(value), separators=(",", ":"), default=_json_default)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def encode_params(params: Mapping[str, Any] | None, fields: FieldSpec | None = None) -> dict[str, str]:
    """Encode parameters for the wire: ``None`` dropped, lists/dicts as JSON, booleans as ``true``/``false``,
    ``fields`` (argument or key) rendered with Graph's expansion syntax."""
    merged = dict(params or {})
    if fields is not None:
        merged["fields"] = fields
    return {
        key: render_fields(value) if key == "fields" else encode_value(value)
        for key, value in merged.items()
        if value is not None
    }
