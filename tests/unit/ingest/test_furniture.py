"""Site furniture: names, headings in several languages, boxes, and protection of the article."""

from __future__ import annotations

import lxml.html
import pytest

from claimscope.ingest.furniture import heading_kind, is_inline_teaser, kind_from_names, strip_furniture

PROSE = (
    "The minister said on Monday that the new rules would apply from January, after a consultation that "
    "drew more than four thousand responses from businesses and residents. "
)


def tree_of(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def text_of(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (["check-also-box"], "related"),
        (["jp-relatedposts"], "related"),
        (["entry-related-posts"], "related"),
        (["lire-aussi"], "related"),
        (["share-links"], "share"),
        (["td-post-sharing"], "share"),
        (["jeg_share_button"], "share"),
        (["comments"], "comments"),
        (["disqus_thread"], "comments"),
        (["newsletter-signup"], "newsletter"),
        (["cookie-notice"], "cookie"),
        (["onetrust-banner-sdk"], "cookie"),
        (["ad-slot"], "ad"),
        (["adsbygoogle"], "ad"),
        (["post-tags"], "tags"),
        (["cat-links"], "tags"),
        (["breadcrumb"], "navigation"),
        (["main-nav"], "navigation"),
        (["site-footer"], "footer"),
        (["sidebar"], "other"),
        (["entry-content"], None),
        (["post-content", "single"], None),
        (["header"], None),
        (["tag-ukraine", "category-monde"], None),  # WordPress taxonomy classes on the article itself
        (["has-sidebar"], None),  # a state, not a name
        (["TestReport__Section--Ads"], None),  # BEM modifier: a section that holds ads
        (["shadow", "loaded", "heading", "read"], None),
    ],
)
def test_furniture_kind_from_names(names: list[str], kind: str | None):
    assert kind_from_names(names) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Check Also", "related"),
        ("Read more", "related"),
        ("Related", "related"),
        ("More from Reuters", "related"),
        ("You may also like", "related"),
        ("À lire aussi :", "related"),
        ("Lire aussi", "related"),
        ("Sur le même sujet", "related"),
        ("Auch interessant", "related"),
        ("Weitere Artikel", "related"),
        ("Leer más", "related"),
        ("Les plus lus", "related"),
        ("Leave a Reply", "comments"),
        ("5 Kommentare", "comments"),
        ("Laisser un commentaire", "comments"),
        ("Newsletter", "newsletter"),
        ("Abonnez-vous à notre newsletter", "newsletter"),
        ("Share this:", "share"),
        ("Partager", "share"),
        ("Tags", "tags"),
        ("Mots-clés", "tags"),
        ("Introduction", None),
        ("What the inspectors found", None),
        ("Discussion", None),
        ("A" * 80, None),
    ],
)
def test_furniture_heading_kind(heading: str, kind: str | None):
    assert heading_kind(heading) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read more: Storm damage bill reaches £40m", True),
        ("À lire aussi : La réforme expliquée", True),
        ("LIRE AUSSI - Ce que change la loi", True),
        ("Lesen Sie auch: Der Streit um die Maut", True),
        ("Read more about the report in the annex.", False),
    ],
)
def test_furniture_inline_teaser(text: str, expected: bool):
    assert is_inline_teaser(text, link_density=0.5) is expected


def test_furniture_inline_teaser_needs_links():
    assert not is_inline_teaser("Read more: the report says the council knew.", link_density=0.0)
    # a bold label run into a linked title (no punctuation) counts only when it is all link
    assert is_inline_teaser("À lire aussiMunicipales : la campagne s'accélère", link_density=0.95)
    assert not is_inline_teaser("À lire aussi la suite de notre enquête demain", link_density=0.3)


def test_furniture_inline_teaser_paragraph_is_removed():
    tree = tree_of(
        f"<div class='body'><p>{PROSE}</p><p><a href='/x'><strong>À lire aussi</strong>La réforme en dix points</a>"
        f"</p><p>{PROSE}</p></div>"
    )
    removed = strip_furniture(tree)
    assert [(r.kind, r.reason) for r in removed] == [("related", "inline teaser")]
    assert "réforme" not in text_of(tree)


def test_furniture_related_box_found_by_heading():
    tree = tree_of(
        f"<div class='content'><p>{PROSE}</p><p>{PROSE}</p></div>"
        "<div class='box'><h4>Check Also</h4><div><h2><a href='/x'>Another story</a></h2>"
        "<p>Its teaser, cut short …</p></div></div>"
    )
    removed = strip_furniture(tree)
    assert [r.kind for r in removed] == ["related"]
    assert "Another story" in removed[0].text
    assert "Check Also" not in text_of(tree)
    assert "minister said" in text_of(tree)


def test_furniture_heading_in_article_flow_takes_following_links():
    tree = tree_of(
        f"<div class='article-body'><p>{PROSE}</p><p>{PROSE}</p><h3>Sur le même sujet</h3>"
        "<ul><li><a href='/a'>Premier article</a></li><li><a href='/b'>Second article</a></li></ul>"
        f"<p>{PROSE}</p></div>"
    )
    removed = strip_furniture(tree)
    assert [r.kind for r in removed] == ["related"]
    assert "Premier article" in removed[0].text
    assert "Premier article" not in text_of(tree)
    assert text_of(tree).count("minister said") == 3


def test_furniture_section_heading_with_prose_is_kept():
    tree = tree_of(f"<div><p>{PROSE}</p><h2>Comments</h2><p>{PROSE}</p><p>{PROSE}</p></div>")
    assert strip_furniture(tree) == []
    assert "Comments" in text_of(tree)


def test_furniture_protects_the_article_body():
    tree = tree_of(
        f"<div class='comments-open has-sidebar'><div class='sidebar-layout'><p>{PROSE}</p><p>{PROSE}</p>"
        f"<p>{PROSE}</p></div></div><div id='comments'><p>First!</p></div>"
    )
    removed = strip_furniture(tree)
    assert [r.kind for r in removed] == ["comments"]
    assert text_of(tree).count("minister said") == 3


def test_furniture_sidebar_widgets_keep_their_own_kind():
    tree = tree_of(
        f"<div class='post'><p>{PROSE}</p><p>{PROSE}</p></div>"
        "<aside class='sidebar'><div class='widget'><h4>Most read</h4><ul><li><a href='/1'>One</a></li></ul></div>"
        "<div class='widget newsletter'><h4>Newsletter</h4><p>Every Friday.</p></div>"
        "<div class='widget'><p>About this blog</p></div></aside>"
    )
    removed = strip_furniture(tree)
    kinds = [r.kind for r in removed]
    assert "related" in kinds and "newsletter" in kinds and "other" in kinds
    assert "Every Friday" not in text_of(tree)


def test_furniture_cookie_dialog_and_nav():
    tree = tree_of(
        "<div role='dialog' aria-label='Privacy'><p>We use cookies for analytics.</p><button>OK</button></div>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        f"<main><p>{PROSE}</p><p>{PROSE}</p></main>"
    )
    removed = strip_furniture(tree)
    assert [(r.kind) for r in removed] == ["cookie", "navigation"]
    assert removed[1].text == "Home News"


def test_furniture_long_content_named_like_a_menu_is_kept():
    tree = tree_of(
        f"<div class='tab-menu--product'><div class='description'><p>{PROSE * 3}</p></div></div>"
        f"<div class='main'><p>{PROSE}</p><p>{PROSE}</p></div>"
    )
    strip_furniture(tree)
    assert text_of(tree).count("minister said") == 5


def test_furniture_keeps_tail_text():
    tree = tree_of(f"<div><p>{PROSE}</p><p>{PROSE}</p><span class='share'>Share</span> tail words stay</div>")
    strip_furniture(tree)
    assert "tail words stay" in text_of(tree)
    assert "Share" not in text_of(tree)
