import numpy as np

from claimscope.training import checkworthy_shared as cs


def test_checkworthy_shared_context_windows_follow_debate_ids() -> None:
    ids = np.array([10, 11, 12, 13, 50, 51, 14], dtype=np.int64)
    windows = cs.context_windows(ids, [str(i) for i in ids], size=3)
    assert [[int(ids[k]) for k in w] for w in windows] == [[10, 11, 12], [13, 14], [50, 51]]


def test_checkworthy_shared_sentence_states_pick_overlapping_tokens() -> None:
    hidden = np.arange(5 * 384, dtype=np.float32).reshape(5, 384)
    offsets = np.array([[0, 3], [3, 7], [8, 12], [12, 13], [14, 20]])
    got = cs.sentence_states(hidden, offsets, 8, 13)
    assert np.array_equal(got, hidden[2:4])


def test_checkworthy_shared_parse_blend_weights() -> None:
    assert cs.parse_blend("a+b@0.3") == [("a", 0.7), ("b", 0.3)]
    assert cs.parse_blend("a+b+c") == [("a", 1 / 3), ("b", 1 / 3), ("c", 1 / 3)]
    assert cs.parse_blend("a") == [("a", 1.0)]


def test_checkworthy_shared_grouped_folds_keep_debates_apart() -> None:
    rng = np.random.default_rng(0)
    ids = np.sort(rng.integers(0, 12000, 600))
    y = (rng.random(600) < 0.3).astype(np.int64)
    groups = cs.groups_of(ids)
    folds = cs.grouped_folds(y, groups, 4, seed=1)
    assert sorted(np.concatenate([te for _, te in folds]).tolist()) == list(range(600))
    for tr, te in folds:
        assert not set(groups[tr]) & set(groups[te])


def test_checkworthy_shared_pool_features_stats_and_mean_max() -> None:
    states = [np.array([[1.0] * 384, [3.0] * 384], np.float16), np.zeros((0, 384), np.float16)]
    extra = np.array([[0.5, 1.0], [0.0, 0.0]], np.float32)
    mm = cs.pool_features({}, states, extra)
    assert mm.shape == (2, 770)
    assert np.allclose(mm[0, :384], 2.0) and np.allclose(mm[0, 384:768], 3.0)
    assert np.array_equal(mm[0, 768:], [0.5, 1.0]) and not mm[1].any()
    st = cs.pool_features({"pool": "stats"}, states, extra)
    assert st.shape == (2, 4 * 384 + 2)
    assert np.allclose(st[0, 768:1152], 1.0) and np.allclose(st[0, 1152:1536], 1.0)  # std, min


def test_checkworthy_shared_torch_mlp_learns_a_separable_rule() -> None:
    import pytest

    tt = pytest.importorskip("claimscope.training._checkworthy_torch", reason="needs torch (make install-train)")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 8)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    model = tt.train_mlp({"mlp": 16, "epochs": 20, "lr": 3e-3, "batch": 64}, x[:400], y[:400], seed=0)
    p = tt.predict_mlp(model, x[400:])
    assert p.shape == (200,) and p.dtype == np.float32
    assert float(((p >= 0.5) == y[400:]).mean()) > 0.9


def test_checkworthy_shared_layer_graph_exposes_an_earlier_layer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from claimscope.encoder.runtime import EncoderRuntime

    text = "The unemployment rate fell to 4 percent in 2019, the minister said."
    final = EncoderRuntime(cs.SEMEVAL_DIR / "encoder.onnx", max_length=64).run([text])[0]
    graph = cs.layer_graph(5, tmp_path / "l5.onnx")
    assert cs.layer_graph(5, graph) == graph  # built once
    early = EncoderRuntime(graph, max_length=64).run([text])[0]
    assert early.hidden.shape == final.hidden.shape
    assert not np.allclose(early.hidden, final.hidden, atol=1e-3)  # another layer's states
    np.testing.assert_array_equal(early.probs, final.probs)  # the techniques outputs are untouched


def test_checkworthy_shared_spacy_features_read_numbers_tense_and_person() -> None:
    x = cs.spacy_features(["Unemployment fell to 4 percent in 2019.", "I think we will win."])
    assert x.shape == (2, 21) and x.dtype == np.float32
    num, past, first, future = cs._SPACY_POS.index("NUM"), 10, 12, 14
    assert x[0, num] > 0 and x[1, num] == 0
    assert x[0, past] == 1 and x[1, past] == 0
    assert x[1, first] == 1 and x[0, first] == 0
    assert x[1, future] == 1 and x[0, future] == 0
