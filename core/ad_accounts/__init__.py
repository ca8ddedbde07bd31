"""Ad accounts of a bound Business Manager (docs/RULES.md, "Ad accounts"): claim, create, pending claims, remove,
DSA defaults and spend cap.

Model (:mod:`.model`): Facebook's rules checked before any call, the create form, money. Use cases
(:mod:`.services`): :func:`claim`, :func:`remove`, :func:`set_dsa_defaults`, :func:`set_spend_cap`; and
:func:`create` (:mod:`.creation`, once per idempotency key). Reads (:mod:`.graph`): :func:`business_ad_accounts`,
:func:`account_settings`; :func:`creation_count`.
"""

from core.ad_accounts.creation import CreateResult, CreationCount, CreationStatus, create, creation_count
from core.ad_accounts.graph import AccountSettings, BusinessAdAccount, account_settings, business_ad_accounts
from core.ad_accounts.model import (
    CURRENCIES,
    ENTITY_CHOICES,
    MAX_CREATED_VIA_API,
    TIMEZONES,
    AdAccountRefused,
    CreationLimitReached,
    DsaPairIncomplete,
    EntityRef,
    InvalidAdAccountId,
    InvalidNewAdAccount,
    InvalidSpendCap,
    NewAdAccount,
    RemovalNotAllowed,
    SubmissionNotFinished,
    format_money,
    normalise_ad_account_id,
)
from core.ad_accounts.services import (
    ACTIONS,
    CLAIM,
    CREATE,
    REMOVE,
    SET_DSA,
    SET_SPEND_CAP,
    ClaimResult,
    claim,
    remove,
    set_dsa_defaults,
    set_spend_cap,
)

__all__ = [
    "ACTIONS",
    "CLAIM",
    "CREATE",
    "CURRENCIES",
    "ENTITY_CHOICES",
    "MAX_CREATED_VIA_API",
    "REMOVE",
    "SET_DSA",
    "SET_SPEND_CAP",
    "TIMEZONES",
    "AccountSettings",
    "AdAccountRefused",
    "BusinessAdAccount",
    "ClaimResult",
    "CreateResult",
    "CreationCount",
    "CreationLimitReached",
    "CreationStatus",
    "DsaPairIncomplete",
    "EntityRef",
    "InvalidAdAccountId",
    "InvalidNewAdAccount",
    "InvalidSpendCap",
    "NewAdAccount",
    "RemovalNotAllowed",
    "SubmissionNotFinished",
    "account_settings",
    "business_ad_accounts",
    "claim",
    "create",
    "creation_count",
    "format_money",
    "normalise_ad_account_id",
    "remove",
    "set_dsa_defaults",
    "set_spend_cap",
]
