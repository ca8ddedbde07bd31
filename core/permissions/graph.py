"""The permissions matrix against Graph: loading it in batches and sending changed cells (no database here).

Loading reads each ad account once, 50 to a batch request: its name, the signed-in person's tasks
(``user_tasks``) and its people (``assigned_users`` with the ``business`` Graph requires); the first account of
each Business Manager also brings that business's people (``business_users``), so the whole matrix costs
``ceil(accounts / 50)`` round trips plus paging, which only a page of more than 50 people needs.
Applying sends one POST (add or change) or DELETE (remove) per changed cell, 50 to a batch request; each cell
gets its own outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.graph import BatchRequest, BatchResult, GraphClient, GraphError, edge
from core.permissions.model import (
    MAX_AD_ACCOUNTS_PER_PERSON,
    MAX_PEOPLE_PER_AD_ACCOUNT,
    AccountColumn,
    CellChange,
    ChangeKind,
    Matrix,
    Person,
    Tasks,
    ordered,
    role_label,
)

log = logging.getLogger(__name__)

PEOPLE_PAGE = 50  # more than the 25 people an ad account may have: one page is enough
BUSINESS_PEOPLE_PAGE = 500
PEOPLE_FIELDS = ("id", "name", "tasks")
LIMIT_CODE = 2620  # Graph's answer for a refused people change, the 25-person and 25-account caps included


@dataclass(frozen=True)
class BoundAccount:
    """An ad account the store has bound: ``act_…``, its name, and the Business Manager it was bound through."""

    id: str
    name: str
    business_id: str | None = None


@dataclass(frozen=True)
class CellOutcome:
    change: CellChange
    ok: bool
    message: str
    error: GraphError | None = None


def _account_fields(business_id: str | None, with_business_people: bool) -> list[Any]:
    fields: list[Any] = ["id", "name", "user_tasks"]
    if business_id:
        fields.append(edge("assigned_users", *PEOPLE_FIELDS, business=business_id, limit=PEOPLE_PAGE))
    if with_business_people:
        people = edge("business_users", "id", "name", "role", limit=BUSINESS_PEOPLE_PAGE)
        fields.append(edge("business", "id", "name", people))
    return fields


def load_matrix(client: GraphClient, accounts: Sequence[BoundAccount]) -> Matrix:
    """What Facebook holds for these ad accounts, with who may change it. An account that can't be read is a
    read-only column whose ``reason`` is Graph's error in words."""
    requests: list[BatchRequest] = []
    first_of_business: set[str] = set()
    for account in accounts:
        lead = bool(account.business_id) and account.business_id not in first_of_business
        if lead:
            first_of_business.add(account.business_id)  # type: ignore[arg-type]
        params = {"business": account.business_id} if account.business_id else None
        requests.append(BatchRequest.get(account.id, params, fields=_account_fields(account.business_id, lead)))
    results = client.batch(requests) if requests else []

    people: dict[str, Person] = {}
    cells: dict[tuple[str, str], Tasks] = {}
    columns: list[AccountColumn] = []
    business_people_read: set[str] = set()
    for account, result in zip(accounts, results, strict=True):
        if not result.ok:
            assert result.error is not None
            log.info("permissions: %s unreadable (%s)", account.id, type(result.error).__name__)
            error = result.error
            columns.append(
                AccountColumn(account.id, account.name, account.business_id, False, error.user_message, error=error)
            )
            continue
        body = result.body if isinstance(result.body, dict) else {}
        business = body.get("business") or {}
        if account.business_id and business.get("id") == account.business_id:
            business_people_read.add(account.business_id)
            for row in client.iter_nested(business.get("business_users")):
                _add_person(people, row, row.get("role"))
        for row in _people_of(client, account, body.get("assigned_users")):
            _add_person(people, row)
            tasks = frozenset(row.get("tasks") or ())
            if tasks:
                cells[(str(row["id"]), account.id)] = tasks
        columns.append(_column(account, body))

    # A business whose people didn't come with its first account (it shares the account as an agency, so the
    # account's own business is another one): read those businesses' people now.
    missing = sorted({a.business_id for a in accounts if a.business_id} - business_people_read)
    if missing:
        fields = ["id", "name", "role"]
        extra = [
            BatchRequest.get(f"{b}/business_users", {"limit": BUSINESS_PEOPLE_PAGE}, fields=fields) for b in missing
        ]
        for result in client.batch(extra):
            if result.ok:
                for row in client.iter_nested(result.body):
                    _add_person(people, row, row.get("role"))
    ordered_people = sorted(people.values(), key=lambda p: (p.name.casefold(), p.id))
    return Matrix(tuple(ordered_people), tuple(columns), cells)


def _people_of(client: GraphClient, account: BoundAccount, page: Mapping[str, Any] | None) -> Iterator[dict]:
    """An account's people from its nested first page, then the next pages by cursor (with ``business``, which
    a nested page's ``next`` link may not carry)."""
    if not page:
        return
    yield from page.get("data") or []
    paging = page.get("paging") or {}
    after = (paging.get("cursors") or {}).get("after")
    if paging.get("next") and after:
        params = {"business": account.business_id, "after": after}
        yield from client.iter_edge(f"{account.id}/assigned_users", params, fields=PEOPLE_FIELDS, limit=PEOPLE_PAGE)


def _add_person(people: dict[str, Person], row: Mapping[str, Any], role: str | None = None) -> None:
    person_id = str(row.get("id") or "")
    if not person_id:
        return
    known = people.get(person_id)
    name = str(row.get("name") or (known.name if known else person_id))
    people[person_id] = Person(person_id, name, role or (known.business_role if known else None))


def _column(account: BoundAccount, body: Mapping[str, Any]) -> AccountColumn:
    name = str(body.get("name") or account.name)
    mine = frozenset(body.get("user_tasks") or ())
    if not account.business_id:
        reason = (
            "This ad account isn't in a Business Manager bound to the store, so its people are managed in "
            "Ads Manager, not here."
        )
        return AccountColumn(account.id, name, None, False, reason, mine)
    if "MANAGE" not in mine:
        yours = f"You have {role_label(mine)}" if mine else "You have no role"
        reason = f"{yours} on this ad account; only its admins (MANAGE) can change who has access."
        return AccountColumn(account.id, name, account.business_id, False, reason, mine)
    return AccountColumn(account.id, name, account.business_id, True, "", mine)


def ad_account_counts(client: GraphClient, person_ids: Sequence[str]) -> dict[str, int]:
    """How many ad accounts each person has tasks on, all of Facebook counted (not only this store's), for the
    25-per-person cap: ``<person>/assigned_ad_accounts?summary=total_count&limit=0``, 50 to a batch request. A
    person whose count cannot be read is left out (Facebook's own refusal, 2620, still comes back in words)."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    params = {"summary": "total_count", "limit": 0}
    results = client.batch([BatchRequest.get(f"{pid}/assigned_ad_accounts", params) for pid in ids])
    counts: dict[str, int] = {}
    for person_id, result in zip(ids, results, strict=True):
        summary = (result.body or {}).get("summary") if result.ok and isinstance(result.body, dict) else None
        total = summary.get("total_count") if isinstance(summary, dict) else None
        if isinstance(total, int):
            counts[person_id] = total
        else:
            log.info("permissions: ad account count of a person unreadable (%s)", type(result.error).__name__)
    return counts


def change_request(change: CellChange) -> BatchRequest:
    """Adding and changing are the same POST with ``user`` and ``tasks``; removing is a DELETE with ``user``."""
    path = f"{change.account.id}/assigned_users"
    if change.kind is ChangeKind.LOSES:
        return BatchRequest.delete(path, {"user": change.person.id})
    return BatchRequest.post(path, {"user": change.person.id, "tasks": ordered(change.after)})


def apply_changes(client: GraphClient, changes: Sequence[CellChange]) -> list[CellOutcome]:
    """Send the changed cells, 50 to a batch request (``ceil(K / 50)`` round trips); one outcome per cell, in
    order. One cell's failure never hides another's success; writes are never sent twice."""
    if not changes:
        return []
    results = client.batch([change_request(c) for c in changes])
    return [_outcome(change, result) for change, result in zip(changes, results, strict=True)]


def _outcome(change: CellChange, result: BatchResult) -> CellOutcome:
    if result.ok:
        return CellOutcome(change, True, "Done.")
    error = result.error
    assert error is not None
    message = error.user_message
    if error.code == LIMIT_CODE and change.kind is ChangeKind.GAINS:
        message += (
            f" Facebook also refuses this way when the ad account already has {MAX_PEOPLE_PER_AD_ACCOUNT} people or "
            f"{change.person.name} already has {MAX_AD_ACCOUNTS_PER_PERSON} ad accounts, counting accounts this "
            "store doesn't see."
        )
    return CellOutcome(change, False, message, error)
