"""Fixtures every test may use (defined in :mod:`tests.support`)."""

from tests.support.db import (  # noqa: F401  (pytest finds fixtures and hooks by name)
    clock,
    database_url,
    db,
    pytest_runtest_makereport,
    selection_factory,
    store_id,
    uow,
)
