"""Steps 2–6 of the Connect wizard: Business Managers, ad accounts, pixel settings, Fan Pages, review and Save.

Each step draws from the inventory and writes the marketer's ticks into the draft (:mod:`ui.wizard`). Counts
and limits come from ``core.binding`` (``MAX_BUSINESSES``, ``MAX_PAGES``, ``plan_usage``); Save is
``save_selection``, whose every violation is shown at once.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.binding import (
    MAX_BUSINESSES,
    MAX_PAGES,
    AssetKind,
    PlanUsage,
    plan_usage,
)
from core.connect import (
    EVENT_WINDOW,
    Draft,
    Option,
    PixelOption,
    Website,
    account_sources,
    ad_account_options,
    business_options,
    page_options,
    pixel_options,
    prune,
)
from core.inventory import AssetProblem, Inventory
from core.shared.i18n import _, ngettext
from core.stores import store_website_domain
from ui import runtime, wizard_review
from ui.wizard import bound_names, navigation


def _count_line(what: str, count: int, limit: int) -> None:
    """``what`` is already in the viewer's words."""
    if count > limit:
        st.warning(
            _("{what}: {count} selected, the limit is {limit}. Deselect {excess} before saving.").format(
                what=what, count=count, limit=limit, excess=count - limit
            ),
            icon=":material/warning:",
        )
    else:
        st.markdown(_("**{what}: {count} / {limit} selected**").format(what=what, count=count, limit=limit))


def _problems(inventory: Inventory, kinds: tuple[str, ...]) -> None:
    """Assets Facebook would not let us read, each with its reason (the rest of the list is complete)."""
    found: list[AssetProblem] = [p for p in inventory.problems if p.kind in kinds]
    if not found:
        return
    with st.container(border=True):
        st.markdown(
            ":material/report: "
            + _(
                "**Could not be read ({n})**. These are left out until Facebook lets us read them; everything else "
                "is listed."
            ).format(n=len(found))
        )
        for p in found:
            line = _("{name} (`{id}`): {problem}").format(name=p.name or p.kind, id=p.id, problem=p.user_message)
            if p.retry_after_minutes:
                line += " " + _("Retry in {minutes} min.").format(minutes=p.retry_after_minutes)
            st.markdown(f"- {line}")


SHOWN_AT_ONCE = 40


def _shown(options: list[Option], chosen: list[str], kind: str) -> list[Option]:
    """Long lists get a filter: the chosen ones always, then the matches, at most :data:`SHOWN_AT_ONCE`."""
    if len(options) <= SHOWN_AT_ONCE:
        return options
    query = st.text_input(
        _("Find by name or ID"), key=f"connect_filter_{kind}", placeholder=_("Type part of a name or an ID")
    ).strip()
    picked = [o for o in options if o.id in chosen]
    matches = [o for o in options if o.id not in chosen and (not query or query.lower() in f"{o.name} {o.id}".lower())]
    shown = picked + matches[: max(0, SHOWN_AT_ONCE - len(picked))]
    st.caption(
        _("Showing {shown} of {total} (the chosen ones first). Type above to find others.").format(
            shown=len(shown), total=len(options)
        )
    )
    return shown


def _checklist(options: list[Option], chosen: list[str], kind: str, d: Draft) -> None:
    """One checkbox per option; a blocked option is drawn greyed with its reason and cannot be ticked."""
    for option in _shown(options, chosen, kind):
        box, info = st.columns([3, 2])
        ticked = box.checkbox(
            option.label,
            value=option.id in chosen and not option.blocked,
            key=f"connect_{kind}_{option.id}",
            disabled=option.blocked is not None,
        )
        if not option.blocked:
            d.toggle(kind, option.id, ticked)
        notes = [option.detail] if option.detail else []
        if option.bound:
            notes.insert(0, ":material/link: " + _("bound now"))
        info.caption(" · ".join(notes))
        if option.blocked:
            info.caption(":material/block: " + _("Cannot be chosen: {reason}").format(reason=option.blocked))
        if option.warning:
            info.caption(f":material/warning: {option.warning}")


# ---- steps 2–6 ---------------------------------------------------------------------------------------------


def businesses_step(inventory: Inventory, d: Draft, bound: dict[AssetKind, dict[str, str]]) -> None:
    st.markdown(
        _(
            "Choose the Business Managers whose ad accounts, Pages and pixels Smart Ads may use. At most {limit} can "
            "be bound at once."
        ).format(limit=MAX_BUSINESSES)
    )
    _problems(inventory, ("business", "person"))
    if not inventory.businesses:
        st.info(
            _(
                "This Facebook account is not in any Business Manager. You can still bind the ad accounts and Pages "
                "you have access to in the next steps."
            ),
            icon=":material/info:",
        )
    count = st.container()  # filled after the list, so it counts this run's ticks
    _checklist(business_options(inventory, set(bound[AssetKind.BUSINESS])), d.businesses, "businesses", d)
    with count:
        _count_line(_("Business Managers"), len(d.businesses), MAX_BUSINESSES)


def _plan_line(usage: PlanUsage, d: Draft) -> None:
    count = len(d.ad_accounts) + usage.google_ads_accounts
    what = _("Ad accounts ({facebook} Facebook + {google} Google Ads, plan {plan})").format(
        facebook=len(d.ad_accounts), google=usage.google_ads_accounts, plan=usage.plan
    )
    _count_line(what, count, usage.ad_account_limit)


def ad_accounts_step(inventory: Inventory, d: Draft, bound: dict[AssetKind, dict[str, str]], usage: PlanUsage) -> None:
    st.markdown(
        _(
            "Choose the ad accounts Smart Ads may advertise with: those of the chosen Business Managers (owned or "
            "shared with them) and your own. Your plan's limit counts Facebook and Google Ads accounts together."
        )
    )
    _problems(inventory, ("ad_account",))
    options = ad_account_options(inventory, d.businesses, set(bound[AssetKind.AD_ACCOUNT]))
    if not options:
        st.info(
            _("No ad accounts: choose a Business Manager in step 2, or create an ad account on Facebook."),
            icon=":material/info:",
        )
    count = st.container()
    _checklist(options, d.ad_accounts, "ad_accounts", d)
    with count:
        _plan_line(usage, d)


def pixels_step(inventory: Inventory, d: Draft, site: Website) -> None:
    st.markdown(
        ngettext(
            "Optionally choose one pixel per ad account, for tracking and optimisation. **Domain Settings** lets "
            "Smart Ads use the store's website domain with the pixel, to track and optimise the sales your ads "
            "bring. It can only be turned on when the store's website domain is verified by the pixel's Business "
            "Manager and the pixel received events in the last {days} day: otherwise Smart Ads would run into "
            "errors. Each pixel in the list says whether it can have Domain Settings.",
            "Optionally choose one pixel per ad account, for tracking and optimisation. **Domain Settings** lets "
            "Smart Ads use the store's website domain with the pixel, to track and optimise the sales your ads "
            "bring. It can only be turned on when the store's website domain is verified by the pixel's Business "
            "Manager and the pixel received events in the last {days} days: otherwise Smart Ads would run into "
            "errors. Each pixel in the list says whether it can have Domain Settings.",
            EVENT_WINDOW.days,
        ).format(days=EVENT_WINDOW.days)
    )
    if site.domain:
        st.caption(
            ":material/language: "
            + _(
                "The store's website domain: **{domain}** (change it in the store settings). Verify it in the "
                "pixel's Business Manager: Business settings → Brand safety → Domains."
            ).format(domain=site.domain)
        )
    else:
        st.warning(
            _(
                "The store has no website domain yet, so Domain Settings cannot be turned on. Set it in the store "
                "settings."
            ),
            icon=":material/language:",
        )
    _problems(inventory, ("pixel",))
    sources = account_sources(inventory, d.businesses)
    accounts = [sources[a] for a in d.ad_accounts if a in sources]
    if not accounts:
        st.info(
            _("No ad account is chosen, so there is no pixel to set. Go back to step 3 to choose one."),
            icon=":material/info:",
        )
    for source in accounts:
        account_id = source.account.id
        options = pixel_options(inventory, source, site)
        choosable = {o.pixel.id: o for o in options if not o.blocked}
        with st.container(border=True):
            st.markdown(f"**{source.account.name}** (`{account_id}`)")
            ids = ["", *choosable]
            current = d.pixels.get(account_id, "")
            picked = st.selectbox(
                _("Pixel for {account}").format(account=source.account.name),
                ids,
                index=ids.index(current) if current in ids else 0,
                format_func=lambda i, c=choosable: _pixel_words(c[i]) if i else _("No pixel"),
                key=f"connect_pixel_{account_id}",
            )
            if picked:
                d.pixels[account_id] = picked
            else:
                d.pixels.pop(account_id, None)
            for blocked in (o for o in options if o.blocked):
                st.caption(
                    ":material/block: "
                    + _("{pixel} cannot be chosen: {reason}").format(pixel=blocked.label, reason=blocked.blocked)
                )
            reason = choosable[picked].domain_settings_blocked if picked else _("Choose a pixel first.")
            key = f"connect_domain_{account_id}"
            if reason is not None:  # a switch that cannot be on is shown off, whatever it was before
                st.session_state[key] = False
            elif key not in st.session_state:
                st.session_state[key] = bool(d.domain_settings.get(account_id))
            on = st.toggle(
                _("Domain Settings for {account}").format(account=source.account.name),
                key=key,
                disabled=reason is not None,
                help=reason,
            )
            d.domain_settings[account_id] = on and reason is None
            if reason:
                st.caption(
                    ":material/block: "
                    + _("Domain Settings is off and cannot be turned on: {reason}").format(reason=reason)
                )


def _pixel_words(option: PixelOption) -> str:
    """A pixel as the list offers it: its name, and whether Domain Settings can be on with it."""
    can = _("Domain Settings possible") if option.domain_settings_blocked is None else _("no Domain Settings")
    return f"{option.label} · {can}"


def pages_step(inventory: Inventory, d: Draft, bound: dict[AssetKind, dict[str, str]]) -> None:
    st.markdown(
        _(
            "Choose the Facebook Pages your ads will run as. At most {limit} can be bound at once; unpublished "
            "Pages and Pages owned by another business cannot be chosen."
        ).format(limit=MAX_PAGES)
    )
    _problems(inventory, ("page",))
    count = st.container()
    _checklist(page_options(inventory, d.businesses, set(bound[AssetKind.PAGE])), d.pages, "pages", d)
    with count:
        _count_line(_("Pages"), len(d.pages), MAX_PAGES)


def run_steps(inventory: Inventory, d: Draft) -> None:
    """Draw the current step (2–6) of the draft with the inventory it was built from.

    After the step's widgets wrote to the draft, choices no longer on offer (a Business Manager just deselected
    takes its ad accounts and Pages with it) are dropped and each is said, on the step where it happened."""
    bound = bound_names()
    store_id, db = runtime.current_store_id(), runtime.database()
    usage = plan_usage(store_id, db.uow())
    site = Website(store_website_domain(store_id, db.uow()), runtime.clock())
    steps: dict[int, Callable[[], None]] = {
        1: lambda: businesses_step(inventory, d, bound),
        2: lambda: ad_accounts_step(inventory, d, bound, usage),
        3: lambda: pixels_step(inventory, d, site),
        4: lambda: pages_step(inventory, d, bound),
        5: lambda: wizard_review.review_step(inventory, d, bound, usage, site),
    }
    steps[d.step]()
    for note in prune(d, inventory):
        st.info(note, icon=":material/info:")
    navigation(d, can_go_on=True)
