from __future__ import annotations

import pytest

from claimscope.model import Article
from claimscope.nlp import detect_language, parse_article


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le gouvernement ukrainien a maintenant établi des contacts avec les dirigeants de la région.", "fr"),
        ("The ministry said on Monday that the meeting had taken place in June, officials told reporters.", "en"),
        ("Die Regierung hat am Montag mitgeteilt, dass das Treffen im Juni stattgefunden habe.", "de"),
    ],
)
def test_language_is_detected_with_a_score(text: str, lang: str) -> None:
    guess = detect_language(text)
    assert guess.language == lang
    assert 0.5 < guess.score <= 1.0


def test_segment_french_sentences_stay_inside_paragraphs() -> None:
    article = Article.from_text(
        "À court de chair à canon, Kiev demande des combattants à HTŞ (une branche de Daesh)\n\n"
        "Selon Lekolin, la réunion a eu lieu le 18 juin 2024. La délégation a rencontré le chef de HTŞ.\n\n"
        "Le site du PKK affirme que HTŞ a accepté. Cependant, rien ne le confirme."
    )
    parsed = parse_article(article)
    texts = [article.text[s.start : s.end] for s in parsed.sentences]
    assert parsed.language == "fr"
    assert texts == [
        "À court de chair à canon, Kiev demande des combattants à HTŞ (une branche de Daesh)",
        "Selon Lekolin, la réunion a eu lieu le 18 juin 2024.",
        "La délégation a rencontré le chef de HTŞ.",
        "Le site du PKK affirme que HTŞ a accepté.",
        "Cependant, rien ne le confirme.",
    ]
    assert [s.paragraph for s in parsed.sentences] == ["p0", "p1", "p1", "p2", "p2"]


def test_segment_english_and_forced_language() -> None:
    article = Article.from_text("Officials said the talks failed. Two people were hurt, police said.")
    parsed = parse_article(article, lang="en")
    assert parsed.language == "en" and parsed.language_score == 1.0
    assert len(parsed.sentences) == 2
    assert parsed.doc is not None and parsed.doc.text == article.text


def test_segment_other_languages_fall_back_to_rules() -> None:
    article = Article.from_text("Die Regierung hat das bestätigt. Das Treffen fand im Juni statt.")
    parsed = parse_article(article)
    assert parsed.language == "de"
    assert len(parsed.sentences) == 2
