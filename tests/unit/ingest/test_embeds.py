"""Embedded posts: each platform's markup read into an embed, and replaced by a marker in place."""

from __future__ import annotations

import lxml.html
import pytest

from claimscope.ingest import article_from_html
from claimscope.ingest.embeds import detect_embeds, find_markers, marker, parse_embed_date

PROSE = (
    "The mayor announced on Tuesday that the bridge would stay closed until the end of the month, "
    "after engineers found cracks in two of its supporting pillars during a routine inspection. "
)

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The bridge is closed until further notice. '
    'Please use the ferry. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; City of Rivertown '
    '(@RivertownCity) <a href="https://twitter.com/RivertownCity/status/1234567890123456789?ref_src=twsrc%5Etfw">'
    "March 3, 2025</a></blockquote>"
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)


def detect(html: str):
    tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    return tree, detect_embeds(tree, base_url="https://news.example/a")


def test_embeds_tweet_fields():
    _, (embed,) = detect(TWEET)
    assert embed.kind == "tweet"
    assert embed.handle == "RivertownCity"
    assert embed.author == "City of Rivertown"
    assert embed.url == "https://twitter.com/RivertownCity/status/1234567890123456789"
    assert embed.date == "2025-03-03"
    assert embed.text.startswith("The bridge is closed until further notice.")
    assert "RivertownCity" not in embed.text


def test_embeds_x_dot_com_tweet():
    html = (
        '<blockquote class="twitter-tweet"><p>Hello from X</p>— Someone (@someone) '
        '<a href="https://x.com/someone/status/42">July 1, 2024</a></blockquote>'
    )
    _, (embed,) = detect(html)
    assert embed.url == "https://x.com/someone/status/42"
    assert embed.handle == "someone"


def test_embeds_are_replaced_by_markers_in_place():
    tree, found = detect(f"<p>{PROSE}</p><figure class='wp-block-embed'><div>{TWEET}</div></figure><p>After.</p>")
    assert len(found) == 1
    text = tree.text_content()
    assert find_markers(text) == [0]
    assert "The bridge is closed" not in text
    assert text.index(PROSE[:20]) < text.index(marker(0)) < text.index("After.")
    assert tree.find(".//figure") is None  # the wrapper went with the embed


def test_embeds_telegram_script_widget():
    _, (embed,) = detect(
        '<script async src="https://telegram.org/js/telegram-widget.js" data-telegram-post="durov/43"></script>'
    )
    assert embed.kind == "telegram"
    assert embed.url == "https://t.me/durov/43"
    assert embed.handle == "durov"
    assert embed.paragraph_text() == "[Telegram post https://t.me/durov/43]"


def test_embeds_telegram_iframe():
    _, (embed,) = detect('<iframe src="https://t.me/rian_ru/123456?embed=1" width="100%"></iframe>')
    assert embed.kind == "telegram"
    assert embed.url == "https://t.me/rian_ru/123456"


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?start=10" title="Bridge inspection"></iframe>',
        '<iframe data-src="//www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Bridge inspection"></iframe>',
        '<lite-youtube videoid="dQw4w9WgXcQ" playlabel="Bridge inspection"></lite-youtube>',
    ],
)
def test_embeds_youtube(html: str):
    _, (embed,) = detect(html)
    assert embed.kind == "youtube"
    assert embed.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert embed.paragraph_text() == "[YouTube video: Bridge inspection]"


def test_embeds_facebook_iframe():
    src = "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fcity%2Fposts%2F99&width=500"
    _, (embed,) = detect(f'<iframe src="{src}"></iframe>')
    assert embed.kind == "facebook"
    assert embed.url == "https://www.facebook.com/city/posts/99"


def test_embeds_instagram_and_tiktok():
    _, found = detect(
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/Cx1/">'
        "<p>Sunset at the pier</p><p>A post shared by Pier Cafe (@piercafe)</p></blockquote>"
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@dancer.one/video/7001">'
        '<section><a title="@dancer.one" href="https://www.tiktok.com/@dancer.one">@dancer.one</a> new moves'
        "</section></blockquote>"
    )
    instagram, tiktok = found
    assert (instagram.kind, instagram.handle, instagram.author) == ("instagram", "piercafe", "Pier Cafe")
    assert instagram.text == "Sunset at the pier"
    assert (tiktok.kind, tiktok.handle, tiktok.text) == ("tiktok", "dancer.one", "new moves")


def test_embeds_ordinary_blockquote_and_iframe_are_not_embeds():
    _, found = detect("<blockquote><p>A quotation.</p></blockquote><iframe src='https://maps.example/embed'></iframe>")
    assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("February 17, 2023", "2023-02-17"),
        ("Feb 17, 2023", "2023-02-17"),
        ("2023-02-17", "2023-02-17"),
        ("17 février 2023", "17 février 2023"),
        ("", None),
    ],
)
def test_embeds_parse_date(text: str, expected: str | None):
    assert parse_embed_date(text) == expected


def test_embeds_become_embed_paragraphs_in_the_article():
    html = f"<html><body><article><p>{PROSE}</p>{TWEET}<p>{PROSE}Second.</p></article></body></html>"
    article = article_from_html(html)
    kinds = [p.kind for p in article.paragraphs]
    assert kinds == ["body", "embed", "body"] or kinds == ["title", "body", "embed", "body"]
    (embed,) = article.embeds
    paragraph = next(p for p in article.paragraphs if p.id == embed.paragraph)
    assert article.text[paragraph.start : paragraph.end] == embed.text
    assert article.text.count("Please use the ferry") == 1
