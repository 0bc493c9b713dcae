"""Train the fact-check re-ranker on CheckThat! 2022 Task 2A (English) and choose its thresholds.

    python -m claimscope.factcheck.training --data ../shared/data --cache out/factcheck-cache

1. index the 14,231 Snopes verified claims (BM25 + e5 vectors, cached in ``--cache``; e5 vectors
   of their headlines and descriptions too, for the match decision);
2. for every train, dev and dev-test tweet: the candidates of the index and their features;
3. 5-fold cross-validation on train + dev, grouped by tweet: MAP@5 of BM25 alone, e5 alone, the
   logistic regression over every feature (``mono``) and over the language-independent ones
   (``cross``), and a gradient-boosting model for comparison;
4. match thresholds from the out-of-fold probabilities: positives are tweets with their gold
   review in the index, negatives the same tweets with the gold review removed from it;
5. refit both regressions on train + dev, write ``models/factcheck/reranker.json``, and report
   dev-test (never used for a choice).

Needs scikit-learn (a main dependency); no torch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from claimscope.encoder.e5 import DIM
from claimscope.factcheck.decide import MATCH_FILE, MatchDecider
from claimscope.factcheck.features import CROSS_FEATURES, FEATURES, column_indices, pair_features
from claimscope.factcheck.index import INDEX_VERSION, IndexedReview, ReviewIndex, lexical_text
from claimscope.factcheck.rerank import MODEL_FILE, LinearModel, Reranker
from claimscope.factcheck.text import clean_query

M = TypeVar("M", bound=LinearModel)

TASK = "checkthat2022-t2a-en"
DEPTH = 30


# -- data ---------------------------------------------------------------------------------------


def read_vclaims(folder: Path) -> list[dict[str, str]]:
    with (folder / "vclaims.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_queries(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            qid, _, text = line.rstrip("\n").partition("\t")
            if qid:
                out[qid] = text
    return out


def read_qrels(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 3:
                out.setdefault(parts[0], set()).add(parts[2].strip())
    return out


SPLITS = {
    "train": ("CT2022-Task2A-EN-Train-Dev_Queries.tsv", "CT2022-Task2A-EN-Train_QRELs.tsv"),
    "dev": ("CT2022-Task2A-EN-Train-Dev_Queries.tsv", "CT2022-Task2A-EN-Dev_QRELs.tsv"),
    "dev-test": ("CT2022-Task2A-EN-Dev-Test_Queries.tsv", "CT2022-Task2A-EN-Dev-Test_QRELs.tsv"),
}


def read_split(folder: Path, split: str) -> list[tuple[str, str, set[str]]]:
    """(tweet id, tweet text, gold vclaim ids) of a split, in QRELs order."""
    queries_file, qrels_file = SPLITS[split]
    queries = read_queries(folder / queries_file)
    qrels = read_qrels(folder / qrels_file)
    return [(qid, queries[qid], gold) for qid, gold in qrels.items() if qid in queries]


# -- metrics ------------------------------------------------------------------------------------


def average_precision(ranked: Sequence[str], gold: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:k]):
        if item in gold:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(gold), k) if gold else 0.0


def ranking_metrics(rankings: Sequence[tuple[Sequence[str], set[str]]]) -> dict[str, float]:
    """MAP@1, MAP@5, recall@5 and MRR of (ranked ids, gold ids) pairs, as CheckThat! computes them."""
    if not rankings:
        return {"map@1": 0.0, "map@5": 0.0, "recall@5": 0.0, "mrr": 0.0}
    map1 = [average_precision(r, g, 1) for r, g in rankings]
    map5 = [average_precision(r, g, 5) for r, g in rankings]
    rec5 = [len(set(r[:5]) & g) / len(g) for r, g in rankings]
    mrr = [next((1.0 / (i + 1) for i, x in enumerate(r) if x in g), 0.0) for r, g in rankings]
    return {k: float(np.mean(v)) for k, v in (("map@1", map1), ("map@5", map5), ("recall@5", rec5), ("mrr", mrr))}


def match_metrics(predicted: Sequence[tuple[set[str], set[str]]]) -> dict[str, float]:
    """Pair precision and recall: (reviews flagged as matches, gold reviews in the store) per query."""
    flagged = sum(len(p) for p, _ in predicted)
    correct = sum(len(p & g) for p, g in predicted)
    gold = sum(len(g) for _, g in predicted)
    precision = correct / flagged if flagged else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "flagged": float(flagged), "gold": float(gold)}


# -- features -----------------------------------------------------------------------------------


@dataclass
class QueryRows:
    qid: str
    gold: set[str]
    ids: list[str]  # candidate vclaim ids
    features: np.ndarray
    labels: np.ndarray
    text: str = ""  # the cleaned query
    vector: np.ndarray | None = None  # its e5 query vector


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    return encoder_fingerprint()


PROBE = "query: Le président a annoncé 3 milliards d'euros pour les hôpitaux le 4 mai 2021."


def encoder_fingerprint() -> str:
    """What identifies the e5 encoder in cache keys: ``ENCODER_ID`` if the module has one, plus a hash
    of a probe sentence's embedding rounded to 3 decimals (so a changed engine never reuses vectors)."""
    from claimscope.encoder import e5

    vector = np.round(np.asarray(e5.embed_queries([PROBE]), dtype=np.float64).reshape(-1), 3) + 0.0
    digest = hashlib.sha256(vector.tobytes()).hexdigest()[:10]
    name = str(getattr(e5, "ENCODER_ID", "e5"))
    return f"{re.sub(r'[^A-Za-z0-9._-]+', '_', name)[:40]}-{digest}"


def _cached_embeddings(texts: list[str], *, kind: str, cache: Path | None) -> np.ndarray:
    from claimscope.encoder.e5 import embed_passages, embed_queries

    digest = hashlib.sha256(("\n".join(texts) + kind + _fingerprint()).encode("utf-8")).hexdigest()[:16]
    path = cache / f"e5-{kind}-{digest}.npy" if cache else None
    if path is not None and path.is_file():
        return np.load(path)
    vectors = (embed_queries if kind == "query" else embed_passages)(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def field_vectors(vclaims: Sequence[dict[str, str]], *, cache: Path | None) -> dict[str, np.ndarray]:
    """e5 passage vectors of each verified claim's headline (``title``) and description
    (``subtitle``), as the store keeps them (``factcheck_field_vectors``); zeros where a field is empty."""
    out: dict[str, np.ndarray] = {}
    for name, key in (("title", "title"), ("description", "subtitle")):
        texts = [(v.get(key) or "").strip() for v in vclaims]
        present = [i for i, t in enumerate(texts) if t]
        matrix = np.zeros((len(texts), DIM), dtype=np.float32)
        if present:
            matrix[present] = _cached_embeddings([texts[i] for i in present], kind="passage", cache=cache)
        out[name] = matrix
    return out


class FieldE5:
    """e5 cosines of a query with the headlines and descriptions of verified claims (NaN: none)."""

    def __init__(self, vclaims: Sequence[dict[str, str]], *, cache: Path | None) -> None:
        self.row_of = {v["vclaim_id"]: i for i, v in enumerate(vclaims)}
        vectors = field_vectors(vclaims, cache=cache)
        self.title, self.description = vectors["title"], vectors["description"]

    def __call__(self, row: object, ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        q = np.asarray(row.vector, dtype=np.float32)  # type: ignore[attr-defined]
        rows = [self.row_of[i] for i in ids]
        return _cosines(self.title[rows], q), _cosines(self.description[rows], q)


def _cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``vectors @ query``, NaN for an all-zero row (an empty field)."""
    cos = (vectors @ query).astype(np.float64)
    cos[~vectors.any(axis=1)] = np.nan
    return cos


def build_vclaim_index(folder: Path, *, cache: Path | None) -> tuple[ReviewIndex, list[str]]:
    vclaims = read_vclaims(folder)
    reviews = [
        IndexedReview(i, v["vclaim"], v.get("title") or "", "en", {"claim_reviewed": v["vclaim"]})
        for i, v in enumerate(vclaims)
    ]
    vectors = _cached_embeddings([v["vclaim"] for v in vclaims], kind="passage", cache=cache)
    lexical = [lexical_text(v["vclaim"], v.get("title"), v.get("subtitle")) for v in vclaims]
    return ReviewIndex.build(reviews, vectors, lexical), [v["vclaim_id"] for v in vclaims]


def query_rows(
    index: ReviewIndex,
    ids: list[str],
    items: Sequence[tuple[str, str, set[str]]],
    vectors: np.ndarray,
    *,
    remove_gold: bool = False,
) -> list[QueryRows]:
    """Candidates and features per query; ``remove_gold`` hides the gold reviews from the index."""
    row_of = {vid: i for i, vid in enumerate(ids)}
    out = []
    for (qid, text, gold), vector in zip(items, vectors, strict=True):
        query = clean_query(text)
        exclude = [row_of[g] for g in gold if g in row_of] if remove_gold else []
        rows, cands = index.candidates(query, vector, depth=DEPTH, exclude=exclude)
        feats = pair_features(query.text, query.author, cands)
        cand_ids = [ids[int(r)] for r in rows]
        labels = np.asarray([c in gold for c in cand_ids], dtype=np.int64)
        out.append(QueryRows(qid, set() if remove_gold else gold, cand_ids, feats, labels, query.text, vector))
    return out


# -- models -------------------------------------------------------------------------------------


def fit_standardised(
    x: np.ndarray,
    y: np.ndarray,
    features: Sequence[str],
    *,
    c: float = 1.0,
    model_cls: type[M] = LinearModel,  # type: ignore[assignment]
    max_iter: int = 2000,
) -> M:
    """A logistic regression on standardised columns, as the shipped ``LinearModel`` (or subclass)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=c, max_iter=max_iter)
    model.fit((x - mean) / scale, y)
    return model_cls(tuple(features), mean, scale, model.coef_[0], float(model.intercept_[0]), 0.5)


def fit_linear(rows: Sequence[QueryRows], features: Sequence[str], *, c: float = 1.0) -> LinearModel:
    cols = column_indices(features)
    x = np.concatenate([r.features[:, cols] for r in rows])
    y = np.concatenate([r.labels for r in rows])
    return fit_standardised(x, y, features, c=c)


def rank_with(rows: Sequence[QueryRows], scores: Sequence[np.ndarray]) -> list[tuple[list[str], set[str]]]:
    out = []
    for r, s in zip(rows, scores, strict=True):
        order = np.argsort(-s, kind="stable")
        out.append(([r.ids[i] for i in order], r.gold))
    return out


def choose_threshold(
    positives: Sequence[tuple[QueryRows, np.ndarray]], negatives: Sequence[tuple[QueryRows, np.ndarray]]
) -> tuple[float, dict[str, float]]:
    """The threshold with the best pair F1 over the top 5 of positive and negative queries."""
    best = (0.5, {"f1": -1.0})
    for t in np.arange(0.05, 0.96, 0.01):
        m = match_metrics(_flagged(positives, t) + _flagged(negatives, t))
        if m["f1"] > best[1]["f1"]:
            best = (float(round(t, 2)), m)
    return best


def _flagged(items: Sequence[tuple[QueryRows, np.ndarray]], t: float) -> list[tuple[set[str], set[str]]]:
    out = []
    for r, s in items:
        order = np.argsort(-s, kind="stable")[:5]
        out.append(({r.ids[i] for i in order if s[i] >= t}, r.gold))
    return out


def cross_validate(
    rows: list[QueryRows], neg_rows: list[QueryRows], *, folds: int = 5, seed: int = 13
) -> dict[str, object]:
    """Grouped (by tweet) k-fold: MAP@5 per route and fold, and out-of-fold probabilities."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(rows))
    fold_of = np.empty(len(rows), dtype=np.int64)
    fold_of[order] = np.arange(len(rows)) % folds
    routes = {"bm25": [], "e5": [], "mono": [], "cross": [], "hgb": []}  # type: dict[str, list[float]]
    oof_mono: list[np.ndarray] = [np.zeros(0)] * len(rows)
    oof_cross: list[np.ndarray] = [np.zeros(0)] * len(rows)
    oof_neg_mono: list[np.ndarray] = [np.zeros(0)] * len(rows)
    oof_neg_cross: list[np.ndarray] = [np.zeros(0)] * len(rows)
    bm25_col, cos_col = FEATURES.index("bm25"), FEATURES.index("cos")
    for k in range(folds):
        train = [rows[i] for i in range(len(rows)) if fold_of[i] != k]
        test_idx = [i for i in range(len(rows)) if fold_of[i] == k]
        test = [rows[i] for i in test_idx]
        mono = fit_linear(train, FEATURES)
        cross = fit_linear(train, CROSS_FEATURES)
        hgb = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, random_state=seed)
        hgb.fit(np.concatenate([r.features for r in train]), np.concatenate([r.labels for r in train]))
        for name, scores in (
            ("bm25", [r.features[:, bm25_col] for r in test]),
            ("e5", [r.features[:, cos_col] for r in test]),
            ("mono", [mono.probabilities(r.features) for r in test]),
            ("cross", [cross.probabilities(r.features) for r in test]),
            ("hgb", [hgb.predict_proba(r.features)[:, 1] for r in test]),
        ):
            routes[name].append(ranking_metrics(rank_with(test, scores))["map@5"])
        for i in test_idx:
            oof_mono[i] = mono.probabilities(rows[i].features)
            oof_cross[i] = cross.probabilities(rows[i].features)
            oof_neg_mono[i] = mono.probabilities(neg_rows[i].features)
            oof_neg_cross[i] = cross.probabilities(neg_rows[i].features)
    return {
        "map5": {name: (float(np.mean(v)), float(np.std(v)), [round(x, 4) for x in v]) for name, v in routes.items()},
        "oof": (oof_mono, oof_cross, oof_neg_mono, oof_neg_cross),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache", type=Path, default=Path("out/factcheck-cache"), help="embedding cache folder")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--match-out", type=Path, default=MATCH_FILE)
    parser.add_argument("--compare", action="store_true", help="also cross-validate gradient boosting (slower)")
    parser.add_argument(
        "--cross-encoder",
        type=Path,
        default=None,
        help="work folder of `python -m claimscope.training.cross_encoder` (oof.pkl, test.pkl): the mono match model "
        "reads the cross-encoder's logits",
    )
    args = parser.parse_args(argv)
    folder = args.data / TASK
    index, ids = build_vclaim_index(folder, cache=args.cache)
    splits = {s: read_split(folder, s) for s in SPLITS}
    rows: dict[str, list[QueryRows]] = {}
    neg: dict[str, list[QueryRows]] = {}
    key = hashlib.sha256(
        repr((FEATURES, DEPTH, INDEX_VERSION, sorted(splits), _fingerprint(), "rows-3")).encode()
    ).hexdigest()[:12]
    rows_cache = args.cache / f"rows-{key}.pkl" if args.cache else None
    if rows_cache is not None and rows_cache.is_file():
        with rows_cache.open("rb") as f:
            rows, neg = pickle.load(f)  # our own cache file, written below
    else:
        for split, items in splits.items():
            vectors = _cached_embeddings([clean_query(t).text for _, t, _ in items], kind="query", cache=args.cache)
            rows[split] = query_rows(index, ids, items, vectors)
            neg[split] = query_rows(index, ids, items, vectors, remove_gold=True)
        if rows_cache is not None:
            with rows_cache.open("wb") as f:
                pickle.dump((rows, neg), f)
    for split, items in splits.items():
        in_pool = np.mean([r.labels.any() for r in rows[split]])
        print(f"{split}: {len(items)} tweets, gold among the candidates for {in_pool:.3f}", flush=True)
    pool = rows["train"] + rows["dev"]
    neg_pool = neg["train"] + neg["dev"]
    cv = cross_validate(pool, neg_pool)
    for name, (mean, std, per_fold) in cv["map5"].items():  # type: ignore[attr-defined]
        print(f"CV MAP@5 {name:6} {mean:.4f} ± {std:.4f}  {per_fold}", flush=True)
    oof_mono, oof_cross, oof_neg_mono, oof_neg_cross = cv["oof"]  # type: ignore[misc]
    t_mono, m_mono = choose_threshold(
        list(zip(pool, oof_mono, strict=True)), list(zip(neg_pool, oof_neg_mono, strict=True))
    )
    t_cross, m_cross = choose_threshold(
        list(zip(pool, oof_cross, strict=True)), list(zip(neg_pool, oof_neg_cross, strict=True))
    )
    print(f"threshold mono {t_mono:.2f} (OOF P {m_mono['precision']:.3f} R {m_mono['recall']:.3f})")
    print(f"threshold cross {t_cross:.2f} (OOF P {m_cross['precision']:.3f} R {m_cross['recall']:.3f})")
    mono = fit_linear(pool, FEATURES)
    cross = fit_linear(pool, CROSS_FEATURES)
    mono = LinearModel(mono.features, mono.mean, mono.scale, mono.coef, mono.intercept, t_mono)
    cross = LinearModel(cross.features, cross.mean, cross.scale, cross.coef, cross.intercept, t_cross)
    test = rows["dev-test"]
    test_metrics = {
        name: ranking_metrics(rank_with(test, [model.probabilities(r.features) for r in test]))
        for name, model in (("mono", mono), ("cross", cross))
    }
    dev_test_match = match_metrics(
        _flagged([(r, mono.probabilities(r.features)) for r in test], t_mono)
        + _flagged([(r, mono.probabilities(r.features)) for r in neg["dev-test"]], t_mono)
    )
    meta = {
        "data": f"CLEF CheckThat! 2022 Task 2A English ({TASK}): train + dev tweets and QRELs",
        "candidates": f"union of the BM25 and e5 top {DEPTH}",
        "cv_map5": {name: [round(m, 4), round(s, 4)] for name, (m, s, _) in cv["map5"].items()},  # type: ignore[attr-defined]
        "oof_match": {
            "mono": {k: round(v, 4) for k, v in m_mono.items()},
            "cross": {k: round(v, 4) for k, v in m_cross.items()},
        },
        "dev_test": {name: {k: round(v, 4) for k, v in m.items()} for name, m in test_metrics.items()},
        "dev_test_match": {k: round(v, 4) for k, v in dev_test_match.items()},
    }
    meta["encoder"] = _fingerprint()
    for name, m in test_metrics.items():
        print(f"dev-test {name}: " + "  ".join(f"{k} {v:.4f}" for k, v in m.items()))
    print(
        "dev-test match (re-ranker threshold, before): " + "  ".join(f"{k} {v:.4f}" for k, v in dev_test_match.items())
    )
    Reranker(mono, cross, meta).save(args.out)
    print(f"wrote {args.out}")
    decider = train_match_decision(
        folder,
        pool,
        neg_pool,
        cv["oof"],
        rows["dev-test"],
        neg["dev-test"],
        mono,
        cross,
        compare=args.compare,
        cache=args.cache,
        cross_encoder=args.cross_encoder,
    )
    decider.save(args.match_out)
    print(f"wrote {args.match_out}")


def _logit_table(path: Path) -> Callable[[int, Sequence[str]], np.ndarray]:
    """(tweet index, review ids) -> the cross-encoder logits of a ``training.cross_encoder`` file."""
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `python -m claimscope.training.cross_encoder oof|final` first")
    table = pickle.loads(path.read_bytes())  # our own training output

    def logits(group: int, ids: Sequence[str]) -> np.ndarray:
        return np.asarray([table[(group, v)] for v in ids], dtype=np.float64)

    return logits


def _fmt(summary: dict[str, tuple[float, float]]) -> str:
    return "  ".join(f"{k[0].upper()} {m:.3f} ± {s:.3f}" for k, (m, s) in summary.items())


def train_match_decision(
    folder: Path,
    pool: list[QueryRows],
    neg_pool: list[QueryRows],
    oof: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], list[np.ndarray]],
    test: list[QueryRows],
    neg_test: list[QueryRows],
    mono: LinearModel,
    cross: LinearModel,
    *,
    compare: bool = False,
    cache: Path | None = None,
    cross_encoder: Path | None = None,
) -> MatchDecider:
    """The match decision (``match_training``): repeated grouped CV, then the final fit and dev-test.

    ``cross_encoder``: the work folder of ``python -m claimscope.training.cross_encoder`` (its
    out-of-fold logits of the train + dev pairs, ``oof.pkl``, and the final model's logits of the
    dev-test pairs, ``test.pkl``): the mono model then reads the ``ce`` columns too.
    """
    from claimscope.factcheck import match_training as mt
    from claimscope.factcheck.match_features import UseSimilarity

    vclaims = read_vclaims(folder)
    texts = {v["vclaim_id"]: (v["vclaim"], v.get("title") or "") for v in vclaims}
    use = UseSimilarity()  # the matcher's second encoder, as at inference
    fields = FieldE5(vclaims, cache=cache)
    oof_mono, oof_cross, oof_neg_mono, oof_neg_cross = oof
    groups = list(range(len(pool))) * 2
    both = pool + neg_pool
    ce_pool = ce_test = None
    if cross_encoder is not None:
        ce_pool, ce_test = (_logit_table(cross_encoder / name) for name in ("oof.pkl", "test.pkl"))
    mono_q = mt.match_queries(both, list(oof_mono) + list(oof_neg_mono), texts, groups, use, fields, ce_pool)
    cross_q = mt.match_queries(both, list(oof_cross) + list(oof_neg_cross), texts, groups, use, fields)
    floor = {"floor": mt.PRECISION_FLOOR}
    mono_features = mt.MONO_CE if ce_pool is not None else mt.MONO
    results: dict[str, dict[str, object]] = {}
    routes: list[tuple[str, list[mt.QueryMatch], object, dict[str, object]]] = [
        ("mono before (re-ranker score)", mono_q, None, {"score_column": mt.SCORE, "caps": (5,)}),
        ("mono USE claim, best F1", mono_q, mt.linear_fitter(mt.MONO_NO_FIELDS, c=0.3), {}),
        ("mono USE claim, P floor (shipped before)", mono_q, mt.linear_fitter(mt.MONO_NO_FIELDS, c=0.3), floor),
        ("mono + headline/description, best F1", mono_q, mt.linear_fitter(mt.MONO, c=0.05), {}),
        *((f"mono after C={c}", mono_q, mt.linear_fitter(mono_features, c=c), floor) for c in mt.C_GRID),
        ("cross before (re-ranker score)", cross_q, None, {"score_column": mt.SCORE, "caps": (5,)}),
        ("cross USE claim, best F1", cross_q, mt.linear_fitter(mt.CROSS_NO_FIELDS, c=1.0), {}),
        ("cross USE claim, P floor (shipped before)", cross_q, mt.linear_fitter(mt.CROSS_NO_FIELDS, c=1.0), floor),
        ("cross + headline/description, best F1", cross_q, mt.linear_fitter(mt.CROSS, c=0.3), {}),
        *((f"cross after C={c}", cross_q, mt.linear_fitter(mt.CROSS, c=c), floor) for c in mt.C_GRID),
    ]
    if ce_pool is not None:
        routes.insert(4, ("mono, no cross-encoder (shipped before)", mono_q, mt.linear_fitter(mt.MONO, c=1.0), floor))
    if compare:
        routes.append(("mono gradient boosting", mono_q, mt.hgb_fitter(mt.MONO), {"repeats": 1, **floor}))
    for name, queries, fitter, options in routes:
        r = mt.repeated_cv(queries, fitter, **options)  # type: ignore[arg-type]
        results[name] = r
        pooled = r["pooled"]
        print(
            f"match CV {name:40} held-out {_fmt(r['held_out'])}  "  # type: ignore[arg-type]
            f"pooled t {r['threshold']:.2f} cap {r['cap']}: P {pooled['precision']:.3f} R {pooled['recall']:.3f}"  # type: ignore[index]
            + (f"  calibration {r['calibration']}" if r["calibration"] else ""),
            flush=True,
        )

    def best_c(kind: str) -> float:  # the regularisation with the best held-out recall at the floor (then F1)
        def key(c: float) -> tuple[float, float]:
            held = results[f"{kind} after C={c}"]["held_out"]
            return (round(held["recall"][0], 3), held["f1"][0])  # type: ignore[index]

        return max(mt.C_GRID, key=key)

    c_mono, c_cross = best_c("mono"), best_c("cross")
    print(f"match model regularisation: mono C={c_mono}, cross C={c_cross}", flush=True)
    mono_after, cross_after = results[f"mono after C={c_mono}"], results[f"cross after C={c_cross}"]
    results["mono after (match model)"], results["cross after (match model)"] = mono_after, cross_after
    m_model = mt.linear_fitter(mono_features, c=c_mono)(mono_q)
    c_model = mt.linear_fitter(mt.CROSS, c=c_cross)(cross_q)
    m_model = replace(m_model, threshold=float(mono_after["threshold"]), max_matches=int(mono_after["cap"]))  # type: ignore[arg-type]
    c_model = replace(c_model, threshold=float(cross_after["threshold"]), max_matches=int(cross_after["cap"]))  # type: ignore[arg-type]
    test_groups = list(range(len(test))) * 2
    test_both = test + neg_test
    dev_test: dict[str, dict[str, float]] = {}
    for name, ranker, model in (("mono", mono, m_model), ("cross", cross, c_model)):
        queries = mt.match_queries(
            test_both,
            [ranker.probabilities(r.features) for r in test_both],
            texts,
            test_groups,
            use,
            fields,
            ce_test if name == "mono" else None,
        )
        probs = [model.probabilities(q.x) for q in queries]
        dev_test[name] = mt.pair_metrics(queries, probs, model.threshold, model.max_matches)
        before = mt.pair_metrics(queries, [q.x[:, mt.SCORE] for q in queries], ranker.threshold, 5)
        dev_test[f"{name} before"] = before
        print(
            f"dev-test match {name}: after P {dev_test[name]['precision']:.4f} R {dev_test[name]['recall']:.4f}"
            f"  (before P {before['precision']:.4f} R {before['recall']:.4f})",
            flush=True,
        )
    meta = {
        "data": f"CLEF CheckThat! 2022 Task 2A English ({TASK}): train + dev tweets, top {mt.TOP_K} of the re-ranker, "
        "with and without the gold review in the store",
        "encoder": _fingerprint(),
        "cross_encoder": None if cross_encoder is None else "models/factcheck/cross_encoder.onnx (mono only)",
        "regularisation": {"mono": c_mono, "cross": c_cross},
        "operating_point": f"most recall at out-of-fold precision >= {mt.PRECISION_FLOOR}",
        "cv": {
            name: {
                "held_out": {k: [round(m, 4), round(s, 4)] for k, (m, s) in r["held_out"].items()},  # type: ignore[attr-defined]
                "threshold": r["threshold"],
                "cap": r["cap"],
                "pooled": {k: round(v, 4) for k, v in r["pooled"].items()},  # type: ignore[attr-defined]
                "calibration": {k: round(v, 4) for k, v in r["calibration"].items()},  # type: ignore[attr-defined]
            }
            for name, r in results.items()
        },
        "dev_test": {name: {k: round(v, 4) for k, v in m.items()} for name, m in dev_test.items()},
    }
    return MatchDecider(m_model, c_model, meta)


if __name__ == "__main__":
    main()
