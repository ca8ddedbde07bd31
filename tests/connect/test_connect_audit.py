"""The Connect wizard's Save is a use case of its own: it binds the draft's selection and writes the audit log,
without any page (docs/RULES.md, "Audit")."""

from __future__ import annotations

from core.activity import audit_log
from core.binding import AssetKind, bound_asset_list
from core.connect import Draft, save_draft
from core.inventory import load_inventory
from core.sandbox import DEMO_AD_ACCOUNT_ACTIVE, DEMO_BUSINESS_ID_MAIN, DEMO_PAGE_MAIN
from core.shared import Actor
from tests.support.inventory import sandbox_client

DANA = Actor("a@example.com", "Dana Demo")


def test_save_draft_binds_and_records_who_did_it(uow, store_id, clock):
    client, _, _ = sandbox_client()
    inventory = load_inventory(client)
    draft = Draft(
        step=5,
        businesses=[DEMO_BUSINESS_ID_MAIN],
        ad_accounts=[f"act_{DEMO_AD_ACCOUNT_ACTIVE}"],
        pages=[DEMO_PAGE_MAIN],
    )
    result = save_draft(store_id, inventory, draft, uow, actor=DANA, clock=clock)
    assert {k.kind for k in result.bound} == {
        AssetKind.FACEBOOK_ACCOUNT,
        AssetKind.BUSINESS,
        AssetKind.AD_ACCOUNT,
        AssetKind.PAGE,
    }
    assert f"act_{DEMO_AD_ACCOUNT_ACTIVE}" in {a.external_id for a in bound_asset_list(store_id, uow)}
    entries = audit_log(store_id, uow)
    assert {(e.action, e.result, e.actor, e.actor_name) for e in entries} >= {
        ("save_selection", "ok", DANA.id, DANA.name),
        ("bind", "ok", DANA.id, DANA.name),
    }
    assert all(e.at == clock() for e in entries)
