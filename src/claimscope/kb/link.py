"""Entity linking against the SQLite alias index built by ``claimscope kb import``.

For one entity of an article (its canonical name and the spellings of its mentions, its label):

1. candidates: every item one of its normalised names is a label or alias of (a full name counts
   more than an acronym, a label more than an alias, the article's language more than another);
2. type: the item's P31 classes (climbing P279 a few steps) mapped to PER/ORG/LOC must agree with
   the entity's label (human Q5 → PER; organisation, armed group, party, agency… → ORG;
   country, city, region… → LOC); a contradiction costs much, agreement earns a little;
3. popularity: log of the sitelink count, and the candidate's share of the sitelinks of all the
   candidates (Paris, France against Paris, Texas);
4. context: the item's country / location / parent organisation among the other entities' best
   candidates, and words of its description found in the article;
5. ``kb_id`` is set only when the best score passes a threshold *and* leads the runner-up by a
   margin; otherwise it stays null (the explanation says why).
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimscope.errors import KBError
from claimscope.kb.normalize import fold, is_acronym, normalize_alias
from claimscope.kb.wikidata import connect, read_meta

# Wikidata classes (P31 values, or reached through P279) and the label they imply.
CLASS_LABELS: dict[int, str] = {
    5: "PER",
    15632617: "PER",
    # organisations
    43229: "ORG",
    4830453: "ORG",
    783794: "ORG",
    6881511: "ORG",
    891723: "ORG",
    7278: "ORG",
    17149090: "ORG",
    192283: "ORG",
    11032: "ORG",
    1002697: "ORG",
    15265344: "ORG",
    1616075: "ORG",
    14350: "ORG",
    484652: "ORG",
    327333: "ORG",
    7210356: "ORG",
    2659904: "ORG",
    163740: "ORG",
    3918: "ORG",
    35127: "ORG",
    176799: "ORG",
    8473: "ORG",
    1530022: "ORG",
    48204: "ORG",
    4438121: "ORG",
    476028: "ORG",
    1331793: "ORG",
    2085381: "ORG",
    # places
    6256: "LOC",
    3624078: "LOC",
    515: "LOC",
    1549591: "LOC",
    5119: "LOC",
    486972: "LOC",
    532: "LOC",
    3957: "LOC",
    1637706: "LOC",
    10864048: "LOC",
    82794: "LOC",
    23442: "LOC",
    8502: "LOC",
    4022: "LOC",
    165: "LOC",
    7275: "LOC",
    107390: "LOC",
    35657: "LOC",
    1620908: "LOC",
    15284: "LOC",
    484170: "LOC",
    1907114: "LOC",
    2221906: "LOC",
    56061: "LOC",
    1048835: "LOC",
    13220204: "LOC",
    13221722: "LOC",
    3024240: "LOC",
    5107: "LOC",
    123705: "LOC",
    1093829: "LOC",
    # events and works
    1656682: "MISC",
    198: "MISC",
    178561: "MISC",
    11424: "MISC",
    7725634: "MISC",
    1190554: "MISC",
}
CONTEXT_PROPS = (17, 131, 159, 27, 463, 749, 361)

THRESHOLD = 0.8
MARGIN = 0.12
_WORD_RE = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """What the linker knows of one entity: its names (canonical first), label and an optional hint."""

    names: tuple[str, ...]
    label: str = "MISC"
    hint: str | None = None  # a QID from the curated alias table


@dataclass(frozen=True, slots=True)
class LinkResult:
    qid: str | None
    score: float = 0.0
    name: str | None = None
    label: str | None = None
    candidates: int = 0
    explanation: str = ""


@dataclass(slots=True)
class _Cand:
    qid: int
    match: float = 0.0
    keys: set[str] = field(default_factory=set)
    type_label: str | None = None
    sitelinks: int = 0
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


class KnowledgeBase:
    """Read-only access to the alias index (one connection, small caches)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.con = connect(path, readonly=True)
            self.meta = read_meta(self.con)
        except sqlite3.DatabaseError as exc:
            raise KBError("E502", path=str(path), detail=str(exc)) from exc
        if "schema_version" not in self.meta:
            raise KBError("E502", path=str(path), detail="not a claimscope knowledge base (no meta)")
        self._entity = lru_cache(maxsize=20000)(self._entity_uncached)
        self._claims = lru_cache(maxsize=20000)(self._claims_uncached)
        self._type = lru_cache(maxsize=20000)(self._type_uncached)
        self._class = lru_cache(maxsize=20000)(self._class_uncached)

    def close(self) -> None:
        self.con.close()

    def lookup(self, key: str, *, limit: int = 40) -> list[tuple[int, str, int, int]]:
        """(qid, lang, is_label, sitelinks) of the items with this normalised alias, most linked first."""
        rows = self.con.execute(
            "SELECT a.qid, a.lang, a.is_label, COALESCE(e.sitelinks, 0) FROM alias a "
            "LEFT JOIN entity e ON e.qid = a.qid WHERE a.key = ? ORDER BY 4 DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        return [(int(q), str(lang), int(lab), int(sl)) for q, lang, lab, sl in rows]

    def entity(self, qid: int) -> dict[str, Any] | None:
        return self._entity(qid)  # type: ignore[no-any-return]

    def _entity_uncached(self, qid: int) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT label, labels, descriptions, sitelinks FROM entity WHERE qid = ?", (qid,)
        ).fetchone()
        if row is None:
            return None
        return {
            "qid": qid,
            "label": row[0],
            "labels": json.loads(row[1]),
            "descriptions": json.loads(row[2]),
            "sitelinks": int(row[3]),
        }

    def claims(self, qid: int) -> dict[int, tuple[int, ...]]:
        return self._claims(qid)  # type: ignore[no-any-return]

    def _claims_uncached(self, qid: int) -> dict[int, tuple[int, ...]]:
        out: dict[int, list[int]] = {}
        for prop, value in self.con.execute("SELECT prop, value FROM claim WHERE qid = ?", (qid,)):
            out.setdefault(int(prop), []).append(int(value))
        return {k: tuple(v) for k, v in out.items()}

    def type_label(self, qid: int) -> str | None:
        """PER/ORG/LOC/MISC from the item's P31 classes (each class climbs P279 up to four steps)."""
        return self._type(qid)  # type: ignore[no-any-return]

    def _type_uncached(self, qid: int) -> str | None:
        labels = {self._class(c) for c in self.claims(qid).get(31, ())[:20]}
        for preferred in ("PER", "ORG", "LOC", "MISC"):
            if preferred in labels:
                return preferred
        return None

    def class_label(self, cls: int) -> str | None:
        return self._class(cls)  # type: ignore[no-any-return]

    def _class_uncached(self, cls: int) -> str | None:
        frontier, seen = [cls], {cls}
        for _depth in range(5):
            labels = [CLASS_LABELS[c] for c in frontier if c in CLASS_LABELS]
            for preferred in ("PER", "ORG", "LOC", "MISC"):
                if preferred in labels:
                    return preferred
            nxt: list[int] = []
            for c in frontier[:30]:
                nxt.extend(p for p in self.claims(c).get(279, ()) if p not in seen)
            seen.update(nxt)
            if not nxt:
                return None
            frontier = nxt
        return None


@lru_cache(maxsize=8)
def open_kb(path: str) -> KnowledgeBase:
    return KnowledgeBase(path)


def _label_in(entity: dict[str, Any], lang: str | None) -> str | None:
    labels = entity.get("labels") or {}
    for code in (lang, "en", "mul", "fr"):
        if code and code in labels:
            return str(labels[code])
    return entity.get("label")


def _article_words(text: str) -> set[str]:
    return {fold(w) for w in _WORD_RE.findall(text)}


def _candidates(kb: KnowledgeBase, query: EntityQuery, lang: str | None) -> dict[int, _Cand]:
    cands: dict[int, _Cand] = {}
    keys: dict[str, bool] = {}
    for name in query.names:
        key = normalize_alias(name)
        if key:
            keys[key] = keys.get(key, False) or not is_acronym(name)
    for key, full in keys.items():
        for qid, alias_lang, is_label, sitelinks in kb.lookup(key):
            quality = 1.0 if is_label and alias_lang in (lang, "mul") else 0.95 if is_label else 0.9
            if not full:
                quality *= 0.6  # an acronym alone names many things
            c = cands.setdefault(qid, _Cand(qid=qid, sitelinks=sitelinks))
            c.match = max(c.match, quality)
            c.keys.add(key)
    n_keys = max(1, len(keys))
    for c in cands.values():
        c.parts["name"] = c.match
        c.parts["coverage"] = 0.15 * (len(c.keys) - 1) / n_keys if n_keys > 1 else 0.0
    return cands


def _score(
    kb: KnowledgeBase,
    c: _Cand,
    query: EntityQuery,
    *,
    context_qids: set[int],
    words: set[str],
    lang: str | None,
    context_related: set[int] | None = None,
    total_sitelinks: int = 0,
) -> None:
    c.type_label = kb.type_label(c.qid)
    if query.label == "MISC":
        c.parts["type"] = 0.0
    elif c.type_label is None:
        c.parts["type"] = -0.1  # nothing says it is a person, organisation or place
    elif c.type_label == query.label:
        c.parts["type"] = 0.2
    elif {c.type_label, query.label} == {"ORG", "LOC"}:
        c.parts["type"] = -0.25  # "Kiev demande…": a capital standing for its government
    else:
        c.parts["type"] = -0.35  # spaCy's small models mislabel often ("Mali" PER): a cost, not a veto
    # how well known it is (log sitelinks) and how much of the name's fame it holds among the
    # candidates: Paris the capital against Paris, Texas, whose sitelinks are a fifth of its own
    share = c.sitelinks / total_sitelinks if total_sitelinks else 0.0
    c.parts["popularity"] = 0.15 * min(1.0, math.log1p(c.sitelinks) / math.log1p(250)) + 0.3 * share
    claims = kb.claims(c.qid)
    related = {v for p in CONTEXT_PROPS for v in claims.get(p, ())}
    # either way round: Kyiv's country is in the article, or Atlanta (in the article) lies in Georgia
    linked = bool(related & (context_qids - {c.qid})) or c.qid in (context_related or set())
    c.parts["context"] = 0.25 if linked else 0.0
    entity = kb.entity(c.qid) or {}
    desc = " ".join((entity.get("descriptions") or {}).get(code, "") for code in (lang or "en", "en"))
    overlap = len(_article_words(desc) & words)
    c.parts["words"] = 0.05 * min(2, overlap)
    c.parts["hint"] = 0.3 if query.hint and query.hint == f"Q{c.qid}" else 0.0
    c.score = sum(c.parts.values())


def link_entities(
    kb: KnowledgeBase,
    queries: Sequence[EntityQuery],
    *,
    text: str = "",
    lang: str | None = None,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> list[LinkResult]:
    """Link every entity of one article; the others' best candidates serve as context.

    1. candidates by normalised name, scored without context;
    2. the confident winners become the context (their QIDs);
    3. everything is scored again with context; a winner needs ``threshold`` and ``margin``.
    """
    words = _article_words(text)
    pools = [_candidates(kb, q, lang) for q in queries]
    context: set[int] = set()
    for q, pool in zip(queries, pools, strict=True):
        for c in pool.values():
            _score(kb, c, q, context_qids=set(), words=words, lang=lang, total_sitelinks=_total(pool))
        ranked = sorted(pool.values(), key=lambda c: -c.score)
        if (
            ranked
            and ranked[0].score >= threshold
            and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= margin)
        ):
            context.add(ranked[0].qid)
    out = []
    for q, pool in zip(queries, pools, strict=True):
        others = context - set(pool)
        related = {v for qid in others for p in CONTEXT_PROPS for v in kb.claims(qid).get(p, ())}
        for c in pool.values():
            _score(
                kb,
                c,
                q,
                context_qids=others,
                words=words,
                lang=lang,
                context_related=related,
                total_sitelinks=_total(pool),
            )
        out.append(_decide(kb, q, sorted(pool.values(), key=lambda c: -c.score), threshold, margin, lang))
    return out


def _total(pool: dict[int, _Cand]) -> int:
    return sum(c.sitelinks for c in pool.values())


def link_entity(kb: KnowledgeBase, query: EntityQuery, *, text: str = "", lang: str | None = None) -> LinkResult:
    return link_entities(kb, [query], text=text, lang=lang)[0]


def _decide(
    kb: KnowledgeBase, query: EntityQuery, ranked: list[_Cand], threshold: float, margin: float, lang: str | None
) -> LinkResult:
    if not ranked:
        return LinkResult(None, explanation="no knowledge-base item has these names")
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    lead = best.score - runner.score if runner else best.score
    if best.score < threshold:
        return LinkResult(
            None,
            score=best.score,
            candidates=len(ranked),
            explanation=f"not linked: best candidate Q{best.qid} scores {best.score:.2f} "
            f"(< {threshold}) among {len(ranked)}",
        )
    if runner is not None and lead < margin:
        return LinkResult(
            None,
            score=best.score,
            candidates=len(ranked),
            explanation=f"not linked: Q{best.qid} and Q{runner.qid} are too close "
            f"({best.score:.2f} vs {runner.score:.2f})",
        )
    entity = kb.entity(best.qid) or {}
    detail = ", ".join(f"{k} {v:+.2f}" for k, v in best.parts.items() if v)
    return LinkResult(
        f"Q{best.qid}",
        score=round(min(1.0, best.score / 1.5), 4),
        name=_label_in(entity, lang),
        label=best.type_label,
        candidates=len(ranked),
        explanation=f"linked to Q{best.qid} ({_label_in(entity, 'en')}) among {len(ranked)} candidate"
        f"{'s' if len(ranked) > 1 else ''}: {detail}",
    )
