"""The Article (what ingest produces), character spans and annotations.

Every offset is a Python string index into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

PARAGRAPH_KINDS = frozenset({"title", "body", "heading", "quote", "list", "embed"})
REMOVED_KINDS = frozenset(
    {"related", "navigation", "share", "comments", "newsletter", "footer", "cookie", "ad", "tags", "other"}
)
EMBED_KINDS = frozenset({"tweet", "telegram", "youtube", "facebook", "instagram", "tiktok", "other"})


def _freeze(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


def _looks_like_headline(block: str) -> bool:
    return "\n" not in block and len(block) <= 200 and not block.endswith((".", ":", ";", ","))


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` of ``Article.text``; it never copies the text."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if text is not None:
            out["text"] = text[self.start : self.end]
        if self.label:
            out["label"] = self.label
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data.get("label", "")))


@dataclass(frozen=True, slots=True)
class Annotation:
    """One finding of an analyzer.

    ``data`` holds the layer's contract fields (JSON-ready values, e.g. ``{"technique": ...,
    "paragraph": "p3"}`` for a technique); ``evidence`` lists the spans that justify it.
    """

    label: str
    span: Span | None = None
    score: float | None = None
    analyzer: str = ""
    evidence: tuple[Span, ...] = ()
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _freeze(self.data))
        object.__setattr__(self, "evidence", tuple(self.evidence))

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.span is not None:
            out["start"], out["end"] = self.span.start, self.span.end
            if text is not None and "text" not in self.data:
                out["text"] = text[self.span.start : self.span.end]
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        out.update(self.data)
        out.setdefault("label", self.label)
        if self.evidence and "evidence" not in out:
            out["evidence"] = [s.to_dict(text) for s in self.evidence]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, analyzer: str = "") -> Annotation:
        rest = {k: v for k, v in data.items() if k not in {"start", "end", "score", "evidence"}}
        span = Span(int(data["start"]), int(data["end"])) if "start" in data else None
        evidence = tuple(Span.from_dict(e) for e in data.get("evidence", ()))
        return cls(
            label=str(data.get("label", "")),
            span=span,
            score=data.get("score"),
            analyzer=analyzer,
            evidence=evidence,
            data=rest,
        )


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    start: int
    end: int
    kind: str = "body"

    def __post_init__(self) -> None:
        if self.kind not in PARAGRAPH_KINDS:
            raise ValueError(f"unknown paragraph kind {self.kind!r}")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Paragraph:
        return cls(str(data["id"]), int(data["start"]), int(data["end"]), str(data.get("kind", "body")))


@dataclass(frozen=True, slots=True)
class Embed:
    """An embedded post (tweet, Telegram post, video...). Its text is also a paragraph of kind ``embed``."""

    id: str
    kind: str
    url: str | None = None
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    text: str = ""
    paragraph: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "url": self.url,
            "author": self.author,
            "handle": self.handle,
            "date": self.date,
            "text": self.text,
            "paragraph": self.paragraph,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Embed:
        return cls(
            **{k: data.get(k) for k in ("id", "kind", "url", "author", "handle", "date", "paragraph")},
            text=str(data.get("text") or ""),
        )


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Link:
        return cls(str(data["url"]), str(data.get("text", "")), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Removed:
    """Site furniture dropped from the text, kept for transparency."""

    kind: str
    text: str
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in REMOVED_KINDS:
            raise ValueError(f"unknown removed kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "text": self.text}
        if self.reason:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Removed:
        return cls(str(data["kind"]), str(data["text"]), str(data.get("reason", "")))


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    declared_language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published,
            "authors": list(self.authors),
            "site_name": self.site_name,
            "canonical_url": self.canonical_url,
            "description": self.description,
            "declared_language": self.declared_language,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Metadata:
        return cls(
            title=data.get("title"),
            published=data.get("published"),
            authors=tuple(data.get("authors") or ()),
            site_name=data.get("site_name"),
            canonical_url=data.get("canonical_url"),
            description=data.get("description"),
            declared_language=data.get("declared_language"),
        )


@dataclass(frozen=True, slots=True)
class InputInfo:
    kind: str  # "url" | "html" | "text"
    url: str | None = None
    path: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "url": self.url,
            "path": self.path,
            "sha256": self.sha256,
            "fetched_at": self.fetched_at,
            "encoding": self.encoding,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InputInfo:
        return cls(**{k: data.get(k) for k in ("kind", "url", "path", "sha256", "fetched_at", "encoding")})


@dataclass(frozen=True, slots=True)
class Article:
    """The article's own words, cleanly separated from the site around them. Immutable."""

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    metadata: Metadata = field(default_factory=Metadata)
    input: InputInfo = field(default_factory=lambda: InputInfo(kind="text"))
    embeds: tuple[Embed, ...] = ()
    links: tuple[Link, ...] = ()
    removed: tuple[Removed, ...] = ()

    def __post_init__(self) -> None:
        for name in ("paragraphs", "embeds", "links", "removed"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for p in self.paragraphs:
            if p.end > len(self.text):
                raise ValueError(f"paragraph {p.id} ends after the text")

    @property
    def title(self) -> str | None:
        return self.metadata.title

    @property
    def url(self) -> str | None:
        return self.input.url or self.metadata.canonical_url

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "input": self.input.to_dict(),
            "metadata": self.metadata.to_dict(),
            "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "removed": [r.to_dict() for r in self.removed],
            "embeds": [e.to_dict() for e in self.embeds],
            "links": [link.to_dict() for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        return cls(
            id=str(data.get("id") or ""),
            text=str(data["text"]),
            paragraphs=tuple(Paragraph.from_dict(p) for p in data.get("paragraphs", ())),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            input=InputInfo.from_dict(data.get("input") or {"kind": "text"}),
            embeds=tuple(Embed.from_dict(e) for e in data.get("embeds", ())),
            links=tuple(Link.from_dict(x) for x in data.get("links", ())),
            removed=tuple(Removed.from_dict(r) for r in data.get("removed", ())),
        )

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, id: str = "") -> Article:
        """Build an article from plain text: paragraphs are separated by blank lines."""
        from claimscope.model.ids import text_id

        blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
        blocks = ["\n".join(" ".join(line.split()) for line in b.splitlines() if line.strip()) for b in blocks]
        blocks = [b for b in blocks if b]
        parts: list[tuple[str, str]] = []
        if title:
            parts.append((" ".join(title.split()), "title"))
        elif len(blocks) > 1 and _looks_like_headline(blocks[0]):
            title = blocks.pop(0)
            parts.append((title, "title"))
        parts.extend((b, "body") for b in blocks)
        return cls.from_blocks(parts, metadata=Metadata(title=title), id=id or text_id(text))

    @classmethod
    def from_blocks(
        cls,
        blocks: list[tuple[str, str]],
        *,
        metadata: Metadata | None = None,
        id: str = "",
        **kwargs: Any,
    ) -> Article:
        """Join ``(text, kind)`` blocks with blank lines and index them as paragraphs."""
        from claimscope.model.ids import text_id

        pieces: list[str] = []
        paragraphs: list[Paragraph] = []
        pos = 0
        for i, (block, kind) in enumerate(blocks):
            if i:
                pieces.append("\n\n")
                pos += 2
            paragraphs.append(Paragraph(f"p{i}", pos, pos + len(block), kind))
            pieces.append(block)
            pos += len(block)
        text = "".join(pieces)
        metadata = metadata or Metadata()
        if metadata.title is None and blocks and blocks[0][1] == "title":
            metadata = replace(metadata, title=blocks[0][0])
        return cls(
            id=id or text_id(text),
            text=text,
            paragraphs=tuple(paragraphs),
            metadata=metadata,
            **kwargs,
        )
