"""Site furniture: the parts of a page that belong to the site, not to the article.

``strip_furniture`` removes them from a parsed page before trafilatura sees it and returns what
was removed, tagged by kind (``related``, ``navigation``, ``share``, ``comments``, ``newsletter``,
``footer``, ``cookie``, ``ad``, ``tags``, ``other``). Three passes:

1. markup: tag names (``nav``, ``aside``, site ``header``/``footer``), ARIA roles and labels,
   class and id names;
2. box headings: a short heading such as "Check Also", "À lire aussi", "Weitere Artikel" or
   "Leave a comment" takes the box it heads (or the link list after it) away with it;
3. inline teasers: a paragraph that starts "Read more:" / "Lire aussi :" and is mostly a link.

The article itself is protected: the block holding most of the page's paragraph text, its
ancestors and the main ``h1`` are never removed, so a ``comments-open`` class on ``<body>`` or a
``has-sidebar`` class on the content wrapper cannot take the article away.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml.html import HtmlElement

from claimscope.model import Removed

# Kinds, strongest first: a box that is both "widget" and "newsletter" is a newsletter.
_CLASS_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "cookie",
        r"cookies?|cookie-?(?:banner|notice|bar|consent|law|policy)|consent|gdpr|cmp|onetrust.*|didomi.*|cookiebot.*|"
        r"cc-(?:banner|window)|tarteaucitron.*|usercentrics.*|sp_message.*|qc-cmp.*|truste-.*|trustarc.*|cookie-?law.*",
    ),
    (
        "comments",
        r"comments?|comment-?(?:list|area|respond|form|section|wrap|s-area|s-section)|commentlist|commentform|"
        r"respond|reply-?form|disqus.*|kommentare|commentaires|reactions|talk-stream",
    ),
    (
        "newsletter",
        r"newsletters?|newsletter-?\w+|subscribe|subscription|subscribe-?\w+|signup|sign-?up|mailchimp|mc4wp\w*|"
        r"optin|opt-in|email-?signup|inscription-?newsletter|abonnement",
    ),
    (
        "share",
        r"share|shares|sharing|share-?(?:bar|buttons?|links?|tools|box|icons|this)|social-?(?:share|sharing|buttons|"
        r"icons|links|bar|media-share)|sharedaddy|sd-sharing\w*|addtoany|a2a_kit|addthis\w*|shariff|st-btns|"
        r"sharethis\w*|follow-?us|post-?share|entry-?share|article-?share|share-?post",
    ),
    (
        "related",
        r"related|related-?(?:posts?|articles?|stories|content|news|links|items?)|relatedposts|jp-relatedposts|yarpp\w*|"
        r"crp_related|check-?also(?:-box)?|also-?read|read-?also|more-?from|more-?stories|more-?articles|"
        r"more-?news|recommended|recommendations?|recirc\w*|you-?may-?(?:also-?)?like|might-?like|popular-?posts|"
        r"most-?(?:read|popular|viewed)|trending|lire-?aussi|a-?lire(?:-?aussi)?|meme-?sujet|sur-?le-?meme-?sujet|"
        r"weitere-?artikel|auch-?interessant|empfehlungen|next-?article|prev-?next|post-?navigation",
    ),
    (
        "tags",
        r"tags|tag-?(?:list|links|cloud|box)|tagcloud|post-?tags|entry-?tags|article-?tags|story-?tags|keywords|"
        r"schlagworte|schlagwoerter|mots-?cles|cat-?links|post-?cat|post-?categor(?:y|ies)|entry-?categor(?:y|ies)|"
        r"categories|topics-?list",
    ),
    (
        "ad",
        r"ads?|adv|advert|adverts|advertisement|advertising|adsbygoogle|ad-?(?:slot|unit|container|wrapper|box|banner|"
        r"block|zone|label|place|space)|dfp\w*|gpt-?ad\w*|google-?ad\w*|sponsor|sponsored|sponsored-?content|"
        r"promoted|publicite|werbung|anzeige|taboola\w*|outbrain\w*|banner-?ads?|native-?ad",
    ),
    (
        "navigation",
        r"nav|navbar|navigation|nav-?(?:bar|menu|links|wrapper)|main-?nav|main-?menu|top-?menu|menu|menubar|"
        r"breadcrumbs?|breadcrumb-?\w+|pagination|pager|skip-?link|site-?header|masthead|top-?bar|topbar|"
        r"header-?(?:bar|top|nav|menu)|site-?nav|global-?nav|theme-?header|off-?canvas",
    ),
    ("footer", r"footer|site-?footer|page-?footer|colophon|global-?footer"),
    ("other", r"sidebar|side-?bar|widget-?area|sidebar-?\w+|rail|right-?rail|print-?only|screen-?reader-?text"),
)
# a name may carry a short prefix ("entry-", "td_", "c-") and layout suffixes ("-box", "-wrapper")
_SUFFIX = (
    r"box|wrapper|wrap|container|section|area|block|module|widget|list|inner|outer|holder|title|heading|"
    r"links|bar|top|bottom|content|items?|buttons?|btns?|icons?|v\d|\d+"
)
_CLASS_RES = tuple(
    (kind, re.compile(rf"^(?:[a-z0-9]+[-_]{{1,2}}){{0,2}}?(?:{pattern})(?:[-_]{{1,2}}(?:{_SUFFIX}))*$", re.I))
    for kind, pattern in _CLASS_PATTERNS
)

_ROLES = {
    "navigation": "navigation",
    "banner": "navigation",
    "search": "navigation",
    "menubar": "navigation",
    "contentinfo": "footer",
    "complementary": "other",
}

# Headings of furniture boxes, in the languages of the news we read. Matched against the whole
# (short) heading text, lower-cased, without trailing punctuation.
_HEADING_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "related",
        r"check also|see also|read also|also read|read more|read next|more from\b.{0,40}|more on\b.{0,40}|"
        r"more (?:stories|articles|news|coverage|reading)|related(?: (?:articles?|posts?|stories|content|news|"
        r"coverage|topics|links|reading))?|you (?:may|might) also (?:like|be interested in)|you may like|"
        r"recommended(?: for you| stories| articles)?|most (?:read|popular|viewed|shared)|trending(?: now)?|"
        r"popular(?: posts| stories| now)?|latest(?: news| stories| posts)?|"
        r"à lire aussi|a lire aussi|à lire également|lire aussi|lire également|à lire|sur le même sujet|"
        r"dans la même rubrique|les plus lus|articles? les plus lus|voir aussi|nos articles|articles? similaires|"
        r"articles? liés|vous aimerez aussi|vous aimerez aussi|à découvrir|a découvrir|"
        r"auch interessant|weitere artikel|mehr zum thema|das könnte sie auch interessieren|meistgelesen|"
        r"lesen sie auch|ähnliche artikel|mehr aus\b.{0,40}|mehr zu\b.{0,40}|weitere nachrichten|"
        r"leer más|lee también|te puede interesar|relacionad[oa]s|noticias relacionadas|"
        r"leggi anche|potrebbe interessarti|czytaj także|czytaj też|zobacz też|zobacz także|polecane|"
        r"don'?t miss|editor'?s picks?|top stories|also on\b.{0,40}|also in\b.{0,40}|more in\b.{0,40}|up next|"
        r"what to read next|in other news|further reading|recommended reading|"
        r"à voir aussi|à ne pas manquer|plus d'articles|les plus partagés|nos derniers articles|derniers articles|"
        r"dernières actualités|sur le même thème|dans la même catégorie|"
        r"beliebte artikel|neueste artikel|empfohlene artikel|top-artikel|meist gelesen|weitere themen|"
        r"das könnte dich auch interessieren|ebenfalls interessant|lesen sie auch\b.{0,40}|lust auf mehr|"
        r"weitere (?:artikel|beiträge|themen|nachrichten|meldungen|news|links|\w*tipps)|beiträge aus dem forum|"
        r"contenido relacionado|notas relacionadas|más noticias|también te puede interesar|"
        r"leia também|veja também|mais lidas|recent (?:posts|articles|stories)|latest (?:articles|posts)|"
        r"articles récents|derniers billets|neueste beiträge|neueste artikel|letzte beiträge",
    ),
    (
        "comments",
        r"leave a (?:comment|reply)|post a comment|add a comment|write a comment|join the (?:discussion|conversation)|"
        r"\d+ (?:comments?|responses?|replies)|comments?|comments? \(\d+\)|(?:show|view|read) comments|"
        r"commentaires? \(\d+\)|afficher les commentaires|kommentare \(\d+\)|"
        r"laisser un commentaire|laissez un commentaire|commentaires?|\d+ commentaires?|réagir|réagissez|"
        r"kommentare|kommentar schreiben|\d+ kommentare|kommentieren|"
        r"comentarios|deja un comentario|commenti|lascia un commento|komentarze",
    ),
    (
        "newsletter",
        r"newsletter|subscribe(?: to .{0,40})?|sign up(?: for .{0,40})?|get (?:our|the) newsletter|"
        r"(?:our|the) .{0,30} newsletter|recevez notre newsletter|"
        r"abonnez-vous(?: .{0,40})?|inscrivez-vous(?: .{0,40})?|recevez .{0,60}|"
        r"newsletter abonnieren|jetzt abonnieren|suscríbete(?: .{0,40})?",
    ),
    (
        "share",
        r"share(?: this(?: article| post| story| page)?)?|share on .{0,20}|share (?:the|this) story|"
        r"partager(?: cet article| l'article| sur .{0,20})?|"
        r"partagez(?: cet article)?|teilen|artikel teilen|diesen artikel teilen|compartir|condividi|udostępnij",
    ),
    ("tags", r"tags?|topics|mots-clés|mots clés|étiquettes|thèmes|schlagwörter|schlagworte|themen|etiquetas|tagi"),
)
_HEADING_RES = tuple((kind, re.compile(rf"^(?:{pattern})$", re.I)) for kind, pattern in _HEADING_PATTERNS)

_INLINE_WORDS = (
    r"^\s*(?:read more|read also|also read|see also|related|more|read next|"
    r"à lire aussi|a lire aussi|lire aussi|à lire également|lire également|à lire|voir aussi|"
    r"lesen sie auch|mehr zum thema|auch interessant|lee también|leer más|leggi anche|czytaj (?:także|też)|"
    r"(?:también )?(?:le|te) puede interesar|lea también|vea también|ver también|leia também|veja também|"
    r"lea más|lee más|lea mas|lee mas|leer mas|"
    r"relacionad[oa]|related story|related article|more on this)"
)
_INLINE_PREFIX = re.compile(_INLINE_WORDS + r"\s*[:>»|\-–—]", re.I)
# "À lire aussiLe titre" (a bold label run into the linked title, as Le Figaro does): only when fully linked
_INLINE_PREFIX_BARE = re.compile(_INLINE_WORDS.replace("|related|more|", "|"), re.I)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_LIKE_TAGS = frozenset({"div", "span", "p", "strong", "b", "header", "section", "label", "legend", "dt"})
_INLINE_TAGS = frozenset({"strong", "b", "span", "em", "i", "a", "u", "small"})
_NEVER_REMOVE = frozenset({"html", "body", "main", "head"})
_MAX_HEADING_CHARS = 60
_GUARDED_KINDS = frozenset({"navigation", "tags", "footer", "other", "ad"})
_MAX_BOX_CHARS = 2500
_MAX_REMOVED_TEXT = 2000
_MAX_REMOVED_ITEMS = 500


@dataclass(frozen=True, slots=True)
class Removal:
    element: HtmlElement
    kind: str
    reason: str


def clean_text(text: str | None) -> str:
    return " ".join((text or "").split())


_BLOCK_LEVEL = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "td",
        "th",
        "tr",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "blockquote",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "form",
        "button",
        "option",
        "label",
        "table",
        "hr",
        "span",
        "a",
    }
)


def block_text(el: HtmlElement) -> str:
    """The element's text with a space between blocks (``<li>Contact</li><li>Ads</li>`` -> "Contact Ads")."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK_LEVEL
        if block:
            pieces.append(" ")
        if node.text and isinstance(node.tag, str):
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in {"script", "style", "template"}:
                walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append(" ")

    walk(el)
    return clean_text("".join(pieces))


def is_attached(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``el`` is still under ``root`` (lxml keeps removed subtrees in the same document)."""
    top = el
    for top in el.iterancestors():  # noqa: B007
        pass
    return top is root


def _text(el: HtmlElement) -> str:
    return clean_text(el.text_content())


def _link_density(el: HtmlElement, text_len: int | None = None) -> float:
    total = text_len if text_len is not None else len(_text(el))
    if not total:
        return 0.0
    linked = sum(len(clean_text(a.text_content())) for a in el.iter("a"))
    return min(1.0, linked / total)


def _tokens(el: HtmlElement) -> list[str]:
    values = (el.get("class") or "").split()
    ident = el.get("id")
    if ident:
        values.append(ident)
    return values


# state classes describe the element, they do not name it: "has-sidebar", "is-sticky", "no-comments"
_STATE_PREFIX = re.compile(r"^(?:has|is|no|with|without|show|hide|enable|disable|js|u)[-_]", re.I)


def _base_name(name: str) -> str:
    """A class name without its BEM modifier: "Section--Ads" is a section that holds ads, not an ad."""
    return name.strip().lower().split("--", 1)[0]


def kind_from_names(names: Iterable[str]) -> str | None:
    """The furniture kind named by class or id values, strongest kind first, or None."""
    kinds = {_kind_of_name(n) for n in names}
    for kind, _ in _CLASS_RES:
        if kind in kinds:
            return kind
    return None


@functools.lru_cache(maxsize=8192)
def _kind_of_name(raw: str) -> str | None:
    # pages repeat the same class names hundreds of times: cache per name
    name = _base_name(raw)
    if not name or _STATE_PREFIX.match(name):
        return None
    for kind, regex in _CLASS_RES:
        if regex.match(name):
            return kind
    return None


def heading_kind(text: str) -> str | None:
    """The furniture kind announced by a box heading ("Check Also", "Lire aussi" ...), or None."""
    text = clean_text(text).strip(" :.!?»«…|-–—>›").lower()
    if not text or len(text) > _MAX_HEADING_CHARS:
        return None
    for kind, regex in _HEADING_RES:
        if regex.match(text):
            return kind
    return None


def is_inline_teaser(text: str, link_density: float = 1.0) -> bool:
    """A paragraph that starts like "Read more:" / "À lire aussi :" and is mostly a link.

    Without punctuation after the label ("À lire aussi Le titre"), the paragraph must be nearly all link.
    """
    if link_density >= 0.4 and _INLINE_PREFIX.match(text):
        return True
    return link_density >= 0.8 and bool(_INLINE_PREFIX_BARE.match(text))


def _is_hidden_marker(el: HtmlElement) -> bool:
    return "claimscopeembedmarker" in (el.text or "")


def classify_element(el: HtmlElement, *, article_scope: bool = False) -> tuple[str, str] | None:
    """``(kind, reason)`` when the element's markup says it is furniture.

    ``article_scope`` is true inside the protected article body, where bare ``aside``/``header``/
    ``footer`` tags are often part of the article (fact boxes, bylines) and only names count.
    """
    tag = el.tag if isinstance(el.tag, str) else ""
    kind = kind_from_names(_tokens(el))
    if kind:
        return kind, f"class/id of <{tag}>"
    role = (el.get("role") or "").strip().lower()
    if role in _ROLES:
        return _ROLES[role], f"role={role}"
    if role in {"dialog", "alertdialog", "alert"}:
        label = (el.get("aria-label") or "") + " " + _text(el)[:200]
        if re.search(r"cookie|consent|privacy|datenschutz|confidentialité", label, re.I):
            return "cookie", f"role={role}"
    aria = el.get("aria-label") or el.get("aria-labelledby") or ""
    if aria:
        kind = heading_kind(aria) or kind_from_names([aria.replace(" ", "-")])
        if kind and kind != "other":
            return kind, "aria-label"
    if tag == "nav":
        return "navigation", "<nav>"
    if not article_scope:
        if tag == "aside":
            return "other", "<aside>"
        if tag == "footer":
            return "footer", "<footer>"
        if tag == "header" and _is_site_header(el):
            return "navigation", "<header>"
    if tag == "form":
        action = (el.get("action") or "").lower()
        if "comment" in action:
            return "comments", "comment form"
        if el.xpath('.//input[@type="search" or @name="s" or @name="q"]'):
            return "navigation", "search form"
        if el.xpath('.//input[@type="email"]'):
            return "newsletter", "e-mail form"
    return None


def _is_site_header(el: HtmlElement) -> bool:
    """A page header (logo, menus), not an article header (headline, standfirst, byline)."""
    if el.xpath(".//h1") or any(a.tag in {"article", "main"} for a in el.iterancestors()):
        return False
    text_len = len(_text(el))
    return text_len < 200 or _link_density(el, text_len) >= 0.3 or bool(el.xpath(".//nav|.//ul"))


def _main_block(tree: HtmlElement) -> HtmlElement | None:
    """The element holding the most paragraph text in its children (the article body).

    A paragraph counts fully for its parent and half for its grandparent, so a body made of one
    ``<div>`` per paragraph (``<div data-component="text-block"><p>``) is found as a whole.
    """
    scores: dict[HtmlElement, float] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        length = len(_text(p))
        if length < 25:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None and grandparent.tag not in {"body", "html"}:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    if not scores:
        return None
    return max(scores, key=lambda el: scores[el])


def _detach(el: HtmlElement) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


class _Stripper:
    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.removed: list[Removed] = []
        self.root = tree.getroottree().getroot()
        main = _main_block(tree)
        self.main = main
        self.protected: set[HtmlElement] = set()
        if main is not None:
            self.protected.add(main)
            self.protected.update(main.iterancestors())
        h1s = tree.xpath("//h1")
        if h1s:
            title = h1s[0]
            self.protected.add(title)
            self.protected.update(title.iterancestors())
        body_len = len(_text(tree))
        self.prose_total = body_len * (1 - _link_density(tree, body_len))
        self.main_scope: set[HtmlElement] = set(main.iter()) if main is not None else set()

    def attached(self, el: HtmlElement) -> bool:
        """Whether ``el`` is still in the page (not inside a subtree removed earlier)."""
        return is_attached(el, self.root)

    def _record(self, el: HtmlElement, kind: str, reason: str) -> None:
        text = block_text(el)
        if text:
            if len(text) > _MAX_REMOVED_TEXT:
                text = text[: _MAX_REMOVED_TEXT - 1].rstrip() + "…"
            self.removed.append(Removed(kind, text, reason))

    def _removable(self, el: HtmlElement) -> bool:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _NEVER_REMOVE or el in self.protected or el.getparent() is None:
            return False
        return not any(_is_hidden_marker(m) for m in el.iter("p", "span"))

    def looks_like_content(self, el: HtmlElement, kind: str) -> bool:
        """Whether a block named like furniture is the content in disguise.

        A long, link-poor "tab-menu" or "sidebar" is content; so is a "comments" block (a live
        blog's commentary) that holds nearly all of the page's prose.
        """
        text_len = len(_text(el))
        if text_len <= 500:
            return False
        prose = text_len * (1 - _link_density(el, text_len))
        if kind in _GUARDED_KINDS and prose > 0.7 * text_len:
            return True
        remaining = self.prose_total - prose
        return remaining < 0.25 * prose and remaining < 1000

    def remove(self, el: HtmlElement, kind: str, reason: str) -> None:
        if kind == "other":
            heading = self._box_heading(el, max_depth=1)
            named = heading_kind(heading) if heading else None
            if named:
                # an <aside> headed "More stories" is a related box as a whole
                kind, reason = named, f"{reason} headed {heading!r}"
            else:
                self._split_container(el)
        self._record(el, kind, reason)
        _detach(el)

    def _split_container(self, container: HtmlElement) -> None:
        """Inside a sidebar, record each widget under its own kind (newsletter, related, ad ...)."""
        for child in list(container.iterdescendants()):
            if not isinstance(child.tag, str) or child.getparent() is None:
                continue
            if not any(a is container for a in child.iterancestors()):
                continue
            found = classify_element(child)
            kind = found[0] if found else None
            if kind == "other":
                continue
            if kind is None:
                heading = self._box_heading(child)
                kind = heading_kind(heading) if heading else None
                if kind is None:
                    continue
                found = (kind, f"heading {heading!r}")
            self._record(child, kind, found[1] if found else "sidebar widget")
            _detach(child)

    @staticmethod
    def _box_heading(el: HtmlElement, *, max_depth: int = 2) -> str | None:
        """The text of a heading that opens this widget (a child, or a grandchild by default), if any."""
        for h in el.iter("h2", "h3", "h4", "h5", "h6"):
            depth = sum(1 for _ in h.iterancestors()) - sum(1 for _ in el.iterancestors())
            return _text(h) if depth <= max_depth else None
        return None

    # pass 1
    def strip_by_markup(self) -> None:
        for el in list(self.tree.iter()):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            if not self.attached(el):
                continue  # inside a subtree already removed
            found = classify_element(el, article_scope=el in self.main_scope)
            if found and self._removable(el) and not self.looks_like_content(el, found[0]):
                self.remove(el, *found)

    # pass 2
    def strip_by_heading(self) -> None:
        candidates = [
            el
            for el in self.tree.iter()
            if isinstance(el.tag, str)
            and (el.tag in _HEADING_TAGS or el.tag in _HEADING_LIKE_TAGS)
            and el.getparent() is not None
        ]
        for el in candidates:
            if el.getparent() is None or not self.attached(el):
                continue
            if el.tag not in _HEADING_TAGS and any(isinstance(c.tag, str) and c.tag not in _INLINE_TAGS for c in el):
                continue  # checked first: it is cheap, and text_content() of a big wrapper is not
            text = _text(el)
            if not text or len(text) > _MAX_HEADING_CHARS:
                continue
            if el.tag not in _HEADING_TAGS and not self._looks_like_title(el):
                continue
            kind = heading_kind(text)
            if kind is None:
                continue
            self._strip_box(el, kind, text)

    @staticmethod
    def _looks_like_title(el: HtmlElement) -> bool:
        names = " ".join(_tokens(el)).lower()
        if re.search(r"title|heading|header|headline|label|caption", names):
            return True
        # a bold line on its own: <p><strong>Lire aussi</strong></p>
        parent = el.getparent()
        return el.tag in {"strong", "b"} and parent is not None and _text(parent) == _text(el)

    def _strip_box(self, heading: HtmlElement, kind: str, heading_text: str) -> None:
        node = heading
        # lift an inline heading to its block: <p><strong>Lire aussi</strong></p>
        while node.tag in _INLINE_TAGS and node.getparent() is not None and _text(node.getparent()) == heading_text:
            node = node.getparent()
        if node in self.protected or node.tag == "a":
            return
        box = node
        while True:
            parent = box.getparent()
            if parent is None or parent.tag in _NEVER_REMOVE or parent in self.protected:
                break
            if not self._box_like(parent, heading_text):
                break
            box = parent
        if box is node:
            self._strip_following(node, kind, heading_text)
            return
        if not self._removable(box):
            return
        self._record(box, kind, f"box headed {heading_text!r}")
        _detach(box)

    @staticmethod
    def _box_like(el: HtmlElement, heading_text: str) -> bool:
        """Whether ``el`` is still a furniture box around a heading: short, and links or a form, no prose."""
        text = _text(el)
        if len(text) > _MAX_BOX_CHARS:
            return False
        rest = len(text) - len(heading_text)
        if rest <= 150:
            return True
        if _link_density(el, len(text)) >= 0.35:
            return True
        longest = max((len(_text(b)) for b in el.iter("p", "li", "blockquote")), default=0)
        has_link_or_form = el.find(".//a") is not None or el.find(".//input") is not None
        return rest <= 400 and longest <= 200 and has_link_or_form

    def _strip_following(self, node: HtmlElement, kind: str, heading_text: str) -> None:
        """The heading sits in the article flow: take it and the link list or teasers after it."""
        if not self._removable(node):
            return
        group = [node]
        sibling = node.getnext()
        while sibling is not None and isinstance(sibling.tag, str):
            if sibling.tag in _HEADING_TAGS:
                break
            text = _text(sibling)
            if not text:
                group.append(sibling)
                sibling = sibling.getnext()
                continue
            linky = _link_density(sibling, len(text)) >= 0.5
            form = sibling.tag == "form" or bool(sibling.xpath(".//form|.//input|.//textarea"))
            if (sibling.tag in {"ul", "ol"} and linky) or (linky and len(text) < 300) or form:
                group.append(sibling)
                sibling = sibling.getnext()
                continue
            break
        if len(group) == 1:
            # a lone heading with prose after it is a section of the article ("Comments from ..."),
            # and a lone "Read more" line may be a button; a trailing one is handled after extraction
            return
        texts = [block_text(el) for el in group]
        joined = clean_text(" ".join(texts))
        if joined:
            self.removed.append(Removed(kind, joined[:_MAX_REMOVED_TEXT], f"heading {heading_text!r}"))
        for el in group:
            _detach(el)

    # pass 3
    def strip_inline_teasers(self) -> None:
        for el in list(self.tree.iter("p", "div", "li")):
            if el.getparent() is None or not self.attached(el):
                continue
            text = _text(el)
            if not text or len(text) > 300 or not _INLINE_PREFIX_BARE.match(text):
                continue
            if el.tag == "div" and any(isinstance(c.tag, str) and c.tag in {"p", "div", "ul"} for c in el):
                continue
            if not is_inline_teaser(text, _link_density(el, len(text))) or not self._removable(el):
                continue
            self._record(el, "related", "inline teaser")
            _detach(el)


def strip_furniture(tree: HtmlElement) -> list[Removed]:
    """Remove site furniture from ``tree`` in place and return what was removed, in page order of passes.

    1. markup (tags, roles, aria labels, class and id names);
    2. box headings in several languages;
    3. inline "Read more:" teasers.
    """
    stripper = _Stripper(tree)
    stripper.strip_by_markup()
    stripper.strip_by_heading()
    stripper.strip_inline_teasers()
    # the same menu item repeated 500 times is listed once; a page's furniture list stays readable
    unique: dict[tuple[str, str], Removed] = {}
    for removed in stripper.removed:
        unique.setdefault((removed.kind, removed.text), removed)
    return list(unique.values())[:_MAX_REMOVED_ITEMS]


__all__ = [
    "block_text",
    "classify_element",
    "heading_kind",
    "is_attached",
    "is_inline_teaser",
    "kind_from_names",
    "strip_furniture",
]
