"""Background sync and alerts: sync runs with their period, store leases, rate-budget throttles, alert settings
and alert episodes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _store_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f(f"fk_{table}_store_id_stores"),
                                   ondelete="CASCADE")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "sync_runs",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=True),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("graph_requests", sa.Integer(), nullable=False),
        _store_fk("sync_runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
        sa.UniqueConstraint("store_id", "period", name=op.f("uq_sync_runs_store_id_period")),
    )
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_runs_store_id_started_at"), ["store_id", "started_at"])
    op.create_table(
        "sync_leases",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=True),
        sa.Column("until", sa.DateTime(), nullable=True),
        _store_fk("sync_leases"),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_sync_leases")),
    )
    op.create_table(
        "sync_throttles",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.Column("usage_percent", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_throttles")),
    )
    op.create_table(
        "alert_settings",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("webhook_url", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        _store_fk("alert_settings"),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_alert_settings")),
    )
    op.create_table(
        "alert_episodes",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("condition_key", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("email_sent_at", sa.DateTime(), nullable=True),
        sa.Column("webhook_sent_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        _store_fk("alert_episodes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_episodes")),
    )
    with op.batch_alter_table("alert_episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_episodes_store_id_closed_at"), ["store_id", "closed_at"])
        batch_op.create_index(
            "uq_alert_episodes_open",
            ["store_id", "condition_key"],
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_episodes", schema=None) as batch_op:
        batch_op.drop_index("uq_alert_episodes_open")
        batch_op.drop_index(batch_op.f("ix_alert_episodes_store_id_closed_at"))
    op.drop_table("alert_episodes")
    op.drop_table("alert_settings")
    op.drop_table("sync_throttles")
    op.drop_table("sync_leases")
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_runs_store_id_started_at"))
    op.drop_table("sync_runs")
