"""Who says it: attribution cues and the sources they name, from the spaCy parse.

Three families, in the order a sentence is read:
- prepositional cues: "Selon Lekolin, ...", "according to two senior officials, ...";
- reporting verbs with a complement clause: "Des sources locales ont rapporté qu'...", "X said ...";
- quoted speech: « ... », “ ... ” or "...", the speaker being the subject of the reporting verb next to it.
Embedded posts (and a tweet's signature line pasted as text) are sources of their own paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimscope.analyzers import _cues as cues
from claimscope.analyzers._status import passive_hearsay

DETERMINERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l'",
        "l’",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d'",
        "d’",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "the",
        "a",
        "an",
        "this",
        "these",
        "that",
        "those",
        "its",
        "their",
        "his",
        "her",
    ]
)
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
NAME_ENTS = frozenset({"PER", "PERSON", "ORG", "GPE", "LOC", "FAC", "MISC"})
PERSON_ENTS = frozenset({"PER", "PERSON"})
# Words that make a multi-word proper name a medium: "The Daily Beast", "Kyiv Post", "La Dépêche du Midi".
MEDIA_WORDS = frozenset(
    [
        "times",
        "post",
        "news",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "daily",
        "press",
        "telegraph",
        "courier",
        "observer",
        "monitor",
        "chronicle",
        "magazine",
        "tv",
        "radio",
        "beast",
        "mirror",
        "express",
        "dépêche",
        "matin",
        "presse",
        "parisien",
        "républicain",
        "figaro",
        "echos",
        "gazette",
        "télégramme",
        "provence",
        # words of newspaper names ("the Cincinnati Enquirer", "the Columbus Dispatch", "the Plain Dealer")
        "enquirer",
        "inquirer",
        "dispatch",
        "examiner",
        "sentinel",
        "bulletin",
        "register",
        "ledger",
        "globe",
        "dealer",
        "picayune",
        "star-telegram",
        "gazeta",
        "pravda",
        "izvestia",
    ]
)
ORG_NAME_WORDS = frozenset(
    [
        "amnesty",
        "international",
        "watch",
        "ministry",
        "ministère",
        "agency",
        "agence",
        "office",
        "council",
        "conseil",
        "party",
        "parti",
        "bank",
        "banque",
        "institute",
        "institut",
        "university",
        "université",
        "committee",
        "comité",
        "organization",
        "organisation",
        "association",
        "union",
        "front",
        "brigade",
        "forces",
        "group",
        "groupe",
        "fund",
        "fonds",
        "foundation",
        "fondation",
        "commission",
        "court",
        "cour",
        "tribunal",
    ]
)
# A medium's name by its shape: one word ending in a media word ("LifeSiteNews", "BFMTV", "RTLinfo") or a
# news site's domain ("Breitbart.com", "lefigaro.fr").
OUTLET_SHAPE = re.compile(
    r"^(?:[A-Z][a-z]+|[A-Z]{2,5})+(?:News|TV|Media|Médias?|Infos?|info|Press|Presse|Post|Times|Radio|FM|Hebdo|Matin)$"
    r"|^[A-Za-z][\w-]+\.(?:com|fr|org|net|info|news|co\.uk|ru|ua|be|ch|ca|de|it|es)$"
    # "The" glued to a name ("TheDCNF", "TheBlaze"); a call sign with its band ("KTLA-TV")
    r"|^The[A-Z][A-Za-z]{2,}$|^[KW][A-Z]{2,3}-(?:TV|FM|AM|DT)$"
)
# A US broadcaster's call sign ("told WOAI", "told KTLA"): an outlet only as the one a source spoke to
CALL_SIGN = re.compile(r"^[KW][A-Z]{3}$")
# Outlet nouns that name one outlet when definite ("the paper", "le journal"); not "la presse", "les médias"
ONE_OUTLET_HEADS = frozenset(
    [
        "journal",
        "quotidien",
        "hebdomadaire",
        "mensuel",
        "magazine",
        "site",
        "gazette",
        "tabloïd",
        "publication",
        "revue",
        "newspaper",
        "daily",
        "weekly",
        "website",
        "tabloid",
        "broadcaster",
        "outlet",
        "channel",
        "chaîne",
        "paper",
    ]
)
# A dateline names the outlet that filed the story: "ROME, February 6, 2018 (LifeSiteNews) –", "PARIS (AFP) -"
DATELINE = re.compile(
    r"(?m)^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,40}(?:,[^()\n]{0,40})?\s*\((?P<outlet>[A-Z][^()\n]{1,40}?)\)\s*[–—-]"
)
NP_DROP_DEPS = frozenset({"acl", "acl:relcl", "relcl", "punct", "advcl", "parataxis", "dep", "cc", "conj"})


GENERIC_BODIES = frozenset(["authorities", "authority"])


@dataclass
class SourceRef:
    """One mention of a source in the text, classified."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    key: str
    entity: str | None = None


@dataclass
class Attribution:
    """A source attached to a clause of one sentence by a cue."""

    source: SourceRef
    cue: tuple[int, int]
    claim: tuple[int, int] | None  # the clause it covers; None: the whole sentence
    via: str  # "prep" | "verb" | "quote" | "embed" | "carry" | "pronoun"
    extra_cues: list[tuple[int, int]] = field(default_factory=list)
    # a reporting verb that heads another reporting verb's complement ("the AP reported that Giuliani said"): the
    # start of that outer verb's span
    complement_of: int | None = None


def normalize_key(name: str) -> str:
    """A merge key for source names: case, apostrophes, leading determiners and spaces do not count."""
    s = unicodedata.normalize("NFC", name).replace("’", "'").lower().strip(" ,.;:«»“”\"'")
    words = s.split()
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in {"l'", "d'"}):
        words = words[1:]
    s = " ".join(words)
    s = re.sub(r"^(l'|d')", "", s)
    return s


KNOWN_OUTLET_KEYS: frozenset[str] = frozenset()


def _display_name(tokens: Sequence[Any], text: str) -> str:
    """The source's name: the noun phrase without a leading article before a proper name."""
    if not tokens:
        return ""
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    first = tokens[0]
    name = text[start:end]
    if first.pos_ == "DET" and len(tokens) > 1:
        nxt = tokens[1]
        part_of_name = first.ent_iob_ in {"B", "I"} and nxt.ent_iob_ == "I" and first.text[:1].isupper()
        if nxt.pos_ == "PROPN" and not part_of_name and first.lower_ in {"l'", "l’", "the"}:
            name = text[nxt.idx : end]
        elif first.text[:1].isupper() and not part_of_name:
            name = first.text.lower() + text[first.idx + len(first.text) : end]
    return " ".join(name.split()).strip(" ,;:")


_PARTICLE_SURNAME = re.compile(r"^(?:di|de|da|del|della|van|von|du|De|Di|Da|Van|Von|Du)[A-Z][a-z]{2,}$")


def _role_bearer(head: Any, tokens: Sequence[Any], lang: str) -> list[Any]:
    """The person's name that a phrase of stacked roles headed by a common noun ends with: a person-tagged run of
    proper nouns conjoined to the head after a title or role word ("Climate activist and former Democratic Vice
    President Al Gore"), or closing the phrase after a quoted title ("by political strategist and co-founder of
    “The New Right” Mike Tokes")."""
    if head.pos_ != "NOUN":
        return []

    def run_to(last: Any) -> list[Any]:
        run = [last]
        while run[0].i - 1 > head.i:
            prev = last.doc[run[0].i - 1]
            if prev.pos_ != "PROPN" or prev.ent_type_ not in PERSON_ENTS:
                break
            run.insert(0, prev)
        return run

    titles = cues.PERSON_TITLES[lang] | cues.PERSON_TITLES["en"] | cues.PERSON_ROLES
    for t in tokens:
        if t.dep_ != "conj" or t.head.i != head.i or t.pos_ != "PROPN" or t.ent_type_ not in PERSON_ENTS:
            continue
        run = run_to(t)
        if any(head.i < x.i < run[0].i and cues.lemma(x) in titles for x in tokens):
            return run
    last = tokens[-1] if tokens else None
    if (
        last is None
        or len(tokens) < 4
        or last.i <= head.i
        or last.pos_ != "PROPN"
        or last.ent_type_ not in PERSON_ENTS
        or not any(t.pos_ == "PUNCT" and t.text in {"”", "»"} for t in tokens)
    ):
        return []
    return run_to(last)


def _namey(tok: Any) -> bool:
    """A proper name's word, also when the small models tag it a noun ("la publication Advance")."""
    return tok.pos_ == "PROPN" or (
        tok.text[:1].isupper() and tok.ent_type_ in NAME_ENTS and tok.pos_ in {"NOUN", "ADJ", "X"} and tok.i > 0
    )


class SourceClassifier:
    """Decides a source's kind and merge key from its noun phrase, the article and the entity layer."""

    def __init__(self, lang: str, text: str, doc: Any, entities: Sequence[Mapping[str, Any]] = ()) -> None:
        self.lang = lang if lang in cues.UNNAMED_HEADS else "en"
        self.text = text
        self.doc = doc
        self.entity_spans: list[tuple[int, int, str, str]] = []
        for ent in entities:
            for m in ent.get("mentions") or ():
                self.entity_spans.append((int(m["start"]), int(m["end"]), str(ent.get("id")), str(ent.get("label"))))
        self.outlets = self._article_outlets(doc) if doc is not None else set()

    def _article_outlets(self, doc: Any) -> set[str]:
        """Names the article itself presents as media: "le site d'analyse du PKK, Lekolin", "l'agence Reuters"."""
        heads = cues.OUTLET_HEADS["fr"] | cues.OUTLET_HEADS["en"]
        found: set[str] = set()
        for tok in doc:
            if cues.lemma(tok) not in heads or tok.pos_ != "NOUN":
                continue
            for child in tok.children:
                if not _namey(child) or child.i < tok.i - 3:
                    continue
                if any(c.dep_ == "case" for c in child.children):
                    continue
                if child.dep_ in {"appos", "nmod", "flat", "flat:name", "compound", "amod", "nsubj"}:
                    toks = [t for t in child.subtree if t.dep_ not in {"punct", "case", "det"} or t.i > child.i]
                    if toks:
                        found.add(normalize_key(self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]))
        for m in DATELINE.finditer(self.text):
            found.add(normalize_key(m.group("outlet")))
        return found

    def is_outlet_name(self, key: str, *, proper: bool = False) -> bool:
        """A medium's name: named as one by the article or well known, or a proper name like "Kyiv Post"."""
        if not key:
            return False
        words = key.split()
        # "The Daily Beast", "Kyiv Post"; a single media word as a proper name: "the Courier", "the Herald"
        media = (
            proper
            and bool(set(words) & MEDIA_WORDS)
            and (len(words) > 1 or words[0] not in {"time", "post", "provence", "républicain", "daily"})
        )
        return key in self.outlets or key in KNOWN_OUTLET_KEYS or media

    def previous_outlet(self, before: int) -> str | None:
        """The last outlet named in the text before ``before`` (a proper name the article or the lexicon calls
        a medium), for "the paper", "le journal" (at most 600 characters back)."""
        if self.doc is None:
            return None
        found: str | None = None
        run: list[Any] = []
        for tok in self.doc:
            if tok.idx >= before:
                break
            if _namey(tok) and tok.idx >= before - 600:
                run.append(tok)
                continue
            if run:
                for i in range(len(run)):
                    name = self.text[run[i].idx : run[-1].idx + len(run[-1].text)]
                    if self.is_outlet_name(normalize_key(name), proper=True) or OUTLET_SHAPE.match(name):
                        found = name
                        break
                run = []
        return found

    def entity_at(self, start: int, end: int) -> tuple[str | None, str | None]:
        best: tuple[str | None, str | None] = (None, None)
        best_len = 0
        for s, e, eid, label in self.entity_spans:
            ov = min(e, end) - max(s, start)
            if ov > 0 and ov > best_len:
                best, best_len = (eid, label), ov
        return best

    def from_tokens(self, head: Any, tokens: Sequence[Any]) -> SourceRef | None:
        """A SourceRef for the noun phrase ``tokens`` whose syntactic head is ``head``."""
        tokens = [t for t in tokens if not t.is_space]
        while tokens and (tokens[0].is_punct or tokens[0].dep_ == "case" or tokens[0].lower_ in {"par", "by", "to"}):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in {"case", "cc"}):
            tokens = tokens[:-1]
        if not tokens:
            return None
        if head.pos_ == "PRON":
            return None
        lang = self.lang
        full_text = self.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        full_key = normalize_key(full_text)
        core = self._core(head, tokens)
        start, end = core[0].idx, core[-1].idx + len(core[-1].text)
        mention_text = self.text[start:end]
        lemma = cues.lemma(head)
        lemma = lemma[3:] if lemma.startswith(("ex-", "ex ")) else lemma
        # a lower-case "proper noun" is a tagging slip ("le média hongrois"), not a name
        propn = [
            t
            for t in core
            if (t.pos_ == "PROPN" and not t.text[:1].islower())
            or (t.ent_type_ in NAME_ENTS and t.pos_ in {"NOUN", "PROPN", "ADJ", "X"} and t.text[:1].isupper())
        ]
        first_lower = core[0].lower_
        indefinite = first_lower in cues.INDEFINITE or core[0].pos_ == "NUM" or head.morph.get("Definite") == ["Ind"]
        plural = "Plur" in head.morph.get("Number") or (lang == "en" and head.tag_ in {"NNS", "NNPS"})
        eid, elabel = self.entity_at(head.idx, head.idx + len(head.text))
        # a proper noun that only modifies a common noun ("le site du PKK", "un terroriste en Syrie") is not
        # the source itself; a title's name ("le général Oleksandr Syrsky") is
        named = [t for t in propn if t.head.i == head.i and t.dep_ in {"appos", "flat:name", "compound", "flat"}]
        if eid is None and (head.pos_ == "PROPN" or named):
            span_toks = (propn or [head]) if head.pos_ == "PROPN" else named
            eid, elabel = self.entity_at(span_toks[0].idx, span_toks[-1].idx + len(span_toks[-1].text))
        label = elabel or head.ent_type_ or next((t.ent_type_ for t in propn if t.ent_type_), "")
        if label not in PERSON_ENTS and head.pos_ == "PROPN" and len(propn) >= 2 and head.ent_type_ in PERSON_ENTS:
            # "Oakland Mayor Libby Schaaf" ... "Schaaf said" ... "Schaaf said": the full name tagged a person here
            # outweighs the bare surnames the entity layer counted as an organisation
            first = propn[-2]
            if first.ent_type_ in PERSON_ENTS and first.ent_iob_ in {"B", "I"} and first.i == head.i - 1:
                label = head.ent_type_
        appos_name = [c for c in head.children if c.dep_ in {"appos", "flat:name"} and c.pos_ == "PROPN"]
        if not appos_name and (
            lemma in cues.PERSON_TITLES[lang] | cues.PERSON_TITLES["en"] or lemma in cues.PERSON_ROLES
        ):
            # "D.C.'s archbishop, Cardinal Donald Wuerl, ...": the name after the comma parsed as a conjunct
            appos_name = [
                c
                for c in head.children
                if c.dep_ == "conj"
                and c.pos_ == "PROPN"
                and c.i > head.i
                and c.left_edge.i > 0
                and c.doc[c.left_edge.i - 1].text == ","
                and c.ent_type_ in PERSON_ENTS | {""}
            ]
        if not appos_name:
            # "le site d'analyse du PKK, Lekolin": a name after a comma that closes the phrase
            last = tokens[-1]
            nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
            if last.text == "," or (nxt is not None and nxt.text == ","):
                comma = last if last.text == "," else nxt
                after = comma.doc[comma.i + 1] if comma.i + 1 < len(comma.doc) else None
                if (
                    after is not None
                    and after.pos_ == "PROPN"
                    and after.dep_ in {"appos", "nmod", "flat:name", "obl:mod"}
                ):
                    appos_name = [after]
            for t in tokens:
                if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.i in {x.i for x in tokens} and t.i > head.i:
                    appos_name = appos_name or [t]
        name = _display_name(core, self.text)
        key = normalize_key(name)
        proper = normalize_key(" ".join(t.text for t in propn)) if propn else ""
        core_lemmas = {cues.lemma(t) for t in core}
        org_words = core_lemmas & (cues.ORG_HEADS[lang] | cues.ORG_HEADS["en"] | ORG_NAME_WORDS)

        kind: str
        the = first_lower in {"the", "le", "la", "l'", "l’", "ce", "cette"}
        titled_run = _role_bearer(head, tokens, lang)
        if cues.ANONYMITY.search(full_text):
            kind = "unnamed"
        elif titled_run:
            # "Climate activist and former Democratic Vice President Al Gore": the name after stacked roles
            kind = "named_person"
            name = self.text[titled_run[0].idx : titled_run[-1].idx + len(titled_run[-1].text)]
            key = normalize_key(name)
        elif lemma == "paper" and the and not propn and not plural and self.previous_outlet(start):
            kind = "named_outlet"  # "The paper noted": the newspaper named before, not a scientific paper
            name = self.previous_outlet(start) or name
            key = normalize_key(name)
        elif (lemma in cues.DOCUMENT_HEADS[lang] or lemma in cues.DOCUMENT_HEADS["en"]) and not (
            len(core) <= 2 and lemma in {"report", "reports", "rapport", "rapports"}
        ):
            kind = "document"
        elif lemma in {"report", "reports", "rapport", "rapports"}:
            # "Le rapport montre", "the report states": one document the text has named; "reports say" is no one
            definite = first_lower in {"the", "le", "ce", "this", "that", "cette", "ledit"} or first_lower.endswith(
                "'s"
            )
            # "selon un rapport remis au ministre de la Santé", "a report published on Monday": the participle names
            # one document
            described = any(
                c.dep_ == "acl"
                and c.i == head.i + 1  # right after the noun: not "a report that the president had been treated"
                and ("Part" in c.morph.get("VerbForm") or c.tag_ == "VBN")
                and not any(m.dep_ in {"mark", "nsubj", "nsubjpass", "nsubj:pass"} for m in c.children)
                for c in head.children
            )
            kind = "document" if (definite or described) and not plural else "unnamed"
        elif (
            self.is_outlet_name(key)
            or self.is_outlet_name(full_key)
            or (proper and label not in PERSON_ENTS and self.is_outlet_name(proper, proper=True))
            # "told the Gazette" (tagged a person by the small NER model): a person's name takes no article
            or (proper and core[0].lower_ in {"the", "le", "la"} and self.is_outlet_name(proper, proper=True))
            or (len(propn) == 1 and bool(OUTLET_SHAPE.match(propn[0].text)))
            or (len(core) == 1 and bool(OUTLET_SHAPE.match(core[0].text)))
        ):
            kind = "named_outlet"
            if self.is_outlet_name(key) or not propn:
                pass
            elif self.is_outlet_name(full_key):
                key, name = full_key, " ".join(full_text.split())  # "Le Canard enchaîné" (parsed as a clause)
            else:
                key = proper
                name = self.text[propn[0].idx : propn[-1].idx + len(propn[-1].text)]
        elif (
            lemma in cues.OUTLET_HEADS[lang]
            or lemma in cues.OUTLET_HEADS["en"]
            or (lemma in {"agence", "agency"} and core_lemmas & {"presse", "press", "news"})
        ) and head.pos_ == "NOUN":
            kind = "named_outlet" if propn else "unnamed"
            if not propn and not indefinite and not plural and the and lemma in ONE_OUTLET_HEADS:
                # "the paper noted", "écrit le journal", "selon le quotidien": the outlet the article named before
                kind = "named_outlet"
                previous = self.previous_outlet(start)
                if previous is not None:
                    name, key = previous, normalize_key(previous)
            if appos_name:
                toks = [t for t in appos_name[0].subtree if not t.is_punct]
                name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                key = normalize_key(name)
        elif lemma in {"source", "sources", "entourage"} or (
            lemma in cues.UNNAMED_HEADS[lang] and (indefinite or not propn) and (indefinite or plural)
        ):
            kind = "unnamed"
        elif (
            plural
            and lemma in cues.UNNAMED_HEADS[lang] | cues.UNNAMED_HEADS["en"]
            and head.pos_ == "NOUN"
            and not appos_name
        ):
            kind = "unnamed"  # "Members of the Pope's own Commission", "DOS officials", "des responsables de l'ONU"
        elif lemma in cues.PERSON_TITLES[lang] or lemma in cues.PERSON_TITLES["en"] or lemma in cues.PERSON_ROLES:
            if appos_name or label in PERSON_ENTS:
                kind = "named_person"
                if appos_name:
                    names = [
                        c
                        for c in head.children
                        if c.dep_ in {"appos", "flat:name"} and c.pos_ == "PROPN" and c.i > head.i
                    ] or appos_name
                    toks = sorted({t.i: t for n in names for t in n.subtree}.values(), key=lambda t: t.i)
                    stop = next((t.i for t in toks if t.i > names[0].i and t.text in {",", "(", ";"}), None)
                    toks = [t for t in toks if not t.is_punct and (stop is None or t.i < stop)]
                    name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                    key = normalize_key(name)
            elif indefinite or plural:
                kind = "named_organization" if propn and lemma in cues.PERSON_TITLES[lang] else "unnamed"
            else:
                kind = "named_person"
        elif indefinite and head.pos_ == "NOUN" and not named and not appos_name:
            # "un groupe de scientifiques de toute l'Europe", "a group of doctors from Texas": an indefinite phrase
            # whose names only place its members is no named body
            kind = "unnamed"
        elif head.pos_ == "PROPN" or propn:
            personal = label in PERSON_ENTS or self._person_by_context(head, propn or [head])
            # "Kremlin spokesman Dmitry Peskov", "Israeli military spokesman Daniel Hagari": a title before the
            # name makes it a person's, whatever organisation words come before the title
            titled = head.pos_ == "PROPN" and any(
                t.i < head.i
                and t.pos_ == "NOUN"
                and (
                    cues.lemma(t) in cues.PERSON_TITLES[lang] | cues.PERSON_TITLES["en"]
                    or cues.lemma(t) in cues.PERSON_ROLES
                )
                for t in core
            )
            # "the traditional periodical Chiesa Viva", "le quotidien Libération": an outlet noun right before the name
            run = [t for t in core if t.i >= propn[0].i] if propn else []
            outlet_noun = (
                head.pos_ == "PROPN"
                and bool(run)
                and run[0].i > core[0].i
                and all(t.pos_ in {"PROPN", "X"} or t.text[:1].isupper() for t in run)
                and cues.lemma(head.doc[run[0].i - 1]) in ONE_OUTLET_HEADS | {"periodical", "périodique"}
                and head.doc[run[0].i - 1].pos_ in {"NOUN", "ADJ"}
            )
            if titled:
                kind = "named_person"
            elif outlet_noun:
                kind = "named_outlet"
                name = self.text[run[0].idx : run[-1].idx + len(run[-1].text)]
                key = normalize_key(name)
            else:
                kind = "named_person" if personal and not org_words else "named_organization"
        elif indefinite and not propn:
            kind = "unnamed"
        elif plural and lang == "en" and len(core) == 1 and head.pos_ == "NOUN" and lemma in GENERIC_BODIES:
            # "according to authorities": with no article and no modifier, "authorities" is anyone in office, a generic
            # source (as "officials"); "Guatemalan authorities", "the authorities" are bodies the text means, and
            # "police", "organisers" are services named by their members (guideline, section 6)
            kind = "unnamed"
        elif lemma in cues.ORG_HEADS[lang] or lemma in cues.ORG_HEADS["en"]:
            kind = "named_organization"
        elif plural and not propn:
            kind = "unnamed"
        elif lemma in cues.UNNAMED_HEADS[lang] or lemma in cues.UNNAMED_HEADS["en"]:
            kind = "named_person" if not indefinite and not plural else "unnamed"
        elif indefinite:
            kind = "unnamed"
        else:
            kind = "named_organization"
        if kind == "named_outlet" and appos_name and eid is None:
            eid, _ = self.entity_at(appos_name[0].idx, appos_name[0].idx + len(appos_name[0].text))
        if kind not in {"named_person", "named_organization", "named_outlet", "embedded_post"}:
            eid = None
        if eid:
            key = f"entity:{eid}"
        return SourceRef(start=start, end=end, text=mention_text, name=name, kind=kind, key=key, entity=eid)

    def _person_by_context(self, head: Any, propn: Sequence[Any]) -> bool:
        """A name the small NER models mislabel ("Birx" as a place, "Trump" as an organisation) is a person's
        when the text says so: the antecedent of "who" ("Trump, who ran in 2016"), or the surname of a person
        named in full elsewhere in the article ("Deborah Birx" ... "according to Birx")."""
        if len(propn) == 1 and _PARTICLE_SURNAME.match(propn[0].text):
            return True  # "diGenova", "DeVos", "vanDyke": a surname glued to its particle
        if len(propn) != 1 or not propn[0].text[:1].isupper() or propn[0].text.isupper():
            return False
        word = propn[0]
        for c in word.children:
            if c.dep_ in {"relcl", "acl:relcl"} and any(
                t.lower_ in {"who", "whom", "whose"} and t.i < c.i for t in c.subtree
            ):
                return True
        nxt = word.doc[word.i + 1 : word.i + 3]
        if len(nxt) == 2 and nxt[0].text == "," and nxt[1].lower_ in {"who", "whose"}:
            return True
        if self.doc is not None:
            for ent in self.doc.ents:
                if ent.label_ in PERSON_ENTS and len(ent) > 1 and ent[-1].text == word.text and ent[-1].i != word.i:
                    return True
        return False

    def _core(self, head: Any, tokens: Sequence[Any]) -> list[Any]:
        """The noun phrase without relative clauses, participial tails and trailing punctuation."""
        dropped: set[int] = set()
        for t in tokens:
            if t.i != head.i and t.dep_ in NP_DROP_DEPS and t.head.i == head.i and t.dep_ != "punct":
                dropped.update(x.i for x in t.subtree)
        if head.pos_ == "PROPN":
            # "Pitt of his role": a lower-case prepositional tail is not part of a name
            for t in tokens:
                if t.head.i == head.i and t.i > head.i and t.dep_ in {"prep", "nmod"}:
                    inner = [x for x in t.subtree if x.pos_ in {"NOUN", "PROPN"}]
                    dated = inner and inner[0].ent_type_ in {"DATE", "TIME"}
                    if inner and (not inner[0].text[:1].isupper() or dated):
                        dropped.update(x.i for x in t.subtree)
        quotes = [t.i for t in tokens if t.text in {"»", "”", '"', "«", "“"} and t.i < head.i]
        if quotes:
            dropped.update(t.i for t in tokens if t.i <= quotes[-1])
        core = [t for t in tokens if t.i not in dropped]
        # "On Monday, D.C.'s archbishop": an adverbial the parser hung on the phrase, before a comma
        commas = [t.i for t in core if t.i < head.i and t.text == ","]
        if commas:
            core = [t for t in core if t.i > commas[-1]] or core
        # cut at the first comma after the head (appositions such as ", speaking on condition of anonymity")
        out: list[Any] = []
        for t in core:
            if t.i > head.i and t.text in {",", ";", ":", "(", "—", "–"}:
                break
            out.append(t)
        while out and (out[-1].is_punct or out[-1].dep_ in {"case", "cc", "mark"}):
            out.pop()
        while out and out[0].is_punct:
            out.pop(0)
        return out or [head]


# Rules and plans after "selon" / "according to": no one's claim ("selon la loi", "according to plan")
NORM_NOUNS = frozenset(
    [
        "rule",
        "rules",
        "law",
        "laws",
        "plan",
        "plans",
        "schedule",
        "tradition",
        "custom",
        "principle",
        "principles",
        "règle",
        "règles",
        "loi",
        "lois",
        "calendrier",
        "principe",
        "principes",
        "scénario",
        "logique",
        "coutume",
    ]
)
# "les situations varient selon les pays", "prices vary according to size": "depending on", not a source
VARIATION_LEMMAS = frozenset(
    [
        "varier",
        "différer",
        "dépendre",
        "fluctuer",
        "évoluer",
        "changer",
        "moduler",
        "adapter",
        "vary",
        "differ",
        "depend",
        "fluctuate",
        "change",
        "range",
        "adjust",
    ]
)
_VARIATION_FORM = re.compile(
    r"^(vari(?:e|ent|ait|aient|er|é|és|ée|ées|es|ed|ying)?|diff[eè]r\w*|dépend\w*|"
    r"fluctu\w*|chang(?:e|ent|eait|eaient|er|es|ed|ing)|évolu\w*|vary|depend\w*)$"
)
DIMENSION_NOUNS = frozenset(
    [
        "pays",
        "région",
        "ville",
        "cas",
        "âge",
        "sexe",
        "saison",
        "période",
        "secteur",
        "type",
        "taille",
        "année",
        "époque",
        "circonstance",
        "besoin",
        "situation",
        "lieu",
        "endroit",
        "profil",
        "revenu",
        "country",
        "region",
        "case",
        "age",
        "size",
        "season",
        "need",
        "circumstance",
    ]
)
# What an outlet published, as the object of "selon": "selon des informations du Parisien"
INFO_NOUNS = frozenset(
    ["élément", "éléments", "information", "informations", "révélation", "révélations", "information", "reporting"]
)


POLL_NOUNS = frozenset(["sondage", "enquête", "étude", "poll", "survey", "study"])
OBTAINED_WORDS = frozenset(
    [
        "obtained",
        "seen",
        "reviewed",
        "viewed",
        "obtenu",
        "obtenus",
        "obtenue",
        "obtenues",
        "consulté",
        "consultés",
        "consultée",
        "consultées",
    ]
)


def _obtainer(region: Sequence[Any], classifier: SourceClassifier) -> tuple[SourceRef, tuple[int, int] | None] | None:
    """The outlet after "obtained by" / "obtenus par" inside a document's noun phrase, with that cue."""
    for k, t in enumerate(region[:-2]):
        by = region[k + 1]
        # "un sondage IFOP pour le journal Le Point", "a YouGov poll for The Times": the outlet it was made for
        poll_for = t.lower_ in {"pour", "for"} and any(cues.lemma(x) in POLL_NOUNS for x in region[:k])
        if poll_for:
            by = t
        elif t.lower_ not in OBTAINED_WORDS or by.lower_ not in {"by", "par"}:
            continue
        rest = [x for x in region[region.index(by) + 1 :] if not x.is_punct]
        names = [x for x in rest if x.pos_ in {"PROPN", "NOUN"}]
        if not names or rest[0].lower_ in {"notre", "nos", "our"}:  # "obtenus par notre journal": the article's own
            return None
        ids = {x.i for x in rest}
        head = next((x for x in names if x.head.i not in ids or x.head.i == x.i), names[0])
        ref = classifier.from_tokens(head, rest)
        if ref is None:
            return None
        known = classifier.is_outlet_name(normalize_key(ref.name), proper=True) or OUTLET_SHAPE.match(ref.name)
        if ref.kind != "named_outlet" and not known:
            return None
        ref.kind = "named_outlet"
        return ref, (t.idx, by.idx + len(by.text)) if not poll_for else None
    return None


def _depending_on(sent: Any, first: Any, head: Any) -> bool:
    """ "varient selon les pays", "selon les cas", "vary according to size": the cue means "depending on"."""
    if head.pos_ == "PROPN" or head.ent_type_:
        return False
    if cues.lemma(head) in DIMENSION_NOUNS or head.lower_ in DIMENSION_NOUNS:
        return True
    before = list(sent.doc[max(sent.start, first.i - 5) : first.i])
    # the words themselves too: the parser tags "changent" an adjective
    return any(cues.lemma(t) in VARIATION_LEMMAS or _VARIATION_FORM.match(t.lower_) for t in before)


def _token_at(doc: Any, char: int) -> Any | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def prep_attributions(sent: Any, lang: str, classifier: SourceClassifier) -> list[Attribution]:
    """ "Selon X, ...", "according to X, ..." in one sentence (a spaCy Span)."""
    out: list[Attribution] = []
    pattern = cues.PREP_CUES.get(lang, cues.PREP_CUES["en"])
    text = classifier.text
    s0, s1 = sent.start_char, sent.end_char
    for m in pattern.finditer(text, s0, s1):
        cue_start, cue_end = m.start(1), m.end(1)
        zero = cue_start == cue_end
        if zero:  # "de sources concordantes": the cue starts at the preposition before the phrase
            space = text.rfind(" ", s0, cue_start - 1)
            cue_start = space + 1 if space >= s0 else s0
        if m.group(1).lower() == "per" and not text[m.end() : m.end() + 1].isupper():
            continue
        first = _token_at(sent.doc, m.end())
        if first is None or first.i >= sent.end:
            continue
        # the noun phrase after the cue, up to the next comma or the end of the sentence
        region = []
        in_title = False
        for tok in sent.doc[first.i : sent.end]:
            # "co-founder of “The New Right” Mike Tokes": a quoted name after "of" is part of the phrase
            if tok.text in {"«", "“"} and region and region[-1].lower_ in {"of", "de", "du", "des", "d'", "d’"}:
                in_title = True
                region.append(tok)
                continue
            if in_title:
                in_title = tok.text not in {"»", "”"}
                region.append(tok)
                continue
            if tok.text in {",", ";", ".", ":", "«", "»", "“", "”", "?", "!", "("} and region:
                break
            if region and tok.pos_ in {"VERB", "AUX"} and "Fin" in tok.morph.get("VerbForm"):
                break
            if region and tok.lower_ in {"que", "qu'", "qu’", "that", "dont", "which", "whose"}:
                break  # "selon un rapport dont Der Spiegel publie des extraits": the relative clause is not the name
            region.append(tok)
        if not region or all(t.pos_ in {"DET", "PUNCT"} for t in region):
            continue  # "citing the “suffering” of ...": no noun phrase, no source
        region_ids = {t.i for t in region}
        heads = [t for t in region if t.head.i not in region_ids or t.head.i == t.i]
        heads = [t for t in heads if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"}] or heads
        head = heads[0]
        if _depending_on(sent, first, head):
            continue
        if head.lower_ in {
            "moi",
            "nous",
            "them",
            "him",
            "her",
            "me",
            "us",
            "lequel",
            "laquelle",
            "lesquels",
            "lesquelles",
            "which",
            "whom",
        }:
            continue
        if region[0].lower_ in {"nos", "notre", "our"} and cues.lemma(head) in {
            "information",
            "informations",
            "enquête",
            "investigation",
            "reporting",
            "analyse",
            "analysis",
        }:
            continue  # "selon nos informations": the article's own reporting, not a source
        if len(region) <= 6:
            np_tokens = region
        else:
            np_tokens = [t for t in region if t.i in {x.i for x in subtree_in(head, sent)}] or region
        # "à son avis", "in his view": the possessor is the previous speaker
        opinion_of = m.group(1).strip().lower() in {"à", "in"}
        if opinion_of:
            cue_end = region[-1].idx + len(region[-1].text)
        # not when a complement of the head comes first: "les biographies d'Emmanuel et Brigitte Macron"
        conjuncts = [
            c
            for c in head.children
            if c.dep_ == "conj"
            and c.i in region_ids
            and c.pos_ in {"NOUN", "PROPN"}
            and not any(t.lower_ in {"de", "d'", "d’", "du", "des", "of"} for t in sent.doc[head.i + 1 : c.i])
        ]
        if conjuncts:
            # "according to WHO and Congo's government", "selon Washington et Pékin": each is a source
            cut = {t.i for c in conjuncts for t in c.subtree} | {
                t.i for t in head.children if t.dep_ == "cc" and t.i > head.i
            }
            np_tokens = [t for t in np_tokens if t.i not in cut]
        if (head.lower_ in {"lui", "elle", "eux", "elles"} and m.group(1).lower().startswith("selon")) or opinion_of:
            ref: SourceRef | None = SourceRef(head.idx, head.idx + len(head.text), head.text, "", "", "<pronoun>")
        elif cues.SAME_SOURCE.search(text, head.idx - 12, head.idx + len(head.text) + 8):
            ref = SourceRef(head.idx, head.idx + len(head.text), head.text, "", "", "<pronoun>")
        else:
            ref = classifier.from_tokens(head, np_tokens)
            person = _role_bearer(head, region, classifier.lang)
            if person:
                # "by political strategist and co-founder of “The New Right” Mike Tokes": the roles' bearer
                ref = classifier.from_tokens(person[-1], person)
                conjuncts = []
                if ref is not None:
                    ref.kind = "named_person"
            if ref is not None and cues.OUTLET_ONLY_CUES.search(m.group(1)) and ref.kind != "named_outlet":
                continue
            if ref is not None and cues.lemma(head) in INFO_NOUNS:
                # "selon des éléments parus mardi dans Le Monde", "d'après des informations du Parisien": the outlet
                for t in region:
                    if t.i > head.i and _namey(t) and t.head.i != t.i:
                        named = classifier.from_tokens(t, [x for x in subtree_in(t, sent) if x.i in region_ids])
                        if named is not None and named.kind == "named_outlet":
                            ref = named
                            break
        if ref is None:
            continue
        if ref.key != "<pronoun>":
            words = {t.lower_ for t in np_tokens}
            platforms = cues.PLATFORM_WORDS | {
                "x",
                "twitter",
                "facebook",
                "telegram",
                "instagram",
                "tiktok",
                "youtube",
                "bluesky",
                "truth social",
            }
            name_key = normalize_key(ref.name)
            # "publié sur X lundi soir": the platform followed by a date is still the platform
            dated = head.text in {"X", "Twitter", "Facebook", "Telegram", "Instagram", "TikTok", "YouTube"}
            if name_key in platforms or (dated and name_key.split()[0] in platforms):
                # "An image posted on Facebook by a man who ...": the author after the platform
                tail = [t for t in sent.doc[head.i + 1 : min(sent.end, region[-1].i + 2)] if t.lower_ in {"by", "par"}]
                by = tail[0] if tail and tail[0].i <= head.i + 2 else None
                author = None
                if by is not None and by.lower_ in {"by", "par"}:
                    obj = next((c for c in by.children if c.dep_ == "pobj"), None)
                    if obj is None and by.head.pos_ in {"NOUN", "PROPN"} and by.head.i > by.i:
                        obj = by.head
                    if obj is not None and obj.pos_ in {"NOUN", "PROPN"}:
                        author = classifier.from_tokens(obj, subtree_in(obj, sent))
                if author is None:
                    continue
                if author.kind != "named_outlet":
                    author.kind = "embedded_post"
                out.append(Attribution(source=author, cue=(cue_start, by.idx + len(by.text)), claim=None, via="prep"))
                continue
            if cues.lemma(head) in SPEECH_NOUNS:
                continue  # "selon les propos rapportés par Le Parisien": the words are not a source, the outlet is
            if cues.lemma(head) in NORM_NOUNS or head.lower_ in NORM_NOUNS:
                continue  # "according to these rules", "selon la loi", "selon un scénario": a norm, not a source
            publication = re.search(
                r"(publi|partag|diffus|relay|post|shared|circulated|released|aired|broadcast|mise?s? en ligne)",
                m.group(1),
                re.I,
            )
            # "published by NASA", "diffusée par l'armée": the agent is the publisher, whatever its kind
            agent = bool(publication) and bool(re.search(r"\b(?:by|par)$", m.group(1).strip(), re.I))
            outletish = words & (cues.PLATFORM_WORDS | cues.OUTLET_HEADS["fr"] | cues.OUTLET_HEADS["en"])
            generic = not outletish or words & {"réseaux", "sociaux", "social", "canaux", "channels"}
            no_platform = not (words & cues.PLATFORM_WORDS - {"compte", "account"})
            if publication and generic and ref.kind != "named_outlet" and no_platform and not agent:
                continue
            if agent and not words & cues.PLATFORM_WORDS:
                _mark_social(ref, sent, text)
            elif words & cues.PLATFORM_WORDS or publication:
                if words & cues.PLATFORM_WORDS or ref.kind in {"named_person", "named_organization"}:
                    ref.kind = "embedded_post"
            else:
                _mark_social(ref, sent, text)
        np_end = region[-1].idx + len(region[-1].text)
        before = text[s0:cue_start].strip(" ,;:—–-")
        after = text[np_end:s1].strip(' ,;:.!?—–-»”"')
        claim: tuple[int, int] | None
        if not before and after:
            a = np_end
            while a < s1 and text[a] in " ,;:—–-":
                a += 1
            claim = (a, s1)
        elif before and not after:
            b = cue_start
            while b > s0 and text[b - 1] in " ,;:—–-(":
                b -= 1
            claim = (s0, b)
        else:
            claim = None
        if zero:  # "de sources concordantes", "dans l'entourage du ministre": the phrase is the cue
            cue_end = np_end
        out.append(Attribution(source=ref, cue=(cue_start, cue_end), claim=claim, via="prep"))
        if ref.kind == "document":
            # "according to documents obtained by NBC News": the outlet that obtained them is a second source
            obtainer = _obtainer(region, classifier)
            if obtainer is not None:
                cue = obtainer[1] or (cue_start, cue_end)
                out.append(Attribution(source=obtainer[0], cue=cue, claim=claim, via="prep"))
        if ref.key != "<pronoun>":
            for c in conjuncts:
                extra = classifier.from_tokens(c, [t for t in c.subtree if t.i in region_ids])
                if extra is not None:
                    out.append(Attribution(source=extra, cue=(cue_start, cue_end), claim=claim, via="prep"))
    if lang == "fr":
        out += _selon_lequel(sent, classifier)
    return out


# Nouns for a claim someone made: "les propos de X selon lesquels ...", "les affirmations occidentales selon lesquelles"
CLAIM_NOUNS = frozenset(
    [
        "propos",
        "affirmation",
        "affirmations",
        "déclaration",
        "déclarations",
        "allégation",
        "allégations",
        "accusation",
        "accusations",
        "information",
        "informations",
        "rumeur",
        "rumeurs",
        "thèse",
        "version",
        "annonce",
        "idée",
        "assertion",
        "assertions",
        "revendication",
        "revendications",
        "position",
        "conviction",
        "avis",
        "opinion",
        "argument",
        "arguments",
        "hypothèse",
        "crainte",
        "craintes",
    ]
)


def _is_claim_noun(tok: Any) -> bool:
    return tok.pos_ == "NOUN" and (cues.lemma(tok) in CLAIM_NOUNS or tok.lower_ in CLAIM_NOUNS)


def _selon_lequel(sent: Any, classifier: SourceClassifier) -> list[Attribution]:
    """ "aux propos de M. Zelensky selon lesquels ...": who made the claim the relative clause states; the claim
    noun itself when it names no one but says whose it is ("les affirmations occidentales selon lesquelles")."""
    out: list[Attribution] = []
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "selon" or tok.i + 1 >= sent.end or tok.i == sent.start:
            continue
        rel = doc[tok.i + 1]
        if rel.lower_ not in {"lequel", "laquelle", "lesquels", "lesquelles"}:
            continue
        # the antecedent: the noun the relative clause hangs from, else the nearest claim noun before "selon"
        verb = rel.head
        noun = verb.head if verb.dep_ in {"acl:relcl", "relcl", "acl"} and verb.head.i < tok.i else None
        if noun is None or not _is_claim_noun(noun):
            noun = next((t for t in reversed(doc[max(sent.start, tok.i - 6) : tok.i]) if _is_claim_noun(t)), None)
        if noun is None:
            continue
        cue = (tok.idx, rel.idx + len(rel.text))
        owner = next(
            (
                c
                for c in noun.children
                if c.dep_ in {"nmod", "obl"} and c.pos_ in {"PROPN", "NOUN"} and c.i < tok.i and speaker_like(c, "fr")
            ),
            None,
        )
        if owner is None and any("Yes" in c.morph.get("Poss") for c in noun.children if c.dep_ == "det"):
            # "Le président a réitéré sa position selon laquelle ...": the one whose position it is
            verb_head = noun.head if noun.dep_ in {"obj", "dobj", "nsubj"} else None
            subj = _subject(verb_head, sent) if verb_head is not None and verb_head.pos_ in {"VERB", "AUX"} else None
            if subj is not None and subj.pos_ in {"NOUN", "PROPN"} and speaker_like(subj, "fr"):
                owner = subj
                cue = (_aux_span(verb_head)[0], cue[1]) if verb_head.i < tok.i else cue
        if owner is not None:
            ref = classifier.from_tokens(owner, [t for t in subtree_in(owner, sent) if t.i < tok.i])
        elif any(c.dep_ == "amod" for c in noun.children):
            ref = classifier.from_tokens(noun, [t for t in subtree_in(noun, sent) if t.i < tok.i])
            if ref is not None:
                ref.kind = "unnamed"
        else:
            ref = None
        if ref is not None:
            out.append(Attribution(source=ref, cue=cue, claim=None, via="prep"))
    return out


def _own_auxes(verb: Any) -> list[Any]:
    """The verb's auxiliaries before it: next to it, or further with only the verb's own adverbial in between.

    "a pour sa part annoncé", "a de son côté affirmé", "has in the past said": the words between belong to a
    phrase hung on the verb, so the auxiliary is still the verb's.
    """
    doc = verb.doc
    out = []
    for c in verb.children:
        if not c.dep_.startswith("aux") or c.i >= verb.i:
            continue
        gap = [doc[i] for i in range(c.i + 1, verb.i)]
        if verb.i - c.i < 4 or (
            verb.i - c.i <= 6 and all(t.is_alpha and t.dep_ != "aux" and _under(t, verb) for t in gap)
        ):
            out.append(c)
    return out


def _under(tok: Any, head: Any) -> bool:
    while tok.head.i != tok.i:
        if tok.head.i == head.i:
            return True
        tok = tok.head
    return False


def _aux_span(verb: Any) -> tuple[int, int]:
    auxes = _own_auxes(verb)
    start = auxes[0].idx if auxes else verb.idx
    return start, verb.idx + len(verb.text)


def _inside(tok: Any, sent: Any | None) -> bool:
    return sent is None or sent.start <= tok.i < sent.end


def subtree_in(tok: Any, sent: Any | None) -> list[Any]:
    """``tok.subtree`` clipped to the sentence (the whole-text parse sometimes crosses paragraphs)."""
    return [t for t in tok.subtree if _inside(t, sent)]


EUPHONIC_T = frozenset(["-t", "-t-", "t"])


def _comme_clitic(verb: Any) -> bool:
    """ "comme l'a dit X", "comme l'ont affirmé …": "comme" and the clitic "l'" (the clause it echoes) before it."""
    kids = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "comme" and c.i < verb.i for c in kids) and any(
        c.lower_ in {"l'", "l’", "le"} and c.pos_ == "PRON" and c.i < verb.i for c in kids
    )


def _clause_before(text: str, s0: int, cut: int) -> tuple[int, int] | None:
    """The sentence from ``s0`` up to ``cut``, without the punctuation before the cut; None if nothing is left."""
    b = cut
    while b > s0 and text[b - 1] in " ,;:—–-":
        b -= 1
    return (s0, b) if b - s0 > 3 else None


def _subject(verb: Any, sent: Any | None = None) -> Any | None:
    # "a-t-elle poursuivi" tokenised "-t" "-elle": the euphonic t is no subject, the pronoun after it is
    subjects = [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and _inside(c, sent) and not (c.lower_ in EUPHONIC_T and c.i < len(c.doc) - 1)
    ]
    if subjects:
        # "VATICAN CITY — Pope Francis … asked": a dateline the parser took for a second subject, before a dash
        later = [c for c in subjects[1:] if any(t.text in {"—", "–"} for t in verb.doc[subjects[0].i : c.i])]
        return later[0] if later else subjects[0]
    # "Il a, également, indiqué que": the parser hung the subject on the auxiliary
    for aux in verb.children:
        if aux.dep_.startswith("aux") and aux.i < verb.i:
            for c in aux.children:
                if c.dep_ == "nsubj" and c.i < aux.i and _inside(c, sent):
                    return c
    return None


def _complement(verb: Any, sent: Any | None = None) -> Any | None:
    for dep in ("ccomp", "xcomp"):
        for c in verb.children:
            if c.dep_ == dep and c.pos_ in {"VERB", "AUX", "ADJ", "NOUN", "PROPN"} and _inside(c, sent):
                return c
    return None


def clause_span(tok: Any, text: str, sent: Any | None = None) -> tuple[int, int]:
    """The characters of a clause's subtree, without its leading "que"/"that" and edge punctuation."""
    toks = subtree_in(tok, sent)
    while toks and (
        (toks[0].dep_ == "mark" and toks[0].lower_ in {"que", "qu'", "qu’", "that", "si", "whether"})
        or toks[0].is_punct
    ):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in {"»", "”", '"', ")"}:
        toks = toks[:-1]
    if not toks:
        return tok.idx, tok.idx + len(tok.text)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def verb_attributions(
    sent: Any, lang: str, classifier: SourceClassifier, *, exclude_lemmas: Iterable[str] = ()
) -> list[Attribution]:
    """ "X a affirmé que ...", "X said ...", "..., a précisé le parquet": a reporting verb and its subject.

    The claim is the verb's complement clause; with a news object ("a annoncé l'ouverture d'une
    enquête") or an inverted verb after the clause ("..., the ministry said") it is the sentence or
    the part before the verb. Outlets the source spoke to ("told Reuters") and that obtained a
    document ("emails seen by the BBC") are sources too.
    """
    verbs = cues.REPORTING_VERBS.get(lang, cues.REPORTING_VERBS["en"])
    skip = set(exclude_lemmas)
    out: list[Attribution] = []
    text = classifier.text
    s0 = sent.start_char
    for tok in sent:
        lemma = cues.lemma(tok)
        as_verb = _verb_tagged_noun(tok, lang, verbs)
        if as_verb:
            lemma = as_verb  # "L'Arcom (ex-CSA) note que …": the parser took "note" for the noun
        elif tok.pos_ not in {"VERB", "AUX"}:
            continue
        if lemma in skip or (lang == "en" and passive_hearsay(tok)):
            continue  # "Sandri is reliably reported to have screamed": hearsay about Sandri, not Sandri's report
        subj = _subject(tok, sent)
        appos_np: list[Any] | None = None
        if (
            subj is None
            and tok.dep_ in {"advcl", "xcomp", "conj", "acl"}
            and ("Part" in tok.morph.get("VerbForm") or "Ger" in tok.morph.get("VerbForm") or tok.tag_ == "VBG")
            # "…, Marine Le Pen a précisé que": a participle with its auxiliary is a finite verb the parser hung on
            # the clause before; it has its own subject (found below), not that clause's
            and not (tok.dep_ == "acl" and lang == "fr" and any(c.dep_ == "aux:tense" for c in tok.children))
        ):
            subj = _subject(tok.head, sent)  # "Moscou a démenti, affirmant que ...": the participle's subject
            if subj is None and tok.dep_ == "conj" and tok.head.dep_ in {"advcl", "acl", "xcomp"}:
                # "His latest ruling goes further, certifying … and saying …": the first participle's subject
                head_form = tok.head.morph.get("VerbForm")
                if "Part" in head_form or "Ger" in head_form or tok.head.tag_ == "VBG":
                    subj = _subject(tok.head.head, sent)
            present = "Pres" in tok.morph.get("Tense") or tok.tag_ == "VBG"
            comma = tok.i > 0 and tok.doc[tok.i - 1].text == ","
            if subj is None and tok.dep_ == "acl" and present and comma and tok.head.head.pos_ == "VERB":
                # "a rejeté toute responsabilité, accusant les rebelles": the participle hangs from the object
                subj = _subject(tok.head.head, sent)
        elif subj is None and tok.dep_ == "conj" and tok.head.pos_ in {"VERB", "AUX"}:
            subj = _subject(tok.head, sent)  # "The MP decided not to stand but said he had not ruled out ..."
        elif subj is None and tok.dep_ in {"xcomp", "advcl"} and tok.head.pos_ in {"VERB", "AUX"} and _infinitive(tok):
            subj = _subject(tok.head, sent)  # "Trump went on to admit that ...", "le ministre a tenu à préciser que"
        comme_l = lang == "fr" and _comme_clitic(tok)
        if comme_l:
            # "…, comme l'a affirmé le président de la République lors du sommet": "l'" stands for the main clause and
            # the subject comes after the verb (the parser calls it the object)
            subj = next(
                (
                    c
                    for c in tok.children
                    if c.i > tok.i and c.dep_ in {"nsubj", "obj", "appos"} and c.pos_ in {"NOUN", "PROPN"}
                ),
                subj,
            )
        if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ in {"acl:relcl", "relcl"}:
            subj = tok.head if tok.head.pos_ in {"NOUN", "PROPN"} else subj  # "Bardella, qui écrivait sur X"
        cited = (
            subj is not None
            and subj.i < tok.i
            and subj.left_edge.i > sent.start
            and _citing_participle(subj.doc[subj.left_edge.i - 1])
        )
        if cited or (
            subj is not None and subj.i < tok.i and any(c.dep_ == "case" and c.i < subj.i for c in subj.children)
        ):
            # "d'après le média BudapestTimes.hu, le ministre ..., Peter Szijjarto, a fait savoir", "Au South China
            # Morning Post, Alex Lo affirme": a phrase with a preposition is no subject; the apposition after it is.
            # So is the object of a participle ("citant trois sources anonymes, le Washington Post a révélé")
            later = [
                c
                for c in subj.children
                if c.dep_ in {"appos", "conj", "flat:name"}
                and c.pos_ in {"NOUN", "PROPN", "X"}
                and c.i < tok.i
                and c.left_edge.i > 0
                and c.doc[c.left_edge.i - 1].text == ","
            ]
            subj = later[-1] if later else None
            if subj is not None:
                # "le Washington Post a révélé" with "Post" hung elsewhere: the name runs on to the verb
                tail = subj.right_edge.i + 1
                while tail < tok.i and sent.doc[tail].pos_ in {"PROPN", "X"} and sent.doc[tail].text[:1].isupper():
                    tail += 1
                if tail > subj.right_edge.i + 1 and all(
                    t.dep_.startswith("aux") or t.i == tok.i for t in sent.doc[tail : tok.i + 1]
                ):
                    appos_np = [t for t in sent if subj.left_edge.i <= t.i < tail]
        publishes = publishing_verb(tok, lang)
        if publishes and lemma not in verbs and _temporal_clause(tok):
            continue  # "three days after WikiLeaks published the first emails": a date, not what was published
        nxt = sent.doc[tok.i + 1] if tok.i + 1 < sent.end else None
        # "des relevés ... font apparaître des dépenses": "faire apparaître" is "show"
        shows = lemma in cues.DOCUMENT_VERBS or (lemma == "faire" and nxt is not None and nxt.lower_ == "apparaître")
        is_doc_verb = (
            shows
            and subj is not None
            and (cues.lemma(subj) in cues.DOCUMENT_HEADS[lang] or cues.lemma(subj) in cues.DOCUMENT_HEADS["en"])
        )
        nxt = sent.doc[tok.i + 1] if tok.i + 1 < sent.end else None
        fait_etat = lemma == "faire" and nxt is not None and nxt.lower_ in {"état", "savoir", "apparaître"}
        # "has called for cutting off aid": a demand made in public
        calls_for = (
            tok.lower_ in {"call", "calls", "called", "calling"}
            and nxt is not None
            and nxt.lower_ == "for"
            and nxt.head.i == tok.i
        ) or (
            # "X a appelé à « donner » à l'Ukraine des armes", "appelle à la démission de": a public demand
            lemma == "appeler"
            and nxt is not None
            and nxt.lower_ in {"à", "au", "aux"}
            and not any(c.dep_ in {"obj", "dobj"} and c.i < nxt.i for c in tok.children)
        )
        # "Marine Le Pen a réclamé l'abandon des sanctions", "The White House demanded a final vote": a demand made in
        # public, with a noun object (a demand of a person, "exige de lui", is not)
        demands = (
            (lemma in {"réclamer", "exiger", "demand"} or tok.lower_ in {"demanded", "demands", "demanding"})
            and tok.pos_ == "VERB"
            and not _infinitive(tok)  # "… propaganda to demand absolute acceptance": no one demands in public here
            and _subject(tok, sent) is not None
            and any(c.dep_ in {"obj", "dobj"} and c.pos_ == "NOUN" and c.i > tok.i for c in tok.children)
        ) or (
            # "François de Rugy avait ensuite demandé une clarification des règles": a request with a determiner-led
            # noun object ("demander asile", "demander pardon" are set phrases, not requests made in public)
            lemma == "demander"
            and tok.pos_ == "VERB"
            and not _infinitive(tok)
            and _subject(tok, sent) is not None
            and any(
                c.dep_ == "obj" and c.pos_ == "NOUN" and c.i > tok.i and any(d.dep_ == "det" for d in c.children)
                for c in tok.children
            )
        )
        # "un groupe de scientifiques appelle le Parlement européen à modifier le plan": a call on someone to act
        demands = demands or (
            lemma == "appeler"
            and any(c.dep_ in {"obj", "dobj"} and c.i > tok.i for c in tok.children)
            and any(
                c.dep_ in {"xcomp", "advcl", "obl:arg"}
                and c.i > tok.i
                and any(m.lower_ in {"à", "au", "aux"} and m.i < c.i for m in c.children)
                for c in tok.children
            )
        )
        # "Police put the figure at 45,000", "La CGT avance de son côté le chiffre de 200 000": giving a figure
        figure = lemma in cues.OBJECT_REPORTING | {"put", "donner", "give", "estimer", "estimate"} and any(
            t.pos_ == "NOUN"
            and t.lower_ in FIGURE_NOUNS
            and tok.i < t.i <= tok.i + 5
            and t.head.i in {tok.i} | {c.i for c in tok.children}
            for t in sent
        )
        fait_etat = fait_etat or calls_for or figure or demands
        # "the shortages of non-commissioned officers that John mentioned are such that …", "les chiffres que le
        # ministre a cités": the noun the sentence is about is what the relative clause's subject reported
        relative_report = (
            tok.dep_ in {"relcl", "acl:relcl", "acl"}  # the French parser calls "que le ministre a cités" an acl
            # the English lemmatizer can leave "mentioned" as it is
            and any(f in cues.OBJECT_REPORTING for f in (lemma, lemma.removesuffix("ed"), lemma.removesuffix("d")))
            and any(
                c.dep_ in {"dobj", "obj"} and c.lower_ in {"that", "which", "que", "qu'", "qu’"} and c.i < tok.i
                for c in tok.children
            )
            and any(c.dep_ == "nsubj" and c.pos_ in {"PROPN", "NOUN"} for c in tok.children)
        )
        # "#Macron nous assurait de l'isolement croissant de la Russie": the news is the noun after "de"
        # (or "avertir le Congrès d'une attaque", "warned of a shortage"; not "s'assurer de", "make sure of")
        # (a relative clause describes its noun: "the safety report that warned of cracks" reports nothing here)
        tells_of = (
            lemma in cues.DE_NOUN_REPORTING
            and tok.dep_ not in {"acl:relcl", "relcl", "acl"}
            and not any(c.lower_ in {"se", "s'", "s’"} for c in tok.children)
        )
        if tells_of:
            told = [c for c in tok.children if c.dep_ in {"obj", "dobj"} and (c.pos_ == "PROPN" or c.ent_type_)]
            news = [
                *(c for c in tok.children if c.dep_ in {"obl:arg", "obl", "obl:mod"}),
                *(c for o in told for c in o.children if c.dep_ == "nmod"),
            ]
            tells_of = any(
                c.i > tok.i
                and c.pos_ in {"NOUN", "PROPN"}
                and any(m.dep_ == "case" and m.lower_ in cues.DE_NOUN_CASES for m in c.children)
                for c in news
            ) or any(c.dep_ == "prep" and c.lower_ in cues.DE_NOUN_CASES and c.i > tok.i for c in tok.children)
        # "The BBC has learned that ...", "Le Monde a appris que ...": an outlet's own reporting
        learns = tok.lower_ in {"learn", "learned", "learnt", "learns"} or lemma == "apprendre"
        if (
            lemma not in verbs
            and not is_doc_verb
            and not fait_etat
            and not publishes
            and not learns
            and not tells_of
            and not relative_report
        ):
            continue
        before_tok = sent.doc[tok.i - 1] if tok.i > sent.start else None
        if (
            before_tok is not None
            and cues.lemma(before_tok) in {"laisser", "faire", "let", "make"}
            and lemma
            in {
                "croire",
                "penser",
                "believe",
                "think",
            }
        ):
            continue  # "en laissant croire à l'Ukraine que ...": a causative, not a report
        if _negated(tok) or _unrealised(tok):
            continue  # "could not confirm his claims", "n'a jamais dit que": the subject is not the source
        first = min([tok.i] + [c.i for c in _own_auxes(tok)])
        before = [t for t in sent if first - 3 <= t.i < first]
        participle = "Part" in tok.morph.get("VerbForm") or "Ger" in tok.morph.get("VerbForm") or tok.tag_ == "VBG"
        follows = any(_own_que(tok, t) for t in sent if tok.i < t.i <= tok.i + 4) or any(
            c.dep_ in {"ccomp", "xcomp"} and c.i > tok.i for c in tok.children
        )
        marks = [t for t in before if t.text in {",", "»", "”", '"', ":", "“"}]
        # "Trump, who ran in 2016, has called for ...": the commas close the subject's own relative clause
        own = subj is not None and subj.i < tok.i and all(subj.left_edge.i <= t.i <= subj.right_edge.i for t in marks)
        if own and lang == "fr" and marks and _closing_inverted_np(tok, sent, lang):
            own = False  # "« Les commerces …, impactés par …, explique ce rapport officiel. »": the parser hung the
            # whole clause on its first noun; the phrase after the verb, closing the sentence, is who speaks
        inverted = (
            bool(marks)
            and not own
            and tok.idx - s0 > 15
            and not follows
            and not (participle and not any(c.dep_.startswith("aux") for c in tok.children))
        )
        trailing = None if inverted or follows else _trailing_subject(tok, subj, sent)
        if trailing is not None:
            # "The founder has been detained, two people close to him said": a reporting verb after its clause,
            # its (long) subject right after the comma
            inverted, before = True, [trailing]
        claim: tuple[int, int] | None = None
        np_override: list[Any] | None = None
        if inverted:
            # "..., a précisé le parquet", "« ... », a confié un ancien comptable", "..., the ministry said"
            after = [
                c
                for c in tok.children
                if c.i > tok.i
                and _inside(c, sent)
                # "..., a indiqué, ce mercredi, la ministre ...": the inverted subject parsed as an apposition
                and c.dep_ in {"nsubj", "obj", "dobj", "nsubj:pass", "expl:subj", "iobj", "appos"}
                and c.pos_ in {"NOUN", "PROPN", "PRON"}
            ]
            clitic = next(
                (
                    t
                    for t in sent
                    if tok.i < t.i <= tok.i + 2
                    and t.lower_.lstrip("-").removeprefix("t-") in {"il", "elle", "ils", "elles"}
                ),
                None,
            )
            cut_i = max((t.i for t in before if t.text in {",", "»", "”", '"', ":"}), default=first)
            if trailing is not None:
                pass  # the subject was checked: it follows the comma
            elif clitic is not None:
                subj = clitic  # "a-t-il ajouté"
            elif after and (subj is None or subj.i > tok.i or subj.i < cut_i or not speaker_like(subj, lang)):
                subj = after[0]  # "..., confie un proche du couple" (the parser took "cet été" for the subject)
            elif subj is not None and subj.i < first - 3:
                subj = None  # the parser took a noun of the quoted clause for the subject
            if subj is None:
                continue
            cut = min((t.idx for t in before if t.text in {",", "»", "”", '"', ":"}), default=tok.idx)
            claim = _clause_before(text, s0, cut)
        else:
            np_override = None
            if subj is None and not (participle and not any(c.dep_.startswith("aux") for c in tok.children)):
                subj = _fallback_subject(tok, first, sent)
                if subj is not None:
                    # "#Macron nous assurait": the clitic after the name is not part of it
                    np_override = [
                        t
                        for t in sent
                        if subj.left_edge.i <= t.i < first and not (t.i > subj.i and t.lower_ in _CLITICS)
                    ]
            if subj is None:
                continue
            comp = _complement(tok, sent)
            que = next((t for t in sent if tok.i < t.i <= tok.i + 4 and _own_que(tok, t)), None) or _distant_que(
                tok, sent
            )
            objs = [c for c in tok.children if c.dep_ in {"obj", "dobj"} and _inside(c, sent)]
            if comp is not None and not (fait_etat and nxt is not None and comp.i == nxt.i and que is None):
                claim = clause_span(comp, text, sent)
            elif que is not None:
                a0, b0 = que.idx + len(que.text), sent.end_char
                while a0 < b0 and text[a0] == " ":
                    a0 += 1
                while b0 > a0 and text[b0 - 1] in " .!?":
                    b0 -= 1
                claim = (a0, b0)
            elif relative_report:
                claim = None
            elif (objs and lemma in cues.OBJECT_REPORTING) or is_doc_verb or fait_etat or publishes or tells_of:
                claim = None  # "a annoncé l'ouverture d'une enquête", "BFMTV a diffusé les images de ..."
            elif lemma in verbs and comme_l and tok.left_edge.i > sent.start:
                # "la France semble vouloir prendre sa part …, comme l'a affirmé le président": the clause before
                claim = _clause_before(text, s0, sent.doc[tok.left_edge.i].idx)
            elif lemma in verbs and any(
                c.dep_ == "mark" and c.lower_ in {"as", "comme"} and c.i < tok.i for c in tok.children
            ):
                # "As The New York Times reported early last year, Trump ordered ...": the main clause
                end_i = max(t.i for t in tok.subtree)
                a0 = sent.doc[end_i].idx + len(sent.doc[end_i].text)
                while a0 < sent.end_char and text[a0] in " ,":
                    a0 += 1
                claim = (a0, sent.end_char) if sent.end_char - a0 > 3 else None
            else:
                continue
        cue = _aux_span(tok)
        if publishes and lemma == "mettre":
            cue = (cue[0], sent.doc[tok.i + 2].idx + len(sent.doc[tok.i + 2].text))  # "a mis en ligne"
        if fait_etat and nxt is not None and not demands and not (figure and not calls_for and lemma != "faire"):
            cue = (cue[0], nxt.idx + len(nxt.text))  # "a fait savoir", "ont fait état"
        if subj.pos_ == "PRON" and subj.lower_ in PARTITIVE_PRONOUNS:
            subj, np_override = _partitive_head(subj, tok), None
        if subj.pos_ == "PRON" or subj.lower_.startswith("-"):
            low = subj.lower_.lstrip("-").removeprefix("t-")
            if low in cues.CONTINUING_PRONOUNS:
                out.append(
                    Attribution(
                        source=SourceRef(subj.idx, subj.idx + len(subj.text), subj.text, "", "", key="<pronoun>"),
                        cue=cue,
                        claim=claim,
                        via="pronoun",
                    )
                )
            continue
        np_tokens = np_override if not inverted and np_override else subtree_in(subj, sent)
        if appos_np is not None and not inverted:
            np_tokens = appos_np
        if not speaker_like(subj, lang):
            continue
        ref = classifier.from_tokens(subj, np_tokens)
        if ref is None or (learns and lemma not in verbs and (ref.kind != "named_outlet" or claim is None)):
            continue
        # "Ramzi told CNN she had no idea", "O'Malley confirmed that he had delivered it": a one-word name
        # the report calls "he" or "she" is a person's (organisations are "it" and "they"); a name with an article
        # is not ("The Pentagon said he had not been informed", "the Kremlin said she")
        if (
            ref.kind == "named_organization"
            and lang == "en"
            and claim is not None
            and _bare_name(ref.name)
            and not (subj.i > sent.start and subj.doc[subj.i - 1].lower_ in {"the", "a", "an"})
            and re.search(r"\b(?:he|she|his|her|him|himself|herself)\b", text[claim[0] : claim[1]], re.I)
        ):
            ref.kind = "named_person"
        _mark_social(ref, sent, text)
        # "journalists John Solomon and journalist Sara Carter claim": two named people, two sources
        pair = [
            c
            for c in subj.children
            if c.dep_ == "conj"
            and c.pos_ == "PROPN"
            and _inside(c, sent)
            and c.i < tok.i
            and c.ent_type_ in PERSON_ENTS
        ]
        if pair and subj.pos_ == "PROPN" and subj.ent_type_ in PERSON_ENTS and not inverted:
            cut = {t.i for c in pair for t in c.subtree} | {t.i for t in subj.children if t.dep_ == "cc"}
            first_ref = classifier.from_tokens(subj, [t for t in np_tokens if t.i not in cut])
            if first_ref is not None:
                ref = first_ref
                _mark_social(ref, sent, text)
            for c in pair:
                other = classifier.from_tokens(c, subtree_in(c, sent))
                if other is not None:
                    _mark_social(other, sent, text)
                    out.append(Attribution(source=other, cue=cue, claim=claim, via="verb"))
        outer = tok.head if tok.dep_ == "ccomp" and tok.head.i != tok.i else None
        out.append(
            Attribution(
                source=ref,
                cue=cue,
                claim=claim,
                via="verb",
                complement_of=_aux_span(outer)[0] if outer is not None and outer.pos_ in {"VERB", "AUX"} else None,
            )
        )
        for extra in _secondary_sources(tok, subj, sent, classifier):
            out.append(Attribution(source=extra, cue=cue, claim=claim, via="verb"))
    return out


_AGENT_SUFFIXES = tuple(
    [
        "eur",
        "euse",
        "eurs",
        "euses",
        "ant",
        "ants",
        "ante",
        "antes",
        "iste",
        "istes",
        "ien",
        "iens",
        "ienne",
        "iennes",
        "er",
        "ers",
        "or",
        "ors",
        "ist",
        "ists",
        "ian",
        "ians",
        "ent",
        "ents",
        "able",
        "ables",
        "ain",
        "ains",
        "aine",
        "aines",
        "aire",
        "aires",
        "ier",
        "iers",
        "ière",
        "ières",
    ]
)
_GROUP_WORDS = frozenset(
    [
        "force",
        "forces",
        "armée",
        "army",
        "navy",
        "marine",
        "staff",
        "team",
        "équipe",
        "club",
        "parti",
        "camp",
        "side",
        "family",
        "famille",
        "couple",
        "entourage",
        "proche",
        "proches",
        "voisin",
        "voisins",
        "witness",
        "témoin",
        "opposition",
        "majorité",
        "union",
        "syndicat",
    ]
)


def speaker_like(head: Any, lang: str) -> bool:
    """Whether a subject can be a source: a name, a person, a group, an institution, a medium or a document.

    "Autre exemple", "la victoire" or "ce niveau d'honnêteté" do not speak, whatever verb the parser gives them.
    """
    prev = head.doc[head.i - 1] if head.i > 0 else None
    initial = prev is None or prev.text in {".", "!", "?", "«", "“", '"'} or "\n" in prev.text + prev.whitespace_
    capital = head.text[:1].isupper() and not initial
    if head.pos_ in {"PROPN", "PRON"} or capital or head.ent_type_ in {"PER", "PERSON", "ORG", "NORP"}:
        return True
    lemma = cues.lemma(head)
    lexicons = (cues.UNNAMED_HEADS, cues.ORG_HEADS, cues.DOCUMENT_HEADS, cues.OUTLET_HEADS, cues.PERSON_TITLES)
    if any(lemma in lex["fr"] or lemma in lex["en"] for lex in lexicons) or lemma in cues.PERSON_ROLES:
        return True
    if lemma in {"source", "sources", "gens", "people", "public", "police", "gouvernement", "government", "état"}:
        return True
    if lemma in _GROUP_WORDS or any(c.pos_ == "PROPN" for c in head.children):
        return True  # "Ukraine's air force", "le représentant de la Pologne"
    return head.lower_.endswith(_AGENT_SUFFIXES) and len(head.lower_) > 5


RELATIVE_PRONOUNS = frozenset(["qui", "who", "which", "that"])
# "un des conseillers", "l'une des victimes", "one of the organisers": a pronoun that heads a noun phrase
PARTITIVE_PRONOUNS = frozenset(["un", "une", "l'un", "l’un", "l'une", "l’une", "one"])


FIGURE_NOUNS = frozenset(
    ["chiffre", "chiffres", "bilan", "nombre", "estimation", "figure", "figures", "toll", "number", "estimate", "tally"]
)
NEGATORS = frozenset(["not", "n't", "n’t", "never", "ne", "n'", "n’", "jamais", "pas", "guère", "nullement"])


def _citing_participle(tok: Any) -> bool:
    """A present participle that takes the phrase after it as its object: "citant", "citing", "quoting"."""
    return (
        tok.pos_ == "VERB"
        and ("Part" in tok.morph.get("VerbForm") or tok.tag_ == "VBG")
        and ("Pres" in tok.morph.get("Tense") or tok.tag_ == "VBG")
        and tok.dep_ in {"advcl", "acl", "xcomp"}
    )


def _infinitive(tok: Any) -> bool:
    return "Inf" in tok.morph.get("VerbForm") or tok.tag_ == "VB"


def _negated(verb: Any) -> bool:
    """A reporting verb under negation or refusal: "did not say", "could not confirm", "n'a jamais dit",
    "refused to confirm", "a refusé de confirmer"."""
    if any(c.dep_ in {"neg", "advmod"} and c.lower_ in NEGATORS and _same_clause(c, verb) for c in verb.children):
        return True
    head = verb.head
    refusing = head.lower_.startswith(("refus", "declin", "décli"))
    if verb.dep_ in {"xcomp", "ccomp"} and head.i != verb.i and refusing:
        return True
    # "l'eurodéputé qui … refusait, samedi matin, de dire s'il la soutiendrait": the parser hung the infinitive on
    # another word; read the refusal from the words before its "de" / "to"
    if not _infinitive(verb) or verb.i == 0 or verb.doc[verb.i - 1].lower_ not in {"de", "d'", "d’", "to"}:
        return False
    before = verb.doc[max(0, verb.i - 8) : verb.i - 1]
    return any(t.lower_.startswith(("refus", "declin", "décli")) and t.pos_ in {"VERB", "AUX"} for t in before)


def _own_que(verb: Any, tok: Any) -> bool:
    """A "que"/"that" after the verb that opens its complement: no other verb in between ("a-t-elle poursuivi,
    expliquant que …": the clause is the participle's, the reporting verb's own content came before it)."""
    if tok.lower_ not in {"que", "qu'", "qu’", "that"}:
        return False
    return not any(t.pos_ == "VERB" for t in verb.doc[verb.i + 1 : tok.i])


def _same_clause(tok: Any, verb: Any) -> bool:
    """No punctuation between the two tokens: "ne «pas imposer …», a-t-elle poursuivi" hangs the quotation's "ne" on
    the reporting verb after it, which is not negated."""
    lo, hi = sorted((tok.i, verb.i))
    return not any(t.is_punct for t in verb.doc[lo + 1 : hi])


MODAL_HEADS = frozenset(["pouvoir", "devoir", "aller", "vouloir", "compter", "envisager", "plan", "intend", "expect"])
MODAL_AUX = frozenset(
    ["will", "would", "could", "may", "might", "should", "must", "shall", "'ll"]
)  # "can reveal" reports


def _unrealised(verb: Any) -> bool:
    """A report that has not been made: "le ministre pourrait annoncer", "va annoncer", "annoncera", "is expected
    to announce", "will say", "could confirm". Its subject is not (yet) anyone's source."""
    if "Fut" in verb.morph.get("Tense"):
        return True
    if any(c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in verb.children):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i and _infinitive(verb):
        low = head.lower_
        return cues.lemma(head) in MODAL_HEADS or low.startswith(("pourr", "peut", "peuv", "doi", "devr", "va", "vont"))
    return False


def _closing_inverted_np(verb: Any, sent: Any, lang: str) -> bool:
    """A speaker-like noun phrase right after the verb that closes the sentence: "…, explique ce rapport officiel."."""
    kids = [
        c
        for c in verb.children
        if verb.i < c.i <= verb.i + 4
        and c.dep_ in {"nsubj", "obj", "dobj", "appos", "nsubj:pass"}
        and c.pos_ in {"NOUN", "PROPN"}
    ]
    if not kids or not any(d.dep_ == "det" and d.i == verb.i + 1 for d in kids[0].children):
        return False
    end = kids[0].right_edge.i + 1
    closing = end >= sent.end or sent.doc[end].text in {".", ",", "»", "”", '"', ";", "!"}
    return closing and speaker_like(kids[0], lang)


def _trailing_subject(verb: Any, subj: Any | None, sent: Any) -> Any | None:
    """The comma before the subject of a reporting verb that closes its sentence: "..., two people close to him
    said", "..., des responsables de la sécurité ont indiqué". The verb has nothing after it but adverbials,
    and a finite clause comes before the comma."""
    if subj is None or subj.i > verb.i or subj.pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(c.i > verb.i and c.dep_ in {"obj", "dobj", "ccomp", "xcomp", "iobj", "dative"} for c in verb.children):
        return None
    left = subj.left_edge.i
    if left - 1 < sent.start or sent.doc[left - 1].text not in {",", "»", "”", '"'}:
        return None
    clause = [t for t in sent if t.i < left - 1]
    finite = any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") for t in clause)
    if not finite or len([t for t in clause if not t.is_punct]) < 4:
        return None
    return sent.doc[left - 1]


def _distant_que(verb: Any, sent: Any) -> Any | None:
    """ "précisait d'ailleurs à France Info, au moment de la polémique, que ...": a complementiser after
    adverbials, heading a clause that hangs from the verb, before any other finite verb."""
    for t in sent:
        if t.i <= verb.i or t.i > verb.i + 16:
            continue
        finite = t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm")
        if finite and t.dep_ not in {"aux", "aux:pass", "cop"}:
            return None  # another clause starts before any "que"
        # "warned his priests in a letter that the probe will be ...": the English complementiser too
        # "in a letter that two schools will close": parsed as a relative "that", but a subject follows it
        subject_next = t.lower_ == "that" and any(
            c.dep_.startswith("nsubj") and c.left_edge.i == t.i + 1 for c in t.head.children
        )
        if (
            t.lower_ in {"que", "qu'", "qu’", "that"}
            and (t.dep_ == "mark" or subject_next)
            and any(a.i == verb.i for a in t.head.ancestors)
        ):
            return t
    return None


# Nouns for what someone said: never a source themselves ("selon les propos de X", "according to the remarks")
SPEECH_NOUNS = frozenset(["propos", "terme", "termes", "mot", "mots", "remark", "remarks", "word", "words", "comment"])


def publishing_verb(tok: Any, lang: str) -> bool:
    """A publishing verb with content as its object: "a publié une vidéo", "released footage", "a mis en ligne
    des images". Its subject is the source of what was published; "a publié un livre" is no attribution."""
    lemma = cues.lemma(tok)
    if lemma not in cues.PUBLISH_VERBS.get(lang, cues.PUBLISH_VERBS["en"]) or tok.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma in {"tweet", "tweeter"} or tok.lower_ in {"tweeted", "tweets", "tweeting"}:
        return True  # "tweeted late Tuesday along with a photo of her": a tweet is content, with or without an object
    doc = tok.doc
    if lemma == "mettre" and not (
        tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "en" and doc[tok.i + 2].lower_ == "ligne"
    ):
        return False
    for c in tok.children:
        # "a diffusé des images": the French partitive is often parsed as an oblique with "des"
        partitive = c.dep_ == "obl:arg" and any(
            x.dep_ == "case" and x.lower_ in {"de", "des", "du"} for x in c.children
        )
        if (c.dep_ in {"obj", "dobj"} or partitive) and c.i > tok.i:
            # "a video showing drones" can come out as "drones" with "video" as a compound before it
            words = [t for t in c.subtree if t.i <= c.i]
            words += [x for x in c.children if x.dep_ in {"compound", "amod", "nmod"} and x.i > c.i]
            if any(cues.lemma(w) in cues.PUBLISHED_CONTENT or w.lower_ in cues.PUBLISHED_CONTENT for w in words):
                return True
    return False


TEMPORAL_MARKS = frozenset(
    ["after", "before", "when", "since", "until", "once", "après", "avant", "lorsque", "quand", "depuis", "dès"]
)


def _temporal_clause(verb: Any) -> bool:
    """The verb heads a time clause: "after X published ...", "quand X a diffusé ..."."""
    return verb.dep_ in {"advcl", "obl", "obl:mod", "pcomp"} and any(
        c.dep_ in {"mark", "case"} and c.lower_ in TEMPORAL_MARKS and c.i < verb.i for c in verb.children
    )


def _bare_name(name: str) -> bool:
    """One capitalised word that is not an acronym: "Ramzi", "O'Malley"."""
    words = name.replace("’", "'").split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and words[0].replace("'", "").isalpha()


def _partitive_head(subj: Any, verb: Any) -> Any:
    """ "Un des oligarques les plus proches de Poutine, Vladimir Potanine, a déclaré", "explique l'un des auteurs du
    rapport, Vivian Depoues": the name given after the partitive pronoun, else its noun ("un des responsables")."""
    inner = [t for t in subj.subtree if t.i != subj.i and t.pos_ in {"NOUN", "PROPN"} and not _between(t, verb, subj)]
    named = [t for t in inner if t.pos_ == "PROPN" and t.dep_ in {"conj", "appos"} and t.head.i != subj.i]
    named = named or [t for t in inner if t.pos_ == "PROPN" and t.dep_ in {"conj", "appos"}]
    nouns = [t for t in inner if t.head.i == subj.i and t.dep_ in {"nmod", "prep", "pobj"}]
    return named[0] if named else nouns[0] if nouns else subj


def _between(tok: Any, verb: Any, subj: Any) -> bool:
    """``tok`` lies on the far side of ``verb`` from ``subj`` (not part of the subject's phrase)."""
    return (subj.i < verb.i < tok.i) or (tok.i < verb.i < subj.i)


def _verb_tagged_noun(tok: Any, lang: str, verbs: frozenset[str]) -> str | None:
    """French: a present-tense reporting verb the parser tagged as the sentence's root noun, with a subject and "que"
    right after it ("L'Arcom (ex-CSA) note que", "Le rapport souligne que"): the verb's infinitive, else None."""
    if lang != "fr" or tok.pos_ != "NOUN" or tok.dep_ != "ROOT" or tok.i + 1 >= len(tok.doc):
        return None
    if tok.doc[tok.i + 1].lower_ not in {"que", "qu'", "qu’"} or not any(c.dep_ == "nsubj" for c in tok.children):
        return None
    word = tok.lower_
    for stem in (word[:-2], word[:-1]) if word.endswith("nt") else (word,):
        if stem.endswith("e") and stem + "r" in verbs:
            return stem + "r"
    return None


def _fallback_subject(verb: Any, first: int, sent: Any) -> Any | None:
    """The parser attached the subject elsewhere ("X, s'exprimant sous couvert d'anonymat, a indiqué"):
    take the nearest subject-like noun before the verb; or a person's name right before the verb, after a comma
    ("…, de dire s'il la soutiendrait jusqu'au bout, Marine Le Pen a précisé que …": the parser made "Marine" a
    noun modifier of the clause before)."""
    doc = verb.doc
    name = _misparsed_name(verb, first, sent) or _cited_phrase_subject(verb, first, sent)
    if name is not None:
        return name
    k = first - 1
    run: list[Any] = []
    while k >= sent.start and doc[k].ent_type_ in PERSON_ENTS and doc[k].pos_ in {"PROPN", "NOUN", "DET"}:
        run.insert(0, doc[k])
        k -= 1
    if len(run) >= 2 and (k < sent.start or doc[k].text == ",") and run[0].text[:1].isupper():
        return run[0]
    for t in reversed([t for t in sent if t.i < first]):
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"nsubj", "appos", "nsubj:pass"}:
            name = t.head
            if t.dep_ == "appos" and name.pos_ == "PROPN" and name.i < t.i and name.ent_type_ in PERSON_ENTS:
                return name  # "Jean-Louis Bourlanges, président de la commission …, expliquait": the person
            return t
        if t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "ccomp"}:
            return None
    return None


HASHTAG = frozenset(["#"])
# object and reflexive clitics between a subject and its verb ("Macron nous assurait", "X lui a dit")
_CLITICS = frozenset(
    ["me", "m'", "m’", "te", "t'", "t’", "se", "s'", "s’", "nous", "vous", "lui", "leur", "le", "la", "l'", "l’"]
)


def _misparsed_name(verb: Any, first: int, sent: Any) -> Any | None:
    """A capitalised name right before the verb (and its clitics) that the parser made an adverb, a modifier or the
    object of a hashtag it took for a preposition ("Fin mars, #Macron nous assurait de …": "#" ADP, "Macron" ADV).

    The name follows the sentence start, a comma or a hashtag, and hangs on the verb, on its auxiliary or on the
    hashtag; it has no preposition of its own. Returns the name token, else None."""
    doc = verb.doc
    k = first - 1
    while k >= sent.start and doc[k].lower_ in _CLITICS and doc[k].pos_ == "PRON":
        k -= 1
    if k < sent.start:
        return None
    tok = doc[k]
    hashtag = tok.i > sent.start and doc[tok.i - 1].text in HASHTAG
    lead = tok.i - (2 if hashtag else 1)
    opens = lead < sent.start or doc[lead].text in {",", ";", ":", "—", "–"}
    if not (tok.text[:1].isupper() and tok.is_alpha and opens and (hashtag or tok.i > sent.start)):
        return None
    if tok.pos_ not in {"ADV", "PROPN", "X", "NOUN", "ADP"} or tok.dep_ in {"nsubj", "nsubj:pass", "obj", "dobj"}:
        return None
    anchors = {verb.i} | {a.i for a in _own_auxes(verb)} | ({tok.i - 1} if hashtag else set())
    if tok.head.i not in anchors or any(c.dep_ == "case" and c.text not in HASHTAG for c in tok.children):
        return None
    return tok


def _cited_phrase_subject(verb: Any, first: int, sent: Any) -> Any | None:
    """The noun phrase between a citing participle's phrase and the verb, which the parser made that participle's
    object ("Jeudi, citant plusieurs diplomates, le New York Times a rapporté que": "New" and "York" objects of
    "citant", no subject at all): the phrase's first noun, else None."""
    doc = verb.doc
    k = first - 1
    while k >= sent.start and doc[k].pos_ in {"DET", "PROPN", "NOUN", "X", "ADJ"} and not doc[k].is_punct:
        k -= 1
    run = doc[k + 1 : first]
    if k < sent.start or doc[k].text != "," or not 1 <= len(run) <= 8:
        return None
    head = next((t for t in run if t.pos_ in {"PROPN", "NOUN", "X"}), None)
    if head is None or not any(t.text[:1].isupper() for t in run):
        return None
    cited = [a for a in head.ancestors if a.i < k and _citing_participle(a)]
    if not cited or not any(t.i < cited[0].i for t in sent) or doc[cited[0].i - 1].text != ",":
        return None
    return head


def _mark_social(ref: SourceRef, sent: Any, text: str) -> None:
    """A person or organisation writing in a social-media post is an embedded-post source."""
    if ref.kind in {"named_person", "named_organization"} and cues.SOCIAL.search(text, sent.start_char, sent.end_char):
        ref.kind = "embedded_post"


def _secondary_sources(verb: Any, subj: Any, sent: Any, classifier: SourceClassifier) -> list[SourceRef]:
    """Outlets a source spoke to ("told Reuters", "a confié à notre journal") or that obtained the document."""
    out: list[SourceRef] = []
    candidates = []
    for c in verb.children:
        if not _inside(c, sent):
            continue
        if c.dep_ in {"dobj", "obj", "iobj", "dative"} and cues.lemma(verb) in {"tell", "confier", "déclarer", "dire"}:
            candidates.append(c)
        if c.dep_ in {"obl:arg", "obl", "obl:mod"} and any(x.lower_ in {"à", "au"} for x in c.children):
            candidates.append(c)
        # "expliquait, ce lundi matin, sur Europe 1, que", "said on Fox News": the outlet the source spoke on (an
        # outlet only: "sur Twitter", "on Monday" are not)
        if c.dep_ in {"obl:arg", "obl", "obl:mod"} and any(x.lower_ == "sur" and x.dep_ == "case" for x in c.children):
            candidates.append(c)
        if c.dep_ == "prep" and c.lower_ == "on":
            candidates += [x for x in c.children if x.dep_ == "pobj" and x.pos_ == "PROPN"]
        # "dans une interview à la publication « Economy Today », a déclaré X", "said in an interview with CNN": the
        # outlet that interviewed the source
        if _inside(c, sent) and cues.lemma(c) in INTERVIEW_NOUNS:
            candidates += _interviewer(c)
        if c.dep_ == "prep" and c.lower_ == "in":
            candidates += [y for x in c.children if cues.lemma(x) in INTERVIEW_NOUNS for y in _interviewer(x)]
    # "…, dans une interview au quotidien Le Monde, a déclaré X": the parser hung the phrase on the clause before
    first = min([verb.i] + [a.i for a in _own_auxes(verb)])
    for t in sent:
        if t.i < first and cues.lemma(t) in INTERVIEW_NOUNS and t.head.i != verb.i:
            gap = verb.doc[t.right_edge.i + 1 : first]
            if all(g.is_punct for g in gap) and any(g.text == "," for g in gap):
                candidates += _interviewer(t)
    for c in subj.children:
        if c.dep_ in {"acl"} and _inside(c, sent):
            for g in c.children:
                by_par = any(x.dep_ == "case" and x.lower_ == "par" for x in g.children)
                if g.dep_ in {"agent", "obl:agent", "obl"} or g.lower_ in {"by", "par"} or by_par:
                    inner = [x for x in g.subtree if x.pos_ in {"PROPN", "NOUN"}]
                    if g.lower_ in {"by"} and inner:
                        candidates.append(
                            next(x for x in g.children if x.dep_ == "pobj")
                            if any(x.dep_ == "pobj" for x in g.children)
                            else inner[0]
                        )
                    elif g.pos_ in {"PROPN", "NOUN"}:
                        candidates.append(g)
    for c in candidates:
        ref = classifier.from_tokens(c, subtree_in(c, sent))
        if ref is None:
            continue
        outletish = ref.kind == "named_outlet" or cues.lemma(c) in cues.OUTLET_HEADS[classifier.lang] | {"journal"}
        outletish = outletish or (cues.lemma(verb) == "tell" and bool(CALL_SIGN.match(c.text)))
        if outletish:
            if ref.kind != "named_outlet":
                ref.kind = "named_outlet"
            out.append(ref)
    return out


INTERVIEW_NOUNS = frozenset(["interview", "entretien", "entrevue", "interviews", "entretiens"])


def _interviewer(noun: Any) -> list[Any]:
    """The noun after "à"/"au"/"avec"/"with"/"to" that an interview noun governs ("une interview au quotidien Le
    Monde", "an interview with CNN"), the name in an apposition first ("la publication « Economy Today »")."""
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in {"with", "to"}:
            out += [x for x in c.children if x.dep_ == "pobj"]
        elif c.dep_ in {"nmod", "obl", "obl:mod"} and any(
            x.dep_ == "case" and x.lower_ in {"à", "au", "avec", "aux"} for x in c.children
        ):
            named = [x for x in c.children if x.dep_ in {"appos", "flat:name", "nmod"} and x.pos_ in {"PROPN", "X"}]
            out += named or [c]
    return out


QUALIFYING_VERBS = frozenset(["qualifier", "décrire", "describe", "label", "dub", "brand"])


def qualified_by_attributions(sent: Any, lang: str, classifier: SourceClassifier) -> list[Attribution]:
    """ "un pays qualifié de « hub mondial … » par Transparency International", "a move described as reckless by the
    minister": the agent of a participle that names or qualifies something is the source of that qualification."""
    out: list[Attribution] = []
    for tok in sent:
        if cues.lemma(tok) not in QUALIFYING_VERBS and tok.lower_ not in {"labelled", "labeled", "dubbed", "branded"}:
            continue
        if tok.pos_ != "VERB" or not ("Part" in tok.morph.get("VerbForm") or tok.tag_ == "VBN"):
            continue
        if any(c.dep_.startswith("aux") for c in tok.children):
            continue  # "il a qualifié Poutine de …": a finite verb, read by the reporting-verb rules
        # the first "par"/"by" after the participle, before any finite verb (the parser often hangs the agent on
        # the main clause: "… qualifié de « … » par l'association Transparency International")
        agent = None
        for t in sent.doc[tok.i + 1 : min(sent.end, tok.i + 25)]:
            if t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm"):
                break
            if t.lower_ == "par" and t.dep_ == "case" and t.head.i > t.i:
                agent = t.head
            elif t.lower_ == "by" and t.dep_ in {"agent", "prep"}:
                agent = next((x for x in t.children if x.dep_ == "pobj"), None)
            if t.lower_ in {"par", "by"}:
                break
        if agent is None or agent.pos_ not in {"NOUN", "PROPN"} or not speaker_like(agent, lang):
            continue
        ref = classifier.from_tokens(agent, subtree_in(agent, sent))
        if ref is None:
            continue
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < sent.end else None
        end = nxt if nxt is not None and nxt.lower_ in {"de", "d'", "d’", "as"} else tok
        _mark_social(ref, sent, classifier.text)
        out.append(Attribution(source=ref, cue=(tok.idx, end.idx + len(end.text)), claim=None, via="verb"))
        for extra in _secondary_sources(tok, agent, sent, classifier):
            out.append(Attribution(source=extra, cue=(tok.idx, end.idx + len(end.text)), claim=None, via="verb"))
    return out


def post_intro_attributions(sent: Any, lang: str, classifier: SourceClassifier) -> list[Attribution]:
    """ "In his Twitter post, Trump also blasted ...": the subject of the main verb speaks through a post,
    about the whole sentence (a post on a named platform, or a tweet)."""
    text = classifier.text
    m = cues.POST_INTRO.match(text, sent.start_char, sent.end_char)
    if m is None or not (cues.SOCIAL.search(m.group(1)) or re.search(r"tweet|" + cues._PLATFORMS, m.group(1))):
        return []
    root = next((t for t in sent if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"VERB", "AUX"} or _negated(root):
        return []
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubj:pass"} and c.idx > m.end(1)), None)
    if subj is None or subj.pos_ not in {"NOUN", "PROPN"} or not speaker_like(subj, lang):
        return []
    ref = classifier.from_tokens(subj, subtree_in(subj, sent))
    if ref is None or ref.kind not in {"named_person", "named_organization", "embedded_post", "unnamed"}:
        return []
    ref.kind = "embedded_post"
    return [Attribution(source=ref, cue=(m.start(1), m.end(1)), claim=None, via="verb")]


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted passages of at least four words inside ``[start, end)``: (inner start, inner end)."""
    out: list[tuple[int, int]] = []
    for open_q, close_q in cues.QUOTE_PAIRS:
        i = start
        while True:
            a = text.find(open_q, i, end)
            if a < 0:
                break
            b = text.find(close_q, a + 1, end)
            if b < 0:
                break
            inner = text[a + 1 : b]
            if len(inner.split()) >= 4 and not any(a < x < b or a < y < b for x, y in out):
                out.append((a + 1, b))
            i = b + 1
    return sorted(out)


QUOTE_CONTINUE_VERBS = frozenset(
    [
        "continue",
        "continuer",
        "poursuivre",
        "conclude",
        "conclure",
        "enchaîner",
        # forms the English lemmatizer leaves as they are
        "continued",
        "continues",
        "concluded",
        "concludes",
    ]
)


# Verbs that introduce speech only with no object of their own ("« … », lance-t-il", "a-t-il glissé"); with a noun
# object they do something else ("lancer une campagne", "poursuivre l'enquête")
SPEECH_SENSE_ONLY_BARE = frozenset(["lancer", "glisser", "lâcher", "poursuivre", "continuer", "enchaîner", "trancher"])


def quote_speaker(
    sentences: Sequence[Any], quote: tuple[int, int], lang: str, classifier: SourceClassifier
) -> tuple[SourceRef | None, tuple[int, int] | None]:
    """The subject of the reporting verb next to a quote (outside it), and that verb's span."""
    verbs = cues.REPORTING_VERBS.get(lang, cues.REPORTING_VERBS["en"]) | {
        "dire",
        "say",
        "ajouter",
        "add",
        "expliquer",
        "explain",
        "lancer",
    }
    for sent in sentences:
        for tok in sent:
            if quote[0] - 1 <= tok.idx < quote[1] + 1:
                continue
            if tok.pos_ not in {"VERB", "AUX"}:
                continue
            # "“…,” Perry continued", "« … », a poursuivi le ministre": only right after the quote
            continuing = (cues.lemma(tok) in QUOTE_CONTINUE_VERBS or tok.lower_ in QUOTE_CONTINUE_VERBS) and (
                0 <= tok.idx - quote[1] <= 25
            )
            # "ne dit pas autre chose": a litotes says the same
            litotes = any(
                t.lower_ in {"autre", "otherwise", "else", "différent"} for t in tok.doc[tok.i + 1 : tok.i + 4]
            )
            if (cues.lemma(tok) not in verbs and not continuing) or (_negated(tok) and not litotes):
                continue  # "Ford didn’t report it to anyone …, “because …”": a verb that did not report
            if _unrealised(tok):
                continue  # "Les deux dirigeants évoqueront « … », a déclaré X": a report still to come speaks no quote
            own_subject = _subject(tok, sent)
            # a noun phrase after a verb whose subject comes before it is its object ("avait lancé cette journée", even
            # when parsed as a modifier), not an inverted speaker ("…, a lancé le ministre", parsed as the object)
            if (
                cues.lemma(tok) in SPEECH_SENSE_ONLY_BARE
                and own_subject is not None
                and own_subject.i < tok.i
                and not quote[0] <= own_subject.idx < quote[1]
                and any(
                    c.i > tok.i
                    and not quote[0] <= c.idx < quote[1]
                    and c.pos_ in {"NOUN", "PROPN"}
                    and (
                        c.dep_ in {"obj", "dobj"}
                        or (c.dep_ in {"obl:mod", "obl", "npadvmod"} and not any(x.dep_ == "case" for x in c.children))
                    )
                    # "a lancé mardi : « … »": a date before the quotation it introduces
                    and not (c.right_edge.i + 1 < len(c.doc) and c.doc[c.right_edge.i + 1].text in {":", "«", "“", '"'})
                    for c in tok.children
                )
            ):
                continue  # "Varsovie lance une campagne", "avait lancé cette journée": launching something, not speech
            subj = _subject(tok, sent)
            if subj is None or quote[0] <= subj.idx < quote[1]:
                continue
            if subj.pos_ == "PRON" and subj.lower_ in PARTITIVE_PRONOUNS:
                subj = _partitive_head(subj, tok)
            relative = subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ in {"acl:relcl", "relcl"}
            if relative and tok.head.pos_ in {"NOUN", "PROPN"}:
                subj = tok.head  # "Jordan Bardella, qui écrivait sur Twitter : « ... »"
            if subj.pos_ == "PRON":
                if subj.lower_ in cues.CONTINUING_PRONOUNS:
                    return SourceRef(subj.idx, subj.idx + len(subj.text), subj.text, "", "", "<pronoun>"), _aux_span(
                        tok
                    )
                continue
            ref = classifier.from_tokens(subj, subtree_in(subj, sent))
            if ref is not None:
                _mark_social(ref, sent, classifier.text)
                return ref, _aux_span(tok)
    return None, None


def quote_outlets(
    sentences: Sequence[Any], quote: tuple[int, int], lang: str, classifier: SourceClassifier
) -> list[SourceRef]:
    """The outlets the speaker of a quote spoke to: "« ... », a-t-il confié à Ouest-France", "..., Wes Fraser
    told the BBC"."""
    for sent in sentences:
        for tok in sent:
            if quote[0] - 1 <= tok.idx < quote[1] + 1 or tok.pos_ not in {"VERB", "AUX"}:
                continue
            if cues.lemma(tok) not in {"tell", "confier", "déclarer", "dire", "say", "expliquer", "explain"}:
                continue
            subj = _subject(tok, sent)
            if subj is not None and not quote[0] <= subj.idx < quote[1]:
                return _secondary_sources(tok, subj, sent, classifier)
    return []


def embed_signature(text: str, start: int, end: int) -> tuple[str, str, int, int] | None:
    """A tweet's "— Author (@handle) Date" line at the end of a paragraph: (author, handle, start, end)."""
    m = cues.EMBED_SIGNATURE.search(text, start, end)
    if not m or m.end() < end - 1:
        return None
    return m.group("author").strip(), m.group("handle"), m.start("author"), m.end("handle") + 1


KNOWN_OUTLET_KEYS = frozenset(normalize_key(x) for x in cues.KNOWN_OUTLETS) | cues.KNOWN_OUTLETS
