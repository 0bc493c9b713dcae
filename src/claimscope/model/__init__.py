"""Data model: the immutable Article, spans and the layered Analysis. No I/O, no third-party imports."""

from claimscope.model.analysis import Analysis, Parsed, Sentence
from claimscope.model.article import (
    Annotation,
    Article,
    Embed,
    InputInfo,
    Link,
    Metadata,
    Paragraph,
    Removed,
    Span,
)

__all__ = [
    "Analysis",
    "Annotation",
    "Article",
    "Embed",
    "InputInfo",
    "Link",
    "Metadata",
    "Paragraph",
    "Parsed",
    "Removed",
    "Sentence",
    "Span",
]
