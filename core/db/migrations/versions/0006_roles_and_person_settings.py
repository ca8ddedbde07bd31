"""Roles inside a store (owner, admin, viewer), and what the app remembers per person (the store they chose).

Members that existed before roles were given access by an operator to run their store: they become owners.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("store_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=16), nullable=False, server_default="owner"))
    op.create_table(
        "person_settings",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_person_settings_store_id_stores"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_person_settings")),
    )


def downgrade() -> None:
    op.drop_table("person_settings")
    with op.batch_alter_table("store_members", schema=None) as batch_op:
        batch_op.drop_column("role")
