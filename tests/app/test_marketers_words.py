"""Every page speaks the marketer's words: no engineer's words, no raw codes, no raw timestamps, plurals that agree,
one sentence ending once. Each page is opened as each sandbox identity on a store with the demo world bound, the
ad volume read once, and the Activity log filled."""

from __future__ import annotations

import re

import pytest

from core.binding import save_selection
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA, app_env, run_app, texts
from ui import runtime
from ui.pages import PAGES

__all__ = ["app_env"]

# Pages whose words another change owns for now; they join this check when it lands.
PENDING: set[str] = set()

NOT_THE_MARKETERS = [
    (re.compile(r"\bGraph\b"), "the API's name"),
    (re.compile(r"README"), "a file the marketer never sees"),
    (re.compile(r"\bsubmission\b", re.IGNORECASE), "an internal key"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"), "a raw timestamp"),
    (re.compile(r"\(s\)"), "a plural left open"),
    (
        re.compile(r"\b1 (?:[A-Za-z]+ )?(accounts|assets|entries|requests|changes|problems|snapshots|Pages|people)\b"),
        "a bad plural",
    ),
    (re.compile(r"(?<![.…])\.\.(?![.])"), "a doubled full stop"),
    (
        re.compile(r"\b(CONFIRMED|PENDING|AGENCY|OWNER|UNFOUND|MANAGE|ADVERTISE|ANALYZE|AA_ANALYZE|DRAFT)\b"),
        "a Facebook code",
    ),
    (re.compile(r"\b(ads_management|ads_read|business_management|pages_show_list)\b(?!`)"), "a raw scope name"),
]


def _opened(identity: str, page: str) -> str:
    at = run_app(identity).switch_page(page).run()
    assert not at.exception, at.exception
    if page == "app_pages/ad_volume.py":
        refresh = [b for b in at.button if b.label == "Refresh" and not b.disabled]
        if refresh:
            refresh[0].click().run()
    return texts(at)


@pytest.mark.parametrize("identity", ["demo-admin", "demo-analyst", "demo-expired"])
def test_every_page_speaks_the_marketers_words(app_env, identity: str) -> None:
    db = runtime.database()
    save_selection(db.demo_store_id, demo_selection(), db.uow(), actor=DANA)  # type: ignore[arg-type]
    found = []
    for entry in PAGES:
        if entry.file in PENDING:
            continue
        text = _opened(identity, entry.file)
        for pattern, why in NOT_THE_MARKETERS:
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", " ")
                found.append(f"{entry.title}: {why}: …{around}…")
    assert not found, "\n".join(found)
