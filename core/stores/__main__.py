"""Who may sign in to which store (live mode): ``python -m core.stores``.

    python -m core.stores create-store "Outdoor shop" --plan basic --member owner@shop.example
    python -m core.stores add-member STORE_ID someone@shop.example
    python -m core.stores list owner@shop.example

A person signed in with ``st.login`` sees the store their email belongs to; any other email sees "No access".
"""

from __future__ import annotations

import argparse
import logging
import sys

from core.config import Settings
from core.db.engine import create_engine_for, upgrade_database
from core.db.uow import SqlAlchemyUnitOfWork
from core.shared import DomainError
from core.stores import add_member, create_store, stores_for_member


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.stores", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="any SQLAlchemy URL (default: DATABASE_URL or the SQLite file)")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-store", help="create a store and let its members sign in")
    create.add_argument("name")
    create.add_argument("--plan", default="basic", help="free, basic, pro, enterprise (default: basic)")
    create.add_argument("--member", action="append", default=[], help="an email that may sign in (repeatable)")
    add = commands.add_parser("add-member", help="let one more email sign in to a store")
    add.add_argument("store_id", type=int)
    add.add_argument("email")
    show = commands.add_parser("list", help="the stores an email may open")
    show.add_argument("email")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    engine = create_engine_for(args.database_url or Settings.load().resolved_database_url)
    try:
        upgrade_database(engine)
        uow = SqlAlchemyUnitOfWork(engine)
        if args.command == "create-store":
            store_id = create_store(uow, name=args.name, plan=args.plan, members=args.member)
            print(f"store {store_id}: {args.name} (plan {args.plan}), members: {', '.join(args.member) or 'none'}")
        elif args.command == "add-member":
            add_member(args.store_id, args.email, uow)
            print(f"{args.email.strip().lower()} may now sign in to store {args.store_id}")
        else:
            stores = stores_for_member(args.email.strip().lower(), uow)
            for store in stores:
                print(f"store {store.id}: {store.name} (plan {store.plan})")
            if not stores:
                print(f"{args.email} belongs to no store")
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
