"""Span edges: function words and punctuation are trimmed from highlights, content words never."""

from __future__ import annotations

from claimscope.semeval.predictor import _snap, _trim_edges, edge_words


def _trim(text: str, s: int, e: int, lang: str) -> str:
    s, e = _trim_edges(text, *_snap(text, s, e), edge_words(lang))
    return text[s:e]


def test_predictor_spans_trim_french_articles_and_prepositions() -> None:
    text = "Selon eux, les terroristes de HTS et l’armée."
    assert _trim(text, text.index("les"), text.index(" HTS"), "fr") == "terroristes"
    assert _trim(text, text.index("l’"), len(text), "fr") == "armée"


def test_predictor_spans_trim_english_function_words() -> None:
    text = "They are the corrupt elites of Washington."
    assert _trim(text, text.index("the"), text.index(" Washington"), "en") == "corrupt elites"


def test_predictor_spans_drop_a_span_made_only_of_function_words() -> None:
    text = "Et de la sorte, à la fin."
    assert _trim(text, 0, 5, "fr") == ""
    assert _trim(text, text.index("à"), text.index(" fin"), "fr") == ""


def test_predictor_spans_snap_to_whole_hyphenated_words() -> None:
    text = "la soi-disant «guerre sainte» des pro-russes - selon eux"
    assert _trim(text, 0, text.index("-disant"), "fr") == "soi-disant"
    assert _trim(text, text.index("russes"), text.index("russes") + 3, "fr") == "pro-russes"
    dash = text.index(" - ") + 1  # a dash between spaces joins nothing
    assert _trim(text, dash, dash + 1, "fr") == ""
    assert _trim(text, dash, len(text), "fr") == "selon"


def test_predictor_spans_unknown_language_only_snaps_to_words() -> None:
    text = "les terroristes de HTS"
    assert edge_words(None) == frozenset() and edge_words("xx") == frozenset()
    assert _trim(text, 1, 18, "xx") == "les terroristes de"
