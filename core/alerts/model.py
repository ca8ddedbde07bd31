"""Alert conditions (docs/RULES.md, "Background sync and alerts"): what a store is told about, in plain words.

Each condition has a stable key (``family:…``); an alert goes out when a key first appears (an episode opens) and
again only after it has cleared. A family is judged only when the sync could read its facts, so a part that
failed never closes (or reopens) its episodes. No condition's text ever holds a token or a secret: they are
built from names, IDs, counts and dates only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.ad_volume import NEAR_SHARE
from core.binding import AssetView
from core.connection import WARN_AHEAD
from core.shared import DomainError, inputs

TOKEN_WARN_AHEAD = WARN_AHEAD  # 7 days
PAGE_LIMIT_DROP_AHEAD = timedelta(days=14)
PURGE_AHEAD = timedelta(days=3)
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
    token = _read(parts.get("token_health"))
    if token is not None:
        families.add(Family.TOKEN)
        active += token_conditions(token, now)
    volume = _read(parts.get("ad_volume"))
    if volume is not None and "accounts" in volume:
        families |= {Family.LIMIT, Family.PAGE_LIMIT_DROP}
        active += limit_conditions(volume)
        active += page_limit_drop_conditions(volume, now.date())
    health = _read(parts.get("account_health"))
    if health is not None and "accounts" in health:
        families.add(Family.NOT_DELIVERING)
        active += delivery_conditions(health)
    claims = _read(parts.get("pending_claims"))
    if claims is not None:
        families.add(Family.CLAIM)
        active += claim_conditions(claims)
    return Judgement(tuple(active), frozenset(families))


def _read(part: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A part's detail when it was read (fully or for some accounts), else None."""
    if not part or part.get("status") not in ("ok", "partial"):
        return None
    return part.get("detail") or {}


def _when(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


def token_conditions(detail: Mapping[str, Any], now: datetime) -> list[Condition]:
    if not detail.get("valid", True):
        return [
            Condition(
                f"{Family.TOKEN}:invalid",
                "Facebook no longer accepts the store's connection. "
                "Connect Facebook again on the Connect page; until then nothing is kept up to date.",
            )
        ]
    out = []
    for what, label, raw in (
        ("token", "The Facebook connection", detail.get("expires_at")),
        ("data_access", "Access to the ad data", detail.get("data_access_expires_at")),
    ):
        moment = _when(raw)
        if moment is not None and moment - now <= TOKEN_WARN_AHEAD:
            when = "has ended" if moment <= now else f"ends on {moment:%d %b %Y}"
            out.append(
                Condition(
                    f"{Family.TOKEN}:{what}_expiring",
                    f"{label} {when}. Connect Facebook again on the Connect page to renew it.",
                )
            )
    return out


def _percent(count: int, limit: int) -> int:
    return math.floor(100 * count / limit)


def limit_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    """Every reading [kind, id, name, what, count, limit] at 80 % and at 100 % of its limit."""
    out = []
    for kind, asset_id, name, what, count, limit in detail.get("limits") or []:
        if count is None or not limit or count < NEAR_SHARE * limit:
            continue
        share = _percent(count, limit)
        label = f"{'Ad account' if kind == 'ad_account' else 'Page'} {name} ({asset_id})"
        for level in (80, 100):
            if level == 100 and count < limit:
                continue
            consequence = (
                " New ones will not publish until some are paused or archived."
                if level == 100
                else f" At {limit:,} new ones stop publishing."
            )
            out.append(
                Condition(
                    f"{Family.LIMIT}:{level}:{asset_id}:{what}",
                    f"{label} is at {share} % of its limit: {count:,} of {limit:,} {what}." + consequence,
                )
            )
    return out


def page_limit_drop_conditions(detail: Mapping[str, Any], today: date) -> list[Condition]:
    out = []
    for page_id, name, count, limit, future_limit, future_date in detail.get("future_limits") or []:
        when = date.fromisoformat(future_date) if future_date else None
        if when is None or future_limit is None or (limit is not None and future_limit >= limit):
            continue
        if today <= when <= today + PAGE_LIMIT_DROP_AHEAD:
            out.append(
                Condition(
                    f"{Family.PAGE_LIMIT_DROP}:{page_id}:{when.isoformat()}",
                    f"Page {name} ({page_id}): its limit drops to {future_limit:,} ads running or in review on "
                    f"{when:%d %b %Y} (today {count:,}). Pause or archive ads you no longer need before then.",
                )
            )
    return out


def delivery_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    return [
        Condition(
            f"{Family.NOT_DELIVERING}:{account_id}", f"Ad account {name} ({account_id}) stopped delivering ads: {why}."
        )
        for account_id, name, can_deliver, why in detail.get("accounts") or []
        if can_deliver is False
    ]


def purge_conditions(retained: Iterable[AssetView], now: datetime) -> list[Condition]:
    out = []
    for view in retained:
        purge_at = view.purge_at
        if purge_at is not None and now < purge_at <= now + PURGE_AHEAD:
            out.append(
                Condition(
                    f"{Family.PURGE}:{view.kind}:{view.external_id}",
                    f"The history of the disconnected {view.kind.label} {view.name} ({view.external_id}) is deleted "
                    f"for good on {purge_at:%d %b %Y %H:%M} UTC. Connect it again before then to keep it.",
                )
            )
    return out


def claim_conditions(detail: Mapping[str, Any]) -> list[Condition]:
    return [
        Condition(
            f"{Family.CLAIM}:{business_id}:{account_id}",
            f"The claim of ad account {account_name} ({account_id}) by {business_name} was accepted: the "
            "Business Manager owns it now.",
        )
        for business_id, business_name, account_id, account_name in detail.get("accepted") or []
    ]


# --- where alerts go ------------------------------------------------------------------------------------------


class InvalidAlertSettings(DomainError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("The alert settings were not saved: " + " ".join(problems))
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
            email = inputs.email(email, field="Email alerts to")
        except inputs.InvalidInput as refused:
            problems.append(refused.user_message)
        cleaned.append(email)
    if len(cleaned) > MAX_EMAILS:
        problems.append(f"At most {MAX_EMAILS} recipients; remove {len(cleaned) - MAX_EMAILS}.")
    url = (webhook_url or "").strip() or None
    if url is not None and (not inputs.storable(url, MAX_WEBHOOK_URL) or any(ch.isspace() for ch in url)):
        problems.append(
            f"The webhook URL is longer than {MAX_WEBHOOK_URL:,} characters or holds a space, control or invisible "
            "character. Paste it again exactly as Slack (or your tool) gives it."
        )
    elif url is not None:
        scheme, _, rest = url.partition("://")
        host = rest.split("/", 1)[0].rsplit(":", 1)[0] if rest else ""
        if not rest or scheme not in ("https", "http") or (scheme == "http" and host not in _LOOPBACK):
            problems.append("The webhook URL must start with https:// (for example a Slack incoming webhook).")
    if problems:
        raise InvalidAlertSettings(problems)
    return cleaned, url


def mask_webhook(url: str | None) -> str:
    """What a page may show of a webhook URL (its path is the secret): ``https://hooks.slack.com/…``."""
    if not url:
        return ""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/…"
