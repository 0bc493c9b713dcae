"""Fact-checks: e5 vectors of each review's headline and description (a second vector kind).

Owned by ``claimscope.factcheck``. ``factcheck_vectors`` (0002) keeps the claim's vector, one a
review; this table holds the others, one row per (review, field), ``field`` being ``title`` (the
ClaimReview ``name`` / ``headline``) or ``description``. A store migrated from 0002 starts with
the table empty: ``claimscope factcheck embed --db ...`` (or importing the file again) fills it,
and until then matching embeds the missing fields of the reviews it shows (E657). Written out
here rather than imported, so this migration keeps meaning what it meant when it shipped.
"""

from __future__ import annotations

import sqlalchemy as sa

DESCRIPTION = "factcheck_field_vectors: e5 vectors of each review's headline and description"


def upgrade(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("factcheck_reviews", md, sa.Column("id", sa.Integer, primary_key=True))  # for the foreign key only
    sa.Table(
        "factcheck_field_vectors",
        md,
        sa.Column("review_id", sa.Integer, sa.ForeignKey("factcheck_reviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("field", sa.String(16), primary_key=True),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    md.tables["factcheck_field_vectors"].create(conn)
