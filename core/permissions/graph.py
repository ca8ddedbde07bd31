"""The permissions matrix against Graph: loading it in one batch request and sending changed cells (no database).

Loading reads the ad accounts 50 at a time with ``?ids=`` (their names, the signed-in person's tasks
``user_tasks`` and their people ``assigned_users``, with the ``business`` Graph requires), each Business Manager's
people (``business_users``) beside them, all as items of one batch request: up to 2,500 ad accounts in one round
trip. One account the viewer can't read makes Graph refuse its whole ``?ids=`` read (803), so that read's accounts
are read again one by one (a second round trip) and only the unreadable ones become read-only columns with
Graph's reason in words. Applying sends one POST (add or change) or DELETE (remove) per changed cell, 50 to a
batch request; each cell gets its own outcome, in Facebook's own words when Graph says why it refused.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.graph import AuthenticationError, BatchRequest, BatchResult, GraphClient, GraphError, edge
from core.graph.facebook import MAX_IDS_PER_READ
from core.permissions.model import AccountColumn, CellChange, ChangeKind, Matrix, Person
from core.permissions.roles import Tasks, ordered
from core.shared.i18n import _

log = logging.getLogger(__name__)

PEOPLE_PAGE = 50  # more than the 25 people an ad account may have: one page is enough
BUSINESS_PEOPLE_PAGE = 500
PEOPLE_FIELDS = ("id", "name", "tasks")


@dataclass(frozen=True)
class BoundAccount:
    """An ad account the store has bound: ``act_…``, its name, and the Business Manager it was bound through."""

    id: str
    name: str
    business_id: str | None = None
    business_name: str = ""


@dataclass(frozen=True)
class CellOutcome:
    change: CellChange
    ok: bool
    message: str
    error: GraphError | None = None


def _account_fields(business_id: str | None) -> list[Any]:
    fields: list[Any] = ["id", "name", "user_tasks"]
    if business_id:
        fields.append(edge("assigned_users", *PEOPLE_FIELDS, business=business_id, limit=PEOPLE_PAGE))
    return fields


def _by_business(accounts: Sequence[BoundAccount]) -> dict[str | None, list[BoundAccount]]:
    groups: dict[str | None, list[BoundAccount]] = {}
    for account in accounts:
        groups.setdefault(account.business_id, []).append(account)
    return groups


def _read(chunk: Sequence[BoundAccount]) -> BatchRequest:
    """One ad account as a node (so an error is its own), several with ``?ids=`` (one business each)."""
    business_id = chunk[0].business_id
    params = {"business": business_id}
    fields = _account_fields(business_id)
    if len(chunk) == 1:
        return BatchRequest.get(chunk[0].id, params, fields=fields)
    return BatchRequest.get("", {"ids": ",".join(a.id for a in chunk), **params}, fields=fields)


def _bodies(chunk: Sequence[BoundAccount], result: BatchResult) -> dict[str, Mapping[str, Any]]:
    if not result.ok or not isinstance(result.body, dict):
        return {}
    if len(chunk) == 1:
        return {chunk[0].id: result.body}
    return {a.id: result.body[a.id] for a in chunk if isinstance(result.body.get(a.id), dict)}


def load_matrix(client: GraphClient, accounts: Sequence[BoundAccount]) -> Matrix:
    """What Facebook holds for these ad accounts, with who may change it. An account that can't be read is a
    read-only column whose ``reason`` is Graph's error in words (and whose cells are unknown)."""
    reads: list[list[BoundAccount]] = []
    for group in _by_business(accounts).values():
        reads += [group[i : i + MAX_IDS_PER_READ] for i in range(0, len(group), MAX_IDS_PER_READ)]
    businesses = sorted({a.business_id for a in accounts if a.business_id})
    requests = [_read(chunk) for chunk in reads]
    requests += [
        BatchRequest.get(f"{b}/business_users", {"limit": BUSINESS_PEOPLE_PAGE}, fields=["id", "name", "role"])
        for b in businesses
    ]
    results = client.batch(requests) if requests else []

    bodies: dict[str, Mapping[str, Any]] = {}
    errors: dict[str, GraphError] = {}
    one_by_one: list[BoundAccount] = []
    for chunk, result in zip(reads, results, strict=False):
        found = _bodies(chunk, result)
        bodies.update(found)
        if result.error is not None and (len(chunk) == 1 or isinstance(result.error, AuthenticationError)):
            errors.update({a.id: result.error for a in chunk})
        else:
            one_by_one += [a for a in chunk if a.id not in found]
    if one_by_one:
        for account, result in zip(one_by_one, client.batch([_read([a]) for a in one_by_one]), strict=True):
            bodies.update(_bodies([account], result))
            if account.id not in bodies:
                errors[account.id] = result.error or GraphError(_("Graph gave no answer for this ad account"))

    people: dict[str, Person] = {}
    for result in results[len(reads) :]:
        if result.ok:
            for row in client.iter_nested(result.body):
                _add_person(people, row, row.get("role"))
    cells: dict[tuple[str, str], Tasks] = {}
    columns: list[AccountColumn] = []
    for account in accounts:
        error = errors.get(account.id)
        if error is not None:
            log.info("permissions: %s unreadable (%s)", account.id, type(error).__name__)
            columns.append(
                AccountColumn(
                    account.id,
                    account.name,
                    account.business_id,
                    False,
                    error=error,
                    business_name=account.business_name,
                )
            )
            continue
        body = bodies[account.id]
        for row in _people_of(client, account, body.get("assigned_users")):
            _add_person(people, row)
            tasks = frozenset(row.get("tasks") or ())
            if tasks:
                cells[(str(row["id"]), account.id)] = tasks
        columns.append(_column(account, body))
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
    """The account's column; whether the viewer may change it follows from their tasks on it (the words of why
    not are :attr:`AccountColumn.reason`'s)."""
    mine = frozenset(body.get("user_tasks") or ())
    editable = bool(account.business_id) and "MANAGE" in mine
    name, business = str(body.get("name") or account.name), account.business_name
    return AccountColumn(account.id, name, account.business_id, editable, my_tasks=mine, business_name=business)


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
    return CellOutcome(change, False, error.user_message, error)
