"""Reading inputs: files (HTML or text by content), URLs, stdin, bytes; and every bad input as a coded error."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from claimscope.config import Settings
from claimscope.errors import ExtractionError, FetchError, InputError
from claimscope.ingest import read_source
from claimscope.ingest.source import binary_reason, looks_like_html

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
PUBLIC = "93.184.216.34"
ARTICLE_HTML = (PAGES / "en-news-related.html").read_bytes()
PLAIN_TEXT = (
    "Council approves new cycle lanes\n\n"
    "The city council approved twelve kilometres of protected cycle lanes on Tuesday, after a debate that "
    "lasted more than four hours.\n\n"
    "Work is due to start in April, the council said. Opponents say the lanes will remove parking spaces.\n"
)


def public_resolver(host: str, port: int) -> list[str]:
    return [PUBLIC]


def serve(body: bytes, content_type: str = "text/html; charset=utf-8") -> httpx.MockTransport:
    return httpx.MockTransport(lambda r: httpx.Response(200, content=body, headers={"content-type": content_type}))


def test_source_html_file(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_bytes(ARTICLE_HTML)
    article = read_source(path, settings=Settings())
    assert article.input.kind == "html"
    assert article.input.path == str(path)
    assert article.input.encoding == "utf-8"
    assert len(article.input.sha256) == 64
    assert article.metadata.title == "Flood defences failed in three towns, inspectors say"


def test_source_kind_is_detected_by_content_not_extension(tmp_path: Path):
    html_named_txt = tmp_path / "page.txt"
    html_named_txt.write_bytes(ARTICLE_HTML)
    text_named_html = tmp_path / "story.html"
    text_named_html.write_text(PLAIN_TEXT, encoding="utf-8")
    assert read_source(str(html_named_txt), settings=Settings()).input.kind == "html"
    assert read_source(str(text_named_html), settings=Settings()).input.kind == "text"


def test_source_plain_text_headline_becomes_title(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    article = read_source(path, settings=Settings())
    assert article.metadata.title == "Council approves new cycle lanes"
    assert [p.kind for p in article.paragraphs] == ["title", "body", "body"]
    assert article.text.startswith("Council approves new cycle lanes\n\nThe city council")


def test_source_plain_text_without_headline(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("A first paragraph that ends like a sentence.\n\nA second one.", encoding="utf-8")
    article = read_source(path, settings=Settings())
    assert article.metadata.title is None
    assert [p.kind for p in article.paragraphs] == ["body", "body"]


def test_source_plain_text_trailing_check_also_is_removed(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(PLAIN_TEXT + "\nCheck Also\n", encoding="utf-8")
    article = read_source(path, settings=Settings())
    assert "Check Also" not in article.text
    assert [(r.kind, r.text) for r in article.removed] == [("related", "Check Also")]


def test_source_seed_text_file():
    seed = Path("/work/shared/examples/seed-article.txt")
    if not seed.is_file():
        pytest.skip("seed article not found")
    article = read_source(seed, settings=Settings())
    assert article.input.kind == "text"
    assert article.paragraphs[0].kind == "title"
    assert article.metadata.title.startswith("À court de chair à canon")
    assert "Check Also" not in article.text
    assert "Russian Offensive Campaign Assessment" not in article.text
    assert any("Russian Offensive Campaign Assessment" in r.text for r in article.removed)
    (tweet,) = article.embeds
    assert (tweet.kind, tweet.handle, tweet.date) == ("tweet", "LeMediaEn442", "2023-02-17")
    paragraph = next(p for p in article.paragraphs if p.id == tweet.paragraph)
    assert paragraph.kind == "embed"
    assert "(@LeMediaEn442)" not in article.text


def test_source_plain_text_pasted_tweet_is_an_embed():
    text = (
        PLAIN_TEXT
        + "\nLanes open next spring, finally!\n— Cycling Club (@cycleclub) March 3, 2025\n\nEnd of story here.\n"
    )
    article = read_source(text.encode(), settings=Settings())
    assert [p.kind for p in article.paragraphs] == ["title", "body", "body", "embed", "body"]
    (tweet,) = article.embeds
    assert (tweet.author, tweet.handle, tweet.text) == ("Cycling Club", "cycleclub", "Lanes open next spring, finally!")


def test_source_stdin():
    article = read_source("-", settings=Settings(), stdin=io.BytesIO(ARTICLE_HTML))
    assert article.input.path == "-"
    assert article.input.kind == "html"


def test_source_bytes():
    article = read_source(PLAIN_TEXT.encode(), settings=Settings())
    assert article.input.kind == "text"
    assert article.paragraphs[0].kind == "title"


def test_source_url():
    article = read_source(
        "https://courier.example/news/flood",
        settings=Settings(),
        transport=serve(ARTICLE_HTML),
        resolver=public_resolver,
    )
    assert article.input.kind == "url"
    assert article.input.url == "https://courier.example/news/flood"
    assert article.input.fetched_at is not None
    assert article.input.sha256 is not None
    assert article.metadata.canonical_url == "https://courier.example/news/2025/03/flood-defences-failed"


def test_source_url_plain_text_response():
    article = read_source(
        "https://txt.example/a",
        settings=Settings(),
        transport=serve(PLAIN_TEXT.encode(), "text/plain; charset=utf-8"),
        resolver=public_resolver,
    )
    assert article.input.kind == "url"
    assert article.metadata.title == "Council approves new cycle lanes"


# --- bad inputs: each one is a coded error -------------------------------------------------------------


def test_source_missing_file(tmp_path: Path):
    with pytest.raises(InputError) as err:
        read_source(tmp_path / "nope.html", settings=Settings())
    assert err.value.code == "E101"


@pytest.mark.parametrize("content", [b"", b"   \n\t  \n"])
def test_source_empty_file(tmp_path: Path, content: bytes):
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_source(path, settings=Settings())
    assert err.value.code == "E102"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"<html>\x00\x00\x00\x01\x02</html>",
        bytes(range(1, 32)) * 20,
    ],
)
def test_source_binary_file(tmp_path: Path, content: bytes):
    path = tmp_path / "file.html"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_source(path, settings=Settings())
    assert err.value.code == "E103"


def test_source_50mb_html_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    with pytest.raises(InputError) as err:
        read_source(path, settings=Settings())
    assert err.value.code == "E104"
    assert str(50 * 1024 * 1024) in err.value.message


def test_source_size_cap_on_stdin():
    with pytest.raises(InputError) as err:
        read_source("-", settings=Settings()._with({"max_bytes": 100}), stdin=io.BytesIO(b"<p>" + b"x" * 500))
    assert err.value.code == "E104"


def test_source_page_with_some_invalid_utf8_is_read(tmp_path: Path):
    path = tmp_path / "broken.html"
    path.write_bytes((PAGES / "fr-broken-encoding.html").read_bytes())
    article = read_source(path, settings=Settings())
    assert article.input.encoding == "utf-8"
    assert "Le marché de Noël" in article.text
    assert "spécialités régionales" in article.text


@pytest.mark.parametrize(
    "content",
    [
        b"\xc0\xc1\xf5\xff\x80" * 500,  # bytes that never occur in UTF-8
        b"\xc3\x28\xa0\xa1" * 1000,  # broken UTF-8 sequences
        b"<html><body><p>" + bytes(range(0x80, 0x100)) * 20 + b"</p></body></html>",
        b"\xff\xfe\xfd" * 1000,  # a UTF-16 byte-order mark followed by noise
    ],
)
def test_source_invalid_utf8_garbage_is_a_coded_error(tmp_path: Path, content: bytes):
    path = tmp_path / "garbage.html"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_source(path, settings=Settings())
    assert err.value.code == "E107"


def test_source_page_without_article(tmp_path: Path):
    path = tmp_path / "home.html"
    path.write_bytes((PAGES / "no-article.html").read_bytes())
    with pytest.raises(ExtractionError) as err:
        read_source(path, settings=Settings())
    assert err.value.code == "E120"


def test_source_unreachable_url():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(FetchError) as err:
        read_source(
            "https://down.example/",
            settings=Settings(),
            transport=httpx.MockTransport(refuse),
            resolver=public_resolver,
        )
    assert err.value.code == "E111"


def test_source_url_resolving_to_private_address():
    with pytest.raises(FetchError) as err:
        read_source(
            "http://router.example/",
            settings=Settings(),
            transport=serve(ARTICLE_HTML),
            resolver=lambda host, port: ["192.168.1.1"],
        )
    assert err.value.code == "E112"


@pytest.mark.parametrize("url", ["ftp://files.example/a.html", "file:///etc/passwd", "gopher://x.example/"])
def test_source_other_url_schemes_are_refused(url: str):
    with pytest.raises(FetchError) as err:
        read_source(url, settings=Settings())
    assert err.value.code == "E110"


def test_source_folder_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError) as err:
        read_source(tmp_path, settings=Settings())
    assert err.value.code == "E105"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello world", None),
        ("Grüße".encode("utf-16"), None),
        (b"%PDF-1.4", "PDF document"),
        (b"GIF89a....", "GIF image"),
    ],
)
def test_source_binary_reason(data: bytes, reason: str | None):
    assert binary_reason(data) == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  <html lang='fr'>", True),
        ("<!-- saved --><div><p>Hi</p></div>", True),
        ("Just a story.\n\nWith <b> one tag.", False),
        ("Plain text about <html> tags in prose only", False),
    ],
)
def test_source_looks_like_html(text: str, expected: bool):
    assert looks_like_html(text) is expected
