"""Languages: the picker, remembered per person, the browser's language as the default, and moments and numbers
written the language's way (core.shared.i18n, core.shared.words)."""

from __future__ import annotations

import pytest

from core.shared.i18n import LANGUAGES, language_of
from tests.support.apptest import app_env, run_app

__all__ = ["app_env"]


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("zh-TW", "zh_Hant"),
        ("zh-HK", "zh_Hant"),
        ("zh-Hant-TW", "zh_Hant"),
        ("zh_Hant", "zh_Hant"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-Hans-SG", "zh_Hans"),
        ("ja-JP", "ja"),
        ("ja", "ja"),
        ("en-GB", "en"),
        ("fr-FR", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_a_browser_language_becomes_one_of_ours(tag: str | None, language: str) -> None:
    assert language_of(tag) == language


def test_the_language_picker_names_each_language_in_itself_and_is_remembered(app_env) -> None:
    at = run_app()
    picker = at.selectbox(key="language")
    assert picker.value == "en" and picker.options == list(LANGUAGES.values())
    picker.select("ja").run()
    assert not at.exception
    again = run_app()  # the same person, a new visit
    assert again.selectbox(key="language").value == "ja"
    other = run_app("demo-analyst")  # another person keeps their own
    assert other.selectbox(key="language").value == "en"


def test_moments_are_written_the_languages_way(app_env) -> None:
    at = run_app()
    at.selectbox(key="language").select("ja").run()
    at.switch_page("app_pages/activity.py").run()
    when = at.dataframe[0].value.iloc[0, 0]
    assert "年" in when and "月" in when, when
