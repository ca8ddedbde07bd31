"""The health of a Facebook connection in words: valid or not, when it ends, what is missing (docs/RULES.md, "The
Facebook account")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.graph import TokenInfo
from core.shared import words

WARN_AHEAD = timedelta(days=7)

# What each permission (Facebook's "scope") lets Smart Ads do, as a marketer reads it; the scope's own name goes in
# a details area only.
SCOPE_WORDS: dict[str, str] = {
    "ads_management": "manage your ads and ad accounts",
    "ads_read": "read your ads' results",
    "business_management": "manage your Business Managers",
    "pages_show_list": "see the list of your Pages",
    "pages_read_engagement": "read your Pages' posts and followers",
    "pages_manage_ads": "run ads for your Pages",
    "public_profile": "see your name and profile picture",
    "email": "see your email address",
}


def scope_words(scope: str) -> str:
    """What a permission lets Smart Ads do (a scope the app does not know: its own name, spaces for underscores)."""
    return SCOPE_WORDS.get(scope, scope.replace("_", " "))


@dataclass(frozen=True)
class TokenHealth:
    valid: bool
    expires_at: datetime | None  # None: never
    data_access_expires_at: datetime | None
    missing_scopes: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        if not self.valid:
            return "Invalid"
        return "Valid, action needed" if self.problems else "Valid"

    @property
    def expires_label(self) -> str:
        return _date_label(self.expires_at)

    @property
    def data_access_label(self) -> str:
        return _date_label(self.data_access_expires_at)


def ends_soon(moment: datetime | None, now: datetime, ahead: timedelta = WARN_AHEAD) -> bool:
    """Whether a token (or its data access) ending at ``moment`` needs attention: it has ended, or ends within
    ``ahead`` (7 days). ``None`` (never ends) never does. Home, the alerts and the token's health all ask this."""
    return moment is not None and moment - now <= ahead


def _moment(unix_seconds: int) -> datetime | None:
    return datetime.fromtimestamp(unix_seconds, UTC) if unix_seconds > 0 else None


def _date_label(moment: datetime | None) -> str:
    return "Never expires" if moment is None else words.day(moment)


def token_health(info: TokenInfo, required_scopes: Sequence[str], now: datetime) -> TokenHealth:
    """Read ``debug_token``'s answer: invalid tokens, missing scopes, and ends within 7 days (or past)."""
    expires = _moment(info.expires_at)
    data_access = _moment(info.data_access_expires_at)
    missing = info.missing_scopes(required_scopes) if info.is_valid else ()
    problems: list[str] = []
    if not info.is_valid:
        reason = info.error.user_message if info.error else "Facebook no longer accepts this token."
        problems.append(f"The Facebook token is no longer valid. {reason}")
    else:
        if missing:
            allow = words.listing([scope_words(s) for s in missing])
            problems.append(
                f"Facebook did not let Smart Ads {allow}. Reconnect and allow "
                f"{'it' if len(missing) == 1 else 'them'}, or some pages will not work."
            )
        for what, moment in (("The token", expires), ("Access to your ad data", data_access)):
            if ends_soon(moment, now):
                when = "has ended" if moment <= now else f"ends on {words.day(moment)}"
                problems.append(f"{what} {when}. Reconnect Facebook to renew it.")
    return TokenHealth(info.is_valid, expires, data_access, missing, problems)
