"""One way to write moments, numbers and counts, in the viewer's time zone (core.shared.words)."""

from __future__ import annotations

import contextvars
from datetime import UTC, date, datetime, timedelta

import pytest

from core.shared import words

NOON_UTC = datetime(2026, 11, 25, 12, 5, tzinfo=UTC)


def in_viewer(zone: str | None, fn, *args, locale: str | None = None, **kw):
    """Run ``fn`` as a viewer in ``zone``: each run has its own viewer (a copy of the context)."""

    def run():
        words.use_viewer(zone, locale)
        return fn(*args, **kw)

    return contextvars.copy_context().run(run)


def test_a_moment_is_written_once_in_the_viewers_zone() -> None:
    assert in_viewer("Asia/Taipei", words.when, NOON_UTC) == "Nov 25, 2026, 20:05"
    assert in_viewer("America/Los_Angeles", words.when, NOON_UTC) == "Nov 25, 2026, 04:05"
    assert in_viewer(None, words.when, NOON_UTC) == "Nov 25, 2026, 12:05"  # no viewer: UTC
    assert in_viewer("Not/AZone", words.when, NOON_UTC) == "Nov 25, 2026, 12:05"
    assert in_viewer("UTC", words.when, NOON_UTC.replace(tzinfo=None)) == "Nov 25, 2026, 12:05"  # naive is UTC
    assert words.when(None) == "never"


def test_the_day_follows_the_viewers_zone() -> None:
    late = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    assert in_viewer("Asia/Tokyo", words.day, late) == "Nov 26, 2026"
    assert in_viewer("UTC", words.day, date(2026, 1, 14)) == "Jan 14, 2026"


def test_another_language_writes_the_same_moment_its_way() -> None:
    assert in_viewer("Asia/Tokyo", words.when, NOON_UTC, locale="ja-JP") == "2026年11月25日 21:05"


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 ad accounts"), (1, "1 ad account"), (2, "2 ad accounts"), (12000, "12,000 ad accounts")]
)
def test_a_count_agrees_with_its_number(n: int, expected: str) -> None:
    assert words.count(n, "ad account") == expected


def test_irregular_plurals_and_lists() -> None:
    assert words.count(3, "Business Manager", "Business Managers") == "3 Business Managers"
    assert words.count(1, "person", "people") == "1 person"
    assert words.listing(["a", "b", "c"]) == "a, b and c"
    assert words.listing(["a"]) == "a"


def test_ago_says_how_long() -> None:
    assert words.ago(NOON_UTC - timedelta(minutes=3), NOON_UTC) == "3 minutes ago"
    assert words.ago(NOON_UTC + timedelta(days=2), NOON_UTC) == "in 2 days"
    assert words.ago(NOON_UTC - timedelta(seconds=5), NOON_UTC) == "just now"
    assert words.ago(NOON_UTC - timedelta(minutes=59, seconds=50), NOON_UTC) == "1 hour ago"  # never "60 minutes"
    assert words.ago(NOON_UTC - timedelta(days=10), NOON_UTC) == "10 days ago"  # never "1 week" for 10 days
    assert words.ago(NOON_UTC - timedelta(hours=90), NOON_UTC) == "4 days ago"


def test_a_percentage_and_money_are_written_the_languages_way() -> None:
    assert in_viewer(None, words.percent, 84) == "84%"
    assert in_viewer(None, words.percent, 84, locale="ja") == "84%"
    assert in_viewer(None, words.money, 1500, "USD") == "$1,500.00"
    assert in_viewer(None, words.money, 1500, "JPY", locale="ja") == "￥1,500"
    assert in_viewer(None, words.money, 1500, "TWD", locale="zh_Hant") == "$1,500.00"
    assert in_viewer(None, words.money, 1500, "EUR", locale="zh_Hans") == "€1,500.00"
    assert in_viewer(None, words.day, date(2026, 1, 14), locale="zh_Hant") == "2026年1月14日"
    assert in_viewer(None, words.day, date(2026, 1, 14), locale="zh_Hans") == "2026年1月14日"
    assert in_viewer("Asia/Tokyo", words.when, NOON_UTC, locale="zh_Hant") == "2026年11月25日 21:05"


def test_sentences_follow_one_another_each_languages_way() -> None:
    assert words.sentences(["Saved.", "", "Reload it."]) == "Saved. Reload it."
    assert words.sentences(["已儲存。", "請重新載入。"]) == "已儲存。請重新載入。"
    assert (
        words.sentences(["上限は 10 件です。", "Smart Ads を開いてください。"])
        == "上限は 10 件です。Smart Ads を開いてください。"
    )


def test_clauses_are_set_apart_each_languages_way() -> None:
    assert words.clauses(["admins manage", "", "analysts read"]) == "admins manage; analysts read"
    assert in_viewer(None, words.clauses, ["管理員管理", "分析師讀取"], locale="zh_Hant") == "管理員管理；分析師讀取"
