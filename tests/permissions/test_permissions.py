"""The permissions rules without Graph: roles and task sets, the diff, §5's people rules, presets, CSV."""

from __future__ import annotations

import csv
import io

import pytest

from core.permissions import (
    ADMIN,
    GENERAL_USER,
    NO_ACCESS,
    REPORTING_ONLY,
    UNKNOWN,
    AccountColumn,
    CellChange,
    ChangeKind,
    InvalidTaskSet,
    Matrix,
    Person,
    changes_from_labels,
    check_changes,
    offered_roles,
    preset,
    role_label,
    task_codes,
    tasks_of,
)
from core.permissions.model import task_set_problem

ADMIN_TASKS = frozenset({"MANAGE", "ADVERTISE", "ANALYZE"})
ANALYZE = frozenset({"ANALYZE"})


def people(n: int) -> tuple[Person, ...]:
    return tuple(Person(f"p{i:02d}", f"Person {i:02d}") for i in range(n))


def matrix(
    n_people: int = 3, n_accounts: int = 2, cells: dict | None = None, read_only: tuple[str, ...] = ()
) -> Matrix:
    accounts = tuple(
        AccountColumn(
            f"act_{i}",
            f"Account {i}",
            "bm",
            editable=f"act_{i}" not in read_only,
            stated_reason="You have Reporting only on this ad account." if f"act_{i}" in read_only else "",
            my_tasks=ANALYZE if f"act_{i}" in read_only else ADMIN_TASKS,
        )
        for i in range(n_accounts)
    )
    default = {("p00", a.id): ADMIN_TASKS for a in accounts}
    return Matrix(people(n_people), accounts, default if cells is None else cells)


@pytest.mark.parametrize(
    ("tasks", "label"),
    [
        (["MANAGE", "ADVERTISE", "ANALYZE"], ADMIN),
        (["ANALYZE", "ADVERTISE"], GENERAL_USER),
        (["ANALYZE"], REPORTING_ONLY),
        ([], NO_ACCESS),
        (["DRAFT"], "Custom: draft ads"),
        (["AA_ANALYZE", "ANALYZE", "DRAFT"], "Custom: see results, draft ads and use advanced analytics"),
    ],
)
def test_role_labels_round_trip_in_words(tasks, label):
    assert role_label(tasks) == label
    assert tasks_of(label) == frozenset(tasks)
    assert tasks_of(label.upper()) == frozenset(tasks)


def test_labels_written_with_facebooks_codes_are_still_read_and_codes_are_kept_for_details():
    assert tasks_of("Custom: DRAFT") == frozenset({"DRAFT"})
    assert tasks_of("Custom: ANALYZE, DRAFT, AA_ANALYZE") == frozenset({"ANALYZE", "DRAFT", "AA_ANALYZE"})
    assert task_codes(ADMIN) == "MANAGE, ADVERTISE, ANALYZE"
    assert task_codes("Custom: draft ads") == "DRAFT"
    assert task_codes(NO_ACCESS) == "none"


@pytest.mark.parametrize(
    ("label", "why"),
    [
        ("Owner", "isn't a role"),
        ("Custom: MANAGE", "“Manage the ad account and its people” also needs “create and edit ads and see results”"),
        ("Custom: create and edit ads", "“Create and edit ads” also needs “see results”"),
        ("Custom: SUPERPOWERS", "SUPERPOWERS isn't an ad account task"),
        ("Custom: ", "names no task"),
    ],
)
def test_invalid_task_sets_are_named(label, why):
    with pytest.raises(InvalidTaskSet, match=why):
        tasks_of(label)


def test_empty_label_is_no_access_and_roles_ignore_case():
    assert tasks_of(None) == frozenset()
    assert tasks_of("") == frozenset()
    assert tasks_of("general USER") == frozenset({"ADVERTISE", "ANALYZE"})
    assert task_set_problem(ADMIN_TASKS) is None


def test_diff_names_who_gains_changes_or_loses_what_where():
    m = matrix(cells={("p00", "act_0"): ADMIN_TASKS, ("p01", "act_0"): ANALYZE, ("p02", "act_1"): ANALYZE,
                      ("p00", "act_1"): ADMIN_TASKS})  # fmt: skip
    labels = m.labels()
    labels[("p01", "act_0")] = GENERAL_USER
    labels[("p02", "act_1")] = NO_ACCESS
    labels[("p02", "act_0")] = REPORTING_ONLY
    changes, refused = changes_from_labels(m, labels)
    assert refused == []
    assert [(c.person.id, c.account.id, c.kind) for c in changes] == [
        ("p01", "act_0", ChangeKind.CHANGES),
        ("p02", "act_0", ChangeKind.GAINS),
        ("p02", "act_1", ChangeKind.LOSES),
    ]
    assert [c.describe() for c in changes] == [
        "Person 01 changes from Reporting only to General user on Account 0",
        "Person 02 gains Reporting only on Account 0",
        "Person 02 loses Reporting only on Account 1",
    ]
    assert check_changes(m, changes) == []


def test_unchanged_and_unknown_cells_make_no_change_and_bad_labels_are_refused():
    m = matrix()
    assert changes_from_labels(m, m.labels()) == ([], [])
    assert changes_from_labels(m, {}) == ([], [])
    labels = {**m.labels(), ("p01", "act_0"): "Custom: MANAGE"}
    changes, refused = changes_from_labels(m, labels)
    assert changes == []
    assert len(refused) == 1 and refused[0].person_id == "p01" and refused[0].account_id == "act_0"
    assert "Person 01 on Account 0" in refused[0].message and "MANAGE also needs" in refused[0].message


def test_read_only_accounts_are_refused_with_their_reason():
    m = matrix(read_only=("act_1",))
    change = CellChange(m.person("p01"), m.account("act_1"), frozenset(), ANALYZE)
    refused = check_changes(m, [change])
    assert [r.message for r in refused] == [
        "Person 01 gains Reporting only on Account 1: You have Reporting only on this ad account."
    ]


def test_at_most_25_people_per_ad_account():
    cells = {("p00", "act_0"): ADMIN_TASKS} | {(f"p{i:02d}", "act_0"): ANALYZE for i in range(1, 24)}
    m = matrix(n_people=30, n_accounts=1, cells=cells)  # 24 people
    twenty_fifth = CellChange(m.person("p24"), m.account("act_0"), frozenset(), ANALYZE)
    assert check_changes(m, [twenty_fifth]) == []
    twenty_sixth = CellChange(m.person("p25"), m.account("act_0"), frozenset(), ANALYZE)
    refused = check_changes(m, [twenty_fifth, twenty_sixth])
    assert len(refused) == 1
    assert "Account 0 would have 26 people; Facebook allows at most 25" in refused[0].message
    assert "leave out Person 24 and Person 25" in refused[0].message
    # one leaving makes room
    leaving = CellChange(m.person("p01"), m.account("act_0"), ANALYZE, frozenset())
    assert check_changes(m, [twenty_fifth, twenty_sixth, leaving]) == []
    # a change of role on a full account adds nobody
    full = Matrix(m.people, m.accounts, {**cells, ("p24", "act_0"): ANALYZE})
    promote = CellChange(m.person("p24"), m.account("act_0"), ANALYZE, frozenset({"ADVERTISE", "ANALYZE"}))
    assert full.people_on("act_0") == 25 and check_changes(full, [promote]) == []


def test_at_most_25_ad_accounts_per_person():
    cells = {("p00", f"act_{i}"): ADMIN_TASKS for i in range(27)} | {("p01", f"act_{i}"): ANALYZE for i in range(24)}
    m = matrix(n_accounts=27, cells=cells)
    on_25th = CellChange(m.person("p01"), m.account("act_24"), frozenset(), ANALYZE)
    assert check_changes(m, [on_25th]) == []
    on_26th = CellChange(m.person("p01"), m.account("act_25"), frozenset(), ANALYZE)
    refused = check_changes(m, [on_25th, on_26th])
    assert [r.person_id for r in refused] == ["p01"]
    assert (
        "Person 01 already has tasks on 24 ad accounts and would be on 26; Facebook allows at most 25 per person"
        in (refused[0].message)
    )


def test_the_last_admin_of_an_account_cannot_be_removed_but_can_be_replaced():
    m = matrix()
    demote = CellChange(m.person("p00"), m.account("act_0"), ADMIN_TASKS, ANALYZE)
    refused = check_changes(m, [demote])
    assert [r.account_id for r in refused] == ["act_0"]
    assert "Account 0 would be left without an Admin" in refused[0].message
    remove = CellChange(m.person("p00"), m.account("act_0"), ADMIN_TASKS, frozenset())
    assert len(check_changes(m, [remove])) == 1
    successor = CellChange(m.person("p01"), m.account("act_0"), frozenset(), ADMIN_TASKS)
    assert check_changes(m, [demote, successor]) == []


def test_every_broken_rule_is_listed_at_once():
    m = matrix(read_only=("act_1",))
    changes = [
        CellChange(m.person("p00"), m.account("act_0"), ADMIN_TASKS, frozenset()),
        CellChange(m.person("p01"), m.account("act_1"), frozenset(), ANALYZE),
        CellChange(m.person("p02"), m.account("act_0"), frozenset(), frozenset({"MANAGE"})),
    ]
    messages = " | ".join(r.message for r in check_changes(m, changes))
    assert "without an Admin" in messages
    assert "You have Reporting only" in messages
    assert "MANAGE also needs ADVERTISE and ANALYZE" in messages


def test_presets_fill_a_row_or_a_column_of_editable_accounts_only():
    m = matrix(n_accounts=3, read_only=("act_2",))
    row = preset(m, m.labels(), GENERAL_USER, person_id="p01")
    assert [row[("p01", f"act_{i}")] for i in range(3)] == [GENERAL_USER, GENERAL_USER, NO_ACCESS]
    assert row[("p02", "act_0")] == NO_ACCESS
    column = preset(m, m.labels(), REPORTING_ONLY, account_id="act_1")
    assert {column[(p.id, "act_1")] for p in m.people} == {REPORTING_ONLY}
    assert column[("p00", "act_0")] == ADMIN
    with pytest.raises(InvalidTaskSet):
        preset(m, m.labels(), "Owner", person_id="p01")


def test_csv_has_one_row_per_person_and_one_column_per_account():
    m = matrix(cells={("p00", "act_0"): ADMIN_TASKS, ("p01", "act_1"): frozenset({"DRAFT"})})
    rows = list(csv.reader(io.StringIO(m.to_csv())))
    assert rows == [
        ["Person", "Person ID", "Account 0 · act_0", "Account 1 · act_1"],
        ["Person 00", "p00", ADMIN, NO_ACCESS],
        ["Person 01", "p01", NO_ACCESS, "Custom: draft ads"],
        ["Person 02", "p02", NO_ACCESS, NO_ACCESS],
    ]
    edited = {**m.labels(), ("p02", "act_0"): GENERAL_USER}
    assert list(csv.reader(io.StringIO(m.to_csv(edited))))[3] == ["Person 02", "p02", GENERAL_USER, NO_ACCESS]


def test_only_the_tasks_the_viewer_holds_are_offered_and_the_rest_is_refused_with_why():
    general = frozenset({"ADVERTISE", "ANALYZE"})
    mine = AccountColumn("act_0", "Main", "bm", editable=True, my_tasks=ADMIN_TASKS)
    reporting = AccountColumn("act_1", "Shop", "bm", editable=False, stated_reason="…", my_tasks=ANALYZE)
    assert offered_roles(mine) == [ADMIN, GENERAL_USER, REPORTING_ONLY, NO_ACCESS]
    assert offered_roles(reporting) == []
    m = Matrix(people(2), (mine, reporting), {("p00", "act_0"): ADMIN_TASKS, ("p00", "act_1"): ADMIN_TASKS})
    drafts = CellChange(m.person("p01"), mine, frozenset(), frozenset({"DRAFT"}))  # Main's admin holds no DRAFT
    [refusal] = check_changes(m, [drafts])
    assert "you can give others only the tasks you hold yourself on Main" in refusal.message
    assert "you have Admin there" in refusal.message
    assert check_changes(m, [CellChange(m.person("p01"), mine, frozenset(), general)]) == []
    # a preset gives a role only where the viewer may give it
    out = preset(m, m.labels(), REPORTING_ONLY, person_id="p01")
    assert out[("p01", "act_0")] == REPORTING_ONLY and out[("p01", "act_1")] == NO_ACCESS


def test_cells_of_an_account_the_viewer_cannot_read_are_unknown_not_no_access():
    hidden = AccountColumn(
        "act_9", "Wholesale", "bm", stated_reason="Facebook can't find this asset", error=Exception()
    )
    m = Matrix(people(2), (hidden,), {})
    assert not hidden.readable
    assert m.label("p00", "act_9") == UNKNOWN
    assert changes_from_labels(m, {("p00", "act_9"): ADMIN}) == ([], [])  # nothing to change where nothing is seen
    assert list(csv.reader(io.StringIO(m.to_csv())))[1] == ["Person 00", "p00", UNKNOWN]
