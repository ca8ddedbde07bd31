"""What each Graph error means for a marketer: one table of code → (kind, title, message).

Messages say what happened, why, and what to do next, in plain words. ``kind`` decides the error class (see
``errors.py``); ``refused`` marks errors Graph returns *instead of* applying a write, so a write refused that
way is safe to send again. The words are kept in English (gettext's message ids, marked with ``N_``) and read in
the viewer's language: :attr:`ErrorInfo.title` and :attr:`ErrorInfo.message` translate where they are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.graph.facebook.limits import MAX_AD_ACCOUNTS_PER_PERSON, MAX_PEOPLE_PER_AD_ACCOUNT
from core.shared import words
from core.shared.i18n import N_, _


class Kind(StrEnum):
    AUTHENTICATION = "authentication"  # reconnect Facebook
    PERMISSION = "permission"  # ask an admin / get access in Facebook
    RATE_LIMIT = "rate_limit"  # wait, then try again
    INVALID_REQUEST = "invalid_request"  # change what was asked
    TRANSIENT = "transient"  # Facebook had a problem; try again later


@dataclass(frozen=True)
class ErrorInfo:
    """One error's words: ``title_text`` and ``message_text`` are the English message ids, with named
    placeholders filled from ``values`` (a name marked with ``N_`` is translated, a number written with
    :func:`core.shared.words.number`, any other text kept as it is, such as a code)."""

    kind: Kind
    title_text: str
    message_text: str
    refused: bool = False
    values: tuple[tuple[str, str | int], ...] = ()

    @property
    def title(self) -> str:
        return self._said(self.title_text)

    @property
    def message(self) -> str:
        return self._said(self.message_text)

    def _said(self, text: str) -> str:
        if not self.values:
            return _(text)
        filled = {
            name: words.number(v) if isinstance(v, int) else v if v.isdigit() else _(v) for name, v in self.values
        }
        return _(text).format(**filled)


def _auth(title: str, message: str, **values: str | int) -> ErrorInfo:
    return ErrorInfo(Kind.AUTHENTICATION, title, message, values=tuple(values.items()))


def _perm(title: str, message: str, **values: str | int) -> ErrorInfo:
    return ErrorInfo(Kind.PERMISSION, title, message, values=tuple(values.items()))


def _invalid(title: str, message: str, **values: str | int) -> ErrorInfo:
    return ErrorInfo(Kind.INVALID_REQUEST, title, message, values=tuple(values.items()))


def _throttle(title: str, message: str, **values: str | int) -> ErrorInfo:
    return ErrorInfo(Kind.RATE_LIMIT, title, message, refused=True, values=tuple(values.items()))


# Keyed by (code, subcode); subcode None is the entry for the code alone.
MESSAGES: dict[tuple[int, int | None], ErrorInfo] = {
    # --- sign-in --------------------------------------------------------------------------------------------
    (102, None): _auth(
        N_("Facebook connection ended"),
        N_(
            "Facebook ended the session Smart Ads was using, so it can't read your assets. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, None): _auth(
        N_("Facebook connection no longer valid"),
        N_(
            "Facebook no longer accepts the connection Smart Ads has for you: it expired or was turned off. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, 458): _auth(
        N_("Smart Ads was removed from your Facebook apps"),
        N_(
            "Smart Ads can't reach Facebook because it was removed from your account's apps. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, 459): _auth(
        N_("Facebook needs you to check your account"),
        N_(
            "Facebook paused your account until you confirm a security check. Sign in at facebook.com, follow "
            "the steps there, then connect your Facebook account again."
        ),
    ),
    (190, 460): _auth(
        N_("Facebook password changed"),
        N_(
            "Your Facebook password was changed, which ends every app connection. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, 463): _auth(
        N_("Facebook connection expired"),
        N_(
            "The connection to your Facebook account expired, so Smart Ads can't reach your assets. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, 464): _auth(
        N_("Facebook account not confirmed"),
        N_(
            "Facebook says your account isn't confirmed yet. Confirm your email or phone number on facebook.com, "
            "then connect your Facebook account again."
        ),
    ),
    (190, 467): _auth(
        N_("Facebook connection no longer valid"),
        N_(
            "The Facebook connection is no longer valid, for example after you logged out of Facebook. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (190, 492): _auth(
        N_("Facebook session no longer valid"),
        N_(
            "Facebook ended the session, often because your role on a Page or business changed. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    (457, None): _auth(
        N_("Facebook session from an unexpected place"),
        N_(
            "Facebook refused the request because the session did not come from Smart Ads. "
            "Connect your Facebook account again on the Connect page."
        ),
    ),
    # --- permissions ----------------------------------------------------------------------------------------
    (3, None): _perm(
        N_("Smart Ads isn't allowed to do this yet"),
        N_("Facebook hasn't given the Smart Ads app the capability this action needs. Contact Smart Ads support."),
    ),
    (10, None): _perm(
        N_("Permission not granted"),
        N_(
            "You didn't give Smart Ads the Facebook permission this needs, or you took it back. Connect Facebook "
            "again and allow every permission asked for."
        ),
    ),
    (200, None): _perm(
        N_("No permission for this"),
        N_(
            "Your Facebook account doesn't have the access this needs on that asset. Ask an admin of the ad "
            "account or Business Manager to give you access, then try again."
        ),
    ),
    (368, None): _perm(
        N_("Blocked by Facebook for now"),
        N_(
            "Facebook has blocked this action for a while because it looked like a policy problem. Check Account "
            "Quality in Facebook, wait, and try again later."
        ),
    ),
    (415, None): _perm(
        N_("Two-factor sign-in required"),
        N_(
            "This business requires two-factor authentication. Turn it on for your Facebook account (Security "
            "settings), then try again."
        ),
    ),
    (2620, None): _perm(
        N_("Couldn't change people's access"),
        N_(
            "Facebook refused to change this person's access to the ad account. You need to be an admin of the "
            "ad account, and the person must be in the business. Ask an admin to check both."
        ),
    ),
    (2702, None): _perm(
        N_("Couldn't add this person"),
        N_(
            "Facebook won't add this person to the ad account: you may lack permission, or the person isn't "
            "allowed yet. Manage people and ad accounts in Business Manager instead."
        ),
    ),
    (3980, None): _perm(
        N_("An ad account is in bad standing"),
        N_(
            "One or more ad accounts in this Business Manager are disabled or in review, so Facebook won't allow "
            "new ones. Fix those accounts in Business Manager first, then try again."
        ),
    ),
    (100, 33): _perm(
        N_("Asset not found or no access"),
        N_(
            "Facebook can't find this asset, or your account can't see it. Check it still exists and that you "
            "have access, or ask its admin for access."
        ),
    ),
    # --- input ----------------------------------------------------------------------------------------------
    (100, None): _invalid(
        N_("Facebook didn't accept a value"),
        N_(
            "Facebook rejected one of the values sent. Check what you entered and try again; if it keeps "
            "happening, contact Smart Ads support."
        ),
    ),
    # Facebook Login's code exchange (oauth/access_token): the code is single-use and lives 10 minutes.
    (100, 36007): _invalid(
        N_("Facebook login link expired"),
        N_(
            "This Facebook login took more than 10 minutes to come back, so Facebook refused it. Nothing was "
            "connected: choose Connect again on the Connect page to start a new Facebook login."
        ),
    ),
    (100, 36008): _invalid(
        N_("Facebook login didn't match"),
        N_(
            "Facebook couldn't match this login to the address Smart Ads started it from, so nothing was connected. "
            "Choose Connect again on the Connect page to start a new Facebook login. If it happens again, contact "
            "Smart Ads support (the app's Facebook Login settings)."
        ),
    ),
    (100, 36009): _invalid(
        N_("Facebook login link already used"),
        N_(
            "This Facebook login link was already used (the page was reloaded or opened twice), so Facebook refused "
            "it. Nothing was connected: choose Connect again on the Connect page to start a new Facebook login."
        ),
    ),
    (100, 1752129): _invalid(
        N_("That set of tasks isn't allowed"),
        N_(
            "Facebook only accepts certain combinations of ad account tasks. Pick one of the roles (Admin, "
            "General user, Reporting only) and try again."
        ),
    ),
    (104, None): _invalid(
        N_("Smart Ads' Facebook settings don't match"),
        N_(
            "Facebook couldn't verify the request's signature, so nothing was done. This is a setup problem on "
            "the Smart Ads side: contact Smart Ads support."
        ),
    ),
    (2500, None): _invalid(
        N_("Facebook couldn't read the request"),
        N_(
            "Facebook couldn't understand what Smart Ads asked for, so nothing was done. Try again; if it keeps "
            "happening, contact Smart Ads support."
        ),
    ),
    (3018, None): _invalid(
        N_("Date too far back"),
        N_("Facebook only keeps this data for the last 37 months. Choose a start date within that range."),
    ),
    (3936, None): _invalid(
        N_("Claim already requested"),
        N_("You've already asked to claim this ad account. You'll see it once its admins accept the request."),
    ),
    (3944, None): _invalid(
        N_("Business Manager already has access"),
        N_("This Business Manager already has access to that asset. Nothing needs to be done."),
    ),
    (3979, None): _invalid(
        N_("Ad account limit reached"),
        N_(
            "This Business Manager can't have more ad accounts right now. Close unused ad accounts or ask "
            "Facebook for a higher limit, then try again."
        ),
    ),
    (3994, None): _invalid(
        N_("This ad account can't be moved"),
        N_(
            "A personal ad account that has never run ads can't be moved into a Business Manager. Create a new "
            "ad account inside the Business Manager instead."
        ),
    ),
    # --- temporary problems on Facebook's side --------------------------------------------------------------
    (1, None): ErrorInfo(
        Kind.TRANSIENT,
        N_("Facebook had a problem"),
        N_("Facebook had an unexpected problem answering. Wait a minute and try again."),
    ),
    (2, None): ErrorInfo(
        Kind.TRANSIENT,
        N_("Facebook is temporarily unavailable"),
        N_("Facebook's service is briefly unavailable. Wait a minute and try again."),
    ),
    (1150, None): ErrorInfo(
        Kind.TRANSIENT,
        N_("Facebook had an unknown error"),
        N_(
            "Facebook reported an unknown error. Wait a minute and try again; if it keeps happening, contact "
            "Smart Ads support."
        ),
    ),
    (3902, None): ErrorInfo(
        Kind.TRANSIENT,
        N_("Ad account not created"),
        N_("Facebook had a technical issue and didn't create the ad account. Try again in a minute."),
        refused=True,
    ),
    # --- rate limits ----------------------------------------------------------------------------------------
    (4, None): _throttle(
        N_("Too many requests from Smart Ads"),
        N_(
            "Facebook is limiting how many requests the Smart Ads app can make right now. Wait a few minutes and "
            "try again."
        ),
    ),
    (17, None): _throttle(
        N_("Too many requests for your account"),
        N_("Facebook is limiting how many requests your account can make right now. Wait a few minutes and try again."),
    ),
    (32, None): _throttle(
        N_("Too many requests for this Page"),
        N_("Facebook is limiting requests for this Page right now. Wait a few minutes and try again."),
    ),
    (341, None): _throttle(
        N_("Facebook app limit reached"),
        N_("Smart Ads reached a Facebook limit for the app. Wait a few minutes and try again."),
    ),
    (613, None): _throttle(
        N_("Too many requests for this ad account"),
        N_("Facebook is limiting how often this ad account can be called. Wait a few minutes and try again."),
    ),
}

# Business use case throttles, 80000-80014: Graph gives each business use case its own code. The four codes
# without a published name (80010-80013) get a message that names the code.
BUSINESS_USE_CASE_CODES: dict[int, str] = {
    80000: N_("ads insights (reports)"),
    80001: N_("Pages"),
    80002: N_("Instagram"),
    80003: N_("custom audiences"),
    80004: N_("ads management"),
    80005: N_("lead ads"),
    80006: N_("Messenger"),
    80007: N_("WhatsApp Business accounts"),
    80008: N_("WhatsApp Business management"),
    80009: N_("catalog management"),
    80014: N_("catalog batch uploads"),
}
for _code in range(80000, 80015):
    _name = BUSINESS_USE_CASE_CODES.get(_code)
    MESSAGES[(_code, None)] = (
        _throttle(
            N_("Too many {name} requests"),
            N_(
                "Facebook is limiting {name} requests for this account right now. The rest keeps working; wait a few "
                "minutes and try this one again."
            ),
            name=_name,
        )
        if _name
        else _throttle(
            N_("Too many requests of one kind"),
            N_(
                "Facebook is limiting one kind of request (code {code}) for this account right now. The rest keeps "
                "working; wait a few minutes and try this one again."
            ),
            code=str(_code),
        )
    )

PERMISSION_RANGE = range(200, 300)  # Graph: 200-299 are all permission errors
_PERMISSION_RANGE_INFO = _perm(
    N_("A Facebook permission is missing"),
    N_(
        "Your Facebook account or the Smart Ads app is missing a permission this needs. Connect Facebook again "
        "and allow every permission, or ask an admin of the asset for access."
    ),
)

FALLBACK: dict[Kind, ErrorInfo] = {
    Kind.AUTHENTICATION: MESSAGES[(190, None)],
    Kind.PERMISSION: MESSAGES[(200, None)],
    Kind.RATE_LIMIT: _throttle(
        N_("Facebook asks Smart Ads to slow down"),
        N_("Facebook is limiting requests right now. Wait a few minutes and try again."),
    ),
    Kind.INVALID_REQUEST: _invalid(
        N_("Facebook refused the request"),
        N_(
            "Facebook refused this request and nothing was changed. Check what you entered and try again; if it "
            "keeps happening, contact Smart Ads support."
        ),
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
                N_("This person is on {most} ad accounts"),
                N_(
                    "Facebook says this person already has access to {most} ad accounts, the most one person may "
                    "have (ad accounts outside this store count too). Remove them from an ad account they no longer "
                    "need, then try again."
                ),
                most=MAX_AD_ACCOUNTS_PER_PERSON,
            ),
        ),
        (
            f"maximum of {MAX_PEOPLE_PER_AD_ACCOUNT} people",
            _perm(
                N_("This ad account has {most} people"),
                N_(
                    "Facebook says this ad account already has {most} people, the most one ad account may have. "
                    "Remove someone who no longer needs access, then try again."
                ),
                most=MAX_PEOPLE_PER_AD_ACCOUNT,
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
    for needle, reason in REASONS.get(code, ()):
        if needle in said:
            return reason
    info = MESSAGES.get((code, subcode)) or MESSAGES.get((code, None))
    if info is None and code in PERMISSION_RANGE:
        info = _PERMISSION_RANGE_INFO
    return info
