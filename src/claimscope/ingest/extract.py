"""HTML to an Article: trafilatura for the main text, claimscope's own passes around it.

``extract_article`` runs, in order:

1. parse the page with lxml (via trafilatura's tolerant loader);
2. read the metadata from the untouched tree (``metadata.py``);
3. replace embedded posts by marker paragraphs (``embeds.py``);
4. remove site furniture and record it (``furniture.py``);
5. run trafilatura on what is left, keeping paragraphs, headings, quotes, lists and links;
6. turn trafilatura's XML body into blocks with link offsets, splitting at embed markers;
7. drop what survived of the furniture: a trailing "Check Also" block and its teasers, blocks
   already seen in a removed box, inline "Read more:" teasers, site labels ("Anzeige", "Tags: ...",
   "© ...", "« Back to ...");
8. put the headline first and build the Article with ``Article.from_blocks``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from claimscope.errors import ExtractionError
from claimscope.ingest.embeds import FoundEmbed, detect_embeds
from claimscope.ingest.furniture import heading_kind, is_inline_teaser, strip_furniture
from claimscope.ingest.metadata import extract_metadata
from claimscope.model import Article, Embed, InputInfo, Link, Metadata, Removed

LOGGER = logging.getLogger(__name__)

_MARKER_RE = re.compile(r"claimscopeembedmarker(\d+)x")
_TAIL_WINDOW = 8
_MIN_PROSE_CHARS = 80
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")
# soft hyphens and zero-width characters split words invisibly (and break substring search)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_MAX_TEASER_CHARS = 400


@dataclass(slots=True)
class Block:
    """A paragraph before it is placed in the final text; link offsets are local to ``text``."""

    text: str
    kind: str
    links: list[tuple[str, int, int]] = field(default_factory=list)
    embed: int | None = None

    def link_coverage(self) -> float:
        if not self.text:
            return 0.0
        covered = sum(end - start for _, start, end in self.links)
        return min(1.0, covered / len(self.text))


class _Builder:
    """Accumulates inline text with collapsed whitespace, tracking links and embed markers."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False
        self.links: list[tuple[str, int, int]] = []
        self.open_links: list[tuple[str, int | None]] = []
        self.breaks: list[tuple[int, int]] = []

    def _ends_with_newline(self) -> bool:
        return bool(self.parts) and self.parts[-1].endswith("\n")

    def _write(self, text: str) -> None:
        if self.pending_space and self.length and not self._ends_with_newline():
            self.parts.append(" ")
            self.length += 1
        self.pending_space = False
        # a link opened before this write starts here, after any separating space
        self.open_links = [(url, self.length if start is None else start) for url, start in self.open_links]
        self.parts.append(text)
        self.length += len(text)

    def text(self, raw: str | None) -> None:
        if not raw:
            return
        raw = _INVISIBLE.sub("", raw)
        position = 0
        for match in _MARKER_RE.finditer(raw):
            self._text(raw[position : match.start()])
            self.breaks.append((self.length, int(match.group(1))))
            self.pending_space = False
            position = match.end()
        self._text(raw[position:])

    def _text(self, raw: str) -> None:
        if not raw:
            return
        if raw[:1].isspace():
            self.pending_space = True
        words = raw.split()
        if words:
            self._write(" ".join(words))
            self.pending_space = raw[-1:].isspace()

    def newline(self) -> None:
        if self.length and not self._ends_with_newline():
            self.parts.append("\n")
            self.length += 1
        self.pending_space = False

    def open_link(self, url: str | None) -> None:
        self.open_links.append((url or "", None))

    def close_link(self) -> None:
        url, start = self.open_links.pop()
        if url and start is not None and start < self.length:
            absolute = urljoin(self.base_url, url) if self.base_url else url
            self.links.append((absolute, start, self.length))

    def result(self) -> tuple[str, list[tuple[str, int, int]], list[tuple[int, int]]]:
        return "".join(self.parts), self.links, self.breaks


def _walk_inline(el: etree._Element, builder: _Builder) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "lb":
        builder.newline()
    elif tag == "graphic":
        pass
    elif tag == "ref":
        builder.open_link(el.get("target"))
        builder.text(el.text)
        for child in el:
            _walk_inline(child, builder)
        builder.close_link()
    elif tag in {"item", "row", "p", "head", "quote", "list", "table"}:
        builder.newline()
        builder.text(el.text)
        for child in el:
            _walk_inline(child, builder)
        builder.newline()
    elif tag == "cell":
        builder.text(" | " if builder.length and not builder._ends_with_newline() else "")
        builder.text(el.text)
        for child in el:
            _walk_inline(child, builder)
    elif tag:
        builder.text(el.text)
        for child in el:
            _walk_inline(child, builder)
    builder.text(el.tail)


def _render(el: etree._Element, kind: str, base_url: str | None) -> list[Block]:
    """Render one block element; embed markers split it into several blocks."""
    builder = _Builder(base_url)
    builder.text(el.text)
    for child in el:
        _walk_inline(child, builder)
    text, links, breaks = builder.result()
    return _split_at_markers(text, kind, links, breaks)


def _split_at_markers(
    text: str, kind: str, links: list[tuple[str, int, int]], breaks: list[tuple[int, int]]
) -> list[Block]:
    blocks: list[Block] = []
    start = 0
    for position, index in [*breaks, (len(text), -1)]:
        segment = text[start:position]
        stripped = segment.strip()
        if stripped:
            lead = start + (len(segment) - len(segment.lstrip()))
            end = lead + len(stripped)
            local = [(u, s - lead, e - lead) for u, s, e in links if s >= lead and e <= end]
            blocks.append(Block(_tidy_lines(stripped), kind, local))
        if index >= 0:
            blocks.append(Block("", "embed", embed=index))
        start = position
    return blocks


def _tidy_lines(text: str) -> str:
    # keep line breaks (<br>, list items) but never blank lines: "\n\n" separates paragraphs
    return re.sub(r"\n\s*\n+", "\n", text)


def blocks_from_body(body: etree._Element, *, base_url: str | None = None) -> list[Block]:
    """Blocks (paragraph text, kind, links) from trafilatura's XML body."""
    blocks: list[Block] = []

    def visit(el: etree._Element, inherited: str | None) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            blocks.extend(_render(el, inherited or "heading", base_url))
        elif tag == "p" or tag == "code":
            blocks.extend(_render(el, inherited or "body", base_url))
        elif tag == "quote":
            children = [c for c in el if isinstance(c.tag, str) and c.tag in {"p", "list", "quote", "head"}]
            if children and not (el.text or "").strip():
                for child in el:
                    visit(child, "quote")
                    if (child.tail or "").strip():
                        blocks.extend(_split_at_markers(" ".join(child.tail.split()), "quote", [], []))
            else:
                blocks.extend(_render(el, "quote", base_url))
        elif tag == "list":
            blocks.extend(_render(el, inherited or "list", base_url))
        elif tag == "table":
            blocks.extend(_render(el, inherited or "body", base_url))
        elif tag == "graphic":
            return
        elif tag in {"div", "section", "body", "article", "main"}:
            if (el.text or "").strip():
                blocks.extend(_split_at_markers(" ".join(el.text.split()), inherited or "body", [], []))
            for child in el:
                visit(child, inherited)
                if (child.tail or "").strip():
                    blocks.extend(_split_at_markers(" ".join(child.tail.split()), inherited or "body", [], []))
        elif tag:
            blocks.extend(_render(el, inherited or "body", base_url))

    visit(body, None)
    # marker-only blocks from the builder come back as text when a marker stood alone in a <p>
    return [b for b in blocks if b.text or b.kind == "embed"]


def parse_html(html: str, *, source: str) -> HtmlElement:
    """Parse HTML leniently; malformed markup never raises, unparseable input is an ExtractionError."""
    from trafilatura.utils import load_html

    tree = None
    try:
        tree = load_html(html)
    except (ValueError, TypeError, etree.ParserError) as exc:
        LOGGER.debug("trafilatura could not load %s: %s", source, exc)
    if tree is None:
        import lxml.html

        try:
            tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
        except (ValueError, etree.ParserError) as exc:
            raise ExtractionError("E121", source=source, detail=str(exc)) from None
    return tree


def _run_trafilatura(tree: HtmlElement, url: str | None) -> etree._Element | None:
    import trafilatura

    for options in ({}, {"favor_recall": True}):
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_formatting=False,
            include_images=False,
            with_metadata=False,
            **options,
        )
        body = getattr(document, "body", None)
        if body is not None and len(body) and "".join(body.itertext()).strip():
            return body
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _drop_furniture_blocks(blocks: list[Block], removed: list[Removed]) -> list[Block]:
    """Step 7: what trafilatura kept of the furniture goes to ``removed``."""
    removed_texts = [_norm(r.text) for r in removed]

    def seen_in_removed(block: Block) -> bool:
        text = _norm(block.text)
        return len(text) >= 20 and any(text in r for r in removed_texts)

    kept: list[Block] = []
    for b in blocks:
        label = _label_kind(b) if b.kind != "embed" else None
        if b.kind != "embed" and _is_teaser_block(b):
            removed.append(Removed("related", b.text, "inline teaser"))
        elif label is not None:
            removed.append(Removed(label, b.text, "site label"))
        else:
            kept.append(b)

    # a trailing "Check Also" / "Lire aussi" heading takes the teasers after it along
    limit = max(0, len(kept) - _TAIL_WINDOW)
    for i in range(len(kept) - 1, limit - 1, -1):
        block = kept[i]
        if block.kind == "embed":
            continue
        kind = heading_kind(block.text)
        if kind is None or i == 0:
            continue
        after = kept[i + 1 :]
        before_chars = sum(len(b.text) for b in kept[:i])
        after_chars = sum(len(b.text) for b in after)
        teasers = all(
            b.kind != "embed" and len(b.text) <= _MAX_TEASER_CHARS and (b.link_coverage() >= 0.3 or len(b.text) <= 120)
            for b in after
        )
        if teasers and after_chars <= min(1200, before_chars):
            removed.append(Removed(kind, " ".join(b.text for b in kept[i:]), "trailing box"))
            kept = kept[:i]
            break

    # teasers that also appear in a removed box, and lone links, at the end
    while len(kept) > 1:
        block = kept[-1]
        if block.kind == "embed":
            break
        if seen_in_removed(block):
            removed.append(Removed("related", block.text, "trailing teaser seen in removed furniture"))
        elif (
            block.link_coverage() >= 0.9
            and len(block.text) <= 200
            and block.kind != "list"
            and not _URL_TEXT.match(block.text)
        ):
            removed.append(Removed("related", block.text, "trailing link"))
        else:
            break
        kept.pop()
    return kept


# Short lines that are site furniture wherever they stand: ad labels, "Filed under:", "Back to ...".
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "ad",
        re.compile(
            r"^(?:anzeige|advertisement|advertising|publicité|werbung|sponsored(?: content)?|gesponsert|"
            r"(?:story|article) continues below(?: this)?(?: advertisement)?|continue reading below|"
            r"la suite après (?:cette )?(?:la )?publicité|weiter nach der anzeige|publicidad)\b.{0,40}$"
            # "*Werbung. Dieser Beitrag enthält Werbung für ...", "ANZEIGE - Wie wäre es mit:"
            r"|^\*?(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad)\s*[-:.|*–—]\s*.{0,120}$",
            re.I,
        ),
    ),
    (
        "tags",
        re.compile(
            r"^(?:tags?|category|categories|catégories?|kategorien?|filed under|posted in|schlagwörter|themen|"
            r"mots-clés|mots clés|étiquettes|etiquetas|categorías?)\s*:.{0,200}$",
            re.I,
        ),
    ),
    (
        "footer",
        re.compile(
            r"^(?:©|\(c\)|copyright\b|all rights reserved|tous droits réservés|alle rechte vorbehalten)"
            r".{0,200}$",
            re.I,
        ),
    ),
)
_BACK_LINK = re.compile(r"^[«‹<←\s]*(?:back to|zurück zu[mr]?|zurück|retour (?:à|aux?)|volver a)\b", re.I)


def _label_kind(block: Block) -> str | None:
    """The furniture kind of a short site label ("Anzeige", "Tags: ...", "© 2024 ...", "« Back to news")."""
    text = block.text
    if len(text) > 250:
        return None
    for kind, regex in _LABELS:
        if regex.match(text):
            return kind
    if _BACK_LINK.match(text) and block.link_coverage() >= 0.6:
        return "navigation"
    return None


def _has_article_text(blocks: list[Block]) -> bool:
    """Prose that is not link text, or an embedded post: a list of teaser links is not an article."""
    if any(b.kind == "embed" for b in blocks):
        return True
    # a long paragraph counts even when it is wrapped in a link (some blogs link whole paragraphs)
    prose = sum(
        len(b.text) if b.kind != "list" and len(b.text) >= 150 else len(b.text) * (1 - b.link_coverage())
        for b in blocks
    )
    return prose >= _MIN_PROSE_CHARS


def _is_teaser_block(block: Block) -> bool:
    return len(block.text) <= 300 and is_inline_teaser(block.text, block.link_coverage())


def _title_first(blocks: list[Block], title: str | None) -> tuple[list[Block], str | None]:
    """Step 8: the headline leads the text, once."""
    if not title:
        for i, block in enumerate(blocks[:3]):
            if block.kind == "heading":
                title = block.text
                del blocks[i]
                break
        if not title:
            return blocks, None
    norm_title = _norm(title)
    for i, block in enumerate(blocks[:4]):
        text = _norm(block.text)
        same = text == norm_title
        # the page's h1 may differ a little from the og:title / JSON-LD headline ("Foo" vs "Foo: live")
        near = (
            i == 0
            and block.kind == "heading"
            and min(len(text), len(norm_title)) >= 0.6 * max(len(text), len(norm_title))
            and (text in norm_title or norm_title in text)
        )
        if block.kind in {"heading", "body"} and (same or near):
            del blocks[i]
            break
    return [Block(" ".join(title.split()), "title"), *blocks], title


def _anchor_positions(tree: HtmlElement, count: int) -> dict[int, str]:
    """For each embed marker, the start of the text just before it (to place it if trafilatura drops it)."""
    anchors: dict[int, str] = {}
    last = ""
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        own = el.text or ""
        match = _MARKER_RE.search(own)
        if match:
            anchors[int(match.group(1))] = last
            continue
        if el.tag in {"p", "li", "h2", "h3", "h4", "blockquote"}:
            text = " ".join(el.text_content().split())
            if len(text) >= 20 and not _MARKER_RE.search(text):
                last = text[:60]
    return {k: v for k, v in anchors.items() if k < count}


def _place_lost_embeds(blocks: list[Block], embeds: list[FoundEmbed], anchors: dict[int, str]) -> list[Block]:
    present = {b.embed for b in blocks if b.kind == "embed"}
    for index in range(len(embeds)):
        if index in present:
            continue
        anchor = _norm(anchors.get(index, ""))
        if not anchor:
            continue
        for i, block in enumerate(blocks):
            if block.kind != "embed" and _norm(block.text).startswith(anchor):
                blocks.insert(i + 1, Block("", "embed", embed=index))
                break
    return blocks


def extract_article(
    html: str,
    *,
    url: str | None = None,
    input_info: InputInfo | None = None,
    source: str | None = None,
) -> Article:
    """Extract the article from decoded HTML (see the module docstring for the steps).

    Raises:
        ExtractionError: E120 when the page holds no article text, E121 when it cannot be parsed.
    """
    source = source or url or (input_info.path if input_info else None) or "<html>"
    # composed characters: "ö" typed as "o" + U+0308 must match "ö" in a search
    html = unicodedata.normalize("NFC", html)
    tree = parse_html(html, source=source)
    metadata = extract_metadata(tree, url=url, page_chars=len(html))
    found = detect_embeds(tree, base_url=url)
    anchors = _anchor_positions(tree, len(found)) if found else {}
    removed = strip_furniture(tree)
    body = _run_trafilatura(tree, url)
    if body is None:
        raise ExtractionError("E120", source=source)
    blocks = blocks_from_body(body, base_url=url)
    blocks = _place_lost_embeds(blocks, found, anchors)
    blocks = _drop_furniture_blocks(blocks, removed)
    if not _has_article_text(blocks):
        raise ExtractionError("E120", source=source)
    blocks, title = _title_first(blocks, metadata.title)
    if title and not metadata.title:
        metadata = Metadata(**{**metadata.to_dict(), "title": title, "authors": metadata.authors})
    return _build(
        blocks, found, metadata=metadata, input_info=input_info or InputInfo(kind="html", url=url), removed=removed
    )


def _build(
    blocks: list[Block],
    found: list[FoundEmbed],
    *,
    metadata: Metadata,
    input_info: InputInfo,
    removed: Iterable[Removed],
) -> Article:
    pairs: list[tuple[str, str]] = []
    embed_paragraphs: dict[int, str] = {}
    used: set[int] = set()
    final: list[Block] = []
    for block in blocks:
        if block.kind == "embed":
            if block.embed is None or block.embed in used or block.embed >= len(found):
                continue
            used.add(block.embed)
            final.append(Block(found[block.embed].paragraph_text(), "embed", embed=block.embed))
        else:
            final.append(block)
    for i, block in enumerate(final):
        pairs.append((block.text, block.kind))
        if block.embed is not None:
            embed_paragraphs[block.embed] = f"p{i}"
    embeds = []
    for index in sorted(embed_paragraphs, key=lambda k: int(embed_paragraphs[k][1:])):
        e = found[index]
        embeds.append(
            Embed(
                id=f"m{len(embeds)}",
                kind=e.kind,
                url=e.url,
                author=e.author,
                handle=e.handle,
                date=e.date,
                text=e.text or e.title or "",
                paragraph=embed_paragraphs[index],
            )
        )
    article = Article.from_blocks(
        pairs, metadata=metadata, input=input_info, embeds=tuple(embeds), removed=tuple(removed)
    )
    links = []
    for block, paragraph in zip(final, article.paragraphs, strict=True):
        for url, start, end in block.links:
            links.append(Link(url, block.text[start:end], paragraph.start + start, paragraph.start + end))
    return _with_links(article, links)


def _with_links(article: Article, links: list[Link]) -> Article:
    return replace(article, links=tuple(links))


__all__ = ["Block", "blocks_from_body", "extract_article", "parse_html"]
