"""Alembic migrations of the library, shipped inside the package (see store.database.upgrade)."""
