"""Fact-checks: ClaimReview records (``claimscope factcheck import``) and their claim embeddings.

Owned by ``claimscope.factcheck``. The tables are written out here rather than imported, so this
migration keeps meaning what it meant when it shipped.
"""

from __future__ import annotations

import sqlalchemy as sa

DESCRIPTION = "factcheck_reviews, factcheck_vectors: ClaimReview records and claim embeddings"


def upgrade(conn: sa.Connection) -> None:
    md = sa.MetaData()
    reviews = sa.Table(
        "factcheck_reviews",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("identifier", sa.Text),
        sa.Column("claim_reviewed", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("rating", sa.Text),
        sa.Column("rating_value", sa.Float),
        sa.Column("best_rating", sa.Float),
        sa.Column("worst_rating", sa.Float),
        sa.Column("publisher", sa.Text),
        sa.Column("date", sa.String(40)),
        sa.Column("language", sa.String(16)),
        sa.Column("claimant", sa.Text),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    sa.Index("ix_factcheck_reviews_url", reviews.c.url)
    sa.Table(
        "factcheck_vectors",
        md,
        sa.Column("review_id", sa.Integer, sa.ForeignKey("factcheck_reviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    md.create_all(conn)
