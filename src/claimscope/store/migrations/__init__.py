"""Numbered schema migrations, applied in order by :mod:`claimscope.store._migrate`.

Adding one is a one-file job: create ``mNNNN_<what>.py`` here with the next free number (no gaps,
no duplicates; the loader refuses both) holding

    DESCRIPTION = "what it adds"

    def upgrade(conn: sqlalchemy.Connection) -> None:
        ...  # SQLAlchemy Core DDL; branch on conn.dialect.name for SQLite/PostgreSQL specifics

It runs inside one transaction together with the row that records it in ``claimscope_schema``.
Never edit a released migration: write a new one. Numbers taken: 0001 (articles, fingerprints,
inputs: the store); 0002 and 0003 are the fact-check tables (``claimscope.factcheck``: reviews and claim
vectors; headline and description vectors).
"""
