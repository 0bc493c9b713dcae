"""Published fact-checks of the article's claims, from a store filled by ``claimscope factcheck import``.

Not in the default pipeline: ``claimscope analyze INPUT --db PATH`` adds it. Each entry of the
``factchecks`` layer is one ranked candidate review for one claim:

    {"claim": "c3", "start", "end", "text", "rank": 1..5, "similarity": 0..1, "match": bool,
     "match_probability": 0..1, "review": {"url", "claim_reviewed", "rating", "publisher", "date", "language", ...}}

A short input (a post: at most ``SHORT_CHARS`` characters once links and the embed signature are
gone) is matched as one whole-text query, its post's noise removed, with ``claim`` the id of its
only claim or null; a longer one claim by claim. ``similarity`` is the re-ranker's score, which
orders the candidates; ``match`` is the separate match decision (a calibrated classifier on
absolute pair evidence, ``match_probability`` its probability, threshold chosen on data:
``models/factcheck/MODEL_CARD.md``); the other candidates are kept for a reader who wants to look
further.

In a service (``lazy=True``) a store with no fact-check yet is not an error: the analyzer gives no
entries until reviews are imported, and the next analysis after ``factcheck import`` uses them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar

from claimscope.analyzers.base import AnalyzerInfo
from claimscope.errors import ConfigError, FactCheckError
from claimscope.factcheck.match import Matcher
from claimscope.factcheck.text import QueryText, clean_query
from claimscope.model import Analysis, Annotation, Span

ANALYZER = "factchecks.v1"
SHORT_CHARS = 600  # a tweet is at most 280; embedded posts with their signature stay under this
TOP_K = 5
MAX_CLAIMS = 100


_matchers: dict[str, tuple[str, Matcher]] = {}  # store -> (fact-check revision, matcher)
_lock = threading.Lock()


def _matcher_for(db: str, *, lazy: bool = False) -> Matcher | None:
    """The matcher of a store, rebuilt when its fact-checks changed (a long-running service sees imports).

    The store's revision is read on every call (one cheap query), so reviews imported while a
    service runs are used by its next analysis. With ``lazy`` a store without fact-checks gives
    None instead of E655.
    """
    from claimscope.factcheck.db import load_index, revision
    from claimscope.store import open_store

    with _lock, open_store(db) as store:
        current = revision(store)
        cached = _matchers.get(db)
        if cached is None or cached[0] != current:
            try:
                index = load_index(store)
            except FactCheckError as exc:
                if lazy and exc.code == "E655":
                    _matchers.pop(db, None)
                    return None
                raise
            _matchers[db] = (index.revision, Matcher(index))
        return _matchers[db][1]


class FactChecksAnalyzer:
    """Ranks stored ClaimReview records for each claim (BM25 + e5 retrieval, logistic re-ranker)."""

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name=ANALYZER,
        provides=("factchecks",),
        requires=("claims",),
        description="Published fact-checks (ClaimReview) matching each claim; needs --db.",
    )

    def __init__(self, *, db: str | None = None, k: int = TOP_K, lazy: bool = False) -> None:
        self.db = str(db) if db else None
        self.k = k
        self.lazy = lazy
        if self.db:
            _matcher_for(self.db, lazy=lazy)  # a bad store fails when the pipeline is built, not mid-run

    def __call__(self, result: Analysis) -> Sequence[Annotation]:
        if not self.db:
            raise ConfigError("E201", name="db", value=None, detail="the factchecks analyzer needs a store (--db PATH)")
        queries = self.queries(result)
        if not queries:
            return ()
        matcher = _matcher_for(self.db, lazy=self.lazy)
        if matcher is None:  # lazy, and no fact-check in the store yet
            return ()
        ranked = matcher.match([q for _, _, q in queries], language=result.language, k=self.k)
        out: list[Annotation] = []
        for (claim_id, span, query), matches in zip(queries, ranked, strict=True):
            for m in matches:
                out.append(
                    Annotation(
                        label="factcheck",
                        span=span,
                        analyzer=ANALYZER,
                        data={
                            "claim": claim_id,
                            "text": query.text,
                            "rank": m.rank,
                            "similarity": round(m.similarity, 4),
                            "match": m.match,
                            "match_probability": round(m.match_probability, 4),
                            "review": dict(m.review.review),
                        },
                    )
                )
        return out

    @staticmethod
    def queries(result: Analysis) -> list[tuple[str | None, Span, QueryText]]:
        """(claim id or None, span, query) for each query the article gives."""
        text = result.text
        claims = result.layer("claims")
        whole = clean_query(text)
        if len(whole.text) <= SHORT_CHARS and whole.text:
            claim_id = str(claims[0].data["id"]) if len(claims) == 1 else None
            start = len(text) - len(text.lstrip())
            return [(claim_id, Span(start, len(text.rstrip())), whole)]
        out: list[tuple[str | None, Span, Any]] = []
        for ann in claims[:MAX_CLAIMS]:
            if ann.span is None:
                continue
            query = clean_query(ann.span.text_of(text))
            if query.text:
                out.append((str(ann.data.get("id")), ann.span, query))
        return out
