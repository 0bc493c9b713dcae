import numpy as np

from claimscope.analyzers import _checkworthy as cw
from claimscope.training import checkworthy_select as sel


def test_checkworthy_select_logistic_is_the_runtime_head() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 795)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 800 - 10] > 0).astype(np.int64)
    arrays = sel.lr_arrays(x, y)
    head = cw.SharedHead("logreg", arrays, 0.5, {})
    states = [np.stack([x[i, :384], x[i, :384]]) for i in range(40)]  # mean = max = the first 384
    feats = np.hstack([cw.pool_mean_max(states), x[:, 768:]])
    assert np.allclose(sel.logistic(feats, arrays), head.predict_states(states, x[:, 768:]), atol=1e-5)


def test_checkworthy_select_choose_blends_when_the_lexical_part_helps() -> None:
    rng = np.random.default_rng(1)
    y = (rng.random(400) < 0.3).astype(np.int64)
    enc = np.clip(0.5 * y + rng.normal(0.25, 0.25, 400), 0, 1)
    lex = np.clip(0.5 * y + rng.normal(0.25, 0.25, 400), 0, 1)  # independent errors
    name, w, _th, f = sel.choose({"enc": enc}, lex, y)
    assert name == "enc" and w > 0
    alone = max(sel.best_threshold(y, enc)[1], 0.0)
    assert f > alone
    name, w, _, _ = sel.choose({"enc": enc}, rng.random(400), y)  # a useless lexical part stays out
    assert w <= 0.2
