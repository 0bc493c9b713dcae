"""Shared fixtures (the only conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimscope.model import Analysis, Annotation, Article, Span
from claimscope.model.analysis import Parsed, Sentence

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"


def data_dir() -> Path:
    return Path(os.environ.get("CLAIMSCOPE_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data folder (../shared/data or $CLAIMSCOPE_DATA); skips when absent."""
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"public data not found at {path} (set CLAIMSCOPE_DATA to ../shared/data)")
    return path


@pytest.fixture(scope="session")
def seed_html() -> str:
    return (EXAMPLES / "seed-article.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture()
def small_article() -> Article:
    return Article.from_blocks(
        [
            ("Kiev demande des combattants", "title"),
            ("Selon Lekolin, la réunion a eu lieu le 18 juin. La délégation a rencontré le chef.", "body"),
            ("Le ministère a démenti.", "body"),
        ]
    )


def make_analysis(
    article: Article, *, language: str = "fr", layers: dict[str, tuple[Annotation, ...]] | None = None
) -> Analysis:
    """An Analysis built by hand: one sentence per paragraph, no spaCy."""
    sentences = tuple(Sentence(f"s{i}", p.start, p.end, p.id) for i, p in enumerate(article.paragraphs))
    result = Analysis(article=article, parsed=Parsed(language, 1.0, sentences))
    for name, anns in (layers or {}).items():
        result = result.with_layer(name, anns)
    return result


__all__ = ["EXAMPLES", "FIXTURES", "ROOT", "Span", "data_dir", "make_analysis"]
