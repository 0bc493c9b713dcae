"""Articles, their fingerprints (MinHash, paragraph embeddings) and the corpus-add input log.

The tables are written out here rather than imported from ``_tables`` so that this migration keeps
meaning what it meant when it shipped, whatever the current schema becomes.
"""

from __future__ import annotations

import sqlalchemy as sa

DESCRIPTION = "articles, fingerprints, paragraph_vectors, inputs; full-text search"


def upgrade(conn: sa.Connection) -> None:
    md = sa.MetaData()
    articles = sa.Table(
        "articles",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("locator", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text),
        sa.Column("input_kind", sa.String(16)),
        sa.Column("input_path", sa.Text),
        sa.Column("input_url", sa.Text),
        sa.Column("input_sha256", sa.String(64)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("site", sa.Text),
        sa.Column("site_name", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("claims_text", sa.Text, nullable=False),
        sa.Column("analysis", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("content_sha256", "locator", name="uq_articles_content_locator"),
    )
    sa.Index("ix_articles_canonical_url", articles.c.canonical_url)
    sa.Index("ix_articles_site", articles.c.site)
    sa.Index("ix_articles_published", articles.c.published)
    sa.Table(
        "fingerprints",
        md,
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scheme", sa.String(64), nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("embedded", sa.Boolean, nullable=False),
    )
    sa.Table(
        "paragraph_vectors",
        md,
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("paragraph", sa.String(16), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    inputs = sa.Table(
        "inputs",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False, unique=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("error_code", sa.String(8)),
        sa.Column("error_message", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    sa.Index("ix_inputs_article_id", inputs.c.article_id)
    md.create_all(conn)

    if conn.dialect.name == "sqlite":
        if _has_fts5(conn):
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, claims, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
    elif conn.dialect.name == "postgresql":
        # A tsvector holds at most 1 MB: index the first 300,000 characters of very long texts.
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', left(coalesce(title, '') || ' ' || text || ' ' || claims_text, 300000))) STORED"
        )
        conn.exec_driver_sql("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def _has_fts5(conn: sa.Connection) -> bool:
    options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options
