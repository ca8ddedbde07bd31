"""The health of a Facebook connection in words: valid or not, when it ends, what is missing (docs/RULES.md, "The
Facebook account")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.graph import TokenInfo
from core.shared import words
from core.shared.i18n import N_, _, ngettext

WARN_AHEAD = timedelta(days=7)

# What each permission (Facebook's "scope") lets Smart Ads do, as a marketer reads it; the scope's own name goes in
# a details area only.
SCOPE_WORDS: dict[str, str] = {
    "ads_management": N_("manage your ads and ad accounts"),
    "ads_read": N_("read your ads' results"),
    "business_management": N_("manage your Business Managers"),
    "pages_show_list": N_("see the list of your Pages"),
    "pages_read_engagement": N_("read your Pages' posts and followers"),
    "pages_manage_ads": N_("run ads for your Pages"),
    "public_profile": N_("see your name and profile picture"),
    "email": N_("see your email address"),
}


def scope_words(scope: str) -> str:
    """What a permission lets Smart Ads do (a scope the app does not know: its own name, spaces for underscores)."""
    known = SCOPE_WORDS.get(scope)
    return _(known) if known else scope.replace("_", " ")


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
            return _("Invalid")
        return _("Valid, action needed") if self.problems else _("Valid")

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
    return _("Never expires") if moment is None else words.day(moment)


def token_health(info: TokenInfo, required_scopes: Sequence[str], now: datetime) -> TokenHealth:
    """Read ``debug_token``'s answer: invalid tokens, missing scopes, and ends within 7 days (or past)."""
    expires = _moment(info.expires_at)
    data_access = _moment(info.data_access_expires_at)
    missing = info.missing_scopes(required_scopes) if info.is_valid else ()
    problems: list[str] = []
    if not info.is_valid:
        reason = info.error.user_message if info.error else _("Facebook no longer accepts this token.")
        problems.append(_("The Facebook token is no longer valid. {reason}").format(reason=reason))
    else:
        if missing:
            allow = words.listing([scope_words(s) for s in missing])
            problems.append(
                ngettext(
                    "Facebook did not let Smart Ads {allow}. Reconnect and allow it, or some pages will not work.",
                    "Facebook did not let Smart Ads {allow}. Reconnect and allow them, or some pages will not work.",
                    len(missing),
                ).format(allow=allow)
            )
        for ended, ends, moment in (
            (_("The token has ended."), _("The token ends on {on}."), expires),
            (_("Access to your ad data has ended."), _("Access to your ad data ends on {on}."), data_access),
        ):
            if ends_soon(moment, now):
                assert moment is not None  # ends_soon is False for a token that never ends
                said = ended if moment <= now else ends.format(on=words.day(moment))
                problems.append(_("{ending} Reconnect Facebook to renew it.").format(ending=said))
    return TokenHealth(info.is_valid, expires, data_access, missing, problems)
