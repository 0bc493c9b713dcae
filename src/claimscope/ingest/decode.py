"""Bytes to text: declared charset, byte-order mark, sniffing, and a lossy last resort.

Never raises on any bytes: undecodable bytes become U+FFFD. Order of preference:

1. a byte-order mark (it is unambiguous);
2. the declared charset (HTTP ``Content-Type``, then ``<meta charset>`` / ``http-equiv`` / XML
   declaration) when the bytes decode cleanly with it, or with very few errors;
3. strict UTF-8;
4. charset_normalizer's best guess;
5. windows-1252 (what browsers use for undeclared Western pages), with replacement characters.

Text that is UTF-8 apart from a few invalid bytes (a Latin-1 paragraph pasted into a UTF-8 page)
stays UTF-8, and only the invalid bytes are read as windows-1252.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)

# WHATWG encoding labels that browsers remap; Python would decode them more strictly.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "utf8": "utf-8",
    "unicode": "utf-16-le",
}

# Above this share of replaced bytes, a declared charset is taken to be wrong.
_MAX_ERROR_RATIO = 0.001
_SNIFF_BYTES = 200_000
_MAX_GARBAGE_SHARE = 0.01
_MIN_COHERENCE = 0.05


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """Python codec name that was used (``utf-8``, ``cp1252`` ...)."""
    method: str
    """How it was chosen: ``bom``, ``declared``, ``utf-8``, ``sniffed`` or ``fallback``."""
    errors: int = 0
    """Number of replacement characters introduced by decoding."""
    coherence: float | None = None
    """For a sniffed encoding, charset_normalizer's language coherence of the result (0 to 1)."""


def normalize_encoding(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, or None when it is unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = _ALIASES.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_encoding(data: bytes) -> str | None:
    """The charset declared inside the document (meta tag or XML declaration)."""
    head = data[:8192]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _count_errors(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    if "\ufffd" not in text:
        return text, 0
    # Count only the replacements that decoding introduced, not literal U+FFFD in the source.
    return text, max(0, text.count("\ufffd") - data.count("\ufffd".encode()))


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text; ``declared`` is a charset from the transport (HTTP header).

    Never raises: the worst case is windows-1252 or UTF-8 with replacement characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, errors = _count_errors(data[len(bom) :], encoding)
            return Decoded(text, encoding, "bom", errors)

    candidates = [normalize_encoding(declared), normalize_encoding(declared_encoding(data))]
    for encoding in dict.fromkeys(c for c in candidates if c):
        if encoding.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:200]:
            # a meta tag claiming UTF-16 in an ASCII-compatible file is always wrong
            continue
        if encoding == "utf-8":
            mixed = _decode_mostly_utf8(data)
            if mixed is not None:
                return Decoded(mixed[0], "utf-8", "declared", mixed[1])
            continue
        text, errors = _count_errors(data, encoding)
        if errors <= max(1, len(data) * _MAX_ERROR_RATIO):
            return Decoded(text, encoding, "declared", errors)

    mixed = _decode_mostly_utf8(data)
    if mixed is not None:
        return Decoded(mixed[0], "utf-8", "utf-8", mixed[1])

    sniffed, coherence = _sniff(data)
    if sniffed:
        text, errors = _count_errors(data, sniffed)
        return Decoded(text, sniffed, "sniffed", errors, coherence)

    utf8_text, utf8_errors = _count_errors(data, "utf-8")
    cp_text, cp_errors = _count_errors(data, "cp1252")
    if utf8_errors <= cp_errors:
        return Decoded(utf8_text, "utf-8", "fallback", utf8_errors)
    return Decoded(cp_text, "cp1252", "fallback", cp_errors)


def undecodable_reason(decoded: Decoded) -> str | None:
    """Why decoded bytes are not text, or None when they are.

    Garbage is what no encoding explains:

    - the BOM's encoding had to replace more than 1 % of the characters;
    - nothing fitted (the last-resort fallback) and more than 1 % of the result is not ASCII;
    - charset_normalizer's best guess reads as no language at all (coherence near 0) and the
      result is mostly not ASCII (random high bytes read as Urdu or Greek, say).

    A page that is UTF-8 or a known encoding apart from a few broken bytes is text.
    """
    text = decoded.text
    if not text:
        return None
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F) / len(text)
    if decoded.method == "bom" and decoded.errors / len(text) > _MAX_GARBAGE_SHARE:
        return f"{decoded.errors} undecodable sequences after a {decoded.encoding} byte-order mark"
    if decoded.method == "fallback" and non_ascii > _MAX_GARBAGE_SHARE:
        return "no encoding fits the bytes"
    if decoded.method == "sniffed" and (decoded.coherence or 0.0) < _MIN_COHERENCE and non_ascii > 0.3:
        return f"the bytes read as no language in {decoded.encoding} either"
    return None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as windows-1252 (pasted Latin-1 text), undefined ones as U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("claimscope-cp1252", _cp1252_fallback)


def _decode_mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8, when the bytes are UTF-8 or mostly so: islands of invalid bytes are read as windows-1252.

    Returns None when invalid sequences outnumber valid multi-byte characters (a legacy encoding).
    """
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    text, errors = _count_errors(data, "utf-8")
    valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if valid < max(3, errors):
        return None
    return data.decode("utf-8", errors="claimscope-cp1252"), errors


def _sniff(data: bytes) -> tuple[str | None, float | None]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF_BYTES]).best()
    if best is None:
        return None, None
    return normalize_encoding(best.encoding), float(best.coherence)


__all__ = [
    "Decoded",
    "charset_from_content_type",
    "declared_encoding",
    "decode_bytes",
    "normalize_encoding",
    "undecodable_reason",
]
