"""Alert conditions (docs/RULES.md, "Background sync and alerts"): what a store is told about, in plain words.
What needs attention is judged by :mod:`.rules`, the same rules Home's cockpit uses; this module keys and words it.

Each condition has a stable key (``family:…``); an alert goes out when a key first appears (an episode opens) and
again only after it has cleared. A family is judged only when the sync could read its facts, so a part that
failed never closes (or reopens) its episodes. No condition's text ever holds a token or a secret: they are
built from names, IDs, counts and dates only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.alerts.rules import (
    LimitReading,
    limits_reached,
    moment,
    not_delivering,
    page_limit_drops,
    part_detail,
    purging_soon,
    token_endings,
)
from core.binding import AssetView
from core.shared import DomainError, inputs, words
from core.shared.i18n import N_, _

MAX_EMAILS = 10
MAX_WEBHOOK_URL = 2048
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class Family:
    TOKEN = "token"
    LIMIT = "limit"
    PAGE_LIMIT_DROP = "page_limit_drop"
    NOT_DELIVERING = "not_delivering"
    PURGE = "purge_soon"
    CLAIM = "claim_accepted"


@dataclass(frozen=True)
class Condition:
    key: str
    message: str

    @property
    def family(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass(frozen=True)
class Judgement:
    """The conditions that hold now, and the families that could be judged this time."""

    active: tuple[Condition, ...]
    families: frozenset[str]


def judge(parts: Mapping[str, Mapping[str, Any]], retained: Sequence[AssetView], now: datetime) -> Judgement:
    """Conditions from the details the sync's parts recorded (only parts that were read) and the assets in
    retention."""
    active: list[Condition] = []
    families = {Family.PURGE}
    active += purge_conditions(retained, now)
    token = part_detail(parts.get("token_health"))
    if token is not None:
        families.add(Family.TOKEN)
        active += token_conditions(token, now)
    volume = part_detail(parts.get("ad_volume"))
    if volume is not None and "accounts" in volume:
        families |= {Family.LIMIT, Family.PAGE_LIMIT_DROP}
        active += limit_conditions(volume)
        active += page_limit_drop_conditions(volume, now.date())
    health = part_detail(parts.get("account_health"))
    if health is not None and "accounts" in health:
        families.add(Family.NOT_DELIVERING)
        active += delivery_conditions(health)
    claims = part_detail(parts.get("pending_claims"))
    if claims is not None:
        families.add(Family.CLAIM)
        active += claim_conditions(claims)
    return Judgement(tuple(active), frozenset(families))


def token_conditions(detail: Mapping[str, Any], now: datetime) -> list[Condition]:
    if not detail.get("valid", True):
        return [
            Condition(
                f"{Family.TOKEN}:invalid",
                _(
                    "Facebook no longer accepts the store's connection. "
                    "Connect Facebook again on the Connect page; until then nothing is kept up to date."
                ),
            )
        ]
    endings = token_endings(moment(detail.get("expires_at")), moment(detail.get("data_access_expires_at")), now)
    return [
        Condition(
            f"{Family.TOKEN}:{ending.what}_expiring",
            _(_TOKEN_ENDED[ending.what] if ending.ended(now) else _TOKEN_ENDS[ending.what]).format(
                on=words.day(ending.at)
            ),
        )
        for ending in endings
    ]


_TOKEN_ENDED = {
    "token": N_("The Facebook connection has ended. Connect Facebook again on the Connect page to renew it."),
    "data_access": N_("Access to the ad data has ended. Connect Facebook again on the Connect page to renew it."),
}
_TOKEN_ENDS = {
    "token": N_("The Facebook connection ends on {on}. Connect Facebook again on the Connect page to renew it."),
    "data_access": N_("Access to the ad data ends on {on}. Connect Facebook again on the Connect page to renew it."),
}


def limit_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    """Every reading [kind, id, name, what, count, limit] at 80 % and at 100 % of its limit."""
    out = []
    for reading in limits_reached(LimitReading.of(row) for row in detail.get("limits") or []):
        count, limit = reading.count or 0, reading.limit or 0
        for level in (80, 100) if reading.at_limit else (80,):
            template = _LIMIT_WORDS[(reading.is_page, level == 100)]
            out.append(
                Condition(
                    f"{Family.LIMIT}:{level}:{reading.asset_id}:{reading.what}",
                    _(template).format(
                        name=reading.name,
                        id=reading.asset_id,
                        percent=words.percent(reading.percent or 0),
                        count=f"{count:,}",
                        limit=f"{limit:,}",
                        what=_(reading.what),
                    ),
                )
            )
    return out


# (a Page?, at 100 %?): the words of a limit reached; ``what`` is what it counts (:data:`core.alerts.rules.LIMIT_WHATS`)
_LIMIT_WORDS = {
    (True, True): N_(
        "Page {name} ({id}) is at {percent} of its limit: {count} of {limit} {what}. New ones will not publish "
        "until some are paused or archived."
    ),
    (True, False): N_(
        "Page {name} ({id}) is at {percent} of its limit: {count} of {limit} {what}. At {limit} new ones stop "
        "publishing."
    ),
    (False, True): N_(
        "Ad account {name} ({id}) is at {percent} of its limit: {count} of {limit} {what}. New ones will not "
        "publish until some are paused or archived."
    ),
    (False, False): N_(
        "Ad account {name} ({id}) is at {percent} of its limit: {count} of {limit} {what}. At {limit} new ones "
        "stop publishing."
    ),
}


def page_limit_drop_conditions(detail: Mapping[str, Any], today: date) -> list[Condition]:
    return [
        Condition(
            f"{Family.PAGE_LIMIT_DROP}:{drop.page_id}:{drop.on.isoformat()}",
            _(
                "Page {name} ({id}): its limit drops to {limit} ads running or in review on {on} (today {count}). "
                "Pause or archive ads you no longer need before then."
            ).format(
                name=drop.name,
                id=drop.page_id,
                limit=f"{drop.future_limit:,}",
                on=words.day(drop.on),
                count=f"{drop.count:,}",
            ),
        )
        for drop in page_limit_drops(detail.get("future_limits") or [], today)
        if drop.soon(today)
    ]


def delivery_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    return [
        Condition(
            f"{Family.NOT_DELIVERING}:{account.account_id}",
            _("Ad account {name} ({id}) stopped delivering ads: {why}.").format(
                name=account.name, id=account.account_id, why=account.why
            ),
        )
        for account in not_delivering(detail.get("accounts") or [])
    ]


def purge_conditions(retained: Iterable[AssetView], now: datetime) -> list[Condition]:
    return [
        Condition(
            f"{Family.PURGE}:{view.kind}:{view.external_id}",
            _(
                "The history of the disconnected {kind} {name} ({id}) is deleted for good on {at} UTC. Connect it "
                "again before then to keep it."
            ).format(kind=_(view.kind.label), name=view.name, id=view.external_id, at=words.when(view.purge_at)),
        )
        for view in purging_soon(retained, now)
    ]


def claim_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    return [
        Condition(
            f"{Family.CLAIM}:{business_id}:{account_id}",
            _(
                "The claim of ad account {account} ({id}) by {business} was accepted: the Business Manager owns it now."
            ).format(account=account_name, id=account_id, business=business_name),
        )
        for business_id, business_name, account_id, account_name in detail.get("accepted") or []
    ]


# --- where alerts go ------------------------------------------------------------------------------------------


class InvalidAlertSettings(DomainError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(_("The alert settings were not saved: {problems}").format(problems=words.sentences(problems)))
        self.problems = problems


def clean_settings(emails: Iterable[str], webhook_url: str | None) -> tuple[list[str], str | None]:
    """Recipients lower-cased without duplicates (at most :data:`MAX_EMAILS`), and an https webhook URL (http
    only on this machine, for tests). Raises :class:`InvalidAlertSettings` naming every problem."""
    problems: list[str] = []
    cleaned: list[str] = []
    for raw in emails:
        email = str(raw or "").strip().lower()
        if not email or email in cleaned:
            continue
        try:
            email = inputs.email(email, field=_("Email alerts to"))
        except inputs.InvalidInput as refused:
            problems.append(refused.user_message)
        cleaned.append(email)
    if len(cleaned) > MAX_EMAILS:
        problems.append(
            _("At most {most} recipients; remove {extra}.").format(
                most=words.number(MAX_EMAILS), extra=words.number(len(cleaned) - MAX_EMAILS)
            )
        )
    url = (webhook_url or "").strip() or None
    if url is not None and (not inputs.storable(url, MAX_WEBHOOK_URL) or any(ch.isspace() for ch in url)):
        problems.append(
            _(
                "The webhook URL is longer than {most} characters or holds a space, control or invisible "
                "character. Paste it again exactly as Slack (or your tool) gives it."
            ).format(most=words.number(MAX_WEBHOOK_URL))
        )
    elif url is not None:
        scheme, _sep, rest = url.partition("://")
        host = rest.split("/", 1)[0].rsplit(":", 1)[0] if rest else ""
        if not rest or scheme not in ("https", "http") or (scheme == "http" and host not in _LOOPBACK):
            problems.append(_("The webhook URL must start with https:// (for example a Slack incoming webhook)."))
    if problems:
        raise InvalidAlertSettings(problems)
    return cleaned, url


def mask_webhook(url: str | None) -> str:
    """What a page may show of a webhook URL (its path is the secret): ``https://hooks.slack.com/…``."""
    if not url:
        return ""
    scheme, _sep, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/…"
