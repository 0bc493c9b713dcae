"""Article metadata from JSON-LD, meta tags and the page itself, checked against trafilatura's.

Preference order, field by field:

- title: JSON-LD ``headline`` > ``og:title`` > ``twitter:title`` > first ``<h1>`` > trafilatura >
  ``<title>`` without its " – Site name" suffix;
- published: JSON-LD ``datePublished`` > ``article:published_time`` and similar meta tags >
  ``<time datetime>`` > trafilatura (htmldate); reported as an ISO date (``2024-11-19``);
- authors: JSON-LD ``author`` names > ``meta name=author`` / ``article:author`` (not URLs) > trafilatura;
- site_name: ``og:site_name`` > JSON-LD ``publisher.name`` > trafilatura;
- canonical_url: ``<link rel=canonical>`` > ``og:url`` > JSON-LD ``url`` > the fetched URL;
- description: ``og:description`` > ``meta name=description`` > JSON-LD ``description``;
- declared_language: ``<html lang>`` > ``content-language`` > ``og:locale``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from claimscope.model import Metadata

LOGGER = logging.getLogger(__name__)

_ARTICLE_TYPES = re.compile(
    r"(?:News|Reportage|Analysis|Opinion|Review|Background|Report|Scholarly|Tech|Satirical)?"
    r"Article|BlogPosting|LiveBlogPosting|Posting|WebPage|Report",
    re.I,
)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·\-]\s+|\s*\|\s*")
_URL_LIKE = re.compile(r"^(?:https?:)?//|^www\.", re.I)


def _clean(text: Any) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    cleaned = " ".join(text.split())
    return cleaned or None


def _meta_map(tree: HtmlElement) -> dict[str, str]:
    """First value of each meta tag, keyed by lower-cased name/property/itemprop/http-equiv."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[contains(translate(@type, "JSONLD", "jsonld"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            # some sites leave raw newlines or trailing commas in their JSON-LD
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ")), strict=False)
            except ValueError:
                continue
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type", [])
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _article_ld(tree: HtmlElement) -> dict[str, Any]:
    """The JSON-LD object that describes the article (an Article type over a WebPage)."""
    best: dict[str, Any] = {}
    best_rank = 0
    for obj in _json_ld_objects(tree):
        types = _types(obj)
        rank = 0
        for t in types:
            if _ARTICLE_TYPES.fullmatch(t):
                rank = max(rank, 1 if t.lower() in {"webpage", "report"} else 2)
        if rank > best_rank:
            best, best_rank = obj, rank
    return best


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    name = _clean(value)
    return [name] if name else []


def normalize_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO date or datetime, or from a few common formats."""
    text = _clean(value)
    if not text:
        return None
    candidate = text.replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(candidate).date().isoformat()
    except ValueError:
        pass
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    for fmt in ("%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y%m%d"):
        try:
            return datetime.strptime(text[:30].strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _strip_site_suffix(title: str, site_name: str | None, *, guess: bool = True) -> str:
    """Drop a " – Site name" part; with ``guess``, keep the longest part when the site is unknown."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if p.strip().lower() != site_name.strip().lower()]
        if kept and len(kept) < len(parts):
            return " – ".join(kept) if len(kept) > 1 else kept[0]
    if not guess:
        return title
    longest = max(parts, key=len)
    return longest if len(longest) >= 0.5 * len(title) else title


def _trafilatura_metadata(tree: HtmlElement, url: str | None, *, extensive: bool = True) -> Any:
    from trafilatura.metadata import extract_metadata

    try:
        return extract_metadata(tree, default_url=url, extensive=extensive)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:  # a metadata bug must not lose the article
        LOGGER.debug("trafilatura metadata failed: %s", exc)
        return None


def _headline_h1(tree: HtmlElement) -> str | None:
    """The first ``<h1>`` that is a headline, not the site's logo or name in the page header."""
    for h in tree.iter("h1"):
        text = _clean(h.text_content())
        if not text:
            continue
        names = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}" for a in (h, *h.iterancestors())).lower()
        in_site_header = any(a.tag in {"nav"} for a in h.iterancestors()) or re.search(
            r"logo|brand|site-?(?:title|name|branding)|masthead", names
        )
        if not in_site_header:
            return text
    return None


def _own_date(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    published = normalize_date(_clean(ld.get("datePublished")) if isinstance(ld.get("datePublished"), str) else None)
    if not published:
        for key in _DATE_META:
            published = normalize_date(meta.get(key))
            if published:
                break
    if not published:
        for el in tree.xpath("//time[@datetime]")[:3]:
            published = normalize_date(el.get("datetime"))
            if published:
                break
    return published


EXTENSIVE_DATE_SEARCH_CHARS = 500_000


class _LazyTrafilatura:
    """trafilatura's metadata, computed on first use only (its date search is the slow part)."""

    def __init__(self, tree: HtmlElement, url: str | None, *, enabled: bool, extensive: bool) -> None:
        self._args = (tree, url, extensive)
        self._enabled = enabled
        self._document: Any = None
        self._done = False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if not self._done:
            tree, url, extensive = self._args
            self._document = _trafilatura_metadata(tree, url, extensive=extensive) if self._enabled else None
            self._done = True
        return getattr(self._document, name, None)


def extract_metadata(
    tree: HtmlElement, *, url: str | None = None, trafilatura: bool = True, page_chars: int = 0
) -> Metadata:
    """Read the article's metadata from a parsed page (before any furniture is removed).

    ``page_chars`` is the page's size: htmldate's extensive date search runs regexes over the
    whole serialised page and takes minutes on some multi-megabyte pages, so it is skipped there.
    """
    meta = _meta_map(tree)
    ld = _article_ld(tree)
    published = _own_date(tree, meta, ld)
    extensive = published is None and page_chars <= EXTENSIVE_DATE_SEARCH_CHARS
    traf = _LazyTrafilatura(tree, url, enabled=trafilatura, extensive=extensive)

    h1 = _headline_h1(tree)
    title_el = tree.find(".//title")
    html_title = _clean(title_el.text_content()) if title_el is not None else None

    site_name = (
        _clean(meta.get("og:site_name"))
        or next(
            iter(_names((ld.get("publisher") or {}) if isinstance(ld.get("publisher"), dict | list) else None)), None
        )
        or _clean(getattr(traf, "sitename", None))
        or _clean(meta.get("application-name"))
    )

    title = (
        _clean(ld.get("headline"))
        or _clean(meta.get("og:title"))
        or _clean(meta.get("twitter:title"))
        or h1
        or _clean(getattr(traf, "title", None))
        or (_strip_site_suffix(html_title, site_name) if html_title else None)
    )
    if title and site_name and title != site_name:
        title = _strip_site_suffix(title, site_name, guess=False)

    if not published:
        published = normalize_date(getattr(traf, "date", None))

    authors = _names(ld.get("author")) or _names(ld.get("creator"))
    if not authors:
        for key in ("author", "article:author", "og:article:author", "dc.creator", "parsely-author", "sailthru.author"):
            value = _clean(meta.get(key))
            if value and not _URL_LIKE.match(value):
                authors = [a.strip() for a in re.split(r"\s*(?:,|;|\band\b|\bet\b|\bund\b)\s*", value) if a.strip()]
                break
    if not authors and getattr(traf, "author", None):
        authors = [a.strip() for a in str(traf.author).split(";") if a.strip()]
    authors = list(dict.fromkeys(a for a in authors if a and not _URL_LIKE.match(a)))

    canonical = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = urljoin(url or "", link.get("href").strip())
            break
    ld_url = ld.get("url") if isinstance(ld.get("url"), str) else None
    canonical = canonical or _clean(meta.get("og:url")) or ld_url or _clean(getattr(traf, "url", None)) or url

    description = (
        _clean(meta.get("og:description"))
        or _clean(meta.get("description"))
        or _clean(ld.get("description") if isinstance(ld.get("description"), str) else None)
        or _clean(getattr(traf, "description", None))
    )

    html_el = tree.getroottree().getroot()
    language = _clean(html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang"))
    language = language or _clean(meta.get("content-language")) or _clean(meta.get("og:locale"))
    if language:
        language = language.replace("_", "-")

    return Metadata(
        title=title,
        published=published,
        authors=tuple(authors),
        site_name=site_name,
        canonical_url=canonical,
        description=description,
        declared_language=language,
    )


__all__ = ["extract_metadata", "normalize_date"]
