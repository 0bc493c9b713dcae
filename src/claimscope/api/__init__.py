"""The public functions: ``extract`` (ingest only) and ``analyze`` (the whole pipeline)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.config import Settings
from claimscope.model import Analysis, Article

if TYPE_CHECKING:
    from claimscope.pipeline import Pipeline

_default_pipeline: Pipeline | None = None


def extract(html: str | bytes, *, url: str | None = None) -> Article:
    """Extract the main text, metadata, embeds, links and removed furniture from an HTML page.

    Raises:
        ExtractionError: when the page holds no article text.
        InputError: when the bytes are empty or binary.
    """
    from claimscope.ingest import article_from_html

    return article_from_html(html, url=url)


def load_source(source: str | Path | bytes, *, settings: Settings | None = None) -> Article:
    """Read a file path, an http(s) URL, ``-`` (standard input) or raw bytes into an Article."""
    from claimscope.ingest import read_source

    return read_source(source, settings=settings or Settings.load())


def analyze(
    source: str | Path | bytes | Article,
    *,
    lang: str | None = None,
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
) -> Analysis:
    """Run the whole pipeline on a source (path, URL, ``-``, bytes) or an Article.

    Raises:
        IngestError: when the input cannot be read or holds no article.
    """
    article = source if isinstance(source, Article) else load_source(source, settings=settings)
    return (pipeline or _get_default_pipeline(settings))(article, lang=lang)


def _get_default_pipeline(settings: Settings | None) -> Pipeline:
    from claimscope.pipeline import Pipeline

    global _default_pipeline
    if settings is not None and settings.analyzers:
        return Pipeline(list(settings.analyzers))
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline
