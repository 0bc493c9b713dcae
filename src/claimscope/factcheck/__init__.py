"""Published fact-checks: ClaimReview import, retrieval (BM25 + e5) and a re-ranker.

    claimscope factcheck import reviews.jsonl --db store.sqlite     # claimreview.py, db.py
    claimscope analyze tweet.txt --db store.sqlite --lang en         # analyzers/factchecks.py

Modules: ``claimreview`` (reading the formats), ``db`` (the store's fact-check tables, the index
cache), ``text`` (query cleaning), ``index`` (bm25s + dense vectors), ``features`` and ``rerank``
(the shipped logistic re-ranker), ``match`` (retrieve, re-rank, threshold), ``training``.
"""
