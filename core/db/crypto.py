"""Tokens at rest: Fernet encryption under ``SMART_ADS_SECRET_KEY``.

Live mode needs the key configured (a missing or malformed key is a clear error, never a silent new key that
would make every stored token unreadable). Sandbox mode generates one on first run into ``data/secret.key``,
readable by the owner only, and reuses it afterwards.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from core.config import Mode, Settings
from core.shared import DomainError
from core.shared.i18n import _

log = logging.getLogger(__name__)

SANDBOX_KEY_FILE = "secret.key"
HOW_TO_MAKE_A_KEY = (
    'make one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class SecretKeyError(DomainError):
    """The encryption key is missing or unusable; the message says how to fix it (never contains the key)."""


class TokenDecryptError(DomainError):
    """A stored token cannot be decrypted with the configured key (the key changed): reconnect Facebook."""


class TokenCipher:
    """Encrypts and decrypts access tokens. ``repr`` never shows the key."""

    def __init__(self, key: str | bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise SecretKeyError(
                f"SMART_ADS_SECRET_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes); "
                f"{HOW_TO_MAKE_A_KEY}"
            ) from exc

    def __repr__(self) -> str:
        return "TokenCipher(<key hidden>)"

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode()
        except InvalidToken as exc:
            raise TokenDecryptError(  # a marketer meets it on a page; the key's own errors are the operator's
                _("the stored Facebook token cannot be read with the current SMART_ADS_SECRET_KEY; reconnect Facebook")
            ) from exc


def resolve_secret_key(settings: Settings) -> str:
    """The configured key; in sandbox mode without one, the key kept in ``data/secret.key`` (made once)."""
    if settings.secret_key:
        return settings.secret_key
    if settings.mode is Mode.LIVE:
        raise SecretKeyError(
            "SMART_ADS_SECRET_KEY is not set. Live mode stores Facebook tokens encrypted and needs a key in "
            f"st.secrets or the environment; {HOW_TO_MAKE_A_KEY}"
        )
    return _sandbox_key(Path(settings.data_dir) / SANDBOX_KEY_FILE)


def cipher_for(settings: Settings) -> TokenCipher:
    return TokenCipher(resolve_secret_key(settings))


def _sandbox_key(path: Path) -> str:
    """Read the kept key, or write a new one atomically (temp file + link) so two starting processes agree."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(Fernet.generate_key().decode("ascii"))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
            log.info("sandbox mode: generated an encryption key in %s", path)
        except FileExistsError:
            pass  # another process won the race: use its key
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()
