"""Embedded posts: tweets, Telegram posts, YouTube videos, Facebook, Instagram and TikTok posts.

``detect_embeds`` finds each embed in a parsed page, reads what it can (url, author, handle,
date, text), and replaces it in the tree by a placeholder paragraph holding a unique marker, so
that the embed becomes a paragraph of kind ``embed`` at the right place after extraction instead
of being merged into the surrounding text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

MARKER_PREFIX = "claimscopeembedmarker"
_MARKER = re.compile(MARKER_PREFIX + r"(\d+)x")

_TWEET_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,30})/status(?:es)?/(\d+)", re.I)
_TWEET_ATTRIBUTION = re.compile(r"[—–-]\s*(?P<author>[^()]*?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>.*)$", re.S)
_HANDLE_IN_TEXT = re.compile(r"\(@([\w.]{1,30})\)")
_YOUTUBE_ID = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/|v/|shorts/|watch\?(?:.*&)?v=)|youtu\.be/)([\w-]{6,20})", re.I
)
_TELEGRAM_URL = re.compile(r"https?://(?:www\.)?(?:t\.me|telegram\.me)/(?:s/)?([\w]{3,64})/(\d+)", re.I)
_TIKTOK_URL = re.compile(r"https?://(?:www\.)?tiktok\.com/@([\w.]{1,40})/video/(\d+)", re.I)
_INSTAGRAM_URL = re.compile(r"https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/([\w-]+)", re.I)
_FACEBOOK_URL = re.compile(r"https?://(?:www\.|m\.)?facebook\.com/[^\s\"'<>]+", re.I)
_OTHER_IFRAMES = re.compile(
    r"(player\.vimeo\.com|dailymotion\.com/embed|bsky\.app|embed\.bsky\.app|/@[\w.]+/\d+/embed|"
    r"reddit\.com|redditmedia\.com|soundcloud\.com/player|rumble\.com/embed|odysee\.com/\$/embed|"
    r"vk\.com/video_ext|threads\.net)",
    re.I,
)
_GENERIC_TITLES = {"youtube video player", "youtube player", "embedded content", "embed", "video", "iframe"}
_LABELS = {
    "tweet": "Tweet",
    "telegram": "Telegram post",
    "youtube": "YouTube video",
    "facebook": "Facebook post",
    "instagram": "Instagram post",
    "tiktok": "TikTok video",
    "other": "Embedded post",
}
_WRAPPER_TAGS = frozenset({"figure", "div", "span", "p", "center", "section"})


@dataclass(slots=True)
class FoundEmbed:
    """An embed read from the page, before it gets its id and paragraph."""

    kind: str
    url: str | None = None
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    text: str = ""
    title: str | None = None

    def paragraph_text(self) -> str:
        """The words the embed contributes to the article text."""
        if self.text:
            return self.text
        label = _LABELS.get(self.kind, "Embedded post")
        if self.title:
            return f"[{label}: {self.title}]"
        return f"[{label}{' ' + self.url if self.url else ''}]"


def marker(index: int) -> str:
    return f"{MARKER_PREFIX}{index}x"


def find_markers(text: str) -> list[int]:
    return [int(m.group(1)) for m in _MARKER.finditer(text)]


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text)


def clean_text(text: str | None) -> str:
    return " ".join((text or "").split())


def _text_of(el: HtmlElement) -> str:
    return clean_text(el.text_content())


def _attr(el: HtmlElement, *names: str) -> str | None:
    for name in names:
        value = el.get(name)
        if value and value.strip():
            return value.strip()
    return None


def _classes(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _strip_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme or "https", parts.netloc, parts.path, "", ""))


def parse_embed_date(text: str | None) -> str | None:
    """ISO date for the common English embed date formats ("February 17, 2023"), else the text."""
    text = clean_text(text)
    if not text:
        return None
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d, %Y at %I:%M %p"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return text


def _read_tweet(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    status_url = None
    date_text = None
    for a in el.iter("a"):
        href = urljoin(base_url or "", a.get("href") or "")
        if _TWEET_URL.search(href):
            status_url, date_text = href, a.text_content()
    handle = None
    if status_url:
        match = _TWEET_URL.search(status_url)
        if match:
            handle = match.group(1)
            status_url = _strip_query(match.group(0))
    paragraphs = el.findall(".//p")
    text = " ".join(_text_of(p) for p in paragraphs) if paragraphs else ""
    full = _text_of(el)
    author = None
    attribution = _TWEET_ATTRIBUTION.search(full[len(text) :] if text and full.startswith(text) else full)
    if attribution:
        author = clean_text(attribution.group("author")) or None
        handle = handle or attribution.group("handle")
        date_text = date_text or attribution.group("date")
        if not text:
            text = clean_text(full[: attribution.start()])
    elif not text:
        text = full
    return FoundEmbed(
        "tweet", url=status_url, author=author, handle=handle, date=parse_embed_date(date_text), text=text
    )


_TEXT_TWEET_LINE = re.compile(r"^[—–]\s*(?P<author>[^()\n]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>.{0,40})$")


def tweet_from_text(block: str) -> FoundEmbed | None:
    """A tweet pasted as text: the post, then a line "— Name (@handle) Date" (as embed code renders it)."""
    lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    match = _TEXT_TWEET_LINE.match(lines[-1])
    if not match:
        return None
    return FoundEmbed(
        "tweet",
        author=clean_text(match.group("author")) or None,
        handle=match.group("handle"),
        date=parse_embed_date(match.group("date")),
        text=clean_text(" ".join(lines[:-1])),
    )


def _read_tweet_iframe(el: HtmlElement) -> FoundEmbed:
    src = _attr(el, "src", "data-src") or ""
    tweet_id = _attr(el, "data-tweet-id") or (parse_qs(urlsplit(src).query).get("id") or [None])[0]
    url = f"https://twitter.com/i/status/{tweet_id}" if tweet_id else None
    return FoundEmbed("tweet", url=url, title=_attr(el, "title"))


def _read_telegram(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    post = _attr(el, "data-telegram-post")
    url = None
    handle = None
    if post and "/" in post:
        handle = post.split("/", 1)[0]
        url = f"https://t.me/{post}"
    else:
        for candidate in [_attr(el, "src", "data-src", "cite"), *(a.get("href") for a in el.iter("a"))]:
            match = _TELEGRAM_URL.search(urljoin(base_url or "", candidate or ""))
            if match:
                handle, url = match.group(1), f"https://t.me/{match.group(1)}/{match.group(2)}"
                break
    text = "" if el.tag in {"script", "iframe"} else _text_of(el)
    author = None
    if text:
        authors = el.xpath('.//*[contains(@class, "author") or contains(@class, "owner")]')
        if authors:
            author = _text_of(authors[0]) or None
            if author and text.startswith(author):
                text = text[len(author) :].strip()
    return FoundEmbed("telegram", url=url, author=author, handle=handle, text=text, title=_attr(el, "title"))


def _read_youtube(el: HtmlElement) -> FoundEmbed:
    src = _attr(el, "src", "data-src", "data-lazy-src", "data", "href") or ""
    video_id = _attr(el, "videoid", "data-videoid", "data-youtube-id", "data-video-id")
    if not video_id:
        match = _YOUTUBE_ID.search(src)
        video_id = match.group(1) if match else None
    url = f"https://www.youtube.com/watch?v={video_id}" if video_id else (src or None)
    title = _attr(el, "title", "data-title", "playlabel")
    if title and title.lower() in _GENERIC_TITLES:
        title = None
    return FoundEmbed("youtube", url=url, title=title)


def _read_facebook(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    url = _attr(el, "data-href", "cite")
    src = _attr(el, "src", "data-src")
    if not url and src:
        href = parse_qs(urlsplit(src).query).get("href")
        url = unquote(href[0]) if href else None
    if not url:
        for a in el.iter("a"):
            match = _FACEBOOK_URL.search(urljoin(base_url or "", a.get("href") or ""))
            if match:
                url = match.group(0)
    text = ""
    author = None
    if el.tag != "iframe":
        paragraphs = el.findall(".//p")
        text = " ".join(_text_of(p) for p in paragraphs) if paragraphs else _text_of(el)
        posted = re.search(r"Posted by (.+?) on (.+)$", _text_of(el))
        if posted:
            author = posted.group(1)
    return FoundEmbed("facebook", url=url, author=author, text=text, title=_attr(el, "title"))


def _read_instagram(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    url = _attr(el, "data-instgrm-permalink", "cite", "src", "data-src")
    if url:
        match = _INSTAGRAM_URL.search(url)
        url = match.group(0) + "/" if match else url
    text = "" if el.tag == "iframe" else _text_of(el)
    for noise in (
        "View this post on Instagram",
        "Voir cette publication sur Instagram",
        "Diesen Beitrag auf Instagram ansehen",
    ):
        text = text.replace(noise, " ")
    text = clean_text(text)
    handle = None
    author = None
    shared = re.search(
        r"(?:A post shared by|Une publication partagée par|Ein Beitrag geteilt von)\s+(.*?)\s*\(@([\w.]+)\)", text
    )
    if shared:
        author, handle = clean_text(shared.group(1)) or None, shared.group(2)
        text = clean_text(text[: shared.start()] + " " + text[shared.end() :])
    else:
        match = _HANDLE_IN_TEXT.search(text)
        handle = match.group(1) if match else None
    return FoundEmbed("instagram", url=url, author=author, handle=handle, text=text, title=_attr(el, "title"))


def _read_tiktok(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    url = _attr(el, "cite", "src", "data-src")
    handle = None
    if url:
        match = _TIKTOK_URL.search(url)
        if match:
            handle = match.group(1)
    if not handle:
        for a in el.iter("a"):
            title = a.get("title") or ""
            if title.startswith("@"):
                handle = title[1:]
                break
    text = "" if el.tag == "iframe" else _text_of(el)
    if handle and text.startswith("@" + handle):
        text = text[len(handle) + 1 :].strip()
    return FoundEmbed("tiktok", url=url, handle=handle, text=text, title=_attr(el, "title"))


def _read_other(el: HtmlElement, base_url: str | None) -> FoundEmbed:
    url = _attr(el, "src", "data-src", "cite", "data-bluesky-uri", "data-href")
    text = "" if el.tag == "iframe" else _text_of(el)
    handle = None
    match = _HANDLE_IN_TEXT.search(text)
    if match:
        handle = match.group(1)
    return FoundEmbed(
        "other", url=urljoin(base_url or "", url) if url else None, handle=handle, text=text, title=_attr(el, "title")
    )


Reader = Callable[[HtmlElement, "str | None"], FoundEmbed]


def classify_embed(el: HtmlElement) -> Reader | None:
    """The reader for an element that is an embedded post, or None."""
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = _classes(el)
    if tag == "blockquote":
        if classes & {"twitter-tweet", "twitter-video"}:
            return _read_tweet
        if "instagram-media" in classes:
            return _read_instagram
        if "tiktok-embed" in classes:
            return _read_tiktok
        if "telegram-post" in classes or el.get("data-telegram-post"):
            return _read_telegram
        if classes & {"fb-xfbml-parse-ignore"} or "facebook.com" in (el.get("cite") or ""):
            return _read_facebook
        if classes & {"bluesky-embed", "reddit-embed-bq", "reddit-card", "mastodon-embed", "text-post-media"}:
            return _read_other
        return None
    if tag == "script":
        if el.get("data-telegram-post"):
            return _read_telegram
        return None
    if tag in {"iframe", "embed", "object", "amp-iframe"}:
        src = (el.get("src") or el.get("data-src") or el.get("data-lazy-src") or el.get("data") or "").lower()
        if _YOUTUBE_ID.search(src):
            return lambda e, _b: _read_youtube(e)
        if "platform.twitter.com/embed" in src or el.get("data-tweet-id"):
            return lambda e, _b: _read_tweet_iframe(e)
        if _TELEGRAM_URL.search(src) or "telegram.org/embed" in src:
            return _read_telegram
        if "facebook.com/plugins/" in src:
            return _read_facebook
        if "instagram.com/" in src:
            return _read_instagram
        if "tiktok.com/embed" in src or "tiktok.com/@" in src:
            return _read_tiktok
        if _OTHER_IFRAMES.search(src) or "mastodon-embed" in classes:
            return _read_other
        return None
    if tag in {"lite-youtube", "amp-youtube"} or (tag == "div" and el.get("data-youtube-id")):
        return lambda e, _b: _read_youtube(e)
    if tag == "amp-twitter":
        return lambda e, _b: FoundEmbed(
            "tweet", url=f"https://twitter.com/i/status/{e.get('data-tweetid')}" if e.get("data-tweetid") else None
        )
    if tag == "div" and classes & {"fb-post", "fb-video"} and el.get("data-href"):
        return _read_facebook
    if tag in {"div", "section"} and ("telegram-post" in classes or el.get("data-telegram-post")):
        return _read_telegram
    return None


def _wrapper(el: HtmlElement) -> HtmlElement:
    """Climb to the figure/div that wraps only this embed (plus scripts), so it goes away whole."""
    node = el
    for _ in range(3):
        parent = node.getparent()
        if parent is None or parent.tag not in _WRAPPER_TAGS:
            break
        others = [
            c for c in parent if c is not node and isinstance(c.tag, str) and c.tag not in {"script", "noscript", "br"}
        ]
        own_text = clean_text(parent.text) + "".join(clean_text(c.tail) for c in parent)
        if others or own_text:
            break
        node = parent
    return node


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    top = el
    for top in el.iterancestors():  # noqa: B007
        pass
    return top is root


def _replace(old: HtmlElement, index: int) -> None:
    placeholder = HtmlElement("p")
    placeholder.text = marker(index)
    placeholder.tail = old.tail
    parent = old.getparent()
    if parent is None:
        return
    if parent.tag in {"p", "span", "a", "em", "strong", "b", "i"}:
        # keep the tree valid enough for trafilatura: a marker inside inline text stays inline
        placeholder.tag = "span"
        placeholder.text = f" {marker(index)} "
    parent.replace(old, placeholder)


def detect_embeds(tree: HtmlElement, *, base_url: str | None = None) -> list[FoundEmbed]:
    """Find embedded posts, replace each by a marker paragraph, and return them in page order.

    The i-th returned embed is marked by ``marker(i)`` in the tree.
    """
    found: list[FoundEmbed] = []
    candidates = [el for el in tree.iter() if isinstance(el.tag, str) and classify_embed(el) is not None]
    root = tree.getroottree().getroot()
    for el in candidates:
        # an embed nested in one already replaced (a blockquote inside div.fb-post) is done
        if el.getparent() is None or not _attached(el, root):
            continue
        reader = classify_embed(el)
        if reader is None:
            continue
        embed = reader(el, base_url)
        _replace(_wrapper(el), len(found))
        found.append(embed)
    return found


__all__ = [
    "MARKER_PREFIX",
    "FoundEmbed",
    "classify_embed",
    "clean_text",
    "detect_embeds",
    "find_markers",
    "marker",
    "parse_embed_date",
    "strip_markers",
    "tweet_from_text",
]
