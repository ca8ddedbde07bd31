"""Drawing the Ad accounts page: the Business Manager's accounts, pending claims, and the Claim, Create, Remove and
Settings tabs. Every write goes through :meth:`Context.act`, which runs one use case, keeps its outcome for the next
run (:mod:`ui.feedback`) and forgets the token's cached reads so the page shows what Facebook holds. What the
person may not do (their role in the store, their tasks on Facebook) is disabled up front, with the reason."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import ad_accounts as aa
from core.binding import AssetView
from core.graph import GraphError
from core.shared import DomainError, words
from core.shared.i18n import N_, _, ngettext
from core.stores import Permission
from ui import feedback, graph_reads, runtime

TABS = (N_("Claim"), N_("Create"), N_("Remove"), N_("DSA and spend cap"))  # shown with _()
TAB_KEY = "aa_tab"  # the open tab, kept across reruns (a refusal's message above must not reset it)
CREATE_WIDGET_PREFIX = "aa_new_"
CONFIRM_REMOVE_KEY = "aa_confirm_remove"
CONFIRM_CLAIM_KEY = "aa_confirm_claim"  # the ad account ID a claim waits to be confirmed for
DETAILS_KEY = "aa_error_details"  # Facebook's code of the last refusal, for the details area only
CONNECT_PAGE = "app_pages/connect.py"
# Who each entity may be on Facebook ("Create Ad Accounts": end_advertiser a Business ID; the others a Page alias,
# Page ID or App ID). Labels: shown with _().
ENTITY_FIELDS = (
    ("end_advertiser", N_("End advertiser"), N_("Business ID")),
    ("media_agency", N_("Media agency"), N_("Page alias, Page ID or App ID")),
    ("partner", N_("Partner"), N_("Page alias, Page ID or App ID")),
)
# The Activity log's action of each use case, by name: what an unexpected failure records (ui.feedback.boundary).
ACTIONS = {f.__name__: a for f, a in ((aa.claim, aa.CLAIM), (aa.create, aa.CREATE), (aa.remove, aa.REMOVE),
           (aa.set_dsa_defaults, aa.SET_DSA), (aa.set_spend_cap, aa.SET_SPEND_CAP))}  # fmt: skip


def clear_create_form() -> None:
    for key in [k for k in st.session_state if str(k).startswith(CREATE_WIDGET_PREFIX)]:
        del st.session_state[key]


class Context:
    """The page's store, Business Manager and Graph client, and how its use cases are called."""

    def __init__(self, business: AssetView, token: str) -> None:
        self.store_id = runtime.current_store_id()
        self.business_id, self.business_name = business.external_id, business.name
        self.token = token
        self.client = runtime.graph_client(token)
        self.allowed, self.why = runtime.can(Permission.AD_ACCOUNTS)  # the core refuses anyway; this says why first
        self.facebook_why: str | None = None  # what Facebook's tasks of the person don't allow here

    def blocked(self, facebook_why: str | None) -> str | None:
        """Why a change can't be made: the person's role in the store first, then their tasks on Facebook."""
        return self.why if not self.allowed else facebook_why

    def call(self, use_case: Callable[..., object], *inputs: object, **extra: object) -> object:
        """``use_case(store_id, *inputs, uow, actor=…, clock=…, client=…, **extra)``."""
        uow = runtime.database().uow()
        return use_case(
            self.store_id, *inputs, uow, actor=runtime.actor(), clock=runtime.clock, client=self.client, **extra
        )

    def act(self, use_case: Callable[..., object], *inputs: object, done: Callable[[object], str], **extra: object):
        """Run one write; keep its outcome for the rerun that redraws the page with fresh data."""
        feedback.attempt(ACTIONS.get(getattr(use_case, "__name__", ""), "ad_accounts"))
        st.session_state.pop(DETAILS_KEY, None)
        try:
            outcome = self.call(use_case, *inputs, **extra)
        except GraphError as exc:
            feedback.flash("error", exc)
            st.session_state[DETAILS_KEY] = _details(exc)
        except DomainError as exc:
            feedback.flash("error", exc)
        else:
            feedback.flash("success", done(outcome))
        graph_reads.forget(self.token)  # even a failed write may have changed something: read Facebook again
        st.rerun()


def _details(exc: GraphError) -> str:
    if exc.code is None:
        details = _("Facebook's error code: none")
    elif exc.subcode:
        details = _("Facebook's error code: {code}, subcode {subcode}").format(code=exc.code, subcode=exc.subcode)
    else:
        details = _("Facebook's error code: {code}").format(code=exc.code)
    return _("{details} · trace {trace}").format(details=details, trace=exc.fbtrace_id) if exc.fbtrace_id else details


def error_details() -> None:
    """Facebook's code of the last refusal, out of the way, for support."""
    details = st.session_state.pop(DETAILS_KEY, None)
    if details:
        with st.expander(_("Details for Smart Ads support")):
            st.caption(details)


def tabs() -> list:
    """The four tabs; the one open stays open on every rerun."""
    return list(st.tabs([_(tab) for tab in TABS], key=TAB_KEY, on_change="rerun"))


def accounts_table(ctx: Context, confirmed: list[aa.BusinessAdAccount], pending: list[aa.BusinessAdAccount]) -> None:
    st.subheader(_("Ad accounts of {business}").format(business=ctx.business_name))
    if confirmed:
        st.caption(
            ngettext(
                "{n} ad account owned by or shared with this Business Manager.",
                "{n} ad accounts owned by or shared with this Business Manager.",
                len(confirmed),
            ).format(n=words.number(len(confirmed)))
        )
        rows = [
            {
                _("Ad account"): a.name,
                _("ID"): a.id,
                _("Access"): a.access_words,
                _("Currency"): aa.currency_name(a.currency),
                _("Your role"): aa.role_words(a.user_tasks),
                _("Roles you may give"): aa.roles_to_give(a.grantable_tasks),
            }
            for a in confirmed
        ]
        st.dataframe(rows, hide_index=True, key="aa_table")
    else:
        st.caption(_("This Business Manager has no ad accounts yet, or you can't see them."))
    st.subheader(_("Pending claims"))
    if pending:
        st.caption(
            ngettext(
                "{n} claim waiting for the accounts' admins to accept.",
                "{n} claims waiting for the accounts' admins to accept.",
                len(pending),
            ).format(n=words.number(len(pending)))
        )
        for a in pending:
            waiting = _("**{account}** (`{id}`): waiting until its admins accept").format(account=a.name, id=a.id)
            st.markdown(f"- :material/hourglass_top: {waiting}")
    else:
        st.caption(_("No pending claims."))


def _reason(why: str | None) -> None:
    if why:
        st.caption(f":material/lock: {why}")


def claim_tab(ctx: Context) -> None:
    st.caption(
        _(
            "Claiming moves an ad account into this Business Manager. If you are an admin of the account it moves at "
            "once; otherwise its admins get a request and it stays pending until they accept."
        )
    )
    why = ctx.blocked(ctx.facebook_why)
    _reason(ctx.facebook_why if ctx.allowed else None)
    with st.form("aa_claim_form"):
        raw_id = st.text_input(_("Ad account ID"), placeholder="act_123456789", key="aa_claim_id")
        submitted = st.form_submit_button(_("Claim ad account…"), key="aa_claim_submit", disabled=bool(why))
    if submitted:
        try:
            st.session_state[CONFIRM_CLAIM_KEY] = aa.normalise_ad_account_id(raw_id)
        except DomainError:  # not an ID: the use case refuses it in words, and records the refusal
            ctx.act(aa.claim, ctx.business_id, raw_id, done=lambda result: result.explanation)
    pending = st.session_state.get(CONFIRM_CLAIM_KEY)
    if not pending:
        return
    st.warning(
        _(
            "Claim **{account}** for {business}? This is a one-time move that cannot be undone: once claimed, the ad "
            "account can only be managed in {business}."
        ).format(account=pending, business=ctx.business_name),
        icon=":material/help:",
    )
    yes, no = st.columns(2)
    if yes.button(_("Yes, claim it"), key="aa_claim_confirm", type="primary", disabled=bool(why)):
        st.session_state.pop(CONFIRM_CLAIM_KEY, None)
        ctx.act(aa.claim, ctx.business_id, pending, done=lambda result: result.explanation)
    if no.button(_("Cancel"), key="aa_claim_cancel"):
        st.session_state.pop(CONFIRM_CLAIM_KEY, None)
        st.rerun()


def _credit(ctx: Context) -> aa.CreditLine | None:
    try:
        return graph_reads.read(aa.credit_line, ctx.token, ctx.business_id)
    except GraphError:  # no access to the business's billing: no invoice on offer
        return None


def create_tab(ctx: Context) -> None:
    count = aa.creation_count(ctx.store_id, ctx.business_id, runtime.database().uow())
    st.caption(count.label)
    lock = _(
        "Once the end advertiser is a Business ID it can never be changed on that ad account. If unsure, choose None "
        "or Not on Facebook: those can be replaced later."
    )
    st.caption(f":material/lock: {lock}")
    st.info(
        _(
            "A new ad account isn't bound to this store: once it is created, bind it on the Connect page to see it "
            "in Assets and Ad volume."
        ),
        icon=":material/link_off:",
    )
    st.page_link(CONNECT_PAGE, label=_("Bind ad accounts on the Connect page"), icon=":material/link:")
    if count.reached:
        st.warning(
            _(
                "Facebook allows no more ad accounts to be created through the API for this Business Manager. "
                "Create more by hand in Business Manager (Business settings → Accounts → Ad accounts → Add)."
            ),
            icon=":material/block:",
        )
    why = ctx.blocked(ctx.facebook_why)
    _reason(ctx.facebook_why if ctx.allowed else None)
    credit = _credit(ctx)
    now = runtime.clock()
    with st.form("aa_create_form"):
        name = st.text_input(_("Name"), key="aa_new_name", max_chars=aa.MAX_AD_ACCOUNT_NAME)
        currency = st.selectbox(
            _("Currency"),
            aa.CURRENCIES,
            index=None,
            format_func=aa.currency_label,
            placeholder=_("Choose or type a currency (e.g. TWD, Euro)"),
            key="aa_new_currency",
            accept_new_options=True,
        )
        timezone_id = st.selectbox(
            _("Time zone"),
            aa.timezone_choices(now),
            index=None,
            format_func=lambda tz: aa.timezone_label(tz, now),
            placeholder=_("Type a city or region, e.g. Taipei"),
            key="aa_new_timezone",
            help=_("Every time zone Facebook offers, west to east. The account reports and schedules in it."),
        )
        refs: dict[str, aa.EntityRef] = {}
        for field, label, what in ENTITY_FIELDS:
            left, right = st.columns(2)
            choice = left.radio(
                _(label),
                list(aa.ENTITY_CHOICES),
                format_func=lambda c: _(aa.ENTITY_CHOICES[c]),
                key=f"aa_new_{field}_choice",
                horizontal=True,
            )
            entity_label = _("{field}: {what} (when “On Facebook”)").format(field=_(label), what=_(what))
            entity_id = right.text_input(entity_label, key=f"aa_new_{field}_id")
            refs[field] = aa.EntityRef(choice or "NONE", entity_id)
        invoice = False
        if credit is not None:
            invoice = st.checkbox(
                _("Invoice it on the extended credit line of {business}").format(
                    business=credit.legal_entity_name or ctx.business_name
                ),
                key="aa_new_invoice",
                help=_("The business has an extended credit line with Facebook: the new account is attached to it."),
            )
        submitted = st.form_submit_button(
            _("Create ad account"), key="aa_create_submit", disabled=count.reached or bool(why)
        )
    if submitted:
        form = aa.NewAdAccount(str(name or ""), str(currency or ""), timezone_id, **refs, invoice=bool(invoice))
        ctx.act(aa.create, ctx.business_id, form, done=lambda r: _created_words(ctx, r))
    if st.button(_("Clear the form"), key="aa_create_new"):
        clear_create_form()
        st.rerun()


def _created_words(ctx: Context, result: aa.CreateResult) -> str:
    if result.recovered:
        sentence = _(
            "Found {account} on Facebook: the first try had created it, but its answer was lost. Nothing was sent "
            "again. It isn't bound to this store yet: bind it on the Connect page."
        )
    elif result.replayed:
        sentence = _(
            "This ad account was already created a moment ago ({account}), so nothing was sent again. To create "
            "another one, give it another name."
        )
    else:
        sentence = _("Created {account} in {business}. It isn't bound to this store yet: bind it on the Connect page.")
    return sentence.format(account=result.account_id, business=ctx.business_name.rstrip("."))


def remove_tab(ctx: Context, accounts: list[aa.BusinessAdAccount]) -> None:
    st.caption(
        _(
            "Removing withdraws a pending claim, or gives up access the business has as an agency. An ad account the "
            "business owns can't be removed: Facebook doesn't allow it."
        )
    )
    if not accounts:
        st.caption(_("Nothing to remove."))
        return
    why = ctx.blocked(ctx.facebook_why)
    _reason(ctx.facebook_why if ctx.allowed else None)
    chosen = st.selectbox(
        _("Ad account to remove"),
        accounts,
        format_func=lambda a: f"{a.name} ({a.id}) · {a.access_words}",
        key="aa_remove_choice",
    )
    if chosen.removal_refusal:
        st.warning(chosen.removal_refusal, icon=":material/block:")
    if st.session_state.get(CONFIRM_REMOVE_KEY) != chosen.id:
        if st.button(
            _("Remove…"), key="aa_remove", icon=":material/delete:", disabled=not chosen.removable or bool(why)
        ):
            st.session_state[CONFIRM_REMOVE_KEY] = chosen.id
            st.rerun()
        return
    st.warning(
        _("Remove **{account}** (`{id}`) from {business}? This {what}; nothing else changes on Facebook.").format(
            account=chosen.name, id=chosen.id, business=ctx.business_name, what=chosen.removal_words
        ),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    if yes.button(
        _("Yes, remove"), key="aa_remove_confirm", type="primary", icon=":material/delete:", disabled=bool(why)
    ):
        st.session_state.pop(CONFIRM_REMOVE_KEY, None)
        ctx.act(
            aa.remove,
            ctx.business_id,
            chosen.id,
            business_name=ctx.business_name,
            done=lambda w: _("{account}: {done}.").format(account=chosen.id, done=w),
        )
    if no.button(_("Cancel"), key="aa_remove_cancel"):
        st.session_state.pop(CONFIRM_REMOVE_KEY, None)
        st.rerun()


def settings_tab(ctx: Context, confirmed: list[aa.BusinessAdAccount]) -> None:
    if not confirmed:
        st.caption(_("No ad account to set up."))
        return
    target = st.selectbox(
        _("Ad account"), confirmed, format_func=lambda a: f"{a.name} ({a.id})", key="aa_settings_account"
    )
    try:
        settings = graph_reads.read(aa.account_settings, ctx.token, target.id)
    except GraphError as exc:
        feedback.show_error(exc)
        return
    left, middle, right = st.columns(3)
    left.metric(_("Currency"), aa.currency_name(settings.currency))
    middle.metric(_("Spend cap"), settings.spend_cap_label)
    right.metric(_("Amount spent"), settings.amount_spent_label)
    why = ctx.blocked(target.settings_refusal)
    _reason(target.settings_refusal if ctx.allowed else None)
    st.markdown(_("**DSA defaults** (ads shown in the EU: who pays, who benefits)"))
    with st.form(f"aa_dsa_form_{settings.id}"):
        payor = st.text_input(_("DSA payor"), value=settings.dsa_payor, key=f"aa_dsa_payor_{settings.id}")
        beneficiary = st.text_input(
            _("DSA beneficiary"), value=settings.dsa_beneficiary, key=f"aa_dsa_beneficiary_{settings.id}"
        )
        st.caption(_("Set both, or clear both: Facebook never keeps one without the other."))
        if st.form_submit_button(_("Save DSA defaults"), key="aa_dsa_submit", disabled=bool(why)):
            ctx.act(
                aa.set_dsa_defaults,
                settings.id,
                payor,
                beneficiary,
                done=lambda w: _("{account}: DSA defaults saved ({done}).").format(account=settings.name, done=w),
            )
    currency = aa.currency_name(settings.currency)
    st.markdown(_("**Spend cap**"))
    with st.form(f"aa_cap_form_{settings.id}"):
        amount = st.text_input(
            _("Spend cap in {currency}").format(currency=currency),
            key=f"aa_cap_{settings.id}",
            placeholder=_("e.g. {example}").format(example="1500.50"),
            help=_("The most this ad account may spend in total. Digits and a point for decimals; 0 removes the cap."),
        )
        if st.form_submit_button(_("Save spend cap"), key="aa_cap_submit", disabled=bool(why)):
            ctx.act(
                aa.set_spend_cap,
                settings.id,
                amount,
                settings.currency,
                done=lambda cap: _cap_words(settings, cap),
            )


def _cap_words(settings: aa.AccountSettings, cap: object) -> str:
    if not cap:
        return _("{account}: spend cap removed.").format(account=settings.name)
    amount = aa.money(cap, settings.currency)  # type: ignore[arg-type]
    return _("{account}: spend cap set to {amount}.").format(account=settings.name, amount=amount)
