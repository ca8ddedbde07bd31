"""Fixtures of the sync tests (defined in :mod:`tests.support.workers`)."""

from tests.support.workers import pg_url  # noqa: F401  (pytest finds fixtures by name)
