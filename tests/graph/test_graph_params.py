"""Graph's parameter encoding and nested field expansion."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest

from core.graph import Field, edge, encode_params, render_fields


class Task(StrEnum):
    MANAGE = "MANAGE"


def test_lists_and_dicts_are_json_booleans_lowercase_none_dropped() -> None:
    encoded = encode_params(
        {
            "tasks": ["ADVERTISE", "ANALYZE"],
            "filtering": [{"field": "effective_status", "operator": "IN", "value": ["ACTIVE"]}],
            "summary": True,
            "include_archived": False,
            "after": None,
            "limit": 100,
            "spend_cap": 12.5,
            "role": Task.MANAGE,
            "nested": {"a": (1, 2), "b": Task.MANAGE},
        }
    )
    assert encoded["tasks"] == '["ADVERTISE","ANALYZE"]'
    assert json.loads(encoded["filtering"])[0]["value"] == ["ACTIVE"]
    assert encoded["summary"] == "true"
    assert encoded["include_archived"] == "false"
    assert "after" not in encoded
    assert encoded["limit"] == "100"
    assert encoded["spend_cap"] == "12.5"
    assert encoded["role"] == "MANAGE"
    assert json.loads(encoded["nested"]) == {"a": [1, 2], "b": "MANAGE"}
    assert all(isinstance(v, str) for v in encoded.values())


def test_edge_renders_modifiers_and_nested_subfields() -> None:
    spec = edge("owned_ad_accounts", "id", "name", edge("adspixels", "id"), limit=100)
    assert str(spec) == "owned_ad_accounts.limit(100){id,name,adspixels{id}}"
    assert isinstance(spec, Field)


def test_edge_modifiers_keep_order_and_render_booleans() -> None:
    spec = edge("ads", "id", limit=25, summary=True, since=None)
    assert str(spec) == "ads.limit(25).summary(true){id}"
    assert str(edge("client_ad_accounts")) == "client_ad_accounts"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("id,name", "id,name"),
        (["id", "name"], "id,name"),
        (("id", edge("business", "id", "name")), "id,business{id,name}"),
        (edge("x", edge("y", edge("z", "id", limit=5))), "x{y{z.limit(5){id}}}"),
    ],
)
def test_render_fields(fields: object, expected: str) -> None:
    assert render_fields(fields) == expected  # type: ignore[arg-type]


def test_fields_argument_or_key_is_rendered_not_json() -> None:
    assert encode_params(None, ["id", edge("pages", "id", limit=10)]) == {"fields": "id,pages.limit(10){id}"}
    assert encode_params({"fields": ["id", "name"]}) == {"fields": "id,name"}
    assert encode_params({"fields": "id"}, fields=["name"]) == {"fields": "name"}
