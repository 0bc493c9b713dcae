"""How sure the article says it is: hedges, the French conditional, admitted lack of confirmation, denials.

Every finder returns character spans into the article text, so that each status can be traced to the
words that justify it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from claimscope.analyzers import _cues as cues

Cue = tuple[int, int]
STATUS_ORDER = ("denied", "unconfirmed", "hedged", "attributed", "asserted")
_QUESTION_END = re.compile(r"\?\s*[»”\"')\]]*\s*$")


def is_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text))


def _regex_cues(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[Cue]:
    out: list[Cue] = []
    for m in pattern.finditer(text, start, end):
        a, b = m.span(1) if m.groups() else m.span()
        b = min(b, end)
        while b > a and text[b - 1] in " ,;.":
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _is_fr_conditional(tok: Any) -> bool:
    if "Cnd" in tok.morph.get("Mood"):
        return True
    low = tok.lower_
    lemma = cues.lemma(tok)
    for ending in ("aient", "ait", "ais"):
        if low.endswith(ending) and len(low) > len(ending) + 1:
            stem = low[: -len(ending)]
            if not stem.endswith("r"):
                return False
            if stem in cues.FR_FUTURE_STEMS or any(stem.endswith(s) for s in cues.FR_FUTURE_STEMS if len(s) > 3):
                return True
            if lemma.endswith(("er", "ir")) and stem == lemma:
                return True
            return lemma.endswith("re") and stem == lemma[:-1]
    return False


def conditional_cues(sent: Any) -> list[Cue]:
    """The French journalistic conditional ("aurait rencontré", "auraient été aperçus").

    Not in "si" hypotheticals, "au cas où", polite or first/second person forms ("je voudrais",
    "il faudrait"), nor the future-in-the-past of reported speech ("il a dit qu'il viendrait").
    """
    out: list[Cue] = []
    words = [t.lower_ for t in sent]
    has_si = any(t.lower_ in {"si", "s'", "s’"} and t.dep_ == "mark" for t in sent) or (
        "où" in words and any(a == "cas" and b == "où" for a, b in pairwise(words))
    )
    if has_si:
        return out
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or not _is_fr_conditional(tok):
            continue
        lemma = cues.lemma(tok)
        main = tok.head if tok.dep_.startswith("aux") else tok
        subj = next((c for c in main.children if c.dep_.startswith("nsubj")), None)
        person = subj.morph.get("Person") if subj is not None else []
        if lemma in cues.POLITE_LEMMAS or (person and person[0] in {"1", "2"}):
            continue
        compound = tok.dep_.startswith("aux")
        # "a déclaré que la réforme serait votée": a present conditional (active or passive) under a past
        # reporting verb is the future-in-the-past; "aurait été tué" (past conditional) stays a hedge
        passive = tok.dep_ == "aux:pass" and not any(c.dep_ == "aux:tense" and c.i < tok.i for c in main.children)
        if (not compound or passive) and _under_past_reporting(main):
            continue
        # "Gazprom affirme que le gazoduc pourrait être fermé": a possibility the source reports, not a hedge;
        # "pourrait avoir été tué" (a perfect infinitive) stays one
        inf = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and c.i > tok.i), None)
        perfect = inf is not None and any(
            c.dep_ in {"aux", "aux:tense"} and c.lower_ in {"avoir", "être"} and c.i < inf.i for c in inf.children
        )
        if lemma == "pouvoir" and inf is not None and not perfect and _under_past_reporting(tok, any_tense=True):
            continue
        if compound:
            auxes = [c for c in main.children if c.dep_.startswith("aux") and c.i < main.i]
            start = min([tok.idx] + [a.idx for a in auxes if a.i >= tok.i])
            out.append((start, main.idx + len(main.text)))
        else:
            out.append((tok.idx, tok.idx + len(tok.text)))
    merged: list[Cue] = []
    for a, b in sorted(set(out)):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _under_past_reporting(tok: Any, *, any_tense: bool = False) -> bool:
    verbs = cues.REPORTING_VERBS["fr"] | {"penser", "croire", "savoir", "promettre", "espérer"}
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        head = node.head
        faire_savoir = (
            cues.lemma(head) == "faire"
            and head.i + 1 < len(head.doc)
            and head.doc[head.i + 1].lower_
            in {
                "savoir",
                "état",
                "valoir",  # "faisant valoir que cela permettrait"
            }
        )
        if node.dep_ in {"ccomp", "xcomp"} and (cues.lemma(head) in verbs or faire_savoir):
            heads = [node.head, node.head.head]  # "a fait savoir que": the tense is on "fait"
            return any_tense or any(
                "Past" in h.morph.get("Tense")
                or "Imp" in h.morph.get("Tense")
                or any(c.dep_.startswith("aux") for c in h.children)
                for h in heads
            )
        node = node.head
    return False


# "X is (reliably) reported to have …", "who are now said to be …", "is believed to": the report is hearsay about
# X, no one named makes it; the claim is hedged and X is not its source
PASSIVE_HEARSAY = cues.PASSIVE_HEARSAY


def passive_hearsay(verb: Any) -> bool:
    """A passive reporting verb with an infinitive complement: "is reported to have screamed", "are said to be"."""
    if cues.lemma(verb) not in PASSIVE_HEARSAY or verb.pos_ not in {"VERB", "AUX"}:
        return False
    # "the minister, …, reliably reported to have resigned": a reduced passive relative (parsed "acl") counts too
    passive = verb.dep_ == "acl" or any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    return passive and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" and g.i < c.i for g in c.children) for c in verb.children
    )


def passive_hearsay_cues(sent: Any) -> list[Cue]:
    """Cue spans of :func:`passive_hearsay` verbs, the participle through its "to" ("reported literally to")."""
    out = []
    for tok in sent:
        if passive_hearsay(tok):
            to = min(g.i for c in tok.children if c.dep_ == "xcomp" for g in c.children if g.lower_ == "to")
            end = tok.doc[to]
            out.append((tok.idx, end.idx + len(end.text)))
    return out


def question_cue(sent: Any) -> Cue:
    """The words that make a sentence a question: "Pourquoi", "N'est-il pas étrange que", "How is it that"."""
    toks = [t for t in sent if not t.is_punct or t.text in {"-", "’", "'"}]
    for t in toks[:8]:
        if t.lower_ in {"que", "qu'", "qu’", "that", "si", "if"}:
            return toks[0].idx, t.idx + len(t.text)
    end = toks[0]
    for t in toks[1:4]:
        if t.pos_ in {"AUX", "VERB", "PRON", "ADV", "PART"} or t.lower_ in {"if", "si"} or t.text.startswith("-"):
            end = t
        else:
            break
    return toks[0].idx, end.idx + len(end.text)


def hedge_cues(text: str, start: int, end: int, lang: str) -> list[Cue]:
    return _regex_cues(cues.HEDGES.get(lang, cues.HEDGES["en"]), text, start, end)


def unconfirmed_cues(text: str, start: int, end: int, lang: str) -> list[Cue]:
    """Phrases by which the text says a claim is not confirmed; a reported negative is not one of them."""
    found = _regex_cues(cues.UNCONFIRMED.get(lang, cues.UNCONFIRMED["en"]), text, start, end)
    other = "en" if lang == "fr" else "fr"
    if not found:
        # articles quote across languages ("unverified" in a French text is rare, but cheap to allow)
        found = [c for c in _regex_cues(cues.UNCONFIRMED[other], text, start, end) if c[1] - c[0] > 10]
    return [c for c in found if not negative_finding(text, c, end)]


def negative_finding(text: str, cue: Cue, end: int) -> bool:
    """ "no evidence that P", "aucune preuve que P": the absence of evidence is the claim's own content
    (a reported or asserted negative), not a comment on another claim ("no evidence to support this claim",
    "aucune preuve ne vient étayer cette affirmation", "without providing evidence")."""
    m = cues.EVIDENCE_ABSENCE.match(text, cue[0], end)
    if m is None:
        return False
    tail = text[m.end() : end]
    if cues.BACK_REFERENCE_WORD.match(tail):
        return False  # "no evidence of this", "aucune preuve de cela"
    return bool(cues.PROPOSITION_START.match(tail))


def refers_back(text: str, start: int, end: int, lang: str) -> bool:
    return bool(cues.BACK_REFERENCE.get(lang, cues.BACK_REFERENCE["en"]).search(text, start, end))


CLAIM_NOUNS = frozenset(
    [
        "accusation",
        "accusations",
        "allegation",
        "allegations",
        "claim",
        "claims",
        "report",
        "reports",
        "information",
        "informations",
        "affirmation",
        "affirmations",
        "charge",
        "charges",
        "rumeur",
        "rumeurs",
        "rumour",
        "rumours",
        "rumor",
        "rumors",
        "allégation",
        "allégations",
        "rapport",
        "rapports",
        "article",
    ]
)


@dataclass
class Denial:
    cue: Cue
    denier: Any | None  # the subject token
    complement: Cue | None  # the denied clause in the same sentence, if any
    obj: Any | None = None  # the denied noun phrase ("toute implication dans ...", "these reports")
    obj_words: int = 0
    back: bool = False  # the object points back at an earlier claim, or there is none


def denial_cues(sent: Any, lang: str) -> list[Denial]:
    """ "a démenti", "nie avoir ...", "has denied that ...": the cue, who denies, and what, if stated."""
    lemmas = cues.DENIAL_VERBS.get(lang, cues.DENIAL_VERBS["en"])
    pattern = cues.DENIAL_PATTERNS.get(lang, cues.DENIAL_PATTERNS["en"])
    text = sent.doc.text
    out: list[Denial] = []
    spans = _regex_cues(pattern, text, sent.start_char, sent.end_char)
    for a, b in spans:
        verb = None
        for tok in sent:
            if a <= tok.idx < b and cues.lemma(tok) in lemmas and tok.pos_ in {"VERB", "NOUN", "AUX"}:
                verb = tok
        if verb is None:
            for tok in sent:
                if a <= tok.idx < b and tok.pos_ in {"VERB", "NOUN"}:
                    verb = tok
        if verb is None:
            # the parser missed the verb ("Le groupe X dément avoir ...", "Le ministre dément."): use the text
            after = [t for t in sent if t.idx >= b and not t.is_punct]
            root = next((t for t in sent if t.dep_ == "ROOT"), None)
            subj = next(
                (c for c in (root.children if root is not None else ()) if c.dep_ == "nsubj" and c.idx < a), None
            )
            if subj is None:
                subj = next((t for t in sent if t.idx < a and t.pos_ in {"NOUN", "PROPN"}), None)
            if len(after) >= 3:
                comp_span = (after[0].idx, after[-1].idx + len(after[-1].text))
                out.append(Denial(cue=(a, b), denier=subj, complement=comp_span))
            else:
                out.append(Denial(cue=(a, b), denier=subj, complement=None, back=True))
            continue
        # "rejette/dismiss" only deny when their object is a claim-like noun or a clause
        if cues.lemma(verb) in {"rejeter", "reject", "dismiss", "contester", "dispute"}:
            objs = [c for c in verb.children if c.dep_ in {"obj", "dobj", "ccomp", "xcomp"}]
            nxt = sent.doc[verb.i + 1] if verb.i + 1 < sent.end else None
            if (not objs and nxt is not None and cues.lemma(nxt) in CLAIM_NOUNS | {"accusation", "allegation"}) or (
                nxt is not None and nxt.lower_ in CLAIM_NOUNS
            ):
                # the parser took the object for a verb ("rejects accusations that ..."): read the words
                after = [t for t in sent if t.i > verb.i and not t.is_punct]
                subj = next((t for t in sent if t.i < verb.i and t.pos_ in {"NOUN", "PROPN"}), None)
                out.append(
                    Denial(
                        cue=(a, b), denier=subj, complement=None, obj=nxt, obj_words=len(after), back=len(after) <= 3
                    )
                )
                continue
            if not objs or not any(
                cues.BACK_REFERENCE[lang].search(text, o.left_edge.idx, o.right_edge.idx + len(o.right_edge.text))
                or o.dep_ in {"ccomp", "xcomp"}
                or cues.lemma(o) in CLAIM_NOUNS
                or _any_object(o)
                or (o.lower_ in {"que", "qu'", "qu’", "which"} and "Rel" in o.morph.get("PronType"))
                for o in objs
            ):
                continue
        if _not_a_denial(verb, lang):
            continue
        inside = range(sent.start, sent.end)
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i in inside), None)
        if subj is None and verb.dep_ == "conj" and verb.head.i in inside and verb.head.dep_ == "ROOT":
            # "Ellison was in a relationship with her, but has denied the allegations": the first verb's subject
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i in inside), None)
        comp_tok = next(
            (c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"} and c.i in inside),
            None,
        )
        comp: Cue | None = None
        if comp_tok is not None:
            from claimscope.analyzers._attribution import clause_span

            comp = clause_span(comp_tok, text, sent)
        obj = next((c for c in verb.children if c.dep_ in {"obj", "dobj"} and c.i in inside), None)
        obj_words = 0
        back = False
        if obj is not None:
            toks = [t for t in obj.subtree if t.i in inside and not t.is_punct]
            obj_words = len(toks)
            o0, o1 = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            back = bool(cues.BACK_REFERENCE[lang].search(text, o0, o1)) and obj_words <= 4
            # "a rejeté toute responsabilité, accusant ...": rejects any part in what was said before
            back = back or (_any_object(obj) and cues.lemma(obj) not in CLAIM_NOUNS)
        elif comp is None:
            back = True
        out.append(Denial(cue=(a, b), denier=subj, complement=comp, obj=obj, obj_words=obj_words, back=back))
    return out


def _not_a_denial(verb: Any, lang: str) -> bool:
    """ "Her freedom of expression was denied", "bail was denied": a refusal, not the denial of a claim (the passive
    subject is no claim); "a modernization that denies mankind the Truth": a thing does not deny claims."""
    from claimscope.analyzers._attribution import speaker_like

    if verb.pos_ != "VERB":
        return False
    passive = any(c.dep_ in {"auxpass", "aux:pass"} for c in verb.children)
    psubj = next((c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj:pass"}), None)
    if passive and psubj is not None and psubj.pos_ in {"NOUN", "PROPN"} and cues.lemma(psubj) not in CLAIM_NOUNS:
        return psubj.lower_ not in CLAIM_NOUNS
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and "Rel" in subj.morph.get("PronType") and verb.dep_ in {"relcl", "acl:relcl"}:
        antecedent = verb.head
        return antecedent.pos_ == "NOUN" and not speaker_like(antecedent, lang)
    return False


def _any_object(obj: Any) -> bool:
    """ "conteste toute intervention", "a rejeté toute responsabilité", "rejects any wrongdoing": a universal
    determiner on the object of a rejecting verb makes it a denial of what the object names."""
    return any(
        c.dep_ in {"det", "amod"} and c.lower_ in {"tout", "toute", "tous", "toutes", "any"} for c in obj.children
    )


def strongest(statuses: Sequence[str]) -> str:
    for s in STATUS_ORDER:
        if s in statuses:
            return s
    return "asserted"
