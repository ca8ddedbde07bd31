"""Migrations build the schema from an empty database, a second upgrade changes nothing, models agree."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, text

from core.activity import audit_log
from core.binding import bound_asset_list, plan_usage, save_selection, unbind
from core.binding.purge import main as purge_main
from core.config import Mode, Settings
from core.db.engine import MIGRATIONS_DIR, alembic_config, create_engine_for, upgrade_database
from core.db.models import Base
from core.db.uow import SqlAlchemyUnitOfWork
from core.startup import open_database
from core.stores import create_store
from tests.support.db import ANN, DatabaseHandle, FakeClock, make_selection


def schema_of(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        insp = inspect(conn)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        tables = {
            name: {
                "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(name)],
                "indexes": sorted((i["name"], tuple(i["column_names"])) for i in insp.get_indexes(name)),
                "fks": sorted((f["name"] or "", tuple(f["constrained_columns"])) for f in insp.get_foreign_keys(name)),
                "uniques": sorted(
                    (u["name"] or "", tuple(u["column_names"])) for u in insp.get_unique_constraints(name)
                ),
            }
            for name in sorted(insp.get_table_names())
        }
        plans = conn.execute(text("SELECT name, ad_account_limit FROM plans ORDER BY name")).all()
    return {"version": version, "tables": tables, "plans": [tuple(p) for p in plans]}


def test_upgrade_from_empty_then_again_changes_nothing(database_url: str) -> None:
    engine = create_engine_for(database_url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        upgrade_database(database_url)
        first = schema_of(engine)
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        assert first["version"] == [head]
        assert set(first["tables"]) == {
            "alembic_version",
            "ad_account_creations",
            "person_settings",
            "plans",
            "stores",
            "store_members",
            "facebook_connections",
            "assets",
            "ad_volume_snapshots",
            "account_snapshots",
            "audit_log",
            "login_states",
            "sync_runs",
            "sync_leases",
            "sync_throttles",
            "alert_settings",
            "alert_episodes",
        }
        assert first["plans"] == [("basic", 5), ("enterprise", 100), ("free", 1), ("pro", 20)]
        upgrade_database(database_url)
        upgrade_database(engine)
        assert schema_of(engine) == first
    finally:
        engine.dispose()


def test_models_match_the_migrations(db: DatabaseHandle) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_run_without_an_alembic_ini(
    db: DatabaseHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    upgrade_database(db.url)
    with db.engine.connect() as conn:
        config = alembic_config(conn)
        assert config.config_file_name is None
        assert (
            MigrationContext.configure(conn).get_current_revision()
            == ScriptDirectory.from_config(config).get_current_head()
        )


def test_sqlite_connections_use_foreign_keys_and_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'app.db'}"
    upgrade_database(url)  # creates the folder and the file on first run
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with engine.connect() as conn, pytest.raises(Exception, match="FOREIGN KEY"):
            conn.execute(text("INSERT INTO stores (name, plan, created_at) VALUES ('x', 'no-such-plan', '2026-01-01')"))
            conn.commit()
    finally:
        engine.dispose()


def test_unit_of_work_rolls_back_without_commit(db: DatabaseHandle, clock: FakeClock) -> None:
    uow = db.uow()
    store_id = create_store(uow, name="S", plan="pro", clock=clock)
    with uow:
        uow.stores.get(store_id).plan = "free"  # type: ignore[union-attr]
    assert plan_usage(store_id, uow).plan == "pro"


def test_app_start_creates_the_sqlite_file_key_and_demo_store(tmp_path: Path) -> None:
    settings = Settings(mode=Mode.SANDBOX, data_dir=tmp_path / "data")
    first = open_database(settings)
    try:
        assert (tmp_path / "data" / "smart_ads.db").is_file()
        assert first.demo_store_id is not None
        assert plan_usage(first.demo_store_id, first.uow()).google_ads_accounts == 1
    finally:
        first.engine.dispose()
    second = open_database(settings)  # idempotent: same store, nothing new
    try:
        assert second.demo_store_id == first.demo_store_id
        seeded = audit_log(second.demo_store_id, second.uow())  # type: ignore[arg-type]
        # once: a second start adds nothing
        assert sorted(r.action for r in seeded) == ["add_member", "bind", "set_website_domain"]
    finally:
        second.engine.dispose()


def test_live_mode_start_does_not_seed_a_demo_store(database_url: str) -> None:
    settings = Settings(mode=Mode.LIVE, database_url=database_url, secret_key=Fernet.generate_key().decode())
    database = open_database(settings)
    try:
        assert database.demo_store_id is None
    finally:
        database.engine.dispose()


def test_purge_command_line(db: DatabaseHandle, capsys: pytest.CaptureFixture[str]) -> None:
    long_ago = FakeClock(datetime(2020, 1, 1, tzinfo=UTC))  # the command uses the real clock
    uow: SqlAlchemyUnitOfWork = db.uow()
    store_id = create_store(uow, name="S", plan="basic", members=[ANN.id], clock=long_ago)
    save_selection(store_id, make_selection(1, 2, 1), uow, actor=ANN, clock=long_ago)
    unbind(store_id, bound_asset_list(store_id, uow)[0].id, uow, actor=ANN, clock=long_ago)
    assert purge_main(["--database-url", db.url]) == 0
    assert "purged assets: 5" in capsys.readouterr().out
    assert purge_main(["--database-url", db.url]) == 0
    assert "purged assets: 0" in capsys.readouterr().out
