"""Languages: the picker, remembered per person, the browser's language as the default, and moments and numbers
written the language's way (core.shared.i18n, core.shared.words)."""

from __future__ import annotations

import re

import pytest

from core.binding import MAX_PAGES, AssetKey, AssetKind, Plan, save_selection
from core.binding.limits import check
from core.binding.model import AssetSpec
from core.shared.i18n import LANGUAGES, _, language_of
from core.shared.viewer import viewing_as
from tests.support.ad_volume import demo_selection
from tests.support.apptest import DANA, app_env, in_language, run_app, texts
from ui import permissions as permissions_state
from ui import runtime
from ui.pages import PAGES

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
    with in_language(at, "ja"):
        at.switch_page("app_pages/activity.py").run()
        when = at.dataframe[0].value.iloc[0, 0]
    assert "年" in when and "月" in when, when


# --- no English left on screen -------------------------------------------------------------------------------

_FUNCTION_WORDS = (
    "the a an and or of to in on at for with from by as is are was be been has have not no you your this that it its "
    "can cannot can't will would should must may here there what which who when where why how all any each more less "
    "than then into out up down before after again yet only also"
)
ENGLISH = frozenset(_FUNCTION_WORDS.split())
RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,\-–]+[A-Za-z][A-Za-z'’]*){2,}")


def english_sentences(text: str, names: set[str]) -> list[str]:
    """Runs of three or more Latin-script words holding an English function word, outside code spans, once the
    demo world's names (Facebook's data, never translated) are taken out."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\S+@\S+|https?://\S+|:material/[a-z_]+:", " ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = []
    for run in RUN.findall(text):
        words = {w.strip("'’").lower() for w in re.split(r"[ ,\-–]+", run)}
        if words & ENGLISH:
            found.append(run)
    return found


def shown(at) -> str:
    """Everything a person can read on the page: texts, labels, options, tab and expander names, table headers."""
    parts = [texts(at)]
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "selectbox", "multiselect", "radio",
                 "date_input", "number_input"):  # fmt: skip
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "label", "") or ""))
            parts.append(str(getattr(element, "help", "") or ""))
            parts.append(str(getattr(element, "placeholder", "") or ""))
    parts += [t.label for t in at.tabs] + [e.label for e in at.expander]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns]
    return "\n".join(parts)


def demo_names() -> set[str]:
    from core.sandbox import Sandbox

    world = Sandbox("demo").world
    names = {"Smart Ads Connect", "Smart Ads", "Facebook", "Google Ads", "Demo store", "Demo outlet", "Sandbox"}
    for table in (world.businesses, world.ad_accounts, world.pages, world.users):
        names |= {str(getattr(item, "name", "")) for item in table.values()}
    names |= {str(getattr(p, "name", "")) for p in getattr(world, "pixels", {}).values()}
    return {n for n in names if n}


@pytest.mark.parametrize(
    ("language", "identity"),
    [
        ("zh_Hant", "demo-admin"),
        ("zh_Hans", "demo-admin"),
        ("ja", "demo-admin"),
        ("ja", "demo-analyst"),
        ("ja", "demo-expired"),
    ],
)
def test_every_page_shows_no_english_sentence(app_env, language: str, identity: str) -> None:
    """Each page as each kind of person (owner, read-only, expired connection), the Connect wizard through all
    its steps and the Ad volume page after a read."""
    db = runtime.database()
    save_selection(db.demo_store_id, demo_selection(), db.uow(), actor=DANA)  # type: ignore[arg-type]
    names = demo_names()
    at = run_app(identity)
    left: list[str] = []

    def look(where: str) -> None:
        assert not at.exception, at.exception
        seen = shown(at) + "\n" + "\n".join(p.proto.text for p in at.get("progress"))
        left.extend(f"{where}: {run}" for run in english_sentences(seen, names))

    with in_language(at, language):
        for entry in PAGES:
            at.switch_page(entry.file).run()
            look(entry.title)
            if entry.file == "app_pages/connect.py":
                for step in range(2, 7):
                    forward = [b for b in at.button if b.key == "connect_next" and not b.disabled]
                    if not forward:
                        break
                    forward[0].click().run()
                    look(f"{entry.title}, step {step}")
            if entry.file == "app_pages/ad_volume.py":
                read = [b for b in at.button if b.label == _("Refresh") and not b.disabled]
                if read:
                    read[0].click().run()
                    look(f"{entry.title}, read")
    assert not left, "\n".join(left[:60])


def test_choices_made_on_the_page_survive_a_change_of_language(app_env) -> None:
    at = run_app()
    at.selectbox(key="demo_identity").select("demo-analyst").run()
    at.selectbox(key="store_id").select_index(1).run()
    chosen_store = at.session_state["store_id"]
    with in_language(at, "zh_Hant"):
        assert at.session_state["demo_identity"] == "demo-analyst"
        assert at.session_state["store_id"] == chosen_store
        assert at.selectbox(key="demo_identity").value == "demo-analyst"
        at.run()  # and on the runs after it
        assert at.session_state["demo_identity"] == "demo-analyst" and not at.exception


def test_the_detector_finds_english_when_it_is_there(app_env) -> None:
    at = run_app()
    assert english_sentences(shown(at), demo_names()), "in English, Home is full of English sentences"


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "Disconnect 1 Page first.", "Disconnect 2 Pages first."),
        ("zh_Hant", "1 個粉絲專頁", "2 個粉絲專頁"),
        ("zh_Hans", "1 个公共主页", "2 个公共主页"),
        ("ja", "1 件", "2 件"),
    ],
)
def test_a_limit_message_says_its_number_in_the_languages_plural_form(language: str, one: str, two: str) -> None:
    def too_many(pages: int) -> str:
        specs = [AssetSpec(AssetKey(AssetKind.PAGE, f"p{i}"), f"Page {i}", None, {}) for i in range(pages)]
        with viewing_as(locale=language):
            (violation,) = check(specs, Plan("basic", 5), adding=True)
        return violation.message

    assert one in too_many(MAX_PAGES + 1) and two in too_many(MAX_PAGES + 2)
    assert "Disconnect" not in too_many(MAX_PAGES + 2) or language == "en"


def test_the_permissions_grid_says_why_it_is_read_only_in_the_language_now_chosen(app_env) -> None:
    db = runtime.database()
    save_selection(db.demo_store_id, demo_selection(), db.uow(), actor=DANA)  # type: ignore[arg-type]
    at = run_app("demo-analyst")
    at.switch_page("app_pages/permissions.py").run()
    reasons = lambda: [a.reason for a in at.session_state[permissions_state.MATRIX_KEY][1].accounts if a.reason]  # noqa: E731
    assert reasons() and all("only its admins" in r for r in reasons())
    with in_language(at, "ja"):
        at.run()
        assert reasons() and not any(english_sentences(r, demo_names()) for r in reasons()), reasons()
