"""Permissions use cases: review an edited matrix against Facebook's rules, apply the changed cells on Facebook.

Both write their own audit entries: every rule a review finds broken (nothing is sent for it), and every cell
Apply sends, done or failed with Graph's code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.activity.audit import audit_row, audited, record_entries
from core.activity.model import Result
from core.binding import AssetKind
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import GraphClient
from core.permissions.graph import CellOutcome, ad_account_counts, apply_changes
from core.permissions.model import CellChange, ChangeKind, Matrix, Refusal, changes_from_labels, check_changes
from core.shared import Actor, Clock, system_clock
from core.stores.access import check
from core.stores.model import Permission

ACTIONS: Mapping[ChangeKind, str] = {
    ChangeKind.GAINS: "permission_grant",
    ChangeKind.CHANGES: "permission_change",
    ChangeKind.LOSES: "permission_remove",
}


@dataclass(frozen=True)
class Review:
    """What an edited matrix asks for: the changed cells, or the rules they break (then nothing may be sent)."""

    changes: list[CellChange] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def review(
    store_id: int,
    matrix: Matrix,
    labels: Mapping[tuple[str, str], str | None],
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient | None = None,
) -> Review:
    """Compare the edited cell labels with what Facebook holds and check every rule before anything is sent.

    With ``client``, once the changes pass every rule the matrix can tell, the people who would gain an ad account
    have their count of ad accounts read from Facebook (one batched read, never a write), so the 25-per-person cap
    counts their accounts outside this store too."""
    with audited(uow, store_id, clock, actor, ACTIONS[ChangeKind.CHANGES], AssetKind.AD_ACCOUNT):
        check(store_id, actor, Permission.PERMISSIONS, uow)
    changes, refusals = changes_from_labels(matrix, labels)
    refusals += check_changes(matrix, changes)
    gaining = [c.person.id for c in changes if c.kind is ChangeKind.GAINS]
    if not refusals and client is not None and gaining:
        refusals += check_changes(matrix, changes, ad_account_counts(client, gaining))
    if refusals:
        now = clock()
        rows = [
            audit_row(store_id, now, actor, ACTIONS[ChangeKind.CHANGES], Result.REFUSED, AssetKind.AD_ACCOUNT,
                      r.account_id, r.message)
            for r in refusals
        ]  # fmt: skip
        record_entries(uow, store_id, rows)
    return Review(changes, refusals)


def apply(
    store_id: int,
    changes: Sequence[CellChange],
    uow: SqlAlchemyUnitOfWork,
    *,
    actor: Actor,
    clock: Clock = system_clock,
    client: GraphClient,
) -> list[CellOutcome]:
    """Send the changed cells to Facebook (batched), then record one audit entry per cell with its outcome."""
    with audited(uow, store_id, clock, actor, ACTIONS[ChangeKind.CHANGES], AssetKind.AD_ACCOUNT):
        check(store_id, actor, Permission.PERMISSIONS, uow)
    outcomes = apply_changes(client, changes)
    now = clock()
    rows = []
    for outcome in outcomes:
        detail = outcome.change.describe(english=True)  # the audit keeps English, like every entry
        if not outcome.ok and outcome.error is not None:
            detail += f" — failed: {outcome.error.user_title} (Facebook error code {outcome.error.code})"
        result = Result.OK if outcome.ok else Result.FAILED
        rows.append(
            audit_row(store_id, now, actor, ACTIONS[outcome.change.kind], result, AssetKind.AD_ACCOUNT,
                      outcome.change.account.id, detail)
        )  # fmt: skip
    record_entries(uow, store_id, rows)
    return outcomes
