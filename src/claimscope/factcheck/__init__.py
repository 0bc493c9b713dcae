"""Published fact-checks: ClaimReview import, retrieval (BM25 + e5), a re-ranker and a match decision.

    claimscope factcheck import reviews.jsonl --db store.sqlite     # claimreview.py, db.py
    claimscope analyze tweet.txt --db store.sqlite --lang en         # analyzers/factchecks.py

Modules: ``claimreview`` (reading the formats), ``db`` (the store's fact-check tables, the index
cache), ``text`` (query cleaning), ``index`` (bm25s + dense vectors), ``features`` and ``rerank``
(the shipped logistic re-ranker), ``match_features`` and ``decide`` (the shipped match decision),
``match`` (retrieve, re-rank, decide), ``training`` and ``match_training`` (one command trains both).
"""
