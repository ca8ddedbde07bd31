"""Initial schema: plans, stores, members, the Facebook connection, assets, history snapshots, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:58:10.224222
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# BIGINT on PostgreSQL; INTEGER on SQLite, where only an INTEGER PRIMARY KEY autoincrements.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The default plans and their ad account limits (Facebook + Google ad accounts). Edit the rows to change them.
DEFAULT_PLANS = [
    {"name": "free", "ad_account_limit": 1},
    {"name": "basic", "ad_account_limit": 5},
    {"name": "pro", "ad_account_limit": 20},
    {"name": "enterprise", "ad_account_limit": 100},
]


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("ad_account_limit", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plans")),
    )
    plans = sa.table("plans", sa.column("name", sa.String), sa.column("ad_account_limit", sa.Integer))
    op.bulk_insert(plans, DEFAULT_PLANS)
    op.create_table(
        "stores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("plan", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan"], ["plans.name"], name=op.f("fk_stores_plan_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
    )
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("bound_at", sa.DateTime(), nullable=False),
        sa.Column("unbound_at", sa.DateTime(), nullable=True),
        sa.Column("unbind_batch", sa.String(length=32), nullable=True),
        sa.Column("unbound_by", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["assets.id"], name=op.f("fk_assets_parent_id_assets"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_assets_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint(
            "store_id", "kind", "external_id", "scope", name=op.f("uq_assets_store_id_kind_external_id_scope")
        ),
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assets_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_store_id_unbound_at"), ["store_id", "unbound_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_assets_unbound_at"), ["unbound_at"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_audit_log_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_store_id_at"), ["store_id", "at"], unique=False)
    op.create_table(
        "facebook_connections",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("facebook_user_id", sa.String(length=64), nullable=False),
        sa.Column("facebook_user_name", sa.String(length=200), nullable=False),
        sa.Column("token_ciphertext", sa.Text(), nullable=False),
        sa.Column("token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("data_access_expires_at", sa.DateTime(), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("connected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name=op.f("fk_facebook_connections_store_id_stores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_facebook_connections")),
    )
    op.create_table(
        "store_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_store_members_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_members")),
        sa.UniqueConstraint("store_id", "email", name=op.f("uq_store_members_store_id_email")),
    )
    with op.batch_alter_table("store_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_members_email"), ["email"], unique=False)
    op.create_table(
        "account_snapshots",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("account_status", sa.Integer(), nullable=True),
        sa.Column("disable_reason", sa.Integer(), nullable=True),
        sa.Column("amount_spent", sa.BigInteger(), nullable=True),
        sa.Column("spend_cap", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("can_deliver", sa.Boolean(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_account_snapshots_asset_id_assets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_account_snapshots_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_snapshots")),
    )
    with op.batch_alter_table("account_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_snapshots_asset_id_taken_at"), ["asset_id", "taken_at"], unique=False
        )
    op.create_table(
        "ad_volume_snapshots",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("running_or_in_review", sa.Integer(), nullable=False),
        sa.Column("volume_limit", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_ad_volume_snapshots_asset_id_assets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name=op.f("fk_ad_volume_snapshots_store_id_stores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_volume_snapshots")),
    )
    with op.batch_alter_table("ad_volume_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ad_volume_snapshots_asset_id_taken_at"), ["asset_id", "taken_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ad_volume_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ad_volume_snapshots_asset_id_taken_at"))
    op.drop_table("ad_volume_snapshots")
    with op.batch_alter_table("account_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_snapshots_asset_id_taken_at"))
    op.drop_table("account_snapshots")
    with op.batch_alter_table("store_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_members_email"))
    op.drop_table("store_members")
    op.drop_table("facebook_connections")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_store_id_at"))
    op.drop_table("audit_log")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_unbound_at"))
        batch_op.drop_index(batch_op.f("ix_assets_store_id_unbound_at"))
        batch_op.drop_index(batch_op.f("ix_assets_parent_id"))
    op.drop_table("assets")
    op.drop_table("stores")
    op.drop_table("plans")
