"""claimscope: turn a news article into an evidence-linked dossier.

Public API::

    import claimscope
    article = claimscope.extract(html, url="https://...")   # ingest only
    result = claimscope.analyze("https://...")              # the whole pipeline
    result.to_dict()                                         # the claimscope/analysis@1 contract
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from claimscope.api import analyze, extract, load_source
from claimscope.errors import (
    AnalyzerError,
    ClaimscopeError,
    ConfigError,
    ExtractionError,
    FetchError,
    IngestError,
    InputError,
    KBError,
    PipelineError,
    StoreError,
)
from claimscope.model import Analysis, Annotation, Article, Span
from claimscope.pipeline import Pipeline

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Analysis",
    "AnalyzerError",
    "Annotation",
    "Article",
    "ClaimscopeError",
    "ConfigError",
    "ExtractionError",
    "FetchError",
    "IngestError",
    "InputError",
    "KBError",
    "Pipeline",
    "PipelineError",
    "Span",
    "StoreError",
    "__version__",
    "analyze",
    "extract",
    "load_source",
]
