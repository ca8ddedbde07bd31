"""The inventory under the sandbox's faults: transient failures and throttling change nothing in the tree, an
account that stays throttled is listed with its own reason, and an expiring token aborts the load.

Time is fake everywhere (sandbox clock, client clock, retry waits): nothing really sleeps.
"""

from __future__ import annotations

import pytest

from core.graph import AuthenticationError, RetryPolicy
from core.inventory import Inventory, PageSizes, load_inventory
from core.sandbox import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_CLIENT,
    DEMO_BUSINESS_ID_MAIN,
    DEMO_BUSINESS_ID_PARTNER,
    Faults,
    Sandbox,
)
from core.sandbox.world import Pixel
from tests.support.inventory import sandbox_client

SMALL = PageSizes(businesses=2, assets=2, pixels_per_account=1)
BUSY_PIXELS = [f"58000000000000{i}" for i in range(1, 5)]
# Waits out a throttle (up to the hour window's end), still bounded: 6 attempts per call.
PATIENT = RetryPolicy(max_attempts=6, max_total_wait=2 * 3600, random=lambda: 0.5)


def busy_world(sandbox: Sandbox) -> None:
    """Four more pixels on one ad account, and one of another business on a client account: with one pixel
    per page, reading the busy account's pixels takes four calls to ``act_…/adspixels`` (its call budget)."""
    for number, pixel_id in enumerate(BUSY_PIXELS):
        sandbox.world.pixels[pixel_id] = Pixel(
            pixel_id, f"Busy pixel {number}", DEMO_BUSINESS_ID_MAIN, shared_accounts={DEMO_AD_ACCOUNT_ACTIVE}
        )
    sandbox.world.pixels["590000000000001"] = Pixel(
        "590000000000001", "Partner Pixel", DEMO_BUSINESS_ID_PARTNER, shared_accounts={DEMO_AD_ACCOUNT_CLIENT}
    )


def load(faults: Faults | None, *, retry: RetryPolicy = PATIENT, world: str = "demo") -> tuple[Inventory, int]:
    client, sandbox, _ = sandbox_client(world, faults=faults, retry=retry)
    if world == "demo":
        busy_world(sandbox)
    inventory = load_inventory(client, page_sizes=SMALL if world == "demo" else PageSizes(), max_workers=4)
    return inventory, client.request_count


@pytest.fixture(scope="module")
def calm() -> tuple[Inventory, int]:
    return load(None)


@pytest.mark.parametrize("seed", range(6))
def test_transient_failures_and_throttling_change_nothing(seed: int, calm: tuple[Inventory, int]) -> None:
    expected, calm_calls = calm
    faults = Faults(seed=seed, transient_rate=0.1, account_call_budget=2)
    client, sandbox, time = sandbox_client(faults=faults, retry=PATIENT)
    busy_world(sandbox)
    inventory = load_inventory(client, page_sizes=SMALL, max_workers=4)

    assert inventory.tree() == expected.tree()
    assert inventory.complete
    assert time.sleeps, "the faults made the client wait and retry"
    assert any(wait >= 60 for wait in time.sleeps), "the busy account was throttled and waited for"
    # bounded: every call at most PATIENT.max_attempts times
    assert calm_calls < client.request_count <= calm_calls * PATIENT.max_attempts


def test_throttling_honours_the_time_facebook_gives() -> None:
    client, sandbox, time = sandbox_client(faults=Faults(account_call_budget=2), retry=PATIENT)
    busy_world(sandbox)
    load_inventory(client, page_sizes=SMALL, max_workers=1)

    throttle_waits = [wait for wait in time.sleeps if wait >= 60]
    assert len(throttle_waits) == 1  # one throttle, waited once until Facebook said access returns
    reset = 3600 - (10 * 60 * 60) % 3600  # the sandbox's hour window from the fake start (10:00 sharp)
    assert throttle_waits[0] >= 60 and throttle_waits[0] <= reset


def test_large_world_with_transient_failures_gives_the_same_tree() -> None:
    calm_inventory, calm_calls = load(None, world="large")
    retried = False
    for seed in (1, 2, 3):
        inventory, calls = load(Faults(seed=seed, transient_rate=0.3, account_call_budget=300), world="large")
        assert inventory.tree() == calm_inventory.tree()
        assert calls <= calm_calls * PATIENT.max_attempts
        retried = retried or calls > calm_calls
    assert retried, "at least one of the seeds made a call fail and be retried"


def test_an_account_still_throttled_is_listed_with_retry_in_minutes(calm: tuple[Inventory, int]) -> None:
    expected, _ = calm
    inventory, _ = load(Faults(account_call_budget=2), retry=RetryPolicy(random=lambda: 0.5))

    assert not inventory.complete
    problem = inventory.problem(f"act_{DEMO_AD_ACCOUNT_ACTIVE}")
    assert problem is not None and problem.kind == "ad_account"
    assert problem.retry_after_minutes is not None and 1 <= problem.retry_after_minutes <= 60
    assert problem.user_message == (
        f"Only part of its pixels could be read. Throttled by Facebook, retry in {problem.retry_after_minutes} min."
    )
    # everything else is there
    others = {k: v for k, v in inventory.tree().items() if k not in ("businesses", "pixels", "problems")}
    assert others == {k: v for k, v in expected.tree().items() if k not in ("businesses", "pixels", "problems")}
    assert [a.id for a in inventory.ad_accounts()] == [a.id for a in expected.ad_accounts()]


@pytest.mark.parametrize("after_calls", [0, 1, 5, 20])
def test_token_expiring_mid_load_raises_the_reconnect_error(after_calls: int) -> None:
    client, sandbox, _ = sandbox_client(faults=Faults(token_expiry_after_calls=after_calls))
    busy_world(sandbox)
    with pytest.raises(AuthenticationError) as caught:
        load_inventory(client, page_sizes=SMALL, max_workers=4)
    assert caught.value.code == 190 and caught.value.subcode == 463
    assert "Connect your Facebook account again" in caught.value.user_message


def test_token_expiring_at_the_pixel_batch_raises_too() -> None:
    client, sandbox, _ = sandbox_client(faults=Faults(token_expiry_after_calls=1))
    busy_world(sandbox)
    with pytest.raises(AuthenticationError):
        load_inventory(client)  # one call for the tree, then the batch for the partner's pixel
    assert client.request_count == 2
