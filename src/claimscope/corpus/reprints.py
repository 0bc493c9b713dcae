"""Reprint clusters: articles in the store that carry the same text, and who published it first.

Steps of :func:`find_reprints`:

1. Load every article's fingerprints (``claimscope.store.fingerprint``): a 128-value MinHash of
   5-word shingles of the extracted ``text`` (site furniture is never in it), and one
   multilingual-e5 vector per paragraph.
2. Candidates, never all pairs: (a) datasketch ``MinHashLSH`` buckets over the MinHashes, at a low
   Jaccard threshold so that excerpts (high containment, low Jaccard) still meet their source;
   (b) the ``neighbours`` nearest paragraphs of every paragraph in a faiss index (inner product on
   L2-normalised vectors). Pairs already joined by earlier matches are not checked again, so a
   text copied on a thousand sites costs a thousand checks, not half a million.
3. Each candidate pair is checked. Same text: the estimated containment of the shorter shingle set
   in the longer is at least ``min_containment``. Translation (the two languages differ):
   at least ``min_aligned`` paragraphs are mutual best matches with cosine at least
   ``paragraph_similarity`` *in the same order* (longest increasing run), covering at least
   ``min_coverage`` of the shorter article. One similar topic sentence does not make a match,
   which is what keeps two articles about the same event apart.
4. Matches are joined into clusters (union-find). The origin is the earliest published member;
   among members tied on the day or undated, the one that contains most others (then dated,
   then longer, then first stored). Every other member gets a role from its comparison with
   the origin: ``translation`` (other language), ``reprint`` (Jaccard >= ``reprint_jaccard``),
   ``partial`` (at most ``partial_ratio`` of the origin's shingles, contained in it) or
   ``edited``.

Why faiss (``faiss-cpu``): it is maintained by Meta and used widely, ships CPU wheels, and offers
both an exact flat index (small corpora) and HNSW graphs with 8-bit scalar-quantised vectors for
large ones: a million articles x 5 paragraphs x 384 dims is 1.9 GB as SQ8 plus the graph, within a
laptop's memory, with sub-linear search; IVF-PQ is there if memory must shrink further. hnswlib
has had no release since 2023; usearch is a good alternative but is younger and less widely used.

Cost: LSH insertion and lookup are linear in the number of articles (fixed bands); the ANN search is
about N log N; the checks are linear in the number of candidate pairs, which a bounded number of
neighbours keeps linear in N. ``scripts/bench_corpus.py`` measures it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from claimscope.store import Store, StoredArticle
from claimscope.store.fingerprint import NUM_PERM, PERMUTATION, SEED, containment, jaccard

ROLES = ("origin", "reprint", "partial", "edited", "translation")
FORMATS = ("json", "csv", "graphml", "gexf")
_FLAT_LIMIT = 10_000  # below this many paragraph vectors an exact (quadratic) index is faster than HNSW
_SQ8_LIMIT = 2_000_000  # above this, 8-bit scalar quantisation keeps the index in memory
_MAX_CONTENDERS = 32  # origin candidates compared pairwise when dates do not decide


@dataclass(frozen=True)
class ReprintOptions:
    """Thresholds of reprint detection.

    ``lsh_threshold`` and ``min_containment`` are what ``claimscope eval reprints`` chose by grouped
    CV (0.2, 0.5). ``paragraph_similarity`` 0.87 and ``min_coverage`` 0.6 are what it chose by
    grouped CV across topics on the hand-written parallel set (tests/fixtures/reprints/
    translations.jsonl: 13 topics, each an original, its translation and a same-event article in
    the other language): the middle of the region where precision and recall are both 1.0
    (0.86-0.88 at coverage 0.6); at 0.89 a translation is lost, below 0.86 same-event articles
    merge. Same-topic SemEval pairs in two languages give no false match from 0.84 to 0.90.
    """

    lsh_threshold: float = 0.2
    min_containment: float = 0.5
    reprint_jaccard: float = 0.8
    partial_ratio: float = 0.75
    neighbours: int = 8
    paragraph_similarity: float = 0.87
    min_aligned: int = 3
    min_coverage: float = 0.6


@dataclass
class Corpus:
    """Fingerprints of a set of articles, held as arrays (index = position in ``ids``)."""

    ids: np.ndarray
    minhash: np.ndarray
    shingles: np.ndarray
    languages: list[str | None]
    published: list[str | None]
    vectors: np.ndarray  # (M, 384) float16, paragraphs of all articles in order
    owner: np.ndarray  # (M,) index of the article each vector belongs to
    offsets: np.ndarray  # (N + 1,) article i's vectors are vectors[offsets[i]:offsets[i + 1]]

    def __len__(self) -> int:
        return len(self.ids)

    def paragraphs(self, i: int) -> np.ndarray:
        return self.vectors[self.offsets[i] : self.offsets[i + 1]].astype(np.float32)


@dataclass(frozen=True)
class Evidence:
    """How two articles compare: lexical (MinHash) and, across languages, paragraph alignment."""

    jaccard: float
    containment: float
    aligned: int = 0
    coverage: float = 0.0
    kind: str = "text"  # "text" | "translation"

    @property
    def similarity(self) -> float:
        return round(self.coverage if self.kind == "translation" else self.jaccard, 4)


@dataclass
class Cluster:
    members: list[int]  # corpus indexes, origin first
    origin: int
    roles: dict[int, str] = field(default_factory=dict)
    similarity: dict[int, float] = field(default_factory=dict)


def load_corpus(store: Store) -> Corpus:
    """Every article's fingerprints from the store."""
    fps = list(store.iter_fingerprints())
    ids = np.array([f.article_id for f in fps], dtype=np.int64)
    position = {int(a): i for i, a in enumerate(ids)}
    summaries = store.summaries()
    minhash = np.stack([f.minhash for f in fps]) if fps else np.zeros((0, NUM_PERM), dtype=np.uint32)
    shingles = np.array([f.shingles for f in fps], dtype=np.int64)
    owners: list[int] = []
    chunks: list[np.ndarray] = []
    for article_id, _position, vector in store.iter_vectors():
        if article_id in position:
            owners.append(position[article_id])
            chunks.append(vector)
    return build_corpus(
        ids,
        minhash,
        shingles,
        languages=[summaries[int(a)].language for a in ids],
        published=[summaries[int(a)].published for a in ids],
        owner=np.array(owners, dtype=np.int64),
        vectors=np.stack(chunks) if chunks else np.zeros((0, 384), dtype=np.float16),
    )


def build_corpus(
    ids: np.ndarray,
    minhash: np.ndarray,
    shingles: np.ndarray,
    *,
    languages: Sequence[str | None],
    published: Sequence[str | None],
    owner: np.ndarray,
    vectors: np.ndarray,
) -> Corpus:
    """A Corpus from arrays; ``owner`` must be sorted (vectors grouped by article)."""
    counts = np.bincount(owner, minlength=len(ids)) if len(owner) else np.zeros(len(ids), dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Corpus(ids, minhash, shingles, list(languages), list(published), vectors, owner, offsets)


# -- candidates -----------------------------------------------------------------------------------


def lsh_candidates(corpus: Corpus, threshold: float) -> Iterable[tuple[int, int]]:
    """Pairs (i < j) that share a MinHash LSH bucket; each article is queried, then inserted."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i in range(len(corpus)):
        mh = LeanMinHash(seed=SEED, hashvalues=corpus.minhash[i], scheme=PERMUTATION)
        for j in lsh.query(mh):
            yield int(j), i
        lsh.insert(i, mh, check_duplication=False)


def build_index(vectors: np.ndarray) -> Any:
    """A faiss inner-product index over L2-normalised vectors: exact when small, HNSW when large."""
    import faiss

    dim = vectors.shape[1]
    if len(vectors) <= _FLAT_LIMIT:
        index = faiss.IndexFlatIP(dim)
    elif len(vectors) <= _SQ8_LIMIT:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
    else:
        index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors[: min(len(vectors), 200_000)].astype(np.float32))
        index.hnsw.efSearch = 64
    for start in range(0, len(vectors), 100_000):
        index.add(np.ascontiguousarray(vectors[start : start + 100_000], dtype=np.float32))
    return index


def ann_candidates(corpus: Corpus, *, neighbours: int, min_similarity: float) -> Iterable[tuple[int, int]]:
    """Article pairs (i < j) with a paragraph among each other's ``neighbours`` nearest paragraphs."""
    if len(corpus.vectors) == 0:
        return
    index = build_index(corpus.vectors)
    k = min(neighbours + 1, len(corpus.vectors))
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(corpus.vectors), 20_000):
        queries = np.ascontiguousarray(corpus.vectors[start : start + 20_000], dtype=np.float32)
        sims, hits = index.search(queries, k)
        rows = np.repeat(corpus.owner[start : start + len(queries)], k)
        hits, sims = hits.ravel(), sims.ravel()
        keep = (hits >= 0) & (sims >= min_similarity)
        a, b = rows[keep], corpus.owner[hits[keep]]
        differ = a != b
        lo, hi = np.minimum(a, b)[differ], np.maximum(a, b)[differ]
        for pair in set(zip(lo.tolist(), hi.tolist(), strict=True)):
            if pair not in seen:
                seen.add(pair)
                yield pair


# -- checks ---------------------------------------------------------------------------------------


def align(a: np.ndarray, b: np.ndarray, threshold: float) -> tuple[int, float]:
    """(paragraphs aligned in order, their mean cosine): mutual best matches >= threshold, longest increasing run."""
    if len(a) == 0 or len(b) == 0:
        return 0, 0.0
    sims = a @ b.T
    best_b = sims.argmax(axis=1)
    best_a = sims.argmax(axis=0)
    matches = [(int(j), float(sims[i, j])) for i, j in enumerate(best_b) if sims[i, j] >= threshold and best_a[j] == i]
    run = _longest_increasing(matches)
    return len(run), (sum(s for _, s in run) / len(run)) if run else 0.0


def _longest_increasing(matches: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The longest subsequence whose first items strictly increase (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(matches)
    for k, (value, _) in enumerate(matches):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[pos] = value
            tail_index[pos] = k
        previous[k] = tail_index[pos - 1] if pos else -1
    out: list[tuple[int, float]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        out.append(matches[k])
        k = previous[k]
    return out[::-1]


def _languages_differ(corpus: Corpus, i: int, j: int) -> bool:
    la, lb = corpus.languages[i], corpus.languages[j]
    return la is None or lb is None or la != lb


def compare(corpus: Corpus, i: int, j: int, options: ReprintOptions) -> Evidence:
    """Evidence for a pair, whether or not it is a match."""
    jac = jaccard(corpus.minhash[i], corpus.minhash[j])
    con = containment(jac, int(corpus.shingles[i]), int(corpus.shingles[j]))
    if con >= options.min_containment or not _languages_differ(corpus, i, j):
        return Evidence(jac, con)
    a, b = corpus.paragraphs(i), corpus.paragraphs(j)
    if len(a) == 0 or len(b) == 0:  # stored without embeddings: text evidence only
        return Evidence(jac, con)
    aligned, _mean = align(a, b, options.paragraph_similarity)
    shorter = min(len(a), len(b))
    coverage = aligned / shorter if shorter else 0.0
    return Evidence(jac, con, aligned, coverage, kind="translation")


def is_match(evidence: Evidence, corpus: Corpus, i: int, j: int, options: ReprintOptions) -> bool:
    """Same text (containment), or a translation (enough paragraphs aligned in order)."""
    if evidence.containment >= options.min_containment:
        return True
    if evidence.kind != "translation":
        return False
    shorter = min(corpus.offsets[i + 1] - corpus.offsets[i], corpus.offsets[j + 1] - corpus.offsets[j])
    need = min(options.min_aligned, int(shorter))
    return need >= 2 and evidence.aligned >= need and evidence.coverage >= options.min_coverage


# -- clusters -------------------------------------------------------------------------------------


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def match_pairs(corpus: Corpus, options: ReprintOptions) -> tuple[UnionFind, Counter[str]]:
    """Union-find of matched articles, and counts of candidates and checks (for the benchmark)."""
    groups = UnionFind(len(corpus))
    stats: Counter[str] = Counter()

    def check(pairs: Iterable[tuple[int, int]], source: str) -> None:
        for i, j in pairs:
            stats[f"{source} candidates"] += 1
            if groups.find(i) == groups.find(j):
                continue
            stats["checks"] += 1
            evidence = compare(corpus, i, j, options)
            if is_match(evidence, corpus, i, j, options):
                stats[f"{evidence.kind} matches"] += 1
                groups.union(i, j)

    check(lsh_candidates(corpus, options.lsh_threshold), "lsh")
    check(
        ann_candidates(corpus, neighbours=options.neighbours, min_similarity=options.paragraph_similarity),
        "ann",
    )
    return groups, stats


def _day(published: str | None) -> str | None:
    return published[:10] if published else None


def choose_origin(corpus: Corpus, members: Sequence[int], options: ReprintOptions) -> int:
    """The earliest published member; ties on the day and undated members by containment evidence."""
    days = {m: _day(corpus.published[m]) for m in members}
    dated = [d for d in days.values() if d]
    first = min(dated) if dated else None
    contenders = [m for m in members if days[m] is None or days[m] == first]
    if len(contenders) == 1:
        return contenders[0]
    if len(contenders) > _MAX_CONTENDERS:  # containment checks are pairwise: keep the longest texts
        contenders = sorted(contenders, key=lambda m: -int(corpus.shingles[m]))[:_MAX_CONTENDERS]
    others = members if len(members) <= 4 * _MAX_CONTENDERS else contenders

    def contains(c: int, m: int) -> bool:
        ev = compare(corpus, c, m, options)
        if ev.kind == "text":
            return ev.containment >= options.min_containment and corpus.shingles[c] >= corpus.shingles[m]
        nc = corpus.offsets[c + 1] - corpus.offsets[c]
        nm = corpus.offsets[m + 1] - corpus.offsets[m]
        return nc >= nm and nm > 0 and ev.aligned / nm >= options.min_coverage

    def key(c: int) -> tuple[int, int, int, int]:
        held = sum(1 for m in others if m != c and contains(c, m))
        return (held, 1 if days[c] else 0, int(corpus.shingles[c]), -int(corpus.ids[c]))

    return max(contenders, key=key)


def role_of(corpus: Corpus, origin: int, member: int, options: ReprintOptions) -> tuple[str, float]:
    """The member's role and its similarity to the origin (Jaccard, containment or aligned share)."""
    ev = compare(corpus, origin, member, options)
    if ev.kind == "translation":
        return "translation", ev.similarity
    if ev.jaccard >= options.reprint_jaccard:
        return "reprint", round(ev.jaccard, 4)
    if corpus.shingles[member] <= options.partial_ratio * corpus.shingles[origin] and (
        ev.containment >= options.min_containment
    ):
        return "partial", round(ev.containment, 4)
    return "edited", round(ev.jaccard, 4)


def cluster_corpus(corpus: Corpus, options: ReprintOptions | None = None) -> tuple[list[Cluster], Counter[str]]:
    """Clusters (two members or more) with origin and roles; the second value counts the work done."""
    options = options or ReprintOptions()
    groups, stats = match_pairs(corpus, options)
    clusters = clusters_from_groups(corpus, groups, options)
    stats["clusters"] = len(clusters)
    return clusters, stats


def clusters_from_groups(corpus: Corpus, groups: UnionFind, options: ReprintOptions) -> list[Cluster]:
    """Each connected group of two or more articles as a Cluster: origin first, then by date."""
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(corpus)):
        by_root[groups.find(i)].append(i)
    clusters: list[Cluster] = []
    for members in by_root.values():
        if len(members) < 2:
            continue
        origin = choose_origin(corpus, members, options)
        cluster = Cluster(members=[origin], origin=origin, roles={origin: "origin"}, similarity={origin: 1.0})
        rest = sorted((m for m in members if m != origin), key=lambda m: (_day(corpus.published[m]) or "9", m))
        for member in rest:
            role, sim = role_of(corpus, origin, member, options)
            cluster.members.append(member)
            cluster.roles[member] = role
            cluster.similarity[member] = sim
        clusters.append(cluster)
    clusters.sort(key=lambda c: (-len(c.members), _day(corpus.published[c.origin]) or "9", int(corpus.ids[c.origin])))
    return clusters


# -- reports --------------------------------------------------------------------------------------


def find_reprints(store: Store, options: ReprintOptions | None = None) -> dict[str, Any]:
    """The ``{"clusters": [...]}`` report for every article in the store."""
    corpus = load_corpus(store)
    clusters, _ = cluster_corpus(corpus, options)
    records = store.summaries(int(corpus.ids[m]) for c in clusters for m in c.members)
    return clusters_report(corpus, clusters, records)


def _input(record: StoredArticle) -> dict[str, Any]:
    return {"path": record.input.get("path"), "url": record.input.get("url")}


def clusters_report(
    corpus: Corpus, clusters: Sequence[Cluster], records: Mapping[int, StoredArticle]
) -> dict[str, Any]:
    out = []
    for number, cluster in enumerate(clusters, 1):
        members = []
        for m in cluster.members:
            record = records[int(corpus.ids[m])]
            members.append(
                {
                    "article": record.id,
                    "input": _input(record),
                    "title": record.title,
                    "published": record.published,
                    "site": record.site,
                    "language": record.language,
                    "role": cluster.roles[m],
                    "similarity": cluster.similarity[m],
                }
            )
        origin = records[int(corpus.ids[cluster.origin])]
        out.append({"id": f"r{number}", "members": members, "origin": {"article": origin.id, "input": _input(origin)}})
    return {"clusters": out}


def sites_report(report: Mapping[str, Any]) -> dict[str, Any]:
    """Domains whose articles other domains reprint: one row per (origin site, reprinting site)."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for cluster in report["clusters"]:
        origin = cluster["members"][0]
        for member in cluster["members"][1:]:
            source, target = origin["site"], member["site"]
            if not source or not target or source == target:
                continue
            edge = edges.setdefault(
                (source, target),
                {"site": source, "reprinted_by": target, "count": 0, "roles": Counter(), "first": None, "last": None},
            )
            edge["count"] += 1
            edge["roles"][member["role"]] += 1
            day = _day(member["published"])
            if day:
                edge["first"] = min(edge["first"] or day, day)
                edge["last"] = max(edge["last"] or day, day)
    rows = sorted(edges.values(), key=lambda e: (-e["count"], e["site"], e["reprinted_by"]))
    for row in rows:
        row["roles"] = dict(sorted(row["roles"].items()))
    mutual = {(r["site"], r["reprinted_by"]) for r in rows}
    for row in rows:
        row["mutual"] = (row["reprinted_by"], row["site"]) in mutual
    return {"sites": rows}


def render_clusters(report: Mapping[str, Any], fmt: str) -> str:
    """The clusters report as json, csv (one row per member), graphml or gexf (origin -> member edges)."""
    import json

    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(
            [
                "cluster",
                "article",
                "role",
                "similarity",
                "published",
                "site",
                "language",
                "title",
                "path",
                "url",
                "origin",
            ]
        )
        for cluster in report["clusters"]:
            for m in cluster["members"]:
                writer.writerow(
                    [
                        cluster["id"],
                        m["article"],
                        m["role"],
                        m["similarity"],
                        m["published"] or "",
                        m["site"] or "",
                        m["language"] or "",
                        m["title"] or "",
                        m["input"]["path"] or "",
                        m["input"]["url"] or "",
                        cluster["origin"]["article"],
                    ]
                )
        return buffer.getvalue()
    import networkx as nx

    graph = nx.DiGraph()
    for cluster in report["clusters"]:
        for m in cluster["members"]:
            graph.add_node(
                m["article"],
                label=m["title"] or str(m["article"]),
                cluster=cluster["id"],
                role=m["role"],
                site=m["site"] or "",
                published=m["published"] or "",
                language=m["language"] or "",
                url=m["input"]["url"] or "",
                path=m["input"]["path"] or "",
            )
        origin = cluster["origin"]["article"]
        for m in cluster["members"][1:]:
            graph.add_edge(origin, m["article"], role=m["role"], similarity=float(m["similarity"]))
    return _graph_text(graph, fmt)


def render_sites(report: Mapping[str, Any], fmt: str) -> str:
    """The sites report as json, csv, graphml or gexf (site -> reprinting site, weight = count)."""
    import json

    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["site", "reprinted_by", "count", "first", "last", "mutual", "roles"])
        for row in report["sites"]:
            roles = " ".join(f"{k}:{v}" for k, v in row["roles"].items())
            writer.writerow(
                [
                    row["site"],
                    row["reprinted_by"],
                    row["count"],
                    row["first"] or "",
                    row["last"] or "",
                    row["mutual"],
                    roles,
                ]
            )
        return buffer.getvalue()
    import networkx as nx

    graph = nx.DiGraph()
    for row in report["sites"]:
        graph.add_edge(
            row["site"],
            row["reprinted_by"],
            weight=int(row["count"]),
            first=row["first"] or "",
            last=row["last"] or "",
        )
    return _graph_text(graph, fmt)


def _graph_text(graph: Any, fmt: str) -> str:
    import networkx as nx

    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    return buffer.getvalue().decode("utf-8")
