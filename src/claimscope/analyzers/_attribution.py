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

DETERMINERS = frozenset(
    "le la les l' l’ un une des du de d' d’ ce cet cette ces son sa ses leur leurs the a an this these that those its "
    "their his her".split()
)
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
NP_DROP_DEPS = frozenset({"acl", "acl:relcl", "relcl", "punct", "advcl", "parataxis", "dep", "cc", "conj"})


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


def normalize_key(name: str) -> str:
    """A merge key for source names: case, apostrophes, leading determiners and spaces do not count."""
    s = unicodedata.normalize("NFC", name).replace("’", "'").lower().strip(" ,.;:«»“”\"'")
    words = s.split()
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in {"l'", "d'"}):
        words = words[1:]
    s = " ".join(words)
    s = re.sub(r"^(l'|d')", "", s)
    return s


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
                if child.pos_ != "PROPN" or child.i < tok.i - 3:
                    continue
                if any(c.dep_ == "case" for c in child.children):
                    continue
                if child.dep_ in {"appos", "nmod", "flat", "flat:name", "compound", "amod", "nsubj"}:
                    toks = [t for t in child.subtree if t.dep_ not in {"punct", "case", "det"} or t.i > child.i]
                    if toks:
                        found.add(normalize_key(self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]))
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
        core = self._core(head, tokens)
        start, end = core[0].idx, core[-1].idx + len(core[-1].text)
        mention_text = self.text[start:end]
        lemma = cues.lemma(head)
        propn = [t for t in core if t.pos_ == "PROPN" or (t.ent_type_ and t.pos_ != "DET" and t.text[:1].isupper())]
        first_lower = core[0].lower_
        indefinite = first_lower in cues.INDEFINITE or core[0].pos_ == "NUM" or head.morph.get("Definite") == ["Ind"]
        eid, elabel = self.entity_at(head.idx, head.idx + len(head.text))
        if eid is None and propn:
            eid, elabel = self.entity_at(propn[0].idx, propn[-1].idx + len(propn[-1].text))
        label = elabel or (propn[0].ent_type_ if propn else head.ent_type_) or ""
        appos_name = [c for c in head.children if c.dep_ in {"appos", "flat:name"} and c.pos_ == "PROPN"]
        name = _display_name(core, self.text)
        key = normalize_key(name)
        proper = normalize_key(" ".join(t.text for t in propn)) if propn else ""

        kind: str
        if cues.ANONYMITY.search(full_text):
            kind = "unnamed"
        elif lemma in cues.DOCUMENT_HEADS[lang] or lemma in cues.DOCUMENT_HEADS["en"]:
            kind = "document"
        elif lemma in cues.OUTLET_HEADS[lang] and head.pos_ == "NOUN":
            kind = "named_outlet"
            if appos_name:
                toks = list(appos_name[0].subtree)
                name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                key = normalize_key(name)
        elif key in self.outlets or key in cues.KNOWN_OUTLETS or (proper and (proper in self.outlets or
                                                                              proper in cues.KNOWN_OUTLETS)):
            kind = "named_outlet"
            if proper and (proper in self.outlets or proper in cues.KNOWN_OUTLETS) and key not in self.outlets:
                key = proper
        elif lemma in {"source", "sources"} or (lemma in cues.UNNAMED_HEADS[lang] and (indefinite or not propn)):
            kind = "unnamed"
        elif lemma in cues.PERSON_TITLES[lang] or lemma in cues.PERSON_TITLES["en"]:
            if appos_name or label in {"PER", "PERSON"}:
                kind = "named_person"
                if appos_name:
                    toks = [t for t in appos_name[0].subtree if not t.is_punct]
                    name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                    key = normalize_key(name)
            elif propn:
                kind = "named_organization"
            else:
                kind = "unnamed" if indefinite else "named_person"
        elif head.pos_ == "PROPN" or propn:
            if label in {"PER", "PERSON"}:
                kind = "named_person"
            else:
                kind = "named_organization"
        elif lemma in cues.ORG_HEADS[lang] or lemma in cues.ORG_HEADS["en"]:
            kind = "named_organization"
        elif indefinite:
            kind = "unnamed"
        else:
            kind = "named_organization" if head.text[:1].isupper() else "unnamed"
        if eid and kind in {"named_person", "named_organization", "named_outlet"}:
            key = f"entity:{eid}"
        return SourceRef(start=start, end=end, text=mention_text, name=name, kind=kind, key=key, entity=eid)

    def _core(self, head: Any, tokens: Sequence[Any]) -> list[Any]:
        """The noun phrase without relative clauses, participial tails and trailing punctuation."""
        dropped: set[int] = set()
        for t in tokens:
            if t.i != head.i and t.dep_ in NP_DROP_DEPS and t.head.i == head.i and t.dep_ != "punct":
                dropped.update(x.i for x in t.subtree)
        core = [t for t in tokens if t.i not in dropped]
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
        if m.group(1).lower() == "per" and not text[m.end() : m.end() + 1].isupper():
            continue
        first = _token_at(sent.doc, m.end())
        if first is None or first.i >= sent.end:
            continue
        # the noun phrase after the cue, up to the next comma or the end of the sentence
        region = []
        for tok in sent.doc[first.i : sent.end]:
            if tok.text in {",", ";", ".", ":", "«", "»", "“", "”", "?", "!", "("} and region:
                break
            region.append(tok)
        if not region:
            continue
        region_ids = {t.i for t in region}
        heads = [t for t in region if t.head.i not in region_ids or t.head.i == t.i]
        heads = [t for t in heads if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"}] or heads
        head = heads[0]
        if head.lower_ in {"lui", "elle", "eux", "moi", "nous", "them", "him", "her", "me", "us", "lequel", "laquelle",
                           "lesquels", "lesquelles", "which", "whom"}:
            continue
        np_tokens = [t for t in region if t.i in {x.i for x in subtree_in(head, sent)}] or region
        ref = classifier.from_tokens(head, np_tokens)
        if ref is None:
            continue
        np_end = region[-1].idx + len(region[-1].text)
        before = text[s0:cue_start].strip(" ,;:—–-")
        after = text[np_end:s1].strip(" ,;:.!?—–-»”\"")
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
        out.append(Attribution(source=ref, cue=(cue_start, cue_end), claim=claim, via="prep"))
    return out


def _aux_span(verb: Any) -> tuple[int, int]:
    auxes = [c for c in verb.children if c.dep_.startswith("aux") and verb.i - 4 < c.i < verb.i]
    start = auxes[0].idx if auxes else verb.idx
    return start, verb.idx + len(verb.text)


def _inside(tok: Any, sent: Any | None) -> bool:
    return sent is None or sent.start <= tok.i < sent.end


def subtree_in(tok: Any, sent: Any | None) -> list[Any]:
    """``tok.subtree`` clipped to the sentence (the whole-text parse sometimes crosses paragraphs)."""
    return [t for t in tok.subtree if _inside(t, sent)]


def _subject(verb: Any, sent: Any | None = None) -> Any | None:
    for c in verb.children:
        if c.dep_ == "nsubj" and _inside(c, sent):
            return c
    return None


def _complement(verb: Any, sent: Any | None = None) -> Any | None:
    for c in verb.children:
        if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX", "ADJ", "NOUN", "PROPN"} and _inside(c, sent):
            return c
    return None


def clause_span(tok: Any, text: str, sent: Any | None = None) -> tuple[int, int]:
    """The characters of a clause's subtree, without its leading "que"/"that" and edge punctuation."""
    toks = subtree_in(tok, sent)
    while toks and (toks[0].dep_ == "mark" and toks[0].lower_ in {"que", "qu'", "qu’", "that", "si", "whether"}
                    or toks[0].is_punct):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in {"»", "”", '"', ")"}:
        toks = toks[:-1]
    if not toks:
        return tok.idx, tok.idx + len(tok.text)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def verb_attributions(
    sent: Any, lang: str, classifier: SourceClassifier, *, exclude_lemmas: Iterable[str] = ()
) -> list[Attribution]:
    """ "X a affirmé que ...", "X said ...": a reporting verb, its subject and its complement clause."""
    verbs = cues.REPORTING_VERBS.get(lang, cues.REPORTING_VERBS["en"])
    skip = set(exclude_lemmas)
    out: list[Attribution] = []
    text = classifier.text
    for tok in sent:
        lemma = cues.lemma(tok)
        if tok.pos_ not in {"VERB", "AUX"} or lemma not in verbs or lemma in skip:
            continue
        comp = _complement(tok, sent)
        has_que = any(c.dep_ == "mark" for c in comp.children) if comp is not None else False
        if comp is None:
            continue
        if lang == "fr" and not has_que and comp.dep_ == "xcomp" and lemma not in cues.DENIAL_VERBS["fr"]:
            continue
        subj = _subject(tok, sent)
        if subj is None:
            continue
        cue = _aux_span(tok)
        if subj.pos_ == "PRON":
            low = subj.lower_
            if low in cues.CONTINUING_PRONOUNS:
                out.append(Attribution(source=SourceRef(subj.idx, subj.idx + len(subj.text), subj.text, "", "",
                                                        key="<pronoun>"),
                                       cue=cue, claim=clause_span(comp, text, sent), via="pronoun"))
            continue
        ref = classifier.from_tokens(subj, subtree_in(subj, sent))
        if ref is None:
            continue
        out.append(Attribution(source=ref, cue=cue, claim=clause_span(comp, text, sent), via="verb"))
    return out


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


def quote_speaker(
    sentences: Sequence[Any], quote: tuple[int, int], lang: str, classifier: SourceClassifier
) -> tuple[SourceRef | None, tuple[int, int] | None]:
    """The subject of the reporting verb next to a quote (outside it), and that verb's span."""
    verbs = cues.REPORTING_VERBS.get(lang, cues.REPORTING_VERBS["en"]) | {"dire", "say", "ajouter", "add",
                                                                         "expliquer", "explain", "lancer"}
    for sent in sentences:
        for tok in sent:
            if quote[0] - 1 <= tok.idx < quote[1] + 1:
                continue
            if tok.pos_ not in {"VERB", "AUX"} or cues.lemma(tok) not in verbs:
                continue
            subj = _subject(tok, sent)
            if subj is None or quote[0] <= subj.idx < quote[1]:
                continue
            if subj.pos_ == "PRON":
                if subj.lower_ in cues.CONTINUING_PRONOUNS:
                    return SourceRef(subj.idx, subj.idx + len(subj.text), subj.text, "", "", "<pronoun>"), _aux_span(tok)
                continue
            ref = classifier.from_tokens(subj, subtree_in(subj, sent))
            if ref is not None:
                return ref, _aux_span(tok)
    return None, None


def embed_signature(text: str, start: int, end: int) -> tuple[str, str, int, int] | None:
    """A tweet's "— Author (@handle) Date" line at the end of a paragraph: (author, handle, start, end)."""
    m = cues.EMBED_SIGNATURE.search(text, start, end)
    if not m or m.end() < end - 1:
        return None
    return m.group("author").strip(), m.group("handle"), m.start("author"), m.end("handle") + 1
