"""The entities analyzer: one entity per real-world referent, across spellings, linked to Wikidata.

Each entity of the ``entities`` layer carries the contract fields in ``Annotation.data``:
``{id, label, name, aliases, kb_id, mentions: [{start, end, text}], explanation}``; its span is
its first mention.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from claimscope.analyzers._entity_rules import AliasTable, find_candidates, load_alias_table
from claimscope.analyzers._grouping import Groups, Mention, group_mentions
from claimscope.analyzers.base import AnalyzerInfo
from claimscope.kb.normalize import fold
from claimscope.model import Analysis, Annotation, Span

KB_ENV = "CLAIMSCOPE_KB"


# Function words that start sentences: capitalised there, they are not names. A list of our own,
# not spaCy's: importing a spaCy language package costs seconds for the language not yet loaded.
_STOPWORDS = frozenset(
    fold(w)
    for w in """a à au aux avec ce ces cet cette c ça dans de des du d elle elles en et il ils je la le les leur
    leurs l lui mais me mes moi mon ne ni nous on ou où par pas pour qu que qui quand sa sans se ses si son sur
    ta te tes toi ton tu un une vos votre vous y selon après avant depuis pendant contre entre chez lors dont
    ainsi alors aussi car cependant certains certaines cela celui celle ceux comme donc déjà encore enfin hier
    ici ils jamais là même mêmes moins parmi plus plusieurs puis quelque quelques sous tandis tous tout toute
    toutes très trop vers voici voilà face faute grâce malgré outre sauf suite
    the a an and or but if of in on at to for from by with without about after before during since until
    against between among under over into onto upon he she it they we you i his her its their our your my
    this that these those there here when where while who whom whose which what why how as so than then
    also still yet however meanwhile although though because despite according per via not no nor all
    some any each every both either neither many much more most other such only just even already""".split()  # noqa: SIM905
)


def _stopwords(lang: str | None) -> frozenset[str]:
    return _STOPWORDS


def _open_kb(path: str) -> Any:
    from claimscope.kb.link import open_kb

    return open_kb(path)


class EntitiesAnalyzer:
    """People, organisations and places of the article, grouped across spellings and languages.

    Args:
        kb: path of an SQLite knowledge base built by ``claimscope kb import``; defaults to the
            ``CLAIMSCOPE_KB`` environment variable. Without one, ``kb_id`` comes only from the
            curated alias table (or stays null).

    Raises:
        KBError: E502 when ``kb`` cannot be opened as a knowledge base.
        aliases: path of an alternative alias table (JSON, same shape as the packaged one).
    """

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name="entities.v1",
        provides=("entities",),
        description="Named entities grouped by referent (acronyms, transliterations, languages), linked to Wikidata.",
    )

    def __init__(self, *, kb: str | None = None, aliases: str | None = None) -> None:
        self.kb_path = kb or os.environ.get(KB_ENV) or None
        self.aliases_path = aliases
        if self.kb_path:
            _open_kb(self.kb_path)  # a missing or foreign file fails when the pipeline is built (E502)

    @property
    def table(self) -> AliasTable:
        return load_alias_table(self.aliases_path)

    def __call__(self, result: Analysis) -> Sequence[Annotation]:
        text = result.text
        lang = result.language
        table = self.table
        cands = find_candidates(text, result.doc, table=table, stopwords=_stopwords(lang))
        mentions = [Mention.from_candidate(text, c) for c in cands]
        groups = group_mentions(mentions, table, text)
        kb = _open_kb(self.kb_path) if self.kb_path else None
        records = _build_records(groups, table, lang)
        if kb is not None:
            records = _link_records(records, groups, kb, text, lang)
        records.sort(key=lambda r: r["mentions"][0]["start"])
        out = []
        for n, rec in enumerate(records):
            first = rec["mentions"][0]
            data = {
                "id": f"e{n}",
                "label": rec["label"],
                "name": rec["name"],
                "aliases": rec["aliases"],
                "kb_id": rec["kb_id"],
                "mentions": rec["mentions"],
                "explanation": rec["explanation"],
            }
            out.append(
                Annotation(
                    label=rec["label"],
                    span=Span(first["start"], first["end"]),
                    score=rec.get("kb_score"),
                    analyzer=self.info.name,
                    data=data,
                )
            )
        return tuple(out)


def _vote_label(mentions: Sequence[Mention]) -> str:
    votes: Counter[str] = Counter()
    for m in mentions:
        for label, weight in m.votes:
            votes[label] += weight
    if not votes:
        return "MISC"
    return votes.most_common(1)[0][0]


def _best_surface(mentions: Sequence[Mention]) -> str:
    counts = Counter(m.text for m in mentions)

    def rank(m: Mention) -> tuple[int, int, int, int]:
        return (not m.acronym, m.source != "hashtag", len(m.words), counts[m.text])

    return max(mentions, key=rank).text


def _build_records(groups: Groups, table: AliasTable, lang: str | None) -> list[dict[str, Any]]:
    records = []
    for root, members in groups.roots().items():
        ms = sorted((groups.mentions[i] for i in members), key=lambda m: m.start)
        entries = groups.entries.get(root) or set()
        entry = table.entries[next(iter(entries))] if len(entries) == 1 else None
        label = entry.label if entry else _vote_label(ms)
        surface = _best_surface(ms)
        # the article's own full spelling reads best; the table's name expands acronyms and surnames
        name = entry.name(lang) if entry and len(surface.split()) < 2 else surface
        reasons = list(dict.fromkeys(r for r in groups.reasons.get(root, []) if r))
        records.append(
            {
                "root": root,
                "members": members,
                "label": label,
                "name": name,
                "entry": entry,
                "kb_id": entry.qid if entry else None,
                "kb_score": None,
                "aliases": _aliases(ms, name),
                "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in ms],
                "reasons": reasons,
                "explanation": _explain(ms, reasons, entry, None),
            }
        )
    return records


def _aliases(ms: Sequence[Mention], name: str) -> list[str]:
    seen = {name}
    out = []
    for m in ms:
        if m.text not in seen:
            seen.add(m.text)
            out.append(m.text)
    return out


def _explain(ms: Sequence[Mention], reasons: Sequence[str], entry: Any, link: str | None) -> str:
    parts = []
    forms = list(dict.fromkeys(m.text for m in ms))
    head = f"{len(ms)} mention{'s' if len(ms) > 1 else ''}"
    parts.append(head + (f" as {', '.join(forms)}" if len(forms) > 1 else ""))
    parts.extend(reasons[:6])
    if link:
        parts.append(link)
    elif entry is not None and entry.qid:
        parts.append(f"{entry.qid} from the alias table")
    return "; ".join(parts) + "."


def _link_records(
    records: list[dict[str, Any]], groups: Groups, kb: Any, text: str, lang: str | None
) -> list[dict[str, Any]]:
    """Link each entity to the knowledge base, then merge entities that got the same QID."""
    from claimscope.kb.link import EntityQuery, link_entities

    queries = [
        EntityQuery(
            names=tuple(dict.fromkeys([r["name"], *(m["text"] for m in r["mentions"])])),
            label=r["label"],
            hint=r["entry"].qid if r["entry"] is not None else None,
        )
        for r in records
    ]
    links = link_entities(kb, queries, text=text, lang=lang)
    by_qid: dict[str, dict[str, Any]] = {}
    merged: list[dict[str, Any]] = []
    for rec, link in zip(records, links, strict=True):
        if link.qid:
            rec["kb_id"] = link.qid
            rec["kb_score"] = link.score
            if rec["entry"] is None:
                rec["name"] = link.name or rec["name"]
                rec["aliases"] = [a for a in dict.fromkeys(m["text"] for m in rec["mentions"]) if a != rec["name"]]
                if link.label:
                    rec["label"] = link.label
        rec["explanation"] = _explain(
            [groups.mentions[i] for i in rec["members"]], rec["reasons"], rec["entry"], link.explanation
        )
        other = by_qid.get(link.qid) if link.qid else None
        if other is not None and _can_merge(other, rec):
            other["mentions"] = sorted(other["mentions"] + rec["mentions"], key=lambda m: m["start"])
            other["aliases"] = [
                a
                for a in dict.fromkeys([*other["aliases"], *(m["text"] for m in rec["mentions"])])
                if a != other["name"]
            ]
            other["explanation"] = other["explanation"].rstrip(".") + (
                f"; “{rec['mentions'][0]['text']}” links to the same {link.qid}."
            )
            continue
        if link.qid:
            by_qid[link.qid] = rec
        merged.append(rec)
    return merged


def _can_merge(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ea, eb = a["entry"], b["entry"]
    return ea is None or eb is None or ea is eb
