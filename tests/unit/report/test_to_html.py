from __future__ import annotations

import re

from claimscope.model import Annotation, Article, Span
from claimscope.report import render_html
from claimscope.report.to_html import Mark, highlight
from tests.conftest import make_analysis


def _result() -> dict:
    article = Article.from_blocks(
        [
            ("Titre <script>alert(1)</script>", "title"),
            ("Selon Lekolin, la réunion a eu lieu. Des terroristes.", "body"),
        ]
    )
    p1 = article.paragraphs[1]
    src = Annotation(
        "named_outlet",
        data={
            "id": "src0",
            "name": "Lekolin",
            "kind": "named_outlet",
            "entity": None,
            "mentions": [{"start": p1.start + 6, "end": p1.start + 13}],
        },
    )
    claim = Annotation(
        "claim",
        Span(p1.start + 15, p1.start + 36),
        data={
            "id": "c0",
            "sentence": None,
            "checkworthiness": 0.8,
            "sources": ["src0"],
            "status": "attributed",
            "status_cues": [{"start": p1.start, "end": p1.start + 5, "text": "Selon"}],
            "entities": [],
            "explanation": "Attributed to Lekolin",
        },
    )
    tech = Annotation(
        "Name_Calling-Labeling",
        Span(p1.start + 41, p1.start + 51),
        0.9,
        data={"technique": "Name_Calling-Labeling", "paragraph": p1.id},
    )
    return make_analysis(article, layers={"sources": (src,), "claims": (claim,), "techniques": (tech,)}).to_dict()


def test_to_html_is_self_contained() -> None:
    html = render_html(_result())
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)
    assert '<meta name="viewport"' in html


def test_to_html_escapes_article_text() -> None:
    html = render_html(_result())
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_to_html_highlights_each_layer_with_an_explanation() -> None:
    html = render_html(_result())
    assert 'class="m claim st-attributed"' in html
    assert 'class="m cue"' in html or "m claim cue" in html or "cue" in html
    assert re.search(r'class="m tech"[^>]*data-tip="Name Calling-Labeling \(0\.90\)', html)
    assert "Attributed to Lekolin" in html
    assert 'class="badge st-attributed"' in html


def test_to_html_highlight_flattens_overlaps() -> None:
    text = "abcdefghij"
    marks = [Mark(0, 6, "claim", "A"), Mark(3, 8, "tech", "B")]
    out = str(highlight(text, 0, 10, marks))
    assert out.count("<span") == 3
    assert 'class="m claim tech"' in out and 'data-tip="A\nB"' in out
    assert out.endswith("ij")


def test_to_html_first_screen_shows_strongest_techniques_rest_behind_toggle() -> None:
    from claimscope.report.to_html import STRONG_PER_TECHNIQUE, strongest_techniques

    text_words = " ".join(f"mot{i}" for i in range(40))
    article = Article.from_blocks([("Titre", "title"), (text_words, "body")])
    p1 = article.paragraphs[1]
    techs = []
    for i in range(8):
        start = p1.start + text_words.index(f"mot{i} ")
        name = "Loaded_Language" if i < 5 else "Doubt"
        techs.append(
            Annotation(
                name, Span(start, start + len(f"mot{i}")), 0.5 + i / 100, data={"technique": name, "paragraph": p1.id}
            )
        )
    result = make_analysis(article, layers={"techniques": tuple(techs)}).to_dict()
    strong = strongest_techniques(result)
    # at most STRONG_PER_TECHNIQUE per technique, best first: Doubt's 3, then Loaded_Language's best 3
    assert [t["technique"] for t in strong].count("Loaded_Language") == STRONG_PER_TECHNIQUE
    assert strong[0]["score"] == max(t["score"] for t in result["techniques"])
    html = render_html(result)
    assert html.count('class="m tech weak"') == 2  # mot0, mot1: the two weakest Loaded_Language spans
    assert 'data-layer="weak"' in html and "(+2)" in html
    assert "Strongest technique findings" in html and "“mot7”" in html


def test_to_html_first_screen_puts_lexicon_matches_before_model_scores() -> None:
    from claimscope.report.to_html import strongest_techniques

    article = Article.from_blocks([("Des terroristes envoyés comme chair à canon", "title"), ("Un texte.", "body")])
    title = article.paragraphs[0]
    start = title.start + article.text[title.start :].index("chair à canon")
    techs = [
        Annotation(
            "Loaded_Language",
            Span(start, start + len("chair à canon")),
            0.2,  # the model alone scores the stock phrase low; the lexicon knows it
            data={"technique": "Loaded_Language", "paragraph": title.id, "level": "span", "evidence": "lexicon"},
        )
    ]
    for i in range(14):
        techs.append(
            Annotation(
                "Doubt" if i % 2 else "Exaggeration-Minimisation",
                Span(title.start + 4, title.start + 15),
                0.6 + i / 100,
                data={"technique": "Doubt" if i % 2 else "Exaggeration-Minimisation", "paragraph": title.id},
            )
        )
    result = make_analysis(article, layers={"techniques": tuple(techs)}).to_dict()
    strong = strongest_techniques(result)
    assert strong[0]["evidence"] == "lexicon" and strong[0]["score"] == 0.2
    assert article.text[strong[0]["start"] : strong[0]["end"]] == "chair à canon"
