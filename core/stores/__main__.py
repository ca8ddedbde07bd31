"""The operator's commands for stores: ``python -m core.stores``. Every change is audited (as the operator).

    python -m core.stores create-store "Outdoor shop" --plan basic --member owner@shop.example
    python -m core.stores add-member STORE_ID someone@shop.example [--role admin]
    python -m core.stores set-role STORE_ID someone@shop.example viewer
    python -m core.stores remove-member STORE_ID someone@shop.example
    python -m core.stores set-plan STORE_ID pro
    python -m core.stores members STORE_ID
    python -m core.stores list owner@shop.example

A person signed in with ``st.login`` opens the stores their email belongs to; any other email sees "No access".
Plans change only here (billing lives elsewhere): a plan smaller than what the store has bound is refused.
"""

from __future__ import annotations

import argparse
import logging
import sys

from core.config import Settings
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import OPERATOR, DomainError
from core.stores import (
    StoreRole,
    add_member,
    create_store,
    members,
    remove_member,
    set_plan,
    set_role,
    stores_for_member,
)

ROLES = [r.value for r in StoreRole]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core.stores", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="any SQLAlchemy URL (default: DATABASE_URL or the SQLite file)")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-store", help="create a store whose members are its owners")
    create.add_argument("name")
    create.add_argument("--plan", default="basic", help="free, basic, pro, enterprise (default: basic)")
    create.add_argument("--member", action="append", default=[], help="an owner's email (repeatable)")
    add = commands.add_parser("add-member", help="let one more email open a store")
    add.add_argument("store_id", type=int)
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, default=StoreRole.OWNER.value)
    role = commands.add_parser("set-role", help="change a member's role (a store always keeps an owner)")
    role.add_argument("store_id", type=int)
    role.add_argument("email")
    role.add_argument("role", choices=ROLES)
    remove = commands.add_parser("remove-member", help="take an email out of a store (not its last owner)")
    remove.add_argument("store_id", type=int)
    remove.add_argument("email")
    plan = commands.add_parser("set-plan", help="move a store to another plan")
    plan.add_argument("store_id", type=int)
    plan.add_argument("plan")
    who = commands.add_parser("members", help="a store's members and their roles")
    who.add_argument("store_id", type=int)
    show = commands.add_parser("list", help="the stores an email may open")
    show.add_argument("email")
    return parser


def _run(args: argparse.Namespace, uow: SqlAlchemyUnitOfWork) -> str:
    if args.command == "create-store":
        store_id = create_store(uow, name=args.name, plan=args.plan, members=args.member)
        return f"store {store_id}: {args.name} (plan {args.plan}), owners: {', '.join(args.member) or 'none'}"
    if args.command == "add-member":
        added = add_member(args.store_id, args.email, StoreRole(args.role), uow, actor=OPERATOR)
        email = args.email.strip().lower()
        if not added:
            return f"{email} is a member of store {args.store_id} already (role unchanged)"
        return f"{email} may now open store {args.store_id} as {args.role}"
    if args.command == "set-role":
        set_role(args.store_id, args.email, StoreRole(args.role), uow, actor=OPERATOR)
        return f"{args.email.strip().lower()} is now {args.role} of store {args.store_id}"
    if args.command == "remove-member":
        remove_member(args.store_id, args.email, uow, actor=OPERATOR)
        return f"{args.email.strip().lower()} was removed from store {args.store_id}"
    if args.command == "set-plan":
        set_plan(args.store_id, args.plan, uow, actor=OPERATOR)
        return f"store {args.store_id} is now on the {args.plan} plan"
    if args.command == "members":
        return "\n".join(f"{m.email}: {m.role.value}" for m in members(args.store_id, uow)) or "no members"
    stores = stores_for_member(args.email.strip().lower(), uow)
    lines = [f"store {s.id}: {s.name} (plan {s.plan}), {s.role.value}" for s in stores]
    return "\n".join(lines) or f"{args.email} belongs to no store"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    engine = create_engine_for(args.database_url or Settings.load().resolved_database_url)
    try:
        upgrade_database(engine)
        sys.stdout.write(_run(args, SqlAlchemyUnitOfWork(engine)) + "\n")
    except DomainError as exc:
        sys.stderr.write(f"error: {exc.user_message}\n")
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
