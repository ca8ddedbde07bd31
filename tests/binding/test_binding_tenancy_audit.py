"""Tenancy (§1: no store sees or touches another's data) and the audit log (§4: who, when, what, result)."""

from __future__ import annotations

import re

import pytest

from core.activity import audit_log
from core.ad_volume import AdVolumeReading, ad_volume_history, record_ad_volume
from core.binding import (
    AssetKind,
    AssetNotFound,
    InvalidGoogleCustomerId,
    SelectionRefused,
    assets_in_retention,
    bind_google_ads,
    bound_asset_list,
    bound_assets,
    plan_usage,
    preview_unbind,
    purge,
    rebind,
    save_selection,
    unbind,
)
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from core.startup import ensure_demo_store
from core.stores import StoreRole, add_member, create_store, stores_for_member
from tests.support.db import DatabaseHandle, FakeClock, make_selection

A, B = Actor("a@example.com", "Ann A"), Actor("b@example.com", "Bob B")


@pytest.fixture
def two_stores(uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> tuple[int, int]:
    store_a = create_store(uow, name="Store A", plan="basic", members=[A.id], clock=clock)
    store_b = create_store(uow, name="Store B", plan="basic", members=[B.id], clock=clock)
    save_selection(store_b, make_selection(1, 2, 2), uow, actor=B, clock=clock)
    bind_google_ads(store_b, "123-456-7890", uow, actor=B, clock=clock)
    record_ad_volume(store_b, [AdVolumeReading(AssetKind.AD_ACCOUNT, "act_100", 7, 6000)], uow, clock=clock)
    return store_a, store_b


def test_store_a_cannot_read_bind_or_unbind_store_b_assets(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, two_stores: tuple[int, int]
) -> None:
    store_a, store_b = two_stores
    b_assets = bound_asset_list(store_b, uow)
    b_page = next(a for a in b_assets if a.kind == AssetKind.PAGE)
    assert bound_asset_list(store_a, uow) == [] and bound_assets(store_a, uow) == []
    assert ad_volume_history(store_a, uow) == []
    for asset in b_assets:
        with pytest.raises(AssetNotFound):
            preview_unbind(store_a, asset.id, uow)
        with pytest.raises(AssetNotFound):
            unbind(store_a, asset.id, uow, actor=A, clock=clock)
    unbind(store_b, b_page.id, uow, actor=B, clock=clock)
    with pytest.raises(AssetNotFound):
        rebind(store_a, b_page.id, uow, actor=A, clock=clock)
    assert assets_in_retention(store_a, uow, clock=clock) == []

    # The same Facebook and Google IDs bound by A are A's own rows; B's stay as they were.
    save_selection(store_a, make_selection(1, 2, 2), uow, actor=A, clock=clock)
    bind_google_ads(store_a, "123-456-7890", uow, actor=A, clock=clock)
    assert ad_volume_history(store_a, uow) == []  # B's history is not A's
    unbind(
        store_a,
        next(a for a in bound_asset_list(store_a, uow) if a.kind == "facebook_account").id,
        uow,
        actor=A,
        clock=clock,
    )
    assert {a.id for a in bound_asset_list(store_b, uow)} == {a.id for a in b_assets} - {b_page.id}
    assert [p.running_or_in_review for p in ad_volume_history(store_b, uow)] == [7]
    assert plan_usage(store_b, uow).ad_accounts.used == 3
    assert {r.actor for r in audit_log(store_b, uow)} == {B.id}  # A's attempts are in A's log only
    assert [s.name for s in stores_for_member(A.id, uow)] == ["Store A"]


def test_audit_rows_for_every_action(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock) -> None:
    add_member(store_id, B.id, StoreRole.ADMIN, uow, actor=A, clock=clock)  # A is the store's owner
    save_selection(store_id, make_selection(1, 1, 1), uow, actor=A, clock=clock)
    clock.advance(minutes=1)
    google = bind_google_ads(store_id, "123-456-7890", uow, actor=A, clock=clock)
    with pytest.raises(InvalidGoogleCustomerId):
        bind_google_ads(store_id, "nope", uow, actor=A, clock=clock)
    with pytest.raises(SelectionRefused):
        save_selection(store_id, make_selection(4, 1, 1), uow, actor=A, clock=clock)
    clock.advance(minutes=1)
    unbind(store_id, google.id, uow, actor=B, clock=clock)
    rebind(store_id, google.id, uow, actor=B, clock=clock)
    unbind(store_id, google.id, uow, actor=B, clock=clock)
    clock.advance(days=30)
    purge(uow, clock=clock)

    rows = audit_log(store_id, uow)
    seen = {(r.action, r.target_kind, r.target_id, r.result, r.actor) for r in rows}
    assert ("bind", "facebook_account", "fb_1", "ok", A.id) in seen
    assert ("bind", "ad_account", "act_100", "ok", A.id) in seen
    assert ("save_selection", "facebook_account", "fb_1", "ok", A.id) in seen
    assert ("bind", "google_ads", "123-456-7890", "ok", A.id) in seen
    assert ("bind", "google_ads", "nope", "refused", A.id) in seen
    assert ("save_selection", "facebook_account", "fb_1", "refused", A.id) in seen
    assert ("unbind", "google_ads", "123-456-7890", "ok", B.id) in seen
    assert ("rebind", "google_ads", "123-456-7890", "ok", B.id) in seen
    assert ("purge", "google_ads", "123-456-7890", "ok", "system") in seen
    refused = next(r for r in rows if r.result == "refused" and r.action == "save_selection")
    assert refused.detail == "Business Managers: 4 selected, the limit is 3. Deselect 1."
    assert rows[0].at == clock.now and rows == sorted(rows, key=lambda r: r.at, reverse=True)

    assert {r.action for r in audit_log(store_id, uow, actions=["purge"])} == {"purge"}
    assert {r.result for r in audit_log(store_id, uow, results=["refused"])} == {"refused"}
    assert {r.actor for r in audit_log(store_id, uow, actor=B.id)} == {B.id}
    assert {r.target_kind for r in audit_log(store_id, uow, target_kind="google_ads")} == {"google_ads"}
    first_minute = audit_log(store_id, uow, until=clock.now.replace(day=1, hour=12, minute=1))
    assert {r.action for r in first_minute} == {"add_member", "bind", "save_selection"}


class FailingCommitUnitOfWork(SqlAlchemyUnitOfWork):
    """Fails the first commit (as a dropped connection would); the audit entry's own commit goes through."""

    failed = False

    def commit(self) -> None:
        if not self.failed:
            self.failed = True
            raise ConnectionError("database went away")
        super().commit()


def test_a_failure_is_rolled_back_and_audited(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    failing = FailingCommitUnitOfWork(db.engine)
    with pytest.raises(ConnectionError):
        save_selection(store_id, make_selection(1, 1, 1), failing, actor=A, clock=clock)
    assert bound_asset_list(store_id, uow) == []
    [row] = audit_log(store_id, uow)
    assert (row.action, row.result) == ("save_selection", "failed")
    assert re.fullmatch(r"ConnectionError: database went away \(reference [0-9A-F]{8}\)", row.detail)


def test_demo_store_is_seeded_once(uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> None:
    first = ensure_demo_store(uow, clock=clock)
    assert ensure_demo_store(uow, clock=clock) == first
    usage = plan_usage(first, uow)
    assert (usage.store_name, usage.plan, usage.google_ads_accounts, str(usage.ad_accounts)) == (
        "Demo store",
        "basic",
        1,
        "Ad accounts 1 / 5",
    )
    assert [a.external_id for a in bound_asset_list(first, uow)] == ["123-456-7890"]
    demo_stores = stores_for_member("Demo@Example.com", uow)
    assert [(s.name, s.role) for s in demo_stores] == [("Demo store", "owner"), ("Demo outlet", "owner")]
    assert demo_stores[0].id == first
    analyst = stores_for_member("analyst@example.com", uow)
    assert [(s.name, s.role) for s in analyst] == [("Demo store", "viewer"), ("Demo outlet", "admin")]
