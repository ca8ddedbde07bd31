"""Tokens at rest: encrypted with Fernet, never in plain text in the database; key resolution per mode."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from core.config import Mode, Settings
from core.connection import connect_facebook, facebook_connection
from core.db.crypto import SecretKeyError, TokenCipher, TokenDecryptError, cipher_for, resolve_secret_key
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import Actor
from tests.support.db import DatabaseHandle, FakeClock

TOKEN = "EAABsbCS1iHgBAPlaintextLongLivedToken0123456789"


def _connect(store_id: int, uow: SqlAlchemyUnitOfWork, cipher: TokenCipher, clock: FakeClock) -> None:
    connect_facebook(
        store_id,
        uow,
        cipher=cipher,
        facebook_user_id="10001",
        facebook_user_name="Demo Marketer",
        token=TOKEN,
        token_expires_at=datetime(2026, 3, 1, tzinfo=UTC),
        data_access_expires_at=datetime(2026, 4, 1, tzinfo=UTC),
        scopes=["ads_read", "ads_management"],
        actor=Actor("a@example.com"),
        clock=clock,
    )


def test_token_is_encrypted_at_rest_and_read_back(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    cipher = TokenCipher(Fernet.generate_key())
    _connect(store_id, uow, cipher, clock)
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_ciphertext FROM facebook_connections")).scalar_one()
    assert TOKEN not in stored
    info = facebook_connection(store_id, uow, cipher=cipher)
    assert info is not None and info.token == TOKEN
    assert info.scopes == ("ads_management", "ads_read")
    assert info.data_access_expires_at == datetime(2026, 4, 1, tzinfo=UTC)
    assert TOKEN not in repr(info) and "key" in repr(cipher)
    with pytest.raises(TokenDecryptError):
        facebook_connection(store_id, uow, cipher=TokenCipher(Fernet.generate_key()))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_file_holds_no_plaintext_token(
    db: DatabaseHandle, uow: SqlAlchemyUnitOfWork, store_id: int, clock: FakeClock
) -> None:
    _connect(store_id, uow, TokenCipher(Fernet.generate_key()), clock)
    db.engine.dispose()  # the last connection closing checkpoints the WAL into the file
    path = Path(db.url.removeprefix("sqlite:///"))
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    data = b"".join(p.read_bytes() for p in files)
    assert b"Demo Marketer" in data  # the file was read where the row lives
    assert TOKEN.encode() not in data


def test_sandbox_generates_a_private_key_once(tmp_path: Path) -> None:
    settings = Settings(mode=Mode.SANDBOX, data_dir=tmp_path)
    key = resolve_secret_key(settings)
    path = tmp_path / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_secret_key(settings) == key
    assert cipher_for(settings).decrypt(TokenCipher(key).encrypt("t")) == "t"


def test_configured_key_wins_and_live_mode_needs_one(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    assert resolve_secret_key(Settings(mode=Mode.LIVE, secret_key=key, data_dir=tmp_path)) == key
    with pytest.raises(SecretKeyError, match="SMART_ADS_SECRET_KEY is not set"):
        resolve_secret_key(Settings(mode=Mode.LIVE, data_dir=tmp_path))
    assert not (tmp_path / "secret.key").exists()  # live mode never invents a key


def test_a_malformed_key_is_a_clear_error_that_does_not_echo_it() -> None:
    with pytest.raises(SecretKeyError) as info:
        TokenCipher("my-very-secret-passphrase")
    assert "my-very-secret-passphrase" not in str(info.value)
    assert "Fernet.generate_key" in str(info.value)
