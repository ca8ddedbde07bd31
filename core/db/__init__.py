"""Persistence: the engine, the ORM tables and the migrations that build them."""

from core.db.engine import create_engine_for, upgrade_database

__all__ = ["create_engine_for", "upgrade_database"]
