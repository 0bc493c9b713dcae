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


def _shell(**config: object):  # type: ignore[no-untyped-def]
    """A predictor with only a config: enough for the span cutter."""
    from claimscope.semeval.predictor import SemevalPredictor

    pred = object.__new__(SemevalPredictor)
    pred.config = {"span_threshold": 0.5, "span_relative": 0.0, "span_max_words": 0, **config}
    return pred


def _output(text: str, word_probs: dict[str, float]):  # type: ignore[no-untyped-def]
    """One token per word (offsets from the text), technique 0's probability from ``word_probs``."""
    import re

    import numpy as np

    from claimscope.encoder.runtime import ParagraphOutput

    words = list(re.finditer(r"\S+", text))
    offsets = np.array([[m.start(), m.end()] for m in words])
    probs = np.array([[word_probs.get(m.group().strip(".,"), 0.1)] for m in words], dtype=np.float32)
    return ParagraphOutput(np.zeros(1), offsets, probs, np.zeros(1))


TEXT = "Le gouvernement des terroristes radicaux, qui collabore avec les criminels, ment."


def _cut(text: str, probs: dict[str, float], **config: object) -> list[str]:
    pred = _shell(**config)
    spans = pred._phrase_spans(text, 0, len(text), _output(text, probs), 0, edge_words("fr"))
    return [text[s:e] for s, e, _ in spans]


def test_predictor_spans_phrase_cutter_splits_at_punctuation_and_low_words() -> None:
    probs = {"terroristes": 0.9, "radicaux": 0.7, "qui": 0.6, "collabore": 0.6, "criminels": 0.8}
    assert _cut(TEXT, probs) == ["terroristes radicaux, qui collabore", "criminels"]
    assert _cut(TEXT, probs, span_break_comma=True) == [
        "terroristes radicaux",
        "collabore",
        "criminels",
    ]  # "qui": a function word at an edge
    # words under 0.8 x the run's peak (0.9) split it: "radicaux" (0.7) goes
    assert _cut(TEXT, probs, span_relative=0.8, span_break_comma=True) == ["terroristes", "collabore", "criminels"]


def test_predictor_spans_phrase_cutter_caps_words_and_phrases_per_paragraph() -> None:
    probs = {w: 0.6 for w in TEXT.replace(",", "").replace(".", "").split()}
    probs["criminels"] = 0.95
    (only,) = _cut(TEXT, probs, span_max_words=3)
    assert len(only.split()) <= 3 and "criminels" in only  # the window with the highest total score
    probs = {"terroristes": 0.9, "collabore": 0.6, "criminels": 0.8}
    assert _cut(TEXT, probs, span_max_per_paragraph=2) == ["terroristes", "criminels"]


def test_predictor_spans_coverage_cap_keeps_best_spans_and_lexicon_matches() -> None:
    from claimscope.semeval.predictor import TechniqueHit, _cap_coverage

    hits = [
        TechniqueHit("Doubt", 0, 0, 100, 0.4, "paragraph"),
        TechniqueHit("Doubt", 0, 0, 30, 0.6, "span"),
        TechniqueHit("Doubt", 0, 40, 70, 0.7, "span"),
        TechniqueHit("Doubt", 0, 80, 95, 0.95, "span"),
        TechniqueHit("Doubt", 0, 96, 99, 0.2, "lexicon"),
    ]
    kept = _cap_coverage(hits, 100, 0.3, {"span_cover_score": 0.9})
    # budget 30 characters: the 0.95 span is exempt, the 0.7 one fits, the 0.6 one does not
    assert [(h.start, h.level) for h in kept] == [(0, "paragraph"), (40, "span"), (80, "span"), (96, "span")]
    assert len(_cap_coverage(hits, 100, 0.0, {})) == 5
