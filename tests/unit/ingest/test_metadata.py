"""Metadata from JSON-LD, meta tags and the page, field by field."""

from __future__ import annotations

import lxml.html
import pytest

from claimscope.ingest.metadata import extract_metadata, normalize_date


def meta_of(head: str, body: str = "<p>Text.</p>", *, lang: str = "", url: str | None = None, **kw):
    lang_attr = f' lang="{lang}"' if lang else ""
    tree = lxml.html.document_fromstring(f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>")
    return extract_metadata(tree, url=url, **kw)


def test_metadata_json_ld_graph_article_wins():
    head = """<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebPage","name":"Page name","datePublished":"2020-01-01"},
      {"@type":["NewsArticle"],"headline":"The real headline","datePublished":"2024-05-06T07:08:09+02:00",
       "author":[{"@type":"Person","name":"Ana Díaz"},{"@type":"Person","name":"Li Wei"}],
       "publisher":{"@type":"Organization","name":"El Diario"},"description":"Short summary."}]}</script>"""
    meta = meta_of(head)
    assert meta.title == "The real headline"
    assert meta.published == "2024-05-06"
    assert meta.authors == ("Ana Díaz", "Li Wei")
    assert meta.site_name == "El Diario"
    assert meta.description == "Short summary."


def test_metadata_broken_json_ld_is_skipped():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Oops",}</script>'
        '<script type="application/ld+json">{not json at all</script>'
        '<meta property="og:title" content="From Open Graph">'
    )
    meta = meta_of(head)
    assert meta.title in {"Oops", "From Open Graph"}


def test_metadata_open_graph_and_meta_tags():
    head = """<meta property="og:title" content="OG headline">
      <meta property="og:site_name" content="Daily Example">
      <meta property="article:published_time" content="2023-12-31T23:30:00Z">
      <meta name="author" content="Sam Reed, Jo Park">
      <meta property="og:description" content="OG description">
      <link rel="canonical" href="/2023/12/story">"""
    meta = meta_of(head, url="https://daily.example/amp/story")
    assert meta.title == "OG headline"
    assert meta.site_name == "Daily Example"
    assert meta.published == "2023-12-31"
    assert meta.authors == ("Sam Reed", "Jo Park")
    assert meta.description == "OG description"
    assert meta.canonical_url == "https://daily.example/2023/12/story"


def test_metadata_author_urls_are_not_names():
    meta = meta_of('<meta property="article:author" content="https://facebook.com/someone">', trafilatura=False)
    assert meta.authors == ()


def test_metadata_title_falls_back_to_h1_then_title_without_site():
    assert meta_of("<title>Ignored – Site</title>", "<h1>Headline in h1</h1><p>x</p>").title == "Headline in h1"
    meta = meta_of(
        '<title>Budget vote delayed again | Metro News</title><meta property="og:site_name" content="Metro News">',
        "<p>No heading here.</p>",
        trafilatura=False,
    )
    assert meta.title == "Budget vote delayed again"


def test_metadata_logo_h1_is_not_the_headline():
    body = (
        "<header><h1 class='site-logo'><a href='/'>Metro News</a></h1></header>"
        "<article><h1>Budget vote delayed again</h1><p>Text.</p></article>"
    )
    assert meta_of("", body, trafilatura=False).title == "Budget vote delayed again"


def test_metadata_og_title_keeps_colons_and_strips_site_name():
    meta = meta_of(
        '<meta property="og:title" content="Énergie : l’Europe face à l’hiver - Le Monde Test">'
        '<meta property="og:site_name" content="Le Monde Test">'
    )
    assert meta.title == "Énergie : l’Europe face à l’hiver"


def test_metadata_time_element_date():
    meta = meta_of(
        "", '<article><time datetime="2022-02-03T10:00">3 Feb</time><p>Body.</p></article>', trafilatura=False
    )
    assert meta.published == "2022-02-03"


@pytest.mark.parametrize(("lang", "expected"), [("fr-FR", "fr-FR"), ("en_GB", "en-GB"), ("", None)])
def test_metadata_declared_language(lang: str, expected: str | None):
    assert meta_of("", lang=lang, trafilatura=False).declared_language == expected


def test_metadata_og_locale_when_no_lang():
    assert meta_of('<meta property="og:locale" content="de_DE">', trafilatura=False).declared_language == "de-DE"


def test_metadata_canonical_defaults_to_url():
    assert meta_of("", url="https://x.example/a", trafilatura=False).canonical_url == "https://x.example/a"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-19T08:12:00+00:00", "2024-11-19"),
        ("2024-11-19T08:12:00Z", "2024-11-19"),
        ("2024-11-19", "2024-11-19"),
        ("2024-11-19 08:12", "2024-11-19"),
        ("2024/11/19", "2024-11-19"),
        ("19.11.2024", "2024-11-19"),
        ("November 19, 2024", "2024-11-19"),
        ("20241119", "2024-11-19"),
        ("yesterday", None),
        ("2024-13-45", None),
        (None, None),
    ],
)
def test_metadata_normalize_date(value: str | None, expected: str | None):
    assert normalize_date(value) == expected
