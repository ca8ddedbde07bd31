"""Drawing helpers of the Assets page: plan usage, each ad account's health (one batched Graph read, cached a
few minutes), filters, the CSV download, and the bound tree with a Disconnect button on every asset. What the
buttons do is in :mod:`ui.assets_actions`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import streamlit as st

from core.assets import AssetRow, LiveFacts, health_targets, read_live_facts, rows_csv
from core.binding import AssetKind, AssetNode, AssetView, PlanUsage
from core.graph import GraphError
from core.shared import words
from core.shared.i18n import N_, _
from core.stores import Permission
from ui import assets_actions as actions
from ui import graph_reads, runtime
from ui.feedback import show_flash

log = logging.getLogger(__name__)

# The kinds filter's options, marked for translation.
KIND_NAMES = {
    AssetKind.FACEBOOK_ACCOUNT: N_("Facebook accounts"),
    AssetKind.BUSINESS: N_("Business Managers"),
    AssetKind.AD_ACCOUNT: N_("Ad accounts"),
    AssetKind.PAGE: N_("Pages"),
    AssetKind.PIXEL: N_("Pixels"),
    AssetKind.GOOGLE_ADS: N_("Google Ads accounts"),
}


def usage_metrics(usage: PlanUsage) -> None:
    st.subheader(_("Plan usage"))
    for column, line in zip(st.columns(len(usage.lines())), usage.lines(), strict=True):
        with column:
            st.metric(line.label, f"{line.used} / {line.limit}")
            if line.reached:
                st.caption(_(":material/warning: Limit reached."))
    st.caption(
        _("Ad accounts count Facebook ({facebook}) and Google Ads ({google}) accounts together.").format(
            facebook=usage.facebook_ad_accounts, google=usage.google_ads_accounts
        )
    )


# --- health from Facebook: one batched read, cached a few minutes -------------------------------------------


def live_facts(tree: Sequence[AssetNode]) -> LiveFacts:
    """Every bound ad account's and pixel's health fields in one batched Graph read (or why it failed), with when
    Facebook was asked and a way to ask again."""
    accounts, pixels = health_targets(tree)
    if not accounts:
        return LiveFacts()
    token = runtime.access_token()
    if token is None:
        return LiveFacts.unavailable([*accounts, *pixels], _("no Facebook account is connected"))
    try:
        reading = words.count(
            len(accounts),
            "Reading the health of {n} ad account from Facebook…",
            "Reading the health of {n} ad accounts from Facebook…",
        )
        with st.spinner(reading):
            facts, read_at = graph_reads.read_with_time(read_live_facts, token, tuple(accounts), tuple(pixels))
        _age(token, read_at)
        return facts
    except GraphError as exc:
        log.info("health read failed: %s", type(exc).__name__)
        return LiveFacts.unavailable([*accounts, *pixels], exc.user_message)


def _age(token: str, read_at: datetime) -> None:
    """How old the health shown is (kept a few minutes), and the way to read it again now."""
    text, button = st.columns([4, 1], vertical_alignment="center")
    text.caption(
        _(":material/schedule: Health read from Facebook {ago}.").format(ago=words.ago(read_at, runtime.clock()))
    )
    if button.button(_("Read again"), icon=":material/refresh:", key="assets_read_again"):
        graph_reads.forget(token)
        st.rerun()


def facts_warning(facts: LiveFacts) -> None:
    reasons = sorted(set(facts.problems.values()))
    if len(reasons) == 1 and facts.fields == {}:
        st.warning(
            _(
                "Facebook could not be read, so each ad account's health is shown as stored when it was bound. {reason}"
            ).format(reason=reasons[0]),
            icon=":material/cloud_off:",
        )


# --- filters and CSV ----------------------------------------------------------------------------------------


def filters() -> tuple[str, list[AssetKind] | None, bool]:
    left, right = st.columns(2)
    query = left.text_input(
        _("Search by name, ID or health"), key="assets_search", placeholder=_("e.g. Outdoor or act_")
    )
    kinds = right.multiselect(
        _("Kinds of asset"),
        options=list(AssetKind),
        format_func=lambda k: _(KIND_NAMES[k]),
        key="assets_kinds",
        placeholder=_("All kinds"),
    )
    attention = st.checkbox(
        _("Only ad accounts that cannot deliver ads"),
        key="assets_attention",
        help=_("Disabled, closed, unpaid, in review, or without a payment method."),
    )
    return query, kinds or None, attention


def download(matching: Sequence[AssetRow]) -> None:
    st.download_button(
        _("Download the {assets} shown (CSV)").format(assets=actions.n_assets(len(matching))),
        data=rows_csv(matching),
        file_name="smart-ads-assets.csv",
        mime="text/csv",
        icon=":material/download:",
        key="assets_csv",
        disabled=not matching,
    )


# --- the bound assets ---------------------------------------------------------------------------------------


def _disconnect_button(asset: AssetView) -> None:
    allowed, why = runtime.can(Permission.BIND)
    st.button(
        _("Disconnect"),
        icon=":material/link_off:",
        disabled=not allowed,
        key=f"assets_disconnect_{asset.id}",
        help=why
        or _("Disconnect {asset}: you see exactly what is unbound before anything happens.").format(asset=asset.label),
        on_click=actions.open_confirmation,
        args=(asset.id,),
    )


def _row(row: AssetRow) -> None:
    asset = row.asset
    if asset.kind is AssetKind.PIXEL:  # under its ad account: indented
        _gap, text, button = st.columns([0.3, 3.7, 1], vertical_alignment="center")
    else:
        text, button = st.columns([4, 1], vertical_alignment="center")
    with text:
        if asset.kind is AssetKind.PIXEL:
            title = _("Pixel · **{name}** · {kind} `{id}`")
        else:
            title = _("**{name}** · {kind} `{id}`")
        title = title.format(name=asset.name, kind=asset.kind.label, id=asset.external_id)
        st.markdown(f"{actions.ICONS[asset.kind]} {title}")
        health = row.health
        if health is not None:  # two short lines: whether it can deliver, then the facts behind it
            icon = ":material/check_circle:" if health.can_deliver else ":material/warning:"
            status = _("Status: {status} · disabled for {reason}") if health.disable_reason else _("Status: {status}")
            facts = _("{status} · {funding} · Pixel: {pixel} · Domain Settings: {domain_settings}").format(
                status=status.format(status=health.status, reason=health.disable_reason),
                funding=health.funding,
                pixel=health.pixel,
                domain_settings=health.domain_settings,
            )
            source = ""
            if not health.from_facebook:
                if health.unread_because:
                    said = _("Health {source} (Facebook could not be read: {reason}).")
                else:
                    said = _("Health {source}.")
                source = "  \n:material/history: " + said.format(source=health.source, reason=health.unread_because)
            st.caption(f"{icon} {health.summary}  \n{facts}{source}")
    with button:
        _disconnect_button(asset)


def _draw(node: AssetNode, rows: dict[int, AssetRow], shown: set[int]) -> None:
    if node.asset.id not in shown:
        return
    _row(rows[node.asset.id])
    for child in node.children:
        _draw(child, rows, shown)


def facebook_section(tree: Sequence[AssetNode], rows: Sequence[AssetRow], shown: set[int]) -> None:
    st.subheader(_("Facebook"))
    by_id = {r.asset.id: r for r in rows}
    accounts = [n for n in tree if n.asset.kind is AssetKind.FACEBOOK_ACCOUNT]
    if not accounts:
        st.info(_("No Facebook account is bound to this store. Bind one on the Connect page."), icon=":material/info:")
        return
    if not any(n.asset.id in shown for n in accounts):
        st.caption(_("No Facebook asset matches the search and filters."))
    for account in accounts:
        if account.asset.id not in shown:
            continue
        _row(by_id[account.asset.id])
        businesses = [c for c in account.children if c.asset.kind is AssetKind.BUSINESS]
        own = [c for c in account.children if c.asset.kind is not AssetKind.BUSINESS]
        for business in businesses:
            if business.asset.id in shown:
                with st.container(border=True):
                    _draw(business, by_id, shown)
        if any(c.asset.id in shown for c in own):
            with st.container(border=True):
                st.caption(_("Not in a Business Manager: the person's own ad accounts and Pages"))
                for child in own:
                    _draw(child, by_id, shown)


def google_section(tree: Sequence[AssetNode], rows: Sequence[AssetRow], shown: set[int]) -> None:
    st.subheader(_("Google Ads"))
    by_id = {r.asset.id: r for r in rows}
    google = [n for n in tree if n.asset.kind is AssetKind.GOOGLE_ADS]
    if not google:
        st.caption(_("No Google Ads account is bound."))
    elif not any(n.asset.id in shown for n in google):
        st.caption(_("No Google Ads account matches the search and filters."))
    for node in google:
        _draw(node, by_id, shown)
    with st.form("assets_google_form", clear_on_submit=False, border=True):
        st.markdown(_("**Bind a Google Ads account** (it counts in the plan's ad account limit)"))
        left, right = st.columns(2)
        left.text_input(_("Google Ads customer ID"), key=actions.GOOGLE_ID_KEY, placeholder="123-456-7890")
        right.text_input(_("Name (optional)"), key=actions.GOOGLE_NAME_KEY, placeholder=_("e.g. Search campaigns"))
        allowed, why = runtime.can(Permission.BIND)
        st.form_submit_button(
            _("Bind Google Ads account"),
            key="assets_google_bind",
            on_click=actions.bind_google,
            disabled=not allowed,
            help=why or None,
        )
    show_flash("google")
