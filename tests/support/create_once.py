"""One process that creates an ad account, for the tests of creation across processes (no tests here).

``python -m tests.support.create_once DATABASE_URL STORE_ID GRAPH_BASE_URL NAME GO_FILE`` waits until ``GO_FILE``
exists (so several processes start their request together), calls ``core.ad_accounts.create`` as Ann Example
against the Graph host, and prints one JSON line: ``{"outcome": "created" | "replayed" | "recovered" |
"in_flight" | "lost", "account_id": …}``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from core.ad_accounts import NewAdAccount, SubmissionNotFinished, create
from core.db.engine import create_engine_for
from core.db.uow import SqlAlchemyUnitOfWork
from core.graph import AmbiguousWriteError, GraphClient
from core.sandbox.demo_ids import DEMO_BUSINESS_ID_MAIN
from core.shared import Actor

ANN = Actor("a@example.com", "Ann Example")


def main(database_url: str, store_id: str, base_url: str, name: str, go_file: str) -> dict[str, str | None]:
    engine = create_engine_for(database_url)
    client = GraphClient("demo-admin", base_url=base_url, timeout=20)
    deadline = time.monotonic() + 30
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        result = create(
            int(store_id), DEMO_BUSINESS_ID_MAIN, NewAdAccount(name, "USD", 1), SqlAlchemyUnitOfWork(engine),
            actor=ANN, client=client,
        )  # fmt: skip
    except SubmissionNotFinished:
        return {"outcome": "in_flight", "account_id": None}
    except AmbiguousWriteError:
        return {"outcome": "lost", "account_id": None}
    finally:
        engine.dispose()
    outcome = "recovered" if result.recovered else "replayed" if result.replayed else "created"
    return {"outcome": outcome, "account_id": result.account_id}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(*sys.argv[1:6])) + "\n")
