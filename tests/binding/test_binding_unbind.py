"""Unbinding (§4): each cascade, preview == unbind, retention at T + 30 d − 1 s and at T + 30 d; purge."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cryptography.fernet import Fernet

from core.activity import audit_log
from core.ad_volume import AdVolumeReading, ad_volume_history, record_ad_volume
from core.assets import AccountReading, account_history, record_account_snapshots
from core.binding import (
    AssetKind,
    AssetNotFound,
    AssetView,
    CascadeChanged,
    NotInRetention,
    PixelChoice,
    Rule,
    Selection,
    SelectionRefused,
    assets_in_retention,
    bind_google_ads,
    bound_asset_list,
    bound_assets,
    preview_unbind,
    purge,
    rebind,
    save_selection,
    unbind,
    unbind_google_ads,
)
from core.connection import connect_facebook, facebook_connection
from core.db.crypto import TokenCipher
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from tests.support.db import FakeClock, make_selection

ACTOR = Actor("a@example.com", "Ann Example")
PIXEL = PixelChoice("px_1", "Shop pixel", domain_settings=True)


@pytest.fixture
def bound(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock) -> dict[str, AssetView]:
    """Facebook account, 2 BMs, 4 ad accounts (act_100 with a pixel), 4 Pages, Google Ads; history."""
    save_selection(store_id, make_selection(2, 4, 4, pixel=PIXEL), uow, actor=ACTOR, clock=clock)
    bind_google_ads(store_id, "123-456-7890", uow, actor=ACTOR, clock=clock)
    readings = [AdVolumeReading(AssetKind.AD_ACCOUNT, f"act_{100 + i}", 10 + i, 6000) for i in range(4)]
    record_ad_volume(store_id, [*readings, AdVolumeReading(AssetKind.PAGE, "page_0", 3, 250)], uow, clock=clock)
    record_account_snapshots(store_id, [AccountReading("act_100", 1, 0, 12_345, None, "EUR")], uow, clock=clock)
    return {f"{a.kind}:{a.external_id}": a for a in bound_asset_list(store_id, uow)}


def _volume(uow: SqlAlchemyUnitOfWork, store_id: int, external_id: str) -> list[int]:
    return [p.running_or_in_review for p in ad_volume_history(store_id, uow) if p.external_id == external_id]


def _ids(uow: SqlAlchemyUnitOfWork, store_id: int) -> set[str]:
    return {a.external_id for a in bound_asset_list(store_id, uow)}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (
            "facebook_account:fb_1",
            {
                "fb_1",
                "bm_1",
                "bm_2",
                "act_100",
                "act_101",
                "act_102",
                "act_103",
                "page_0",
                "page_1",
                "page_2",
                "page_3",
                "px_1",
            },
        ),
        ("business:bm_1", {"bm_1", "act_100", "act_102", "page_0", "page_2", "px_1"}),
        ("ad_account:act_100", {"act_100", "px_1"}),
        ("page:page_1", {"page_1"}),
        ("pixel:px_1", {"px_1"}),
        ("google_ads:123-456-7890", {"123-456-7890"}),
    ],
)
def test_each_cascade_and_its_preview(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: FakeClock,
    bound: dict[str, AssetView],
    target: str,
    expected: set[str],
) -> None:
    before = _ids(uow, store_id)
    preview = preview_unbind(store_id, bound[target].id, uow)
    assert preview.root.id == bound[target].id
    assert {a.external_id for a in preview.assets} == expected
    done = unbind(store_id, bound[target].id, uow, actor=ACTOR, clock=clock)
    assert [a.id for a in done.assets] == [a.id for a in preview.assets]  # the same code path: they agree
    assert _ids(uow, store_id) == before - expected  # no stale pixel or Page stays behind
    tree_ids = {n.asset.id for n in bound_assets(store_id, uow)}
    assert not tree_ids & {a.id for a in done.assets}


def test_a_business_managers_pixel_chosen_for_another_bms_ad_account_leaves_with_it_and_comes_back(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    selection = make_selection(2, 2, 0)  # act_100 under bm_1, act_101 under bm_2
    owned_by_bm1 = PixelChoice("px_9", "BM 1's pixel", business_id="bm_1")
    accounts = [selection.ad_accounts[0], replace(selection.ad_accounts[1], pixel=owned_by_bm1)]
    save_selection(store_id, replace(selection, ad_accounts=accounts), uow, actor=ACTOR, clock=clock)
    views = {a.external_id: a for a in bound_asset_list(store_id, uow)}
    assert views["px_9"].parent_id == views["act_101"].id and views["px_9"].attributes["owner_business_id"] == "bm_1"

    preview = preview_unbind(store_id, views["bm_1"].id, uow)
    assert [a.external_id for a in preview.assets] == ["bm_1", "act_100", "px_9"]  # the preview lists it
    unbind(store_id, views["bm_1"].id, uow, actor=ACTOR, clock=clock)
    assert _ids(uow, store_id) == {"fb_1", "bm_2", "act_101"}  # bm_2's account stays, without bm_1's pixel
    [pixel_entry] = [e for e in audit_log(store_id, uow) if e.action == "unbind" and e.target_id == "px_9"]
    assert pixel_entry.detail == "cascade of Business Manager BM 1 (bm_1)"

    rebind(store_id, views["bm_1"].id, uow, actor=ACTOR, clock=clock)
    assert _ids(uow, store_id) == {"fb_1", "bm_1", "bm_2", "act_100", "act_101", "px_9"}


def test_disconnecting_the_facebook_account_clears_the_connection_and_keeps_google(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    cipher = TokenCipher(Fernet.generate_key())
    connect_facebook(
        store_id,
        uow,
        cipher=cipher,
        facebook_user_id="fb_1",
        facebook_user_name="Demo Marketer",
        token="EAAB-secret",
        token_expires_at=None,
        data_access_expires_at=None,
        scopes=["ads_read"],
        actor=ACTOR,
        clock=clock,
    )
    plan = unbind(store_id, bound["facebook_account:fb_1"].id, uow, actor=ACTOR, clock=clock)
    assert plan.clears_facebook_connection
    assert facebook_connection(store_id, uow, cipher=cipher) is None
    assert _ids(uow, store_id) == {"123-456-7890"}


def test_unbound_ad_account_history_is_hidden_and_comes_back_on_rebind(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    act = bound["ad_account:act_100"]
    assert {p.external_id for p in ad_volume_history(store_id, uow)} >= {"act_100"}
    unbind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    assert "act_100" not in {p.external_id for p in ad_volume_history(store_id, uow)}
    assert account_history(store_id, uow) == []
    clock.advance(days=30, seconds=-1)
    restored = rebind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    assert {a.external_id for a in restored} == {"act_100", "px_1"}  # with what its disconnect cascaded
    assert _volume(uow, store_id, "act_100") == [10]
    assert [p.amount_spent for p in account_history(store_id, uow)] == [12_345]


def test_at_thirty_days_the_history_is_purged_for_good(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    act = bound["ad_account:act_100"]
    unbind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    retained = {a.kind: a for a in assets_in_retention(store_id, uow, clock=clock)}
    assert retained[AssetKind.AD_ACCOUNT].purge_at == clock.now.replace(day=31)  # 2026-01-01 + 30 days
    clock.advance(days=30)
    with pytest.raises(NotInRetention, match="more than 30 days"):
        rebind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    assert assets_in_retention(store_id, uow, clock=clock) == []
    report = purge(uow, clock=clock)
    assert (report.assets, report.ad_volume_snapshots, report.account_snapshots) == (2, 1, 1)
    assert purge(uow, clock=clock).assets == 0  # twice is a no-op
    save_selection(store_id, make_selection(2, 4, 4, pixel=PIXEL), uow, actor=ACTOR, clock=clock)
    assert "act_100" not in {p.external_id for p in ad_volume_history(store_id, uow)}  # a rebind starts empty


def test_rechoosing_after_thirty_days_starts_empty_even_before_purge_runs(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    save_selection(store_id, make_selection(2, 3, 4), uow, actor=ACTOR, clock=clock)  # drops act_103
    clock.advance(days=30)
    result = save_selection(store_id, make_selection(2, 4, 4), uow, actor=ACTOR, clock=clock)
    assert ("ad_account", "act_103") in {(k.kind, k.external_id) for k in result.bound}
    assert "act_103" not in {p.external_id for p in ad_volume_history(store_id, uow)}


def test_rechoosing_in_the_wizard_within_thirty_days_restores_history(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    dropped = save_selection(store_id, make_selection(2, 3, 4), uow, actor=ACTOR, clock=clock)
    assert {k.external_id for k in dropped.unbound} == {"act_103", "px_1"}
    clock.advance(days=30, seconds=-1)
    again = save_selection(store_id, make_selection(2, 4, 4), uow, actor=ACTOR, clock=clock)
    assert {k.external_id for k in again.restored} == {"act_103"}
    assert _volume(uow, store_id, "act_103") == [13]


def test_purge_twice_is_a_no_op(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    unbind(store_id, bound["business:bm_1"].id, uow, actor=ACTOR, clock=clock)
    clock.advance(days=31)
    first = purge(uow, clock=clock)
    second = purge(uow, clock=clock)
    assert first.assets == 6 and first.ad_volume_snapshots == 3
    assert (second.assets, second.ad_volume_snapshots, second.account_snapshots) == (0, 0, 0)
    assert _ids(uow, store_id) == {"fb_1", "bm_2", "act_101", "act_103", "page_1", "page_3", "123-456-7890"}


def test_rebind_respects_every_limit_and_says_what_to_disconnect(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    act = bound["ad_account:act_101"]
    unbind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    bind_google_ads(store_id, "222-333-4444", uow, actor=ACTOR, clock=clock)  # 3 FB + 2 Google = 5
    with pytest.raises(SelectionRefused) as info:
        rebind(store_id, act.id, uow, actor=ACTOR, clock=clock)
    [violation] = info.value.violations
    # bug 9 of the marketer's walk: nothing is selected in a rebind, so nothing to deselect
    assert violation.message == (
        "Ad accounts (Facebook + Google): 6 would be bound (4 Facebook + 2 Google), "
        "the limit of the basic plan is 5. Disconnect 1 ad account first, or ask for a larger plan."
    )
    assert "select" not in violation.message.casefold()


def test_rebind_needs_the_parent_bound(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    unbind(store_id, bound["ad_account:act_100"].id, uow, actor=ACTOR, clock=clock)
    unbind(store_id, bound["business:bm_1"].id, uow, actor=ACTOR, clock=clock)
    with pytest.raises(SelectionRefused) as info:
        rebind(store_id, bound["ad_account:act_100"].id, uow, actor=ACTOR, clock=clock)
    assert [v.rule for v in info.value.violations] == [Rule.PARENT_NOT_BOUND]
    restored = rebind(store_id, bound["business:bm_1"].id, uow, actor=ACTOR, clock=clock)
    assert "act_100" not in {a.external_id for a in restored}  # unbound by an earlier, separate disconnect
    assert {a.external_id for a in rebind(store_id, bound["ad_account:act_100"].id, uow, actor=ACTOR, clock=clock)} == {
        "act_100",
        "px_1",
    }


def test_facebook_account_rebind_restores_everything_it_cascaded(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    before = _ids(uow, store_id)
    unbind(store_id, bound["facebook_account:fb_1"].id, uow, actor=ACTOR, clock=clock)
    clock.advance(days=10)
    rebind(store_id, bound["facebook_account:fb_1"].id, uow, actor=ACTOR, clock=clock)
    assert _ids(uow, store_id) == before


def test_google_ads_unbind_and_rebind_by_customer_id(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    unbind_google_ads(store_id, "1234567890", uow, actor=ACTOR, clock=clock)
    with pytest.raises(AssetNotFound):
        unbind_google_ads(store_id, "123-456-7890", uow, actor=ACTOR, clock=clock)
    clock.advance(days=29)
    bind_google_ads(store_id, "123-456-7890", uow, actor=ACTOR, clock=clock)
    assert "123-456-7890" in _ids(uow, store_id)


def test_unbinding_what_is_not_bound_is_refused(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    page = bound["page:page_1"]
    unbind(store_id, page.id, uow, actor=ACTOR, clock=clock)
    with pytest.raises(AssetNotFound):
        unbind(store_id, page.id, uow, actor=ACTOR, clock=clock)
    with pytest.raises(AssetNotFound):
        preview_unbind(store_id, page.id, uow)
    with pytest.raises(NotInRetention, match="bound already"):
        rebind(store_id, bound["page:page_0"].id, uow, actor=ACTOR, clock=clock)


def test_switching_facebook_account_keeps_the_new_login_and_dropping_facebook_forgets_it(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    cipher = TokenCipher(Fernet.generate_key())
    connect_facebook(
        store_id,
        uow,
        cipher=cipher,
        facebook_user_id="fb_2",
        facebook_user_name="Another Marketer",
        token="EAAB-new",
        token_expires_at=None,
        data_access_expires_at=None,
        scopes=[],
        actor=ACTOR,
        clock=clock,
    )
    result = save_selection(store_id, make_selection(1, 1, 1, account="fb_2"), uow, actor=ACTOR, clock=clock)
    assert ("facebook_account", "fb_1") in {(k.kind, k.external_id) for k in result.unbound}
    connection = facebook_connection(store_id, uow, cipher=cipher)
    assert connection is not None and connection.token == "EAAB-new"
    save_selection(store_id, Selection(), uow, actor=ACTOR, clock=clock)  # no Facebook at all
    assert facebook_connection(store_id, uow, cipher=cipher) is None
    assert _ids(uow, store_id) == {"123-456-7890"}


def test_unbind_checks_what_was_confirmed_inside_its_transaction(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: dict[str, AssetView]
) -> None:
    bm = bound["business:bm_1"]
    confirmed = [a.id for a in preview_unbind(store_id, bm.id, uow).assets]
    # someone saves meanwhile: the Business Manager no longer holds the same assets
    save_selection(store_id, make_selection(2, 4, 2, pixel=PIXEL), uow, actor=ACTOR, clock=clock)  # 2 Pages go
    with pytest.raises(CascadeChanged) as changed:
        unbind(store_id, bm.id, uow, actor=ACTOR, clock=clock, expected=confirmed)
    assert [a.id for a in changed.value.plan.assets] != confirmed  # the new preview, to confirm again
    assert bm.id in {a.id for a in bound_asset_list(store_id, uow)}  # nothing was unbound
    refused = [e for e in audit_log(store_id, uow) if e.action == "unbind" and e.result == "refused"]
    assert [(e.actor_name, e.detail[:28]) for e in refused] == [(ACTOR.name, "Nothing was disconnected: wh")]
    new = [a.id for a in changed.value.plan.assets]
    assert len(unbind(store_id, bm.id, uow, actor=ACTOR, clock=clock, expected=new).assets) == len(new)
