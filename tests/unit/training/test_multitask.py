import json
from pathlib import Path

import numpy as np
import pytest

mt = pytest.importorskip("claimscope.training.multitask", reason="needs torch (make install-train)")

MODEL = Path(mt.SEMEVAL_DIR)


def test_multitask_recover_reproduces_the_exported_torch_scores() -> None:
    import torch

    from claimscope.encoder._e5file import read_e5_file
    from claimscope.encoder.tokenizer import load_tokenizer
    from claimscope.training.export import _Export

    refs = json.loads((MODEL / "reference.json").read_text(encoding="utf-8"))
    model = mt.recover().eval()
    tok, e5 = load_tokenizer(), read_e5_file()
    worst = 0.0
    for ref in refs:
        enc = tok.encode(ref["text"])
        words = torch.from_numpy(e5.word_rows(enc.ids))[None]
        with torch.no_grad():
            probs = _Export(model)(words, torch.ones(1, len(enc.ids)))[0][0].numpy()
        worst = max(worst, float(np.abs(probs - np.asarray(ref["probs"])).max()))
    # int8 weights dequantised: within quantisation error of the torch model the graph came from
    assert worst < 0.02


def test_multitask_sentence_examples_pool_own_tokens_and_skip_held_out_context() -> None:
    from claimscope.encoder.tokenizer import load_tokenizer

    tok = load_tokenizer()
    texts = ["Taxes rose by 4% last year.", "I think so.", "We will win.", "Unemployment fell."]
    ids = np.array([1, 2, 3, 4])
    labels = np.array([1, 0, 0, 1])
    out = mt.sentence_examples(texts, labels, ids, np.array([0, 1, 3]), tok, windows=1.0, seed=0)
    alone, windowed = out[:3], out[3:]
    assert [s.row for s in alone] == [0, 1, 3]
    for s in alone:  # <s> and </s> are left out, as in the runtime's states
        assert s.pool[0] == 0 and s.pool[-1] == 0 and s.pool[1:-1].all()
    # row 2 is not in the rows: it is not used as context either, so 0-1 form one window, 3 is alone
    assert sorted(s.row for s in windowed) == [0, 1]
    first = next(s for s in windowed if s.row == 0)
    n0 = len(tok.encode(texts[0]).ids) - 2
    assert int(first.pool.sum()) == n0 and len(first.ids) > n0 + 2


def test_multitask_holdout_rows_are_whole_id_blocks() -> None:
    rng = np.random.default_rng(3)
    ids = np.sort(rng.integers(0, 20000, 2000))
    y = (rng.random(2000) < 0.25).astype(np.int64)
    held = mt.holdout_rows(y, ids, 0)
    rest = np.setdiff1d(np.arange(2000), held)
    assert 0 < len(held) < 2000
    assert not set(ids[held] // 1000) & set(ids[rest] // 1000)
