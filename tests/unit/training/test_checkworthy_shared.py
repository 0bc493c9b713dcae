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
