"""Read schema.org ClaimReview records: JSON-LD, JSON Lines and DataCommons feeds.

Accepted shapes:

- JSON-LD: one ClaimReview object, an array of them, or an object with ``@graph``;
- JSON Lines: one ClaimReview object a line (a line may also hold an array or an ``@graph``);
- a DataCommons feed: ``{"dataFeedElement": [{"item": [ClaimReview, ...]}, ...]}``.

``read_claimreviews`` yields a ``Review`` or a ``RecordError`` per record, so one bad line never
stops the rest of a file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from claimscope.errors import FactCheckError

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})
_TYPES = frozenset(
    {"claimreview", "schema:claimreview", "http://schema.org/claimreview", "https://schema.org/claimreview"}
)
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class Review:
    """One fact-check: the claim it reviews, its verdict and where it was published."""

    key: str  # what makes it one record: the review url, else its @id/identifier, else a hash
    claim_reviewed: str
    url: str | None = None
    identifier: str | None = None  # its @id or identifier
    title: str | None = None  # the review's headline (name)
    description: str | None = None
    rating: str | None = None  # reviewRating.alternateName
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    publisher: str | None = None
    date: str | None = None  # ISO date when it parses, else as given
    language: str | None = None
    claimant: str | None = None  # itemReviewed.author.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "claim_reviewed": self.claim_reviewed,
            "rating": self.rating,
            "publisher": self.publisher,
            "date": self.date,
            "language": self.language,
        }


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be imported, with where it is in the file."""

    where: str  # "line 12" or "record 3"
    error: FactCheckError

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, **self.error.to_dict()}


def read_claimreviews(path: Path) -> Iterator[Review | RecordError]:
    """Yield each ClaimReview of ``path`` as a Review, or a RecordError naming its line or record.

    Raises:
        FactCheckError: E651 when the file cannot be read, E652 when a JSON (not JSON Lines)
            document is malformed as a whole.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FactCheckError("E651", path=str(path), detail=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactCheckError("E651", path=str(path), detail=f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_lines(text)
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several JSON values: JSON Lines without the suffix
            yield from _read_lines(text)
            return
        raise FactCheckError("E652", where=f"line {exc.lineno}", detail=exc.msg) from None
    for index, item in enumerate(_flatten(document), start=1):
        yield parse_claimreview(item, where=f"record {index}")


def _read_lines(text: str) -> Iterator[Review | RecordError]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(f"line {lineno}", FactCheckError("E652", where=f"line {lineno}", detail=exc.msg))
            continue
        items = list(_flatten(value))
        for index, item in enumerate(items, start=1):
            where = f"line {lineno}" if len(items) == 1 else f"line {lineno} record {index}"
            yield parse_claimreview(item, where=where)


def _flatten(value: Any) -> Iterator[Any]:
    """The ClaimReview candidates of a JSON value: arrays, ``@graph`` and DataCommons feeds unpacked."""
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, Mapping) and "dataFeedElement" in value:
        for element in _as_list(value["dataFeedElement"]):
            items = element.get("item") if isinstance(element, Mapping) else None
            if items is None:
                yield element
            else:
                yield from _flatten(items)
    elif isinstance(value, Mapping) and "@graph" in value and not _is_claimreview(value):
        yield from _flatten(value["@graph"])
    else:
        yield value


def _is_claimreview(value: Mapping[str, Any]) -> bool:
    kinds = value.get("@type")
    return any(str(k).lower() in _TYPES for k in _as_list(kinds))


def parse_claimreview(item: Any, *, where: str) -> Review | RecordError:
    """One ClaimReview object -> Review, or a RecordError (E653 not a ClaimReview, E654 no claimReviewed)."""
    if not isinstance(item, Mapping) or ("@type" in item and not _is_claimreview(item)):
        kind = item.get("@type") if isinstance(item, Mapping) else type(item).__name__
        return RecordError(where, FactCheckError("E653", where=where, kind=str(kind)))
    claim = _text(item.get("claimReviewed"))
    if not claim:
        return RecordError(where, FactCheckError("E654", where=where))
    rating = _first(item.get("reviewRating"))
    rating = rating if isinstance(rating, Mapping) else {}
    reviewed = _first(item.get("itemReviewed"))
    reviewed = reviewed if isinstance(reviewed, Mapping) else {}
    url = _text(item.get("url")) or None
    identifier = _text(item.get("@id")) or _text(item.get("identifier"))
    publisher = _name(item.get("publisher")) or _name(item.get("author"))
    key = url or identifier or _hash_key(publisher, claim)
    return Review(
        key=key,
        claim_reviewed=claim,
        url=url,
        identifier=identifier or None,
        title=_text(item.get("name")) or _text(item.get("headline")) or None,
        description=_text(item.get("description")) or None,
        rating=_text(rating.get("alternateName")) or _text(rating.get("name")) or None,
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        publisher=publisher or None,
        date=_date(item.get("datePublished")),
        language=_language(item.get("inLanguage")),
        claimant=_name(reviewed.get("author")) or None,
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    items = _as_list(value)
    return items[0] if items else None


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def _name(value: Any) -> str:
    for item in _as_list(value):
        name = _text(item.get("name")) if isinstance(item, Mapping) else _text(item)
        if name:
            return name
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _date(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


def _language(value: Any) -> str | None:
    item = _first(value)
    code = (_text(item.get("alternateName")) or _text(item.get("name"))) if isinstance(item, Mapping) else _text(item)
    return code.lower() or None


def _hash_key(publisher: str, claim: str) -> str:
    digest = hashlib.sha256(f"{publisher}\n{claim}".encode()).hexdigest()[:24]
    return f"sha256:{digest}"
