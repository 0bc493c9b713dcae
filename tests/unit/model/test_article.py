from __future__ import annotations

import dataclasses

import pytest

from claimscope.model import Annotation, Article, Embed, Paragraph, Removed, Span


def test_article_from_blocks_offsets_index_the_text(small_article: Article) -> None:
    for p in small_article.paragraphs:
        assert small_article.text[p.start : p.end] == small_article.paragraph_text(p)
    assert small_article.text.split("\n\n")[1].startswith("Selon Lekolin")
    assert [p.kind for p in small_article.paragraphs] == ["title", "body", "body"]


def test_article_is_immutable(small_article: Article) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        small_article.text = "changed"  # type: ignore[misc]


def test_article_from_text_takes_a_short_first_block_as_title() -> None:
    article = Article.from_text("Un titre court\n\nPremier paragraphe. Deux phrases.\n\nSecond.")
    assert article.title == "Un titre court"
    assert [p.kind for p in article.paragraphs] == ["title", "body", "body"]


def test_article_from_text_keeps_a_sentence_as_body() -> None:
    article = Article.from_text("Une phrase complète.\n\nUne autre.")
    assert article.title is None
    assert [p.kind for p in article.paragraphs] == ["body", "body"]


def test_article_round_trips_through_dict(small_article: Article) -> None:
    article = dataclasses.replace(
        small_article,
        embeds=(Embed("m0", "tweet", url="https://x.test/s/1", handle="h", text="t", paragraph="p1"),),
        removed=(Removed("related", "Check Also"),),
    )
    assert Article.from_dict(article.to_dict()) == article


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2)])
def test_span_rejects_invalid_ranges(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="invalid span"):
        Span(start, end)


def test_span_overlap_and_containment() -> None:
    assert Span(0, 10).contains(Span(2, 5))
    assert Span(0, 10).overlaps(Span(9, 12))
    assert not Span(0, 10).overlaps(Span(10, 12))


def test_paragraph_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown paragraph kind"):
        Paragraph("p0", 0, 1, "sidebar")


def test_annotation_to_dict_puts_contract_fields_and_text() -> None:
    ann = Annotation(
        "Loaded_Language",
        Span(0, 5),
        0.91234,
        "techniques.v1",
        data={"technique": "Loaded_Language", "paragraph": "p0"},
    )
    out = ann.to_dict("Hello world")
    assert out == {
        "start": 0,
        "end": 5,
        "text": "Hello",
        "score": 0.9123,
        "technique": "Loaded_Language",
        "paragraph": "p0",
        "label": "Loaded_Language",
    }


def test_annotation_data_is_read_only() -> None:
    ann = Annotation("x", data={"a": 1})
    with pytest.raises(TypeError):
        ann.data["a"] = 2  # type: ignore[index]
