"""What each Graph error means for a marketer: one table of code → (kind, title, message).

Messages say what happened, why, and what to do next, in plain words. ``kind`` decides the error class (see
``errors.py``); ``refused`` marks errors Graph returns *instead of* applying a write, so a write refused that
way is safe to send again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.graph.facebook.limits import MAX_AD_ACCOUNTS_PER_PERSON, MAX_PEOPLE_PER_AD_ACCOUNT


class Kind(StrEnum):
    AUTHENTICATION = "authentication"  # reconnect Facebook
    PERMISSION = "permission"  # ask an admin / get access in Facebook
    RATE_LIMIT = "rate_limit"  # wait, then try again
    INVALID_REQUEST = "invalid_request"  # change what was asked
    TRANSIENT = "transient"  # Facebook had a problem; try again later


@dataclass(frozen=True)
class ErrorInfo:
    kind: Kind
    title: str
    message: str
    refused: bool = False


def _auth(title: str, message: str) -> ErrorInfo:
    return ErrorInfo(Kind.AUTHENTICATION, title, message)


def _perm(title: str, message: str) -> ErrorInfo:
    return ErrorInfo(Kind.PERMISSION, title, message)


def _invalid(title: str, message: str) -> ErrorInfo:
    return ErrorInfo(Kind.INVALID_REQUEST, title, message)


def _throttle(title: str, message: str) -> ErrorInfo:
    return ErrorInfo(Kind.RATE_LIMIT, title, message, refused=True)


_RECONNECT = "Connect your Facebook account again on the Connect page."
_LOGIN_AGAIN = "choose Connect again on the Connect page to start a new Facebook login."

# Keyed by (code, subcode); subcode None is the entry for the code alone.
MESSAGES: dict[tuple[int, int | None], ErrorInfo] = {
    # --- sign-in --------------------------------------------------------------------------------------------
    (102, None): _auth(
        "Facebook connection ended",
        f"Facebook ended the session Smart Ads was using, so it can't read your assets. {_RECONNECT}",
    ),
    (190, None): _auth(
        "Facebook connection no longer valid",
        "Facebook no longer accepts the connection Smart Ads has for you: it expired or was turned off. " + _RECONNECT,
    ),
    (190, 458): _auth(
        "Smart Ads was removed from your Facebook apps",
        "Smart Ads can't reach Facebook because it was removed from your account's apps. " + _RECONNECT,
    ),
    (190, 459): _auth(
        "Facebook needs you to check your account",
        "Facebook paused your account until you confirm a security check. Sign in at facebook.com, follow "
        "the steps there, then connect your Facebook account again.",
    ),
    (190, 460): _auth(
        "Facebook password changed",
        "Your Facebook password was changed, which ends every app connection. " + _RECONNECT,
    ),
    (190, 463): _auth(
        "Facebook connection expired",
        "The connection to your Facebook account expired, so Smart Ads can't reach your assets. " + _RECONNECT,
    ),
    (190, 464): _auth(
        "Facebook account not confirmed",
        "Facebook says your account isn't confirmed yet. Confirm your email or phone number on facebook.com, "
        "then connect your Facebook account again.",
    ),
    (190, 467): _auth(
        "Facebook connection no longer valid",
        "The Facebook connection is no longer valid, for example after you logged out of Facebook. " + _RECONNECT,
    ),
    (190, 492): _auth(
        "Facebook session no longer valid",
        "Facebook ended the session, often because your role on a Page or business changed. " + _RECONNECT,
    ),
    (457, None): _auth(
        "Facebook session from an unexpected place",
        "Facebook refused the request because the session did not come from Smart Ads. " + _RECONNECT,
    ),
    # --- permissions ----------------------------------------------------------------------------------------
    (3, None): _perm(
        "Smart Ads isn't allowed to do this yet",
        "Facebook hasn't given the Smart Ads app the capability this action needs. Contact Smart Ads support.",
    ),
    (10, None): _perm(
        "Permission not granted",
        "You didn't give Smart Ads the Facebook permission this needs, or you took it back. Connect Facebook "
        "again and allow every permission asked for.",
    ),
    (200, None): _perm(
        "No permission for this",
        "Your Facebook account doesn't have the access this needs on that asset. Ask an admin of the ad "
        "account or Business Manager to give you access, then try again.",
    ),
    (368, None): _perm(
        "Blocked by Facebook for now",
        "Facebook has blocked this action for a while because it looked like a policy problem. Check Account "
        "Quality in Facebook, wait, and try again later.",
    ),
    (415, None): _perm(
        "Two-factor sign-in required",
        "This business requires two-factor authentication. Turn it on for your Facebook account (Security "
        "settings), then try again.",
    ),
    (2620, None): _perm(
        "Couldn't change people's access",
        "Facebook refused to change this person's access to the ad account. You need to be an admin of the "
        "ad account, and the person must be in the business. Ask an admin to check both.",
    ),
    (2702, None): _perm(
        "Couldn't add this person",
        "Facebook won't add this person to the ad account: you may lack permission, or the person isn't "
        "allowed yet. Manage people and ad accounts in Business Manager instead.",
    ),
    (3980, None): _perm(
        "An ad account is in bad standing",
        "One or more ad accounts in this Business Manager are disabled or in review, so Facebook won't allow "
        "new ones. Fix those accounts in Business Manager first, then try again.",
    ),
    (100, 33): _perm(
        "Asset not found or no access",
        "Facebook can't find this asset, or your account can't see it. Check it still exists and that you "
        "have access, or ask its admin for access.",
    ),
    # --- input ----------------------------------------------------------------------------------------------
    (100, None): _invalid(
        "Facebook didn't accept a value",
        "Facebook rejected one of the values sent. Check what you entered and try again; if it keeps "
        "happening, contact Smart Ads support.",
    ),
    # Facebook Login's code exchange (oauth/access_token): the code is single-use and lives 10 minutes.
    (100, 36007): _invalid(
        "Facebook login link expired",
        "This Facebook login took more than 10 minutes to come back, so Facebook refused it. Nothing was "
        f"connected: {_LOGIN_AGAIN}",
    ),
    (100, 36008): _invalid(
        "Facebook login didn't match",
        "Facebook couldn't match this login to the address Smart Ads started it from, so nothing was connected. "
        f"{_LOGIN_AGAIN} If it happens again, contact Smart Ads support (the app's Facebook Login settings).",
    ),
    (100, 36009): _invalid(
        "Facebook login link already used",
        "This Facebook login link was already used (the page was reloaded or opened twice), so Facebook refused "
        f"it. Nothing was connected: {_LOGIN_AGAIN}",
    ),
    (100, 1752129): _invalid(
        "That set of tasks isn't allowed",
        "Facebook only accepts certain combinations of ad account tasks. Pick one of the roles (Admin, "
        "General user, Reporting only) and try again.",
    ),
    (104, None): _invalid(
        "Smart Ads' Facebook settings don't match",
        "Facebook couldn't verify the request's signature, so nothing was done. This is a setup problem on "
        "the Smart Ads side: contact Smart Ads support.",
    ),
    (2500, None): _invalid(
        "Facebook couldn't read the request",
        "Facebook couldn't understand what Smart Ads asked for, so nothing was done. Try again; if it keeps "
        "happening, contact Smart Ads support.",
    ),
    (3018, None): _invalid(
        "Date too far back",
        "Facebook only keeps this data for the last 37 months. Choose a start date within that range.",
    ),
    (3936, None): _invalid(
        "Claim already requested",
        "You've already asked to claim this ad account. You'll see it once its admins accept the request.",
    ),
    (3944, None): _invalid(
        "Business Manager already has access",
        "This Business Manager already has access to that asset. Nothing needs to be done.",
    ),
    (3979, None): _invalid(
        "Ad account limit reached",
        "This Business Manager can't have more ad accounts right now. Close unused ad accounts or ask "
        "Facebook for a higher limit, then try again.",
    ),
    (3994, None): _invalid(
        "This ad account can't be moved",
        "A personal ad account that has never run ads can't be moved into a Business Manager. Create a new "
        "ad account inside the Business Manager instead.",
    ),
    # --- temporary problems on Facebook's side --------------------------------------------------------------
    (1, None): ErrorInfo(
        Kind.TRANSIENT,
        "Facebook had a problem",
        "Facebook had an unexpected problem answering. Wait a minute and try again.",
    ),
    (2, None): ErrorInfo(
        Kind.TRANSIENT,
        "Facebook is temporarily unavailable",
        "Facebook's service is briefly unavailable. Wait a minute and try again.",
    ),
    (1150, None): ErrorInfo(
        Kind.TRANSIENT,
        "Facebook had an unknown error",
        "Facebook reported an unknown error. Wait a minute and try again; if it keeps happening, contact "
        "Smart Ads support.",
    ),
    (3902, None): ErrorInfo(
        Kind.TRANSIENT,
        "Ad account not created",
        "Facebook had a technical issue and didn't create the ad account. Try again in a minute.",
        refused=True,
    ),
    # --- rate limits ----------------------------------------------------------------------------------------
    (4, None): _throttle(
        "Too many requests from Smart Ads",
        "Facebook is limiting how many requests the Smart Ads app can make right now. Wait a few minutes and "
        "try again.",
    ),
    (17, None): _throttle(
        "Too many requests for your account",
        "Facebook is limiting how many requests your account can make right now. Wait a few minutes and try again.",
    ),
    (32, None): _throttle(
        "Too many requests for this Page",
        "Facebook is limiting requests for this Page right now. Wait a few minutes and try again.",
    ),
    (341, None): _throttle(
        "Facebook app limit reached",
        "Smart Ads reached a Facebook limit for the app. Wait a few minutes and try again.",
    ),
    (613, None): _throttle(
        "Too many requests for this ad account",
        "Facebook is limiting how often this ad account can be called. Wait a few minutes and try again.",
    ),
}

# Business use case throttles, 80000-80014: Graph gives each business use case its own code. The four codes
# without a published name (80010-80013) get a message that names the code.
BUSINESS_USE_CASE_CODES: dict[int, str] = {
    80000: "ads insights (reports)",
    80001: "Pages",
    80002: "Instagram",
    80003: "custom audiences",
    80004: "ads management",
    80005: "lead ads",
    80006: "Messenger",
    80007: "WhatsApp Business accounts",
    80008: "WhatsApp Business management",
    80009: "catalog management",
    80014: "catalog batch uploads",
}
for _code in range(80000, 80015):
    _name = BUSINESS_USE_CASE_CODES.get(_code)
    MESSAGES[(_code, None)] = _throttle(
        f"Too many {_name} requests" if _name else "Too many requests of one kind",
        f"Facebook is limiting {f'{_name} requests' if _name else f'one kind of request (code {_code})'} "
        "for this account right now."
        " The rest keeps working; wait a few minutes and try this one again.",
    )

PERMISSION_RANGE = range(200, 300)  # Graph: 200-299 are all permission errors
_PERMISSION_RANGE_INFO = _perm(
    "A Facebook permission is missing",
    "Your Facebook account or the Smart Ads app is missing a permission this needs. Connect Facebook again "
    "and allow every permission, or ask an admin of the asset for access.",
)

FALLBACK: dict[Kind, ErrorInfo] = {
    Kind.AUTHENTICATION: MESSAGES[(190, None)],
    Kind.PERMISSION: MESSAGES[(200, None)],
    Kind.RATE_LIMIT: _throttle(
        "Facebook asks Smart Ads to slow down",
        "Facebook is limiting requests right now. Wait a few minutes and try again.",
    ),
    Kind.INVALID_REQUEST: _invalid(
        "Facebook refused the request",
        "Facebook refused this request and nothing was changed. Check what you entered and try again; if it "
        "keeps happening, contact Smart Ads support.",
    ),
    Kind.TRANSIENT: MESSAGES[(1, None)],
}


# Facebook's own reason, where Graph gives it only in the error's message: the cause said there, in words, replaces
# the code's general entry (which can only list what might have gone wrong). Keyed by code; the words are matched
# in Graph's message, case-insensitively.
REASONS: dict[int, tuple[tuple[str, ErrorInfo], ...]] = {
    2620: (
        (
            f"maximum of {MAX_AD_ACCOUNTS_PER_PERSON} ad accounts",
            _perm(
                f"This person is on {MAX_AD_ACCOUNTS_PER_PERSON} ad accounts",
                f"Facebook says this person already has access to {MAX_AD_ACCOUNTS_PER_PERSON} ad accounts, the most "
                "one person may have "
                "(ad accounts outside this store count too). Remove them from an ad account they no longer need, "
                "then try again.",
            ),
        ),
        (
            f"maximum of {MAX_PEOPLE_PER_AD_ACCOUNT} people",
            _perm(
                f"This ad account has {MAX_PEOPLE_PER_AD_ACCOUNT} people",
                f"Facebook says this ad account already has {MAX_PEOPLE_PER_AD_ACCOUNT} people, the most one ad "
                "account may have. Remove someone who no longer needs access, then try again.",
            ),
        ),
    ),
}


def lookup(code: int | None, subcode: int | None, message: str = "") -> ErrorInfo | None:
    """Facebook's reason when Graph's ``message`` names one (:data:`REASONS`), else the entry for ``(code,
    subcode)``, else for ``code``, else for its range; ``None`` if unknown."""
    if code is None:
        return None
    said = message.casefold()
    for words, reason in REASONS.get(code, ()):
        if words in said:
            return reason
    info = MESSAGES.get((code, subcode)) or MESSAGES.get((code, None))
    if info is None and code in PERMISSION_RANGE:
        info = _PERMISSION_RANGE_INFO
    return info
