"""Facebook Login for a store (docs/RULES.md, "The Facebook account"): dialog URL with a server-side
``state``, code → token → long-lived token, ``debug_token`` for scopes and expiry, then the encrypted connection.
No Streamlit here.

Where the ``state`` lives. Facebook's redirect back to the app loads a *new* browser session, so the state
cannot live in ``st.session_state``. It lives in the database (table ``login_states``, migration 0002) rather
than in a process-wide ``st.cache_resource`` dict, because:

- the return may reach another server process than the one that sent the marketer away (several replicas, a
  restart in between), and the database is the one thing they all share;
- "single use" must hold when the same redirect URL is loaded twice at once: a conditional ``UPDATE ... WHERE
  used_at IS NULL`` is atomic on SQLite and PostgreSQL, so exactly one of two racing returns wins;
- only the SHA-256 digest of the state is stored, and a used state keeps its row until it expires, so a
  replay is told apart from a forgery in the message (both are refused).

A state is random (256 bits), tied to the store and the person who started the login, used once, and valid for
:data:`STATE_TTL`. The flow never logs or returns a token: :class:`LoginResult` carries only facts about it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.config import REQUIRED_SCOPES
from core.connection.services import connect_facebook
from core.db.crypto import TokenCipher
from core.db.engine import SQLITE_BEGIN_OPTION
from core.db.models import LoginState
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import GraphClient, GraphError, debug_token, exchange_code, exchange_long_lived, login_dialog_url
from core.graph.messages import MESSAGES
from core.shared import Actor, Clock, DomainError, inputs, system_clock, words
from core.shared.i18n import N_, _
from core.stores.access import check
from core.stores.model import Permission

log = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=10)
USED = N_(
    "This Facebook login link was already used, so it was refused. Nothing was connected. Start again with Connect."
)


@dataclass(frozen=True)
class LoginApp:
    """The Facebook app a login runs for: live settings, or the sandbox's app in sandbox mode."""

    app_id: str
    app_secret: str = field(repr=False)
    redirect_uri: str
    dialog_base: str
    version: str
    scopes: tuple[str, ...] = REQUIRED_SCOPES

    @property
    def app_token(self) -> str:
        """``app_id|app_secret``: the caller for ``debug_token``."""
        return f"{self.app_id}|{self.app_secret}"


class LoginError(DomainError):
    """The login did not complete; ``user_message`` is a plain message for the marketer."""


class StateRefused(LoginError):
    """The ``state`` that came back is missing, unknown, expired, already used, or not this store's."""


class ConsentDenied(LoginError):
    """The marketer cancelled the Facebook dialog (or Facebook returned another error)."""


@dataclass(frozen=True)
class LoginResult:
    """A completed login: who connected, what was granted, until when. Never the token."""

    user_id: str
    user_name: str
    scopes: tuple[str, ...]
    missing_scopes: tuple[str, ...]
    expires_at: datetime | None  # None: never
    data_access_expires_at: datetime | None


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


class LoginStates:
    """The server-side store of login states (see the module docstring for why it is the database)."""

    def __init__(self, sessions: sessionmaker[Session], *, clock: Clock = system_clock, ttl: timedelta = STATE_TTL):
        self._sessions = sessions
        self._clock = clock
        self.ttl = ttl

    def uow(self) -> SqlAlchemyUnitOfWork:
        """A unit of work on the same database, for the use cases around a login."""
        return SqlAlchemyUnitOfWork(self._sessions)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A transaction that will write; on SQLite it takes the write lock at BEGIN (``BEGIN IMMEDIATE``), so two
        returns racing for one state queue up instead of failing with "database is locked"."""
        with self._sessions.begin() as session:
            session.connection(execution_options={SQLITE_BEGIN_OPTION: "immediate"})
            yield session

    def issue(self, store_id: int, started_by: str) -> str:
        """A new random state for ``store_id``; states past their time are cleared on the way."""
        state = secrets.token_urlsafe(32)
        now = self._clock()
        with self._writing() as session:
            session.execute(delete(LoginState).where(LoginState.expires_at < now - self.ttl))
            session.add(
                LoginState(
                    digest=_digest(state),
                    store_id=store_id,
                    started_by=started_by,
                    created_at=now,
                    expires_at=now + self.ttl,
                )
            )
        return state

    def consume(self, state: str | None, store_id: int, started_by: str) -> None:
        """Accept ``state`` once, for the store and person that issued it; otherwise raise :class:`StateRefused`."""
        if not state:
            raise StateRefused(
                _(
                    "Facebook's answer carried no login check value (state). Nothing was connected. Start again "
                    "with Connect."
                )
            )
        now = self._clock()
        digest = _digest(state)
        with self._writing() as session:
            row = session.get(LoginState, digest)
            if row is None or row.store_id != store_id or row.started_by != started_by:
                log.warning("facebook login refused: unknown state")
                raise StateRefused(
                    _(
                        "This Facebook login was not started from this store's Connect page, so it was refused "
                        "(its check value does not match). Nothing was connected. Start again with Connect."
                    )
                )
            if row.used_at is not None:
                log.warning("facebook login refused: state replayed")
                raise StateRefused(_(USED))
            if row.expires_at <= now:
                log.info("facebook login refused: state expired")
                minutes = int(self.ttl.total_seconds() // 60)
                raise StateRefused(
                    _(
                        "This Facebook login took longer than {minutes} minutes and expired. Nothing was connected. "
                        "Start again with Connect."
                    ).format(minutes=words.number(minutes))
                )
            won = session.execute(
                update(LoginState)
                .where(LoginState.digest == digest, LoginState.used_at.is_(None))
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if won != 1:  # another request used it between our read and our update
                raise StateRefused(_(USED))

    def pending(self, store_id: int) -> int:
        """Unused, unexpired states of a store (for tests and diagnostics)."""
        now = self._clock()
        with self._sessions() as session:
            rows = session.scalars(
                select(LoginState.digest).where(
                    LoginState.store_id == store_id, LoginState.used_at.is_(None), LoginState.expires_at > now
                )
            ).all()
            return len(rows)


def start_login(store_id: int, states: LoginStates, app: LoginApp, *, actor: Actor, ask_again: bool = False) -> str:
    """The Facebook Login dialog URL for this store, with a fresh server-side state.

    ``ask_again`` adds Facebook's ``auth_type=rerequest``, which shows permissions the marketer declined before
    (without it Facebook silently skips them)."""
    check(store_id, actor, Permission.BIND, states.uow())
    state = states.issue(store_id, actor.id)
    url = login_dialog_url(app.dialog_base, app.version, app.app_id, app.redirect_uri, state, app.scopes)
    return f"{url}&{urlencode({'auth_type': 'rerequest'})}" if ask_again else url


def is_login_return(params: Mapping[str, object]) -> bool:
    """True when a page loads with Facebook's answer (``code`` or ``error``) in its query parameters; without a
    ``state`` it is still handled, to be refused and cleared from the URL."""
    return "code" in params or "error" in params


def finish_login(
    store_id: int,
    params: Mapping[str, str],
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
    states: LoginStates,
    app: LoginApp,
    cipher: TokenCipher,
) -> LoginResult:
    """Handle Facebook's redirect (``code`` / ``error`` and ``state``) and keep the long-lived token, encrypted.

    The state is checked before anything else. ``client`` is the app's Graph client (any token: the exchanges
    carry the app's credentials). Graph failures propagate as ``core.graph.GraphError``."""
    check(store_id, actor, Permission.BIND, uow)
    states.consume(params.get("state"), store_id, actor.id)
    if params.get("error") or not params.get("code"):
        reason = params.get("error_reason") or params.get("error") or _("no code")
        log.info("facebook login not granted: %s", reason)
        if reason == "user_denied":
            raise ConsentDenied(
                _(
                    "You cancelled the Facebook dialog, so nothing was connected. Choose Connect again and "
                    "select Continue (or Allow) to give Smart Ads access."
                )
            )
        raise ConsentDenied(
            _("Facebook did not complete the login ({reason}). Nothing was connected. Try Connect again.").format(
                reason=inputs.shown(params.get("error_description") or reason, 200)
            )
        )
    try:
        short = exchange_code(client, app.app_id, app.app_secret, app.redirect_uri, params["code"])
    except GraphError as exc:
        if exc.code == 100 and exc.subcode is None:  # Graph names no subcode: the code couldn't be used
            used = MESSAGES[(100, 36009)]
            exc.user_title, exc.user_message = used.title_text, used.message_text  # translated where read
        raise
    long = exchange_long_lived(client, app.app_id, app.app_secret, short.token)
    info = debug_token(client, long.token, app.app_token)
    if not info.is_valid:
        message = info.error.user_message if info.error else _("Facebook says the new token is not valid.")
        raise LoginError(_("{message} Nothing was connected. Try Connect again.").format(message=message))
    me = client.with_token(long.token).get("me", fields=["id", "name"])
    user_id = str(me.get("id") or info.user_id or "")
    user_name = str(me.get("name") or user_id)
    result = LoginResult(
        user_id=user_id,
        user_name=user_name,
        scopes=info.scopes,
        missing_scopes=info.missing_scopes(app.scopes),
        expires_at=_moment(info.expires_at),
        data_access_expires_at=_moment(info.data_access_expires_at),
    )
    connect_facebook(
        store_id,
        uow,
        cipher=cipher,
        facebook_user_id=result.user_id,
        facebook_user_name=result.user_name,
        token=long.token,
        token_expires_at=result.expires_at,
        data_access_expires_at=result.data_access_expires_at,
        scopes=result.scopes,
        actor=actor,
        clock=clock,
    )
    log.info("facebook login completed for store %s (missing scopes: %s)", store_id, ",".join(result.missing_scopes))
    return result


def _moment(unix_seconds: int) -> datetime | None:
    return datetime.fromtimestamp(unix_seconds, UTC) if unix_seconds > 0 else None
