"""The current schema as SQLAlchemy Core tables, for queries (migrations define their own copies).

Keep in step with the migrations: a column added by ``mNNNN`` is added here in the same commit.
PostgreSQL's generated ``articles.search`` tsvector and SQLite's ``articles_fts`` FTS5 table are
used through SQL text in ``_search`` only.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
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

fingerprints = sa.Table(
    "fingerprints",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("scheme", sa.String(64), nullable=False),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
    sa.Column("shingles", sa.Integer, nullable=False),
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("embedded", sa.Boolean, nullable=False),
)

paragraph_vectors = sa.Table(
    "paragraph_vectors",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("paragraph", sa.String(16), nullable=False),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

inputs = sa.Table(
    "inputs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False, unique=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
    sa.Column("status", sa.String(8), nullable=False),
    sa.Column("error_code", sa.String(8)),
    sa.Column("error_message", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)
