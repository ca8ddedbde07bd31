"""A catalogue of hostile input across every form (issue 18): the Connect wizard, claim, create, spend cap, DSA,
Google Ads, permissions, and the store settings (members, website domain, alerts). Each case is refused with its
message, sends nothing to Facebook (the sandbox's write count stays 0), and leaves the database as it was (only
the refusal is recorded), on SQLite and on PostgreSQL (docs/RULES.md, "Typed input")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core import ad_accounts as aa
from core.activity import audit_log
from core.alerts import set_alert_settings
from core.binding import bind_google_ads
from core.connect import Draft, save_draft
from core.inventory import load_inventory
from core.permissions import AccountColumn, Matrix, Person, review
from core.sandbox.demo_ids import DEMO_AD_ACCOUNT_ACTIVE, DEMO_BUSINESS_ID_MAIN, DEMO_PERSON_SELLER
from core.stores import StoreRole, add_member, set_website_domain
from tests.hostile.support import World, refused_message, snapshot, world

MAIN, ACT = DEMO_BUSINESS_ID_MAIN, f"act_{DEMO_AD_ACCOUNT_ACTIVE}"
LONG = "x" * 5000
Call = Callable[[World], Any]


def claim(raw: str) -> Call:
    return lambda w: aa.claim(w.store_id, MAIN, raw, w.uow, **w.kw())


def create(name: str = "Spring sale", currency: str = "USD", timezone: Any = 1, **refs: aa.EntityRef) -> Call:
    return lambda w: aa.create(w.store_id, MAIN, aa.NewAdAccount(name, currency, timezone, **refs), w.uow, **w.kw())


def on_facebook(raw: str) -> aa.EntityRef:
    return aa.EntityRef("ID", raw)


def spend_cap(raw: str, currency: str = "USD") -> Call:
    return lambda w: aa.set_spend_cap(w.store_id, ACT, raw, currency, w.uow, **w.kw())


def dsa(payor: str, beneficiary: str) -> Call:
    return lambda w: aa.set_dsa_defaults(w.store_id, ACT, payor, beneficiary, w.uow, **w.kw())


def google(customer_id: str, name: str = "") -> Call:
    return lambda w: bind_google_ads(w.store_id, customer_id, w.uow, name=name, **w.local())


def wizard(**chosen: Any) -> Call:
    """Save with a draft holding what a tampered session would (the wizard's lists never offer it)."""

    def run(w: World) -> Any:
        draft = Draft(**{"businesses": [MAIN], **chosen})
        return save_draft(w.store_id, load_inventory(w.client), draft, w.uow, **w.local())

    return run


def member(email: str) -> Call:
    return lambda w: add_member(w.store_id, email, StoreRole.ADMIN, w.uow, **w.local())


def website(domain: str) -> Call:
    return lambda w: set_website_domain(w.store_id, domain, w.uow, **w.local())


def alerts(emails: list[str], webhook: str | None = None) -> Call:
    return lambda w: set_alert_settings(w.store_id, emails, webhook, w.uow, **w.local())


MATRIX = Matrix(
    (Person(DEMO_PERSON_SELLER, "Sam Seller"),),
    (AccountColumn(ACT, "Demo Outdoor – Main", MAIN, editable=True),),
    {(DEMO_PERSON_SELLER, ACT): frozenset({"ANALYZE"})},
)


def role(label: str) -> Call:
    return lambda w: review(w.store_id, MATRIX, {(DEMO_PERSON_SELLER, ACT): label}, w.uow, **w.kw())


DIGITS = "digits other than 0-9"
CASES: list[tuple[str, Call, str]] = [
    # --- claim: an ad account ID ---------------------------------------------------------------------------
    ("claim arabic-indic digits", claim("act_٣٠٠٠٠٠٠٠٠٠٠٠٠٠١٤"), DIGITS),
    ("claim full-width digits", claim("３００００００００００００１４"), DIGITS),
    ("claim zero", claim("act_0"), "never 0"),
    ("claim bare zero", claim("0"), "never 0"),
    ("claim leading zero", claim("act_000300000000000014"), "never starts with 0"),
    ("claim 70 digits", claim("act_" + "9" * 70), "too long for an ad account ID"),
    ("claim above 64 bits", claim("act_9223372036854775808"), "too long for an ad account ID"),
    ("claim NUL", claim("act_300000000000014\x00"), "is not an ad account ID"),
    ("claim exponent", claim("act_3e14"), "is not an ad account ID"),
    ("claim negative", claim("-300000000000014"), "is not an ad account ID"),
    ("claim inner space", claim("act_3000 0000"), "is not an ad account ID"),
    ("claim empty", claim("   "), "enter an ad account ID"),
    ("claim 5000 characters", claim(LONG), "is not an ad account ID"),
    # --- create: name, currency, time zone, who is who -----------------------------------------------------
    ("create name 500", create(name="n" * 500), "100 characters or fewer"),
    ("create name NUL", create(name="Spring\x00sale"), "control or invisible"),
    ("create name bidi override", create(name="Spring\u202esale"), "control or invisible"),
    ("create name line break", create(name="Spring\nsale"), "control or invisible"),
    ("create name blank", create(name="   "), "Name: enter a name"),
    ("create currency NUL", create(currency="US\x00D"), "is not a currency"),
    ("create currency 6000", create(currency="usd" * 2000), "is not a currency"),
    ("create time zone huge", create(timezone=10**30), "is not a time zone"),
    ("create end advertiser digits", create(end_advertiser=on_facebook("١٢٣٤٥")), DIGITS),
    ("create end advertiser zero", create(end_advertiser=on_facebook("0")), "never 0"),
    ("create end advertiser 70", create(end_advertiser=on_facebook("9" * 70)), "too long for a Business ID"),
    ("create media agency NUL", create(media_agency=on_facebook("demo\x00outdoor")), "is not a Page alias"),
    ("create partner full-width alias", create(partner=on_facebook("ｄｅｍｏ")), "is not a Page alias"),
    ("create partner full-width ID", create(partner=on_facebook("１２３")), DIGITS),
    ("create media agency 51", create(media_agency=on_facebook("a" * 51)), "at most 50"),
    # --- spend cap: an amount --------------------------------------------------------------------------------
    ("cap 1e26", spend_cap("1e26"), "is not an amount"),
    ("cap 1e30", spend_cap("1e30"), "is not an amount"),
    ("cap 1e25", spend_cap("1e25"), "is not an amount"),
    ("cap decimal comma", spend_cap("1,5"), "has a comma"),
    ("cap thousands comma", spend_cap("1,500.50"), "has a comma"),
    ("cap negative", spend_cap("-10"), "can't be negative"),
    ("cap NaN", spend_cap("NaN"), "is not an amount"),
    ("cap Infinity", spend_cap("Infinity"), "is not an amount"),
    ("cap arabic-indic", spend_cap("١٠٠"), DIGITS),
    ("cap full-width", spend_cap("１００"), DIGITS),
    ("cap three decimals", spend_cap("10.123"), "at most 2 decimal places"),
    ("cap above Meta's maximum", spend_cap("9223372036854.78"), "more than Facebook can hold"),
    ("cap 70 digits", spend_cap("9" * 70), "more than Facebook can hold"),
    ("cap empty", spend_cap(""), "enter an amount"),
    ("cap spaces", spend_cap("10 000"), "is not an amount"),
    ("cap currency sign", spend_cap("$100"), "is not an amount"),
    ("cap yen decimals", spend_cap("10.5", "JPY"), "JPY amounts have no decimals"),
    # --- DSA payor and beneficiary ---------------------------------------------------------------------------
    ("dsa payor 5000", dsa(LONG, "Demo Outdoor Co."), "DSA payor: keep it to 100 characters"),
    ("dsa beneficiary NUL", dsa("Demo Outdoor Co.", "Demo\x00Outdoor"), "DSA beneficiary: “Demo�Outdoor”"),
    ("dsa payor line separator", dsa("Demo\u2028Outdoor", "Demo Outdoor Co."), "control or invisible"),
    ("dsa payor bidi override", dsa("\u202eDemo", "Demo Outdoor Co."), "control or invisible"),
    ("dsa payor alone", dsa("Demo Outdoor Co.", "  "), "Enter the DSA beneficiary too"),
    # --- Google Ads customer ID and name ---------------------------------------------------------------------
    ("google full-width", google("１２３-４５６-７８９０"), DIGITS),
    ("google arabic-indic", google("١٢٣-٤٥٦-٧٨٩٠"), DIGITS),
    ("google zeros", google("000-000-0000"), "000-000-0000 is not a Google Ads account"),
    ("google 11 digits", google("123-456-78901"), "is not a Google Ads customer ID"),
    ("google 9 digits", google("123456789"), "is not a Google Ads customer ID"),
    ("google NUL", google("987-654-3210\x00"), "is not a Google Ads customer ID"),
    ("google 70 characters", google("9" * 70), "is not a Google Ads customer ID"),
    ("google name 500", google("987-654-3210", "n" * 500), "Name: keep it to 100 characters"),
    ("google name NUL", google("987-654-3210", "Search\x00"), "control or invisible"),
    # --- the Connect wizard's draft --------------------------------------------------------------------------
    ("wizard ad account digits", wizard(ad_accounts=["act_٣٠٠٠٠٠٠٠٠٠٠٠٠٠١"]), DIGITS),
    ("wizard business zero", wizard(businesses=["0"]), "never 0"),
    ("wizard page 70 digits", wizard(pages=["9" * 70]), "too long for a Page ID"),
    ("wizard pixel NUL", wizard(ad_accounts=[ACT], pixels={ACT: "4000\x00"}), "is not a Pixel ID"),
    ("wizard ad account zero", wizard(ad_accounts=["act_0"]), "never 0"),
    # --- store settings: members, website domain, alerts -----------------------------------------------------
    ("member email NUL", member("ann\x00@shop.example"), "control or invisible"),
    ("member email 300", member("x" * 300 + "@shop.example"), "is not an email address"),
    ("member email no domain", member("ann@shop"), "is not an email address"),
    ("website NUL", website("shop\x00.example"), "is not a website domain"),
    ("website full-width", website("ｓｈｏｐ.example"), "is not a website domain"),
    ("website 300", website("x" * 300 + ".com"), "is not a website domain"),
    ("website URL", website("https://shop.example/path"), "is not a bare domain"),
    ("alerts email NUL", alerts(["ops\x00@shop.example"]), "control or invisible"),
    ("alerts webhook NUL", alerts([], "https://hooks.slack.com/services/\x00"), "control or invisible"),
    ("alerts webhook 3000", alerts([], "https://hooks.slack.com/" + "a" * 3000), "longer than 2,048 characters"),
    # --- permissions: a cell's role ----------------------------------------------------------------------------
    ("role NUL", role("Admin\x00"), "isn't a role"),
    ("role unknown", role("Superuser"), "“Superuser” isn't a role"),
    ("role 5000", role(LONG), "isn't a role"),
    ("role task without its needs", role("Custom: MANAGE"), "MANAGE also needs"),
    ("role unknown task", role("Custom: ROOT\x00"), "ROOT� isn't an ad account task"),
]


def test_the_catalogue_covers_every_form_with_at_least_60_cases():
    forms = {name.split()[0] for name, _, _ in CASES}
    assert forms >= {"claim", "create", "cap", "dsa", "google", "wizard", "member", "website", "alerts", "role"}
    assert len(CASES) >= 60 and len({name for name, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_in_words_sends_nothing_and_changes_nothing(db, uow, store_id, clock, call, message):
    w = world(store_id, uow, clock)
    before, logged = snapshot(db.engine), len(audit_log(store_id, uow))
    shown = refused_message(lambda: call(w))
    assert message in shown
    assert "\x00" not in shown and LONG not in shown and len(shown) < 700  # quoted back short and visible
    assert w.sandbox.write_count == 0, w.sandbox.writes
    assert snapshot(db.engine) == before
    assert {e.result for e in audit_log(store_id, uow)[: len(audit_log(store_id, uow)) - logged]} <= {"refused"}
