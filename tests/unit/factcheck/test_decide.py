"""The match decision: its absolute pair features, the flags it gives and its model file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimscope.errors import FactCheckError
from claimscope.factcheck.decide import MatchDecider, MatchModel, decide, read_match_model
from claimscope.factcheck.features import Candidate, pair_features
from claimscope.factcheck.match_features import CROSS_MATCH_FEATURES, MATCH_FEATURES, content_stems, match_features


def _features(query: str, claims: list[str], scores: list[float]) -> dict[str, np.ndarray]:
    cands = [Candidate(c, "", 5.0 - i, i, 0.9 - 0.1 * i, i) for i, c in enumerate(claims)]
    matrix = pair_features(query, None, cands)
    x = match_features(query, cands, matrix, np.asarray(scores), list(range(len(claims))))
    return {name: x[:, j] for j, name in enumerate(MATCH_FEATURES)}


def test_decide_match_features_tell_the_same_claim_from_another_about_the_same_person() -> None:
    f = _features(
        "Nancy Pelosi says she will resign if Trump is re-elected in 2020",
        [
            "Nancy Pelosi announced she would resign if President Donald Trump were re-elected in 2020.",
            "Photographs showed Nancy Pelosi receiving her COVID-19 vaccination in 2021.",
        ],
        [0.9, 0.4],
    )
    assert f["content_r"][0] > 0.5 > f["content_r"][1]
    assert f["content_q"][0] > f["content_q"][1]
    assert f["name_r"][0] > 0.0 and f["name_r"][1] > 0.0  # the same person in both: names alone cannot tell
    assert f["year_conflict"].tolist() == [0.0, 1.0]
    assert f["num_agree"].tolist() == [1.0, 0.0]
    assert f["rank"][0] == 0.0 and f["rank"][1] > 0.0
    assert f["score_margin"][0] == pytest.approx(0.5) and f["score_gap"][1] == pytest.approx(0.5)


def test_decide_match_features_negation_names_and_length() -> None:
    f = _features(
        "Joe Biden did not ban fracking",
        ["Joe Biden banned fracking.", "Kamala Harris and Joe Biden did not ban fracking in Texas and Ohio."],
        [0.7, 0.6],
    )
    assert f["negation_mismatch"].tolist() == [1.0, 0.0]
    assert f["name_r_conflict"][0] == 0.0 and f["name_r_conflict"][1] > 0.0
    assert f["len_ratio"][0] > 0.0 > f["len_ratio"][1]
    assert content_stems("The banned videos were fracking", set()) == {"ban", "frack"}


def test_decide_flags_above_threshold_within_the_cap_best_first() -> None:
    p = np.asarray([0.7, 0.9, 0.2, 0.8])
    assert decide(p, 0.5, 5).tolist() == [True, True, False, True]
    assert decide(p, 0.5, 1).tolist() == [False, True, False, False]
    assert decide(p, 0.75, 2).tolist() == [False, True, False, True]
    assert decide(p, np.asarray([0.95, 0.95, 0.1, 0.95]), np.asarray([5, 5, 5, 5])).tolist() == [
        False,
        False,
        True,
        False,
    ]
    assert not decide(np.zeros(0), 0.5, 1).size


def test_decide_model_round_trips_and_a_bad_file_is_e656(tmp_path: Path) -> None:
    def model(features: tuple[str, ...]) -> MatchModel:
        n = len(features)
        return MatchModel(features, np.zeros(n), np.ones(n), np.arange(n, dtype=np.float32) / n, -0.5, 0.6, 2)

    path = tmp_path / "matcher.json"
    MatchDecider(model(MATCH_FEATURES), model(CROSS_MATCH_FEATURES), {"encoder": "x"}).save(path)
    back = read_match_model(path)
    assert back.mono.features == MATCH_FEATURES and back.cross.max_matches == 2 and back.meta == {"encoder": "x"}
    x = np.ones((3, len(MATCH_FEATURES)), dtype=np.float32)
    expected = 1 / (1 + np.exp(-(np.arange(len(MATCH_FEATURES)).sum() / len(MATCH_FEATURES) - 0.5)))
    assert back.mono.probabilities(x) == pytest.approx([expected] * 3, rel=1e-5)
    path.write_text('{"mono": {"features": ["nope"]}}', encoding="utf-8")
    with pytest.raises(FactCheckError) as info:
        read_match_model(path)
    assert info.value.code == "E656"


def test_decide_fit_standardised_gives_the_requested_model_class() -> None:
    from claimscope.factcheck.rerank import LinearModel
    from claimscope.factcheck.training import fit_standardised

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(MATCH_FEATURES))).astype(np.float32)
    y = (x[:, 0] * 3 + rng.normal(scale=0.5, size=400) > 0).astype(int)
    model = fit_standardised(x, y, MATCH_FEATURES, model_cls=MatchModel, max_iter=3000)
    assert type(model) is MatchModel and model.max_matches == 1
    p = model.probabilities(x)
    assert p[y == 1].mean() > 0.8 and p[y == 0].mean() < 0.2
    assert MatchModel.from_dict(model.to_dict()).to_dict() == model.to_dict()
    assert type(fit_standardised(x[:, :3], y, ("bm25", "bm25_rel", "cos"), model_cls=LinearModel)) is LinearModel
