"""Facebook Login states: one row per login in progress, so the ``state`` is checked server-side on return.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_states",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_login_states_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_login_states")),
    )
    with op.batch_alter_table("login_states", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_states_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_states_expires_at"))
    op.drop_table("login_states")
