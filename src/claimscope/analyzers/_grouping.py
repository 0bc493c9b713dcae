"""Grouping mentions into entities: one group per real-world referent of the article.

Mentions are joined (union-find) by a sequence of rules, strongest first; every join records why,
so the report can explain it:

1. same spelling once normalised (case, diacritics, ş→s, apostrophes, hyphens);
2. same entry of the curated alias table ("Daesh", "État islamique", "ISIS", "EI");
3. same transliteration key ("Daesh"/"Daech", "Zelenskyy"/"Zelenskiy", "Cund el-Şam"/"Jund al-Sham");
4. an acronym and its expansion ("HTŞ" ↔ "Hay’at Tahrir al-Sham"; "X (ABC)" defines ABC);
5. a partial name ("Zelensky" ↔ "Volodymyr Zelensky"; "Tahrir al-Sham" ↔ "Hay’at Tahrir al-Sham");
6. near-identical spellings (rapidfuzz, guarded by label, first letter and length).

A join is refused when it would put two different alias-table entries (or two different
knowledge-base ids) into one group: HTS stays apart from Islamic State, Reuters from AFP.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimscope.analyzers._entity_rules import AliasTable, Candidate
from claimscope.kb.normalize import compact_key, fold, is_acronym, loose_key, normalize_alias

PARTICLES = frozenset(
    """al el ul vel wal wa ad ed as es ash an ar at az ez de du des d l la le les of the and et und der die das
    for pour in en y i da do dos di von van bin ibn au aux""".split()  # noqa: SIM905
)
# function words only: "al-Qaïda au Maghreb islamique" → AQMI keeps the "al"
FUNCTION_WORDS = frozenset(
    "de du des d l la le les of the and et und der die das for pour in en y da do dos di au aux".split()  # noqa: SIM905
)
# an organisation's generic head noun: "Wagner" = "Wagner Group" = "groupe Wagner"
GENERIC_ORG_WORDS = frozenset(
    """group groupe gruppe party parti partei movement mouvement organization organisation organisation regiment
    regiment brigade battalion bataillon militia milice company compagnie corporation inc ltd sa news agency
    agence""".split()  # noqa: SIM905
)
# Votes for an entity's label by where a mention came from (the alias table decides outright).
LABEL_WEIGHTS = {"translit": 3.0, "ner": 2.0, "acronym": 1.5, "hashtag": 0.5, "alias_table": 4.0, "propagated": 0.5}


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    label: str | None
    source: str
    entry: int | None
    key: str
    loose: str
    words: tuple[str, ...]  # loose keys of the words
    acronym: bool
    plain: tuple[str, ...] = ()  # folded words
    votes: list[tuple[str, float]] = field(default_factory=list)

    @classmethod
    def from_candidate(cls, text: str, cand: Candidate) -> Mention:
        surface = text[cand.start : cand.end]
        key = normalize_alias(surface)
        acronym = is_acronym(surface) and "shouting" not in cand.notes
        votes: list[tuple[str, float]] = []
        if cand.label:
            weight = LABEL_WEIGHTS.get(cand.source, 1.0)
            if cand.source == "ner" and acronym:
                weight = 1.0  # spaCy's French model calls most acronyms places
            votes.append((cand.label, weight))
        for note in cand.notes:
            if note.startswith("ner:"):
                votes.append((note[4:], 1.0))
        return cls(
            start=cand.start,
            end=cand.end,
            text=surface,
            label=cand.label,
            source=cand.source,
            entry=cand.entry,
            key=key,
            loose=loose_key(surface),
            words=tuple(loose_key(w) for w in key.split()),
            acronym=acronym,
            votes=votes,
            plain=tuple(key.split()),
        )


class Groups:
    """Union-find over mentions with cannot-link constraints and a log of reasons."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.entries: dict[int, set[int]] = {
            i: ({m.entry} if m.entry is not None else set()) for i, m in enumerate(mentions)
        }
        self.qids: dict[int, set[str]] = {i: set() for i in range(len(mentions))}
        self.reasons: dict[int, list[str]] = {i: [] for i in range(len(mentions))}
        self.labels: dict[int, Counter[str]] = {
            i: Counter({m.label: 1}) if m.label else Counter() for i, m in enumerate(mentions)
        }

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_join(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        ea, eb = self.entries[a], self.entries[b]
        if ea and eb and not ea & eb:
            return False
        qa, qb = self.qids[a], self.qids[b]
        return not (qa and qb and not qa & qb)

    def union(self, i: int, j: int, reason: str) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if not self.can_join(a, b):
            return False
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.entries[a] |= self.entries.pop(b)
        self.qids[a] |= self.qids.pop(b)
        self.reasons[a] += self.reasons.pop(b)
        self.labels[a] += self.labels.pop(b)
        if reason:
            self.reasons[a].append(reason)
        return True

    def roots(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.mentions)):
            out.setdefault(self.find(i), []).append(i)
        return out


def _compatible(a: str | None, b: str | None, *, strict: bool = False) -> bool:
    if a is None or b is None or a == b:
        return True
    if strict:
        return "MISC" in (a, b)
    return {a, b} != {"PER", "LOC"}


def initials(words: Sequence[str]) -> set[str]:
    """Possible acronyms of a multi-word name: all initials, and initials of content words."""
    words = [w for w in words if w]
    out = {"".join(w[0] for w in words)}
    for stop in (PARTICLES, FUNCTION_WORDS):
        content = [w for w in words if w not in stop]
        if content:
            out.add("".join(w[0] for w in content))
    return {x for x in out if len(x) >= 2}


def _expansion_words(m: Mention) -> tuple[str, ...]:
    # initials come from the folded spelling, not the loose key ("Cham" must give C, not S)
    return tuple(fold(w) for w in m.key.split())


def group_mentions(mentions: Sequence[Mention], table: AliasTable, text: str) -> Groups:
    """Join mentions that name the same referent (rules 1-6 of the module docstring)."""
    g = Groups(mentions)
    n = len(mentions)
    # 1. same normalised spelling
    by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.key in by_key:
            g.union(by_key[m.key], i, "")
        else:
            by_key[m.key] = i
    # 2. same alias-table entry
    by_entry: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if m.entry is None:
            continue
        if m.entry in by_entry:
            first = mentions[by_entry[m.entry]]
            if first.key != m.key:
                g.union(
                    by_entry[m.entry],
                    i,
                    f"“{m.text}” and “{first.text}” are names of {table.entries[m.entry].name('en')} (alias table)",
                )
        else:
            by_entry[m.entry] = i
    # 3. same transliteration key
    by_loose: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.acronym or len(m.loose) < 4:
            continue
        j = by_loose.get(m.loose)
        if j is None:
            by_loose[m.loose] = i
        elif mentions[j].key != m.key:
            g.union(j, i, f"“{m.text}” is a transliteration of “{mentions[j].text}”")
    # 4. acronyms and their expansions
    _join_acronyms(g, mentions, text)
    # 5. partial names
    _join_partial_names(g, mentions)
    # 6. near-identical spellings
    seen_loose: set[str] = set()
    forms = []
    for i in range(n):
        m = mentions[i]
        if not m.acronym and len(m.loose) >= 5 and m.loose not in seen_loose:
            seen_loose.add(m.loose)
            forms.append((i, m))
    for x in range(len(forms)):
        i, a = forms[x]
        for y in range(x + 1, len(forms)):
            j, b = forms[y]
            if g.find(i) == g.find(j) or a.loose[0] != b.loose[0] or len(a.words) != len(b.words):
                continue
            if not _compatible(_group_label(g, i), _group_label(g, j), strict=True):
                continue
            if a.loose.startswith(b.loose) or b.loose.startswith(a.loose):
                continue  # an extension is another name: Niger / Nigeria, Guinea / Guinea-Bissau
            score = fuzz.ratio(a.loose, b.loose)
            limit = 90 if len(a.words) > 1 else 93 if _group_label(g, i) == "LOC" else 91
            distance = Levenshtein.distance(a.loose, b.loose)
            # only vowels differ ("Hezbollah" / "Hizbollah"): transliteration, when long enough
            vowels_only = (
                min(len(a.loose), len(b.loose)) >= 6 and distance <= 2 and _skeleton(a.loose) == _skeleton(b.loose)
            )
            if (score >= limit and distance <= 2) or vowels_only:
                g.union(i, j, f"“{b.text}” is a variant spelling of “{a.text}” (similarity {score:.0f})")
    return g


def _skeleton(key: str) -> str:
    return "".join(ch for ch in key if ch not in "aeiouy ")


def _group_label(g: Groups, i: int) -> str | None:
    counts = g.labels.get(g.find(i))
    return counts.most_common(1)[0][0] if counts else None


def _join_acronyms(g: Groups, mentions: Sequence[Mention], text: str) -> None:
    expansions: list[tuple[int, set[str]]] = []
    for i, m in enumerate(mentions):
        words = _expansion_words(m)
        if not m.acronym and len(words) >= 2:
            expansions.append((i, initials(words)))
    by_letters: dict[str, list[int]] = {}
    for j, variants in expansions:
        for v in variants:
            by_letters.setdefault(v, []).append(j)
    done_keys: set[str] = set()
    for i, m in enumerate(mentions):
        if not m.acronym:
            continue
        letters = compact_key(m.text)
        # "Hay’at Tahrir al-Sham (HTŞ, ...)": an acronym in brackets right after a name defines it
        defined = None
        before = text[max(0, m.start - 4) : m.start]
        if "(" in before and before.split("(")[-1].strip() == "" and i > 0:
            ex = mentions[i - 1]
            gap = text[ex.end : m.start]
            words = _expansion_words(ex)
            same_start = words[:1] and words[0][:1] == letters[:1]
            # an organisation's acronym may come from another language ("Parti de la justice et du
            # développement (AKP)"): accepted when nothing is known of it, never for a known one
            foreign = _group_label(g, i - 1) == "ORG" and m.entry is None and len(words) >= 3
            if gap.strip() == "(" and not ex.acronym and len(words) >= 2 and (same_start or foreign):
                defined = i - 1
        if defined is not None and g.union(
            defined, i, f"“{m.text}” is defined as the acronym of “{mentions[defined].text}”"
        ):
            continue
        if m.key in done_keys:
            continue  # every spelling of one acronym is joined already (same key)
        done_keys.add(m.key)
        matches = by_letters.get(letters, [])
        roots = {g.find(j) for j in matches}
        if len(roots) == 1:
            j = matches[0]
            g.union(j, i, f"“{m.text}” is the acronym of “{mentions[j].text}”")


def _join_partial_names(g: Groups, mentions: Sequence[Mention]) -> None:
    """A shorter name that ends (or, for organisations, starts) a longer one names the same referent.

    Only when exactly one longer referent fits: with "Bachar al-Assad" and "Hafez al-Assad" in the
    text, "Assad" stays on its own. Organisations need two words in common, or one word when the
    rest of the longer name is generic ("Wagner" = "Wagner Group"; "Commission" = "European Commission").
    """
    # one mention per spelling: mentions with the same key are joined already
    firsts: dict[str, int] = {}
    for i, m in enumerate(mentions):
        firsts.setdefault(m.key, i)
    unique = sorted(firsts.values())
    # longer names indexed by their first and last word: only those can start or end with m
    by_edge: dict[str, list[int]] = {}
    for j in unique:
        words = mentions[j].words
        if len(words) >= 2:
            by_edge.setdefault(words[0], []).append(j)
            if words[-1] != words[0]:
                by_edge.setdefault(words[-1], []).append(j)
    for i in unique:
        m = mentions[i]
        if m.acronym or not m.words or all(w in PARTICLES for w in m.words) or len(m.words[-1]) < 2:
            continue
        k = len(m.words)
        targets: dict[int, int] = {}
        pool = dict.fromkeys([*by_edge.get(m.words[0], ()), *by_edge.get(m.words[-1], ())])
        for j in pool:
            other = mentions[j]
            if len(other.words) <= k:
                continue
            suffix = other.words[-k:] == m.words
            prefix = other.words[:k] == m.words
            if not (suffix or prefix):
                continue
            label = _group_label(g, j)
            rest = other.plain[:-k] if suffix else other.plain[k:]
            generic = all(w in GENERIC_ORG_WORDS or w in PARTICLES for w in rest)
            if label == "PER":
                ok = suffix or (prefix and k == 1)  # "Zelensky", and "Xi" for "Xi Jinping"
            elif label == "ORG":
                # a place at the end of an organisation's name is not the organisation:
                # "France" / "Collège de France", "Barcelona" / "Hotel Sofia Barcelona"
                one_word_ok = len(m.words[0]) >= 4 and m.label != "LOC"
                ok = generic or (suffix and (k >= 2 or one_word_ok))
            elif label in ("MISC", None):
                ok = suffix and k >= 2
            else:
                ok = False
            if ok:
                targets.setdefault(g.find(j), j)
            elif suffix and label != "LOC":
                targets.setdefault(g.find(j), -1)  # a competitor: "Assad" could be this one too
        if len(targets) == 1:
            j = next(iter(targets.values()))
            # a surname spaCy tagged as a place ("Kadyrow" LOC) still joins its person
            person = _group_label(g, j) == "PER" and m.entry is None
            if j >= 0 and (_compatible(_group_label(g, j), m.label) or person):
                g.union(j, i, f"“{m.text}” is short for “{mentions[j].text}”")
