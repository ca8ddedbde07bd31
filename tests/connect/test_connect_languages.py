"""Languages (docs/RULES.md, "Languages"): the Connect wizard's, the binding rules' and the Assets health's words
go through gettext in the viewer's language, and nothing decides on a translated word.

A marking catalog stands in for a real one: every message it translates comes back in «…», so a message that did
not go through gettext shows up unmarked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from core.assets import LiveFacts, ad_account_health
from core.binding import AssetKey, AssetKind, AssetView, Plan
from core.binding.limits import check
from core.binding.model import AssetSpec
from core.config import SANDBOX_BASE_URL
from core.connect import STEPS, Website, business_options, domain_settings_refusal
from core.graph import GraphClient
from core.inventory import Inventory, load_inventory
from core.sandbox import DEMO_PIXEL_NO_EVENTS, DEMO_STORE_DOMAIN, Sandbox, sandbox_session
from core.shared import i18n, viewer
from tests.support.clock import FakeClock
from tests.support.marking import mark

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    mark(monkeypatch, "ja")
    viewer.use_viewer("UTC", "ja")
    yield
    viewer.use_viewer(None, None)


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    sandbox = Sandbox(clock=FakeClock(NOW))
    return load_inventory(GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox)))


def account(**attributes: object) -> AssetView:
    return AssetView(1, AssetKind.AD_ACCOUNT, "act_9", "Demo", None, attributes, NOW - timedelta(days=3))


def test_the_health_says_where_it_comes_from_whatever_the_language(japanese: None) -> None:
    live = ad_account_health(account(), None, LiveFacts({"act_9": {"account_status": 2, "funding_source": "1"}}), NOW)
    assert live.from_facebook and live.source == "«from Facebook»"
    assert live.summary == "«Cannot deliver ads: «account is «disabled»».»"
    stored = ad_account_health(account(account_status=1), None, LiveFacts.unavailable(["act_9"], "down"), NOW)
    assert not stored.from_facebook and stored.source.startswith("«as stored when bound on ")


def test_the_wizards_words_are_the_viewers(japanese: None, inventory: Inventory) -> None:
    assert [i18n._(step) for step in STEPS] == [f"«{step}»" for step in STEPS]
    pixel = inventory.pixel(DEMO_PIXEL_NO_EVENTS)
    assert pixel is not None
    assert domain_settings_refusal(inventory, pixel, Website(DEMO_STORE_DOMAIN, NOW)) == (
        "«The pixel has never received an event: it needs events in the last 7 days.»"
    )
    details = [o.detail for o in business_options(inventory, set())]
    assert details and all(d.startswith("«") and d.endswith("»") for d in details), details


def test_a_limit_is_said_in_the_viewers_words(japanese: None) -> None:
    bms = [AssetSpec(AssetKey(AssetKind.BUSINESS, str(i)), f"BM {i}") for i in range(1, 5)]
    (violation,) = check(bms, Plan("basic", 5))
    assert violation.message == "«Business Managers: 4 selected, the limit is 3.» «Deselect 1.»"


def test_english_is_the_source_text(inventory: Inventory) -> None:
    pixel = inventory.pixel(DEMO_PIXEL_NO_EVENTS)
    assert pixel is not None
    assert domain_settings_refusal(inventory, pixel, Website(DEMO_STORE_DOMAIN, NOW)) == (
        "The pixel has never received an event: it needs events in the last 7 days."
    )
