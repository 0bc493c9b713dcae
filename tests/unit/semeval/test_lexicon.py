from __future__ import annotations

import pytest

from claimscope.semeval.data import TECHNIQUES
from claimscope.semeval.lexicon import LEXICON, find_lexicon_spans


@pytest.mark.parametrize(
    ("text", "technique", "words"),
    [
        ("À court de chair à canon, Kiev demande", "Loaded_Language", "chair à canon"),
        ("les terroristes de HTŞ", "Name_Calling-Labeling", "terroristes"),
        ("They called them Traitors.", "Name_Calling-Labeling", "Traitors"),
    ],
)
def test_lexicon_finds_exact_words(text: str, technique: str, words: str) -> None:
    hits = find_lexicon_spans(text)
    assert (technique, text.index(words), text.index(words) + len(words)) in hits


def test_lexicon_respects_word_edges_and_range() -> None:
    assert find_lexicon_spans("antiterroristes") == []
    text = "terroristes ici. terroristes là."
    assert [s for _, s, _ in find_lexicon_spans(text, 5)] == [17]


def test_lexicon_labels_are_task_labels() -> None:
    assert set(LEXICON) <= set(TECHNIQUES)
