"""core.assets without Streamlit: the batched health read against the sandbox, health in words, rows, search,
filters, CSV, and purging what passed its 30 days."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from core.activity import audit_log
from core.assets import (
    CSV_COLUMNS,
    LiveFacts,
    ad_account_health,
    asset_rows,
    health_targets,
    matching_rows,
    read_live_facts,
    retained_groups,
    rows_csv,
    shown_ids,
)
from core.binding import (
    AdAccountChoice,
    AssetKind,
    AssetView,
    BusinessChoice,
    FacebookAccountChoice,
    PixelChoice,
    Selection,
    assets_in_retention,
    bound_asset_list,
    bound_assets,
    purge_due,
    save_selection,
    unbind,
)
from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient
from core.sandbox import Sandbox, sandbox_session
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_NO_FUNDING,
    DEMO_AD_ACCOUNT_PENDING_SETTLEMENT,
    DEMO_PIXEL_READY,
    DEMO_PIXEL_UNAVAILABLE,
)
from core.sandbox.faults import Faults
from core.shared import SYSTEM, Actor
from tests.support.db import ANN

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ACCOUNTS = [f"act_{i}" for i in (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_NO_FUNDING, DEMO_AD_ACCOUNT_DISABLED)]


def client(token: str = "demo-admin") -> GraphClient:
    return GraphClient(token, base_url=SANDBOX_BASE_URL, session=sandbox_session(Sandbox("demo")), sleep=lambda s: 0)


def view(kind: AssetKind, external_id: str, name: str = "X", **attributes: object) -> AssetView:
    return AssetView(1, kind, external_id, name, None, attributes, NOW - timedelta(days=3))


# --- the batched read ---------------------------------------------------------------------------------------


def test_health_of_every_account_and_pixel_is_one_round_trip():
    graph = client()
    facts = read_live_facts(graph, ACCOUNTS, [DEMO_PIXEL_READY, DEMO_PIXEL_UNAVAILABLE])
    assert graph.request_count == 1
    assert facts.problems == {}
    assert facts.fields[ACCOUNTS[0]]["account_status"] == 1 and facts.fields[ACCOUNTS[0]]["funding_source"]
    assert "funding_source" not in facts.fields[ACCOUNTS[1]]  # Graph leaves an empty field out
    assert facts.fields[ACCOUNTS[2]]["account_status"] == 2 and facts.fields[ACCOUNTS[2]]["disable_reason"] == 1
    assert facts.fields[DEMO_PIXEL_READY]["last_fired_time"]
    assert facts.fields[DEMO_PIXEL_UNAVAILABLE]["is_unavailable"] is True


def test_sixty_accounts_take_two_round_trips_not_sixty():
    graph = client()
    facts = read_live_facts(graph, [ACCOUNTS[0]] * 60, [])
    assert graph.request_count == 2
    assert set(facts.fields) == {ACCOUNTS[0]}


def test_an_account_that_cannot_be_read_keeps_its_own_reason_and_the_others_are_answered():
    graph = client("demo-analyst")  # ANALYZE on the first three demo accounts only
    facts = read_live_facts(graph, [ACCOUNTS[0], ACCOUNTS[2]], [])
    assert graph.request_count == 1
    assert set(facts.fields) == {ACCOUNTS[0]}
    assert set(facts.problems) == {ACCOUNTS[2]} and facts.problems[ACCOUNTS[2]]


def test_a_throttled_account_says_so_on_its_own_row_while_the_others_are_answered():
    sandbox = Sandbox("demo", faults=Faults(account_call_budget=2))
    graph = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox), sleep=lambda s: 0)
    graph.get(ACCOUNTS[0])
    graph.get(ACCOUNTS[0])  # its hourly budget is used up
    facts = read_live_facts(graph, ACCOUNTS[:2], [])
    assert set(facts.fields) == {ACCOUNTS[1]}
    assert "Try again in about" in facts.problems[ACCOUNTS[0]]
    stored = view(AssetKind.AD_ACCOUNT, ACCOUNTS[0], account_status=1, has_funding_source=True)
    health = ad_account_health(stored, None, facts, NOW)
    assert health.can_deliver and health.unread_because == facts.problems[ACCOUNTS[0]]


def test_no_bound_ad_account_means_no_call():
    graph = client()
    assert read_live_facts(graph, [], []) == LiveFacts()
    assert graph.request_count == 0


# --- health in words ----------------------------------------------------------------------------------------


def test_health_from_facebook_names_every_reason_an_account_cannot_deliver():
    account = view(AssetKind.AD_ACCOUNT, "act_9", account_status=1, has_funding_source=True)  # stale, ignored
    facts = LiveFacts({"act_9": {"account_status": 2, "disable_reason": 3}})
    health = ad_account_health(account, None, facts, NOW)
    assert health.status == "disabled" and health.disable_reason == "payment risk"
    assert health.funding == "no payment method"
    assert health.problems == ("account is disabled", "disabled for payment risk", "no payment method (funding source)")
    assert health.summary == (
        "Cannot deliver ads: account is disabled; disabled for payment risk; no payment method (funding source)."
    )
    assert health.source == "from Facebook" and not health.can_deliver
    assert (health.pixel, health.domain_settings) == ("no pixel chosen", "no pixel")


def test_health_falls_back_to_what_was_stored_and_says_why():
    account = view(AssetKind.AD_ACCOUNT, "act_9", account_status=8, disable_reason=0, has_funding_source=True)
    facts = LiveFacts.unavailable(["act_9"], "Facebook is limiting calls. Try again in 5 minutes.")
    health = ad_account_health(account, None, facts, NOW)
    assert health.status == "pending settlement" and health.problems == ("account is pending settlement",)
    assert health.source == "as stored when bound on Feb 26, 2026"
    assert health.unread_because == "Facebook is limiting calls. Try again in 5 minutes."


def test_unknown_codes_and_missing_facts_are_said_plainly():
    health = ad_account_health(view(AssetKind.AD_ACCOUNT, "act_9"), None, LiveFacts(), NOW)
    assert (health.status, health.funding, health.problems) == ("unknown", "unknown", ())
    odd = ad_account_health(
        view(AssetKind.AD_ACCOUNT, "act_9"),
        None,
        LiveFacts({"act_9": {"account_status": 55, "funding_source": "7"}}),
        NOW,
    )
    assert odd.problems == ("account is status 55",)


@pytest.mark.parametrize(
    ("attributes", "live", "pixel_words", "domain_words"),
    [
        (
            {"domain_settings_refusal": None, "domain_settings": True},
            {"last_fired_time": "2026-03-01T10:30:00+0000"},
            "Pixel A (500), last fired 2 hours ago (Mar 1, 2026, 10:30)",
            "on",
        ),
        (
            {"domain_settings_refusal": "The pixel has never received an event."},
            {},
            "Pixel A (500), has never fired",
            "off (could not be turned on when bound: The pixel has never received an event.)",
        ),
        (
            {"domain_settings_refusal": "Facebook reports this pixel as unavailable.", "domain_settings": True},
            {"is_unavailable": True},
            "Pixel A (500), unavailable on Facebook",
            "on, but when bound: Facebook reports this pixel as unavailable. Turn it off in Connect",
        ),
    ],
)
def test_pixel_and_domain_settings_in_words(attributes, live, pixel_words, domain_words):
    pixel = view(AssetKind.PIXEL, "500", "Pixel A", **attributes)
    facts = LiveFacts({"act_9": {"account_status": 1, "funding_source": "7"}, "500": live})
    health = ad_account_health(view(AssetKind.AD_ACCOUNT, "act_9"), pixel, facts, NOW)
    assert (health.pixel, health.domain_settings) == (pixel_words, domain_words)


# --- rows, search, CSV, purge (on the database) -------------------------------------------------------------


@pytest.fixture
def bound_store(uow, store_id, clock):
    main, other = BusinessChoice("bm_1", "Main, Inc."), BusinessChoice("bm_2", "Other BM")
    selection = Selection(
        FacebookAccountChoice("fb_1", "Dana"),
        [main, other],
        [
            AdAccountChoice("1", "Shop US", "bm_1", PixelChoice(DEMO_PIXEL_READY, "Shop pixel")),
            AdAccountChoice("2", "Shop UK", "bm_2", attributes={"account_status": 1, "has_funding_source": False}),
            AdAccountChoice(DEMO_AD_ACCOUNT_PENDING_SETTLEMENT, "Canada", None),
        ],
    )
    save_selection(store_id, selection, uow, actor=ANN, clock=clock)
    return store_id


def test_rows_keep_tree_order_with_business_and_health(uow, bound_store, clock):
    tree = bound_assets(bound_store, uow)
    assert health_targets(tree) == (["act_1", "act_2", f"act_{DEMO_AD_ACCOUNT_PENDING_SETTLEMENT}"], [DEMO_PIXEL_READY])
    rows = asset_rows(tree, LiveFacts(), clock())
    assert [(r.asset.kind, r.business, r.depth) for r in rows] == [
        (AssetKind.FACEBOOK_ACCOUNT, "", 0),
        (AssetKind.BUSINESS, "Main, Inc.", 1),
        (AssetKind.AD_ACCOUNT, "Main, Inc.", 2),
        (AssetKind.PIXEL, "Main, Inc.", 3),
        (AssetKind.BUSINESS, "Other BM", 1),
        (AssetKind.AD_ACCOUNT, "Other BM", 2),
        (AssetKind.AD_ACCOUNT, "", 1),
    ]
    assert [r.needs_attention for r in rows if r.health] == [False, True, False]


def test_search_kinds_attention_and_headings(uow, bound_store, clock):
    rows = asset_rows(bound_assets(bound_store, uow), LiveFacts(), clock())
    shop = matching_rows(rows, "  SHOP ")
    assert [r.asset.name for r in shop] == ["Shop US", "Shop pixel", "Shop UK"]
    assert [r.asset.name for r in matching_rows(rows, "main, inc")] == ["Main, Inc.", "Shop US", "Shop pixel"]
    assert [r.asset.name for r in matching_rows(rows, "no payment method")] == ["Shop UK"]
    assert [r.asset.name for r in matching_rows(rows, kinds=[AssetKind.BUSINESS])] == ["Main, Inc.", "Other BM"]
    assert [r.asset.name for r in matching_rows(rows, attention_only=True)] == ["Shop UK"]
    # a match is shown under its Facebook account and Business Manager
    uk = matching_rows(rows, "Shop UK")
    assert shown_ids(uk) == {r.asset.id for r in rows if r.asset.name in {"Dana", "Other BM", "Shop UK"}}


def test_csv_has_a_header_and_one_quoted_record_per_row(uow, bound_store, clock):
    rows = asset_rows(bound_assets(bound_store, uow), LiveFacts(), clock())
    text = rows_csv(matching_rows(rows, kinds=[AssetKind.AD_ACCOUNT]))
    records = list(csv.DictReader(io.StringIO(text)))
    assert tuple(records[0]) == CSV_COLUMNS
    assert [(r["id"], r["business_manager"], r["funding_source"]) for r in records] == [
        ("act_1", "Main, Inc.", "unknown"),
        ("act_2", "Other BM", "no payment method"),
        (f"act_{DEMO_AD_ACCOUNT_PENDING_SETTLEMENT}", "", "unknown"),
    ]
    assert '"Main, Inc."' in text
    assert rows_csv([]) == ",".join(CSV_COLUMNS) + "\n"


def test_purge_due_purges_only_after_30_days_and_writes_nothing_before(uow, bound_store, clock):
    bm = next(a for a in bound_asset_list(bound_store, uow) if a.external_id == "bm_2")
    unbind(bound_store, bm.id, uow, actor=ANN, clock=clock)
    clock.advance(days=30, seconds=-1)
    assert purge_due(bound_store, uow, clock=clock, actor=SYSTEM).assets == 0
    assert audit_log(bound_store, uow, actions=["purge"]) == []
    clock.advance(seconds=1)
    assert purge_due(bound_store, uow, clock=clock, actor=SYSTEM).assets == 2
    assert {r.target_id for r in audit_log(bound_store, uow, actions=["purge"])} == {"bm_2", "act_2"}
    assert purge_due(bound_store, uow, clock=clock, actor=SYSTEM).assets == 0


def test_retained_assets_are_grouped_under_the_disconnect_that_took_them(uow, bound_store, clock):
    assets = {a.external_id: a for a in bound_asset_list(bound_store, uow)}
    unbind(bound_store, assets[DEMO_PIXEL_READY].id, uow, actor=ANN, clock=clock)  # on its own, first
    clock.advance(minutes=5)
    unbind(bound_store, assets["bm_1"].id, uow, actor=ANN, clock=clock)  # the BM and its ad account
    clock.advance(minutes=1)
    unbind(bound_store, assets["bm_2"].id, uow, actor=ANN, clock=clock)
    groups = retained_groups(assets_in_retention(bound_store, uow, clock=clock))
    assert [(g.root.external_id, [v.external_id for v in g.with_it]) for g in groups] == [
        (DEMO_PIXEL_READY, []),
        ("bm_1", ["act_1"]),
        ("bm_2", ["act_2"]),
    ]


def test_purge_due_records_the_purge_itself(uow, store_id, clock):
    from core.activity import audit_log
    from core.binding import bind_google_ads, purge_due, unbind_google_ads
    from core.shared import SYSTEM

    ann = Actor("a@example.com", "Ann Example")
    bind_google_ads(store_id, "123-456-7890", uow, actor=ann, clock=clock)
    unbind_google_ads(store_id, "123-456-7890", uow, actor=ann, clock=clock)
    assert purge_due(store_id, uow, clock=clock).assets == 0  # not yet
    clock.advance(days=30)
    assert purge_due(store_id, uow, clock=clock).assets == 1
    [entry] = [e for e in audit_log(store_id, uow) if e.action == "purge"]
    assert (entry.result, entry.target_id, entry.actor, entry.actor_name) == (
        "ok",
        "123-456-7890",
        SYSTEM.id,
        SYSTEM.name,
    )
