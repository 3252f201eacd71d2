"""Persistence: SQLAlchemy 2 ORM tables, sessions and Alembic migrations."""
