"""Ad accounts of a bound Business Manager: owned and AGENCY accounts, pending claims, claim, create, remove,
DSA defaults and spend cap. Rules and calls live in core.ad_accounts; this page reads, asks, and draws."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import ad_account_creation as creation
from core import ad_accounts as aa
from core.ad_account_rules import CURRENCIES, ENTITY_CHOICES, TIMEZONES, AdAccountRefused, EntityRef, NewAdAccount
from core.binding import AssetKind, BindingError, bound_asset_list
from core.graph import GraphError
from ui import ad_accounts as state
from ui import graph_reads, layout, runtime

st.title("Ad accounts")
layout.mode_banner()

db = runtime.database()
store_id = runtime.current_store_id()
token = runtime.access_token()
businesses = bound_asset_list(store_id, db.uow(), [AssetKind.BUSINESS])
if token is None or not businesses:
    st.info(
        "No Business Manager is bound to this store yet. Bind one on the Connect page, then manage its ad "
        "accounts here.",
        icon=":material/link_off:",
    )
    st.stop()

business = st.selectbox(
    "Business Manager",
    businesses,
    format_func=lambda b: f"{b.name} ({b.external_id})",
    key="aa_business",
)
bm_id, bm_name = business.external_id, business.name
client = runtime.graph_client(token)
audit = aa.Audit(db.uow(), store_id, runtime.actor())
state.show_flash()


def act(action: Callable[[], object], success: str | None = None) -> None:
    """Run one write; keep its outcome for the rerun that redraws the page with fresh data."""
    try:
        outcome = action()
    except AdAccountRefused as exc:
        state.flash("error", str(exc))
    except GraphError as exc:
        state.flash("graph", exc)
    except BindingError as exc:
        state.flash("error", str(exc))
    else:
        state.flash("success", success.format(outcome) if success else str(outcome))
    graph_reads.forget(token)  # even a failed write may have changed something: read Facebook again
    st.rerun()


try:
    with st.spinner("Reading the Business Manager's ad accounts from Facebook…"):
        accounts = graph_reads.read(aa.business_ad_accounts, token, bm_id, bm_name)
except GraphError as exc:
    layout.show_graph_error(exc)
    accounts = []

confirmed = [a for a in accounts if a.access_status != "PENDING"]
pending = [a for a in accounts if a.access_status == "PENDING"]

st.subheader(f"Ad accounts of {bm_name}")
if confirmed:
    st.dataframe(
        [
            {
                "Ad account": a.name,
                "ID": a.id,
                "Access": "Owner" if a.access_type == "OWNER" else "Agency (shared with this business)",
                "Status": a.access_status,
                "Currency": a.currency or "",
                "Tasks you may grant": ", ".join(a.permitted_tasks) or "none",
            }
            for a in confirmed
        ],
        hide_index=True,
        key="aa_table",
    )
else:
    st.caption("This Business Manager has no ad accounts yet, or you can't see them.")

st.subheader("Pending claims")
if pending:
    for a in pending:
        st.markdown(f"- :material/hourglass_top: **{a.name}** (`{a.id}`): PENDING until its admins accept")
else:
    st.caption("No pending claims.")

claim_tab, create_tab, remove_tab, settings_tab = st.tabs(["Claim", "Create", "Remove", "DSA and spend cap"])

with claim_tab:
    st.caption(
        "Claiming moves an ad account into this Business Manager. If you are an admin of the account it is "
        "CONFIRMED at once; otherwise its admins get a request and it stays PENDING until they accept."
    )
    with st.form("aa_claim_form"):
        raw_id = st.text_input("Ad account ID", placeholder="act_123456789", key="aa_claim_id")
        if st.form_submit_button("Claim ad account", key="aa_claim_submit"):
            act(lambda: aa.claim(client, audit, bm_id, raw_id).explanation)

with create_tab:
    count = creation.creation_count(db.uow(), store_id, bm_id)
    st.caption(count.label)
    st.caption(
        ":material/lock: Once the end advertiser is a Facebook ID it can never be changed on that ad account. "
        "If unsure, choose None or Not on Facebook: those can be replaced by an ID later."
    )
    if count.reached:
        st.warning(
            "Facebook allows no more ad accounts to be created through the API for this Business Manager. "
            "Create more by hand in Business Manager (Business settings → Accounts → Ad accounts → Add).",
            icon=":material/block:",
        )
    with st.form("aa_create_form"):
        name = st.text_input("Name", key="aa_new_name")
        currency = st.selectbox(
            "Currency (ISO 4217)",
            CURRENCIES,
            index=None,
            placeholder="Choose a currency",
            key="aa_new_currency",
            accept_new_options=True,
        )
        timezone_id = st.selectbox(
            "Time zone",
            list(TIMEZONES),
            index=None,
            format_func=TIMEZONES.__getitem__,
            placeholder="Choose a time zone",
            key="aa_new_timezone",
        )
        refs: dict[str, EntityRef] = {}
        for field, label in (
            ("end_advertiser", "End advertiser"),
            ("media_agency", "Media agency"),
            ("partner", "Partner"),
        ):
            left, right = st.columns(2)
            choice = left.radio(
                label,
                list(ENTITY_CHOICES),
                format_func=ENTITY_CHOICES.__getitem__,
                key=f"aa_new_{field}_choice",
                horizontal=True,
            )
            entity_id = right.text_input(f"{label} Facebook ID (when “A Facebook ID”)", key=f"aa_new_{field}_id")
            refs[field] = EntityRef(choice or "NONE", entity_id)
        submitted = st.form_submit_button("Create ad account", key="aa_create_submit", disabled=count.reached)
    if submitted:
        form = NewAdAccount(str(name or ""), str(currency or ""), timezone_id, **refs)

        def _create() -> str:
            result = creation.create(client, audit, bm_id, form, state.submission_key(form))
            if result.replayed:
                return (
                    f"This form already created {result.account_id}; nothing was sent again. To create another "
                    "ad account, click “Start a new form”."
                )
            return f"Created {result.account_id} in {bm_name}."

        act(_create)
    if st.button("Start a new form", key="aa_create_new"):
        state.new_create_form()
        st.rerun()

with remove_tab:
    st.caption(
        "Removing withdraws a pending claim or gives up AGENCY access. An ad account the business owns "
        "(CONFIRMED) can't be removed: Facebook doesn't allow it."
    )
    if not accounts:
        st.caption("Nothing to remove.")
    else:
        chosen = st.selectbox(
            "Ad account to remove",
            accounts,
            format_func=lambda a: f"{a.name} ({a.id}) · {a.access_type} · {a.access_status}",
            key="aa_remove_choice",
        )
        if chosen.removal_refusal:
            st.warning(chosen.removal_refusal, icon=":material/block:")
        open_for = st.session_state.get(state.CONFIRM_REMOVE_KEY)
        if open_for != chosen.id:
            if st.button("Remove…", key="aa_remove", disabled=not chosen.removable):
                st.session_state[state.CONFIRM_REMOVE_KEY] = chosen.id
                st.rerun()
        else:
            what = "withdraws the pending claim" if chosen.access_status == "PENDING" else "removes AGENCY access"
            st.warning(
                f"Remove **{chosen.name}** (`{chosen.id}`) from {bm_name}? This {what}; nothing else changes on "
                "Facebook.",
                icon=":material/help:",
            )
            yes, no = st.columns(2)
            if yes.button("Yes, remove", key="aa_remove_confirm", type="primary"):
                st.session_state.pop(state.CONFIRM_REMOVE_KEY, None)
                act(lambda: aa.remove(client, audit, bm_id, chosen.id, bm_name), f"{chosen.id}: {{}}.")
            if no.button("Cancel", key="aa_remove_cancel"):
                st.session_state.pop(state.CONFIRM_REMOVE_KEY, None)
                st.rerun()

with settings_tab:
    if not confirmed:
        st.caption("No ad account to set up.")
    else:
        target = st.selectbox(
            "Ad account", confirmed, format_func=lambda a: f"{a.name} ({a.id})", key="aa_settings_account"
        )
        try:
            settings = graph_reads.read(aa.account_settings, token, target.id)
        except GraphError as exc:
            layout.show_graph_error(exc)
            settings = None
        if settings is not None:
            left, middle, right = st.columns(3)
            left.metric("Currency", settings.currency)
            middle.metric("Spend cap", settings.spend_cap_label)
            right.metric("Amount spent", settings.amount_spent_label)
            st.markdown("**DSA defaults** (EU ads: who pays, who benefits)")
            with st.form(f"aa_dsa_form_{settings.id}"):
                payor = st.text_input("DSA payor", value=settings.dsa_payor, key=f"aa_dsa_payor_{settings.id}")
                beneficiary = st.text_input(
                    "DSA beneficiary", value=settings.dsa_beneficiary, key=f"aa_dsa_beneficiary_{settings.id}"
                )
                st.caption("Set both, or clear both: Facebook never keeps one without the other.")
                if st.form_submit_button("Save DSA defaults", key="aa_dsa_submit"):
                    act(
                        lambda: aa.set_dsa_defaults(client, audit, settings.id, payor, beneficiary),
                        f"{settings.id}: DSA defaults saved ({{}}).",
                    )
            st.markdown("**Spend cap**")
            with st.form(f"aa_cap_form_{settings.id}"):
                amount = st.text_input(
                    f"Spend cap in {settings.currency}",
                    key=f"aa_cap_{settings.id}",
                    help="The most this ad account may spend in total. 0 removes the cap.",
                )
                if st.form_submit_button("Save spend cap", key="aa_cap_submit"):
                    act(
                        lambda: aa.set_spend_cap(client, audit, settings.id, amount, settings.currency),
                        f"{settings.id}: spend cap set to {{:,}} {settings.currency} (0 means no cap).",
                    )
