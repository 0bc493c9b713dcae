"""Recognition of entity mentions: spaCy's NER plus the rules it misses in this domain.

spaCy's French and English pipelines miss or mislabel what manipulative news articles are full of:
acronyms of armed groups ("HTŞ", "PKK/PYD", "EI"), hashtags ("#Daesh", "#ÉtatIslamique"),
transliterated names with Turkish or Arabic particles ("Cayş el-Muhacirin vel-Ensar", "Cund el-Şam"),
and names in other languages. The rules here add those mentions, fix spaCy's boundaries (leading
articles, trailing punctuation, spans that cross a line) and keep one mention per stretch of text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from claimscope.kb.normalize import APOSTROPHES, compact_key, fold, is_acronym, loose_key

# spaCy label -> contract label (None: not an entity for us)
SPACY_LABELS: dict[str, str | None] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": None,
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}

# Higher wins when two candidate spans cover the same words with the same length.
SOURCE_PRIORITY = {"alias_table": 5, "translit": 4, "ner": 3, "hashtag": 2, "acronym": 1, "propagated": 0}

_UPPER = "A-ZÀ-ÖØ-ÞŞĞİÇŒ"
_LEADING_RE = re.compile(
    rf"^(?:(?:le|la|les|the|du|des|de|d|l|un|une|a|an|au|aux)(?:\s+|[{APOSTROPHES}])|[#@\"«“”„‘’'(\[\s*•–—-])+"
)
# A capitalised article goes only when what follows is a known name or an acronym ("Le PKK",
# "L’État islamique") and stays otherwise ("Le Monde", "La Haye", "The Guardian").
_LEADING_CAP_RE = re.compile(rf"^(?:Le|La|Les|The|L|D)(?:\s+|[{APOSTROPHES}])")
_TRAILING_RE = re.compile(rf"(?:[\s.,;:!?»”“\"'’)\]\[(#/•–—+&*|-]|[{APOSTROPHES}]s\b|\s\d[\d\-–:/.]*)+$")
_URL_RE = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+|@\w+|\b[\w-]+\.(?:com|org|net|fr|ru|ua)\b/\S*")
_HASHTAG_RE = re.compile(r"(?<![\w&])#([^\W_][\w’'-]*)")
_ACRONYM_RE = re.compile(rf"(?<![\w#@/.&-])([{_UPPER}][{_UPPER}0-9&]{{1,7}}(?:-[{_UPPER}0-9]{{1,3}})?)(?![\w@]|-\w)")
# an elided article ("l’", "d’", "qu’") is a token of its own; other apostrophes stay inside a word ("Hay’at")
_TOKEN_RE = re.compile(r"(?i:qu|[dljnmstc])(?=[’'ʼ])|[^\W_]+(?:[’'ʼ][^\W_]+)?")
_JOINER_RE = re.compile(rf"^[ \t\-{APOSTROPHES}.,]{{0,3}}$")
_PARTICLE_RE = re.compile(
    r"^(?:al|el|ul|vel|wal|wel|wa|ad|ed|ud|ash|as|es|eş|an|en|ar|er|at|et|az|ez|ibn|bin|bint)$", re.IGNORECASE
)
_ROMAN_RE = re.compile(r"^[IVXLCDM]+$")
# French nationality adjectives that spaCy leaves at the end of a one-word name
_DEMONYM_RE = re.compile(
    r"^(?:libanais|syrien|russe|ukrainien|kurde|iranien|americain|turc|turque|israelien|palestinien|irakien|afghan"
    r"|tchetchene|georgien|yemenite|saoudien|egyptien|libyen|soudanais|malien|nigerien|chinois|allemand|britannique"
    r"|francais|jihadiste|djihadiste|chiite|sunnite|islamiste|pro-iranien|pro-russe|prorusse)(?:ne)?s?e?s?$"
)
# where a span breaks in two: line breaks, brackets, slashes, dashes, hashtags, quotation marks
_CUT_RE = re.compile(r"(\n|\s\(|\s\[|\s[|/]\s|[—–]\s|\s#|\s?[«»“”]\s?)")
_ELIDED = re.compile(r"^(?:qu|[dljnmstc])$", re.IGNORECASE)
_ABBREVIATION_RE = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$")

ACRONYM_STOPLIST = frozenset(
    """OK TV PM AM CEO CFO CTO PDF URL HTML USD EUR GBP RUB KM KG CM MM MW GW KW UTC GMT GPS DNA ADN SMS FAQ
    PS NB RIP LOL OMG VIP DJ MP3 HD SUV ID IT HR PR QR IA AI PIB GDP TVA VAT DIY ETC AKA
    RT DM VS BREAKING UPDATE EXCLUSIF EXCLUSIVE VIDEO VIDÉO PHOTO PHOTOS LIVE DIRECT""".split()  # noqa: SIM905
)

ORG_HEADS = frozenset(
    fold(w)
    for w in """jaysh jaish jaych cayş cays ceyş jund cund jound jabhat jabha cephe cephesi hayat hay’at hayʼat heyet
    harakat haraket hareket ahrar ansar liwa liva katibat katiba ajnad tahrir hizb hezb hizbullah jamaat cemaat
    jamaa fatah fateh firqat saraya kataib tanzim tanzeem majlis shura front brigade brigades battalion movement
    group party army forces council committee union""".split()  # noqa: SIM905
)
LOC_HEADS = frozenset(
    fold(w)
    for w in "deir ras tell tel jisr khan bab kafr maarat ain ayn jabal djebel wadi".split()  # noqa: SIM905
)
PER_HEADS = frozenset(
    fold(w)
    for w in """abu abou ebu omar umar ömer mohammed mohammad muhammad mohamed ahmed ahmad ali abdul abd abdel abdallah
    abdullah ibrahim ayman osama oussama usama bashar bachar hafez hafiz hassan hasan hussein khalid khaled mustafa
    moustafa yusuf youssef haysem salim sheikh cheikh""".split()  # noqa: SIM905
)
_MONTHS = frozenset(
    """january february march april may june july august september october november december janvier fevrier mars
    avril mai juin juillet aout septembre octobre novembre decembre""".split()  # noqa: SIM905
)


@dataclass(slots=True)
class Candidate:
    """A mention before grouping: a span of the text, its label and where it came from."""

    start: int
    end: int
    label: str | None
    source: str
    entry: int | None = None  # index into the alias table
    notes: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start


# ---------------------------------------------------------------- the curated alias table


@dataclass(frozen=True, slots=True)
class AliasEntry:
    id: str
    label: str
    qid: str | None
    names: dict[str, str]
    aliases: tuple[str, ...]

    def name(self, lang: str | None) -> str:
        return self.names.get(lang or "en") or self.names.get("en") or next(iter(self.names.values()))

    def all_names(self) -> tuple[str, ...]:
        return (*self.names.values(), *self.aliases)


@dataclass(frozen=True, slots=True)
class AliasTable:
    entries: tuple[AliasEntry, ...]
    by_compact: dict[str, tuple[int, ...]]
    case_sensitive: frozenset[str]  # compact keys of aliases written in capitals ("EI", "IS", "AP")
    max_tokens: int
    by_loose: dict[str, tuple[int, ...]] = field(default_factory=dict)  # transliteration keys, ≥ 6 letters

    def lookup(self, text: str) -> tuple[int, ...]:
        """Entries that ``text`` names (case-sensitive for acronym aliases)."""
        key = compact_key(text)
        hits = self.by_compact.get(key, ())
        if hits and key in self.case_sensitive and not is_acronym(text):
            return ()
        return hits

    def lookup_loose(self, text: str) -> tuple[int, ...]:
        """Entries whose transliteration key matches ("Zelenskij", "Netanjahu"), for longer names."""
        if is_acronym(text):
            return ()
        return self.by_loose.get(loose_key(text).replace(" ", ""), ())


def _load_alias_data(path: str | None) -> dict[str, Any]:
    if path:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)  # type: ignore[no-any-return]
    ref = resources.files("claimscope") / "data" / "entity_aliases.json"
    return json.loads(ref.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def load_alias_table(path: str | None = None) -> AliasTable:
    data = _load_alias_data(path)
    entries: list[AliasEntry] = []
    by_compact: dict[str, list[int]] = {}
    case_sensitive: set[str] = set()
    max_tokens = 1
    for i, raw in enumerate(data["entries"]):
        entry = AliasEntry(
            id=raw["id"],
            label=raw["label"],
            qid=raw.get("qid"),
            names=dict(raw["names"]),
            aliases=tuple(raw.get("aliases", ())),
        )
        entries.append(entry)
        for name in entry.all_names():
            key = compact_key(name)
            if not key:
                continue
            if is_acronym(name):
                case_sensitive.add(key)
            bucket = by_compact.setdefault(key, [])
            if i not in bucket:
                bucket.append(i)
            max_tokens = max(max_tokens, len(_TOKEN_RE.findall(name)))
    by_loose: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for name in entry.all_names():
            key = loose_key(name).replace(" ", "")
            if len(key) >= 6 and not is_acronym(name) and i not in by_loose.setdefault(key, []):
                by_loose[key].append(i)
    return AliasTable(
        by_loose={k: tuple(v) for k, v in by_loose.items()},
        entries=tuple(entries),
        by_compact={k: tuple(v) for k, v in by_compact.items()},
        case_sensitive=frozenset(case_sensitive),
        max_tokens=max_tokens,
    )


# ---------------------------------------------------------------- helpers


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """URLs, handles and domain names: no entity starts inside them."""
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start < b or a < end <= b for a, b in spans)


class _Mask:
    """Which characters are taken: overlap tests in O(span length), not O(number of spans)."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.bits = bytearray(size + 1)
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        self.bits[a:b] = b"\x01" * (b - a)

    def hits(self, a: int, b: int) -> bool:
        return any(self.bits[a:b])

    def edge(self, a: int, b: int) -> bool:
        """The span starts or ends inside a taken stretch (the semantics of ``_inside``)."""
        return bool(self.bits[a]) or (b > a and bool(self.bits[b - 1]))


def _shouting_lines(text: str) -> list[tuple[int, int]]:
    """Stretches written in capitals (headline banners), where capitals do not make acronyms."""
    out = []
    for m in re.finditer(r"[^.!?:\n]+", text):
        letters = [c for c in m.group() if c.isalpha()]
        if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            out.append((m.start(), m.end()))
    return out


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()


# ---------------------------------------------------------------- recognisers


def ner_candidates(doc: Any) -> list[Candidate]:
    """spaCy's entities, with labels mapped to PER/ORG/LOC/MISC (dates, numbers... dropped)."""
    out = []
    if doc is None:
        return out
    for ent in doc.ents:
        label = SPACY_LABELS.get(ent.label_, "MISC")
        if label is None:
            continue
        out.append(Candidate(ent.start_char, ent.end_char, label, "ner"))
    return out


def alias_table_candidates(text: str, table: AliasTable, toks: Sequence[tuple[int, int]]) -> list[Candidate]:
    """Every run of up to ``max_tokens`` words whose compact key is in the alias table."""
    out: list[Candidate] = []
    n = len(toks)
    for i in range(n):
        s0, e0 = toks[i]
        first = text[s0:e0]
        hashtag = s0 > 0 and text[s0 - 1] == "#"
        if not (_is_upper_initial(first) or hashtag):
            continue
        key = ""
        for j in range(i, min(n, i + table.max_tokens)):
            if j > i and not _JOINER_RE.match(text[toks[j - 1][1] : toks[j][0]]):
                break
            word = text[toks[j][0] : toks[j][1]]
            if j > i and toks[j][1] < len(text) and text[toks[j][1]] in APOSTROPHES and _ELIDED.match(word):
                continue  # "de l’Atlantique": the index keys drop elided articles too
            key += compact_key(word)
            hits = table.by_compact.get(key)
            if not hits:
                continue
            surface = text[s0 : toks[j][1]]
            if key in table.case_sensitive and not is_acronym(surface):
                continue
            if len(hits) == 1:
                entry = table.entries[hits[0]]
                out.append(Candidate(s0, toks[j][1], entry.label, "alias_table", entry=hits[0]))
            else:
                out.append(Candidate(s0, toks[j][1], None, "alias_table"))
    return out


def hashtag_candidates(text: str, table: AliasTable) -> list[Candidate]:
    """ "#Daesh" → a mention "Daesh" (without the #). Unknown lower-case tags are not entities."""
    out = []
    for m in _HASHTAG_RE.finditer(text):
        tag = m.group(1)
        cut = tag.lower().find("http")
        if cut > 0:
            tag = tag[:cut]
        tag = tag.rstrip("-’'")
        start = m.start(1)
        end = start + len(tag)
        if len(tag) < 2:
            continue
        hits = table.lookup(tag)
        if hits:
            entry = table.entries[hits[0]] if len(hits) == 1 else None
            out.append(
                Candidate(start, end, entry.label if entry else None, "hashtag", entry=hits[0] if entry else None)
            )
        elif tag[0].isupper() and not tag.isdigit():
            out.append(Candidate(start, end, "ORG" if is_acronym(tag) else "MISC", "hashtag"))
    return out


def acronym_candidates(text: str, stop: Iterable[tuple[int, int]]) -> list[Candidate]:
    """All-capitals tokens such as "HTŞ", "PKK", "YPG", "EI" (not in shouting headlines)."""
    shouting = list(stop)
    out = []
    for m in _ACRONYM_RE.finditer(text):
        word = m.group(1)
        if word in ACRONYM_STOPLIST or _ROMAN_RE.match(word) or not is_acronym(word):
            continue
        if sum(c.isalpha() for c in word) < 2 or _inside(shouting, m.start(), m.end()):
            continue
        out.append(Candidate(m.start(1), m.end(1), "ORG", "acronym"))
    return out


def translit_candidates(text: str, toks: Sequence[tuple[int, int]], stopwords: frozenset[str]) -> list[Candidate]:
    """Transliterated Arabic/Turkish names built on particles: "Cund el-Şam", "Hay’at Tahrir al-Sham".

    A particle-hyphen-capital word ("el-Şam", "al-Sham", "vel-Ensar") anchors the name; it extends
    left over up to three capitalised words and right over further particle words or capitals.
    """
    out = []
    n = len(toks)
    i = 0
    while i < n:
        s, e = toks[i]
        word = text[s:e]
        nxt = toks[i + 1] if i + 1 < n else None
        if not (
            _PARTICLE_RE.match(word) and nxt and text[e : nxt[0]] == "-" and _is_upper_initial(text[nxt[0] : nxt[1]])
        ):
            i += 1
            continue
        # left: capitalised words separated by single spaces
        left = i
        while left > 0 and i - left < 3:
            ps, pe = toks[left - 1]
            gap = text[pe : toks[left][0]]
            prev = text[ps:pe]
            if gap not in (" ", "-") or not _is_upper_initial(prev) or fold(prev) in stopwords:
                break
            if gap == "-" and not _PARTICLE_RE.match(text[toks[left][0] : toks[left][1]]):
                break
            left -= 1
        right = i + 1
        while right + 1 < n:
            a = toks[right + 1]
            gap = text[toks[right][1] : a[0]]
            w = text[a[0] : a[1]]
            if gap == " " and _PARTICLE_RE.match(w) and right + 2 < n and text[a[1] : toks[right + 2][0]] == "-":
                right += 2
                continue
            if gap in (" ", "-") and _is_upper_initial(w) and fold(w) not in stopwords and not is_acronym(w):
                right += 1
                continue
            break
        start, end = toks[left][0], toks[right][1]
        words = [fold(text[a:b]) for a, b in toks[left : right + 1]]
        label: str | None = None
        if any(w in ORG_HEADS for w in words):
            label = "ORG"
        elif words[0] in LOC_HEADS:
            label = "LOC"
        elif words[0] in PER_HEADS or (left < i and right - left <= 3):
            label = "PER"  # "Bachar al-Assad", "Omar al-Shishani": a given name before the particle
        out.append(Candidate(start, end, label, "translit"))
        i = right + 1
    return out


# ---------------------------------------------------------------- boundaries and overlaps


def fix_boundaries(text: str, cand: Candidate, table: AliasTable | None = None) -> list[Candidate]:
    """Trim articles, quotes and punctuation; cut at line breaks and opening brackets."""
    pieces: list[tuple[int, int]] = []
    start = cand.start
    for part in _CUT_RE.split(text[cand.start : cand.end]):
        if part and _CUT_RE.fullmatch(part):
            start += len(part)
            continue
        pieces.append((start, start + len(part)))
        start += len(part)
    out = []
    for a, b in pieces:
        seg = text[a:b]
        m = _LEADING_RE.match(seg)
        while m and m.end() > 0 and m.end() < len(seg):
            a += m.end()
            seg = text[a:b]
            m = _LEADING_RE.match(seg)
        m = _LEADING_CAP_RE.match(seg)
        if m and m.end() < len(seg):
            rest = seg[m.end() :]
            known = is_acronym(rest) or (table is not None and table.lookup(rest))
            if known or seg.startswith("The ") or seg[m.end() - 1] in APOSTROPHES:
                a += m.end()
                seg = rest
        m = _TRAILING_RE.search(seg)
        if m and m.start() > 0:
            b = a + m.start()
            seg = text[a:b]

        if _ABBREVIATION_RE.search(seg) and text[b : b + 1] == ".":
            b += 1  # "U.S.", "D.C." keep their last dot
            seg = text[a:b]
        if cand.label == "PER":
            words = seg.split(" ")
            while len(words) > 1 and fold(words[0]).rstrip(".") in TITLE_WORDS and words[1][:1].isupper():
                a += len(words[0]) + 1  # "Secretary Tom Vilsack" → "Tom Vilsack"
                words = words[1:]
            words = text[a:b].split(" ")
            while len(words) > 1 and fold(words[-1]) in TITLE_WORDS:
                b -= len(words[-1]) + 1  # "Macron Président" → "Macron"
                words = words[:-1]
            seg = text[a:b]
        words = seg.split(" ")
        tail_ok = all(w[:1].islower() for w in words[1:])
        if len(words) > 1 and tail_ok and (is_acronym(words[0]) or all(_DEMONYM_RE.match(fold(w)) for w in words[1:])):
            b = a + len(words[0])  # "YPG kurdes" → "YPG", "Hezbollah libanais" → "Hezbollah"
            seg = text[a:b]
        if all(fold(w).rstrip(".") in TITLE_WORDS for w in seg.split()):
            continue  # "Président" alone names nobody
        if len(seg) < 2 or not any(ch.isalpha() for ch in seg):
            continue
        if cand.source == "ner" and (not any(ch.isupper() for ch in seg) or _is_date_like(seg)):
            continue  # spaCy sometimes tags a lower-case common noun or a date as MISC
        out.append(Candidate(a, b, cand.label, cand.source, cand.entry, list(cand.notes)))
    return out


TITLE_WORDS = frozenset(
    """president président presidente prime premier minister ministre chancellor chancelier general général colonel
    captain capitaine commander commandant sheikh cheikh emir émir king roi queen reine prince princess princesse
    pope pape senator sénateur sénatrice deputy député députée mayor maire governor gouverneur judge juge dr doctor
    docteur mr mrs ms mme mlle m monsieur madame sir lord lady leader chef spokesman porte-parole secretary
    secrétaire ambassador ambassadeur crown
    lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday
    ukrainian russian french american syrian turkish ukrainien russe français américain syrien turc""".split()  # noqa: SIM905
)
NAME_PARTICLES = frozenset("Le La De Del Della Di Da Du Van Von Der El Al Ben Bin Abu Mac Mc O".split())  # noqa: SIM905
_PREV_WORD_RE = re.compile(rf"(?:^|(?<=[\s(«“\"]))([{_UPPER}][^\W\d_]+(?:-[{_UPPER}][^\W\d_]+)?) $")


def extend_person(text: str, cand: Candidate, stopwords: frozenset[str]) -> None:
    """spaCy drops a first name before a particle: "Marine Le Pen" tagged "Le Pen". Take it back."""
    if cand.label != "PER" or cand.source != "ner":
        return
    first = text[cand.start : cand.end].split(" ", 1)[0]
    if first not in NAME_PARTICLES:
        return  # only names spaCy cut at a particle: "Le Pen", "Van Rompuy", "Al Thani"
    m = _PREV_WORD_RE.search(text, max(0, cand.start - 40), cand.start)
    if not m or m.end() != cand.start:
        return
    word = m.group(1)
    if fold(word) in stopwords or fold(word) in TITLE_WORDS or is_acronym(word):
        return
    cand.start = m.start(1)


def propagate(text: str, kept: Sequence[Candidate], stopwords: frozenset[str]) -> list[Candidate]:
    """Other occurrences of names already found ("Musk" after "Elon Musk"), which NER missed."""
    forms: dict[str, str] = {}
    for c in kept:
        if c.label not in ("PER", "ORG", "LOC") or c.source not in ("ner", "translit", "alias_table"):
            continue
        surface = text[c.start : c.end]
        if len(surface) >= 3 and fold(surface) not in stopwords and not is_acronym(surface):
            forms.setdefault(surface, c.label)
        words = surface.split()
        if c.label == "PER" and len(words) >= 2:
            last = words[-1]
            if len(last) >= 3 and last[0].isupper() and fold(last) not in stopwords and not is_acronym(last):
                forms.setdefault(last, "PER")
    taken = _Mask(len(text), ((c.start, c.end) for c in kept))
    out: list[Candidate] = []
    for form, label in forms.items():
        pos = text.find(form)
        while pos >= 0:
            end = pos + len(form)
            before = text[pos - 1] if pos else " "
            after = text[end] if end < len(text) else " "
            if not before.isalnum() and not after.isalnum() and before not in "#@" and not taken.hits(pos, end):
                out.append(Candidate(pos, end, label, "propagated"))
                taken.add(pos, end)
            pos = text.find(form, pos + 1)
    return out


def _is_date_like(seg: str) -> bool:
    words = fold(seg).split()
    return any(w.strip(".,") in _MONTHS for w in words) and any(ch.isdigit() for ch in seg)


def resolve_overlaps(cands: Iterable[Candidate]) -> list[Candidate]:
    """Keep one candidate per stretch of text: the longest, then the most trusted source.

    A shorter candidate's label and alias-table entry are folded into the kept one when the
    kept one has none (spaCy's "HTŞ" LOC loses to the alias table's ORG, but not its span).
    """
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -SOURCE_PRIORITY.get(c.source, 0), c.start))
    kept: list[Candidate] = []
    size = max((c.end for c in ordered), default=0) + 1
    owner = [-1] * size
    for c in ordered:
        first = next((o for o in owner[c.start : c.end] if o >= 0), -1)
        if first < 0:
            owner[c.start : c.end] = [len(kept)] * (c.end - c.start)
            kept.append(c)
            continue
        clash = kept[first]
        if clash.start == c.start and clash.end == c.end:
            if clash.entry is None and c.entry is not None:
                clash.entry = c.entry
            if c.source == "ner" and c.label and clash.source in {"acronym", "hashtag", "translit"}:
                clash.notes.append(f"ner:{c.label}")
            if clash.label is None:
                clash.label = c.label
    kept.sort(key=lambda c: c.start)
    return kept


def find_candidates(
    text: str,
    doc: Any,
    *,
    table: AliasTable,
    stopwords: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """All mentions in ``text``: NER + alias table + hashtags + acronyms + transliterations.

    1. collect candidates from every recogniser;
    2. fix their boundaries and drop those inside URLs or handles;
    3. keep the best one per stretch of text.
    """
    toks = tokens(text)
    raw: list[Candidate] = []
    raw += ner_candidates(doc)
    raw += alias_table_candidates(text, table, toks)
    raw += hashtag_candidates(text, table)
    shouting = _shouting_lines(text)
    raw += acronym_candidates(text, shouting)
    raw += translit_candidates(text, toks, stopwords)
    skip = _Mask(len(text), excluded_spans(text))
    shouting_mask = _Mask(len(text), shouting)
    fixed: list[Candidate] = []
    for cand in raw:
        for c in fix_boundaries(text, cand, table):
            extend_person(text, c, stopwords)
            if skip.edge(c.start, c.end) and c.source != "hashtag":
                continue
            if shouting and shouting_mask.edge(c.start, c.end):
                c.notes.append("shouting")
            if c.entry is None:
                surface = text[c.start : c.end]
                hits = table.lookup(surface) or table.lookup_loose(surface)
                if len(hits) == 1:
                    c.entry = hits[0]
            fixed.append(c)
    # spaCy's "Critics of Zelenskiy" (ORG) hides a person the alias table knows: the person wins
    people = [c for c in fixed if c.source == "alias_table" and c.label == "PER"]
    person_mask = _Mask(len(text), ((p.start, p.end) for p in people))
    fixed = [
        c
        for c in fixed
        if not (
            c.source == "ner"
            and c.label != "PER"
            and person_mask.hits(c.start, c.end)
            and any(c.start <= p.start and p.end <= c.end and p.length < c.length for p in people)
        )
    ]
    kept = resolve_overlaps(fixed)
    extra = [c for c in propagate(text, kept, stopwords) if not skip.edge(c.start, c.end)]
    return sorted([*kept, *extra], key=lambda c: c.start) if extra else kept
