"""Limits (docs/RULES.md, "Stores and plans", "Binding"): each at, below and one above its bound; every violation at
once; all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.binding import (
    MAX_BUSINESSES,
    MAX_PAGES,
    AlreadyBound,
    AssetKind,
    InvalidGoogleCustomerId,
    PixelChoice,
    Plan,
    Rule,
    Selection,
    SelectionRefused,
    bind_google_ads,
    bound_asset_list,
    google_customer_id,
    plan_usage,
    save_selection,
)
from core.binding.limits import check
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from core.stores import create_store, set_plan_limit
from tests.support.db import FakeClock, make_selection

SelectionFactory = Callable[..., Selection]


def _save(store_id: int, selection: Selection, uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> None:
    save_selection(store_id, selection, uow, actor=Actor("a@example.com"), clock=clock)


def _refusal(store_id: int, selection: Selection, uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> SelectionRefused:
    with pytest.raises(SelectionRefused) as info:
        _save(store_id, selection, uow, clock)
    return info.value


@pytest.mark.parametrize("count", [MAX_BUSINESSES - 1, MAX_BUSINESSES, MAX_BUSINESSES + 1])
def test_business_manager_limit(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, count: int) -> None:
    selection = make_selection(businesses=count, ad_accounts=1, pages=1)
    if count <= MAX_BUSINESSES:
        _save(store_id, selection, uow, clock)
        assert plan_usage(store_id, uow).businesses == count
        return
    refused = _refusal(store_id, selection, uow, clock)
    [violation] = refused.violations
    assert (violation.rule, violation.limit, violation.count) == (Rule.BUSINESSES, 3, 4)
    assert violation.message == "Business Managers: 4 selected, the limit is 3. Deselect 1."
    assert plan_usage(store_id, uow).businesses == 0


@pytest.mark.parametrize("count", [MAX_PAGES - 1, MAX_PAGES, MAX_PAGES + 1])
def test_page_limit(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, count: int) -> None:
    selection = make_selection(businesses=1, ad_accounts=1, pages=count)
    if count <= MAX_PAGES:
        _save(store_id, selection, uow, clock)
        assert plan_usage(store_id, uow).pages == count
        return
    [violation] = _refusal(store_id, selection, uow, clock).violations
    assert (violation.rule, violation.limit, violation.count) == (Rule.PAGES, 10, 11)
    assert violation.message == "Pages: 11 selected, the limit is 10. Deselect 1."


@pytest.mark.parametrize("total", [4, 5, 6])
def test_ad_account_limit_counts_facebook_plus_google(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, total: int
) -> None:
    """Basic plan: 5 ad accounts, Facebook and Google together. One Google account is bound first."""
    bind_google_ads(store_id, "111-222-3333", uow, actor=Actor("a@example.com"), clock=clock)
    selection = make_selection(businesses=1, ad_accounts=total - 1, pages=1)
    if total <= 5:
        _save(store_id, selection, uow, clock)
        usage = plan_usage(store_id, uow)
        assert (usage.facebook_ad_accounts, usage.google_ads_accounts) == (total - 1, 1)
        assert str(usage.ad_accounts) == f"Ad accounts {total} / 5"
        return
    [violation] = _refusal(store_id, selection, uow, clock).violations
    assert (violation.rule, violation.limit, violation.count) == (Rule.AD_ACCOUNTS, 5, 6)
    assert violation.message == (
        "Ad accounts (Facebook + Google): 6 selected (5 Facebook + 1 Google), "
        "the limit of the basic plan is 5. Deselect 1."
    )


@pytest.mark.parametrize("bound", [4, 5])
def test_google_ads_account_counts_in_the_plan(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock, bound: int
) -> None:
    _save(store_id, make_selection(businesses=1, ad_accounts=bound, pages=0), uow, clock)
    if bound < 5:
        bind_google_ads(store_id, "123-456-7890", uow, actor=Actor("a@example.com"), clock=clock)
        assert plan_usage(store_id, uow).ad_accounts.used == 5
        return
    with pytest.raises(SelectionRefused) as info:
        bind_google_ads(store_id, "123-456-7890", uow, actor=Actor("a@example.com"), clock=clock)
    assert info.value.violations[0].message.startswith("Ad accounts (Facebook + Google): 6 would be bound")


def test_default_plan_limits_and_configuration(uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> None:
    limits = {}
    for plan in ("free", "basic", "pro", "enterprise"):
        sid = create_store(uow, name=plan, plan=plan, clock=clock)
        limits[plan] = plan_usage(sid, uow).ad_account_limit
    assert limits == {"free": 1, "basic": 5, "pro": 20, "enterprise": 100}
    set_plan_limit(uow, "free", 2)
    sid = create_store(uow, name="free again", plan="free", members=["a@example.com"], clock=clock)
    _save(sid, make_selection(businesses=1, ad_accounts=2, pages=0), uow, clock)
    assert plan_usage(sid, uow).ad_accounts.used == 2


NO_EVENTS = "The pixel has never received an event: it needs events in the last 7 days."


@pytest.mark.parametrize(
    ("refusal", "on", "allowed"),
    [
        (None, True, True),
        (NO_EVENTS, True, False),
        ("shop.example is added to BM 1, the pixel's Business Manager, but not verified.", True, False),
        (NO_EVENTS, False, True),
    ],
)
def test_domain_settings_only_where_the_wizard_found_no_refusal(
    uow: SqlAlchemyUnitOfWork,
    store_id: int,
    clock: FakeClock,
    refusal: str | None,
    on: bool,
    allowed: bool,
) -> None:
    pixel = PixelChoice("px_1", "Shop pixel", refusal, domain_settings=on)
    selection = make_selection(businesses=1, ad_accounts=1, pages=1, pixel=pixel)
    if allowed:
        _save(store_id, selection, uow, clock)
        [bound] = bound_asset_list(store_id, uow, [AssetKind.PIXEL])
        assert (bound.external_id, bound.scope, bound.attributes["domain_settings"]) == (
            "px_1",
            "act_100",
            on,
        )
        return
    [violation] = _refusal(store_id, selection, uow, clock).violations
    assert (violation.rule, violation.count, violation.items) == (Rule.DOMAIN_SETTINGS, 1, ("px_1",))
    assert "Turn it off for Shop pixel." in violation.message and f"Shop pixel: {refusal}" in violation.message


def test_unpublished_page_is_refused(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock) -> None:
    [violation] = _refusal(store_id, make_selection(1, 1, 3, unpublished=1), uow, clock).violations
    assert (violation.rule, violation.count, violation.items) == (Rule.UNPUBLISHED_PAGES, 1, ("page_2",))
    assert "Deselect Page 2." in violation.message


def test_every_violation_is_reported_at_once_and_nothing_is_saved(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    bad_pixel = PixelChoice("px_9", "Bad pixel", NO_EVENTS, domain_settings=True)
    selection = make_selection(businesses=4, ad_accounts=7, pages=12, pixel=bad_pixel, unpublished=1)
    refused = _refusal(store_id, selection, uow, clock)
    got = {v.rule: (v.count, v.limit, v.excess) for v in refused.violations}
    assert got == {
        Rule.BUSINESSES: (4, 3, 1),
        Rule.PAGES: (12, 10, 2),
        Rule.AD_ACCOUNTS: (7, 5, 2),
        Rule.DOMAIN_SETTINGS: (1, 0, 1),
        Rule.UNPUBLISHED_PAGES: (1, 0, 1),
    }
    assert "Deselect 2." in str(refused)
    assert bound_asset_list(store_id, uow) == []


def test_structure_problems_are_violations_too(uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock) -> None:
    good = make_selection(businesses=1, ad_accounts=2, pages=1)
    no_account = Selection(None, good.businesses, good.ad_accounts, good.pages)
    orphan = Selection(good.facebook_account, (), good.ad_accounts, good.pages)
    twice = Selection(good.facebook_account, good.businesses, [*good.ad_accounts, good.ad_accounts[0]], good.pages)
    assert [v.rule for v in _refusal(store_id, no_account, uow, clock).violations] == [Rule.FACEBOOK_ACCOUNT]
    assert [v.rule for v in _refusal(store_id, orphan, uow, clock).violations] == [Rule.BUSINESS_NOT_SELECTED]
    assert [v.rule for v in _refusal(store_id, twice, uow, clock).violations] == [Rule.DUPLICATES]


def test_check_is_pure_and_counts_the_resulting_set() -> None:
    specs = make_selection(businesses=3, ad_accounts=20, pages=10).specs()
    assert check(specs, Plan("pro", 20)) == []
    [violation] = check(specs, Plan("basic", 5))
    assert (violation.rule, violation.count, violation.excess) == (Rule.AD_ACCOUNTS, 20, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("123-456-7890", "123-456-7890"), (" 123-456-7890 ", "123-456-7890"), ("1234567890", "123-456-7890")],
)
def test_google_customer_id_accepted_forms(raw: str, expected: str) -> None:
    assert google_customer_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "123-456-789", "123-456-78901", "12-3456-7890", "abc-def-ghij", "123 456 7890", "x1234567890"]
)
def test_google_customer_id_refused_forms(raw: str) -> None:
    with pytest.raises(InvalidGoogleCustomerId, match="123-456-7890"):
        google_customer_id(raw)


def test_google_ads_bind_validates_and_refuses_duplicates(
    uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    with pytest.raises(InvalidGoogleCustomerId):
        bind_google_ads(store_id, "12-34", uow, actor=Actor("a@example.com"), clock=clock)
    bind_google_ads(store_id, "1234567890", uow, actor=Actor("a@example.com"), clock=clock)
    with pytest.raises(AlreadyBound, match="123-456-7890 is bound already"):
        bind_google_ads(store_id, "123-456-7890", uow, actor=Actor("a@example.com"), clock=clock)
    assert [a.external_id for a in bound_asset_list(store_id, uow)] == ["123-456-7890"]
