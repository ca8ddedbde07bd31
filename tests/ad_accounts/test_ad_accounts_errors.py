"""Every Graph error code the ad account writes can return (references 002/004, docs/RULES.md "Errors and throttles")
reaches the caller as a typed error with the plain message from core.graph.messages, is audited with its code, and is
sent only once."""

from __future__ import annotations

import pytest

from core import ad_accounts as aa
from core.activity import audit_log
from core.ad_accounts import NewAdAccount, creation
from core.config import SANDBOX_BASE_URL
from core.graph import GraphClient, GraphError
from core.graph.messages import lookup
from core.sandbox import Sandbox
from core.sandbox.demo_ids import (
    DEMO_AD_ACCOUNT_ACTIVE,
    DEMO_AD_ACCOUNT_PENDING_CLAIM,
    DEMO_AD_ACCOUNT_PERSONAL,
    DEMO_BUSINESS_ID_MAIN,
)
from tests.support.ad_accounts import Injected, StoreContext, faulty_session

MAIN = DEMO_BUSINESS_ID_MAIN
ACTIVE = f"act_{DEMO_AD_ACCOUNT_ACTIVE}"

# call → (method, path ending, the codes Facebook documents for it, the use case)
CALLS = {
    "claim": (
        "POST",
        "/owned_ad_accounts",
        (100, 190, 200, 368, 415, 457, 2702, 3936, 3944, 3979, 3980, 3994),
        lambda c, a: aa.claim(a.store_id, MAIN, f"act_{DEMO_AD_ACCOUNT_PERSONAL}", a.uow, **a.kw(c)),
    ),
    "create": (
        "POST",
        "/adaccount",
        (100, 104, 190, 200, 368, 415, 457, 3902, 3979, 3980),
        lambda c, a: creation.create(a.store_id, MAIN, NewAdAccount("Shop", "USD", 1), a.uow, **a.kw(c)),
    ),
    "remove": (
        "DELETE",
        "/ad_accounts",
        (100, 190, 200, 415),
        lambda c, a: aa.remove(a.store_id, MAIN, f"act_{DEMO_AD_ACCOUNT_PENDING_CLAIM}", a.uow, **a.kw(c)),
    ),
    "dsa": (
        "POST",
        f"/{ACTIVE}",
        (100, 190, 200, 368, 415, 80004),
        lambda c, a: aa.set_dsa_defaults(a.store_id, ACTIVE, "Demo Outdoor Co.", "Demo Outdoor Co.", a.uow, **a.kw(c)),
    ),
    "spend_cap": (
        "POST",
        f"/{ACTIVE}",
        (100, 190, 200, 368, 415, 80004),
        lambda c, a: aa.set_spend_cap(a.store_id, ACTIVE, "100", "USD", a.uow, **a.kw(c)),
    ),
}
CASES = [(call, code) for call, (_, _, codes, _) in CALLS.items() for code in codes]
# A claim's 100 says the ad account wasn't found or can't be seen, and what to check (not "a value you entered").
SPECIFIC = {("claim", 100): aa.services.not_found_words(f"act_{DEMO_AD_ACCOUNT_PERSONAL}")}


@pytest.mark.parametrize(("call", "code"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_graph_error_has_a_plain_message_is_audited_and_sent_once(uow, store_id, clock, call, code):
    method, path_end, _, use_case = CALLS[call]
    session, adapter = faulty_session(Sandbox("demo"), Injected(method, path_end, code, times=5))
    client = GraphClient("demo-admin", base_url=SANDBOX_BASE_URL, session=session, sleep=lambda s: None)
    store = StoreContext(store_id, uow, clock)
    with pytest.raises(GraphError) as caught:
        use_case(client, store)
    error = caught.value
    assert error.code == code
    assert error.user_message.startswith(SPECIFIC.get((call, code)) or lookup(code, None).message)
    assert "Traceback" not in error.user_message and str(code) not in error.user_message
    assert len(adapter.writes()) == 1  # never re-sent by the client, throttles included
    last = audit_log(store_id, uow)[0]
    assert last.result in ("refused", "failed") and f"(code {code})" in last.detail
