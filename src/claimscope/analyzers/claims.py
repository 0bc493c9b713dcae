"""Sources, check-worthy claims and their evidential status (layers ``sources`` and ``claims``).

French and English are first-class: cue lexicons live in ``_cues.py``, attribution in
``_attribution.py``, status cues in ``_status.py`` and the check-worthiness model in
``_checkworthy.py``. Status, strongest first: denied > unconfirmed > hedged > attributed > asserted,
plus questioned for claims put as a question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from claimscope.analyzers import _checkworthy as cw
from claimscope.analyzers import _cues as cues
from claimscope.analyzers import _status as st
from claimscope.analyzers._attribution import (
    OUTLET_SHAPE,
    Attribution,
    SourceClassifier,
    SourceRef,
    embed_signature,
    normalize_key,
    post_intro_attributions,
    prep_attributions,
    qualified_by_attributions,
    quote_outlets,
    quote_spans,
    quote_speaker,
    speaker_like,
    subtree_in,
    verb_attributions,
)
from claimscope.analyzers.base import AnalyzerInfo
from claimscope.model import Analysis, Annotation, Span

ANALYZER = "claims.v1"


@dataclass
class _Sentence:
    id: str
    paragraph: str
    start: int
    end: int
    span: Any  # spaCy Span
    attributions: list[Attribution] = field(default_factory=list)
    claim: tuple[int, int] | None = None
    meta: bool = False  # the sentence only comments on another claim (a status cue sentence)
    skip: bool = False  # boilerplate, signature lines, fragments
    hedges: list[tuple[int, int]] = field(default_factory=list)
    unconfirmed: list[tuple[int, int]] = field(default_factory=list)
    denied: list[tuple[int, int]] = field(default_factory=list)
    denial_back: list[tuple[int, int]] = field(default_factory=list)
    question: bool = False
    score: float = 0.0
    context_cues: list[tuple[int, int]] = field(default_factory=list)  # "In a post on X", "Pourquoi", ...


class _Sources:
    """Source objects keyed by their normalised name (or entity), with all their mentions."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, Any]] = {}
        self.items: list[dict[str, Any]] = []

    def add(self, ref: SourceRef) -> str:
        item = self.by_key.get(ref.key) or self._same_person(ref)
        if item is None:
            item = {
                "id": f"src{len(self.items)}",
                "name": ref.name,
                "kind": ref.kind,
                "entity": ref.entity,
                "mentions": [],
                "_spans": set(),
                "_key": ref.key,
            }
            self.items.append(item)
        self.by_key[ref.key] = item
        if ref.end > ref.start and (ref.start, ref.end) not in item["_spans"]:
            item["_spans"].add((ref.start, ref.end))
            item["mentions"].append({"start": ref.start, "end": ref.end, "text": ref.text})
        return str(item["id"])

    def get(self, key: str) -> dict[str, Any] | None:
        return self.by_key.get(key)

    def _same_person(self, ref: SourceRef) -> dict[str, Any] | None:
        """ "Franken" or "M. Solovyov" after "Sen. Al Franken" or "l'animateur Vladimir Solovyov": the same
        surname, with no different first name, names the person already cited."""
        if ref.key.startswith("entity:") or ref.kind not in {"named_person", "named_organization"}:
            return None
        first, last = _person_name(ref.name)
        if not last:
            return None
        for item in self.items:
            if item["kind"] != "named_person" and ref.kind != "named_person":
                continue
            other_first, other_last = _person_name(str(item["name"]))
            if other_last != last or (first and other_first and first != other_first):
                continue
            if ref.kind == "named_person" and len(first) > len(other_first):
                item["name"], item["kind"] = ref.name, "named_person"
            return item
        return None


class ClaimsAnalyzer:
    """Finds sources and check-worthy claims and gives each claim its evidential status."""

    info: ClassVar[AnalyzerInfo] = AnalyzerInfo(
        name=ANALYZER,
        provides=("sources", "claims"),
        requires=(),
        description="Sources, check-worthy claims and evidential status (French and English).",
    )

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        use_model: bool = True,
        model_dir: str | None = None,
        carry_over: int = 4,
    ) -> None:
        self.threshold = threshold
        self.use_model = use_model
        self.model_dir = model_dir or str(cw.MODEL_DIR)
        self.carry_over = carry_over

    # -- orchestration -----------------------------------------------------------------------------

    def __call__(self, result: Analysis) -> Mapping[str, Sequence[Annotation]]:
        """Sources and claims of one article.

        1. per paragraph: embedded-post source, quotes and their speakers;
        2. per sentence: attribution cues (prepositional, reporting verb, quote), carry-over;
        3. per sentence: hedges, conditional, lack of confirmation, denials, questions;
        4. back-references ("cette affirmation") move a status cue onto the claims it points at;
        5. check-worthiness (model + rules) decides which sentences are claims;
        6. build the ``sources`` and ``claims`` annotations, linked to the ``entities`` layer.
        """
        parsed = result.parsed
        if parsed is None or parsed.doc is None:
            from claimscope.nlp import parse_article

            parsed = parse_article(result.article)
        doc = _paragraph_safe(parsed.doc, result.article.paragraphs, parsed.language)
        text = result.text
        lang = "fr" if parsed.language == "fr" else "en"
        entities = [dict(a.data) for a in result.layer("entities")]
        classifier = SourceClassifier(lang, text, doc, entities)
        sources = _Sources()
        sentences = self._sentences(result, parsed, doc)
        by_para: dict[str, list[_Sentence]] = {}
        for s in sentences:
            by_para.setdefault(s.paragraph, []).append(s)

        state: dict[str, Attribution | None] = {"speaker": None}
        for para in result.article.paragraphs:
            group = by_para.get(para.id, [])
            if group:
                self._attribute_paragraph(result, para, group, lang, classifier, state)
        for s in sentences:
            if not s.skip:
                self._status_cues(s, lang, text, classifier, sentences)
        self._apply_back_references(sentences, lang, text)
        self._score(sentences, lang, text, entities)
        return self._annotations(sentences, sources, entities, text)

    def _sentences(self, result: Analysis, parsed: Any, doc: Any) -> list[_Sentence]:
        out = []
        text = result.text
        furniture = _related_paragraphs(result.article)
        for s in parsed.sentences:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is None:
                continue
            item = _Sentence(s.id, s.paragraph, s.start, s.end, span)
            body = text[s.start : s.end]
            if (
                cues.BOILERPLATE.search(body)
                or cues.NON_CLAIM.search(body)
                or len(body.split()) < 3
                or s.paragraph in furniture
            ):
                item.skip = True
            out.append(item)
        return out

    # -- attribution ---------------------------------------------------------------------------------

    def _attribute_paragraph(
        self,
        result: Analysis,
        para: Any,
        group: list[_Sentence],
        lang: str,
        classifier: SourceClassifier,
        state: dict[str, Attribution | None],
    ) -> None:
        """Attribution for one paragraph; ``state["speaker"]`` carries the last speaker to the next paragraph
        (for "he said" and for a quotation that runs on over several paragraphs)."""
        text = result.text
        previous_speaker = state["speaker"]
        state["speaker"] = None
        embed_ref = self._embed_source(result, para, group)
        quotes = quote_spans(text, para.start, para.end)
        speakers: dict[tuple[int, int], tuple[SourceRef, tuple[int, int]]] = {}
        outlets: dict[tuple[int, int], list[SourceRef]] = {}
        for q in quotes:
            near = [s.span for s in group if s.start <= q[1] and q[0] - 1 <= s.end]
            nxt = [s.span for s in group if s.start > q[1]][:1]
            ref, verb = quote_speaker(near + nxt, q, lang, classifier)
            if ref is not None and verb is not None:
                speakers[q] = (ref, verb)
                outlets[q] = [o for o in quote_outlets(near + nxt, q, lang, classifier) if o.key != ref.key]
        body_text = text[para.start : para.end].lstrip()
        if previous_speaker is not None and body_text[:1] in {"«", "“", '"'}:
            # a quotation that continues from the previous paragraph: no speaker of its own
            opening = para.start + (len(text[para.start : para.end]) - len(body_text))
            own = [q for q in quotes if q[0] == opening + 1]
            if not own or own[0] not in speakers:
                span = own[0] if own else (opening + 1, para.end)
                speakers[span] = (previous_speaker.source, previous_speaker.cue)

        last: Attribution | None = None
        last_span: Any = None
        carried = 0
        previous_subject: SourceRef | None = None
        interviewers: list[Attribution] = []
        reporters: list[SourceRef] = []
        for s in group:
            if s.skip:
                continue
            prep = prep_attributions(s.span, lang, classifier)
            # "Interrogé par Ouest-France, le maire a affirmé ...": the speaker first, the outlet after
            outlet_only = [a for a in prep if cues.OUTLET_ONLY_CUES.search(text[a.cue[0] : a.cue[1]])]
            attrs = [a for a in prep if a not in outlet_only]
            verbs = verb_attributions(s.span, lang, classifier, exclude_lemmas=cues.DENIAL_VERBS[lang])
            attrs += _outermost(verbs)
            known = {a.source.key for a in attrs}
            attrs += [a for a in qualified_by_attributions(s.span, lang, classifier) if a.source.key not in known]
            if not attrs:
                attrs += post_intro_attributions(s.span, lang, classifier)
            attrs += outlet_only
            for q, (ref, verb) in speakers.items():
                a, b = max(q[0], s.start), min(q[1], s.end)
                if b - a > 3 and len(text[a:b].split()) >= 3:
                    attrs.append(Attribution(source=ref, cue=verb, claim=(a, b), via="quote"))
                    known = {x.source.key for x in attrs}
                    attrs += [
                        Attribution(source=o, cue=verb, claim=(a, b), via="quote")
                        for o in outlets.get(q, [])
                        if o.key not in known
                    ]
            if last is None and previous_subject is not None and any(a.source.key == "<pronoun>" for a in attrs):
                last = Attribution(source=previous_subject, cue=(0, 0), claim=None, via="verb")
                # "Interrogé par Ouest-France, le maire a ... « ... », affirme-t-il": the outlet he spoke to too
                attrs += [a for a in interviewers if a.source.key not in {b.source.key for b in attrs}]
            if (
                last is not None
                and last.source.kind in {"named_outlet", "document"}
                and previous_subject is not None
                and previous_subject.kind == "named_person"
                and previous_subject.key != last.source.key
                and any(a.source.key == "<pronoun>" and _pronoun(a.source.text) in _PERSON_PRONOUNS for a in attrs)
            ):
                # "According to Bloomberg, Powell isn't interested. She says ...": "she" is the person the report
                # was about, not the outlet
                last = Attribution(source=previous_subject, cue=(0, 0), claim=None, via="verb")
            if last is None and previous_speaker is None:
                attrs = [self._own_subject(s, a, classifier, text) for a in attrs]
            if any(a.source.key == "<pronoun>" for a in attrs):
                # "Macer Gifford ... lance un crowdfunding pour des fournitures qui, selon lui, ...": the sentence's
                # own subject, when it comes before the pronoun
                own = self._root_subject(s, classifier)
                pron = min(a.source.start for a in attrs if a.source.key == "<pronoun>")
                # "Patel agreed ..., but two days later he told the State Department": the pronoun's own sentence
                # names its antecedent before it
                if (
                    own is not None
                    and own.end <= pron
                    and (
                        own.kind == "named_person"
                        or (own.kind == "named_organization" and last is None and previous_speaker is None)
                    )
                ):
                    last = Attribution(source=own, cue=(0, 0), claim=None, via="verb")
            attrs = self._resolve_pronouns(attrs, last or previous_speaker)
            previous_subject = self._root_subject(s, classifier)
            body = text[s.start : s.end]
            if embed_ref is not None:
                # in an embedded post its author speaks, about the whole sentence; sources it cites come after
                attrs = [
                    Attribution(source=embed_ref, cue=(embed_ref.start, embed_ref.end), claim=None, via="embed"),
                    *(
                        Attribution(source=a.source, cue=a.cue, claim=None, via=a.via)
                        for a in attrs
                        if a.via != "verb" or a.claim is not None
                    ),
                ]
            if attrs:
                s.attributions = attrs
                reporters = [a.source for a in attrs if a.via != "carry"]
                last_span = s.span
                # the outlet that interviewed someone is not who "il"/"he" in the next sentence is
                last = next(
                    (a for a in attrs if a.via in {"prep", "verb", "pronoun", "quote"} and a not in outlet_only), last
                )
                interviewers = outlet_only
                if last is not None and last.via != "carry":
                    state["speaker"] = last
                carried = 0
                continue
            own_subject = self._root_subject(s, classifier)
            breaks = (
                # "…, the World Health Organization has warned. The WHO, however, stopped short of declaring …": the
                # source is now what the article tells about, not who speaks
                (own_subject is not None and any(_same_source(own_subject, r) for r in reporters))
                or cues.AUTHORIAL[lang].search(body)
                or st.is_question(body)
                or any(t.lower_ in cues.FIRST_PERSON for t in s.span if t.dep_.startswith("nsubj"))
                or self._mentions_known_source(s, classifier)
                or (
                    lang == "en"
                    and last_span is not None
                    and body.lstrip()[:1] not in {"“", '"', "‘", "'"}  # direct speech goes on in the present
                    and _present_after_past(last_span, s.span)
                )
            )
            if last is not None and not breaks and carried < self.carry_over and last.via in {"prep", "verb"}:
                s.attributions = [Attribution(source=last.source, cue=last.cue, claim=None, via="carry")]
                carried += 1
            else:
                last = None

    @staticmethod
    def _root_subject(s: _Sentence, classifier: SourceClassifier) -> SourceRef | None:
        """The subject of the sentence's main verb, for a pronoun in the next sentence ("affirme-t-il")."""
        root = next((t for t in s.span if t.dep_ == "ROOT"), None)
        subj = None if root is None else next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"}:
            return None
        ref = classifier.from_tokens(subj, subtree_in(subj, s.span))
        return ref if ref is not None and ref.kind != "document" else None

    @staticmethod
    def _own_subject(s: _Sentence, a: Attribution, classifier: SourceClassifier, text: str) -> Attribution:
        """ "The gas giant has lowered pressure ..., it said": with no speaker before, the pronoun of a reporting
        verb after its clause is that clause's subject, when that can speak."""
        if a.source.key != "<pronoun>" or a.claim is None or a.claim[1] > a.cue[0]:
            return a
        for tok in s.span:
            if not (a.claim[0] <= tok.idx < a.claim[1]) or not tok.dep_.startswith("nsubj"):
                continue
            if tok.pos_ not in {"NOUN", "PROPN"} or tok.head.dep_ not in {"ccomp", "ROOT", "parataxis"}:
                continue
            if not speaker_like(tok, classifier.lang):
                continue
            ref = classifier.from_tokens(tok, subtree_in(tok, s.span))
            if ref is None or ref.kind == "document":
                return a
            # "“… we had TikTok working with us,” she said": "she" is a person, and no one inside a quotation
            quoted = text[a.claim[0] : a.claim[0] + 1] in QUOTE_OPENERS or text[s.start : s.start + 1] in QUOTE_OPENERS
            if quoted or (_pronoun(a.source.text) in _PERSON_PRONOUNS and ref.kind != "named_person"):
                return a
            if cues.SOCIAL.search(text, s.start, s.end) and ref.kind in {"named_person", "named_organization"}:
                ref.kind = "embedded_post"
            return Attribution(source=ref, cue=a.cue, claim=a.claim, via="verb")
        return a

    @staticmethod
    def _resolve_pronouns(attrs: list[Attribution], last: Attribution | None) -> list[Attribution]:
        out = []
        for a in attrs:
            if a.source.key == "<pronoun>":
                if last is None:
                    # "“…,” she said" with no one named before: reported speech all the same, of a speaker the
                    # passage does not name (no source is listed)
                    pron = _pronoun(a.source.text)
                    if pron in _UNRESOLVED_PRONOUNS and a.via in {"verb", "quote", "pronoun"}:
                        out.append(Attribution(source=a.source, cue=a.cue, claim=a.claim, via="unresolved"))
                    continue
                ref = last.source
                if a.source.text.lower() in {"he", "she"} and ref.kind == "named_organization" and _one_name(ref.name):
                    ref.kind = "named_person"  # "Trump ... He claimed": the name is a person's
                a = Attribution(source=ref, cue=a.cue, claim=a.claim, via="pronoun")
            out.append(a)
        return out

    @staticmethod
    def _mentions_known_source(s: _Sentence, classifier: SourceClassifier) -> bool:
        """A sentence that names a medium breaks carry-over ("Les détails ont été publiés sur le site X")."""
        heads = cues.OUTLET_HEADS["fr"] | cues.OUTLET_HEADS["en"] | cues.DOCUMENT_HEADS["fr"]
        for tok in s.span:
            if tok.pos_ == "NOUN" and cues.lemma(tok) in heads:
                return True
            if tok.pos_ == "PROPN" and normalize_key(tok.text) in (classifier.outlets | cues.KNOWN_OUTLETS):
                return True
            if tok.pos_ == "PROPN" and OUTLET_SHAPE.match(tok.text):
                return True  # "TheDCNF had not told anyone": the article's outlet speaks, the report is over
        return False

    def _embed_source(self, result: Analysis, para: Any, group: list[_Sentence]) -> SourceRef | None:
        text = result.text
        if para.kind == "embed":
            embed = next((e for e in result.article.embeds if e.paragraph == para.id), None)
            name = (embed.author or embed.handle) if embed else None
            if name:
                pos = text.find(name, para.start, para.end)
                start, end = (pos, pos + len(name)) if pos >= 0 else (para.start, para.start)
                return SourceRef(start, end, text[start:end], name, "embedded_post", normalize_key(name))
        sig = embed_signature(text, para.start, para.end)
        if sig is None:
            return None
        author, handle, start, end = sig
        for s in group:
            if s.end > start and s.start >= start - 3:
                s.skip = True
            elif s.end > start:
                s.end = start
                while s.end > s.start and text[s.end - 1] in " —–-\n":
                    s.end -= 1
        return SourceRef(start, end, text[start:end], f"{author} ({handle})", "embedded_post", normalize_key(handle))

    # -- status ---------------------------------------------------------------------------------------

    @staticmethod
    def _has_previous_claim(s: _Sentence, sentences: list[_Sentence]) -> bool:
        """Whether a sentence before ``s`` in its paragraph can be the target of a denial."""
        return any(p.paragraph == s.paragraph and p.end <= s.start and not p.skip for p in sentences)

    def _status_cues(
        self, s: _Sentence, lang: str, text: str, classifier: SourceClassifier, sentences: list[_Sentence]
    ) -> None:
        s.hedges = st.hedge_cues(text, s.start, s.end, lang)
        if lang == "fr":
            s.hedges = sorted(set(s.hedges) | set(st.conditional_cues(s.span)))
        else:
            s.hedges = sorted(
                set(s.hedges)
                | {c for c in st.passive_hearsay_cues(s.span) if not any(h[0] < c[1] and c[0] < h[1] for h in s.hedges)}
            )
        s.hedges = [h for h in s.hedges if not _in_concession(s.span, h)]
        s.unconfirmed = st.unconfirmed_cues(text, s.start, s.end, lang)
        s.question = st.is_question(text[s.start : s.end])
        if s.question:
            s.context_cues.append(st.question_cue(s.span))
        for pattern in (cues.ANONYMITY_PHRASE, cues.SOCIAL_INTRO):
            for m in pattern.finditer(text, s.start, s.end):
                s.context_cues.append(m.span(1) if m.groups() else m.span())
        for d in st.denial_cues(s.span, lang):
            # a denier is the source of its own denial ("X denied that P"), not of a claim it says is someone
            # else's ("ce que le président du club a démenti", "rejects claims by South Korea that ...")
            report = self._denied_report_source(d.obj, s.span, classifier)
            others = d.obj is not None and (
                d.obj.lower_ in {"que", "qu'", "qu’"} or (report is not None and report.kind != "unnamed")
            )
            if d.complement is not None:
                # "dément les informations de L'Équipe selon lesquelles ...": the claimant is named inside
                others = others or any(
                    d.complement[0] <= a.cue[0] < d.complement[1] for a in s.attributions if a.via == "prep"
                )
            claimants = [a for a in s.attributions if a.via != "carry"] if others else []
            # the parser took the denial verb for a noun of a reporting verb's subject ("Pyongyang rejects claims")
            s.attributions = [
                a for a in s.attributions if not (a.via == "verb" and a.source.start <= d.cue[0] < a.source.end)
            ]
            denier = None
            if d.denier is not None and d.denier.pos_ != "PRON":
                toks = [t for t in subtree_in(d.denier, s.span) if t.idx < d.cue[0]] or [d.denier]
                denier = classifier.from_tokens(d.denier, toks)
            if d.complement is not None and not self._has_previous_claim(s, sentences):
                s.claim = d.complement
                s.denied.append(d.cue)
                if denier is not None and not claimants:
                    s.attributions.append(Attribution(source=denier, cue=d.cue, claim=d.complement, via="verb"))
            elif d.back or d.obj_words <= 3 or d.complement is not None:
                s.denial_back.append(d.cue)
                if denier is not None and not claimants:
                    s.attributions.append(Attribution(source=denier, cue=d.cue, claim=None, via="verb"))
            else:
                s.denied.append(d.cue)
                ref = report or (None if claimants else denier)
                if ref is not None and not any(a.source.key == ref.key for a in s.attributions):
                    s.attributions.append(Attribution(source=ref, cue=d.cue, claim=None, via="verb"))
        claim = next((a.claim for a in s.attributions if a.claim is not None), None)
        if s.claim is None:
            s.claim = claim or (s.start, s.end)
        a, b = max(s.claim[0], s.start), min(s.claim[1], s.end)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        s.claim = (a, b) if len(text[a:b].split()) >= 3 else (s.start, s.end)

    @staticmethod
    def _denied_report_source(obj: Any, sent: Any, classifier: SourceClassifier) -> SourceRef | None:
        """ "denied a report that ...", "rejette les accusations de Séoul": the report or its author is the source."""
        if obj is None:
            return None
        lemma = cues.lemma(obj)
        if lemma not in {
            "report",
            "reports",
            "rapport",
            "rapports",
            "claim",
            "claims",
            "article",
            "allegation",
            "allegations",
            "affirmation",
            "affirmations",
            "information",
            "informations",
        }:
            return None
        for c in obj.children:
            if c.dep_ in {"prep", "nmod"} and c.i in range(sent.start, sent.end):
                inner = c if c.dep_ == "nmod" else next((x for x in c.children if x.dep_ == "pobj"), None)
                by_whom = inner is not None and c.lower_ in {"by", "from", "de", "du", "des", inner.lower_}
                if by_whom and inner is not None and (inner.pos_ == "PROPN" or inner.text[:1].isupper()):
                    return classifier.from_tokens(inner, subtree_in(inner, sent))
        if lemma in {"report", "reports", "rapport", "rapports", "article"}:
            toks = [t for t in obj.subtree if t.i in range(sent.start, sent.end)]
            toks = [t for t in toks if t.dep_ not in {"acl", "relcl", "mark"} or t.i == obj.i]
            core = [t for t in toks if t.i <= obj.i + 1] or [obj]
            return classifier.from_tokens(obj, core)
        return None

    def _apply_back_references(self, sentences: list[_Sentence], lang: str, text: str) -> None:
        """A status cue sentence that points back ("cette affirmation", "X a démenti") marks the claims before it."""
        for i, s in enumerate(sentences):
            if s.skip or not (s.unconfirmed or s.denial_back):
                continue
            prev = [p for p in sentences[:i] if not p.skip and not p.meta]
            if s.denial_back:
                same = [p for p in prev if p.paragraph == s.paragraph]
                if not same:
                    s.denied += s.denial_back
                else:
                    targets = [prev[-1]]
                    if _plural_back(text, s.start, s.end):
                        # "deny the allegations": every earlier claim of the paragraph from the same source
                        keys = {a.source.key for a in prev[-1].attributions}
                        targets += [p for p in same[:-1] if keys & {a.source.key for a in p.attributions}]
                    for t in targets:
                        t.denied = t.denied + s.denial_back
                    other = [
                        a
                        for a in s.attributions
                        if (a.claim is not None or a.via == "verb") and a.cue not in s.denial_back
                    ]
                    if not other:
                        s.meta = True
            if not s.unconfirmed:
                continue
            own_words = _words_outside(text, s.start, s.end, s.unconfirmed)
            back = st.refers_back(text, s.start, s.end, lang)
            if not back and own_words > 6:
                continue
            if not prev:
                continue
            targets = [prev[-1]]
            if back and _plural_back(text, s.start, s.end):
                keys = {a.source.key for a in prev[-1].attributions}
                targets += [
                    p
                    for p in prev[:-1]
                    if p.paragraph == s.paragraph and keys and keys & {a.source.key for a in p.attributions}
                ]
            for t in targets:
                t.unconfirmed = t.unconfirmed + s.unconfirmed
            if own_words <= 8 or back:
                s.meta = True

    # -- check-worthiness ------------------------------------------------------------------------------

    def _score(self, sentences: list[_Sentence], lang: str, text: str, entities: list[dict[str, Any]]) -> None:
        todo = [s for s in sentences if not s.skip and not s.meta]
        clauses = [text[s.claim[0] : s.claim[1]] if s.claim else text[s.start : s.end] for s in todo]
        probs = cw.score_texts(clauses, directory=self.model_dir) if self.use_model else None
        head = cw.load_head(self.model_dir) if self.use_model else None
        threshold = head.threshold if head is not None else 0.5
        for i, s in enumerate(todo):
            body = text[s.start : s.end]
            n_ents = sum(
                1
                for e in s.span.ents
                if s.claim
                and s.claim[0] <= e.start_char < s.claim[1]
                and e.label_ not in {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
            )
            delta, _ = cw.rule_adjustment(body, lang, n_entities=n_ents)
            known = [a for a in s.attributions if a.via != "unresolved"]
            if known or s.hedges or s.unconfirmed or s.denied or s.denial_back:
                delta += 0.15
            if any(a.via in {"verb", "quote"} and a.source.key != "<pronoun>" for a in s.attributions):
                delta += 0.1  # what a named speaker said or wrote is a claim (guideline: "what someone said")
            if _states_fact(s.span):
                delta += 0.1
            if _vague_quote(s, text):
                delta -= 0.3  # "“Things are starting to go in the right direction,” Saucier said.": a view, no fact
            if cues.EXHORTATION[lang].search(body) or cues.OPINION[lang].search(body):
                delta -= 0.2
            if _scorns(body, lang):
                delta -= 0.2  # "Vu d'Europe, Trump était aussi ridicule qu'effrayant", "… est absurde"
            if cues.SPEAKER_WISH[lang].search(body):
                delta -= 0.3  # "I want to increase spending", "“I felt that it was my duty …,” X said": a wish
            if lang == "en" and _obligation(s.span):
                delta -= 0.25  # "Attorney General Barr must release the full report", "Any foreign fighters need to go"
            if _in_whose_view(s.span, body):
                delta -= 0.4  # "Pour Marian Tupy, Macron commet une erreur", "For Sofia Jao, problems resided …"
            hypothetical_question = s.question and _conditional_question(s.span)
            if hypothetical_question:
                delta -= 0.25  # "Wouldn't the President be making …?", "Serions-nous là, devant une guerre … ?"
            if _hypothetical(s.span) or _bare_fragment(s.span, body):
                delta -= 0.25  # "Si elle fait cette erreur, elle va perdre"; "Peur d'avoir une réelle opposition"
            if _announces_quote(s.span, body):
                delta -= 0.5  # "Selon Marco Cavaleri, responsable ... auprès de l'Agence :" (the claim follows)
            if EMPTY_QUE.search(body):
                delta -= 1.0  # "Biden a déclaré avec insistance que :": the whole report is in the next sentence
            if s.question and not hypothetical_question and _question_carries_claim(s.span, body):
                delta += 0.4  # a question is not asserted, but may still carry a claim (status "questioned")
            prob = float(probs[i]) if probs is not None else None
            model = cw.combine(prob, 0.0, threshold=threshold)
            # the debate-trained model is one signal among several: news sentences that state facts in
            # the third person are claims even when they look nothing like a debate's check-worthy lines
            s.score = float(min(1.0, max(0.0, 0.3 + 0.4 * model + delta)))

    # -- output ----------------------------------------------------------------------------------------

    def _annotations(
        self, sentences: list[_Sentence], sources: _Sources, entities: list[dict[str, Any]], text: str
    ) -> Mapping[str, Sequence[Annotation]]:
        claims: list[Annotation] = []
        for s in sentences:
            for a in s.attributions:
                if a.via != "unresolved":
                    sources.add(a.source)
        for s in sentences:
            if s.skip or s.meta or s.claim is None or s.score < self.threshold:
                continue
            src_ids: list[str] = []
            for a in s.attributions:
                if a.via == "unresolved":
                    continue
                sid = sources.add(a.source)
                if sid not in src_ids:
                    src_ids.append(sid)
            status, cue_spans, explanation = self._status(s, sources, text)
            start, end = s.claim
            ent_ids = _entities_in(entities, start, end)
            data = {
                "id": f"c{len(claims)}",
                "sentence": s.id,
                "text": text[start:end],
                "checkworthiness": round(s.score, 4),
                "sources": src_ids,
                "status": status,
                "status_cues": [{"start": a, "end": b, "text": text[a:b]} for a, b in cue_spans],
                "entities": ent_ids,
                "explanation": explanation,
            }
            claims.append(
                Annotation(
                    label=status,
                    span=Span(start, end),
                    score=s.score,
                    analyzer=ANALYZER,
                    evidence=tuple(Span(a, b) for a, b in cue_spans),
                    data=data,
                )
            )
        source_anns = []
        for item in sources.items:
            self._add_text_mentions(item, text, entities)
            first = item["mentions"][0] if item["mentions"] else None
            data = {k: v for k, v in item.items() if not k.startswith("_")}
            data["explanation"] = _KIND_TEXT.get(str(item["kind"]), "").format(name=item["name"])
            source_anns.append(
                Annotation(
                    label=str(item["kind"]),
                    span=Span(first["start"], first["end"]) if first else None,
                    analyzer=ANALYZER,
                    data=data,
                )
            )
        return {"sources": source_anns, "claims": claims}

    @staticmethod
    def _add_text_mentions(item: dict[str, Any], text: str, entities: list[dict[str, Any]]) -> None:
        """All the places a named source appears, not only where it is cited."""
        spans: set[tuple[int, int]] = item["_spans"]
        extra: list[tuple[int, int]] = []
        if item.get("entity"):
            for ent in entities:
                if ent.get("id") == item["entity"]:
                    extra += [(int(m["start"]), int(m["end"])) for m in ent.get("mentions") or ()]
        elif item["kind"] in {"named_outlet", "named_person", "named_organization"} and len(item["name"]) > 2:
            import re

            names = {str(item["name"])}
            words = str(item["name"]).split()
            if item["kind"] == "named_person" and len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) > 2:
                names.add(words[-1])  # "Franken" after "Sen. Al Franken"
            # longest first: "Father General" claims its words before "General" alone can (a set's
            # order would change with the hash seed, and so would the mentions)
            for name in sorted(names, key=lambda n: (-len(n), n)):
                for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.I):
                    extra.append(m.span())
        for a, b in extra:
            if not any(a < e and s < b for s, e in spans):
                spans.add((a, b))
                item["mentions"].append({"start": a, "end": b, "text": text[a:b]})
        item["mentions"].sort(key=lambda m: m["start"])

    @staticmethod
    def _status(s: _Sentence, sources: _Sources, text: str) -> tuple[str, list[tuple[int, int]], str]:
        names = []
        for a in s.attributions:
            item = sources.get(a.source.key)
            if item and item["name"] not in names:
                names.append(str(item["name"]))
        attr_cues = [a.cue for a in s.attributions if a.cue[1] > a.cue[0]]
        who = f"; attributed to {', '.join(names)}" if names else ""

        def quote(spans: list[tuple[int, int]]) -> str:
            return ", ".join(f"'{' '.join(text[a:b].split())}'" for a, b in spans[:2])

        if s.denied:
            status, own = "denied", s.denied
            explanation = f"Denied ({quote(own)}){who}"
        elif s.unconfirmed:
            status, own = "unconfirmed", s.unconfirmed
            explanation = f"The article says it is not confirmed ({quote(own)}){who}"
        elif s.question:
            status, own = "questioned", []
            explanation = "Put as a question, not asserted" + who
        elif s.hedges:
            status, own = "hedged", s.hedges
            explanation = f"Hedged ({quote(own)}){who}"
        elif s.attributions:
            status, own = "attributed", []
            a = s.attributions[0]
            cue = " ".join(text[a.cue[0] : a.cue[1]].split())
            if a.via == "carry":
                explanation = f"Attributed to {names[0]}, carried over from '{cue}' earlier in the paragraph"
            elif a.via == "embed":
                explanation = f"From an embedded post by {names[0]}"
            elif a.via == "quote":
                explanation = f"Quoted from {names[0]} ('{cue}')"
            elif not names:
                explanation = f"Reported speech of a speaker the passage does not name ('{cue}')"
            else:
                explanation = f"Attributed to {', '.join(names)} ('{cue}')"
        else:
            status, own = "asserted", []
            explanation = "Stated as fact by the article, with no source"
        # every evidential cue of the sentence is shown, the ones behind the status first in the explanation
        extra = s.hedges + s.unconfirmed + s.denied + s.context_cues
        spans = sorted(set(own) | set(attr_cues) | set(extra))
        cue_spans = [c for c in spans if not any(o != c and o[0] <= c[0] and c[1] <= o[1] for o in spans)]
        return status, cue_spans, explanation


_KIND_TEXT = {
    "named_outlet": "A named media outlet: {name}",
    "named_person": "A named person: {name}",
    "named_organization": "A named organisation: {name}",
    "unnamed": "An unnamed source: {name}",
    "document": "A document: {name}",
    "embedded_post": "The author of an embedded post: {name}",
}


_TITLES = frozenset(
    [
        "m.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "mme",
        "mme.",
        "mlle",
        "dr",
        "dr.",
        "sen.",
        "sen",
        "rep.",
        "gen.",
        "col.",
        "pr",
        "prof.",
        "me",
        "mgr",
    ]
)


_PERSON_PRONOUNS = frozenset(["he", "she", "il", "elle"])
_UNRESOLVED_PRONOUNS = _PERSON_PRONOUNS | {"they", "ils", "elles"}


def _same_source(a: SourceRef, b: SourceRef) -> bool:
    """Two mentions of one source: the same key or entity, or an acronym of the other's name ("WHO")."""
    if a.key == b.key or (a.entity is not None and a.entity == b.entity):
        return True
    for short, long in ((a.key, b.key), (b.key, a.key)):
        words = [w for w in long.replace("-", " ").split() if w not in {"of", "for", "the", "and", "de", "du", "des"}]
        if len(words) >= 2 and short.replace(".", "") == "".join(w[0] for w in words):
            return True
    return False


def _pronoun(word: str) -> str:
    """ "-t-il", "-elle", "He" -> "il", "elle", "he": the pronoun of an inverted clitic, lower case."""
    return word.lower().lstrip("-").removeprefix("t-")


def _one_name(name: str) -> bool:
    """A bare capitalised name ("Trump", "Birx"), not an acronym or a phrase with an organisation word."""
    words = name.split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and words[0].isalpha()


def _person_name(name: str) -> tuple[str, str]:
    """(first names, surname) from the capitalised words of a name, titles left out."""
    words = [w.strip(",.;:()") for w in name.replace("’", "'").split()]
    words = [w.split("'")[-1] for w in words]
    caps = [w for w in words if w[:1].isupper() and w.lower() not in _TITLES and w.lower() + "." not in _TITLES]
    if not caps or len(caps[-1]) < 3:
        return "", ""
    return " ".join(caps[:-1]).lower(), caps[-1].lower()


def _paragraph_safe(doc: Any, paragraphs: Sequence[Any], lang: str) -> Any:
    """The parse, redone when the first one let heads cross paragraphs or split hyphenated names.

    A whole-text parse sometimes joins a paragraph's last sentence with the next paragraph's first, which
    gives a reporting verb the wrong subject; the redone parse starts a sentence at each paragraph. The
    tokenizer cuts "Agnès Pannier-Runacher" into "Pannier" "-" "Runacher" and the parser then takes
    "Runacher" for a verb with its own complements ("sur CNews"); the redone parse keeps such a name one
    token. Its text is the same, so every character offset holds. Costs one parse, only when needed.
    """
    import bisect

    if doc is None:
        return doc
    starts = [p.start for p in paragraphs]

    def para(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    names = _split_names(doc)
    crossing = len(starts) >= 2 and not all(para(t.idx) == para(t.head.idx) for t in doc if not t.is_space)
    if not crossing and not names:
        return doc
    from spacy.tokens import Doc

    from claimscope.nlp import load_spacy

    nlp = load_spacy(lang)
    words: list[str] = []
    spaces: list[bool] = []
    idxs: list[int] = []
    merged = {i: j for i, j in names}
    i = 0
    while i < len(doc):
        j = merged.get(i, i)
        words.append(doc.text[doc[i].idx : doc[j].idx + len(doc[j].text)])
        spaces.append(bool(doc[j].whitespace_))
        idxs.append(doc[i].idx)
        i = j + 1
    fresh = Doc(nlp.vocab, words=words, spaces=spaces)
    first = set(starts) if len(starts) >= 2 else set()
    for tok, idx in zip(fresh, idxs, strict=True):
        tok.is_sent_start = True if (tok.i == 0 or idx in first) else None
    for _, proc in nlp.pipeline:
        fresh = proc(fresh)
    return fresh


def _split_names(doc: Any) -> list[tuple[int, int]]:
    """Token ranges (first, last) of hyphenated proper names the tokenizer cut ("Pannier" "-" "Runacher"): capitalised
    alphabetic parts joined by hyphens with no space."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        j = i
        while (
            j + 2 < n
            and doc[j].text[:1].isupper()
            and doc[j].is_alpha
            and doc[j + 1].text == "-"
            and not doc[j].whitespace_
            and not doc[j + 1].whitespace_
            and doc[j + 2].text[:1].isupper()
            and doc[j + 2].is_alpha
        ):
            j += 2
        if j > i:
            out.append((i, j))
        i = j + 1
    return out


def _question_carries_claim(span: Any, body: str) -> bool:
    """A (rhetorical) question that carries a checkable proposition: specifics, not an appeal to the reader."""
    words = body.split()
    if len(words) < 7:
        return False
    if any(t.lower_ in {"you", "vous", "tu", "nous", "we", "i", "je", "-vous", "-nous", "-tu"} for t in span):
        return False
    specific = any(ch.isdigit() for ch in body) or any(e.label_ not in {"CARDINAL", "ORDINAL"} for e in span.ents)
    clause = any(
        t.lower_ in {"que", "qu'", "qu’", "that", "si", "if"}
        and not (t.i > 0 and t.doc[t.i - 1].lower_ in {"est-ce", "-ce", "ce"})
        for t in span
    )  # "est-ce que" asks; it does not introduce a proposition
    return specific or (clause and len(words) >= 10)


def _scorns(body: str, lang: str) -> bool:
    """An insult or a word of scorn outside quotation marks: the writer's value judgement."""
    pattern = cues.EVALUATIVE.get(lang, cues.EVALUATIVE["en"])
    quoted = [m.span() for m in cues.QUOTED.finditer(body)]
    return any(not any(a <= m.start() < b for a, b in quoted) for m in pattern.finditer(body))


def _english_tense(span: Any) -> str | None:
    """ "past" or "present" for the main verb of an English sentence (its auxiliaries count: "is approaching",
    "had fallen"), None for modals, imperatives and verbless lines."""
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.tag_ == "MD" for a in auxes):
        return None
    tags = [a.tag_ for a in auxes] or [root.tag_]
    if tags[0] == "VBD":
        return "past"
    if tags[0] in {"VBZ", "VBP"}:
        return "present"
    return None


def _present_after_past(previous: Any, span: Any) -> bool:
    """English carry-over ends where the report told in the past gives way to the present ("…, according to U.S.
    government documents. Part of the caravan … is approaching the border", "The professor, according to BuzzFeed
    News, failed Arnolds … Australia is both a continent and a country"): the writer speaks of now."""
    return _english_tense(previous) == "past" and _english_tense(span) == "present"


VIEW_OPENERS = frozenset(["pour", "for"])
VIEW_GROUPS = frozenset(["certains", "certaines", "beaucoup", "d'autres", "d’autres", "some", "many", "others"])


def _in_whose_view(span: Any, body: str) -> bool:
    """A sentence opened by "Pour X," / "For X," where X is a person or a group of people ("Pour Lavrov et la Russie,",
    "Pour certains idéologues américains,", "For Sofia Jao, BC ‘22,"): what follows is X's view (guideline, section
    7: "Pour X, <value judgement>" is reported opinion). A figure in the sentence leaves it alone ("Pour le
    ministère, 300 personnes sont mortes" may be checkable)."""
    words = [t for t in span if not t.is_space]
    lead = 1 if words and words[0].lower_ in {"mais", "or", "et", "but", "and", "yet"} else 0
    if len(words) <= lead + 2 or words[lead].lower_ not in VIEW_OPENERS or any(ch.isdigit() for ch in body):
        return False
    comma = next((i for i in range(lead + 1, min(len(words), lead + 9)) if words[i].text == ","), None)
    if comma is None:
        return False
    frame = words[lead + 1 : comma]
    if frame[0].lower_ in VIEW_GROUPS:
        return True
    return any(t.ent_type_ in {"PER", "PERSON"} for t in frame) and not any(t.pos_ == "VERB" for t in frame)


def _conditional_question(span: Any) -> bool:
    """A question about a hypothesis: its main verb in the conditional ("Wouldn't he have been less confrontational
    …?", "Y aurait-il une conjonction …?", "Serions-nous là …?", "qui irait se battre ?") asks what would be, and
    carries no checkable proposition. The French past conditional of a reported fact ("L'armée aurait-elle bombardé
    … ?") is the journalistic hedge, not a hypothesis, and is left alone."""
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    auxes = [c for c in root.children if c.dep_.startswith("aux")]
    if root.lang_ == "fr":
        if "Cnd" in root.morph.get("Mood"):
            return root.pos_ in {"VERB", "AUX"}
        # "aurait-il dépensé" (an auxiliary in the conditional before a participle) is the hedge
        return False
    modals = {"would", "wouldn't", "wouldn’t", "could", "couldn't", "couldn’t", "might"}
    # the inverted modal opens the question ("Wouldn't he …", "What would repealing it mean?", where the parser hangs
    # "would" on the gerund), or is the main verb's auxiliary
    opening = [t for t in span if not t.is_punct][:3]
    return any(t.lower_ in modals and t.pos_ == "AUX" for t in opening) or any(a.lower_ in modals for a in auxes)


OBLIGATION_AUX = frozenset(["must", "should", "ought"])


def _obligation(span: Any) -> bool:
    """An English main verb under "must"/"should"/"ought to"/"need(s) to" (not "must have"), with no figure: what
    someone ought to do, an exhortation, not a checkable fact ("Attorney General Barr must release the full report")."""
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in {"VERB", "AUX"} or any(t.like_num for t in span):
        return False
    if any(c.dep_ == "ccomp" for c in root.children):
        return False  # "it should be noted that Edward Pentin mentions …": the claim is the clause it frames
    auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if any(c.lower_ in OBLIGATION_AUX for c in auxes):
        return not any(c.lower_ in {"have", "'ve"} for c in auxes)  # "must have known": an inference
    # "Any foreign fighters in Iraq need to go home", "the next leader needs to be patient"
    return (
        root.lower_ in {"need", "needs"}
        and root.tag_ in {"VBP", "VBZ"}
        and any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in root.children)
    )


def _hypothetical(span: Any) -> bool:
    """ "Si elle fait l'erreur ..., elle va perdre", "If they win, prices will rise": a condition opening the
    sentence and a main verb in the future or the conditional predict, they do not state a fact."""
    first = next((t for t in span if not t.is_punct), None)
    if first is None or first.lower_ not in {"si", "s'", "s’", "if", "unless"}:
        return False
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    verbs = [root, *(c for c in root.children if c.dep_.startswith("aux"))]
    for v in verbs:
        if "Fut" in v.morph.get("Tense") or "Cnd" in v.morph.get("Mood"):
            return True
        if v.lower_ in {"will", "would", "'ll", "va", "vont", "pourrait", "pourraient", "could", "might"}:
            return True
    return False


def _bare_fragment(span: Any, body: str) -> bool:
    """No finite verb outside a relative clause, no figure and no name: a fragment of comment ("Peur d'avoir face à
    elle une opposition", "Avec les résultats qu'on sait")."""
    if any(ch.isdigit() for ch in body) or any(e.label_ not in {"CARDINAL", "ORDINAL"} for e in span.ents):
        return False

    def relative(t: Any) -> bool:
        return any(x.dep_ in {"acl:relcl", "relcl"} for x in [t, *t.ancestors] if x.i >= span.start)

    return not any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") and not relative(t) for t in span)


def _outermost(verbs: list[Attribution]) -> list[Attribution]:
    """Drop a reporting verb inside what another source says ("told TheDCNF that Awan recounted ...", "saying that
    the employee reported ..."): the sentence presents the claim as the outer source's. An outlet that reports what
    a named party said ("the AP reported that Rudy Giuliani said …": the party's verb heads the outlet's complement)
    is the channel, and that party the speaker: both are sources."""

    def inside(cue: tuple[int, int], span: tuple[int, int] | None) -> bool:
        return span is not None and span[0] <= cue[0] and cue[1] <= span[1]

    out = []
    for a in verbs:
        outer = [
            b
            for b in verbs
            if b is not a
            and b.via == "verb"
            and b.cue[0] < a.cue[0]
            and b.source.key != a.source.key
            and inside(a.cue, b.claim)
            and not inside(b.cue, a.claim)
        ]
        if not outer or (
            all(b.source.kind == "named_outlet" and b.cue[0] == a.complement_of for b in outer)
            and a.source.key != "<pronoun>"
            and a.source.kind != "named_outlet"
        ):
            out.append(a)
    return out


CONCESSIVE_MARKS = frozenset(["si", "s'", "s’", "if", "although", "though", "bien", "quoique"])


def _in_concession(span: Any, cue: tuple[int, int]) -> bool:
    """A hedge word inside an opening "si"/"if"/"bien que" clause ("Si ses investissements sont tous apparemment
    justifiés, le rapport montre que ..."): it qualifies the concession, not the sentence's claim."""
    tok = next((t for t in span if t.idx <= cue[0] < t.idx + len(t.text) + 1), None)
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if tok is None or root is None:
        return False
    for node in [tok, *tok.ancestors]:
        if node.i == root.i:
            return False
        if node.dep_ == "advcl" and node.head.i == root.i and node.i < root.i:
            return any(c.dep_ == "mark" and c.lower_ in CONCESSIVE_MARKS and c.i < node.i for c in node.children)
    return False


QUOTE_OPENERS = {"«", "“", '"'}
QUOTE_CLOSERS = {"»", "”", '"'}
WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
)


def _vague_quote(s: Any, text: str) -> bool:
    """A quotation its speaker merely "said" that names nothing and dates nothing: the quoted words have no figure, no
    name, no verb in the past and no specific subject ("the economy", "l'inflation"), and the report around them gives
    no occasion ("“Things are starting to go in the right direction,” Saucier said", "warned us that “standing up for
    our values is not without costs.”"). What is said in the present about nothing specific is the speaker's view
    (guideline, section 7); "“…,” Trump told reporters before he departed for Paris" is placed and stays a claim."""
    if s.claim is None or not any(a.via in {"verb", "quote"} for a in s.attributions):
        return False
    a0, b0 = s.claim
    if not (set(text[max(0, a0 - 2) : a0 + 1]) & QUOTE_OPENERS and set(text[b0 - 1 : b0 + 2]) & QUOTE_CLOSERS):
        return False  # the claim is not one quotation
    inside = [t for t in s.span if a0 <= t.idx < b0]
    if not inside or len(inside) > 30:
        return False
    finite = False
    for t in inside:
        if t.like_num or t.pos_ in {"PROPN", "NUM"} or t.ent_type_:
            return False
        if t.pos_ in {"VERB", "AUX"} and ("Past" in t.morph.get("Tense") or t.tag_ in {"VBD", "VBN"}):
            return False
        if t.dep_.startswith("nsubj") and t.pos_ == "NOUN" and any(c.dep_ in {"det", "poss"} for c in t.children):
            return False  # "L'inflation se rapproche de notre objectif": a statement about something named
        finite = finite or (t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm"))
    after = [t for t in s.span if t.idx >= b0 and not t.is_punct]
    return (
        finite and len(after) <= 5 and not any(t.ent_type_ in {"DATE", "TIME"} or t.lower_ in WEEKDAYS for t in after)
    )


# a reporting clause whose "que"/"that" ends the sentence before a colon: what it reports is not in it
EMPTY_QUE = re.compile(r"\b(?:que|qu['’]|that)\s*:\s*$", re.I)


def _announces_quote(span: Any, body: str) -> bool:
    """A verbless line that ends with a colon, or one whose reporting verb closes it before a comma or a colon: it
    introduces a quotation ("Selon X, porte-parole de Y :", "Résumant ses discussions, Nuland :", "X said,") and
    states nothing itself."""
    end = body.rstrip()
    if not end.endswith((":", ",")):
        return False
    root = next((t for t in span if t.dep_ == "ROOT"), None)
    if root is not None and root.pos_ in {"VERB", "AUX"}:
        # "John Hancock, the first signer of the Declaration of Independence, said,", "… qui a déclaré :", "X said
        # in a statement Tuesday,": the reporting verb has nothing reported after it, and what it reports follows
        reports = cues.lemma(root) in cues.REPORTING_VERBS["fr" if root.lang_ == "fr" else "en"] | {"say", "dire"}
        reported = {"ccomp", "xcomp", "obj", "dobj", "parataxis", "conj"}
        if reports and not any(c.i > root.i and c.dep_ in reported for c in root.children):
            return True
    if not end.endswith(":"):
        return False
    return not any(t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm") for t in span)


def _states_fact(span: Any) -> bool:
    """A finite verb in the indicative (or conditional) whose subject is not the writer or the reader."""
    for tok in span:
        if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ not in {"ROOT", "ccomp", "conj"}:
            continue
        subj = next((c for c in tok.children if c.dep_.startswith("nsubj")), None)
        if subj is None:
            for aux in (c for c in tok.children if c.dep_.startswith("aux")):
                subj = subj or next((c for c in aux.children if c.dep_.startswith("nsubj")), None)
        if subj is None:
            continue
        if subj.lower_ in cues.FIRST_PERSON or subj.lower_ in {"tu", "vous", "you", "on"}:
            continue
        mood = tok.morph.get("Mood")
        if "Imp" in mood or "Sub" in mood:
            continue
        return True
    return False


def _related_paragraphs(article: Any) -> set[str]:
    """Paragraphs after a "Check Also" / "Lire aussi" marker: the teaser of another article."""
    out: set[str] = set()
    paras = list(article.paragraphs)
    for i, p in enumerate(paras):
        body = article.text[p.start : p.end].strip()
        if len(body.split()) <= 4 and cues.BOILERPLATE.search(body):
            out.add(p.id)
            tail = paras[i + 1 :]
            out.update(q.id for q in (tail if len(tail) <= 3 else tail[:1]))
    return out


def _words_outside(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int:
    chars = list(text[start:end])
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return len([w for w in "".join(chars).split() if any(c.isalnum() for c in w)])


def _plural_back(text: str, start: int, end: int) -> bool:
    import re

    return bool(
        re.search(
            r"\b(ces|these|those|les faits|les propos|les accusations|les allégations|les informations|"
            r"the (?:\w+ )?(?:claims|reports|allegations|accusations)|them)\b",
            text[start:end],
            re.I,
        )
    )


def _entities_in(entities: list[dict[str, Any]], start: int, end: int) -> list[str]:
    out = []
    for ent in entities:
        for m in ent.get("mentions") or ():
            if start <= int(m["start"]) and int(m["end"]) <= end:
                out.append(str(ent.get("id")))
                break
    return out
