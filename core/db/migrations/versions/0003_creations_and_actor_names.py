"""Ad account creations in their own table (keyed by idempotency key), and the acting person's name in the log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 23:30:00.000000
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_name", sa.String(length=200), nullable=False, server_default=""))
    op.create_table(
        "ad_account_creations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("business_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=True),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=320), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_ad_account_creations_store_id_stores"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_account_creations")),
        sa.UniqueConstraint(
            "store_id", "idempotency_key", name=op.f("uq_ad_account_creations_store_id_idempotency_key")
        ),
    )
    with op.batch_alter_table("ad_account_creations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ad_account_creations_store_id_business_id"), ["store_id", "business_id"], unique=False
        )
    _carry_over_logged_creations()


# Before this revision the creations lived only in the audit log's text; carry them over once, so a Business
# Manager's count of API creations (Facebook allows 5) survives the upgrade. Nothing reads that text afterwards.
_KEY = re.compile(r"\bsubmission ([0-9A-Za-z_-]{8,64})\b")
_CREATED = re.compile(r"\bcreated (act_\d+)")


def _carry_over_logged_creations() -> None:
    log = sa.table(
        "audit_log",
        *(sa.column(c) for c in ("store_id", "at", "actor", "action", "result", "target_id", "detail")),
    )
    creations = sa.table(
        "ad_account_creations",
        *(sa.column(c) for c in ("store_id", "business_id", "idempotency_key", "name", "summary", "status")),
        *(sa.column(c) for c in ("account_id", "error_code", "requested_by", "requested_at", "finished_at")),
    )
    logged = sa.select(log).where(log.c.action == "create_ad_account", log.c.result.in_(["ok", "refused"]))
    rows = op.get_bind().execute(logged.order_by(log.c.at))
    seen: set[tuple[int, str]] = set()
    out = []
    for row in rows:
        key, made = _KEY.search(row.detail or ""), _CREATED.search(row.detail or "")
        full = row.result == "refused" and "(code 3979)" in (row.detail or "")
        if not key or (row.store_id, key.group(1)) in seen or not (made or full):
            continue
        seen.add((row.store_id, key.group(1)))
        out.append(
            {
                "store_id": row.store_id,
                "business_id": row.target_id or "",
                "idempotency_key": key.group(1),
                "name": "",
                "summary": (row.detail or "")[:4000],
                "status": "created" if made else "refused",
                "account_id": made.group(1) if made else None,
                "error_code": None if made else 3979,
                "requested_by": row.actor,
                "requested_at": row.at,
                "finished_at": row.at,
            }
        )
    if out:
        op.bulk_insert(creations, out)


def downgrade() -> None:
    with op.batch_alter_table("ad_account_creations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ad_account_creations_store_id_business_id"))
    op.drop_table("ad_account_creations")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("actor_name")
