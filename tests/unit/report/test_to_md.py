from __future__ import annotations

from claimscope.model import Annotation, Article, Removed, Span
from claimscope.report import render_md
from tests.conftest import make_analysis


def test_to_md_lists_claims_sources_and_removed() -> None:
    article = Article.from_blocks(
        [("Un titre", "title"), ("Le ministère a démenti l'attaque.", "body")],
        removed=(Removed("related", "À lire aussi : autre chose"),),
    )
    p = article.paragraphs[1]
    src = Annotation(
        "named_organization",
        data={
            "id": "src0",
            "name": "le ministère",
            "kind": "named_organization",
            "entity": None,
            "mentions": [{"start": p.start, "end": p.start + 12}],
        },
    )
    claim = Annotation(
        "claim",
        Span(p.start, p.end),
        data={
            "id": "c0",
            "sentence": None,
            "checkworthiness": 0.7,
            "sources": ["src0"],
            "status": "denied",
            "status_cues": [{"start": p.start + 15, "end": p.start + 22, "text": "démenti"}],
            "entities": [],
        },
    )
    md = render_md(make_analysis(article, layers={"sources": (src,), "claims": (claim,)}).to_dict())
    assert md.startswith("# Un titre\n")
    assert "- **denied** — Le ministère a démenti l'attaque. — *source: le ministère* — cue: “démenti”" in md
    assert "- le ministère (named_organization, 1 mention(s))" in md
    assert "*related*: À lire aussi : autre chose" in md
