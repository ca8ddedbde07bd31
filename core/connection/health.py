"""The health of a Facebook connection in words: valid or not, when it ends, what is missing (docs/RULES.md, "The
Facebook account")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.graph import TokenInfo

WARN_AHEAD = timedelta(days=7)


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
    return "Never expires" if moment is None else moment.strftime("%d %b %Y")


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
            problems.append(
                "Facebook did not grant " + ", ".join(missing) + ". Reconnect and allow them, or some pages "
                "will not work."
            )
        for what, moment in (("The token", expires), ("Access to your ad data", data_access)):
            if ends_soon(moment, now):
                when = "has ended" if moment <= now else f"ends on {moment:%d %b %Y}"
                problems.append(f"{what} {when}. Reconnect Facebook to renew it.")
    return TokenHealth(info.is_valid, expires, data_access, missing, problems)
