"""The Assets page in another language (docs/RULES.md, "Languages"): its words go through gettext, and what it
decides (whether the health was read from Facebook now) never rests on a translated word.

A marking catalog stands in for a real one: every message it translates comes back in «…»."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.assets.test_page_assets import World, world
from tests.support.apptest import app_env, in_language, texts
from tests.support.marking import mark

__all__ = ["app_env", "world"]


@pytest.fixture
def japanese(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    mark(monkeypatch, "ja")
    with in_language(world.at, "ja"):
        world.at.switch_page("app_pages/assets.py").run()
        assert not world.at.exception
        yield world


def test_the_assets_page_speaks_the_viewers_language(japanese: World) -> None:
    page = texts(japanese.at)
    assert "«Assets»" in page and "«Plan usage»" in page and "«Recently disconnected»" in page
    assert "«Status: {status}»" not in page  # templates are filled, not shown
    assert "««Can deliver ads»" not in page and "«Can deliver ads»" in page
    # every health was read from Facebook just now: no "as stored when bound" line, in any language
    assert ":material/history:" not in page, page
    labels = {b.label for b in japanese.at.button if str(b.key).startswith("assets_disconnect_")}
    assert labels == {"«Disconnect»"}


def _dialog_titles(node: object) -> list[str]:
    proto = getattr(node, "proto", None)
    found = [proto.dialog.title] if proto is not None and getattr(proto, "HasField", None) and _is_dialog(proto) else []
    for child in getattr(node, "children", {}).values():
        found += _dialog_titles(child)
    return found


def _is_dialog(proto: object) -> bool:
    try:
        return proto.HasField("dialog")  # type: ignore[attr-defined]
    except ValueError:  # an element's proto, not a block's
        return False


def test_the_disconnect_dialog_is_titled_in_the_viewers_language(japanese: World) -> None:
    key = next(str(b.key) for b in japanese.at.button if str(b.key).startswith("assets_disconnect_"))
    japanese.click(key)
    assert not japanese.at.exception
    assert _dialog_titles(japanese.at._tree) == ["«Disconnect?»"]
    page = texts(japanese.at)
    assert "«Disconnecting **{asset}** unbinds exactly" not in page
    assert any("«Disconnecting **" in line for line in page.splitlines()), page
