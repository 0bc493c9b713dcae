"""Ingest: from a file, a URL, standard input or raw bytes to an Article.

- ``source.py`` reads the bytes (path, URL, ``-``) and rejects empty, binary and oversized input;
- ``fetch.py`` downloads URLs safely (SSRF guard on every redirect hop, size cap, timeouts);
- ``decode.py`` turns bytes into text (declared, BOM, sniffed, lossy as a last resort);
- ``extract.py`` turns HTML into the article's paragraphs, with ``embeds.py`` (embedded posts),
  ``furniture.py`` (site furniture) and ``metadata.py`` (meta tags and JSON-LD).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

import httpx

from claimscope.config import Settings
from claimscope.errors import InputError
from claimscope.ingest.decode import Decoded, charset_from_content_type, decode_bytes, undecodable_reason
from claimscope.ingest.embeds import tweet_from_text
from claimscope.ingest.extract import extract_article
from claimscope.ingest.fetch import Resolver
from claimscope.ingest.furniture import heading_kind
from claimscope.ingest.source import RawInput, check_content, looks_like_html, read_raw
from claimscope.model import Article, Embed, InputInfo, Metadata, Removed
from claimscope.model.ids import sha256_hex, text_id

_MAX_HEADLINE_CHARS = 200
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_MEDIA_TEXT = frozenset({"text/plain"})


def article_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    input_info: InputInfo | None = None,
) -> Article:
    """Extract the article (text, paragraphs, metadata, embeds, links, removed furniture) from a page.

    Raises:
        InputError: E102 (empty), E103 (binary) or E107 (undecodable) for bytes.
        ExtractionError: E120 when the page holds no article text.
    """
    if isinstance(html, bytes):
        check_content(html, source=url or "<bytes>")
        decoded = decode_bytes(html)
        _check_decoded(decoded, source=url or "<bytes>")
        text, encoding, sha = decoded.text, decoded.encoding, sha256_hex(html)
    else:
        if not html.strip():
            raise InputError("E102", source=url or "<html>")
        text, encoding, sha = html, None, sha256_hex(html.encode("utf-8", "surrogatepass"))
    info = input_info or InputInfo(kind="html", url=url, sha256=sha, encoding=encoding)
    return extract_article(text, url=url, input_info=info)


def article_from_text(text: str, *, input_info: InputInfo | None = None) -> Article:
    """Plain text: paragraphs split on blank lines; a first short block is the headline.

    A trailing "Check Also" / "Lire aussi" line and what follows it go to ``removed``; a tweet pasted
    as text (the post, then "— Name (@handle) Date") becomes an embed paragraph.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    raw_blocks = [b for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if b.strip()]
    blocks = [" ".join(b.split()) for b in raw_blocks]
    if not blocks:
        raise InputError("E102", source=(input_info.path if input_info else None) or "<text>")
    removed: list[Removed] = []
    for i in range(len(blocks) - 1, max(0, len(blocks) - 4), -1):
        kind = heading_kind(blocks[i])
        if kind and all(len(b) <= 400 for b in blocks[i:]):
            removed.append(Removed(kind, " ".join(blocks[i:]), "trailing box"))
            blocks, raw_blocks = blocks[:i], raw_blocks[:i]
            break
    pairs: list[tuple[str, str]] = []
    if len(blocks) > 1 and _looks_like_headline(blocks[0], text):
        pairs.append((blocks[0], "title"))
        blocks, raw_blocks = blocks[1:], raw_blocks[1:]
    found = []
    for block, raw in zip(blocks, raw_blocks, strict=True):
        tweet = tweet_from_text(raw)
        if tweet is not None and tweet.text:
            found.append((len(pairs), tweet))
            pairs.append((tweet.text, "embed"))
        else:
            pairs.append((block, "body"))
    embeds = tuple(
        Embed(id=f"m{i}", kind=e.kind, author=e.author, handle=e.handle, date=e.date, text=e.text, paragraph=f"p{n}")
        for i, (n, e) in enumerate(found)
    )
    title = pairs[0][0] if pairs and pairs[0][1] == "title" else None
    return Article.from_blocks(
        pairs,
        metadata=Metadata(title=title),
        id=text_id(text),
        input=input_info or InputInfo(kind="text"),
        embeds=embeds,
        removed=tuple(removed),
    )


def _looks_like_headline(block: str, text: str) -> bool:
    first_line = text.strip().split("\n", 1)[0].strip()
    return (
        len(block) <= _MAX_HEADLINE_CHARS and " ".join(first_line.split()) == block and not re.search(r"[.;,]$", block)
    )


def _check_decoded(decoded: Decoded, *, source: str) -> None:
    reason = undecodable_reason(decoded)
    if reason:
        raise InputError("E107", source=source, detail=reason)


def article_from_raw(raw: RawInput) -> Article:
    """Decode raw bytes and build the Article, as HTML or as plain text depending on the content."""
    declared = charset_from_content_type(raw.content_type)
    decoded = decode_bytes(raw.content, declared=declared)
    _check_decoded(decoded, source=raw.url or raw.path or "<bytes>")
    media = (raw.content_type or "").split(";", 1)[0].strip().lower()
    is_html = looks_like_html(decoded.text) if media not in _MEDIA_TEXT else False
    kind = "url" if raw.kind == "url" else ("html" if is_html else "text")
    info = InputInfo(
        kind=kind,
        url=raw.url,
        path=raw.path,
        sha256=raw.sha256,
        fetched_at=raw.fetched_at,
        encoding=decoded.encoding,
    )
    if is_html:
        return extract_article(decoded.text, url=raw.url, input_info=info, source=raw.url or raw.path)
    return article_from_text(decoded.text, input_info=info)


def read_source(
    source: str | Path | bytes,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read a file path, an http(s) URL, ``-`` (standard input) or raw bytes into an Article.

    HTML or plain text is decided from the content, never from the file name.

    Raises:
        InputError: E101 to E107 (missing, empty, binary, too large, unreadable, unsupported, undecodable).
        FetchError: E110 to E117 for URLs.
        ExtractionError: E120 when a page holds no article text.
    """
    raw = read_raw(source, settings=settings, transport=transport, resolver=resolver, stdin=stdin)
    return article_from_raw(raw)


__all__ = ["article_from_html", "article_from_raw", "article_from_text", "read_source"]
