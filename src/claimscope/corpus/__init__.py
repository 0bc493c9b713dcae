"""Corpus tools over the store: ``claimscope corpus add|list|show|export|search|reprints|sites``.

``reprints`` finds clusters of articles that carry the same text (verbatim, excerpts, edited
copies and translations); see :mod:`claimscope.corpus.reprints`.
"""
