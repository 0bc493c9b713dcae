"""Bytes to text: BOM, declared charset, sniffing, mixed and broken bytes; never a crash."""

from __future__ import annotations

import random

import pytest

from claimscope.ingest.decode import (
    charset_from_content_type,
    declared_encoding,
    decode_bytes,
    normalize_encoding,
    undecodable_reason,
)

TEXT = "Größere Städte: l’été à Zürich, naïve café — «guillemets»"


def test_decode_utf8_plain():
    decoded = decode_bytes(TEXT.encode("utf-8"))
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-8"
    assert decoded.errors == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_decode_bom_wins(encoding: str):
    decoded = decode_bytes(TEXT.encode(encoding), declared="iso-8859-1")
    assert decoded.text == TEXT
    assert decoded.method == "bom"


def test_decode_meta_charset_latin1():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT[:40]}</p></body></html>'
    decoded = decode_bytes(page.encode("latin-1", "replace"))
    assert "Größere Städte" in decoded.text
    assert decoded.encoding == "cp1252"  # browsers read ISO-8859-1 labels as windows-1252
    assert decoded.method == "declared"


def test_decode_http_equiv_and_header_charset():
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет, мир</p>'
    assert declared_encoding(page.encode("cp1251")) == "windows-1251"
    assert "Привет, мир" in decode_bytes(page.encode("cp1251")).text
    # the transport's charset is tried first
    assert decode_bytes("Привет, мир".encode("koi8_r"), declared="koi8-r").text == "Привет, мир"


def test_decode_wrong_declaration_falls_back():
    # declared windows-1251 but the bytes are UTF-8: UTF-8 decodes cleanly, the declaration does too, so
    # a declaration only loses when it produces errors; here a UTF-16 claim on ASCII bytes is ignored
    page = b'<meta charset="utf-16"><p>plain ascii page</p>'
    decoded = decode_bytes(page)
    assert "plain ascii page" in decoded.text


def test_decode_undeclared_cp1252_is_sniffed():
    text = "Die Bürgerinnen und Bürger können ab Montag Termine im Bürgerbüro buchen. Öffnungszeiten: täglich."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding != "utf-8"


def test_decode_mostly_utf8_with_latin1_island():
    data = "Le marché de Noël ouvre à Strasbourg. ".encode() + "Spécialités régionales".encode("latin-1")
    decoded = decode_bytes(data, declared="utf-8")
    assert decoded.encoding == "utf-8"
    assert decoded.text == "Le marché de Noël ouvre à Strasbourg. Spécialités régionales"
    assert decoded.errors > 0


def test_decode_invalid_utf8_never_raises():
    data = b"<p>valid \xc3\xa9 then broken \xc3\x28 and \xa0\xa1 and \xf0\x28\x8c\xbc end</p>"
    decoded = decode_bytes(data, declared="utf-8")
    assert decoded.text.startswith("<p>valid")
    assert decoded.text.endswith("end</p>")


@pytest.mark.parametrize("seed", range(20))
def test_decode_random_bytes_never_raise(seed: int):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    decoded = decode_bytes(data, declared=rng.choice([None, "utf-8", "bogus-charset", "shift_jis", "utf-16"]))
    assert isinstance(decoded.text, str)


def test_decode_unknown_declared_charset_is_ignored():
    assert normalize_encoding("x-no-such-charset") is None
    assert decode_bytes("café".encode(), declared="x-no-such-charset").text == "café"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html; charset="iso-8859-1"', "iso-8859-1"),
        ("text/html", None),
        (None, None),
    ],
)
def test_decode_charset_from_content_type(header, expected):
    assert charset_from_content_type(header) == expected


@pytest.mark.parametrize(
    ("data", "garbage"),
    [
        ("Ein ganz normaler Satz über Brücken.".encode("cp1252") * 10, False),
        ("Обычный текст о мостах и реках.".encode() * 10, False),
        (b"plain ascii with one stray byte \xff in it" * 5, False),
        (b"\xc0\xc1\xf5\xff\x80" * 200, True),
        (b"\xff\xfe\xfd" * 300, True),
    ],
)
def test_decode_undecodable_reason(data: bytes, garbage: bool):
    reason = undecodable_reason(decode_bytes(data))
    assert (reason is not None) is garbage
