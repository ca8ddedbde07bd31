"""The store's Facebook connection (docs/RULES.md, "The Facebook account"): Facebook Login, the token kept
encrypted, who it belongs to, and its health.

Model: :class:`LoginResult`, :class:`TokenHealth`, :class:`Identity`. Use cases: :func:`start_login`,
:func:`finish_login` (:mod:`.login`), :func:`connect_facebook` and :func:`disconnect_facebook`
(:mod:`.services`). Reads: :func:`facebook_connection`, :func:`identify`, :func:`token_health`.
"""

from core.connection.health import SCOPE_WORDS, WARN_AHEAD, TokenHealth, ends_soon, scope_words, token_health
from core.connection.identity import Identity, identify
from core.connection.login import (
    ConsentDenied,
    LoginApp,
    LoginError,
    LoginResult,
    LoginStates,
    StateRefused,
    finish_login,
    is_login_return,
    start_login,
)
from core.connection.services import (
    REVOKE,
    Disconnected,
    FacebookConnectionInfo,
    connect_facebook,
    disconnect_facebook,
    facebook_connection,
)

__all__ = [
    "REVOKE",
    "SCOPE_WORDS",
    "WARN_AHEAD",
    "ConsentDenied",
    "Disconnected",
    "FacebookConnectionInfo",
    "Identity",
    "LoginApp",
    "LoginError",
    "LoginResult",
    "LoginStates",
    "StateRefused",
    "TokenHealth",
    "connect_facebook",
    "disconnect_facebook",
    "ends_soon",
    "facebook_connection",
    "finish_login",
    "identify",
    "is_login_return",
    "scope_words",
    "start_login",
    "token_health",
]
