"""The Analysis: an Article plus the nlp parse and one named layer per analyzer (append-only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from claimscope.model.article import Annotation, Article

SCHEMA = "claimscope/analysis@1"
# Layers the contract renders as one object rather than a list.
SINGLE_LAYERS = frozenset({"genre"})
CONTRACT_LAYERS = ("entities", "sources", "claims", "techniques", "frames", "genre")


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    start: int
    end: int
    paragraph: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "paragraph": self.paragraph}


@dataclass(frozen=True, slots=True)
class Parsed:
    """What the nlp stage found: language, sentences and (not serialised) the spaCy Doc."""

    language: str
    language_score: float
    sentences: tuple[Sentence, ...] = ()
    model: str | None = None
    doc: Any = field(default=None, compare=False, repr=False)

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


@dataclass(frozen=True, slots=True)
class AnalyzerFailure:
    analyzer: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"analyzer": self.analyzer, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Analysis:
    """An Article, its parse and the layers added by analyzers. Each stage returns a new Analysis."""

    article: Article
    parsed: Parsed | None = None
    layers: Mapping[str, tuple[Annotation, ...]] = field(default_factory=lambda: MappingProxyType({}))
    errors: tuple[AnalyzerFailure, ...] = ()
    version: str = ""
    timings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def language(self) -> str | None:
        return self.parsed.language if self.parsed else None

    @property
    def doc(self) -> Any:
        return self.parsed.doc if self.parsed else None

    def layer(self, name: str) -> tuple[Annotation, ...]:
        return self.layers.get(name, ())

    def with_layer(self, name: str, annotations: tuple[Annotation, ...], *, seconds: float | None = None) -> Analysis:
        if name in self.layers:
            raise ValueError(f"layer {name!r} exists already: layers are append-only")
        layers = dict(self.layers)
        layers[name] = tuple(annotations)
        timings = dict(self.timings)
        if seconds is not None:
            timings[name] = seconds
        return replace(self, layers=MappingProxyType(layers), timings=MappingProxyType(timings))

    def with_timing(self, stage: str, seconds: float) -> Analysis:
        return replace(self, timings=MappingProxyType({**self.timings, stage: seconds}))

    def with_error(self, failure: AnalyzerFailure) -> Analysis:
        return replace(self, errors=(*self.errors, failure))

    def to_dict(self) -> dict[str, Any]:
        """The ``claimscope/analysis@1`` contract."""
        from claimscope.model.summary import summarize

        art = self.article.to_dict()
        metadata = art["metadata"]
        metadata["language"] = self.parsed.language if self.parsed else None
        metadata["language_score"] = round(self.parsed.language_score, 4) if self.parsed else None
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "version": self.version,
            "id": art["id"],
            "input": art["input"],
            "metadata": metadata,
            "text": art["text"],
            "paragraphs": art["paragraphs"],
            "sentences": [s.to_dict() for s in self.parsed.sentences] if self.parsed else [],
            "removed": art["removed"],
            "embeds": art["embeds"],
            "links": art["links"],
        }
        text = self.article.text
        for name in CONTRACT_LAYERS:
            items = [ann.to_dict(text) for ann in self.layer(name)]
            if name in SINGLE_LAYERS:
                out[name] = items[0] if items else None
            else:
                out[name] = items
        for name, anns in self.layers.items():
            if name not in out:
                out[name] = [ann.to_dict(text) for ann in anns]
        out["summary"] = summarize(out)
        out["errors"] = [e.to_dict() for e in self.errors]
        if self.timings:
            out["timings"] = {k: round(v, 4) for k, v in self.timings.items()}
        return out
