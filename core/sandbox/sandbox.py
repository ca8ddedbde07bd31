"""The :class:`Sandbox`: one emulated Facebook (a world, its tokens, usage meters) behind one lock."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from core.sandbox.errors import GraphError, invalid_token
from core.sandbox.faults import Faults
from core.sandbox.listing import ListingCache
from core.sandbox.usage import UsageMeter
from core.sandbox.world import World, build_world

if TYPE_CHECKING:
    from core.sandbox.app import GraphApp

log = logging.getLogger(__name__)

DEFAULT_APP_ID = "1234567890123456"
APP_NAME = "Smart Ads Connect (sandbox)"
ALL_SCOPES = ("ads_management", "ads_read", "business_management", "pages_show_list", "pages_read_engagement")
ANALYST_SCOPES = ("ads_read", "business_management", "pages_show_list")
DEMO_TOKENS = ("demo-admin", "demo-analyst", "demo-expired")
SHORT_LIVED = timedelta(hours=2)
LONG_LIVED = timedelta(days=60)
DATA_ACCESS = timedelta(days=90)
# The app's "Valid OAuth Redirect URIs": the dashboard's sandbox-mode return, and the ones the test suites use.
DEFAULT_REDIRECT_URIS = (
    "http://localhost:8501/connect",
    "https://store.example/connect",
    "https://shop.example/facebook/callback",
)

try:  # Graph words expiry messages in Pacific time
    from zoneinfo import ZoneInfo

    _PACIFIC: object = ZoneInfo("America/Los_Angeles")
except Exception:  # pragma: no cover - no tz database
    _PACIFIC = UTC


@dataclass
class TokenInfo:
    user_id: str | None  # None for an app token
    scopes: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime | None  # None: never expires
    data_access_expires_at: datetime | None
    declined: tuple[str, ...] = ()
    kind: str = "USER"
    invalidated: int | None = None  # subcode once Facebook invalidated the session (see INVALIDATIONS)

    def expiry_error(self, now: datetime) -> GraphError:
        def fmt(moment: datetime) -> str:
            local = moment.astimezone(_PACIFIC)  # type: ignore[arg-type]
            return local.strftime("%A, %d-%b-%y %H:%M:%S ") + (local.tzname() or "UTC")

        expired = self.expires_at or now
        return GraphError(
            190,
            f"Error validating access token: Session has expired on {fmt(expired)}. The current time is {fmt(now)}.",
            subcode=463,
        )


# Why Facebook invalidates a session → (subcode, message), answered with code 190.
INVALIDATIONS: dict[str, tuple[int, str]] = {
    "password_changed": (
        460,
        "Error validating access token: The session has been invalidated because the user changed their "
        "password or Facebook has changed the session for security reasons.",
    ),
    "app_removed": (458, "Error validating access token: The user has not authorized application {app_id}."),
    "logged_out": (
        467,
        "Error validating access token: The session is invalid because the user logged out.",
    ),
}


@dataclass
class AuthCode:
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    declined: tuple[str, ...]
    issued_at: datetime
    user_id: str = ""  # who was signed in to (the sandbox's) Facebook when they allowed it
    used: bool = False


class Sandbox:
    """An emulated Graph API with its own in-memory world; every mutation happens under :attr:`lock`.

    ``Sandbox("demo").wsgi_app`` is a WSGI application; :func:`core.sandbox.sandbox_session` runs it
    in-process.
    """

    def __init__(
        self,
        world: str = "demo",
        *,
        app_id: str = DEFAULT_APP_ID,
        app_secret: str | None = None,
        clock: Callable[[], datetime] | None = None,
        faults: Faults | None = None,
        seed: int = 0,
        redirect_uris: tuple[str, ...] = DEFAULT_REDIRECT_URIS,
    ) -> None:
        self.world_name, self.app_id, self.app_secret, self.seed = world, app_id, app_secret, seed
        self.clock = clock
        self.faults = faults
        self.redirect_uris = tuple(redirect_uris)
        self.lock = threading.RLock()
        self.world: World = build_world(world, self.now(), seed)
        self.listings = ListingCache()
        self.usage = UsageMeter(self.now, enforced_budget=faults.account_call_budget if faults else None)
        self.tokens: dict[str, TokenInfo] = {}
        self.codes: dict[str, AuthCode] = {}
        self.writes: list[str] = []  # every write Graph received ("POST act_1"), batch items included, refused too
        self._wsgi: GraphApp | None = None
        self._demo_tokens()

    def _demo_tokens(self) -> None:
        """demo-admin (the marketer, every scope), demo-analyst (read scopes only), demo-expired."""
        now, day = self.now(), timedelta(days=1)
        marketer = self.world.marketer_id
        self.tokens["demo-admin"] = TokenInfo(marketer, ALL_SCOPES, now - day, now + 50 * day, now + 89 * day)
        self.tokens["demo-analyst"] = TokenInfo(
            self.world.analyst_id or marketer,
            ANALYST_SCOPES,
            now - day,
            now + 50 * day,
            now + 89 * day,
            declined=("ads_management", "pages_read_engagement"),
        )
        self.tokens["demo-expired"] = TokenInfo(marketer, ALL_SCOPES, now - 70 * day, now - 10 * day, now + 20 * day)

    def __repr__(self) -> str:
        return f"Sandbox(world={self.world_name!r}, app_id={self.app_id!r})"

    def now(self) -> datetime:
        return self.clock() if self.clock else datetime.now(UTC)

    @property
    def wsgi_app(self) -> GraphApp:
        if self._wsgi is None:
            from core.sandbox.app import GraphApp

            self._wsgi = GraphApp(self)
        return self._wsgi

    def note_write(self, method: str, path: str) -> None:
        with self.lock:
            self.writes.append(f"{method} {path}")

    @property
    def write_count(self) -> int:
        """How many writes (POST and DELETE calls, batch items included) reached the sandbox, refused ones too."""
        return len(self.writes)

    # ---- tokens ---------------------------------------------------------------------------------------
    def app_token_valid(self, token: str) -> bool:
        app_id, _, secret = token.partition("|")
        if app_id != self.app_id or not secret:
            return False
        return self.app_secret is None or hmac.compare_digest(secret, self.app_secret)

    def authenticate(self, token: str) -> TokenInfo:
        """The token's facts, or the Graph error a call with it gets (190 and friends)."""
        if "|" in token:
            if not self.app_token_valid(token):
                raise GraphError(190, "Invalid OAuth access token signature.")
            return TokenInfo(None, (), self.now(), None, None, kind="APP")
        info = self.tokens.get(token)
        if info is None:
            raise invalid_token()
        if info.invalidated is not None:
            subcode, message = next(v for v in INVALIDATIONS.values() if v[0] == info.invalidated)
            raise GraphError(190, message.format(app_id=self.app_id), subcode=subcode)
        now = self.now()
        if (info.expires_at is not None and info.expires_at <= now) or (
            self.faults is not None and self.faults.token_expired(token)
        ):
            raise info.expiry_error(now)
        return info

    def invalidate_token(self, token: str, reason: str = "password_changed") -> None:
        """Let Facebook invalidate a session (``password_changed`` 460, ``app_removed`` 458, ``logged_out`` 467)."""
        with self.lock:
            self.tokens[token].invalidated = INVALIDATIONS[reason][0]

    def check_appsecret_proof(self, token: str, proof: str | None) -> None:
        if self.app_secret is None or "|" in token:
            return
        if not proof:
            raise GraphError(
                100,
                "API calls from the server require an appsecret_proof argument",
                type="GraphMethodException",
            )
        expected = hmac.new(self.app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, proof.strip().lower()):
            raise GraphError(100, "Invalid appsecret_proof provided in the API argument", type="GraphMethodException")

    def mint_token(
        self,
        user_id: str,
        scopes: tuple[str, ...],
        lifetime: timedelta | None,
        declined: tuple[str, ...] = (),
        data_access: timedelta = DATA_ACCESS,
    ) -> tuple[str, TokenInfo]:
        """A new user token (``lifetime=None``: never expires, while data access still ends)."""
        now = self.now()
        token = "EAAS" + secrets.token_urlsafe(32).replace("-", "").replace("_", "")
        expires = now + lifetime if lifetime is not None else None
        info = TokenInfo(user_id, scopes, now, expires, now + data_access, declined=declined)
        with self.lock:
            self.tokens[token] = info
        log.debug("sandbox minted a token for user %s (scopes: %s)", user_id, ",".join(scopes))
        return token, info

    def revoke_app(self, user_id: str) -> None:
        """``DELETE /{user}/permissions``: the person removes the app; each of their tokens then answers 190/458."""
        with self.lock:
            for info in self.tokens.values():
                if info.user_id == user_id:
                    info.invalidated = INVALIDATIONS["app_removed"][0]

    def reauthorize_demo_tokens(self, user_id: str) -> None:
        """A new Login of a person who had removed the app: the fixed demo tokens of that person (``demo-admin``,
        ``demo-expired``) work again, as the in-process demo's identities must. A demo convenience: Graph keeps
        old tokens dead; tokens minted earlier by the Login emulation stay dead here too."""
        removed = INVALIDATIONS["app_removed"][0]
        with self.lock:
            for name in DEMO_TOKENS:
                info = self.tokens.get(name)
                if info is not None and info.user_id == user_id and info.invalidated == removed:
                    info.invalidated = None

    def revoke_scope(self, user_id: str, scope: str) -> None:
        """``DELETE /{user}/permissions/{scope}``: the scope leaves every token of the person and reads as declined."""
        with self.lock:
            for info in self.tokens.values():
                if info.user_id == user_id and scope in info.scopes:
                    info.scopes = tuple(s for s in info.scopes if s != scope)
                    info.declined = (*info.declined, scope)
