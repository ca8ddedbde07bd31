"""POST and DELETE endpoints: one small function per write, found through :data:`WRITE_HANDLERS`.

Each enforces who may write (the token's scopes, the caller's tasks or business role, a two-factor business)
and then Facebook's rules (:mod:`core.sandbox.rules`), answering ``{"success": true}`` or what Graph creates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.sandbox import rules
from core.sandbox.errors import GraphError, invalid_param, missing_param, permissions_error
from core.sandbox.handlers_read import account_tasks, business_role
from core.sandbox.wire import parse_list
from core.sandbox.world import AdAccount, Business, Pixel, User, World

TWO_FACTOR_MESSAGE = (
    "Two factor authentication required. User have to enter a code from SMS or TOTP code generator to pass "
    "2fac. "
    "This could happen when accessing a 2fac-protected asset like a page that is owned by a 2fac-protected "
    "business manager."
)
SUCCESS = {"success": True}


def _violation(exc: rules.RuleViolation) -> GraphError:
    return GraphError(
        exc.code,
        exc.message,
        subcode=exc.subcode,
        user_title=exc.user_title,
        user_msg=exc.user_msg,
        error_data={"blame_field_specs": [[exc.blame_field]]} if exc.blame_field else None,
    )


def _need_scope(ctx: Any, scope: str) -> None:
    if scope not in ctx.token.scopes:
        raise permissions_error(f"Requires {scope} permission to manage the object")


def _two_factor(business: Business | None) -> None:
    if business is not None and business.two_factor_type == "admin_required":
        raise GraphError(415, TWO_FACTOR_MESSAGE)


def _manage_account(ctx: Any, account: AdAccount, task: str = "MANAGE") -> None:
    _need_scope(ctx, "ads_management")
    if task not in account_tasks(ctx, account):
        raise permissions_error()
    _two_factor(ctx.world.businesses.get(account.owner_business or ""))


def _admin_of(ctx: Any, business: Business) -> None:
    _need_scope(ctx, "business_management")
    if business_role(ctx, business) != "ADMIN":
        raise permissions_error()
    _two_factor(business)


def _account_param(w: World, params: dict[str, str], name: str) -> AdAccount:
    raw = params.get(name)
    if not raw:
        raise missing_param(name)
    account = w.ad_accounts.get(raw.strip().removeprefix("act_"))
    if account is None:
        raise invalid_param(f"Param {name} must be a valid ad account id")
    return account


# ---- ad account --------------------------------------------------------------------------------------
def update_ad_account(ctx: Any, account: AdAccount) -> dict[str, Any]:
    _manage_account(ctx, account)
    p = ctx.params
    try:
        rules.check_dsa_pair(p)
        cap = rules.spend_cap_subunits(p["spend_cap"], account.currency) if "spend_cap" in p else None
        if "end_advertiser" in p:
            rules.check_end_advertiser_change(account.end_advertiser, p["end_advertiser"])
            known = set(ctx.world.pages) | set(ctx.world.businesses) | {ctx.sandbox.app_id}
            account.end_advertiser = rules.validate_entity_reference("end_advertiser", p["end_advertiser"], known)
    except rules.RuleViolation as exc:
        raise _violation(exc) from None
    if cap is not None:
        account.spend_cap = str(cap)  # in the currency's subunits, as Graph reports it
    if "name" in p:
        if not p["name"].strip():
            raise invalid_param("Param name must be a non-empty string")
        account.name = p["name"].strip()
    if "default_dsa_payor" in p:
        account.default_dsa_payor = p["default_dsa_payor"] or None
        account.default_dsa_beneficiary = p["default_dsa_beneficiary"] or None
    for name in ("media_agency", "partner"):
        if name in p:
            setattr(account, name, p[name])
    return SUCCESS


def assign_user(ctx: Any, account: AdAccount) -> dict[str, Any]:
    _manage_account(ctx, account)
    w: World = ctx.world
    user_id = ctx.params.get("user")
    if not user_id:
        raise missing_param("user")
    if "tasks" not in ctx.params:
        raise missing_param("tasks")
    business = w.businesses.get(account.owner_business or "")
    if user_id not in w.users or (business is not None and user_id not in business.people):
        raise invalid_param("Param user must be a business-scoped user ID of a person in the ad account's business")
    try:
        tasks = rules.validate_tasks(parse_list(ctx.params["tasks"]))
        rules.check_people_limits(
            people_on_account=len(account.user_tasks),
            accounts_of_person=sum(1 for a in w.ad_accounts.values() if user_id in a.user_tasks),
            already_assigned=user_id in account.user_tasks,
        )
    except rules.RuleViolation as exc:
        raise _violation(exc) from None
    order = ["MANAGE", "ADVERTISE", "ANALYZE", "DRAFT", "AA_ANALYZE"]
    account.user_tasks[user_id] = [t for t in order if t in tasks]
    return SUCCESS


def remove_user(ctx: Any, account: AdAccount) -> dict[str, Any]:
    _manage_account(ctx, account)
    user_id = ctx.params.get("user")
    if not user_id:
        raise missing_param("user")
    if user_id not in account.user_tasks:
        raise invalid_param("Param user does not have access to this ad account")
    del account.user_tasks[user_id]
    return SUCCESS


def create_product_audience(ctx: Any, account: AdAccount) -> dict[str, Any]:
    _manage_account(ctx, account, "ADVERTISE")
    for name in ("name", "product_set_id"):
        if not ctx.params.get(name, "").strip():
            raise missing_param(name)
    if ctx.params["product_set_id"].strip() not in ctx.world.product_sets:
        raise invalid_param("Param product_set_id must be a valid product set id")
    return {"id": ctx.world.new_id()}


# ---- business ----------------------------------------------------------------------------------------
def claim_ad_account(ctx: Any, business: Business) -> dict[str, Any]:
    _admin_of(ctx, business)
    w: World = ctx.world
    account = _account_param(w, ctx.params, "adaccount_id")
    pending = w.pending_claims.setdefault(business.id, set())
    if account.owner_business == business.id or business.id in account.agencies:
        raise GraphError(3944, "(#3944) Your Business Manager already has access to this object.")
    if account.account_id in pending:
        raise GraphError(
            3936,
            "(#3936) You've already tried to claim this ad account. You'll see a notification if "
            "your request is accepted.",
        )
    if account.owner_business is None and not account.has_activity:
        raise GraphError(
            3994,
            "(#3994) Personal accounts that do not have any history of activity are not eligible "
            "for migration to a business manager. Instead create an ad account inside your "
            "business manager.",
        )
    if account.owner_business is None and "MANAGE" in account_tasks(ctx, account):
        account.owner_business = business.id
        return {"access_status": "CONFIRMED"}
    pending.add(account.account_id)
    return {"access_status": "PENDING"}


def remove_ad_account(ctx: Any, business: Business) -> dict[str, Any]:
    _admin_of(ctx, business)
    w: World = ctx.world
    account = _account_param(w, ctx.params, "adaccount_id")
    pending = w.pending_claims.get(business.id, set())
    if account.account_id in pending:
        pending.discard(account.account_id)
    elif business.id in account.agencies:
        account.agencies.discard(business.id)
    elif account.owner_business == business.id:
        raise invalid_param(
            "You cannot remove an ad account your business owns (CONFIRMED). Only a PENDING claim "
            "or AGENCY access can be removed."
        )
    else:
        raise invalid_param("This ad account is not associated with your business")
    return SUCCESS


def create_ad_account(ctx: Any, business: Business) -> dict[str, Any]:
    _admin_of(ctx, business)
    w: World = ctx.world
    known = set(w.pages) | set(w.businesses) | {ctx.sandbox.app_id}
    aliases = {p.username.lower(): p.id for p in w.pages.values() if p.username}
    try:
        values = rules.validate_new_ad_account(ctx.params, known, aliases)
        rules.check_can_create_ad_account(
            created_via_api=business.created_via_api,
            account_statuses=[a.account_status for a in w.ad_accounts.values() if a.owner_business == business.id],
        )
    except rules.RuleViolation as exc:
        raise _violation(exc) from None
    invoice = str(ctx.params.get("invoice", "")).strip().lower() in ("true", "1")
    credit = _credit_line(ctx, business) if invoice else None
    account_id = w.new_id()
    account = AdAccount(
        account_id,
        str(values["name"]),
        currency=str(values["currency"]),
        timezone_id=int(values["timezone_id"]),
        owner_business=business.id,
        has_activity=False,
        end_advertiser=str(values["end_advertiser"]),
        media_agency=str(values["media_agency"]),
        partner=str(values["partner"]),
        created_time=ctx.now,
        user_tasks={ctx.user_id: ["MANAGE", "ADVERTISE", "ANALYZE"]},
        funding_source=credit.id if credit else None,
    )
    w.ad_accounts[account_id] = account
    business.created_via_api += 1
    return {
        "id": account.id,
        "account_id": account_id,
        "business_id": business.id,
        "end_advertiser_id": account.end_advertiser,
        "media_agency_id": account.media_agency,
        "partner_id": account.partner,
    }


def _credit_line(ctx: Any, business: Business) -> Any:
    """``invoice=true``: the business's usable extended credit line, or 100 (the sandbox's wording; Graph's
    reference says only that the account is attached to the line when the business has one)."""
    for credit in ctx.world.extended_credits.values():
        if credit.owner_business == business.id and not credit.is_access_revoked:
            return credit
    raise GraphError(
        100,
        "(#100) Param invoice: this business has no extended credit line to attach the ad account to",
        error_data={"blame_field_specs": [["invoice"]]},
    )


# ---- pixel -------------------------------------------------------------------------------------------
def _pixel_account(ctx: Any, pixel: Pixel) -> AdAccount:
    business_id = ctx.params.get("business")
    if not business_id:
        raise missing_param("business")
    business = ctx.world.businesses.get(business_id)
    if business is None:
        raise invalid_param("Param business must be a valid business id")
    _admin_of(ctx, business)
    return _account_param(ctx.world, ctx.params, "account_id")


def share_pixel(ctx: Any, pixel: Pixel) -> dict[str, Any]:
    pixel.shared_accounts.add(_pixel_account(ctx, pixel).account_id)
    return SUCCESS


def unshare_pixel(ctx: Any, pixel: Pixel) -> dict[str, Any]:
    account = _pixel_account(ctx, pixel)
    if account.account_id not in pixel.shared_accounts:
        raise invalid_param("This pixel is not shared with that ad account")
    pixel.shared_accounts.discard(account.account_id)
    return SUCCESS


# ---- the person's grants to the app -----------------------------------------------------------------------
def revoke_permissions(ctx: Any, user: User) -> dict[str, Any]:
    """``DELETE /{user}/permissions[/{permission}]`` (also ``permission=`` as the SDK sends it): revoke one scope,
    or the whole app (Facebook Login, "Revoking Permissions"). The person's own token or the app's token may."""
    if ctx.token.kind != "APP" and ctx.user_id != user.id:
        raise permissions_error()
    scope = ctx.params.get("permission")
    if scope:
        ctx.sandbox.revoke_scope(user.id, scope)
    else:
        ctx.sandbox.revoke_app(user.id)
    return SUCCESS


# (node type, edge or "" for the node itself, method) → handler(ctx, node)
WRITE_HANDLERS: dict[tuple[str, str, str], Callable[[Any, Any], dict[str, Any]]] = {
    ("AdAccount", "", "POST"): update_ad_account,
    ("AdAccount", "assigned_users", "POST"): assign_user,
    ("AdAccount", "assigned_users", "DELETE"): remove_user,
    ("AdAccount", "product_audiences", "POST"): create_product_audience,
    ("Business", "owned_ad_accounts", "POST"): claim_ad_account,
    ("Business", "ad_accounts", "DELETE"): remove_ad_account,
    ("Business", "adaccount", "POST"): create_ad_account,
    ("AdsPixel", "shared_accounts", "POST"): share_pixel,
    ("AdsPixel", "shared_accounts", "DELETE"): unshare_pixel,
    ("User", "permissions", "DELETE"): revoke_permissions,
}
