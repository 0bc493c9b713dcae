"""Query text for fact-check matching: tweet noise removed, the post's author kept apart.

Tweets copied from a page carry ``pic.twitter.com/...`` and ``t.co`` links, hashtags, @mentions and
an embed signature ``— Name (@handle) January 28, 2021``. The links and the signature's date say
nothing about the claim; the author's name often does ("Ilhan Omar said ..."), so it is returned
separately and used by the lexical side of the matcher only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]{10}", re.I)
_PIC = re.compile(r"pic\.twitter\.com/[A-Za-z0-9]{10}", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s#]+", re.I)
_SIGNATURE = re.compile(
    r"\s*[—–]\s*([^()\n—–]{0,80}?)\s*\(@(\w{1,30})\)\s*"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})?\W*$"
)
_HASHTAG = re.compile(r"#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d{3,})")


@dataclass(frozen=True, slots=True)
class QueryText:
    text: str  # what is matched
    author: str | None = None  # the post's author, from a "— Name (@handle) date" signature


def clean_query(text: str) -> QueryText:
    """Strip links, the embed signature, ``#`` and ``@`` from a post; split CamelCase hashtags."""
    t = text.strip()
    if len(t) > 1 and t[0] == t[-1] == '"':
        t = t[1:-1]
    t = t.replace('""', '"')
    author = None
    match = _SIGNATURE.search(t)
    if match:
        author = match.group(1).strip() or match.group(2)
        t = t[: match.start()]
    t = _TCO.sub(" ", t)
    t = _PIC.sub(" ", t)
    t = _URL.sub(" ", t)
    t = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), t)
    t = _MENTION.sub(lambda m: m.group(1), t)
    t = re.sub(r"\s+", " ", t).strip()
    return QueryText(t or re.sub(r"\s+", " ", text).strip(), author)
