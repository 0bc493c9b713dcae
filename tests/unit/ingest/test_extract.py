"""HTML to Article: the seed article, canned templates, links, kinds, and malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.errors import ExtractionError, InputError
from claimscope.ingest import article_from_html
from claimscope.model import Article, InputInfo

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
SEED = Path("/work/shared/examples/seed-article.html")
SEED_TEXT = Path("/work/shared/examples/seed-article.txt")


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return article_from_html(
        SEED.read_bytes(), url="https://news.example/fr/2024/11/kiev-demande-des-combattants-a-hts/"
    )


@pytest.fixture(scope="module")
def english() -> Article:
    return article_from_html(page("en-news-related.html"), url="https://courier.example/news/flood")


@pytest.fixture(scope="module")
def french() -> Article:
    return article_from_html(page("fr-news-lire-aussi.html"))


def assert_consistent(article: Article) -> None:
    """Offsets index the final text; paragraphs are joined by blank lines; links point at their words."""
    pieces = [article.text[p.start : p.end] for p in article.paragraphs]
    assert "\n\n".join(pieces) == article.text
    assert all(piece == piece.strip() and piece for piece in pieces)
    assert all("\n\n" not in piece for piece in pieces)
    for link in article.links:
        assert article.text[link.start : link.end] == link.text
    ids = {p.id for p in article.paragraphs}
    for embed in article.embeds:
        assert embed.paragraph in ids
        paragraph = next(p for p in article.paragraphs if p.id == embed.paragraph)
        assert paragraph.kind == "embed"


# --- the seed article ----------------------------------------------------------------------------------


def test_extract_seed_metadata(seed: Article):
    assert seed.metadata.title == "À court de chair à canon, Kiev demande des combattants à HTŞ (une branche de Daesh)"
    assert seed.metadata.published == "2024-11-19"
    assert seed.metadata.site_name == "Le Veilleur Géopolitique"
    assert seed.metadata.canonical_url == "https://news.example/fr/2024/11/kiev-demande-des-combattants-a-hts/"
    assert seed.metadata.declared_language == "fr-FR"
    assert seed.metadata.authors == ("Rédaction",)


def test_extract_seed_title_first(seed: Article):
    first = seed.paragraphs[0]
    assert first.kind == "title"
    assert seed.text[first.start : first.end] == seed.metadata.title


def test_extract_seed_every_body_paragraph(seed: Article):
    if not SEED_TEXT.is_file():
        pytest.skip("seed text not found")
    expected = [b.strip() for b in SEED_TEXT.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = expected[1 : expected.index("Check Also")]
    body = [b for b in body if not b.startswith("Des images inquiétantes")]  # the tweet, an embed paragraph
    texts = [seed.text[p.start : p.end] for p in seed.paragraphs if p.kind == "body"]
    assert texts == body


def test_extract_seed_tweet_is_an_embed_and_a_paragraph(seed: Article):
    assert len(seed.embeds) == 1
    tweet = seed.embeds[0]
    assert tweet.kind == "tweet"
    assert tweet.handle == "LeMediaEn442"
    assert tweet.url == "https://twitter.com/LeMediaEn442/status/1626596016011583488"
    assert tweet.author == "Le Média en 4-4-2"
    assert tweet.date == "2023-02-17"
    paragraph = next(p for p in seed.paragraphs if p.id == tweet.paragraph)
    assert paragraph.kind == "embed"
    assert seed.text[paragraph.start : paragraph.end].startswith("Des images inquiétantes montrent")
    # in place: after the Associated Press paragraph, before "Des milliers"
    index = seed.paragraphs.index(paragraph)
    assert seed.text[seed.paragraphs[index - 1].start :].startswith("L'Associated Press")
    assert seed.text[seed.paragraphs[index + 1].start :].startswith("Des milliers de terroristes")
    # the tweet's words appear once, in the embed paragraph only
    assert seed.text.count("Des images inquiétantes") == 1


@pytest.mark.parametrize(
    "furniture",
    [
        "Check Also",
        "Russian Offensive Campaign Assessment",
        "Russian officials continued",
        "Accueil",
        "Moyen-Orient",
        "Les plus lus",
        "L’OTAN prépare",
        "Partager",
        "WhatsApp",
        "Laisser un commentaire",
        "Recevez nos analyses",
        "Newsletter",
        "Tous droits réservés",
        "Mentions légales",
        "1 482 vues",
    ],
)
def test_extract_seed_furniture_not_in_text(seed: Article, furniture: str):
    assert furniture not in seed.text


@pytest.mark.parametrize(
    ("kind", "snippet"),
    [
        ("related", "Check Also"),
        ("related", "Russian Offensive Campaign Assessment, November 18, 2024"),
        ("navigation", "Moyen-Orient"),
        ("related", "Les plus lus"),
        ("share", "WhatsApp"),
        ("share", "Partager"),
        ("comments", "Laisser un commentaire"),
        ("newsletter", "Recevez nos analyses chaque semaine."),
        ("footer", "Tous droits réservés"),
    ],
)
def test_extract_seed_furniture_in_removed(seed: Article, kind: str, snippet: str):
    assert any(r.kind == kind and snippet in r.text for r in seed.removed), [r.to_dict() for r in seed.removed]


def test_extract_seed_is_consistent(seed: Article):
    assert_consistent(seed)
    assert seed.input.kind == "html"
    assert seed.input.sha256 and len(seed.input.sha256) == 64


# --- other templates -----------------------------------------------------------------------------------


def test_extract_english_template(english: Article):
    assert_consistent(english)
    assert english.metadata.title == "Flood defences failed in three towns, inspectors say"
    assert english.metadata.authors == ("Alice Grant", "Tom Okafor")
    assert english.metadata.published == "2025-03-04"
    kinds = [p.kind for p in english.paragraphs]
    assert kinds[0] == "title"
    assert {"heading", "list", "quote", "embed", "body"} <= set(kinds)
    for gone in [
        "We use cookies",
        "Share on Facebook",
        "Tags:",
        "Storm damage bill",
        "Millbrook evacuated",
        "Get the Courier Daily",
        "Riverwatcher",
        "Council tax",
        "Advertisement",
        "All rights reserved",
        "Sport",
    ]:
        assert gone not in english.text, gone
    removed_kinds = {r.kind for r in english.removed}
    assert {
        "cookie",
        "navigation",
        "share",
        "tags",
        "related",
        "newsletter",
        "comments",
        "ad",
        "footer",
    } <= removed_kinds
    assert english.text.rstrip().endswith("environment committee next month.")


def test_extract_english_links_have_offsets(english: Article):
    (link,) = english.links
    assert link.url == "https://courier.example/about"
    assert link.text == "Courier"
    assert english.text[link.start : link.end] == "Courier"


def test_extract_english_youtube_embed(english: Article):
    (video,) = english.embeds
    assert video.kind == "youtube"
    assert video.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video.text == "Inspectors walk the flood barrier at Millbrook"


def test_extract_french_template(french: Article):
    assert_consistent(french)
    assert french.metadata.published == "2025-06-12"
    assert french.metadata.authors == ("Claire Fabre",)
    for gone in [
        "À lire aussi",
        "Réforme des horaires",
        "Sur le même sujet",
        "bat son record",
        "Recevez chaque matin",
        "Partager",
        "S'abonner",
        "Mentions légales",
    ]:
        assert gone not in french.text, gone
    assert [e.kind for e in french.embeds] == ["telegram", "telegram"]
    assert french.embeds[0].url == "https://t.me/aviation_news/4521"
    assert french.embeds[1].handle == "syndicat_ctrl"
    assert "La grève est reconduite" in french.embeds[1].text
    assert {"related", "newsletter", "navigation", "footer"} <= {r.kind for r in french.removed}


def test_extract_german_template_embeds():
    article = article_from_html(page("de-news-embeds.html"))
    assert_consistent(article)
    assert [e.kind for e in article.embeds] == ["instagram", "tiktok", "facebook"]
    instagram, tiktok, facebook = article.embeds
    assert instagram.handle == "stadtkoeln"
    assert tiktok.handle == "wetterfrosch_rhein"
    assert facebook.url == "https://www.facebook.com/feuerwehr.koeln/posts/123456789"
    for gone in ["Weitere Artikel", "Rekordtief", "Auch interessant", "Haustiere", "Artikel teilen", "Impressum"]:
        assert gone not in article.text, gone


def test_extract_wordpress_template():
    article = article_from_html(page("en-wordpress-blog.html"))
    assert_consistent(article)
    assert article.metadata.title == "Why the night bus matters"
    assert article.metadata.authors == ("Priya Nair",)
    assert [p.kind for p in article.paragraphs] == ["title", "body", "body", "heading", "body", "embed", "body"]
    (tweet,) = article.embeds
    assert tweet.url == "https://twitter.com/maria_shift/status/1756000000000000001"
    for gone in [
        "Skip to content",
        "Share this",
        "Tram delays",
        "Posted in",
        "Ticket machines",
        "Leave a Reply",
        "hospital staff",
        "Recent Posts",
        "powered by WordPress",
    ]:
        assert gone not in article.text, gone
    kinds = {r.kind for r in article.removed}
    assert {"navigation", "share", "related", "comments", "footer"} <= kinds


def test_extract_latin1_page():
    article = article_from_html(page("de-latin1.html"))
    assert article.metadata.title == "Bürgerbüro öffnet länger"
    assert "Königstraße" in article.text
    assert article.input.encoding == "cp1252"


def test_extract_page_without_article():
    with pytest.raises(ExtractionError) as err:
        article_from_html(page("no-article.html"))
    assert err.value.code == "E120"


def test_extract_input_info_is_kept():
    info = InputInfo(kind="url", url="https://x.example/a", sha256="abc", fetched_at="2025-01-01T00:00:00+00:00")
    article = article_from_html(page("en-news-related.html"), url="https://x.example/a", input_info=info)
    assert article.input == info


@pytest.mark.parametrize("data", [b"", b"   ", ""])
def test_extract_empty_input(data):
    with pytest.raises(InputError) as err:
        article_from_html(data)
    assert err.value.code == "E102"


def test_extract_binary_input():
    with pytest.raises(InputError) as err:
        article_from_html(b"%PDF-1.5\n\x00\x01\x02")
    assert err.value.code == "E103"


PROSE = "This paragraph is long enough to count as the text of an article about something that happened today. " * 3


@pytest.mark.parametrize(
    "html",
    [
        f"<html><body><div><p>{PROSE}</div></span></p></body>",
        f"<p>{PROSE}<p>{PROSE}",
        f"<html><head><title>x</title><body><article><p>{PROSE}</article></html></html></html>",
        f"<?xml version='1.0' encoding='utf-8'?><html><body><p>{PROSE}</p></body></html>",
        f"<html><body><table><tr><td><p>{PROSE}</td></tr></body></html>",
        f"<html><body><p>{PROSE}<!-- unterminated comment",
        f"<html><body><p>{PROSE}<script>var x = '</p>';",
        f"<html><body>\x00<p>{PROSE}</p>\x0b</body></html>",
    ],
)
def test_extract_malformed_html_does_not_crash(html: str):
    try:
        article = article_from_html(html)
    except (ExtractionError, InputError) as err:
        assert err.code.startswith("E1")
    else:
        assert "long enough to count" in article.text
        assert_consistent(article)


@pytest.mark.parametrize(
    "html",
    [
        "<",
        "<<<>>>",
        "<html>",
        "<html><body></body></html>",
        "<div><a href='/'>Home</a></div>",
        "\ufeff<p></p>",
        "<html><body><script>alert(1)</script></body></html>",
    ],
)
def test_extract_degenerate_pages_are_coded_errors(html: str):
    with pytest.raises((ExtractionError, InputError)) as err:
        article_from_html(html)
    assert err.value.code in {"E102", "E120", "E121"}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Anzeige", "ad"),
        ("ADVERTISEMENT", "ad"),
        ("Story continues below advertisement", "ad"),
        ("Tags: floods, bridges, council", "tags"),
        ("Filed under: Politics", "tags"),
        ("© 2025 Example Media. All rights reserved.", "footer"),
        ("Copyright 2025 The Daily Example", "footer"),
    ],
)
def test_extract_site_labels_go_to_removed(label: str, kind: str):
    prose = "<p>" + "The council met on Monday to discuss the repairs to the old bridge over the river. " * 3 + "</p>"
    article = article_from_html(f"<html><body><article>{prose}<p>{label}</p>{prose}</article></body></html>")
    assert label not in article.text
    assert any(r.kind == kind and r.text == label for r in article.removed)


def test_extract_back_link_is_navigation():
    from claimscope.ingest.extract import Block, _label_kind

    link = "« Back to the newsroom"
    assert _label_kind(Block(link, "body", [("https://x.example/news", 2, len(link))])) == "navigation"
    assert _label_kind(Block("Back to the roots of the conflict, the report says.", "body")) is None
