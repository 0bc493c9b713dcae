"""A bounded fuzz of ingest (scripts/fuzz_ingest.py runs 10,000 inputs): an Article or a coded error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.config import Settings
from claimscope.errors import ClaimscopeError
from claimscope.ingest import article_from_raw, metadata
from claimscope.ingest.source import read_raw
from claimscope.model import Article

PAGES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "pages").glob("*.html"))
SETTINGS = Settings(max_bytes=2_000_000)


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _ingest(data: bytes) -> None:
    try:
        article = article_from_raw(read_raw(data, settings=SETTINGS))
    except ClaimscopeError:
        return
    assert isinstance(article, Article)
    assert article.text.strip()


@fuzz(200)
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes_give_an_article_or_a_coded_error(data: bytes) -> None:
    _ingest(data)


@fuzz(60)
@given(
    page=st.sampled_from(PAGES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=8), st.integers(0, 400)), max_size=12),
    cut=st.floats(0, 1),
)
def test_fuzz_mutated_pages_give_an_article_or_a_coded_error(page: Path, edits: list, cut: float) -> None:
    data = bytearray(page.read_bytes())
    for where, insert, remove in edits:
        i = int(where * len(data))
        data[i : i + remove] = insert
    _ingest(bytes(data[: max(1, int(cut * len(data) * 2))]))


@fuzz(40)
@given(
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-32", "cp1252", "koi8-r", "shift_jis", "gb18030", "utf-7"]),
    declared=st.sampled_from(["", "utf-8", "iso-8859-1", "utf-16", "bogus"]),
)
def test_fuzz_reencoded_pages_give_an_article_or_a_coded_error(encoding: str, declared: str) -> None:
    html = PAGES[0].read_text(encoding="latin-1")
    if declared:
        html = html.replace("<head>", f'<head><meta charset="{declared}">', 1)
    _ingest(html.encode(encoding, "replace"))


@pytest.mark.parametrize(("size", "extensive"), [(1_000, True), (600_000, False)])
def test_fuzz_huge_pages_skip_the_extensive_date_search(
    monkeypatch: pytest.MonkeyPatch, size: int, extensive: bool
) -> None:
    # fuzz input 3666: a 1.9 MB attribute made htmldate's page-wide date regexes run for 40 s
    seen: list[bool] = []
    monkeypatch.setattr(metadata, "_trafilatura_metadata", lambda tree, url, *, extensive: seen.append(extensive))
    body = "<p>Selon le ministre, la guerre continue depuis des mois dans la région.</p>" * 5
    page = f'<html><head><title>T</title></head><body><div data-x="{"é" * size}"></div>{body}</body></html>'
    _ingest(page.encode("utf-8"))
    assert seen and seen[0] is extensive
