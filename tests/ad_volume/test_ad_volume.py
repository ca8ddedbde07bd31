"""Ad volume: limits and flags, what-to-do text, the batched sync against the sandbox, history, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from core.activity import audit_log
from core.ad_volume import (
    ACCOUNT_LIMIT_BULK,
    ACCOUNT_LIMIT_REGULAR,
    CURRENT_COLUMNS,
    HISTORY_COLUMNS,
    AccountVolume,
    PageInAccount,
    PageVolume,
    Status,
    ad_volume_history,
    current_table,
    history_table,
    object_counts,
    pages_across_accounts,
    percent,
    set_bulk,
    status_of,
    sync_ad_volume,
    to_csv,
)
from core.ad_volume.sync import ACCOUNTS_PER_BATCH, READS_PER_ACCOUNT
from core.binding import AssetKind, AssetNotFound, save_selection
from core.config import SANDBOX_BASE_URL
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import AuthenticationError, GraphClient
from core.graph.facebook import NON_ARCHIVED_STATUSES, ObjectKind
from core.sandbox import Faults, Sandbox, sandbox_session
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_BULK,
    DEMO_AD_ACCOUNT_DISABLED,
    DEMO_AD_ACCOUNT_EUR,
    DEMO_PAGE_FUTURE_LIMIT,
    DEMO_PAGE_MAIN,
    DEMO_PAGE_NEAR_LIMIT,
)
from core.stores import create_store
from tests.support.ad_volume import demo_selection
from tests.support.db import ANN, FakeClock

ACTIVE, BULK, EUR = (f"act_{a}" for a in (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR))
ACTOR = ANN
ADS, ADSETS, CAMPAIGNS = ObjectKind.ADS, ObjectKind.ADSETS, ObjectKind.CAMPAIGNS


def volume(name: str, ads: int, *, bulk: bool = False, running: int | None = 0, **kw) -> AccountVolume:
    counts = object_counts({ADS: ads, ADSETS: 5, CAMPAIGNS: 5}, bulk=bulk)
    return AccountVolume(ACTIVE, name, running, counts, bulk, **kw)


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"the sync tried to sleep {seconds}s")


def client_for(sandbox: Sandbox, token: str = "demo-admin") -> GraphClient:
    return GraphClient(token, base_url=SANDBOX_BASE_URL, session=sandbox_session(sandbox), sleep=_no_sleep)


@pytest.fixture
def sandbox(clock: FakeClock) -> Sandbox:
    return Sandbox("demo", clock=clock)


@pytest.fixture
def bound_store(uow: SqlAlchemyUnitOfWork, clock: FakeClock) -> int:
    store = create_store(uow, name="Outdoor shop", plan="pro", members=[ANN.id], clock=clock)
    save_selection(store, demo_selection(), uow, actor=ACTOR, clock=clock)
    return store


# --- limits and flags -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "limit", "expected"),
    [
        (0, 250, Status.OK),
        (199, 250, Status.OK),
        (200, 250, Status.NEAR),  # exactly 80 %
        (249, 250, Status.NEAR),
        (250, 250, Status.AT),  # exactly 100 %
        (300, 250, Status.AT),
        (4_799, 6_000, Status.OK),
        (4_800, 6_000, Status.NEAR),
        (None, 6_000, Status.UNKNOWN),
        (10, None, Status.UNKNOWN),
    ],
)
def test_status_flags_at_80_and_100_percent(count: int | None, limit: int | None, expected: Status) -> None:
    assert status_of(count, limit) is expected


def test_status_always_has_words_and_a_mark_besides_colour() -> None:
    for status in Status:
        assert status.label and status.symbol and status.icon.startswith(":material/")
    assert percent(249, 250) == 99  # rounded down: 99.6 % never reads as 100 %
    assert percent(None, 250) is None


def test_account_limits_regular_and_bulk_with_advice() -> None:
    near = volume("Main", 4_900)
    assert near.status is Status.NEAR and near.percent == 81  # the fullest count (ads) decides
    assert [(o.kind, o.limit) for o in near.objects] == [(ADS, 6_000), (ADSETS, 6_000), (CAMPAIGNS, 6_000)]
    assert "81% of the 6,000-ads limit of a regular ad account (4,900 of 6,000 non-archived ads)" in near.advice
    assert "ask Facebook to make it a bulk account" in near.advice
    full = volume("Catalog", 50_000, bulk=True)
    assert [o.limit for o in full.objects] == [ACCOUNT_LIMIT_BULK, 10_000, 10_000] and full.status is Status.AT
    assert "has reached the 50,000-ads limit of a bulk ad account" in full.advice
    assert "new ads in it are refused" in full.advice and "bulk account" not in full.advice.split("ad account (")[1]
    assert volume("Main", 269, running=226).advice == ""
    disabled = volume("Old", 0, account_status=2)
    assert "cannot run ads now (account status 2)" in disabled.advice


def test_a_count_above_6000_on_a_regular_account_is_flagged_to_mark_it_bulk() -> None:
    regular = volume("Catalog", 7_200)
    assert regular.status is Status.AT and [o.kind for o in regular.above_regular] == [ADS]
    assert (
        "Catalog has 7,200 non-archived ads, above what a regular account allows (6,000): mark it bulk if Facebook "
        "made it one" in regular.advice
    )
    marked = regular.with_bulk(True)
    assert marked.above_regular == [] and marked.status is Status.OK and marked.advice == ""
    assert ACCOUNT_LIMIT_REGULAR == 6_000


def test_accounts_and_pages_share_one_way_to_read_status_and_percent() -> None:
    page = PageVolume("p1", "Trail Gear Deals", 210, 250)
    account = AccountVolume(ACTIVE, "Main", 0, object_counts({ADS: 210, ADSETS: 0, CAMPAIGNS: 0}, bulk=False))
    assert (page.status, page.percent) == (status_of(210, 250), percent(210, 250))
    assert (account.status, account.percent) == (status_of(210, 6_000), percent(210, 6_000))
    assert type(page).status is type(account).status  # the same property, not a copy


def test_page_advice_near_at_and_future_limit() -> None:
    near = PageVolume("p1", "Trail Gear Deals", 210, 250)
    assert near.status is Status.NEAR
    assert "84% of its limit (210 of 250" in near.advice and "Pause or archive" in near.advice
    at = PageVolume("p1", "Trail Gear Deals", 250, 250)
    assert "is at its limit: 250 of 250" in at.advice and "will not publish" in at.advice
    future = PageVolume("p3", "Camp Kitchen", 210, 1_000, 250, date(2026, 12, 25))
    assert future.status is Status.OK and future.future_status is Status.NEAR
    assert "lowers this Page's limit to 250 on Dec 25, 2026 (now 1,000)" in future.advice
    assert "bring it below 200 before then" in future.advice
    assert PageVolume("p4", "Quiet", 5, 1_000).advice == ""


def test_pages_across_accounts_add_each_accounts_share() -> None:
    rows = [
        PageInAccount("p1", "Demo Outdoor", "act_1", "Main", 6, 38, 5_000),
        PageInAccount("p2", "Trail Gear Deals", "act_1", "Main", 210, 210, 250),
        PageInAccount("p1", "Demo Outdoor", "act_2", "Catalog", 12, 38, 5_000),
    ]
    pages = pages_across_accounts(rows)
    assert [p.page_id for p in pages] == ["p2", "p1"]  # fullest first
    assert pages[1].by_account == (("act_1", "Main", 6), ("act_2", "Catalog", 12))
    assert pages[1].running_or_in_review == 38  # the Page's own total, not a sum of the shares


# --- the sync against the sandbox -------------------------------------------------------------------------------


def test_sync_reads_every_bound_account_in_one_batch_and_records_history(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox, bound_store: int
) -> None:
    client = client_for(sandbox)
    calls: list[tuple[int, int, str]] = []
    report = sync_ad_volume(
        bound_store,
        uow,
        actor=ACTOR,
        client=client,
        clock=clock,
        progress=lambda *a: calls.append(a),
    )
    assert report.graph_requests == 1  # 3 accounts × 6 reads in one batch request
    accounts = {a.account_id: a for a in report.accounts}
    main = accounts[ACTIVE]
    assert main.running_or_in_review == 210 + 6 + 10 == 226  # the Page-limit measure
    assert [(o.kind, o.count, o.limit) for o in main.objects] == [  # the account-limit measure
        (ADS, 269, 6_000),
        (ADSETS, 5, 6_000),
        (CAMPAIGNS, 5, 6_000),
    ]
    assert main.name == "Demo Outdoor – Main" and main.status is Status.OK and main.percent == 4
    assert not accounts[BULK].bulk  # no Graph field says it: regular until the marketer marks it
    assert not report.failed
    pages = {p.page_id: p for p in report.pages}
    near = pages[DEMO_PAGE_NEAR_LIMIT]
    assert (near.running_or_in_review, near.limit, near.status) == (210, 250, Status.NEAR)
    assert report.flagged_pages[0].page_id == DEMO_PAGE_NEAR_LIMIT
    future = pages[DEMO_PAGE_FUTURE_LIMIT]
    assert future.future_limit == 250 and future.future_limit_date == (clock() + timedelta(days=30)).date()
    assert len(pages[DEMO_PAGE_MAIN].by_account) == 2  # runs in Main and in Catalog
    assert calls == [(0, 3, "Reading 3 ad accounts from Facebook…"), (3, 3, "Read 3 of 3 ad accounts")]

    # three accounts and three bound Pages (Pages seen but not bound, e.g. the EU Page, are not recorded)
    assert report.recorded == 6
    history = ad_volume_history(bound_store, uow)
    assert {(p.kind, p.external_id, p.running_or_in_review, p.limit) for p in history} >= {
        (AssetKind.AD_ACCOUNT, ACTIVE, 226, None),  # running ads have no account limit: their Pages' count
        (AssetKind.PAGE, DEMO_PAGE_NEAR_LIMIT, 210, 250),
    }
    assert {p.taken_at for p in history} == {clock()}


def test_sync_batches_hold_at_most_50_requests(uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox) -> None:
    store = create_store(uow, name="Big shop", plan="enterprise", members=[ANN.id], clock=clock)
    ids = sorted(sandbox.world.ad_accounts)[: ACCOUNTS_PER_BATCH + 2]
    save_selection(store, demo_selection(accounts=ids, pages=()), uow, actor=ACTOR, clock=clock)
    client = client_for(sandbox)
    sizes: list[int] = []
    original = client.batch
    client.batch = lambda requests: sizes.append(len(requests)) or original(requests)  # type: ignore[method-assign]
    calls: list[tuple[int, int, str]] = []
    report = sync_ad_volume(store, uow, actor=ACTOR, client=client, clock=clock, progress=lambda *a: calls.append(a))
    assert READS_PER_ACCOUNT == 6 and ACCOUNTS_PER_BATCH == 8
    assert sizes == [48, 12] and max(sizes) <= 50
    assert report.graph_requests == 2
    assert [c[:2] for c in calls] == [(0, 10), (8, 10), (10, 10)]
    assert len(report.accounts) == 10


def test_the_counts_are_graphs_summary_counts_filtered_by_each_edges_statuses(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox, bound_store: int
) -> None:
    client = client_for(sandbox)
    sent: list = []
    original = client.batch
    client.batch = lambda requests: sent.extend(requests) or original(requests)  # type: ignore[method-assign]
    sync_ad_volume(bound_store, uow, actor=ACTOR, client=client, clock=clock)
    counts = [
        (r.path, dict(r.params or {}))
        for r in sent
        if r.path.startswith(ACTIVE + "/") and "summary" in (r.params or {})
    ]
    assert counts == [
        (
            f"{ACTIVE}/{kind}",
            {"effective_status": list(NON_ARCHIVED_STATUSES[kind]), "summary": "total_count", "limit": 0},
        )
        for kind in (ADS, ADSETS, CAMPAIGNS)
    ]


def test_set_bulk_is_kept_with_the_binding_audited_and_changes_the_limits(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox, bound_store: int
) -> None:
    set_bulk(bound_store, BULK, True, uow, actor=ACTOR, clock=clock)
    save_selection(bound_store, demo_selection(), uow, actor=ACTOR, clock=clock)  # a Save keeps the mark
    report = sync_ad_volume(bound_store, uow, actor=ACTOR, client=client_for(sandbox), clock=clock)
    bulk = {a.account_id: a for a in report.accounts}[BULK]
    assert bulk.bulk and [o.limit for o in bulk.objects] == [50_000, 10_000, 10_000]
    [entry] = [e for e in audit_log(bound_store, uow) if e.action == "set_bulk"]
    assert entry.target_id == BULK and "marked bulk: limits 50,000 ads, 10,000 ad sets" in entry.detail
    with pytest.raises(AssetNotFound):
        set_bulk(bound_store, "act_1", True, uow, actor=ACTOR, clock=clock)


def test_a_throttled_account_is_reported_on_its_row_while_the_others_go_on(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, bound_store: int
) -> None:
    budget = READS_PER_ACCOUNT + 1  # one sync's reads of an account fit; the Main account's are used up first
    sandbox = Sandbox("demo", clock=clock, faults=Faults(account_call_budget=budget))
    client = client_for(sandbox)
    for _ in range(budget):  # use up the Main account's hourly budget
        client.get(f"{ACTIVE}/ads_volume")
    report = sync_ad_volume(bound_store, uow, actor=ACTOR, client=client, clock=clock)
    rows = {a.account_id: a for a in report.accounts}
    throttled = rows[ACTIVE]
    assert throttled.running_or_in_review is None and throttled.retry_after_minutes
    assert throttled.error == (
        f"Throttled by Facebook, retry in {throttled.retry_after_minutes} min. The other ad accounts were read."
    )
    assert [a.account_id for a in report.failed] == [ACTIVE]
    assert rows[BULK].running_or_in_review is not None and rows[EUR].running_or_in_review is not None
    recorded = {p.external_id for p in ad_volume_history(bound_store, uow)}
    assert ACTIVE not in recorded and {BULK, EUR} <= recorded
    table = {r["ID"]: r for r in current_table(report)}
    assert table[ACTIVE]["Status"] == "Not read" and "retry in" in table[ACTIVE]["What to do"]


def test_an_account_that_cannot_deliver_counts_nothing(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox
) -> None:
    store = create_store(uow, name="Shop", plan="basic", members=[ANN.id], clock=clock)
    save_selection(store, demo_selection(accounts=[DEMO_AD_ACCOUNT_DISABLED], pages=()), uow, actor=ACTOR,
                   clock=clock)  # fmt: skip
    report = sync_ad_volume(store, uow, actor=ACTOR, client=client_for(sandbox), clock=clock)
    (account,) = report.accounts
    assert (account.running_or_in_review, account.account_status) == (0, 2)
    assert "cannot run ads now" in account.advice


def test_an_expired_token_raises_once_instead_of_a_row_per_account(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox, bound_store: int
) -> None:
    with pytest.raises(AuthenticationError):
        sync_ad_volume(bound_store, uow, actor=ACTOR, client=client_for(sandbox, "demo-expired"), clock=clock)
    assert ad_volume_history(bound_store, uow) == []


def test_an_account_the_token_cannot_read_fails_alone(
    uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox
) -> None:
    store = create_store(uow, name="Shop", plan="basic", members=[ANN.id], clock=clock)
    save_selection(store, demo_selection(accounts=[DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_DISABLED], pages=()),
                   uow, actor=ACTOR, clock=clock)  # fmt: skip
    report = sync_ad_volume(store, uow, actor=ACTOR, client=client_for(sandbox, "demo-analyst"), clock=clock)
    rows = {a.account_id: a for a in report.accounts}
    assert rows[ACTIVE].running_or_in_review == 226 and not rows[ACTIVE].error
    assert rows[f"act_{DEMO_AD_ACCOUNT_DISABLED}"].error  # the analyst has no access to it


# --- CSV ------------------------------------------------------------------------------------------------------


def _parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_current_and_history_csv(uow: SqlAlchemyUnitOfWork, clock: FakeClock, sandbox: Sandbox,
                                 bound_store: int) -> None:  # fmt: skip
    report = sync_ad_volume(bound_store, uow, actor=ACTOR, client=client_for(sandbox), clock=clock)
    current = _parse(to_csv(current_table(report), CURRENT_COLUMNS))
    assert tuple(current[0]) == CURRENT_COLUMNS
    by_id = {r["ID"]: r for r in current}
    assert by_id[ACTIVE] | {"What to do": ""} == {
        "Kind": "Ad account",
        "Name": "Demo Outdoor – Main",
        "ID": ACTIVE,
        "Ad account": ACTIVE,
        "Running or in review": "226",
        "Ads (non-archived)": "269",
        "Ad sets (non-archived)": "5",
        "Campaigns (non-archived)": "5",
        "Limit": "6000",
        "Limit used (%)": "4",
        "Status": "✓ OK",
        "Future limit": "",
        "Future limit from": "",
        "What to do": "",
    }
    assert by_id[BULK]["Kind"] == "Ad account" and by_id[BULK]["Limit"] == "6000"  # regular until marked
    near = by_id[DEMO_PAGE_NEAR_LIMIT]
    assert (near["Kind"], near["Running or in review"], near["Limit"], near["Limit used (%)"], near["Status"]) == (
        "Page", "210", "250", "84", "⚠ Near limit",
    )  # fmt: skip
    assert near["What to do"].startswith("Trail Gear Deals is at 84% of its limit")
    future = by_id[DEMO_PAGE_FUTURE_LIMIT]
    assert (future["Future limit"], future["Future limit from"]) == ("250", "Jan 31, 2026")

    clock.advance(hours=1)
    sync_ad_volume(bound_store, uow, actor=ACTOR, client=client_for(sandbox), clock=clock)
    history = _parse(to_csv(history_table(ad_volume_history(bound_store, uow)), HISTORY_COLUMNS))
    assert tuple(history[0]) == HISTORY_COLUMNS
    main = [r for r in history if r["ID"] == ACTIVE]
    assert [r["Taken at"] for r in main] == ["Jan 1, 2026, 12:00", "Jan 1, 2026, 13:00"]
    assert {r["Running or in review"] for r in main} == {"226"}
    assert len(history) == 12  # 6 bound assets × 2 syncs


def test_csv_quotes_commas_and_leaves_missing_values_empty() -> None:
    text = to_csv([{"Name": 'Shoes, "new"', "Limit": None}], ["Name", "Limit"])
    assert text == 'Name,Limit\r\n"Shoes, ""new""",\r\n'
    assert _parse(text) == [{"Name": 'Shoes, "new"', "Limit": ""}]


def test_history_table_flags_each_snapshot() -> None:
    from core.ad_volume import AdVolumePoint

    point = AdVolumePoint(1, AssetKind.PAGE, "p", "Trail Gear Deals", datetime(2026, 1, 1, 12), 250, 250)
    (row,) = history_table([point])
    assert row["Status"] == "⛔ At limit" and row["Limit used (%)"] == 100 and row["Kind"] == "Page"
